//! Typing again a value its own submodule type produced.
//!
//! flake-aspects types an aspect again wherever it meets it: every include
//! and every provider result is merged by the aspect type once more, at
//! every depth of the include tree (half of a flake's submodule
//! evaluations). Evaluating the submodule with a typed value as its only
//! definition gives, option by option, that value's attributes merged
//! again by their types, and a layer above that knows the type's options
//! can compute exactly that without the evaluation. It registers a
//! [`Retyper`] for the type; merging the type with one definition that the
//! type itself produced then calls it.
//!
//! Off with the generic collection (`use_prepared_submodules(ev, false)`),
//! so tests can compare both ways.

use crate::merge::Def;
use crate::prepared::SubmoduleMode;
use crate::types::{CheckedType, Type};
use aspects_nix::value::{Attrs, Value};
use aspects_nix::Str;
use aspects_nix::{Eval, EvalResult};
use std::rc::Rc;

/// What a retyper gets: the typed value (a set the type produced), the
/// file of that definition and the option path being merged.
pub struct Retype<'a> {
    pub lib: &'a Value,
    pub value: &'a Attrs,
    pub file: &'a Str,
    pub loc: &'a [Str],
}

/// Computes what evaluating the type with [`Retype::value`] as its only
/// definition gives.
pub type Retyper = Rc<dyn Fn(&mut Eval, Retype) -> EvalResult<Value>>;

/// Computes what evaluating the type with [`Retype::value`] (a plain set
/// the type did not produce) as its only definition gives, or `None` when
/// that set needs the evaluation.
pub type FreshTyper = Rc<dyn Fn(&mut Eval, Retype) -> EvalResult<Option<Value>>>;

/// A submodule type: its modules, special arguments (0: none) and class.
pub(crate) type TypeKey = (usize, usize, Option<Str>);

#[derive(Default)]
struct Retypers {
    /// Registered types (their modules kept, so addresses stay theirs).
    types: rustc_hash::FxHashMap<TypeKey, (Value, Retyper)>,
    /// Sets produced by a registered type, by address (kept alive).
    produced: rustc_hash::FxHashMap<usize, (TypeKey, Value)>,
    /// Fresh typers of registered types.
    fresh: rustc_hash::FxHashMap<TypeKey, FreshTyper>,
}

/// Registers `retyper` for `ty`, which must be a submodule type.
pub fn register_retyper(ev: &mut Eval, ty: &CheckedType, retyper: Retyper) -> EvalResult<()> {
    register(ev, ty, retyper, None)
}

/// Registers `retyper` for `ty`, with `fresh` for the plain sets it meets.
pub fn register_typers(
    ev: &mut Eval,
    ty: &CheckedType,
    retyper: Retyper,
    fresh: FreshTyper,
) -> EvalResult<()> {
    register(ev, ty, retyper, Some(fresh))
}

fn register(
    ev: &mut Eval,
    ty: &CheckedType,
    retyper: Retyper,
    fresh: Option<FreshTyper>,
) -> EvalResult<()> {
    let Type::Submodule {
        modules,
        special_args,
        class,
        ..
    } = &ty.ty
    else {
        return Err(aspects_nix::EvalError::new(
            aspects_nix::ErrorKind::WrongValueType,
            "only a submodule type can have a retyper".to_string(),
        )
        .boxed());
    };
    let modules = ev.force(modules)?;
    if let Some(key) = type_key(ev, &modules, special_args, class)? {
        let r = ev.extension::<Retypers>();
        if let Some(f) = fresh {
            r.fresh.insert(key.clone(), f);
        }
        r.types.insert(key, (modules, retyper));
    }
    Ok(())
}

