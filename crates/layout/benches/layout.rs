//! Layout time for generated include graphs of N aspects, two shapes:
//! `tree`: tree-like flakes (each aspect includes 1–3 new aspects, a third
//! also include a shared one), `four-layers`: the shape of the engine's
//! generated benchmark flakes (4 wide layers, 3 includes each).

#[path = "../tests/common/mod.rs"]
mod common;

use aspects_layout::{layout, Options};
use criterion::{BenchmarkId, Criterion};
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let opts = Options::default();
    for (shape, make) in [
        ("tree", (|n| common::flake_like(n, 42)) as fn(usize) -> _),
        ("four-layers", common::four_layers as fn(usize) -> _),
    ] {
        let mut group = c.benchmark_group(format!("layout/{shape}"));
        for n in [8usize, 55, 203, 1000] {
            let (nodes, edges) = make(n);
            group.sample_size(10);
            group.warm_up_time(Duration::from_millis(500));
            group.measurement_time(Duration::from_secs(if n >= 1000 { 6 } else { 2 }));
            group.bench_with_input(
                BenchmarkId::from_parameter(n),
                &(nodes, edges),
                |b, (ns, es)| b.iter(|| layout(ns, es, &opts)),
            );
        }
        group.finish();
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
