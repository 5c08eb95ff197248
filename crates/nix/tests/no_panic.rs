//! No input may panic: the fuzz harness (`fuzz/harness.rs`, small limits,
//! parse + strict evaluation in Nix and JSON formats) over every seed in
//! `fuzz/seeds/` — a sample of the fuzz corpus plus the inputs that once
//! crashed the evaluator. Runs on the stable toolchain; the fuzzer itself is
//! `cd crates/nix/fuzz && cargo +nightly fuzz run eval`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/harness.rs"]
mod harness;

use std::panic::{catch_unwind, AssertUnwindSafe};

/// The fuzzer runs the harness on its main thread: 8 MiB of stack, in an
/// optimized build. Unoptimized test builds use several times more stack
/// per frame (`builtins.toJSON` of a cyclic set nests 10 000 levels deep
/// whatever `max_stack_bytes` says), hence more here.
const STACK: usize = if cfg!(debug_assertions) {
    64 << 20
} else {
    8 << 20
};

#[test]
fn fuzz_seeds_do_not_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds");
    let mut seeds: Vec<_> = std::fs::read_dir(dir)
        .expect("the seeds folder")
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 100, "only {} seeds in {dir}", seeds.len());
    let panicked = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let mut panicked = Vec::new();
            for seed in &seeds {
                let data = std::fs::read(seed).unwrap();
                if catch_unwind(AssertUnwindSafe(|| harness::run(&data))).is_err() {
                    panicked.push(seed.display().to_string());
                }
            }
            panicked
        })
        .unwrap()
        .join()
        .unwrap();
    assert!(panicked.is_empty(), "seeds that panic: {panicked:#?}");
}

#[test]
fn harness_evaluates_in_both_formats() {
    let out = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(|| harness::run(b"{ a = [ 1 (import ./dir).a ]; b = \"x\"; }"))
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(
        out,
        vec![
            Ok("{ a = [ 1 1 ]; b = \"x\"; }".to_string()),
            Ok("{\"a\":[1,1],\"b\":\"x\"}".to_string()),
        ]
    );
}
