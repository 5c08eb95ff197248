//! Arbitrary input, read as a pasted link, as a v1 link's compressed data
//! and as a v1 link's payload: `decode` must never panic, and whatever it
//! accepts must encode and decode back to the same state.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::decode_input(data);
});
