//! The published site: pages, charts and data files, rendered in memory from the model.

use crate::build::Loaded;
use crate::export;
use crate::write::Files;

/// The stylesheet built into the program, used when the static folder has none.
pub const DEFAULT_CSS: &str = include_str!("../../static/style.css");

/// Renders every file of the site.
pub fn render(loaded: &Loaded, _base_url: Option<&str>) -> Files {
    let dataset = &loaded.dataset;
    let mut files = Files::new();
    files.insert(".nojekyll".into(), Vec::new());
    files.insert(
        "data/observations.csv".into(),
        export::observations_csv(dataset, dataset.cells.iter()),
    );
    for measure_group in dataset.measure_groups() {
        let cells = dataset
            .cells
            .iter()
            .filter(|(k, _)| k.measure_group == measure_group);
        files.insert(
            format!("data/{}.csv", measure_group.slug()),
            export::observations_csv(dataset, cells),
        );
        let json = serde_json::to_vec_pretty(&export::jsonstat(dataset, measure_group))
            .expect("JSON-stat serialises");
        files.insert(format!("data/{}.json", measure_group.slug()), json);
    }
    files
}
