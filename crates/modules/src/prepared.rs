//! Submodule evaluations whose definitions are all plain sets, collected
//! without walking the type's own modules again.
//!
//! A submodule type (`types.submodule`, shorthand-only) wraps each set
//! definition as `{ _file; config = set; }`, so collecting an evaluation
//! always meets the type's modules first, in the same order, then one
//! wrapper per definition, and nothing below them. The type's set modules
//! are read once per evaluator ([`Prepared`]); its module functions are
//! applied at every evaluation, as their arguments (`config`, `name`)
//! differ. The result is the [`Collection`] the generic walk builds, so
//! everything after collection (option tree, definition order, merging)
//! is the generic code's.
//!
//! Anything else — a definition that is not a set, a type module that is
//! a path, has a `key`, `disabledModules` or `imports`, a module function
//! whose result has more than `config`/`options` — goes the generic way.
//! flake-aspects types every aspect, provider result and inline include
//! this way, thousands of times per flake.

use crate::eval::{
    alias_module, apply_module_function, contribution, is_callable, list_attr, module_file,
    structure, Alias, Collection, EvalArgs, Module, OptionParts, State,
};
use crate::merge::{flatten_modules, Def};
use crate::properties::marker;
use aspects_nix::value::{Attrs, Value};
use aspects_nix::Str;
use aspects_nix::{Eval, EvalResult};
use std::collections::HashSet;
use std::rc::Rc;

/// A submodule type's own modules, read the way collection reads them.
pub(crate) struct Prepared {
    items: Vec<Item>,
    /// `mkAliasOptionModule` modules among them, in collection order.
    aliases: Vec<Alias>,
}

enum Item {
    /// A set module: what it contributes is fixed.
    Set(SetModule),
    /// A module function, applied at each evaluation.
    Function { f: Value, file: Str },
}

/// What a module set contributes when it imports nothing.
struct SetModule {
    file: Str,
    config: Value,
    options: Value,
    freeform: Option<Value>,
}

/// Prepared types by the identity of their module list, special arguments
/// and class (the values are kept, so addresses are not reused); `None`
/// for types that go the generic way.
#[derive(Default)]
struct PreparedCache {
    types: rustc_hash::FxHashMap<PreparedKey, (Value, Value, Option<Rc<Prepared>>)>,
}

type PreparedKey = (usize, usize, Option<Str>);

/// Whether evaluations may take this path, and retypers theirs
/// (`retype.rs`): the CLI's `--generic-modules` turns both off, so tests
/// can compare.
pub struct SubmoduleMode {
    pub prepared: bool,
}

impl Default for SubmoduleMode {
    fn default() -> Self {
        SubmoduleMode { prepared: true }
    }
}

/// Turns this path off (`false`) or on for every later evaluation of `ev`.
pub fn use_prepared_submodules(ev: &mut Eval, on: bool) {
    ev.extension::<SubmoduleMode>().prepared = on;
}

/// `evalModules` of a shorthand-only submodule type's `modules` and the
/// (forced) set definitions `defs`; `None` when it must go the generic way.
pub(crate) fn eval_submodule(
    ev: &mut Eval,
    lib: &Value,
    modules: &Value,
    args: &EvalArgs,
    defs: &[Def],
) -> EvalResult<Option<crate::eval::Evaluated>> {
    if !ev.extension::<SubmoduleMode>().prepared {
        return Ok(None);
    }
    let Some(prepared) = prepared(ev, modules, args)? else {
        return Ok(None);
    };
    crate::eval::evaluate(ev, lib, args, |ev, state, config, options| {
        collect(ev, state, args, &prepared, defs, config, options)
    })
}

fn prepared(ev: &mut Eval, modules: &Value, args: &EvalArgs) -> EvalResult<Option<Rc<Prepared>>> {
    let modules = ev.force(modules)?;
    let special = match &args.special_args {
        Some(s) => ev.force(s)?,
        None => Value::Null,
    };
    let Some(m) = modules.address() else {
        return Ok(None);
    };
    let key = (m, special.address().unwrap_or(0), args.class.clone());
    if let Some((_, _, p)) = ev.extension::<PreparedCache>().types.get(&key) {
        return Ok(p.clone());
    }
    // Reading them may fail: the generic walk then reports it.
    let p = prepare(ev, &modules, args).ok().flatten().map(Rc::new);
    ev.extension::<PreparedCache>()
        .types
        .insert(key, (modules, special, p.clone()));
    Ok(p)
}

