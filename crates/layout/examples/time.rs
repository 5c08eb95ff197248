//! Times one layout of a generated graph (for profiling):
//! `cargo run --release -p aspects-layout --example time -- [tree|four|deep] N REPEAT`

#[path = "../tests/common/mod.rs"]
mod common;

use aspects_layout::{layout, Options};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let kind = args.get(1).map(String::as_str).unwrap_or("tree");
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let repeat: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let (nodes, edges) = match kind {
        "four" => common::four_layers(n),
        "deep" => common::deep_dag(n, 3),
        _ => common::flake_like(n, 42),
    };
    let start = Instant::now();
    let mut size = (0.0, 0.0);
    for _ in 0..repeat {
        let l = layout(&nodes, &edges, &Options::default());
        size = (l.width, l.height);
    }
    let per = start.elapsed() / repeat as u32;
    println!("{kind} n={n}: {per:?} per layout, {} x {}", size.0, size.1);
}
