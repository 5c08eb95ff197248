//! Retypers (`register_retyper`): called only when a registered submodule
//! type merges one set that it produced itself.

use aspects_modules::types::CheckedType;
use aspects_modules::{eval_modules, register_retyper, Def, EvalArgs, Retype};
use aspects_nix::value::{Attr, Attrs, Value};
use aspects_nix::Eval;
use std::rc::Rc;

/// `options.t` holds the registered type (a submodule with an int `x`);
/// `src` is a module (`{ lib, config, ... }: ...`) using it as
/// `config.t`'s option type. Returns `config.<name>` printed, for each
/// name, and whether generic collection was asked for.
fn evaluate(src: &'static str, names: &'static [&'static str], generic: bool) -> Vec<String> {
    aspects_nix::on_big_stack(move || {
        let mut ev = Eval::default();
        let lib = aspects_modules::full_lib(&mut ev).expect("lib");
        let ty_src =
            "lib: lib.types.submodule { options.x = lib.mkOption { type = lib.types.int; }; }";
        let ty = eval_fn(&mut ev, "/type.nix", ty_src, &lib);
        let checked = CheckedType::from_value(&mut ev, &ty).expect("a type");
        // The retyper marks what it returns.
        register_retyper(
            &mut ev,
            &checked,
            Rc::new(|_ev: &mut Eval, r: Retype| {
                let mut entries: Vec<Attr> = r.value.iter().cloned().collect();
                entries.push(Attr {
                    name: "retypedAt".into(),
                    value: Value::string(
                        r.loc
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join("."),
                    ),
                    pos: None,
                });
                Ok(Value::attrs(Attrs::from_pairs(
                    entries.into_iter().map(|a| (a.name, a.value)),
                )))
            }),
        )
        .expect("registers");
        aspects_modules::use_prepared_submodules(&mut ev, !generic);
        let module = eval_fn(&mut ev, "/m.nix", src, &ty);
        let out = eval_modules(
            &mut ev,
            &lib,
            EvalArgs {
                modules: vec![Def {
                    value: module,
                    file: "m.nix".into(),
                }],
                ..Default::default()
            },
        )
        .expect("evaluates");
        let config = ev.force(&out.config).expect("config");
        names
            .iter()
            .map(|n| {
                let Value::Attrs(a) = &config else {
                    unreachable!()
                };
                let v = a.get(n).cloned().expect("the option");
                match aspects_nix::print::print_value(&mut ev, &v, true) {
                    Ok(s) => s,
                    Err(e) => format!("error: {}", e.message),
                }
            })
            .collect()
    })
}

/// `(import path-text) arg`.
fn eval_fn(ev: &mut Eval, path: &str, src: &str, arg: &Value) -> Value {
    let e = ev.parse(path, src).expect("parses");
    let f = ev.eval(&e, aspects_nix::eval::ROOT_ENV).expect("evaluates");
    ev.call(f, arg.clone(), Default::default())
        .expect("applies")
}

const MODULE: &str = r#"t: { lib, config, ... }: {
  options = {
    a = lib.mkOption { type = t; };
    # One definition the type produced: the retyper's.
    b = lib.mkOption { type = t; default = config.a; };
    # A plain set: evaluated.
    c = lib.mkOption { type = t; default = { x = 3; }; };
    # Two definitions: evaluated.
    d = lib.mkOption { type = t; };
    # The same shape, another type: evaluated.
    e = lib.mkOption {
      type = lib.types.submodule { options.x = lib.mkOption { type = lib.types.int; }; };
      default = config.a;
    };
    # Another type's special arguments are not forced.
    f = lib.mkOption {
      type = lib.types.submoduleWith {
        modules = [ { options.x = lib.mkOption { type = lib.types.int; default = 5; }; } ];
        specialArgs = throw "special arguments forced";
      };
      default = { };
    };
  };
  config = {
    a = { x = 1; };
    d = lib.mkMerge [ config.a { } ];
  };
}"#;

#[test]
fn only_one_set_the_type_produced_is_retyped() {
    let got = evaluate(MODULE, &["a", "b", "c", "d", "e", "f"], false);
    assert_eq!(got[0], "{ x = 1; }");
    assert_eq!(got[1], r#"{ retypedAt = "b"; x = 1; }"#);
    assert_eq!(got[2], "{ x = 3; }");
    assert_eq!(got[3], "{ x = 1; }");
    assert_eq!(got[4], "{ x = 1; }");
    assert_eq!(got[5], "{ x = 5; }");
}

#[test]
fn generic_collection_turns_retypers_off() {
    let got = evaluate(MODULE, &["b"], true);
    assert_eq!(got[0], "{ x = 1; }");
}
