//! Rendering benchmarks: one chart of each kind, and one measure-group page, from the seed.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;
use tiltak::chart::{self, Series};
use tiltak::dims::{Area, MainGroup, MeasureGroup};
use tiltak::site::layout::{Scope, Site};

fn seed() -> tiltak::load::Loaded {
    tiltak::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).expect("the seed loads")
}

fn charts(c: &mut Criterion) {
    let loaded = seed();
    let dataset = &loaded.dataset;
    let months = dataset.months();
    let values = |group: MainGroup| -> Vec<_> {
        let series: std::collections::BTreeMap<_, _> = dataset
            .series(
                MeasureGroup::from_title("Avklaringstiltak").unwrap(),
                group,
                &Area::Total,
            )
            .collect();
        months.iter().map(|m| series.get(m).copied()).collect()
    };
    let lines: Vec<Series> = dataset
        .main_groups(MeasureGroup::from_title("Avklaringstiltak").unwrap())
        .iter()
        .map(|g| Series {
            name: g.short_name(),
            values: values(*g),
        })
        .collect();
    let latest = dataset.latest_month().unwrap();
    let bars: Vec<(String, tiltak::report::Cell)> = dataset
        .areas()
        .iter()
        .filter(|a| a.is_part())
        .filter_map(|a| {
            dataset
                .get(
                    MeasureGroup::from_title("Avklaringstiltak").unwrap(),
                    MainGroup::ALLE,
                    a,
                    latest,
                )
                .map(|c| (a.name().to_string(), c))
        })
        .collect();
    let mut group = c.benchmark_group("chart");
    group.bench_function("line, 4 series x 12 months", |b| {
        b.iter(|| {
            chart::line_chart(
                "b",
                "Avklaringstiltak",
                black_box(&months),
                black_box(&lines),
            )
        })
    });
    group.bench_function("bar, 13 counties", |b| {
        b.iter(|| chart::bar_chart("b", "Avklaringstiltak", "Deltakere", black_box(&bars)))
    });
    group.bench_function("sparkline, 12 months", |b| {
        b.iter(|| {
            chart::sparkline(
                "b",
                "Avklaringstiltak",
                black_box(&months),
                black_box(&lines[0].values),
            )
        })
    });
    group.finish();
}

fn pages(c: &mut Criterion) {
    let loaded = seed();
    let site = Site::new(&loaded, None);
    let scope = Scope {
        dataset: &loaded.dataset,
        prefix: "",
        edition: None,
    };
    c.bench_function("page/measure group (Avklaringstiltak)", |b| {
        b.iter(|| {
            tiltak::site::pages::measure::page(
                black_box(&scope),
                &site,
                MeasureGroup::from_title("Avklaringstiltak").unwrap(),
            )
        })
    });
}

criterion_group!(benches, charts, pages);
criterion_main!(benches);
