//! The fuzz harness, shared by the cargo-fuzz targets (`fuzz_targets/`) and
//! the stable test `crates/share/tests/fuzz_seeds.rs`, which runs it over
//! `seeds/`. Each function panics on a finding (that is how libFuzzer
//! notices) and returns quietly otherwise.

// Each fuzz target uses only some of these functions.
#![allow(dead_code)]

use aspects_share::{decode, encode, link, try_encode, SharedState};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The input three ways: as pasted text, as the compressed bytes of a v1
/// link (reaches inflate and its limit), as the payload of a v1 link
/// (reaches the JSON reader; a fast deflate level keeps the fuzzer fast).
pub fn decode_input(data: &[u8]) {
    check_decode(&String::from_utf8_lossy(data));
    check_decode(&format!("v1.{}", URL_SAFE_NO_PAD.encode(data)));
    let deflated = miniz_oxide::deflate::compress_to_vec(data, 1);
    check_decode(&format!("v1.{}", URL_SAFE_NO_PAD.encode(deflated)));
}

fn check_decode(text: &str) {
    let Ok(state) = decode(text) else { return };
    // What decodes is within the limits, so it shares again, except when the
    // encoder's own compression lands past the fragment cap.
    if try_encode(&state).is_ok() {
        assert_eq!(decode(&encode(&state)).as_ref(), Ok(&state));
    }
}

/// A state from arbitrary bytes: the first byte says which optional fields
/// are present (bits 0–3), the rest is split at `0xFF` bytes (never part of
/// UTF-8) into workspace, view, class, aspect and file, each read as lossy
/// UTF-8.
pub fn state_from(data: &[u8]) -> SharedState {
    let (flags, rest) = data.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
    let mut parts = rest
        .splitn(5, |&b| b == 0xff)
        .map(|part| String::from_utf8_lossy(part).into_owned());
    let workspace = parts.next().unwrap_or_default();
    let mut field = |bit: u8| {
        let part = parts.next().unwrap_or_default();
        (flags & (1 << bit) != 0).then_some(part)
    };
    SharedState {
        workspace,
        view: field(0),
        class: field(1),
        aspect: field(2),
        file: field(3),
    }
}

/// encode → decode gives the state back (also as a whole link, with `#`
/// and whitespace), or `try_encode` refuses it and so does `decode`.
pub fn roundtrip(data: &[u8]) {
    let state = state_from(data);
    let fragment = encode(&state);
    let data_part = fragment.strip_prefix("v1.").expect("the v1 prefix");
    assert!(data_part
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    match try_encode(&state) {
        Ok(checked) => {
            assert_eq!(checked, fragment);
            assert_eq!(decode(&fragment).as_ref(), Ok(&state));
            assert_eq!(decode(&format!(" #{fragment}\n")).as_ref(), Ok(&state));
            let shared = link("https://example.org/p/#old", &state);
            assert_eq!(decode(&shared).as_ref(), Ok(&state));
        }
        Err(_) => assert!(decode(&fragment).is_err()),
    }
}