/// Reads the type's modules as the generic walk would at its first level;
/// `None` if one of them needs more than that level.
fn prepare(ev: &mut Eval, modules: &Value, args: &EvalArgs) -> EvalResult<Option<Prepared>> {
    let defs = flatten_modules(
        ev,
        &Def {
            value: modules.clone(),
            file: "the option's type".into(),
        },
    )?;
    let mut items = Vec::with_capacity(defs.len());
    let mut aliases = Vec::new();
    for d in defs {
        let v = ev.force(&d.value)?;
        if is_callable(&v) {
            items.push(Item::Function { f: v, file: d.file });
            continue;
        }
        let Value::Attrs(m) = &v else {
            return Ok(None);
        };
        if let Some(alias) = alias_module(ev, &structure(m), m)? {
            aliases.push(alias);
            continue;
        }
        match read_set(ev, m, &v, &d.file, args)? {
            Some(set) => items.push(Item::Set(set)),
            None => return Ok(None),
        }
    }
    Ok(Some(Prepared { items, aliases }))
}

/// A module set as collection reads it (`_file`, `_class`, the config and
/// options parts, `freeformType`); `None` if it has a `key`,
/// `disabledModules` or imports, which need the generic walk.
fn read_set(
    ev: &mut Eval,
    m: &Attrs,
    v: &Value,
    file: &Str,
    args: &EvalArgs,
) -> EvalResult<Option<SetModule>> {
    let st = structure(m);
    if st.key.is_some() || st.disabled.is_some() {
        return Ok(None);
    }
    let file = module_file(ev, &st, file)?;
    let no_options = Value::attrs(Attrs::empty());
    let (config, options) = contribution(ev, m, v, &st, &file, args, &no_options)?;
    if let Some(imports) = st.imports {
        if !list_attr(ev, imports, "imports", &file)?.is_empty() {
            return Ok(None);
        }
    }
    Ok(Some(SetModule {
        freeform: st.freeform.cloned(),
        file,
        config,
        options,
    }))
}

/// The collection of one evaluation: the type's modules (functions
/// applied), then each definition as `config` under its file.
fn collect(
    ev: &mut Eval,
    state: &Rc<State>,
    args: &EvalArgs,
    prepared: &Prepared,
    defs: &[Def],
    config: &Value,
    options: &Value,
) -> EvalResult<Option<OptionParts>> {
    let size = prepared.items.len() + defs.len();
    let mut parts: OptionParts = Vec::with_capacity(size);
    let mut collected: Vec<Module> = Vec::with_capacity(size);
    let mut freeform_defs = Vec::new();
    let mut add = |set: &SetModule| {
        collected.push(Module {
            file: set.file.clone(),
            config: set.config.clone(),
        });
        parts.push((set.options.clone(), set.file.clone()));
        if let Some(ff) = &set.freeform {
            freeform_defs.push(Def {
                value: ff.clone(),
                file: set.file.clone(),
            });
        }
    };
    for item in &prepared.items {
        match item {
            Item::Set(set) => add(set),
            Item::Function { f, file } => {
                let v = apply_module_function(ev, state, args, f, config, options, file)?;
                let Value::Attrs(m) = &v else {
                    return Ok(None);
                };
                if marker(ev, &v)?.is_some() {
                    return Ok(None);
                }
                match read_set(ev, m, &v, file, args)? {
                    Some(set) => add(&set),
                    None => return Ok(None),
                }
            }
        }
    }
    // Each definition's wrapper `{ _file; config = set; }`.
    let no_options = Value::attrs(Attrs::empty());
    for d in defs {
        collected.push(Module {
            file: d.file.clone(),
            config: d.value.clone(),
        });
        parts.push((no_options.clone(), d.file.clone()));
    }
    *state.aliases.borrow_mut() = prepared.aliases.clone();
    let collection = Collection {
        parts,
        collected,
        freeform_defs,
        disabled: HashSet::new(),
    };
    crate::eval::finish_collection(ev, state, collection).map(Some)
}
