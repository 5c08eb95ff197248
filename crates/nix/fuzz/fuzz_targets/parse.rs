//! The fast parser against rnix on arbitrary UTF-8 input: where it gives
//! a tree, rnix must find no syntax error and give the same tree (the
//! property `crates/nix/tests/fast_parser.rs` checks on edits of the
//! corpus).
#![no_main]

use aspects_nix::ast::FileId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(fast) = aspects_nix::parse::parse(text) {
        match aspects_nix::lower::parse_tree_with_rnix(text, FileId(0)) {
            Ok(reference) => assert!(fast == reference, "the trees differ: {text:?}"),
            Err(e) => panic!("accepted what rnix refuses ({}): {text:?}", e.message),
        }
    }
});
