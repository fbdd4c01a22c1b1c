//! How fast one report is decoded and parsed: the seed report, and a generated full-year
//! report of the same format (`cargo bench --bench parse`).

#[path = "support/corpus.rs"]
mod corpus;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

fn parse(c: &mut Criterion) {
    let seed_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/tiltaksdeltakere-2022.txt"
    );
    let seed = std::fs::read(seed_path).expect("the seed report is in content/");
    let generated = corpus::generate(&corpus::Options {
        years: 1,
        start_year: 2022,
        seed: 42,
    })
    .pop()
    .expect("twelve reports")
    .text
    .into_bytes();

    let mut group = c.benchmark_group("decode+parse");
    for (name, bytes) in [("seed", &seed), ("generated-full-year", &generated)] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), bytes, |b, bytes| {
            b.iter(|| {
                let file = tiltak::source::decode("report.txt", black_box(bytes))
                    .expect("the report decodes");
                black_box(tiltak::report::parse(&file).expect("the report parses"))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
