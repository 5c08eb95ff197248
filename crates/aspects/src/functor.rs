//! The aspect type's `__functor` option `apply` (SEMANTICS 1.3) as a native
//! function, called by the prelude as `native.wrapFunctor functor`.
//! Calling an aspect, `lib.isFunction` and `lib.functionArgs` of one all go
//! through the set it makes, for every include at every depth; in Nix its
//! two lambdas and `let` were a twentieth of a flake's evaluation.
//!
//! It makes exactly what this Nix does, with the same laziness:
//!
//! ```nix
//! wrapFunctor = functor: {
//!   __functionArgs = lib.functionArgs functor;
//!   __functor = _: self:
//!     let r = functor self; in
//!     if builtins.isFunction r then r else _: r;
//! };
//! ```

use crate::classify::lib_function_args;
use aspects_nix::ast::Span;
use aspects_nix::eval::ArgUse;
use aspects_nix::value::{Attrs, NativeFn, Value};
use aspects_nix::{Eval, EvalResult};
use std::rc::Rc;

/// `wrapFunctor functor` (the argument as the prelude passes it).
pub fn wrap_functor(ev: &mut Eval, args: Vec<Value>, _span: Span) -> EvalResult<Value> {
    let [functor]: [Value; 1] = args.try_into().expect("arity 1");
    let function_args = {
        let functor = functor.clone();
        ev.lazy(move |ev| lib_function_args(ev, &functor))
    };
    let call = NativeFn::value("__functor", 2, None, move |ev, args, span| {
        let [_, this]: [Value; 2] = args.try_into().expect("arity 2");
        let r = ev.call(functor.clone(), this, span)?;
        let r = ev.force(&r)?;
        Ok(if r.is_function() { r } else { constant(r) })
    });
    Ok(Value::attrs(Attrs::of([
        (aspects_nix::known_str!("__functionArgs"), function_args),
        (aspects_nix::known_str!("__functor"), call),
    ])))
}

/// `_: r`: reads nothing of its argument (so its calls are shared).
fn constant(r: Value) -> Value {
    NativeFn::value_with_arg_use(
        "constant",
        None,
        move |_, _, _| Ok(r.clone()),
        Rc::new(|_| Ok(ArgUse::Nothing)),
    )
}

#[cfg(test)]
mod tests {
    use aspects_nix::files::MemoryFs;
    use aspects_nix::value::{NativeFn, Value};
    use aspects_nix::Eval;

    /// The Nix `wrapFunctor` replaces, and what is read of an aspect made
    /// with it: calling it, `lib.isFunction`, `lib.functionArgs`, the
    /// set's own attributes; for functors that return a function, a
    /// constant, a functor set, or fail.
    const NIX: &str = r#"
      lib: native:
      let
        nixWrap = functor: {
          __functionArgs = lib.functionArgs functor;
          __functor = _: self:
            let r = functor self; in
            if builtins.isFunction r then r else _: r;
        };
        functors = [
          (self: { class, aspect-chain }: self.name)
          (self: 5)
          (self: x: "${self.name}:${toString x}")
          (self: { __functor = s: { class }: class; })
          (self: throw "boom")
          ({ lib }: 1)
          { __functor = s: self: { class, ... }: class; __functionArgs = { class = false; }; }
        ];
        show = wrap: f:
          let
            a = { name = "a"; __functor = wrap f; };
            tries = {
              names = builtins.attrNames (wrap f);
              isFunction = lib.isFunction a;
              args = lib.functionArgs a;
              ownArgs = (wrap f).__functionArgs;
              called = a { class = "nixos"; aspect-chain = [ ]; };
              calledTwice = let g = a 1; in if builtins.isFunction g then "function" else g;
              innerIsFunction = builtins.isFunction ((wrap f).__functor null a);
            };
          in
          builtins.mapAttrs (_: v: builtins.tryEval (builtins.deepSeq v v)) tries;
      in
      {
        nix = map (show nixWrap) functors;
        native = map (show native) functors;
      }
    "#;

    #[test]
    fn native_wrap_functor_makes_what_the_nix_makes() {
        let mut ev = Eval::new(Box::new(MemoryFs::new()));
        let lib = ev.lib().unwrap();
        let native = NativeFn::value("wrapFunctor", 1, None, super::wrap_functor);
        let f = ev.eval_source("/test/functor.nix", NIX).unwrap();
        let f = ev.call(f, lib, Default::default()).unwrap();
        let out = ev.call(f, native, Default::default()).unwrap();
        let mut shown = |side: &str| -> Vec<Vec<Result<String, String>>> {
            let Value::List(cases) = crate::flake::attr(&mut ev, &out, side).unwrap() else {
                panic!("a list")
            };
            cases
                .iter()
                .map(|case| {
                    let Value::Attrs(tries) = ev.force(case).unwrap() else {
                        panic!("a set")
                    };
                    tries
                        .iter()
                        .map(|t| {
                            aspects_nix::print::print_value(&mut ev, &t.value, true)
                                .map(|s| format!("{}: {s}", t.name))
                                .map_err(|e| format!("{}: {}", t.name, e.message))
                        })
                        .collect()
                })
                .collect()
        };
        let (nix, native) = (shown("nix"), shown("native"));
        assert_eq!(nix.len(), 7);
        for (i, (want, got)) in nix.iter().zip(&native).enumerate() {
            assert_eq!(want, got, "functor {i}");
        }
        // The cases reach both outcomes.
        let all: Vec<&Result<String, String>> = nix.iter().flatten().collect();
        assert!(all.iter().any(|r| r.is_err()), "{nix:?}");
        assert!(all
            .iter()
            .any(|r| matches!(r, Ok(s) if s.contains("success = true"))));
        assert!(all
            .iter()
            .any(|r| matches!(r, Ok(s) if s.contains("success = false"))));
    }
}
