//! An aspect typed again (the module system's [`Retyper`] for
//! flake-aspects' aspect submodule).
//!
//! Every include and provider result is merged by the aspect type once
//! more, with the typed aspect as its only definition. Evaluating the
//! submodule for that gives, attribute by attribute:
//!
//! - `name`, `description`: the aspect's own (a definition beats the
//!   `mkOptionDefault`s);
//! - `__functor`: the aspect's functor wrapped once more, which calls the
//!   aspect's with the same `self`, so the aspect's own is used;
//! - `includes`: the list merged again by its type (each include typed
//!   again in turn);
//! - `provides`, and `_` (its alias): merged again from both of the
//!   aspect's `provides` and `_`, as the alias forwards `_`'s definition;
//! - `modules`, `resolve`: computed again from the new aspect (with
//!   `_module` among `modules`' names: the module system's config has it);
//! - every other attribute (a class module): wrapped once more as the
//!   class type merges it, as deep as Nix has it;
//! - no `_module`.
//!
//! Each merge is the module system's own (`merge_option`), lazily, with
//! the option path the evaluation would give. The comparison with the
//! generic evaluation is the test `prepared_submodules_match_the_generic_collection`.

use crate::flake::attr;
use aspects_modules::merge::{
    child_loc, deferred_module, entry_name, merge_option, merge_type, submodule_evaluation, Def,
};
use aspects_modules::types::{CheckedType, Type};
use aspects_modules::{register_typers, Retype};
use aspects_nix::ast::Span;
use aspects_nix::value::{Attr, Attrs, Value};
use aspects_nix::Str;
use aspects_nix::{Eval, EvalResult};
use std::cell::OnceCell;
use std::rc::Rc;

/// The types and functions of the aspect type that typing uses.
pub(crate) struct AspectParts {
    /// The aspect submodule type itself.
    pub(crate) aspect: Rc<CheckedType>,
    pub(crate) includes: Rc<CheckedType>,
    /// The function types of `providerType`'s function branches (direct,
    /// then curried), if `includes` is `listOf providerType` as the
    /// prelude builds it.
    pub(crate) provider_functions: Option<(Type, Type)>,
    pub(crate) provides: Rc<CheckedType>,
    pub(crate) class: Rc<CheckedType>,
    /// Whether `class` is `types.deferredModule` itself (no `addCheck`).
    pub(crate) plain_class: bool,
    /// `config: { class, aspect-chain ? [] }: ...` (the prelude's).
    pub(crate) resolve: Value,
    /// `name` and `description`.
    pub(crate) string: Rc<CheckedType>,
    /// `__functor`: its type, default and `apply`.
    pub(crate) functor: Rc<CheckedType>,
    pub(crate) default_functor: Value,
    pub(crate) wrap_functor: Value,
}

/// Registers the retyper for the prelude's aspect submodule (`parts` is
/// the prelude's `retypeParts`).
pub(crate) fn register(ev: &mut Eval, parts: &Value) -> EvalResult<()> {
    let aspect = attr(ev, parts, "aspectSubmodule")?;
    let aspect = CheckedType::from_value(ev, &aspect)?;
    let includes = attr(ev, parts, "includesType")?;
    let includes = Rc::new(CheckedType::from_value(ev, &includes)?);
    let provides = attr(ev, parts, "providesType")?;
    let class = attr(ev, parts, "classType")?;
    let class = Rc::new(CheckedType::from_value(ev, &class)?);
    let string = attr(ev, parts, "strType")?;
    let functor = attr(ev, parts, "functorType")?;
    let parts = Rc::new(AspectParts {
        aspect: Rc::new(aspect.clone()),
        provider_functions: provider_functions(&includes.ty),
        includes: includes.clone(),
        provides: Rc::new(CheckedType::from_value(ev, &provides)?),
        class: class.clone(),
        plain_class: matches!(class.ty, Type::DeferredModule) && class.checks.is_empty(),
        resolve: attr(ev, parts, "aspectResolve")?,
        string: Rc::new(CheckedType::from_value(ev, &string)?),
        functor: Rc::new(CheckedType::from_value(ev, &functor)?),
        default_functor: attr(ev, parts, "defaultFunctor")?,
        wrap_functor: attr(ev, parts, "wrapFunctor")?,
    });
    let for_fresh = parts.clone();
    register_typers(
        ev,
        &aspect,
        Rc::new(move |ev, r| retyped(ev, &parts, r)),
        Rc::new(move |ev, r| crate::fresh::typed(ev, &for_fresh, r)),
    )
}

