//! Evaluator behaviour that the differential corpus cannot show: limits,
//! error positions and traces, the `pkgs` stand-in, laziness.

use aspects_nix::eval::Limits;
use aspects_nix::run::{eval_strict, Format};
use aspects_nix::{ErrorKind, Eval};

fn eval_with(src: &str, limits: Limits) -> Result<String, (ErrorKind, String, String)> {
    let src = src.to_string();
    aspects_nix::on_big_stack(move || {
        let mut ev = Eval::default();
        ev.limits = limits;
        let r = ev
            .parse("/test.nix", &src)
            .and_then(|e| eval_strict(&mut ev, &e, Format::Nix));
        r.map_err(|e| {
            let rendered = aspects_nix::report::render(&ev.files, &e);
            (e.kind, e.message.clone(), rendered)
        })
    })
}

fn eval(src: &str) -> Result<String, (ErrorKind, String, String)> {
    eval_with(src, Limits::default())
}

fn kind(src: &str) -> ErrorKind {
    eval(src).expect_err("an error").0
}

#[test]
fn runaway_recursion_is_a_stack_overflow_error() {
    assert_eq!(
        kind("let f = x: f (x + 1); in f 0"),
        ErrorKind::StackOverflow
    );
}

#[test]
fn native_thunks_forcing_each_other_count_as_steps() {
    // What engines build: computations that force other computations with
    // no Nix evaluated in between. They are stopped by the step budget
    // (and its memory and stack checks) as evaluation is.
    aspects_nix::on_big_stack(|| {
        let mut ev = Eval::default();
        ev.limits.max_steps = 10_000;
        let mut v = aspects_nix::Value::Int(0);
        for _ in 0..50_000 {
            let inner = v.clone();
            v = ev.lazy(move |ev| ev.force(&inner));
        }
        let e = ev.force(&v).expect_err("over the step budget");
        assert_eq!(e.kind, ErrorKind::NonTerminating, "{}", e.message);
    })
}

#[test]
fn a_functor_calling_itself_stops_at_the_call_depth() {
    // Each call of the set calls its functor and then the set again: nested
    // calls, as Nix counts them (before, only the stack budget stopped it).
    let (kind, message, _) =
        eval("let s = { __functor = self: self; }; in s null").expect_err("endless");
    assert_eq!(kind, ErrorKind::StackOverflow);
    assert!(
        message.contains("more than 10000 nested function calls"),
        "{message}"
    );
}

#[test]
fn deep_but_finite_recursion_works() {
    let src = "let count = n: if n == 0 then 0 else 1 + count (n - 1); in count 5000";
    assert_eq!(eval(src).unwrap(), "5000");
}

#[test]
fn endless_loops_stop_at_the_step_budget() {
    let limits = Limits {
        max_steps: 100_000,
        ..Limits::default()
    };
    // Tail-recursive through builtins: no deep stack, just endless work.
    let src = "let loop = n: builtins.foldl' (a: b: a + b) 0 (builtins.genList (x: x) 1000) + loop n; in loop 1";
    let err = eval_with(src, limits).unwrap_err();
    assert!(
        matches!(err.0, ErrorKind::NonTerminating | ErrorKind::StackOverflow),
        "{err:?}"
    );
}

#[test]
fn memory_budget_stops_huge_allocations() {
    let limits = Limits {
        max_memory_bytes: 8 << 20,
        ..Limits::default()
    };
    let src = "builtins.length (builtins.genList (x: [ x x x ]) 10000000)";
    assert_eq!(
        eval_with(src, limits).unwrap_err().0,
        ErrorKind::OutOfMemory
    );
}

#[test]
fn infinite_recursion_points_at_the_binding() {
    let (k, msg, rendered) = eval("let\n  x = x;\nin x").unwrap_err();
    assert_eq!(k, ErrorKind::InfiniteRecursion);
    assert_eq!(msg, "infinite recursion encountered");
    assert!(rendered.contains("/test.nix:2:7"), "{rendered}");
}

#[test]
fn missing_attributes_suggest_close_names() {
    let (k, msg, _) = eval("{ nixos = 1; }.nixOS").unwrap_err();
    assert_eq!(k, ErrorKind::MissingAttribute);
    assert!(msg.contains("did you mean 'nixos'"), "{msg}");
}

#[test]
fn calls_in_tail_position_count_and_trace_like_nested_ones() {
    // The evaluator loops on `if` branches and last calls instead of
    // recursing; the call-depth limit and the trace must not notice.
    let tail = "let f = n: if n == 0 then 0 else f (n - 1); in f ";
    assert_eq!(eval(&format!("{tail}9999")).unwrap(), "0");
    let (kind, message, _) = eval(&format!("{tail}10000")).unwrap_err();
    assert_eq!(kind, ErrorKind::StackOverflow, "{message}");
    let src = "let f = n: if n == 0 then throw \"boom\" else let m = n - 1; in with { }; assert true; f m; in f 3";
    let (_, message, rendered) = eval(src).unwrap_err();
    assert!(message.contains("boom"), "{message}");
    assert_eq!(
        rendered.matches("while calling function 'f'").count(),
        4,
        "{rendered}"
    );
    // A failing argument pattern is the callee's error, outside its frame.
    let src = "let g = { a }: a; f = n: if n == 0 then g { b = 1; } else f (n - 1); in f 2";
    let (kind, _, rendered) = eval(src).unwrap_err();
    assert_eq!(kind, ErrorKind::MissingArgument);
    assert_eq!(
        rendered.matches("while calling function 'f'").count(),
        3,
        "{rendered}"
    );
    assert_eq!(
        rendered.matches("while calling function 'g'").count(),
        0,
        "{rendered}"
    );
}

