//! Merging an option's definitions by its type (the `merge` of every
//! `lib.types` type), with the module system's errors.

use crate::eval::{eval_modules, show_loc, EvalArgs};
use crate::properties::{
    discharge_to, discharge_with, select_by, Discharged, DEFAULT_ORDER, DEFAULT_PRIORITY,
};
use crate::types::{CheckedType, Type};
use aspects_nix::ast::Span;
use aspects_nix::value::{Attr, Attrs, NativeFn, Value};
use aspects_nix::Str;
use aspects_nix::{ErrorKind, Eval, EvalError, EvalResult};
use std::collections::BTreeMap;
use std::rc::Rc;

/// How the error of a free-form attribute whose definitions are all
/// `mkIf false` ends: such an attribute is absent when shown.
pub const ALL_FALSE_MKIF: &str = "every definition is under a false mkIf";

/// One definition of an option: a value (maybe with properties) and the
/// file it came from.
#[derive(Clone, Debug)]
pub struct Def {
    pub value: Value,
    pub file: Str,
}

fn err(kind: ErrorKind, msg: impl Into<String>) -> Box<EvalError> {
    EvalError::new(kind, msg).boxed()
}

/// A short rendering of a definition value for error messages.
pub fn show_value(ev: &mut Eval, v: &Value) -> String {
    let text = aspects_nix::print::print_value(ev, v, false).unwrap_or_else(|_| "«error»".into());
    if text.chars().count() > 200 {
        let cut: String = text.chars().take(200).collect();
        format!("{cut}…")
    } else {
        text
    }
}

fn definition_list(ev: &mut Eval, defs: &[Def]) -> String {
    let mut out = String::new();
    for d in defs {
        let v = ev.force(&d.value).unwrap_or(Value::Null);
        out.push_str(&format!("\n- In `{}': {}", d.file, show_value(ev, &v)));
    }
    out
}

/// Discharges properties and keeps the strongest definitions.
pub(crate) fn effective(ev: &mut Eval, defs: &[Def]) -> EvalResult<Vec<Def>> {
    if let Some(d) = plain_single(ev, defs)? {
        return Ok(vec![d]);
    }
    let discharged = discharge_all(ev, defs)?;
    Ok(strongest(discharged))
}

/// The one definition of `defs` when it is no property (`mkIf`,
/// `mkMerge`, `mkOverride`, `mkOrder`, nor any other marked set): it is
/// then its own effective definition, of plain priority (the common case
/// needs no buffers in between).
fn plain_single(ev: &mut Eval, defs: &[Def]) -> EvalResult<Option<Def>> {
    let [d] = defs else { return Ok(None) };
    let value = ev.force(&d.value)?;
    if crate::properties::marker(ev, &value)?.is_some() {
        return Ok(None);
    }
    Ok(Some(Def {
        value,
        file: d.file.clone(),
    }))
}

/// Every definition with its properties discharged, with its file.
fn discharge_all(ev: &mut Eval, defs: &[Def]) -> EvalResult<Vec<(Discharged, Str)>> {
    let mut out: Vec<(Discharged, Str)> = Vec::with_capacity(defs.len());
    for d in defs {
        discharge_to(ev, &d.value, DEFAULT_PRIORITY, DEFAULT_ORDER, &mut |x| {
            out.push((x, d.file.clone()))
        })?;
    }
    Ok(out)
}

/// The definitions of the highest priority (lowest number), stably
/// sorted by order.
fn strongest(out: Vec<(Discharged, Str)>) -> Vec<Def> {
    select_by(out, |(d, _)| d)
        .into_iter()
        .map(|(d, file)| Def {
            value: d.value,
            file,
        })
        .collect()
}

/// The priority of an option's default (`mkOptionDefault`).
const OPTION_DEFAULT_PRIORITY: i64 = 1500;

