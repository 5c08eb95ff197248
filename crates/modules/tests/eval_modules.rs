//! evalModules on small module sets: options, definitions, properties,
//! freeform types, submodules, imports and their order, and the errors.

use aspects_modules::{eval_modules, Def, EvalArgs, Evaluated};
use aspects_nix::value::Value;
use aspects_nix::Str;
use aspects_nix::{ErrorKind, Eval};

/// Evaluates `src`, `lib: [ modules... ]`: module `i` is reported as
/// `module-<i>.nix`.
fn evaluate(ev: &mut Eval, src: &str) -> aspects_nix::EvalResult<Evaluated> {
    let lib = aspects_modules::full_lib(ev)?;
    let e = ev.parse("/m.nix", src)?;
    let f = ev.eval(&e, aspects_nix::eval::ROOT_ENV)?;
    let Value::List(items) = ev.call(f, lib.clone(), Default::default())? else {
        panic!("a list of modules")
    };
    let modules = items
        .iter()
        .enumerate()
        .map(|(i, m)| Def {
            value: m.clone(),
            file: format!("module-{i}.nix").into(),
        })
        .collect();
    eval_modules(
        ev,
        &lib,
        EvalArgs {
            modules,
            ..Default::default()
        },
    )
}

/// `src` is `lib: [ modules... ]`; returns the printed config (or the error).
fn config(src: &'static str) -> Result<String, (ErrorKind, String)> {
    aspects_nix::on_big_stack(move || {
        let mut ev = Eval::default();
        let r = (|| {
            let out = evaluate(&mut ev, src)?;
            // Leave _module out of what is printed.
            let c = ev.force(&out.config)?;
            let Value::Attrs(a) = c else { unreachable!() };
            let shown: Vec<_> = a
                .iter()
                .filter(|x| &*x.name != "_module")
                .cloned()
                .collect();
            let v = Value::attrs(aspects_nix::value::Attrs::from_sorted(shown));
            aspects_nix::print::print_value(&mut ev, &v, true)
        })();
        r.map_err(|e| (e.kind, e.message))
    })
}

#[test]
fn options_get_defaults_and_definitions() {
    let got = config(
        r#"lib: with lib; [
          { options.a = mkOption { type = types.int; default = 1; };
            options.b = mkOption { type = types.str; }; }
          { b = "hi"; }
        ]"#,
    );
    assert_eq!(got.unwrap(), r#"{ a = 1; b = "hi"; }"#);
}

#[test]
fn lists_concatenate_in_reverse_import_order() {
    // Verified on real Nix (SEMANTICS.md 1.7): [3 2 1] and [2 1 self].
    let got = config(
        r#"lib: with lib; [
          { options.c = mkOption { type = types.listOf types.int; }; }
          { imports = [ { c = [ 1 ]; } { c = [ 2 ]; } { c = [ 3 ]; } ]; }
        ]"#,
    );
    assert_eq!(got.unwrap(), "{ c = [ 3 2 1 ]; }");
}

#[test]
fn priorities_and_conditions_apply() {
    let got = config(
        r#"lib: with lib; [
          { options.x = mkOption { type = types.int; default = 5; };
            options.y = mkOption { type = types.listOf types.str; };
            options.z = mkOption { type = types.bool; default = false; }; }
          { x = mkForce 7; y = mkBefore [ "first" ]; }
          { x = 3; y = [ "mid" ]; z = mkIf false true; }
          { y = mkAfter [ "last" ]; }
        ]"#,
    );
    assert_eq!(
        got.unwrap(),
        r#"{ x = 7; y = [ "first" "mid" "last" ]; z = false; }"#
    );
}

