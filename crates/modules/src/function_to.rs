//! The merged value of a `functionTo` option: a function that applies
//! every definition to its argument and merges the results by the element
//! type, with results shared between calls whose arguments agree on all
//! the definitions can look at.
//!
//! Why share: flake-aspects types every include as such a function and
//! resolution calls it once per include path with a fresh
//! `{ class, aspect-chain }`, while most providers read `class` only (or
//! nothing). Each call is a whole submodule evaluation; sharing makes
//! resolving a flake linear in its includes instead of in its include
//! paths. Nix is pure, so a shared result is the value the call would give.

use crate::merge::{effective, merge_checked, Def};
use crate::types::CheckedType;
use aspects_nix::ast::Span;
use aspects_nix::eval::ArgUse;
use aspects_nix::value::{Attrs, NativeFn, Value};
use aspects_nix::Str;
use aspects_nix::{Eval, EvalResult};
use std::cell::RefCell;
use std::rc::Rc;

/// The definitions unwrapped to the functions that receive the argument,
/// and what of it they look at together.
struct Peeled {
    callees: Vec<Def>,
    arg_use: ArgUse,
}

struct Shared {
    defs: Vec<Def>,
    lib: Value,
    elem: Rc<CheckedType>,
    loc: Vec<Str>,
    /// `None` until the first call; `Some(None)` if unwrapping failed (the
    /// calls then go the plain way and fail or not as they would).
    peeled: RefCell<Option<Option<Rc<Peeled>>>>,
    /// The evaluator's memo table for this function's results (kept by
    /// the evaluator, so results never keep this function alive).
    table: usize,
}

impl Shared {
    fn peeled(&self, ev: &mut Eval, span: Span) -> Option<Rc<Peeled>> {
        if let Some(p) = &*self.peeled.borrow() {
            return p.clone();
        }
        let peeled = (|| -> EvalResult<Peeled> {
            let mut callees = Vec::with_capacity(self.defs.len());
            let mut arg_use = ArgUse::Nothing;
            for d in &self.defs {
                let (f, u) = ev.peel(&d.value, span)?;
                arg_use = arg_use.union(u);
                callees.push(Def {
                    value: f,
                    file: d.file.clone(),
                });
            }
            Ok(Peeled { callees, arg_use })
        })()
        .ok()
        .map(Rc::new);
        *self.peeled.borrow_mut() = Some(peeled.clone());
        peeled
    }

    fn call(&self, ev: &mut Eval, arg: Value, span: Span) -> EvalResult<Value> {
        let peeled = self.peeled(ev, span);
        let key = match &peeled {
            Some(p) => ev.memo_key(&arg, &p.arg_use).ok().flatten(),
            None => None,
        };
        if let Some(v) = key.as_ref().and_then(|k| ev.memo_get(self.table, k)) {
            return Ok(v);
        }
        let defs = peeled.as_ref().map_or(&self.defs, |p| &p.callees);
        let applied: Vec<Def> = match &defs[..] {
            // One definition is forced at once by the merge: called here
            // rather than through a thunk.
            [d] => {
                let r = ev.call(d.value.clone(), arg, span)?;
                vec![Def {
                    value: ev.force(&r)?,
                    file: d.file.clone(),
                }]
            }
            _ => defs
                .iter()
                .map(|d| Def {
                    value: ev.lazy_apply(d.value.clone(), vec![arg.clone()], span),
                    file: d.file.clone(),
                })
                .collect(),
        };
        let eff = effective(ev, &applied)?;
        let result = merge_checked(ev, &self.lib, &self.elem, &self.loc, eff)?;
        if let Some(k) = key {
            ev.memo_insert(self.table, k, result.clone());
        }
        Ok(result)
    }
}

/// The merged function of `defs` (already discharged) for the option at
/// `loc`, whose results have type `elem`; `formals` is what
/// `builtins.functionArgs` reports for it.
pub fn merged_function(
    ev: &mut Eval,
    lib: &Value,
    elem: Rc<CheckedType>,
    loc: &[Str],
    defs: Vec<Def>,
    formals: Attrs,
) -> Value {
    let body_loc = crate::merge::child_loc(loc, aspects_nix::known_str!("<function body>"));
    let shared = Rc::new(Shared {
        defs,
        lib: lib.clone(),
        elem,
        loc: body_loc,
        peeled: RefCell::new(None),
        table: ev.new_memo_table(),
    });
    let for_use = shared.clone();
    NativeFn::value_with_arg_use(
        // Only `Debug` shows a native's name: no need to render `loc`.
        "functionTo",
        Some(formals),
        move |ev, args, span| {
            let arg = args.into_iter().next().expect("arity 1");
            shared.call(ev, arg, span)
        },
        Rc::new(move |ev| {
            Ok(for_use
                .peeled(ev, Span::default())
                .map_or(ArgUse::Whole, |p| p.arg_use.clone()))
        }),
    )
}
