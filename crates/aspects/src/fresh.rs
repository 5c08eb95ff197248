//! An aspect typed from one plain set (the module system's
//! [`FreshTyper`](aspects_modules::FreshTyper) for flake-aspects' aspect
//! submodule): every provider result and inline include, and most
//! top-level aspects, are one such set.
//!
//! Evaluating the submodule for it gives, attribute by attribute, what
//! `group_value` gives for the type's modules and the set's wrapper
//! `{ _file; config = set; }`, which this computes without the evaluation:
//!
//! - `name`, `description`: the set's definition (if any), then the
//!   aspect module's `mkOptionDefault` (the attribute's name, `"Aspect
//!   <name>"`) from "the option's type", merged by `types.str`;
//! - `includes`, `provides` (with `_`'s definition after its own, `_`
//!   reading the same value), `__functor` (then its `apply`): the set's
//!   definition merged with the option's default;
//! - `modules`, `resolve`: computed from the new aspect, as the aspect
//!   module's `mkOverride 0` definitions are;
//! - every other attribute (a class module): merged by the class type.
//!
//! A set that defines `_module`, `modules` or `resolve`, or is a property
//! itself (`_type`), goes the evaluation's way. The comparison with the
//! generic evaluation is the test `prepared_submodules_match_the_generic_collection`.

use crate::retype::{modules_of, resolve_of, AspectParts};
use aspects_modules::eval::merge_free_form;
use aspects_modules::merge::{merge_option, Def};
use aspects_modules::Retype;
use aspects_nix::ast::Span;
use aspects_nix::known_str;
use aspects_nix::value::{Attr, Attrs, List, Value};
use aspects_nix::{Eval, EvalResult, Str};
use std::rc::Rc;

/// Names a set can define that need the evaluation.
const NEEDS_EVALUATION: [&str; 4] = ["_module", "_type", "modules", "resolve"];

/// The names every aspect has (the options, and `_`).
const DECLARED: [&str; 8] = [
    "_",
    "__functor",
    "description",
    "includes",
    "modules",
    "name",
    "provides",
    "resolve",
];

thread_local! {
    /// [`DECLARED`] as strings, made once per thread.
    static DECLARED_NAMES: Vec<Str> = DECLARED.iter().map(|n| Str::from(*n)).collect();
}

/// The names of two sorted, disjoint sequences, in order.
fn merge_sorted<'a>(a: &[Str], b: impl Iterator<Item = &'a Str>) -> Vec<Str> {
    let mut out = Vec::with_capacity(a.len() + 8);
    let mut a = a.iter().peekable();
    for n in b {
        while let Some(x) = a.next_if(|x| *x < n) {
            out.push(x.clone());
        }
        out.push(n.clone());
    }
    out.extend(a.cloned());
    out
}

pub(crate) fn typed(
    ev: &mut Eval,
    parts: &Rc<AspectParts>,
    r: Retype,
) -> EvalResult<Option<Value>> {
    let set = r.value;
    if NEEDS_EVALUATION.iter().any(|n| set.contains(n)) {
        return Ok(None);
    }
    let Some(name) = r.loc.last().cloned() else {
        return Ok(None);
    };
    let ctx = Rc::new(Context {
        parts: parts.clone(),
        lib: r.lib.clone(),
        loc: r.loc.into(),
        file: r.file.clone(),
        set: set.clone(),
    });
    let def = Def {
        value: Value::Attrs(set.clone()),
        file: r.file.clone(),
    };
    let (resolve, me) = resolve_of(ev, parts, r.lib, &ctx.loc, def);
    // The declared names and the set's others, both in order: merged.
    let names: Vec<Str> = DECLARED_NAMES.with(|declared| {
        merge_sorted(
            declared,
            set.names().filter(|n| !DECLARED.contains(&n.as_str())),
        )
    });
    let modules = {
        // `modules_of` adds `_module`, which the config modules see has.
        let (names, resolve) = (names.clone(), resolve.clone());
        ev.lazy(move |ev| Ok(modules_of(ev, &names, &resolve)))
    };
    let provides = ctx.merged(ev, |ctx, ev| {
        let defs = ctx.defined(&["provides", "_"]);
        merge_option(
            ev,
            &ctx.lib,
            &ctx.parts.provides,
            &ctx.at("provides"),
            &defs,
            Some(Value::attrs(Attrs::empty())),
        )
    });
    let aspect = aspects_nix::attrs::with_buffer(|entries| {
        entries.reserve(names.len());
        for n in &names {
            let value = match n.as_str() {
                "_" | "provides" => provides.clone(),
                "modules" => modules.clone(),
                "resolve" => resolve.clone(),
                "name" => {
                    let default = name.clone();
                    ctx.merged(ev, move |ctx, ev| {
                        ctx.string(ev, "name", Value::String(default.clone()))
                    })
                }
                "description" => {
                    let name = name.clone();
                    ctx.merged(ev, move |ctx, ev| {
                        let default = Value::string(format!("Aspect {name}"));
                        ctx.string(ev, "description", default)
                    })
                }
                "includes" => ctx.merged(ev, |ctx, ev| {
                    let defs = ctx.defined(&["includes"]);
                    let default = Value::List(List::empty());
                    if defs.is_empty() {
                        // The default alone: a list of no includes.
                        return Ok(default);
                    }
                    merge_option(
                        ev,
                        &ctx.lib,
                        &ctx.parts.includes,
                        &ctx.at("includes"),
                        &defs,
                        Some(default),
                    )
                }),
                "__functor" => ctx.merged(ev, |ctx, ev| {
                    let defs = ctx.defined(&["__functor"]);
                    // The default alone is what `lastDefinitionWins` gives.
                    let merged = if defs.is_empty() {
                        ctx.parts.default_functor.clone()
                    } else {
                        let default = Some(ctx.parts.default_functor.clone());
                        let at = ctx.at("__functor");
                        merge_option(ev, &ctx.lib, &ctx.parts.functor, &at, &defs, default)?
                    };
                    ev.call(ctx.parts.wrap_functor.clone(), merged, Span::default())
                }),
                class => {
                    let class = class.to_string();
                    ctx.merged(ev, move |ctx, ev| {
                        let defs = ctx.defined(&[class.as_str()]);
                        merge_free_form(ev, &ctx.lib, &ctx.parts.class, &ctx.at(&class), &defs)
                    })
                }
            };
            entries.push(Attr {
                name: n.clone(),
                value,
                pos: None,
            });
        }
        Value::Attrs(Attrs::take_sorted(entries))
    });
    let _ = me.set(aspect.clone());
    Ok(Some(aspect))
}

