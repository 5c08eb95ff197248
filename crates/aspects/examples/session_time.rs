//! Times one playground evaluation (`session::run`) of a generated flake:
//! `cargo run --release -p aspects-engine --example session_time -- 203`.
use aspects_engine::session::{run, Request};
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(203);
    let text = aspects_engine::generate::generated_flake(n);
    aspects_nix::on_big_stack(move || {
        for _ in 0..3 {
            let req = Request {
                id: 1,
                workspace: text.clone(),
                repo: None,
                conformance: false,
                max_steps: None,
            };
            let t = Instant::now();
            let r = run(&req);
            let steps = r.steps;
            println!(
                "n={n}: {:?}, {} steps, fatal: {:?}, json {} bytes",
                t.elapsed(),
                steps,
                r.analysis.fatal.as_ref().map(|f| f.message.clone()),
                serde_json::to_string(&r).map(|s| s.len()).unwrap_or(0)
            );
        }
    });
}
