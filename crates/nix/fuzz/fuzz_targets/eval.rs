//! Parse + strict evaluation of arbitrary UTF-8 input with small limits:
//! no input may panic (or overflow the stack, or run away).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::run(data);
});
