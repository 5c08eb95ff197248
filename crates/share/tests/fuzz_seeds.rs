//! The fuzz harness (`fuzz/harness.rs`) over every seed in `fuzz/seeds/`,
//! on the stable toolchain: hand-written edge cases plus inputs the fuzzer
//! found interesting. The fuzzer itself: `FUZZING.md`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/harness.rs"]
mod harness;

use std::panic::{catch_unwind, AssertUnwindSafe};

#[test]
fn fuzz_seeds_do_not_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds");
    let mut seeds: Vec<_> = std::fs::read_dir(dir)
        .expect("the seeds folder")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 300, "only {} seeds in {dir}", seeds.len());
    let mut panicked = Vec::new();
    for seed in &seeds {
        let data = std::fs::read(seed).expect("a seed file");
        // Every seed goes through both targets: `decode` (as text, as
        // compressed data, as payload) and `roundtrip` (as a state).
        let run = || {
            harness::decode_input(&data);
            harness::roundtrip(&data);
        };
        if catch_unwind(AssertUnwindSafe(run)).is_err() {
            panicked.push(seed.display().to_string());
        }
    }
    assert!(panicked.is_empty(), "seeds that panic: {panicked:#?}");
}

#[test]
fn state_from_splits_fields_at_0xff() {
    let state = harness::state_from(b"\x05ws\xffview\xffclass\xffaspect\xfffile");
    assert_eq!(state.workspace, "ws");
    assert_eq!(state.view.as_deref(), Some("view"));
    assert_eq!(state.class, None);
    assert_eq!(state.aspect.as_deref(), Some("aspect"));
    assert_eq!(state.file, None);
    assert_eq!(harness::state_from(b""), Default::default());
}