/// Merges the definitions of the option at `loc` with type `ty`; `default`
/// is the declaration's default (priority 1500).
pub fn merge_option(
    ev: &mut Eval,
    lib: &Value,
    ty: &CheckedType,
    loc: &[Str],
    defs: &[Def],
    default: Option<Value>,
) -> EvalResult<Value> {
    // A plain definition outranks the default (priority 100 < 1500).
    if let Some(d) = plain_single(ev, defs)? {
        return merge_checked(ev, lib, ty, loc, vec![d]);
    }
    let mut discharged = discharge_all(ev, defs)?;
    if let Some(d) = default {
        // As nixpkgs: the default is a definition of priority 1500, first
        // in order, whose value is only looked at when nothing stronger
        // is defined (a throwing default does not matter then).
        let best = discharged.iter().map(|(d, _)| d.priority).min();
        if best.is_none_or(|b| b >= OPTION_DEFAULT_PRIORITY) {
            let mut ds = Vec::new();
            discharge_with(ev, &d, OPTION_DEFAULT_PRIORITY, DEFAULT_ORDER, &mut ds)?;
            let file: Str = aspects_nix::known_str!("the option's default");
            discharged.splice(0..0, ds.into_iter().map(|x| (x, file.clone())));
        }
    }
    let defs = strongest(discharged);
    if defs.is_empty() {
        return Err(err(
            ErrorKind::UndefinedOption,
            format!(
                "The option `{}' was accessed but has no value defined. Try setting the option.",
                show_loc(loc)
            ),
        ));
    }
    merge_checked(ev, lib, ty, loc, defs)
}

/// Checks every (discharged) definition against `ty` and merges them.
pub fn merge_checked(
    ev: &mut Eval,
    lib: &Value,
    ty: &CheckedType,
    loc: &[Str],
    defs: Vec<Def>,
) -> EvalResult<Value> {
    for d in &defs {
        if !check(ev, &ty.ty, &ty.checks, &d.value)? {
            let listing = definition_list(ev, std::slice::from_ref(d));
            return Err(err(
                ErrorKind::OptionType,
                format!(
                    "A definition for option `{}' is not of type `{}'. Definition values:{listing}",
                    show_loc(loc),
                    ty.describe(ev)
                ),
            ));
        }
    }
    merge_type(ev, lib, &ty.ty, loc, defs)
}