#[test]
fn a_single_definition_meets_the_default_by_priority() {
    // One definition each: plain (100), mkDefault (1000) and mkForce (50)
    // beat the default (1500); mkIf false leaves the default; a set with
    // a `_type` that is no property is a plain value.
    let got = config(
        r#"lib: with lib; [
          { options = {
              plain = mkOption { type = types.int; default = 1; };
              weak = mkOption { type = types.int; default = 1; };
              forced = mkOption { type = types.int; default = 1; };
              off = mkOption { type = types.int; default = 1; };
              marked = mkOption { type = types.attrs; default = { }; };
            }; }
          { plain = 2; weak = mkDefault 3; forced = mkForce 4; off = mkIf false 5;
            marked = { _type = "note"; x = 6; }; }
        ]"#,
    );
    assert_eq!(
        got.unwrap(),
        r#"{ forced = 4; marked = { _type = "note"; x = 6; }; off = 1; plain = 2; weak = 3; }"#
    );
}

#[test]
fn freeform_sets_merge_lazily() {
    let got = config(
        r#"lib: with lib; [
          { freeformType = types.lazyAttrsOf types.anything; }
          { a.list = [ 1 ]; a.set.x = 1; s = "same"; }
          { a.list = [ 2 ]; a.set.y = 2; s = "same"; }
        ]"#,
    );
    assert_eq!(
        got.unwrap(),
        r#"{ a = { list = [ 2 1 ]; set = { x = 1; y = 2; }; }; s = "same"; }"#
    );
}

#[test]
fn free_form_list_elements_keep_scalars_and_discharge_properties() {
    // Scalars of every kind stay as they are; an element under `mkIf
    // false` disappears, one under `mkIf true` is its content, and sets
    // in a list merge as `anything` does.
    let got = config(
        r#"lib: with lib; [
          { freeformType = types.lazyAttrsOf types.anything; }
          { l = [ 1 "two" true null 2.5 (mkIf false "gone") (mkIf true "kept") { s = mkIf false 1; t = 3; } ]; }
          { l = [ "first" ]; }
        ]"#,
    );
    assert_eq!(
        got.unwrap(),
        r#"{ l = [ "first" 1 "two" true null 2.5 "kept" { t = 3; } ]; }"#
    );
}

#[test]
fn submodules_see_their_name_and_merge() {
    let got = config(
        r#"lib: with lib; [
          { options.users = mkOption {
              type = types.attrsOf (types.submodule ({ name, ... }: {
                options.home = mkOption { type = types.str; default = "/home/${name}"; };
                options.shell = mkOption { type = types.str; default = "bash"; };
              }));
            }; }
          { users.alice.shell = "fish"; }
          { users.bob = { }; }
        ]"#,
    );
    assert_eq!(
        got.unwrap(),
        r#"{ users = { alice = { home = "/home/alice"; shell = "fish"; }; bob = { home = "/home/bob"; shell = "bash"; }; }; }"#
    );
}

#[test]
fn module_functions_receive_config_and_module_args() {
    let got = config(
        r#"lib: with lib; [
          { options.a = mkOption { type = types.int; }; options.b = mkOption { type = types.int; }; }
          ({ config, ... }: { b = config.a + 1; })
          { _module.args.seven = 7; }
          ({ seven, ... }: { a = seven; })
        ]"#,
    );
    assert_eq!(got.unwrap(), "{ a = 7; b = 8; }");
}

#[test]
fn deferred_modules_collect_every_definition() {
    let got = config(
        r#"lib: with lib; [
          { options.m = mkOption { type = types.deferredModule; }; }
          { m.x = 1; }
          { m.y = 2; }
        ]"#,
    );
    let out = got.unwrap();
    assert!(
        out.contains("_file = \"module-2.nix, via option m\""),
        "{out}"
    );
    assert!(
        out.contains("_file = \"module-1.nix, via option m\""),
        "{out}"
    );
}

#[test]
fn merged_functions_keep_zipped_formals() {
    let got = aspects_nix::on_big_stack(|| {
        let mut ev = Eval::default();
        let out = evaluate(
            &mut ev,
            r#"lib: with lib; [
                  { options.f = mkOption { type = types.functionTo (types.listOf types.str); }; }
                  { f = { who, greeting ? "hi" }: [ "${greeting} ${who}" ]; }
                  { f = { who, extra ? 1 }: [ "bye ${who}" ]; }
                ]"#,
        )
        .unwrap();
        let probe = ev
            .parse(
                "/p.nix",
                r#"c: [ c.f.__functionArgs (c.f { who = "bob"; }) ]"#,
            )
            .unwrap();
        let p = ev.eval(&probe, aspects_nix::eval::ROOT_ENV).unwrap();
        let r = ev.call(p, out.config, Default::default()).unwrap();
        aspects_nix::print::print_value(&mut ev, &r, true).unwrap()
    });
    assert_eq!(
        got,
        r#"[ { extra = true; greeting = true; who = false; } [ "bye bob" "hi bob" ] ]"#
    );
}

