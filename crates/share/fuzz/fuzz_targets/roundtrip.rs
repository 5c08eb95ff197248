//! Arbitrary states (`harness::state_from`): encode → decode gives them
//! back, or `try_encode` says why not.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::roundtrip(data);
});
