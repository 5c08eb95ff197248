//! The prelude's classification of functions (SEMANTICS 1.5) as native
//! functions: the aspect types' `addCheck` predicates run for every
//! include and provider result, and written in Nix they were a tenth of a
//! flake's evaluation (list equality and `||` chains in the evaluator).
//!
//! Each computes exactly what the Nix it replaces does, calling the same
//! functors in the same order (so errors and laziness are the same):
//!
//! ```nix
//! isSubmoduleFn = f: let a = lib.functionArgs f; in
//!   a ? lib || a ? config || a ? options || a ? aspect;
//! isProviderFn = f: let n = attrNames (lib.functionArgs f); in
//!   n == [ "class" ] || n == [ "aspect-chain" ] || n == [ "aspect-chain" "class" ];
//! isOpaqueFunctor = x: isAttrs x && x ? __functor
//!   && all (k: k == "__functor" || k == "__functionArgs") (attrNames x);
//! isDirectProvider = f: lib.isFunction f && isProviderFn f;
//! isCurriedProvider = f: builtins.isFunction f || isOpaqueFunctor f;
//! isTopAspect = x: !builtins.isFunction x || isSubmoduleFn x;
//! ```

use aspects_nix::ast::Span;
use aspects_nix::builtins::function_args_of;
use aspects_nix::value::{Attrs, NativeFn, Value};
use aspects_nix::{Eval, EvalResult};

/// The predicates, by the names the prelude reads them under.
pub(crate) fn predicates() -> Vec<(&'static str, Value)> {
    vec![
        ("isSubmoduleFn", predicate("isSubmoduleFn", is_submodule_fn)),
        ("isProviderFn", predicate("isProviderFn", is_provider_fn)),
        (
            "isOpaqueFunctor",
            predicate("isOpaqueFunctor", is_opaque_functor),
        ),
        (
            "isDirectProvider",
            predicate("isDirectProvider", is_direct_provider),
        ),
        (
            "isCurriedProvider",
            predicate("isCurriedProvider", is_curried_provider),
        ),
        ("isTopAspect", predicate("isTopAspect", is_top_aspect)),
    ]
}

fn predicate(name: &str, test: fn(&mut Eval, &Value) -> EvalResult<bool>) -> Value {
    NativeFn::value(name, 1, None, move |ev, args, _| {
        Ok(Value::Bool(test(ev, &args[0])?))
    })
}

/// `lib.isFunction f`: a function, or a set whose `__functor`s unwrap to one.
fn lib_is_function(ev: &mut Eval, f: &Value) -> EvalResult<bool> {
    Ok(ev.unwrap_functors(f, Span::default())?.is_function())
}

/// `lib.functionArgs f` as it is: a functor's `__functionArgs` need not
/// be a set (`?` on it then says false; `attrNames` fails).
pub(crate) fn lib_function_args(ev: &mut Eval, f: &Value) -> EvalResult<Value> {
    if let Value::Attrs(a) = ev.force(f)? {
        if let Some(args) = a.get("__functionArgs") {
            if a.contains("__functor") {
                return ev.force(args);
            }
        }
    }
    Ok(Value::Attrs(function_args_of(ev, f)?))
}

fn is_submodule_fn(ev: &mut Eval, f: &Value) -> EvalResult<bool> {
    let Value::Attrs(a) = lib_function_args(ev, f)? else {
        return Ok(false);
    };
    Ok(["lib", "config", "options", "aspect"]
        .iter()
        .any(|n| a.contains(n)))
}

pub(crate) fn is_provider_fn(ev: &mut Eval, f: &Value) -> EvalResult<bool> {
    let a = function_args_of(ev, f)?;
    // A set's names are sorted, as `attrNames` gives them.
    let names: Vec<&str> = a.names().map(|n| n.as_str()).collect();
    Ok(matches!(
        names.as_slice(),
        ["class"] | ["aspect-chain"] | ["aspect-chain", "class"]
    ))
}

fn is_opaque_functor(ev: &mut Eval, x: &Value) -> EvalResult<bool> {
    Ok(match ev.force(x)? {
        Value::Attrs(a) => a.contains("__functor") && only_functor_names(&a),
        _ => false,
    })
}

fn only_functor_names(a: &Attrs) -> bool {
    a.names()
        .all(|k| k.as_str() == "__functor" || k.as_str() == "__functionArgs")
}