#[test]
fn aliases_share_definitions() {
    let got = config(
        r#"lib: with lib; [
          { options.provides = mkOption { type = types.lazyAttrsOf types.int; default = { }; }; }
          (mkAliasOptionModule [ "_" ] [ "provides" ])
          { provides.a = 1; }
          { _.b = 2; }
        ]"#,
    );
    assert_eq!(
        got.unwrap(),
        "{ _ = { a = 1; b = 2; }; provides = «repeated»; }"
    );
}

#[test]
fn undeclared_options_are_errors_with_suggestions() {
    let (kind, msg) = config(
        r#"lib: with lib; [ { options.networking = mkOption { type = types.attrs; default = { }; }; } { netwroking = { }; } ]"#,
    )
    .unwrap_err();
    assert_eq!(kind, ErrorKind::UndeclaredOption);
    assert!(
        msg.contains("The option `netwroking' does not exist"),
        "{msg}"
    );
    assert!(msg.contains("Did you mean `networking'"), "{msg}");
}

#[test]
fn conflicting_scalars_name_both_files() {
    let (kind, msg) = config(
        r#"lib: with lib; [ { options.d = mkOption { type = types.str; }; } { d = "a"; } { d = "b"; } ]"#,
    )
    .unwrap_err();
    assert_eq!(kind, ErrorKind::ConflictingDefinitions);
    assert!(
        msg.contains("module-1.nix") && msg.contains("module-2.nix"),
        "{msg}"
    );
}

#[test]
fn wrong_types_are_reported() {
    let (kind, msg) = config(
        r#"lib: with lib; [ { options.n = mkOption { type = types.int; }; } { n = "x"; } ]"#,
    )
    .unwrap_err();
    assert_eq!(kind, ErrorKind::OptionType);
    assert!(msg.contains("is not of type `signed integer'"), "{msg}");
}

#[test]
fn either_picks_the_branch_every_definition_fits() {
    let got = config(
        r#"lib: with lib; [
          { options.e = mkOption { type = types.either types.int (types.listOf types.int); }; }
          { e = [ 1 ]; } { e = [ 2 ]; }
        ]"#,
    );
    assert_eq!(got.unwrap(), "{ e = [ 2 1 ]; }");
}

/// The config of the module at path `entry` among `files`.
fn config_of_files(
    files: &'static [(&'static str, &'static str)],
    entry: &'static str,
) -> Result<String, (ErrorKind, String)> {
    aspects_nix::on_big_stack(move || {
        let mut fs = aspects_nix::files::MemoryFs::new();
        for (path, text) in files {
            fs.insert(path, *text);
        }
        let mut ev = Eval::new(Box::new(fs));
        let lib = aspects_modules::full_lib(&mut ev).unwrap();
        let r = (|| {
            let out = eval_modules(
                &mut ev,
                &lib,
                EvalArgs {
                    modules: vec![Def {
                        value: Value::Path(entry.into()),
                        file: entry.into(),
                    }],
                    ..Default::default()
                },
            )?;
            let c = ev.force(&out.config)?;
            let Value::Attrs(a) = c else { unreachable!() };
            let v = a.get("xs").cloned().unwrap_or(Value::Null);
            aspects_nix::print::print_value(&mut ev, &v, true)
        })();
        r.map_err(|e| (e.kind, e.message))
    })
}