/// The key of a submodule type that has a retyper, if it has one.
pub(crate) fn registered(
    ev: &mut Eval,
    modules: &Value,
    special_args: &Value,
    class: &Option<Str>,
) -> EvalResult<Option<TypeKey>> {
    if ev.extension::<Retypers>().types.is_empty() || !ev.extension::<SubmoduleMode>().prepared {
        return Ok(None);
    }
    let modules = ev.force(modules)?;
    // Other types' special arguments are not forced here.
    let Some(m) = modules.address() else {
        return Ok(None);
    };
    if !ev.extension::<Retypers>().types.keys().any(|k| k.0 == m) {
        return Ok(None);
    }
    let Some(key) = type_key(ev, &modules, special_args, class)? else {
        return Ok(None);
    };
    Ok(ev
        .extension::<Retypers>()
        .types
        .contains_key(&key)
        .then_some(key))
}

fn type_key(
    ev: &mut Eval,
    modules: &Value,
    special_args: &Value,
    class: &Option<Str>,
) -> EvalResult<Option<TypeKey>> {
    let Some(m) = modules.address() else {
        return Ok(None);
    };
    let special = match ev.force(special_args)? {
        Value::Attrs(a) if a.is_empty() => 0,
        other => match other.address() {
            Some(s) => s,
            None => return Ok(None),
        },
    };
    Ok(Some((m, special, class.clone())))
}

/// The value of `key`'s type for `defs`, when that is one set the type
/// produced (`None`: evaluate the submodule).
pub(crate) fn retyped(
    ev: &mut Eval,
    lib: &Value,
    key: &TypeKey,
    defs: &[Def],
    loc: &[Str],
) -> EvalResult<Option<Value>> {
    let [def] = defs else { return Ok(None) };
    let Value::Attrs(value) = ev.force(&def.value)? else {
        return Ok(None);
    };
    if value.is_empty() {
        return Ok(None);
    }
    let address = value.address();
    let retyper = {
        let r = ev.extension::<Retypers>();
        match r.produced.get(&address) {
            Some((k, _)) if k == key => r.types.get(key).map(|(_, f)| f.clone()),
            _ => None,
        }
    };
    let Some(retyper) = retyper else {
        return Ok(None);
    };
    typed_by(
        ev,
        key,
        &|ev, r| retyper(ev, r).map(Some),
        lib,
        &value,
        def,
        loc,
    )
}

/// The value of `key`'s type for `defs`, when that is one set (that the
/// type did not produce) its fresh typer can type (`None`: evaluate the
/// submodule).
pub(crate) fn fresh(
    ev: &mut Eval,
    lib: &Value,
    key: &TypeKey,
    defs: &[Def],
    loc: &[Str],
) -> EvalResult<Option<Value>> {
    let [def] = defs else { return Ok(None) };
    let Some(typer) = ev.extension::<Retypers>().fresh.get(key).cloned() else {
        return Ok(None);
    };
    let Value::Attrs(value) = ev.force(&def.value)? else {
        return Ok(None);
    };
    typed_by(ev, key, &*typer, lib, &value, def, loc)
}

/// What `typer` makes of `value` (the definition `def`), noted as made by
/// `key`'s type.
fn typed_by(
    ev: &mut Eval,
    key: &TypeKey,
    typer: &dyn Fn(&mut Eval, Retype) -> EvalResult<Option<Value>>,
    lib: &Value,
    value: &Attrs,
    def: &Def,
    loc: &[Str],
) -> EvalResult<Option<Value>> {
    let out = typer(
        ev,
        Retype {
            lib,
            value,
            file: &def.file,
            loc,
        },
    )?;
    if let Some(v) = &out {
        produced(ev, key, v);
    }
    Ok(out)
}

/// Notes that `key`'s type produced `value`.
pub(crate) fn produced(ev: &mut Eval, key: &TypeKey, value: &Value) {
    // Empty sets are one shared value: no type produces it alone.
    if matches!(value, Value::Attrs(a) if a.is_empty()) {
        return;
    }
    if let Some(a) = value.address() {
        ev.extension::<Retypers>()
            .produced
            .insert(a, (key.clone(), value.clone()));
    }
}