#[test]
fn errors_carry_a_trace_of_attributes_and_calls() {
    let src = "let f = { a }: a.b; in { x.y = f { a = { }; }; }";
    let (_, _, rendered) = eval(src).unwrap_err();
    assert!(
        rendered.contains("while evaluating the attribute 'y'"),
        "{rendered}"
    );
    assert!(
        rendered.contains("while calling function 'f'"),
        "{rendered}"
    );
}

#[test]
fn unused_errors_are_never_forced() {
    assert_eq!(
        eval("let a = throw \"no\"; b = { c = abort \"x\"; }; in builtins.length [ a b.c ]")
            .unwrap(),
        "2"
    );
}

#[test]
fn pkgs_stand_in_gives_any_package() {
    let out = aspects_nix::on_big_stack(|| {
        let mut ev = Eval::default();
        let e = ev
            .parse(
                "/t.nix",
                "pkgs: [ pkgs.vim.name pkgs.python3Packages.requests.pname (pkgs ? anything) pkgs.vim.type ]",
            )
            .unwrap();
        let f = ev.eval(&e, aspects_nix::eval::ROOT_ENV).unwrap();
        let pkgs = aspects_nix::builtins::pkgs_stand_in();
        let v = ev
            .call(f, pkgs, Default::default())
            .map_err(|e| e.message)
            .unwrap();
        aspects_nix::print::print_value(&mut ev, &v, true)
            .map_err(|e| e.message)
            .unwrap()
    });
    assert_eq!(out, r#"[ "vim" "requests" true "derivation" ]"#);
}

#[test]
fn functors_are_callable_and_coerce_to_strings() {
    assert_eq!(
        eval("({ __functor = self: x: x + self.n; n = 2; }) 3").unwrap(),
        "5"
    );
    assert_eq!(
        eval("\"${{ __toString = s: \"hi\"; }}\"").unwrap(),
        "\"hi\""
    );
}

#[test]
fn syntax_errors_are_reported_with_position() {
    let (k, _, rendered) = eval("{ a = ; }").unwrap_err();
    assert_eq!(k, ErrorKind::Syntax);
    assert!(rendered.contains("/test.nix:1:7"), "{rendered}");
}

#[test]
fn every_builtin_is_in_the_status_table() {
    let table = include_str!("../BUILTINS.md");
    for p in aspects_nix::builtins::primops() {
        assert!(
            table.contains(&format!("| `{}` |", p.name)),
            "BUILTINS.md does not list `{}`",
            p.name
        );
    }
}

#[test]
fn absurdly_deep_input_is_a_syntax_error_not_a_crash() {
    let chain = format!("1{}", " + 1".repeat(250_000));
    assert_eq!(kind(&chain), ErrorKind::Syntax);
    let negations = format!("{}1", "-".repeat(100_000));
    assert_eq!(kind(&negations), ErrorKind::Syntax);
    let lists = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    assert_eq!(kind(&lists), ErrorKind::Syntax);
    assert!(!aspects_nix::parse_diagnostics(&negations).is_empty());
}

#[test]
fn huge_strings_stop_at_the_memory_budget() {
    let limits = Limits {
        max_memory_bytes: 64 << 20,
        ..Limits::default()
    };
    let src = r#"let s = builtins.concatStringsSep "" (builtins.genList (x: "aaaaaaaaaa") 100000);
      in builtins.stringLength (builtins.concatStringsSep s (builtins.genList (x: "") 10000))"#;
    assert_eq!(
        eval_with(src, limits).unwrap_err().0,
        ErrorKind::OutOfMemory
    );
    let src = r#"let s = builtins.concatStringsSep "" (builtins.genList (x: "a") 20000);
      in builtins.stringLength (builtins.replaceStrings [ "a" ] [ s ] s)"#;
    assert_eq!(
        eval_with(src, limits).unwrap_err().0,
        ErrorKind::OutOfMemory
    );
}

#[test]
fn sets_written_out_of_order_keep_their_bindings() {
    // Lowering puts bindings in name order; slots of `rec` sets and
    // `inherit (e)` sources must follow.
    assert_eq!(
        eval("builtins.attrNames { z = 1; a = 2; m = 3; }").unwrap(),
        r#"[ "a" "m" "z" ]"#
    );
    assert_eq!(
        eval("(rec { z = a + m; a = 2; m = z0; z0 = 3; }).z").unwrap(),
        "5"
    );
    assert_eq!(
        eval("let s = { y = 1; x = 2; }; in { inherit (s) y x; c = 3; b = s.x; }").unwrap(),
        "{ b = 2; c = 3; x = 2; y = 1; }"
    );
    assert_eq!(
        eval("{ b.y = 1; a = 2; b.x = 3; }").unwrap(),
        "{ a = 2; b = { x = 3; y = 1; }; }"
    );
}