/// What the attributes' merges share (one for all of them).
struct Context {
    parts: Rc<AspectParts>,
    lib: Value,
    /// The aspect's option path.
    loc: Rc<[Str]>,
    /// The set's file.
    file: Str,
    set: Attrs,
}

impl Context {
    /// A thunk merging one attribute.
    fn merged(
        self: &Rc<Self>,
        ev: &mut Eval,
        merge: impl Fn(&Context, &mut Eval) -> EvalResult<Value> + 'static,
    ) -> Value {
        let ctx = self.clone();
        ev.lazy(move |ev| merge(&ctx, ev))
    }

    /// The option path of attribute `name`.
    fn at(&self, name: &str) -> Vec<Str> {
        let mut at = Vec::with_capacity(self.loc.len() + 1);
        at.extend_from_slice(&self.loc);
        at.push(name.into());
        at
    }

    /// The set's definitions of `names`, in that order.
    fn defined(&self, names: &[&str]) -> Vec<Def> {
        names
            .iter()
            .filter_map(|n| self.set.get(n))
            .map(|v| Def {
                value: v.clone(),
                file: self.file.clone(),
            })
            .collect()
    }

    /// `name` or `description`: the set's definition, then the aspect
    /// module's `mkOptionDefault default`.
    fn string(&self, ev: &mut Eval, name: &str, default: Value) -> EvalResult<Value> {
        let mut defs = self.defined(&[name]);
        if defs.is_empty() && matches!(default, Value::String(_)) {
            // Only the default: `types.str` merges a string alone to itself.
            return Ok(default);
        }
        defs.push(Def {
            value: option_default(default),
            file: known_str!("the option's type"),
        });
        merge_option(
            ev,
            &self.lib,
            &self.parts.string,
            &self.at(name),
            &defs,
            None,
        )
    }
}

/// `lib.mkOptionDefault content`.
fn option_default(content: Value) -> Value {
    aspects_modules::properties::mk_override(1500, content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retype::with_module;

    fn strs(names: &[&str]) -> Vec<Str> {
        names.iter().map(|n| Str::from(*n)).collect()
    }

    #[test]
    fn declared_and_other_names_merge_in_order() {
        let declared = DECLARED_NAMES.with(|d| d.clone());
        let others = strs(&["A", "c0", "homeManager", "nixos", "zz"]);
        let merged = merge_sorted(&declared, others.iter());
        let mut want: Vec<Str> = declared.iter().chain(&others).cloned().collect();
        want.sort();
        assert_eq!(merged, want);
        assert_eq!(merge_sorted(&declared, [].iter()), declared);
        assert_eq!(with_module(&merged).len(), merged.len() + 1);
        let mut with = merged.clone();
        with.push("_module".into());
        with.sort();
        assert_eq!(with_module(&merged), with);
        assert_eq!(with_module(&[]), strs(&["_module"]));
    }
}
