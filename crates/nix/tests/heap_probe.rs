//! The memory budget counts what the process holds (the program's probe),
//! not only the evaluator's own estimate. Its own test binary: the probe
//! is set once per process.

use aspects_nix::{ErrorKind, Eval};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What the fake allocator holds.
static HELD: AtomicUsize = AtomicUsize::new(1 << 30);

fn held() -> usize {
    HELD.load(Ordering::Relaxed)
}

#[test]
fn growth_the_estimate_misses_stops_the_evaluation() {
    aspects_nix::eval::set_heap_probe(held);
    aspects_nix::on_big_stack(|| {
        let count = "builtins.length (builtins.genList (i: i * 2) 100000)";
        let mut ev = Eval::default();
        ev.limits.max_memory_bytes = 64 << 20;
        // Held before the evaluator was made does not count.
        assert!(ev.eval_source("/a.nix", count).is_ok());

        let mut ev = Eval::default();
        ev.limits.max_memory_bytes = 64 << 20;
        // The process grows by more than the budget while it evaluates.
        HELD.fetch_add(65 << 20, Ordering::Relaxed);
        let e = ev
            .eval_source(
                "/b.nix",
                "builtins.foldl' (a: b: a + b) 0 (builtins.genList (i: i) 100000)",
            )
            .expect_err("over the budget");
        assert_eq!(e.kind, ErrorKind::OutOfMemory, "{}", e.message);
        assert!(e.message.contains("more than 64 MB"), "{}", e.message);
    });
}