/// Whether `v` passes the type's shape and its `addCheck` predicates.
pub fn check(ev: &mut Eval, ty: &Type, checks: &[Value], v: &Value) -> EvalResult<bool> {
    let v = ev.force(v)?;
    if !shape(ev, ty, &v)? {
        return Ok(false);
    }
    for c in checks {
        if !passes(ev, c, &v)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether the `addCheck` predicate `pred` holds for `v` (forced). A
/// predicate is a pure function, and the same value meets the same check
/// several times (an `either` checks each branch when checking and again
/// when merging; a provider is re-typed at every include): answers for
/// sets and functions are remembered by identity for the evaluation.
fn passes(ev: &mut Eval, pred: &Value, v: &Value) -> EvalResult<bool> {
    let pred = ev.force(pred)?;
    let key = pred.address().zip(v.address());
    if let Some(k) = key {
        if let Some((_, answer)) = ev.extension::<CheckAnswers>().0.get(&k) {
            return Ok(*answer);
        }
    }
    let answer = matches!(
        ev.call(pred.clone(), v.clone(), Span::default())?,
        Value::Bool(true)
    );
    if let Some(k) = key {
        // Both values are kept so that their addresses stay theirs.
        ev.extension::<CheckAnswers>()
            .0
            .insert(k, ([pred, v.clone()], answer));
    }
    Ok(answer)
}

/// Remembered `addCheck` answers: (predicate, value) addresses → the
/// two values and the answer.
#[derive(Default)]
struct CheckAnswers(rustc_hash::FxHashMap<(usize, usize), ([Value; 2], bool)>);

fn shape(ev: &mut Eval, ty: &Type, v: &Value) -> EvalResult<bool> {
    Ok(match ty {
        Type::Enum(values) => {
            for x in values.iter() {
                if ev.equal(x, v)? {
                    return Ok(true);
                }
            }
            false
        }
        Type::Either(l, r) => check(ev, &l.ty, &l.checks, v)? || check(ev, &r.ty, &r.checks, v)?,
        Type::NullOr(t) => matches!(v, Value::Null) || check(ev, &t.ty, &t.checks, v)?,
        Type::Package => match v {
            Value::Attrs(a) => a.contains("outPath") || a.contains("type") || a.open().is_some(),
            Value::Path(_) | Value::String(_) => true,
            _ => false,
        },
        other => other.shape_check(v),
    })
}

/// Merges `defs` by `ty` without checking them ([`merge_checked`] checks
/// first): for definitions known to pass, such as values `ty`'s own merge
/// made.
pub fn merge_type(
    ev: &mut Eval,
    lib: &Value,
    ty: &Type,
    loc: &[Str],
    defs: Vec<Def>,
) -> EvalResult<Value> {
    match ty {
        Type::Bool
        | Type::Int
        | Type::Float
        | Type::Str
        | Type::Path
        | Type::Enum(_)
        | Type::Package => merge_equal(ev, loc, defs),
        Type::LastWins => ev.force(&defs[defs.len() - 1].value),
        Type::Raw | Type::OptionType => {
            ensure_unique(ev, loc, &defs)?;
            ev.force(&defs[0].value)
        }
        Type::Uniq(t) => {
            ensure_unique(ev, loc, &defs)?;
            merge_checked(ev, lib, t, loc, defs)
        }
        Type::Separated(sep) => {
            let mut parts = Vec::new();
            for d in &defs {
                if let Value::String(s) = ev.force(&d.value)? {
                    parts.push(String::from(&*s));
                }
            }
            Ok(Value::string(parts.join(sep)))
        }
        Type::Attrs => {
            let mut acc = Attrs::empty();
            for d in &defs {
                if let Value::Attrs(a) = ev.force(&d.value)? {
                    acc = acc.update(&a);
                }
            }
            Ok(Value::attrs(acc))
        }
        Type::Unspecified => merge_default(ev, loc, defs),
        Type::Anything => merge_anything(ev, lib, loc, defs, false),
        Type::LazyAnything => merge_anything(ev, lib, loc, defs, true),
        Type::NullOr(t) => {
            let mut nulls = 0;
            for d in &defs {
                if matches!(ev.force(&d.value)?, Value::Null) {
                    nulls += 1;
                }
            }
            if nulls == defs.len() {
                Ok(Value::Null)
            } else if nulls == 0 {
                merge_checked(ev, lib, t, loc, defs)
            } else {
                let listing = definition_list(ev, &defs);
                Err(err(
                    ErrorKind::ConflictingDefinitions,
                    format!(
                        "The option `{}' is defined both null and not null, in:{listing}",
                        show_loc(loc)
                    ),
                ))
            }
        }
        Type::ListOf(t) => {
            let mut out = Vec::new();
            for (n, d) in defs.iter().enumerate() {
                let Value::List(items) = ev.force(&d.value)? else {
                    continue;
                };
                for (m, item) in items.iter().enumerate() {
                    let eloc = child_loc(loc, entry_name(n + 1, m + 1));
                    let one = vec![Def {
                        value: item.clone(),
                        file: d.file.clone(),
                    }];
                    // An element under `mkIf false` disappears.
                    let eff = effective(ev, &one)?;
                    if eff.is_empty() {
                        continue;
                    }
                    out.push(lazy_merge(ev, lib, t, eloc, eff));
                }
            }
            Ok(Value::list(out))
        }
        Type::AttrsOf(t) | Type::LazyAttrsOf(t) => {
            let lazy = matches!(ty, Type::LazyAttrsOf(_));
            let by_name = defs_by_name(ev, &defs)?;
            merge_attrs(ev, lib, loc, by_name, t, lazy, |loc| {
                format!(
                    "The option `{}' was accessed but has no value defined. Try setting the option.",
                    show_loc(loc)
                )
            })
        }
        Type::FunctionTo(t) => {
            let elem = CheckedType::shared(ev, t)?;
            // The merged function's formals: every definition's, zipped;
            // optional only when optional in all of them.
            let mut formals: BTreeMap<Str, bool> = BTreeMap::new();
            for d in &defs {
                let fa = aspects_nix::builtins::function_args_of(ev, &d.value)?;
                for a in fa.iter() {
                    let optional = matches!(ev.force(&a.value)?, Value::Bool(true));
                    formals
                        .entry(a.name.clone())
                        .and_modify(|o| *o = *o && optional)
                        .or_insert(optional);
                }
            }
            let formals = Attrs::from_pairs(formals.into_iter().map(|(k, v)| (k, Value::Bool(v))));
            let formals_value = Value::attrs(formals.clone());
            let f = crate::function_to::merged_function(ev, lib, elem, loc, defs, formals);
            // Like nixpkgs: `{ __functor = self: f; __functionArgs = ...; }`.
            let functor = NativeFn::value("__functor", 1, None, move |_, _, _| Ok(f.clone()));
            Ok(Value::attrs(Attrs::of([
                (aspects_nix::known_str!("__functionArgs"), formals_value),
                (aspects_nix::known_str!("__functor"), functor),
            ])))
        }
        Type::Either(left, right) => {
            // As nixpkgs: the right branch is only checked when the left
            // fails, and each `all` stops at the first failure.
            let mut all_left = true;
            for d in &defs {
                if !check(ev, &left.ty, &left.checks, &d.value)? {
                    all_left = false;
                    break;
                }
            }
            if all_left {
                return merge_type(ev, lib, &left.ty, loc, defs);
            }
            let mut all_right = true;
            for d in &defs {
                if !check(ev, &right.ty, &right.checks, &d.value)? {
                    all_right = false;
                    break;
                }
            }
            if all_right {
                merge_type(ev, lib, &right.ty, loc, defs)
            } else {
                let listing = definition_list(ev, &defs);
                Err(err(
                    ErrorKind::ConflictingTypes,
                    format!("The option `{}' has conflicting definition values of different types:{listing}", show_loc(loc)),
                ))
            }
        }
        Type::CoercedTo { from, coerce, to } => {
            let mut coerced = Vec::new();
            for d in defs {
                let v = ev.force(&d.value)?;
                if !check(ev, &to.ty, &to.checks, &v)? && check(ev, &from.ty, &from.checks, &v)? {
                    let c = ev.call(coerce.clone(), v, Span::default())?;
                    coerced.push(Def {
                        value: c,
                        file: d.file,
                    });
                } else {
                    coerced.push(d);
                }
            }
            merge_checked(ev, lib, to, loc, coerced)
        }
        Type::Submodule {
            modules,
            special_args,
            class,
            ..
        } => {
            let retype_key = crate::retype::registered(ev, modules, special_args, class)?;
            if let Some(key) = &retype_key {
                if let Some(v) = crate::retype::retyped(ev, lib, key, &defs, loc)? {
                    return Ok(v);
                }
                if let Some(v) = crate::retype::fresh(ev, lib, key, &defs, loc)? {
                    return Ok(v);
                }
            }
            let evaluated = submodule_evaluation(ev, lib, ty, loc, defs)?;
            let config = ev.force(&evaluated.config)?;
            if let Some(key) = &retype_key {
                crate::retype::produced(ev, key, &config);
            }
            Ok(config)
        }
        Type::DeferredModule => Ok(deferred_module(loc, &defs)),
    }
}

/// `types.deferredModule`'s merge of (checked) `defs` at `loc`: each
/// definition imported with its file and the option it came through.
pub fn deferred_module(loc: &[Str], defs: &[Def]) -> Value {
    let imports = defs.iter().map(|d| {
        Value::attrs(Attrs::of([
            (
                aspects_nix::known_str!("_file"),
                Value::string(via_option(&d.file, loc)),
            ),
            (
                aspects_nix::known_str!("imports"),
                Value::List(aspects_nix::value::List::of([d.value.clone()])),
            ),
        ]))
    });
    Value::attrs(Attrs::of([(
        aspects_nix::known_str!("imports"),
        Value::list_of(imports),
    )]))
}

/// The type's modules (a module or a list of them) as definitions.
pub(crate) fn flatten_modules(ev: &mut Eval, d: &Def) -> EvalResult<Vec<Def>> {
    let v = ev.force(&d.value)?;
    match v {
        Value::List(items) => {
            let mut out = Vec::new();
            for i in items.iter() {
                out.extend(flatten_modules(
                    ev,
                    &Def {
                        value: i.clone(),
                        file: d.file.clone(),
                    },
                )?);
            }
            Ok(out)
        }
        other => Ok(vec![Def {
            value: other,
            file: d.file.clone(),
        }]),
    }
}

fn lazy_merge(
    ev: &mut Eval,
    lib: &Value,
    ty: &Rc<CheckedType>,
    loc: Vec<Str>,
    defs: Vec<Def>,
) -> Value {
    let lib = lib.clone();
    let ty = ty.clone();
    ev.lazy(move |ev| merge_checked(ev, &lib, &ty, &loc, defs.clone()))
}

fn merge_equal(ev: &mut Eval, loc: &[Str], defs: Vec<Def>) -> EvalResult<Value> {
    let first = ev.force(&defs[0].value)?;
    for d in &defs[1..] {
        if !ev.equal(&first, &d.value)? {
            let listing = definition_list(ev, &defs);
            return Err(err(
                ErrorKind::ConflictingDefinitions,
                format!(
                    "The option `{}' has conflicting definition values:{listing}",
                    show_loc(loc)
                ),
            ));
        }
    }
    Ok(first)
}

fn merge_default(ev: &mut Eval, loc: &[Str], defs: Vec<Def>) -> EvalResult<Value> {
    if defs.len() == 1 {
        return ev.force(&defs[0].value);
    }
    let values: Vec<Value> = defs
        .iter()
        .map(|d| ev.force(&d.value))
        .collect::<EvalResult<_>>()?;
    if values.iter().all(|v| matches!(v, Value::List(_))) {
        let mut out = Vec::new();
        for v in &values {
            if let Value::List(l) = v {
                out.extend(l.iter().cloned());
            }
        }
        return Ok(Value::list(out));
    }
    if values.iter().all(|v| matches!(v, Value::Attrs(_))) {
        let mut acc = Attrs::empty();
        for v in &values {
            if let Value::Attrs(a) = v {
                acc = acc.update(a);
            }
        }
        return Ok(Value::attrs(acc));
    }
    if values.iter().all(|v| matches!(v, Value::Bool(_))) {
        return Ok(Value::Bool(
            values.iter().any(|v| matches!(v, Value::Bool(true))),
        ));
    }
    if values.iter().all(|v| matches!(v, Value::String(_))) {
        let mut s = String::new();
        for v in &values {
            if let Value::String(x) = v {
                s.push_str(x);
            }
        }
        return Ok(Value::string(s));
    }
    merge_equal(ev, loc, defs)
}

/// A value already evaluated that is neither a set, a list nor a
/// function.
fn is_plain_scalar(v: &Value) -> bool {
    matches!(
        v,
        Value::Null
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::String(_)
            | Value::Path(_)
    )
}

/// `types.anything`: lists concatenate, sets merge per attribute, other
/// values must be equal.
fn merge_anything(
    ev: &mut Eval,
    lib: &Value,
    loc: &[Str],
    defs: Vec<Def>,
    lazy: bool,
) -> EvalResult<Value> {
    let elem_type = if lazy { lazy_anything() } else { anything() };
    let mut kinds = Vec::with_capacity(defs.len());
    for d in &defs {
        kinds.push(ev.force(&d.value)?);
    }
    let same = |pred: fn(&Value) -> bool| kinds.iter().all(pred);
    if defs.len() == 1 && !matches!(kinds[0], Value::Attrs(_) | Value::List(_)) {
        return Ok(kinds[0].clone());
    }
    if same(|v| matches!(v, Value::List(_))) {
        let total = kinds
            .iter()
            .map(|v| match v {
                Value::List(l) => l.len(),
                _ => 0,
            })
            .sum();
        let mut out = Vec::with_capacity(total);
        for (n, v) in kinds.iter().enumerate() {
            let Value::List(l) = v else { unreachable!() };
            for (m, item) in l.iter().enumerate() {
                // An evaluated scalar is its own merge: no property can
                // wrap it and `anything` keeps a lone scalar as it is.
                if is_plain_scalar(item) {
                    out.push(item.clone());
                    continue;
                }
                let one = vec![Def {
                    value: item.clone(),
                    file: defs[n].file.clone(),
                }];
                let eff = effective(ev, &one)?;
                if eff.is_empty() {
                    continue;
                }
                let eloc = child_loc(loc, entry_name(n + 1, m + 1));
                out.push(lazy_merge(ev, lib, &elem_type, eloc, eff));
            }
        }
        return Ok(Value::list(out));
    }
    if same(|v| matches!(v, Value::Attrs(a) if !a.contains("__functor") && !is_derivation(a))) {
        // Presence is not decided by forcing when lazy: an attribute whose
        // definitions are all `mkIf false` has no value.
        let by_name = defs_by_name(ev, &defs)?;
        return merge_attrs(ev, lib, loc, by_name, &elem_type, lazy, |loc| {
            format!(
                "The option `{}' has no value: {ALL_FALSE_MKIF}.",
                show_loc(loc)
            )
        });
    }
    if kinds.iter().all(|v| v.is_function()) && defs.len() > 1 {
        let anything = anything_descriptor(ev, lib)?;
        return merge_type(ev, lib, &Type::FunctionTo(anything), loc, defs);
    }
    let first_kind = kinds[0].type_of();
    if kinds.iter().any(|v| v.type_of() != first_kind) {
        let listing = definition_list(ev, &defs);
        return Err(err(
            ErrorKind::ConflictingTypes,
            format!(
                "The option `{}' has conflicting definition values of different types:{listing}",
                show_loc(loc)
            ),
        ));
    }
    merge_equal(ev, loc, defs)
}

fn is_derivation(a: &Attrs) -> bool {
    matches!(a.get("type"), Some(Value::String(s)) if &**s == "derivation")
}

fn anything() -> Rc<CheckedType> {
    thread_local! {
        static ANYTHING: Rc<CheckedType> = Rc::new(CheckedType {
            ty: Type::Anything,
            name: "anything".into(),
            description: Value::string("anything"),
            checks: Vec::new(),
        });
    }
    ANYTHING.with(Rc::clone)
}

/// `lib.types.anything`, as a descriptor value.
fn anything_descriptor(ev: &mut Eval, lib: &Value) -> EvalResult<Value> {
    let lib = ev.force(lib)?;
    let Value::Attrs(l) = lib else {
        unreachable!("lib is a set")
    };
    let types = ev.force(&l.get("types").cloned().unwrap_or(Value::Null))?;
    let Value::Attrs(t) = types else {
        unreachable!("lib.types is a set")
    };
    Ok(t.get("anything").cloned().unwrap_or(Value::Null))
}

fn lazy_anything() -> Rc<CheckedType> {
    thread_local! {
        static LAZY_ANYTHING: Rc<CheckedType> =
            Rc::new(CheckedType::plain(Type::LazyAnything, "anything"));
    }
    LAZY_ANYTHING.with(Rc::clone)
}

/// The definitions of each attribute of set-valued definitions (each
/// attribute's in definition order), sorted by name.
fn defs_by_name(ev: &mut Eval, defs: &[Def]) -> EvalResult<Vec<(Str, Vec<Def>)>> {
    let mut pairs: Vec<(Str, Def)> = Vec::new();
    let mut sets = 0;
    for d in defs {
        let Value::Attrs(a) = ev.force(&d.value)? else {
            continue;
        };
        sets += usize::from(!a.is_empty());
        pairs.extend(a.iter().map(|x| {
            let def = Def {
                value: x.value.clone(),
                file: d.file.clone(),
            };
            (x.name.clone(), def)
        }));
    }
    Ok(grouped_by_name(pairs, sets > 1))
}

/// `pairs` (attribute name, definition) grouped by name, sorted by it,
/// each name's definitions in their order. Pairs from one set are sorted
/// already (`several_sets` false); the stable sort keeps definition order.
pub(crate) fn grouped_by_name(
    mut pairs: Vec<(Str, Def)>,
    several_sets: bool,
) -> Vec<(Str, Vec<Def>)> {
    if several_sets {
        pairs.sort_by(|x, y| x.0.cmp(&y.0));
    }
    let mut by_name: Vec<(Str, Vec<Def>)> = Vec::with_capacity(pairs.len());
    for (name, def) in pairs {
        match by_name.last_mut() {
            Some((last, ds)) if *last == name => ds.push(def),
            _ => by_name.push((name, vec![def])),
        }
    }
    by_name
}

/// A set whose every attribute merges its definitions with `elem`. Lazy:
/// every name stays and one without a value fails when read (`missing`
/// says how); strict: names whose definitions all vanish are dropped.
fn merge_attrs(
    ev: &mut Eval,
    lib: &Value,
    loc: &[Str],
    by_name: Vec<(Str, Vec<Def>)>,
    elem: &Rc<CheckedType>,
    lazy: bool,
    missing: fn(&[Str]) -> String,
) -> EvalResult<Value> {
    aspects_nix::attrs::with_buffer(|entries| {
        entries.reserve(by_name.len());
        for (name, ds) in by_name {
            let eloc = child_loc(loc, name.clone());
            let value = if lazy {
                let lib = lib.clone();
                let elem = elem.clone();
                ev.lazy(move |ev| {
                    let eff = effective(ev, &ds)?;
                    if eff.is_empty() {
                        return Err(err(ErrorKind::UndefinedOption, missing(&eloc)));
                    }
                    merge_checked(ev, &lib, &elem, &eloc, eff)
                })
            } else {
                let eff = effective(ev, &ds)?;
                if eff.is_empty() {
                    continue;
                }
                lazy_merge(ev, lib, elem, eloc, eff)
            };
            entries.push(Attr {
                name,
                value,
                pos: None,
            });
        }
        Ok(Value::Attrs(Attrs::take_sorted(entries)))
    })
}

/// `types.raw`, `types.uniq`: one definition only.
fn ensure_unique(ev: &mut Eval, loc: &[Str], defs: &[Def]) -> EvalResult<()> {
    if defs.len() > 1 {
        let listing = definition_list(ev, defs);
        return Err(err(
            ErrorKind::ConflictingDefinitions,
            format!(
                "The option `{}' is defined multiple times while it's expected to be unique.\nDefinition values:{listing}",
                show_loc(loc)
            ),
        ));
    }
    Ok(())
}

/// A deferred module's file: `FILE, via option LOC`.
fn via_option(file: &str, loc: &[Str]) -> String {
    let mut out =
        String::with_capacity(file.len() + 13 + loc.iter().map(|p| p.len() + 3).sum::<usize>());
    out.push_str(file);
    out.push_str(", via option ");
    crate::eval::push_loc(&mut out, loc);
    out
}

/// `loc` with `name` added (allocated once, at its final size).
pub fn child_loc(loc: &[Str], name: Str) -> Vec<Str> {
    let mut out = Vec::with_capacity(loc.len() + 1);
    out.extend_from_slice(loc);
    out.push(name);
    out
}

/// `[definition N-entry M]`: a list element's place in option paths.
/// The names of the first entries of the first definitions are made once
/// per thread (every include list is merged again at each include).
pub fn entry_name(definition: usize, entry: usize) -> Str {
    const DEFINITIONS: usize = 4;
    const ENTRIES: usize = 16;
    thread_local! {
        static COMMON: Vec<Str> = (1..=DEFINITIONS)
            .flat_map(|d| (1..=ENTRIES).map(move |e| render_entry_name(d, e)))
            .collect();
    }
    if (1..=DEFINITIONS).contains(&definition) && (1..=ENTRIES).contains(&entry) {
        let i = (definition - 1) * ENTRIES + (entry - 1);
        if let Ok(name) = COMMON.try_with(|c| c[i].clone()) {
            return name;
        }
    }
    render_entry_name(definition, entry)
}

fn render_entry_name(definition: usize, entry: usize) -> Str {
    fn push_number(out: &mut String, n: usize) {
        if n >= 10 {
            push_number(out, n / 10);
        }
        out.push(char::from(b'0' + (n % 10) as u8));
    }
    let mut out = String::with_capacity(28);
    out.push_str("[definition ");
    push_number(&mut out, definition);
    out.push_str("-entry ");
    push_number(&mut out, entry);
    out.push(']');
    out.into()
}

/// The evaluation of a submodule type `ty` for `defs` at `loc`: from its
/// type's modules read once when every definition is a set
/// (`prepared.rs`), the generic way otherwise. No retyper is asked.
pub fn submodule_evaluation(
    ev: &mut Eval,
    lib: &Value,
    ty: &Type,
    loc: &[Str],
    defs: Vec<Def>,
) -> EvalResult<crate::eval::Evaluated> {
    let Type::Submodule {
        modules,
        special_args,
        shorthand_only_config,
        class,
    } = ty
    else {
        return Err(err(
            ErrorKind::WrongValueType,
            "only a submodule type is evaluated as a submodule".to_string(),
        ));
    };
    let mut args = EvalArgs {
        modules: Vec::new(),
        special_args: Some(special_args.clone()),
        class: class.clone(),
        prefix: loc.to_vec(),
        name: loc.last().map(|n| Value::String(n.clone())),
    };
    if *shorthand_only_config {
        let mut sets = Vec::with_capacity(defs.len());
        for d in &defs {
            let v = ev.force(&d.value)?;
            if !matches!(v, Value::Attrs(_)) {
                break;
            }
            sets.push(Def {
                value: v,
                file: d.file.clone(),
            });
        }
        if sets.len() == defs.len() {
            if let Some(evaluated) =
                crate::prepared::eval_submodule(ev, lib, modules, &args, &sets)?
            {
                return Ok(evaluated);
            }
        }
    }
    let mut mods = vec![Def {
        value: modules.clone(),
        file: "the option's type".into(),
    }];
    let mods_list = flatten_modules(ev, &mods.remove(0))?;
    let mut all: Vec<Def> = mods_list;
    for d in defs {
        // Shorthand-only submodules: a set is always `config`.
        let v = ev.force(&d.value)?;
        // As nixpkgs: a set is `{ _file; config = set; }`, anything
        // else `{ _file; imports = [ it ]; }` (one level deeper,
        // which shows in the definition order).
        let value = if *shorthand_only_config && matches!(v, Value::Attrs(_)) {
            Value::attrs(Attrs::of([
                (
                    aspects_nix::known_str!("_file"),
                    Value::String(d.file.clone()),
                ),
                (aspects_nix::known_str!("config"), v),
            ]))
        } else {
            Value::attrs(Attrs::of([
                (
                    aspects_nix::known_str!("_file"),
                    Value::String(d.file.clone()),
                ),
                (
                    aspects_nix::known_str!("imports"),
                    Value::List(aspects_nix::value::List::of([v])),
                ),
            ]))
        };
        all.push(Def {
            value,
            file: d.file,
        });
    }
    args.modules = all;
    eval_modules(ev, lib, args)
}

#[cfg(test)]
mod tests {
    use super::entry_name;

    #[test]
    fn entry_names_made_once_read_as_those_made_each_time() {
        for (d, e, want) in [
            (1, 1, "[definition 1-entry 1]"),
            (4, 16, "[definition 4-entry 16]"),
            (2, 17, "[definition 2-entry 17]"),
            (5, 1, "[definition 5-entry 1]"),
            (12, 345, "[definition 12-entry 345]"),
        ] {
            assert_eq!(&*entry_name(d, e), want);
        }
    }
}
