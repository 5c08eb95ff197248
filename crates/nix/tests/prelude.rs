//! The `lib` prelude's own test file (checked against real Nix and
//! nixpkgs' lib when written) passes on this evaluator too.

use aspects_nix::files::RealFs;
use aspects_nix::run::{eval_strict, Format};
use aspects_nix::Eval;

#[test]
fn lib_prelude_tests_all_pass() {
    let out = aspects_nix::on_big_stack(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/prelude/lib-tests.nix");
        let text = std::fs::read_to_string(path).unwrap();
        let mut ev = Eval::new(Box::new(RealFs));
        let e = ev.parse(path, &text).unwrap();
        eval_strict(&mut ev, &e, Format::Nix).map_err(|e| e.message)
    });
    assert_eq!(out, Ok("[ ]".to_string()), "failing lib tests");
}

#[test]
fn lib_is_available_to_embedders() {
    let out = aspects_nix::on_big_stack(|| {
        let mut ev = Eval::default();
        let lib = ev.lib().unwrap();
        let lib = ev.force(&lib).unwrap();
        let aspects_nix::Value::Attrs(a) = lib else {
            panic!("lib is a set")
        };
        ["mkIf", "optionalAttrs", "flatten", "hasPrefix", "pipe"]
            .iter()
            .filter(|n| !a.contains(n))
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
    });
    // mkIf belongs to the module system (added by aspects-modules).
    assert_eq!(out, vec!["mkIf".to_string()]);
}