fn is_direct_provider(ev: &mut Eval, f: &Value) -> EvalResult<bool> {
    Ok(lib_is_function(ev, f)? && is_provider_fn(ev, f)?)
}

fn is_curried_provider(ev: &mut Eval, f: &Value) -> EvalResult<bool> {
    Ok(ev.force(f)?.is_function() || is_opaque_functor(ev, f)?)
}

fn is_top_aspect(ev: &mut Eval, x: &Value) -> EvalResult<bool> {
    Ok(!ev.force(x)?.is_function() || is_submodule_fn(ev, x)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aspects_nix::files::MemoryFs;

    /// The Nix each predicate replaces, applied to every sample, and the
    /// samples themselves.
    const NIX: &str = r#"
      lib:
      let
        inherit (builtins) isAttrs attrNames all;
        isSubmoduleFn = f: let a = lib.functionArgs f; in
          a ? lib || a ? config || a ? options || a ? aspect;
        isProviderFn = f: let n = attrNames (lib.functionArgs f); in
          n == [ "class" ] || n == [ "aspect-chain" ] || n == [ "aspect-chain" "class" ];
        isOpaqueFunctor = x: isAttrs x && x ? __functor
          && all (k: k == "__functor" || k == "__functionArgs") (attrNames x);
        predicates = {
          inherit isSubmoduleFn isProviderFn isOpaqueFunctor;
          isDirectProvider = f: lib.isFunction f && isProviderFn f;
          isCurriedProvider = f: builtins.isFunction f || isOpaqueFunctor f;
          isTopAspect = x: !builtins.isFunction x || isSubmoduleFn x;
        };
        samples = [
          (x: x) ({ class }: 1) ({ class, ... }: 1) ({ aspect-chain, class }: 1)
          ({ aspect-chain }: 1) ({ class, foo }: 1) ({ lib, ... }: 1) ({ config }: 1)
          ({ options, ... }: 1) ({ aspect }: 1) ({ }: 1) ({ class ? "c" }: 1)
          { __functor = self: { class, ... }: 1; }
          { __functor = self: x: 1; __functionArgs = { class = false; }; }
          { __functor = self: 1; }
          { __functor = self: { lib }: 1; extra = 1; }
          { __functor = self: { __functor = s: { class }: 1; }; }
          { __functor = self: x: 1; __functionArgs = { }; }
          1 "s" { } { a = 1; } [ ] null
          builtins.map builtins.add
          { __functor = self: throw "boom"; }
          { __functor = 1; }
          { __functor = self: x: 1; __functionArgs = 1; }
        ];
        run = p: map p samples;
      in
      { inherit samples; answers = builtins.mapAttrs (_: run) predicates; }
    "#;

    #[test]
    fn native_predicates_answer_as_the_nix_they_replace() {
        let mut ev = Eval::new(Box::new(MemoryFs::new()));
        let lib = ev.lib().unwrap();
        let f = ev.eval_source("/test/classify.nix", NIX).unwrap();
        let out = ev.call(f, lib, Span::default()).unwrap();
        let samples = match crate::flake::attr(&mut ev, &out, "samples").unwrap() {
            Value::List(l) => l,
            other => panic!("{other:?}"),
        };
        let answers = crate::flake::attr(&mut ev, &out, "answers").unwrap();
        let mut checked = 0;
        for (name, native) in predicates() {
            let expected = match crate::flake::attr(&mut ev, &answers, name).unwrap() {
                Value::List(l) => l,
                other => panic!("{other:?}"),
            };
            for (i, sample) in samples.iter().enumerate() {
                // `None`: the evaluation fails.
                let want = match ev.force(&expected[i]) {
                    Ok(Value::Bool(b)) => Some(b),
                    Ok(other) => panic!("{other:?}"),
                    Err(_) => None,
                };
                let got = match ev.call(native.clone(), sample.clone(), Span::default()) {
                    Ok(v) => match ev.force(&v).unwrap() {
                        Value::Bool(b) => Some(b),
                        other => panic!("{other:?}"),
                    },
                    Err(_) => None,
                };
                assert_eq!(got, want, "{name} of sample {i}");
                checked += 1;
            }
        }
        assert_eq!(checked, 6 * samples.len());
    }
}