#[test]
fn disabled_modules_leave_out_what_they_name_and_what_only_those_import() {
    // Expected: nixpkgs lib's evalModules with Nix 2.8 on the same files.
    let files: &'static [(&str, &str)] = &[
        (
            "/m/a.nix",
            r#"{ lib, ... }: {
              imports = [ ./b.nix ./shared.nix { key = "k"; xs = [ "keyed" ]; } ];
              disabledModules = [ ./c.nix ];
              options.xs = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ ]; };
              config.xs = [ "a" ];
            }"#,
        ),
        (
            "/m/b.nix",
            r#"{ imports = [ ./c.nix ./d.nix ]; xs = [ "b" ]; }"#,
        ),
        (
            "/m/c.nix",
            r#"{ imports = [ ./shared.nix ./e.nix ]; xs = [ "c" ]; }"#,
        ),
        (
            "/m/d.nix",
            r#"{ xs = [ "d" ]; disabledModules = [ { key = "k"; } "/nowhere.nix" "relative.nix" 3 ]; }"#,
        ),
        ("/m/e.nix", r#"{ xs = [ "e" ]; }"#),
        ("/m/shared.nix", r#"{ xs = [ "shared" ]; }"#),
    ];
    assert_eq!(
        config_of_files(files, "/m/a.nix").unwrap(),
        r#"[ "d" "shared" "b" "a" ]"#
    );
}

#[test]
fn a_disabled_modules_item_must_name_a_module() {
    let (kind, message) = config(r#"lib: [ { disabledModules = [ { x = 1; } ]; } ]"#).unwrap_err();
    assert_eq!(kind, ErrorKind::WrongValueType);
    assert!(
        message.contains("does not have a `key` attribute"),
        "{message}"
    );
    let (_, message) = config(r#"lib: [ { disabledModules = [ (x: x) ]; } ]"#).unwrap_err();
    assert!(message.contains("is of type lambda"), "{message}");
}

#[test]
fn a_default_is_only_evaluated_when_it_is_used() {
    // As nixpkgs: the default is a definition of priority 1500 that is
    // dropped, unevaluated, when something stronger is defined.
    let got = config(
        r#"lib: with lib; [
          { options.x = mkOption { type = types.int; default = throw "no default"; };
            options.y = mkOption { type = types.int; default = throw "no default"; };
            options.z = mkOption { type = types.int; default = 1; }; }
          { x = 2; y = mkDefault 3; z = mkOverride 2000 5; }
        ]"#,
    );
    assert_eq!(got.unwrap(), "{ x = 2; y = 3; z = 1; }");
    let (_, message) = config(
        r#"lib: with lib; [
          { options.x = mkOption { type = types.int; default = throw "no default"; }; }
          { x = mkOverride 1600 2; }
        ]"#,
    )
    .unwrap_err();
    assert!(message.contains("no default"), "{message}");
}

#[test]
fn an_add_check_predicate_is_asked_once_per_value() {
    // `either` checks its branches when checking and again when merging;
    // the predicate is pure, so each value is asked once (its trace shows
    // once), and each value gets its own answer.
    let src = r#"lib: with lib; let
          small = types.addCheck types.attrs (s: builtins.trace "checked" (s ? ok));
          t = types.either small types.int;
        in [
          { options.a = mkOption { type = t; }; options.b = mkOption { type = types.listOf t; }; }
          { a = { ok = 1; }; b = [ { ok = 2; } 3 ]; }
        ]"#;
    let (printed, traces) = aspects_nix::on_big_stack(move || {
        let mut ev = Eval::default();
        let out = evaluate(&mut ev, src).unwrap();
        let c = ev.force(&out.config).unwrap();
        let Value::Attrs(a) = c else { unreachable!() };
        let shown = Value::list(vec![
            a.get("a").unwrap().clone(),
            a.get("b").unwrap().clone(),
        ]);
        let printed = aspects_nix::print::print_value(&mut ev, &shown, true).unwrap();
        (printed, ev.traces.len())
    });
    assert_eq!(printed, "[ { ok = 1; } [ { ok = 2; } 3 ] ]");
    assert_eq!(traces, 2, "one check per set value");
}