fn retyped(ev: &mut Eval, parts: &Rc<AspectParts>, r: Retype) -> EvalResult<Value> {
    // The aspect's option path, shared by its attributes' merges.
    let loc: Rc<[Str]> = r.loc.into();
    let def = Def {
        value: Value::Attrs(r.value.clone()),
        file: r.file.clone(),
    };
    let (resolve, me) = resolve_of(ev, parts, r.lib, &loc, def);
    let provides_defs: Vec<Def> = ["provides", "_"]
        .iter()
        .filter_map(|name| r.value.get(name))
        .map(|v| Def {
            value: v.clone(),
            file: r.file.clone(),
        })
        .collect();
    let provides = merged(
        ev,
        r.lib,
        &parts.provides,
        &loc,
        aspects_nix::known_str!("provides"),
        Defs::Many(provides_defs),
    );
    // `modules`: `mapAttrs (class: _: config.resolve { inherit class; })`
    // over the config modules see, which also has `_module` (the names
    // are read when `modules` is).
    let modules = {
        let (set, resolve) = (r.value.clone(), resolve.clone());
        ev.lazy(move |ev| {
            let names: Vec<Str> = set
                .names()
                .filter(|n| &***n != "_module")
                .cloned()
                .collect();
            Ok(modules_of(ev, &names, &resolve))
        })
    };
    let aspect = aspects_nix::attrs::with_buffer(|entries| {
        entries.reserve(r.value.len());
        for a in r.value.iter() {
            let value = match &*a.name {
                "_module" => continue,
                "name" | "description" | "__functor" => a.value.clone(),
                "provides" | "_" => provides.clone(),
                "resolve" => resolve.clone(),
                "modules" => modules.clone(),
                other => {
                    let def = Def {
                        value: a.value.clone(),
                        file: r.file.clone(),
                    };
                    if other == "includes" {
                        includes_again(ev, parts, r.lib, &loc, def)
                    } else if parts.plain_class {
                        class_module(ev, &loc, a.name.clone(), def)
                    } else {
                        merged(
                            ev,
                            r.lib,
                            &parts.class,
                            &loc,
                            a.name.clone(),
                            Defs::One(def),
                        )
                    }
                }
            };
            entries.push(Attr {
                name: a.name.clone(),
                value,
                pos: None,
            });
        }
        Value::Attrs(Attrs::take_sorted(entries))
    });
    let _ = me.set(aspect.clone());
    Ok(aspect)
}

/// A new aspect's `resolve` (`aspectResolve config`, given the aspect
/// module's `config`), and the cell the aspect goes in once it is made
/// (a thunk is an index, so this makes no Rc cycle). `def` is the
/// aspect's definition.
pub(crate) fn resolve_of(
    ev: &mut Eval,
    parts: &Rc<AspectParts>,
    lib: &Value,
    loc: &Rc<[Str]>,
    def: Def,
) -> (Value, Rc<OnceCell<Value>>) {
    let me: Rc<OnceCell<Value>> = Rc::new(OnceCell::new());
    let resolve = {
        let (me, parts, lib, loc) = (me.clone(), parts.clone(), lib.clone(), loc.clone());
        ev.lazy(move |ev| {
            let aspect = me.get().expect("made before it is read");
            let config = internal_config(ev, &parts, &lib, &loc, def.clone(), aspect);
            let r = ev.call(parts.resolve.clone(), config, Span::default())?;
            ev.force(&r)
        })
    };
    (resolve, me)
}

/// The aspect module's `config` argument (what `resolve` calls): the
/// aspect with `_module`. Only the submodule's evaluation for `def` makes
/// that, so it is evaluated if `_module` is ever read.
fn internal_config(
    ev: &mut Eval,
    parts: &AspectParts,
    lib: &Value,
    loc: &[Str],
    def: Def,
    aspect: &Value,
) -> Value {
    let Value::Attrs(aspect) = aspect else {
        return aspect.clone();
    };
    let module = {
        let (lib, ty, loc) = (lib.clone(), parts.aspect.clone(), loc.to_vec());
        ev.lazy(move |ev| {
            let evaluated = submodule_evaluation(ev, &lib, &ty.ty, &loc, vec![def.clone()])?;
            match ev.force(&evaluated.internal)? {
                Value::Attrs(a) => match a.get("_module").cloned() {
                    Some(m) => ev.force(&m),
                    None => Ok(Value::attrs(Attrs::empty())),
                },
                other => Ok(other),
            }
        })
    };
    Value::attrs(aspect.update(&Attrs::of([(aspects_nix::known_str!("_module"), module)])))
}

/// Sorted `names` (without `_module`) with `_module` in its place.
pub(crate) fn with_module(names: &[Str]) -> Vec<Str> {
    let module = aspects_nix::known_str!("_module");
    let at = names.partition_point(|n| *n < module);
    let mut out = Vec::with_capacity(names.len() + 1);
    out.extend_from_slice(&names[..at]);
    out.push(module);
    out.extend_from_slice(&names[at..]);
    out
}

