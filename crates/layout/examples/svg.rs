//! Renders a generated graph as SVG, to look at the layout by eye:
//! `cargo run -p aspects-layout --example svg -- [flake|four|deep|random|ring] N SEED > out.svg`

#[path = "../tests/common/mod.rs"]
mod common;

use aspects_layout::{layout, Options};
use std::fmt::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let kind = args.get(1).map(String::as_str).unwrap_or("flake");
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(55);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let (nodes, edges) = match kind {
        "deep" => common::deep_dag(n, seed),
        "four" => common::four_layers(n),
        "random" => common::random_graph(n, n * 3 / 2, seed),
        "ring" => {
            let names: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
            let ns = names.iter().map(|s| common::node(s)).collect();
            let es = (0..n)
                .map(|i| common::edge(&names[i], &names[(i + 1) % n]))
                .collect();
            (ns, es)
        }
        _ => common::flake_like(n, seed),
    };
    let l = layout(&nodes, &edges, &Options::default());
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="monospace" font-size="12">"#,
        l.width, l.height
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        s,
        r##"<defs><marker id="a" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="#555"/></marker></defs>"##
    );
    for r in &l.edges {
        let pts: Vec<String> = r.points.iter().map(|(x, y)| format!("{x},{y}")).collect();
        let _ = writeln!(
            s,
            r##"<polyline points="{}" fill="none" stroke="#555" marker-end="url(#a)"/>"##,
            pts.join(" ")
        );
    }
    for p in &l.nodes {
        let _ = writeln!(
            s,
            r##"<rect x="{}" y="{}" width="{}" height="{}" rx="4" fill="#e8f0ff" stroke="#36c"/><text x="{}" y="{}" text-anchor="middle">{}</text>"##,
            p.x,
            p.y,
            p.width,
            p.height,
            p.x + p.width / 2.0,
            p.y + p.height / 2.0 + 4.0,
            p.id
        );
    }
    s.push_str("</svg>\n");
    print!("{s}");
}
