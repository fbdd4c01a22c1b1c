use crate::dims::{Area, MainGroup, MeasureGroup, Month};
use crate::model::{Dataset, Key};

/// A key as the values are laid out: main group, area, month.
fn key(k: &Key) -> (MainGroup, &Area, Month) {
    (k.main_group, &k.area, k.month)
}
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A JSON-stat 2.0 dataset (<https://json-stat.org/format/>): one measure group, with the
/// dimensions main group × area × month.
#[derive(Debug, Serialize)]
pub struct JsonStat {
    version: &'static str,
    class: &'static str,
    label: String,
    source: &'static str,
    note: Vec<String>,
    id: [&'static str; 3],
    size: [usize; 3],
    role: Role,
    dimension: Dimensions,
    /// Row-major values, the month varying fastest; `null` where suppressed or absent.
    value: Vec<Option<u32>>,
    /// `*` at the index of every suppressed cell.
    status: BTreeMap<String, &'static str>,
    extension: Extension,
}

#[derive(Debug, Serialize)]
struct Role {
    time: [&'static str; 1],
    geo: [&'static str; 1],
}

#[derive(Debug, Serialize)]
struct Dimensions {
    hovedgruppe: Dimension,
    fylke: Dimension,
    maaned: Dimension,
}

#[derive(Debug, Serialize)]
struct Dimension {
    label: &'static str,
    category: Category,
}

#[derive(Debug, Serialize)]
struct Category {
    index: Vec<String>,
    label: BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
struct Extension {
    status: BTreeMap<&'static str, &'static str>,
}

const SUPPRESSED: &str = "Undertrykt: færre enn 4 deltakere (0–3). Verdien er oppgitt som null.";

fn category<T>(items: &[T], id: impl Fn(&T) -> String, label: impl Fn(&T) -> String) -> Category {
    Category {
        index: items.iter().map(&id).collect(),
        label: items.iter().map(|i| (id(i), label(i))).collect(),
    }
}

/// The identifier of an area in JSON-stat: the county number, or a slug for the others.
pub fn area_id(area: &Area) -> String {
    match area {
        Area::County(_) => area.code().to_string(),
        Area::Total => "i-alt".to_string(),
        other => other.slug(),
    }
}

/// Builds the JSON-stat dataset of one measure group from the merged series.
pub fn jsonstat(dataset: &Dataset, measure_group: MeasureGroup) -> JsonStat {
    let groups: Vec<MainGroup> = dataset.main_groups(measure_group);
    let areas: Vec<Area> = {
        let areas: BTreeSet<&Area> = dataset
            .cells_of(measure_group)
            .iter()
            .map(|(k, _)| &k.area)
            .collect();
        areas.into_iter().cloned().collect()
    };
    let months: Vec<Month> = dataset.months();
    let mut value = Vec::with_capacity(groups.len() * areas.len() * months.len());
    let mut status = BTreeMap::new();
    // The group's cells are in key order (main group, area, month), the order the values
    // are laid out in: one walk over them fills every value, where looking each series up
    // searched the merged cells twice per series.
    let mut cells = dataset.cells_of(measure_group).iter().peekable();
    for group in &groups {
        for area in &areas {
            for month in &months {
                let at = (*group, area, *month);
                while cells.next_if(|(k, _)| key(k) < at).is_some() {}
                let cell = cells.next_if(|(k, _)| key(k) == at).map(|(_, o)| o.cell);
                if let Some(crate::report::Cell::Suppressed) = cell {
                    status.insert(value.len().to_string(), "*");
                }
                value.push(cell.and_then(|c| c.value()));
            }
        }
    }
    let notes = dataset
        .editions
        .last()
        .map(|e| e.report.notes.clone())
        .unwrap_or_default();
    JsonStat {
        version: "2.0",
        class: "dataset",
        label: format!(
            "Deltakere i arbeidsrettede tiltak: {}",
            measure_group.name()
        ),
        source: "NAV",
        note: notes,
        id: ["hovedgruppe", "fylke", "maaned"],
        size: [groups.len(), areas.len(), months.len()],
        role: Role {
            time: ["maaned"],
            geo: ["fylke"],
        },
        dimension: Dimensions {
            hovedgruppe: Dimension {
                label: "Hovedgruppe",
                category: category(&groups, |g| g.slug().to_string(), |g| g.name().to_string()),
            },
            fylke: Dimension {
                label: "Fylke",
                category: category(&areas, area_id, |a| a.display_name().to_string()),
            },
            maaned: Dimension {
                label: "Måned",
                category: category(&months, |m| m.iso(), |m| m.long_label()),
            },
        },
        value,
        status,
        extension: Extension {
            status: BTreeMap::from([("*", SUPPRESSED)]),
        },
    }
}