#[test]
fn option_paths_quote_names_that_are_not_identifiers() {
    let loc: Vec<Str> = [
        "a",
        "b c",
        "[definition 1-entry 2]",
        "<function body>",
        "x-y'",
        "in",
    ]
    .into_iter()
    .map(Into::into)
    .collect();
    assert_eq!(
        aspects_modules::eval::show_loc(&loc),
        r#"a."b c".[definition 1-entry 2].<function body>.x-y'."in""#
    );
    assert_eq!(aspects_modules::eval::show_loc(&[]), "");
}

#[test]
fn a_group_defined_as_a_non_set_is_a_type_error_naming_the_value() {
    for def in ["5", "lib.mkMerge [ { a = 1; } 5 ]", "lib.mkIf true 5"] {
        let src: &'static str = Box::leak(
            format!(
                r#"lib: with lib; [
                  {{ options.g.a = mkOption {{ type = types.int; default = 0; }}; }}
                  {{ config.g = {def}; }}
                ]"#
            )
            .into_boxed_str(),
        );
        let (kind, msg) = config(src).unwrap_err();
        assert_eq!(kind, ErrorKind::OptionType, "{def}: {msg}");
        assert!(
            msg.starts_with("A definition for option `g' is not of type `attribute set'. Definition values:\n- In `module-1.nix': 5"),
            "{def}: {msg}"
        );
    }
}

#[test]
fn only_modules_that_define_or_declare_are_kept_as_sources() {
    aspects_nix::on_big_stack(|| {
        let mut ev = Eval::default();
        let out = evaluate(
            &mut ev,
            r#"lib: [
              { imports = [ { _file = "wrapper.nix"; imports = [ { _file = "inner.nix"; b = 3; } ]; } ]; }
              { }
              { _file = "options.nix"; options.b = lib.mkOption { default = 2; }; }
              { _file = "empty-config.nix"; config = { }; }
            ]"#,
        )
        .expect("evaluates");
        let files: Vec<&str> = out.modules.iter().map(|(f, _)| &**f).collect();
        // Definition order (the reverse of collection order); the wrappers
        // and the empty module define nothing and are not listed.
        assert_eq!(files, ["inner.nix", "empty-config.nix", "options.nix"]);
        let c = ev.force(&out.config).expect("config");
        let Value::Attrs(c) = c else { panic!("a set") };
        let b = ev.force(c.get("b").expect("b")).expect("b's value");
        assert!(matches!(b, Value::Int(3)), "{b:?}");
    })
}

#[test]
fn a_module_of_imports_alone_passes_its_file_on_and_its_class_is_checked() {
    aspects_nix::on_big_stack(|| {
        let src = r#"lib: [
          { _file = "wrapper.nix"; imports = [ { b = 3; } { imports = [ { c = 4; } ]; } ]; }
        ]"#;
        let mut ev = Eval::default();
        let out = evaluate(&mut ev, src).expect("evaluates");
        let files: Vec<&str> = out.modules.iter().map(|(f, _)| &**f).collect();
        // The inner modules have no `_file`: their definitions are the
        // wrapper's (through a wrapper without one, too).
        assert_eq!(files, ["wrapper.nix", "wrapper.nix"]);

        // A `_class` beside `imports` is still checked.
        let mut ev = Eval::default();
        let lib = aspects_modules::full_lib(&mut ev).expect("lib");
        let e = ev
            .parse(
                "/m.nix",
                r#"[ { _class = "darwin"; _file = "mac.nix"; imports = [ { b = 3; } ]; } ]"#,
            )
            .expect("parses");
        let Value::List(items) = ev.eval(&e, aspects_nix::eval::ROOT_ENV).expect("a list") else {
            panic!("a list of modules")
        };
        let modules = items
            .iter()
            .map(|m| Def {
                value: m.clone(),
                file: "module-0.nix".into(),
            })
            .collect();
        let args = EvalArgs {
            modules,
            class: Some("nixos".into()),
            ..Default::default()
        };
        let err = eval_modules(&mut ev, &lib, args)
            .err()
            .expect("a class error");
        assert!(
            err.message
                .contains("The module mac.nix was imported into nixos instead of darwin."),
            "{}",
            err.message
        );
    })
}
