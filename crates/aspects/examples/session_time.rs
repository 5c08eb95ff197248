//! Times one playground evaluation (`session::run`) of a generated flake:
//! `cargo run --release -p aspects-engine --example session_time -- 203`
//! (a workspace file instead of a number times that workspace; a second
//! number is how many runs, 3 by default).
//!
//! With `SESSION_TIME_DUMP=<file>`, also writes the response (with the
//! conformance JSON) to that file, to compare outputs across changes.
use aspects_engine::session::{run, run_keeping_heap, Request};
use std::time::Instant;

fn main() {
    let arg = std::env::args().nth(1).unwrap_or_else(|| "203".into());
    let (n, text) = match arg.parse::<usize>() {
        Ok(n) => (n, aspects_engine::generate::generated_flake(n)),
        Err(_) => (
            0,
            std::fs::read_to_string(&arg).expect("a number or a file"),
        ),
    };
    let runs: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3);
    aspects_nix::on_big_stack(move || {
        let mut best = None;
        for _ in 0..runs {
            let req = Request {
                id: 1,
                workspace: text.clone(),
                repo: None,
                conformance: false,
                max_steps: None,
            };
            // What the worker does: answer, then free the heap.
            let t = Instant::now();
            let (r, heap) = run_keeping_heap(&req);
            let took = t.elapsed();
            let t = Instant::now();
            drop(heap);
            let freeing = t.elapsed();
            best = Some(best.map_or(took, |b: std::time::Duration| b.min(took)));
            let steps = r.steps;
            println!(
                "n={n}: {took:?} (then {freeing:?} freeing), {} steps, fatal: {:?}, json {} bytes",
                steps,
                r.analysis.fatal.as_ref().map(|f| f.message.clone()),
                serde_json::to_string(&r).map(|s| s.len()).unwrap_or(0)
            );
        }
        if let Some(b) = best {
            println!("n={n}: best of {runs}: {b:?}");
        }
        if let Ok(path) = std::env::var("SESSION_TIME_DUMP") {
            let req = Request {
                id: 1,
                workspace: text.clone(),
                repo: None,
                conformance: true,
                max_steps: None,
            };
            let r = run(&req);
            let json = serde_json::to_string_pretty(&r).expect("serialisable");
            std::fs::write(&path, json).expect("writable dump file");
        }
    });
}