/// `{ <name> = resolve { class = <name>; }; ... }`, each when it is read,
/// for the aspect's sorted `names` (without `_module`) and `_module`: the
/// names of the config the aspect module sees.
pub(crate) fn modules_of(ev: &mut Eval, names: &[Str], resolve: &Value) -> Value {
    let names = with_module(names);
    let entries = names.iter().map(|class| {
        let resolve = resolve.clone();
        let arg = Value::attrs(Attrs::of([("class".into(), Value::String(class.clone()))]));
        let value = ev.lazy(move |ev| {
            let tree = ev.call(resolve.clone(), arg.clone(), Span::default())?;
            ev.force(&tree)
        });
        Attr {
            name: class.clone(),
            value,
            pos: None,
        }
    });
    Value::attrs(Attrs::from_sorted(entries))
}

/// The definitions of one attribute: most have one (kept without a
/// vector, as a retype makes such a merge for every class and include).
enum Defs {
    One(Def),
    Many(Vec<Def>),
}

impl Defs {
    fn as_slice(&self) -> &[Def] {
        match self {
            Defs::One(d) => std::slice::from_ref(d),
            Defs::Many(ds) => ds,
        }
    }
}

/// `listOf (either (either direct curried) aspect)`'s direct and curried
/// function types (without their `addCheck`s).
fn provider_functions(includes: &Type) -> Option<(Type, Type)> {
    let Type::ListOf(provider) = includes else {
        return None;
    };
    let Type::Either(function, _) = &provider.ty else {
        return None;
    };
    let Type::Either(direct, curried) = &function.ty else {
        return None;
    };
    match (&direct.ty, &curried.ty) {
        (Type::FunctionTo(_), Type::FunctionTo(_)) => Some((direct.ty.clone(), curried.ty.clone())),
        _ => None,
    }
}

/// A re-typed aspect's `includes`, when it is read: the aspect's own list
/// merged again by `listOf providerType`. Its elements are what that type
/// made: a provider's `{ __functor; __functionArgs; }`, which is a direct
/// provider again if its formals are a provider's (`isProviderFn`) and a
/// curried one otherwise (it is an opaque functor), or a typed aspect. The
/// providers are merged by their branch's function type at once, without
/// `either` trying each branch's checks on them (which cannot fail, and
/// call nothing but the natives); a list with anything else is merged the
/// module system's way.
fn includes_again(
    ev: &mut Eval,
    parts: &Rc<AspectParts>,
    lib: &Value,
    loc: &Rc<[Str]>,
    def: Def,
) -> Value {
    let (parts, lib, loc) = (parts.clone(), lib.clone(), loc.clone());
    ev.lazy(move |ev| {
        let at = child_loc(&loc, aspects_nix::known_str!("includes"));
        let generic = |ev: &mut Eval| {
            merge_option(
                ev,
                &lib,
                &parts.includes,
                &at,
                std::slice::from_ref(&def),
                None,
            )
        };
        let (Some(functions), Value::List(items)) =
            (&parts.provider_functions, ev.force(&def.value)?)
        else {
            return generic(ev);
        };
        // As the list's merge does: every element forced, in order.
        let mut providers = Vec::with_capacity(items.len());
        for item in items.iter() {
            match ev.force(item)? {
                Value::Attrs(a)
                    if a.len() == 2 && a.contains("__functor") && a.contains("__functionArgs") =>
                {
                    providers.push(Value::Attrs(a))
                }
                _ => return generic(ev),
            }
        }
        let out = providers.into_iter().enumerate().map(|(m, provider)| {
            let eloc = child_loc(&at, entry_name(1, m + 1));
            let (lib, functions, file) = (lib.clone(), functions.clone(), def.file.clone());
            ev.lazy(move |ev| {
                let ty = if crate::classify::is_provider_fn(ev, &provider)? {
                    &functions.0
                } else {
                    &functions.1
                };
                let d = Def {
                    value: provider.clone(),
                    file: file.clone(),
                };
                merge_type(ev, &lib, ty, &eloc, vec![d])
            })
        });
        let out: Vec<Value> = out.collect();
        Ok(Value::list(out))
    })
}

/// A class module of a re-typed aspect, when it is read: what
/// `types.deferredModule` makes of `def`, the aspect's own class module.
/// That one is a deferred module already (the type made it), so it is a
/// plain definition that passes the type's check: both need not be looked
/// at (and the module itself is forced only where it is imported).
fn class_module(ev: &mut Eval, loc: &Rc<[Str]>, name: Str, def: Def) -> Value {
    let loc = loc.clone();
    ev.lazy(move |_| {
        let at = child_loc(&loc, name.clone());
        Ok(deferred_module(&at, std::slice::from_ref(&def)))
    })
}

/// The option `loc.name` merged from `defs` by `ty`, when it is read.
fn merged(
    ev: &mut Eval,
    lib: &Value,
    ty: &Rc<CheckedType>,
    loc: &Rc<[Str]>,
    name: Str,
    defs: Defs,
) -> Value {
    let (lib, ty, loc) = (lib.clone(), ty.clone(), loc.clone());
    ev.lazy(move |ev| {
        let at = child_loc(&loc, name.clone());
        merge_option(ev, &lib, &ty, &at, defs.as_slice(), None)
    })
}
