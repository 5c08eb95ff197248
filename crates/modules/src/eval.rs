//! `evalModules`: collect modules (imports, functions, dedup by key), build
//! the option tree, and return a lazy `config` whose every value merges its
//! definitions on demand (the fixpoint modules read back).

use crate::merge::{merge_option, Def};
use crate::properties::{discharge_to, discharge_with, DEFAULT_ORDER, DEFAULT_PRIORITY};
use crate::types::{CheckedType, Type};
use aspects_nix::ast::Span;
use aspects_nix::value::{Attr, Attrs, List, Value};
use aspects_nix::Str;
use aspects_nix::{ErrorKind, Eval, EvalError, EvalResult};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::rc::Rc;

/// What to evaluate.
#[derive(Clone, Default)]
pub struct EvalArgs {
    /// The modules, each with the file its definitions are reported under.
    pub modules: Vec<Def>,
    /// `specialArgs`: extra module arguments, available while collecting.
    pub special_args: Option<Value>,
    /// The class modules must have (`_class`), if any.
    pub class: Option<Str>,
    /// The option path of this evaluation (submodules), for messages.
    pub prefix: Vec<Str>,
    /// The `name` argument of a submodule inside `attrsOf`.
    pub name: Option<Value>,
}

/// One option's declaration.
#[derive(Clone)]
pub struct OptionDecl {
    pub ty: CheckedType,
    pub default: Option<Value>,
    pub apply: Option<Value>,
    pub read_only: bool,
    pub files: Vec<Str>,
}

#[derive(Clone)]
pub enum OptNode {
    Leaf(Rc<OptionDecl>),
    Group(BTreeMap<Str, OptNode>),
}

pub(crate) struct Module {
    pub(crate) file: Str,
    pub(crate) config: Value,
}

/// An alias: option path `from` stands for option path `to`.
pub(crate) type Alias = (Vec<Str>, Vec<Str>);

pub(crate) struct State {
    modules: RefCell<Vec<Module>>,
    root: RefCell<Rc<OptNode>>,
    freeform: RefCell<Option<Rc<CheckedType>>>,
    /// `from` option path → `to` option path (`mkAliasOptionModule`).
    pub(crate) aliases: RefCell<Vec<Alias>>,
    path_imports: RefCell<Vec<PathImport>>,
    pub(crate) lib: Value,
    prefix: Vec<Str>,
}

/// The result of `evalModules`.
pub struct Evaluated {
    pub config: Value,
    /// The config the modules see: `config` with `_module`.
    pub internal: Value,
    pub options: Value,
    /// Every collected module's file and `config` part, in definition
    /// order: where each value of `config` can come from.
    pub modules: Vec<(Str, Value)>,
    /// Every module given as a path, in collection order, including the
    /// ones skipped because their path was already imported.
    pub path_imports: Vec<PathImport>,
}

/// A module given as a path (`imports = [ ./a.nix ]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathImport {
    pub path: Str,
    /// The file whose module listed it.
    pub importer: Str,
    /// The path was imported before in this evaluation: this import was
    /// skipped (a file imported twice counts once).
    pub duplicate: bool,
}

/// Runs `evalModules` with `lib` (the full lib, see [`crate::full_lib`]).
pub fn eval_modules(ev: &mut Eval, lib: &Value, args: EvalArgs) -> EvalResult<Evaluated> {
    let evaluated = evaluate(ev, lib, &args, |ev, state, config, options| {
        collect(ev, state, &args, config, options).map(Some)
    })?;
    Ok(evaluated.expect("the generic collection always collects"))
}

/// `evalModules` with the modules collected by `collector` (given the
/// state, `config` and `options`), which returns the option declarations,
/// or `None` when it cannot collect these modules (nothing is evaluated
/// then but thunks nobody holds).
pub(crate) fn evaluate(
    ev: &mut Eval,
    lib: &Value,
    args: &EvalArgs,
    collector: impl FnOnce(&mut Eval, &Rc<State>, &Value, &Value) -> EvalResult<Option<OptionParts>>,
) -> EvalResult<Option<Evaluated>> {
    let state = Rc::new(State {
        modules: RefCell::new(Vec::new()),
        root: RefCell::new(Rc::new(OptNode::Group(BTreeMap::new()))),
        freeform: RefCell::new(None),
        aliases: RefCell::new(Vec::new()),
        path_imports: RefCell::new(Vec::new()),
        lib: lib.clone(),
        prefix: args.prefix.clone(),
    });
    let st = state.clone();
    let config = ev.lazy(move |ev| {
        let defs: Vec<Def> = st
            .modules
            .borrow()
            .iter()
            .map(|m| Def {
                value: m.config.clone(),
                file: m.file.clone(),
            })
            .collect();
        group_value(ev, &st, &[], &defs)
    });
    let options = options_value(ev, &state, &config);
    let Some(parts) = collector(ev, &state, &config, &options)? else {
        return Ok(None);
    };
    build_options(ev, &state, parts)?;
    // What modules read has `_module`; the result, as in nixpkgs, has not.
    let internal_config = config.clone();
    let internal = config.clone();
    let config = ev.lazy(move |ev| match ev.force(&internal)? {
        Value::Attrs(a) => Ok(Value::attrs(Attrs::from_sorted(
            a.iter().filter(|x| &*x.name != "_module").cloned(),
        ))),
        other => Ok(other),
    });
    let modules = state
        .modules
        .borrow()
        .iter()
        .map(|m| (m.file.clone(), m.config.clone()))
        .collect();
    let path_imports = state.path_imports.take();
    Ok(Some(Evaluated {
        config,
        internal: internal_config,
        options,
        modules,
        path_imports,
    }))
}

/// A minimal `options` argument: for each option, `{ value; isDefined; }`.
fn options_value(ev: &mut Eval, _state: &Rc<State>, config: &Value) -> Value {
    let config = config.clone();
    ev.lazy(move |ev| {
        let c = ev.force(&config)?;
        Ok(Value::attrs(Attrs::of([(
            aspects_nix::known_str!("config"),
            c,
        )])))
    })
}

fn err(kind: ErrorKind, msg: impl Into<String>) -> Box<EvalError> {
    EvalError::new(kind, msg).boxed()
}

/// `a.b."c d"` for messages.
pub fn show_loc(loc: &[Str]) -> String {
    let mut out = String::with_capacity(loc.iter().map(|p| p.len() + 3).sum());
    push_loc(&mut out, loc);
    out
}

/// Appends [`show_loc`]'s text (it names every deferred module's file, so
/// it is written without the formatting machinery).
pub fn push_loc(out: &mut String, loc: &[Str]) {
    for (i, p) in loc.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        if aspects_nix::print::is_identifier(p) || p.starts_with('[') || p.starts_with('<') {
            out.push_str(p);
        } else {
            out.push('"');
            out.push_str(p);
            out.push('"');
        }
    }
}

// ----- collection ------------------------------------------------------

/// The `options` part of each module, with its file.
pub(crate) type OptionParts = Vec<(Value, Str)>;

fn collect(
    ev: &mut Eval,
    state: &Rc<State>,
    args: &EvalArgs,
    config: &Value,
    options: &Value,
) -> EvalResult<OptionParts> {
    let first = collect_pass(ev, state, args, config, options, &HashSet::new())?;
    if first.disabled.is_empty() {
        return finish_collection(ev, state, first);
    }
    // `disabledModules`, from any module: collect again without the
    // modules they name (and what only those import), as nixpkgs filters
    // the whole import tree once it is known.
    state.path_imports.borrow_mut().clear();
    state.aliases.borrow_mut().clear();
    let second = collect_pass(ev, state, args, config, options, &first.disabled)?;
    finish_collection(ev, state, second)
}

/// One breadth-first walk over the modules and their imports.
pub(crate) struct Collection {
    pub(crate) parts: OptionParts,
    pub(crate) collected: Vec<Module>,
    pub(crate) freeform_defs: Vec<Def>,
    /// The keys `disabledModules` names.
    pub(crate) disabled: HashSet<Str>,
}

fn collect_pass(
    ev: &mut Eval,
    state: &Rc<State>,
    args: &EvalArgs,
    config: &Value,
    options: &Value,
    skip: &HashSet<Str>,
) -> EvalResult<Collection> {
    let mut disabled: HashSet<Str> = HashSet::new();
    let mut parts: OptionParts = Vec::new();
    let mut queue: VecDeque<Def> = args.modules.iter().cloned().collect();
    let mut seen: HashSet<Str> = HashSet::new();
    let mut collected: Vec<Module> = Vec::new();
    let mut freeform_defs: Vec<Def> = Vec::new();
    let no_options = Value::attrs(Attrs::empty());
    while let Some(def) = queue.pop_front() {
        let mut file = def.file.clone();
        let mut v = ev.force(&def.value)?;
        let mut key: Option<Str> = None;
        if let Value::Path(p) = &v {
            if skip.contains(p) {
                continue;
            }
            key = Some(p.clone());
            let duplicate = !seen.insert(p.clone());
            state.path_imports.borrow_mut().push(PathImport {
                path: p.clone(),
                importer: def.file.clone(),
                duplicate,
            });
            if duplicate {
                continue;
            }
            file = p.clone();
            v = ev.import(p, Span::default())?;
        }
        if is_callable(&v) {
            v = apply_module_function(ev, state, args, &v, config, options, &file)?;
        }
        // A file may hold a list of modules.
        if let Value::List(items) = &v {
            for i in items.iter() {
                queue.push_back(Def {
                    value: i.clone(),
                    file: file.clone(),
                });
            }
            continue;
        }
        let Value::Attrs(m) = &v else {
            return Err(err(
                ErrorKind::WrongValueType,
                format!(
                    "a module must be a set, a function or a path, but the one in {file} is {}",
                    v.describe()
                ),
            ));
        };
        let st = structure(m);
        if st.holds_only_imports() {
            // `{ imports; }` and `{ _file; imports; }`, the wrappers every
            // resolved include and deferred module is made of: nothing to
            // check or keep but what they import.
            file = module_file(ev, &st, &file)?;
            if let Some(imports) = st.imports {
                queue_imports(ev, imports, &file, &mut queue)?;
            }
            continue;
        }
        if let Some(alias) = alias_module(ev, &st, m)? {
            state.aliases.borrow_mut().push(alias);
            continue;
        }
        file = module_file(ev, &st, &file)?;
        if let Some(k) = st.key {
            let k = ev.coerce_to_string(&k.clone(), aspects_nix::eval::CoerceMode::ToString)?;
            let k: Str = k.into();
            if skip.contains(&k) || !seen.insert(k.clone()) {
                continue;
            }
            key = Some(k);
        }
        if let Some(d) = st.disabled {
            disabled_keys(ev, d, &file, &mut disabled)?;
        }
        let _ = key;
        let (config_part, options_part) = contribution(ev, m, &v, &st, &file, args, &no_options)?;
        {
            if let Some(ff) = st.freeform {
                freeform_defs.push(Def {
                    value: ff.clone(),
                    file: file.clone(),
                });
            }
            if let Some(imports) = st.imports {
                queue_imports(ev, imports, &file, &mut queue)?;
            }
        }
        // A module with neither config nor options (`{ imports; }`, the
        // `{ _file; imports; }` every deferred module is wrapped in)
        // defines and declares nothing: no merge would find anything in
        // it, so it is not kept.
        let defines_nothing =
            st.config.is_none() && st.options.is_none() && st.shorthand_config == 0;
        if defines_nothing {
            continue;
        }
        collected.push(Module {
            file: file.clone(),
            config: config_part,
        });
        parts.push((options_part, file));
    }
    Ok(Collection {
        parts,
        collected,
        freeform_defs,
        disabled,
    })
}

/// Queues the modules of `imports` (a module's), each from `file`.
fn queue_imports(
    ev: &mut Eval,
    imports: &Value,
    file: &Str,
    queue: &mut VecDeque<Def>,
) -> EvalResult<()> {
    for i in list_attr(ev, imports, "imports", file)?.iter() {
        queue.push_back(Def {
            value: i.clone(),
            file: file.clone(),
        });
    }
    Ok(())
}

/// The list a module's `attr` (`imports`, `disabledModules`) must be.
pub(crate) fn list_attr(ev: &mut Eval, v: &Value, attr: &str, file: &str) -> EvalResult<List> {
    match ev.force(v)? {
        Value::List(items) => Ok(items),
        other => Err(aspects_nix::eval::type_error(
            &other,
            "a list",
            &format!("in the {attr} of {file}"),
        )
        .boxed()),
    }
}

/// A module set's structural attributes, found in one pass.
#[derive(Default)]
pub(crate) struct Structure<'a> {
    pub(crate) class: Option<&'a Value>,
    pub(crate) file: Option<&'a Value>,
    pub(crate) config: Option<&'a Value>,
    pub(crate) disabled: Option<&'a Value>,
    pub(crate) freeform: Option<&'a Value>,
    pub(crate) imports: Option<&'a Value>,
    pub(crate) key: Option<&'a Value>,
    pub(crate) options: Option<&'a Value>,
    /// `_type`, which makes the set a property or an alias module (it
    /// is config in the shorthand form all the same).
    type_marker: Option<&'a Value>,
    /// How many attributes the shorthand form takes as config (all but
    /// the structural ones, `meta` included).
    shorthand_config: usize,
    /// The first attribute that is not structural (an error next to an
    /// explicit `config` or `options`).
    first_other: Option<&'a Str>,
}

impl<'a> Structure<'a> {
    /// Whether the set holds nothing but `imports` and `_file`: it neither
    /// defines nor declares, has no class to check, no key, no marker.
    fn holds_only_imports(&self) -> bool {
        self.shorthand_config == 0
            && self.class.is_none()
            && self.config.is_none()
            && self.disabled.is_none()
            && self.freeform.is_none()
            && self.key.is_none()
            && self.options.is_none()
    }

    /// The field of a structural attribute; None for any other, which the
    /// shorthand form takes as config (`meta` too, as in nixpkgs).
    fn slot(&mut self, name: &str) -> Option<&mut Option<&'a Value>> {
        Some(match name {
            "_class" => &mut self.class,
            "_file" => &mut self.file,
            "config" => &mut self.config,
            "disabledModules" => &mut self.disabled,
            "freeformType" => &mut self.freeform,
            "imports" => &mut self.imports,
            "key" => &mut self.key,
            "options" => &mut self.options,
            _ => return None,
        })
    }
}

pub(crate) fn structure(m: &Attrs) -> Structure<'_> {
    let mut s = Structure::default();
    for a in m.iter() {
        match s.slot(&a.name) {
            Some(slot) => *slot = Some(&a.value),
            None => {
                if &*a.name == "_type" {
                    s.type_marker = Some(&a.value);
                }
                s.shorthand_config += 1;
                // `meta` may stand beside an explicit `config`.
                if &*a.name != "meta" {
                    s.first_other.get_or_insert(&a.name);
                }
            }
        }
    }
    s
}

/// The alias a `mkAliasOptionModule` module makes, if the set `m` (whose
/// structure is `st`) is one.
pub(crate) fn alias_module(ev: &mut Eval, st: &Structure, m: &Attrs) -> EvalResult<Option<Alias>> {
    let Some(marker) = st.type_marker else {
        return Ok(None);
    };
    match ev.force(marker)? {
        Value::String(t) if &*t == "alias-module" => {
            let from = string_list(ev, m.get("from"))?;
            let to = string_list(ev, m.get("to"))?;
            Ok(Some((from, to)))
        }
        _ => Ok(None),
    }
}

/// The file a module's definitions are reported under: its `_file` when
/// that is a string, else the file it came from.
pub(crate) fn module_file(ev: &mut Eval, st: &Structure, file: &Str) -> EvalResult<Str> {
    if let Some(f) = st.file {
        if let Value::String(s) = ev.force(f)? {
            return Ok(s);
        }
    }
    Ok(file.clone())
}

/// A module set's `config` and `options` parts (the shorthand's config is
/// everything but the structural attributes), after checking its `_class`.
pub(crate) fn contribution(
    ev: &mut Eval,
    m: &Attrs,
    v: &Value,
    st: &Structure,
    file: &Str,
    args: &EvalArgs,
    no_options: &Value,
) -> EvalResult<(Value, Value)> {
    if let (Some(want), Some(c)) = (&args.class, st.class) {
        if let Value::String(c) = ev.force(c)? {
            if c != *want {
                return Err(err(
                    ErrorKind::Other,
                    format!("The module {file} was imported into {want} instead of {c}."),
                ));
            }
        }
    }
    if st.config.is_some() || st.options.is_some() {
        if let Some(k) = st.first_other {
            return Err(err(
                ErrorKind::Other,
                format!(
                    "Module `{file}' has an unsupported attribute `{k}'. This is caused by introducing a top-level `config' or `options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: {k}) into the explicit `config' attribute."
                ),
            ));
        }
        return Ok((
            st.config.cloned().unwrap_or_else(|| no_options.clone()),
            st.options.cloned().unwrap_or_else(|| no_options.clone()),
        ));
    }
    // Shorthand: everything but the structural keys is config (`meta`
    // too, as in nixpkgs).
    let config = if st.shorthand_config == m.len() {
        // Nothing to take out: the module is its config.
        v.clone()
    } else if st.shorthand_config == 0 {
        no_options.clone()
    } else {
        let rest: Vec<Attr> = m
            .iter()
            .filter(|a| Structure::default().slot(&a.name).is_none())
            .cloned()
            .collect();
        Value::attrs(Attrs::from_sorted(rest))
    };
    Ok((config, no_options.clone()))
}

/// The keys of the modules a `disabledModules` list names (nixpkgs'
/// `moduleKey`): a path or absolute string as is, a string relative to
/// `modulesPath` (which the playground has none of, so it names no
/// module here), or a set's `key`.
fn disabled_keys(
    ev: &mut Eval,
    list: &Value,
    file: &Str,
    into: &mut HashSet<Str>,
) -> EvalResult<()> {
    for item in list_attr(ev, list, "disabledModules", file)?.iter() {
        let key: Str = match ev.force(item)? {
            Value::Path(p) => p,
            Value::String(s) if s.starts_with('/') => s,
            Value::String(s) => format!("<modulesPath>/{s}").into(),
            v @ Value::Attrs(_)
                if matches!(&v, Value::Attrs(a) if a.contains("__toString") || a.contains("outPath")) =>
            {
                ev.coerce_to_string(&v, aspects_nix::eval::CoerceMode::ToString)?
                    .into()
            }
            Value::Attrs(a) => match a.get("key") {
                Some(k) => ev
                    .coerce_to_string(&k.clone(), aspects_nix::eval::CoerceMode::ToString)?
                    .into(),
                None => return Err(err(
                    ErrorKind::WrongValueType,
                    format!("Module `{file}` contains a disabledModules item that is an attribute set, presumably a module, that does not have a `key` attribute. This means that the module system doesn't have any means to identify the module that should be disabled. Make sure that you've put the correct value in disabledModules: a string path relative to modulesPath, a path value, or an attribute set with a `key` attribute."),
                )),
            },
            // Numbers, Booleans, null and lists name modules by their
            // `toString` (which no module has, but it is no error).
            other => match ev.coerce_to_string(&other, aspects_nix::eval::CoerceMode::ToString) {
                Ok(s) => s.into(),
                Err(_) => return Err(err(
                ErrorKind::WrongValueType,
                format!("Each disabledModules item must be a path, string, or a attribute set with a key attribute, or a value supported by toString. However, one of the disabledModules items in `{file}` is none of that, but is of type {}.", other.type_of()),
            )),
            },
        };
        into.insert(key);
    }
    Ok(())
}

/// Stores a walk's modules in definition order and reads the free-form
/// type; returns the option declarations.
pub(crate) fn finish_collection(
    ev: &mut Eval,
    state: &Rc<State>,
    collection: Collection,
) -> EvalResult<OptionParts> {
    let Collection {
        parts,
        mut collected,
        mut freeform_defs,
        ..
    } = collection;
    // Definitions are merged in reverse collection order.
    collected.reverse();
    *state.modules.borrow_mut() = collected;
    // `_module.freeformType`: from the `freeformType` shorthand and from
    // `config._module.freeformType` definitions.
    let modules: Vec<(Value, Str)> = state
        .modules
        .borrow()
        .iter()
        .map(|m| (m.config.clone(), m.file.clone()))
        .collect();
    let freeform_path: [Str; 2] = [
        aspects_nix::known_str!("_module"),
        aspects_nix::known_str!("freeformType"),
    ];
    for (c, file) in modules.iter().rev() {
        // Most configs are plain sets without `_module` (forcing them here
        // is what the search would do first).
        if let Value::Attrs(a) = ev.force(c)? {
            if !a.contains("_module") && !a.contains("_type") {
                continue;
            }
        }
        for item in values_at(ev, c, &freeform_path)? {
            freeform_defs.push(Def {
                value: item.value,
                file: file.clone(),
            });
        }
    }
    if let Some(last) = freeform_defs.last() {
        *state.freeform.borrow_mut() = Some(CheckedType::shared(ev, &last.value)?);
    }
    Ok(parts)
}

pub(crate) fn is_callable(v: &Value) -> bool {
    v.is_function() || matches!(v, Value::Attrs(a) if a.contains("__functor"))
}

fn string_list(ev: &mut Eval, v: Option<&Value>) -> EvalResult<Vec<Str>> {
    let Some(v) = v else { return Ok(Vec::new()) };
    let v = ev.force(&v.clone())?;
    let Value::List(items) = v else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for i in items.iter() {
        if let Value::String(s) = ev.force(i)? {
            out.push(s);
        }
    }
    Ok(out)
}

thread_local! {
    /// The names of the arguments every module function gets (allocated
    /// once, not at each of the thousands of calls).
    static MODULE_ARG_NAMES: [Str; 6] =
        ["_class", "config", "lib", "name", "options", "specialArgs"].map(Str::from);
}

/// Calls a module function with the arguments its formals ask for.
pub(crate) fn apply_module_function(
    ev: &mut Eval,
    state: &Rc<State>,
    args: &EvalArgs,
    f: &Value,
    config: &Value,
    options: &Value,
    file: &Str,
) -> EvalResult<Value> {
    let wanted = aspects_nix::builtins::function_args_of(ev, f)?;
    let special = match &args.special_args {
        Some(s) => match ev.force(s)? {
            Value::Attrs(a) => a,
            _ => Attrs::empty(),
        },
        None => Attrs::empty(),
    };
    let [class_name, config_name, lib_name, name_name, options_name, special_name] =
        MODULE_ARG_NAMES.with(|n| n.clone());
    // In name order (then nothing needs sorting), special args after.
    let mut pairs: Vec<(Str, Value)> = Vec::with_capacity(6 + special.len());
    if let Some(c) = &args.class {
        pairs.push((class_name, Value::String(c.clone())));
    }
    pairs.push((config_name, config.clone()));
    pairs.push((lib_name, state.lib.clone()));
    if let Some(n) = &args.name {
        pairs.push((name_name, n.clone()));
    }
    pairs.push((options_name, options.clone()));
    pairs.push((special_name, Value::Attrs(special.clone())));
    for a in special.iter() {
        pairs.push((a.name.clone(), a.value.clone()));
    }
    let base = Attrs::from_pairs(pairs);
    let mut extra = Vec::new();
    for name in wanted.names() {
        if base.contains(name) {
            continue;
        }
        let config = config.clone();
        let name2 = name.clone();
        let file2 = file.clone();
        extra.push((
            name.clone(),
            ev.lazy(move |ev| {
                let c = ev.force(&config)?;
                let module = select_path(ev, &c, &["_module", "args"])?;
                match module {
                    Value::Attrs(a) => match a.get(&name2).cloned() {
                        Some(v) => ev.force(&v),
                        None => Err(err(
                            ErrorKind::MissingArgument,
                            format!(
                                "the module in {file2} asks for argument '{name2}', which no module provides (pass it with _module.args.{name2} or specialArgs)"
                            ),
                        )),
                    },
                    _ => Err(err(ErrorKind::MissingArgument, format!("module argument '{name2}' is not available"))),
                }
            }),
        ));
    }
    let all = base.update(&Attrs::from_pairs(extra));
    ev.call(f.clone(), Value::attrs(all), Span::default())
}

fn select_path(ev: &mut Eval, v: &Value, path: &[&str]) -> EvalResult<Value> {
    let mut cur = ev.force(v)?;
    for p in path {
        cur = match &cur {
            Value::Attrs(a) => match a.get(p).cloned() {
                Some(x) => ev.force(&x)?,
                None => return Ok(Value::Null),
            },
            _ => return Ok(Value::Null),
        };
    }
    Ok(cur)
}

// ----- option declarations ---------------------------------------------

fn build_options(ev: &mut Eval, state: &Rc<State>, parts: OptionParts) -> EvalResult<()> {
    let mut forced = Vec::with_capacity(parts.len());
    for (opts, file) in parts {
        let opts = ev.force(&opts)?;
        if !matches!(&opts, Value::Attrs(a) if a.is_empty()) {
            forced.push((opts, file));
        }
    }
    // Evaluations of the same submodule type declare the same options:
    // build the tree once for each list of declaring sets.
    let key: Option<RootKey> = forced
        .iter()
        .map(|(opts, file)| match opts {
            Value::Attrs(a) => Some((a.address(), file.clone())),
            _ => None,
        })
        .collect();
    if let Some(root) = key
        .as_ref()
        .and_then(|k| ev.extension::<RootCache>().roots.get(k))
    {
        *state.root.borrow_mut() = root.1.clone();
        return Ok(());
    }
    let mut root = OptNode::Group(BTreeMap::new());
    // Internal options every evaluation has.
    declare_internal(ev, &mut root, state)?;
    for (opts, file) in &forced {
        let node = match opts {
            Value::Attrs(a) => {
                let key = (a.address(), file.clone());
                if let Some((_, n)) = ev.extension::<DeclCache>().parsed.get(&key) {
                    n.clone()
                } else {
                    let mut n = OptNode::Group(BTreeMap::new());
                    declare(ev, &mut n, opts, &mut Vec::new(), file)?;
                    ev.extension::<DeclCache>()
                        .parsed
                        .insert(key, (opts.clone(), n.clone()));
                    n
                }
            }
            _ => {
                let mut n = OptNode::Group(BTreeMap::new());
                declare(ev, &mut n, opts, &mut Vec::new(), file)?;
                n
            }
        };
        merge_node(&mut root, node, &mut Vec::new(), file)?;
    }
    let root = Rc::new(root);
    if let Some(k) = key {
        let keep = forced.into_iter().map(|(v, _)| v).collect();
        ev.extension::<RootCache>()
            .roots
            .insert(k, (keep, root.clone()));
    }
    *state.root.borrow_mut() = root;
    Ok(())
}

/// The declaring sets of an evaluation, by identity, with their files.
type RootKey = Vec<(usize, Str)>;

/// Whole option trees by the sets that declared them (kept alive here so
/// their addresses are not reused).
#[derive(Default)]
struct RootCache {
    roots: rustc_hash::FxHashMap<RootKey, (Vec<Value>, Rc<OptNode>)>,
}

/// Option trees of modules by the identity of their `options` set.
#[derive(Default)]
struct DeclCache {
    parsed: rustc_hash::FxHashMap<(usize, Str), (Value, OptNode)>,
}

/// Merges a module's option tree into the evaluation's.
fn merge_node(into: &mut OptNode, from: OptNode, loc: &mut Vec<Str>, file: &Str) -> EvalResult<()> {
    match (into, from) {
        (OptNode::Group(g), OptNode::Group(h)) => {
            for (k, n) in h {
                loc.push(k.clone());
                match g.get_mut(&k) {
                    Some(existing) => merge_node(existing, n, loc, file)?,
                    None => {
                        g.insert(k, n);
                    }
                }
                loc.pop();
            }
            Ok(())
        }
        (slot @ OptNode::Group(_), OptNode::Leaf(d)) => {
            if matches!(slot, OptNode::Group(g) if !g.is_empty()) {
                return Err(err(
                    ErrorKind::Other,
                    format!(
                        "The option `{}' in `{file}' is a prefix of options declared elsewhere.",
                        show_loc(loc)
                    ),
                ));
            }
            *slot = OptNode::Leaf(d);
            Ok(())
        }
        (OptNode::Leaf(prev), OptNode::Leaf(d)) => {
            let merged = merge_decls(prev, Rc::try_unwrap(d).unwrap_or_else(|d| (*d).clone()));
            *prev = Rc::new(merged);
            Ok(())
        }
        (OptNode::Leaf(_), OptNode::Group(h)) => {
            if h.is_empty() {
                return Ok(());
            }
            Err(err(
                ErrorKind::Other,
                format!("The option `{}' in `{file}' is already declared as an option, not a set of options.", show_loc(loc)),
            ))
        }
    }
}

fn declare_internal(ev: &mut Eval, root: &mut OptNode, _state: &Rc<State>) -> EvalResult<()> {
    // The same declarations every time: built once per evaluator.
    let module = ev
        .extension::<InternalOptions>()
        .0
        .get_or_insert_with(internal_options)
        .clone();
    if let OptNode::Group(g) = root {
        g.insert("_module".into(), OptNode::Group(module));
    }
    Ok(())
}

/// The `_module` options every evaluation declares.
#[derive(Default)]
struct InternalOptions(Option<BTreeMap<Str, OptNode>>);

fn internal_options() -> BTreeMap<Str, OptNode> {
    let internal = |ty: Type, name: &str, default: Value| -> OptNode {
        OptNode::Leaf(Rc::new(OptionDecl {
            ty: CheckedType {
                ty,
                name: name.into(),
                description: Value::string(name),
                checks: Vec::new(),
            },
            default: Some(default),
            apply: None,
            read_only: false,
            files: vec!["lib/modules.nix".into()],
        }))
    };
    let mut module = BTreeMap::new();
    module.insert(
        "args".into(),
        internal(
            Type::LazyAttrsOf(Rc::new(CheckedType::plain(Type::Raw, "raw value"))),
            "lazy attribute set of raw value",
            Value::attrs(Attrs::empty()),
        ),
    );
    module.insert(
        "freeformType".into(),
        internal(Type::Raw, "raw value", Value::Null),
    );
    module.insert(
        "check".into(),
        internal(Type::Bool, "boolean", Value::Bool(true)),
    );
    module
}

fn declare(
    ev: &mut Eval,
    node: &mut OptNode,
    opts: &Value,
    loc: &mut Vec<Str>,
    file: &Str,
) -> EvalResult<()> {
    let opts = ev.force(opts)?;
    let Value::Attrs(a) = &opts else {
        return Err(err(
            ErrorKind::WrongValueType,
            format!(
                "the options declared in {file} at `{}' are {} instead of a set",
                show_loc(loc),
                opts.describe()
            ),
        ));
    };
    if crate::properties::marker(ev, &opts)?.as_deref() == Some("option") {
        let decl = read_decl(ev, a, file)?;
        match node {
            OptNode::Leaf(prev) => {
                // A second declaration: submodule options merge their modules.
                let merged = merge_decls(prev, decl);
                *node = OptNode::Leaf(Rc::new(merged));
            }
            OptNode::Group(g) if g.is_empty() => *node = OptNode::Leaf(Rc::new(decl)),
            OptNode::Group(_) => {
                return Err(err(
                    ErrorKind::Other,
                    format!(
                        "The option `{}' in `{file}' is a prefix of options declared elsewhere.",
                        show_loc(loc)
                    ),
                ))
            }
        }
        return Ok(());
    }
    let OptNode::Group(g) = node else {
        return Err(err(
            ErrorKind::Other,
            format!("The option `{}' in `{file}' is already declared as an option, not a set of options.", show_loc(loc)),
        ));
    };
    for attr in a.iter() {
        loc.push(attr.name.clone());
        let child = g
            .entry(attr.name.clone())
            .or_insert_with(|| OptNode::Group(BTreeMap::new()));
        declare(ev, child, &attr.value, loc, file)?;
        loc.pop();
    }
    Ok(())
}

fn read_decl(ev: &mut Eval, a: &Attrs, file: &Str) -> EvalResult<OptionDecl> {
    let ty = match a.get("type") {
        Some(t) => CheckedType::from_value(ev, &t.clone())?,
        None => CheckedType {
            ty: Type::Unspecified,
            name: "unspecified".into(),
            description: Value::string("unspecified value"),
            checks: Vec::new(),
        },
    };
    let read_only = match a.get("readOnly") {
        Some(r) => matches!(ev.force(&r.clone())?, Value::Bool(true)),
        None => false,
    };
    Ok(OptionDecl {
        ty,
        default: a.get("default").cloned(),
        apply: a.get("apply").cloned(),
        read_only,
        files: vec![file.clone()],
    })
}

fn merge_decls(prev: &OptionDecl, next: OptionDecl) -> OptionDecl {
    let ty = match (&prev.ty.ty, &next.ty.ty) {
        (
            Type::Submodule {
                modules: m1,
                special_args,
                shorthand_only_config,
                class,
            },
            Type::Submodule { modules: m2, .. },
        ) => CheckedType {
            ty: Type::Submodule {
                modules: Value::list(vec![m1.clone(), m2.clone()]),
                special_args: special_args.clone(),
                shorthand_only_config: *shorthand_only_config,
                class: class.clone(),
            },
            ..prev.ty.clone()
        },
        (Type::Unspecified, _) => next.ty.clone(),
        _ => prev.ty.clone(),
    };
    let mut files = prev.files.clone();
    files.extend(next.files);
    OptionDecl {
        ty,
        default: next.default.or_else(|| prev.default.clone()),
        apply: next.apply.or_else(|| prev.apply.clone()),
        read_only: prev.read_only || next.read_only,
        files,
    }
}

// ----- definitions -----------------------------------------------------

/// A value found at a path of a module's `config`, with the priority and
/// order of the properties it was found under.
pub struct Found {
    pub value: Value,
    pub priority: i64,
    pub order: i64,
}

/// The values a module's config defines at `path` (properties on the way
/// down are pushed onto what is found).
pub fn values_at(ev: &mut Eval, v: &Value, path: &[Str]) -> EvalResult<Vec<Found>> {
    let mut out = Vec::new();
    values_at_into(ev, v, path, DEFAULT_PRIORITY, DEFAULT_ORDER, &mut out)?;
    Ok(out)
}

fn values_at_into(
    ev: &mut Eval,
    v: &Value,
    path: &[Str],
    prio: i64,
    order: i64,
    out: &mut Vec<Found>,
) -> EvalResult<()> {
    let Some((first, rest)) = path.split_first() else {
        out.push(Found {
            value: v.clone(),
            priority: prio,
            order,
        });
        return Ok(());
    };
    let v = ev.force(v)?;
    if crate::properties::marker(ev, &v)?.is_none() {
        // A plain value (the usual case): nothing to discharge.
        return values_below(ev, &v, first, rest, prio, order, out);
    }
    let mut discharged = Vec::new();
    discharge_with(ev, &v, prio, order, &mut discharged)?;
    for d in discharged {
        values_below(ev, &d.value, first, rest, d.priority, d.order, out)?;
    }
    Ok(())
}

/// [`values_at_into`] below attribute `first` of a discharged value.
fn values_below(
    ev: &mut Eval,
    v: &Value,
    first: &Str,
    rest: &[Str],
    prio: i64,
    order: i64,
    out: &mut Vec<Found>,
) -> EvalResult<()> {
    match v {
        Value::Attrs(a) => {
            if let Some(x) = a.get(first) {
                values_at_into(ev, &x.clone(), rest, prio, order, out)?;
            }
            Ok(())
        }
        other => Err(aspects_nix::eval::type_error(
            other,
            "a set",
            &format!("while looking for the definitions of `{first}'"),
        )
        .boxed()),
    }
}

/// Re-attaches pushed-down priority and order to a found value.
fn wrap_properties(v: Value, priority: i64, order: i64) -> Value {
    let mut v = v;
    if order != DEFAULT_ORDER {
        v = crate::properties::mk_order(order, v);
    }
    if priority != DEFAULT_PRIORITY {
        v = crate::properties::mk_override(priority, v);
    }
    v
}

fn node_at<'a>(node: &'a OptNode, path: &[Str]) -> Option<&'a OptNode> {
    let mut cur = node;
    for p in path {
        match cur {
            OptNode::Group(g) => cur = g.get(p)?,
            OptNode::Leaf(_) => return None,
        }
    }
    Some(cur)
}

/// The definitions of a group, split by attribute name and sorted by it
/// (properties on the group are pushed down onto each attribute's
/// definitions, which keep their order).
fn split_by_name(
    ev: &mut Eval,
    state: &State,
    path: &[Str],
    defs: &[Def],
) -> EvalResult<Vec<(Str, Vec<Def>)>> {
    let mut pairs: Vec<(Str, Def)> = Vec::new();
    let mut sets = 0;
    for d in defs {
        let mut not_a_set = None;
        discharge_to(
            ev,
            &d.value,
            DEFAULT_PRIORITY,
            DEFAULT_ORDER,
            &mut |x| match &x.value {
                Value::Attrs(a) => {
                    // Empty sets (wrappers' configs) add nothing to sort.
                    sets += usize::from(!a.is_empty());
                    push_attrs(&mut pairs, a, &d.file, x.priority, x.order);
                }
                _ => {
                    not_a_set.get_or_insert(x.value);
                }
            },
        )?;
        if let Some(other) = not_a_set {
            let mut loc = state.prefix.clone();
            loc.extend_from_slice(path);
            return Err(err(
                ErrorKind::OptionType,
                format!(
                    "A definition for option `{}' is not of type `attribute set'. Definition values:\n- In `{}': {}",
                    show_loc(&loc),
                    d.file,
                    crate::merge::show_value(ev, &other)
                ),
            ));
        }
    }
    Ok(crate::merge::grouped_by_name(pairs, sets > 1))
}

/// Each attribute of a definition `a` as a definition of its own, with the
/// priority and order pushed down onto it.
fn push_attrs(pairs: &mut Vec<(Str, Def)>, a: &Attrs, file: &Str, priority: i64, order: i64) {
    let plain = priority == DEFAULT_PRIORITY && order == DEFAULT_ORDER;
    pairs.extend(a.iter().map(|attr| {
        let value = if plain {
            attr.value.clone()
        } else {
            wrap_properties(attr.value.clone(), priority, order)
        };
        let def = Def {
            value,
            file: file.clone(),
        };
        (attr.name.clone(), def)
    }));
}

/// The value of the option group at `path` given its definitions: an
/// attribute set whose every attribute is merged lazily.
fn group_value(ev: &mut Eval, state: &Rc<State>, path: &[Str], defs: &[Def]) -> EvalResult<Value> {
    let declared: Vec<Str> = {
        let root = state.root.borrow();
        match node_at(&root, path) {
            Some(OptNode::Group(g)) => g.keys().cloned().collect(),
            _ => Vec::new(),
        }
    };
    let mut by_name = split_by_name(ev, state, path, defs)?;
    // Aliases between siblings: `from`'s definitions are `to`'s too, and
    // `from` reads `to`'s value.
    let mut alias_names: Vec<(Str, Str)> = Vec::new();
    for (from, to) in state.aliases.borrow().iter() {
        if from.len() == path.len() + 1
            && to.len() == path.len() + 1
            && from.starts_with(path)
            && to.starts_with(path)
        {
            let (f, t) = (from[path.len()].clone(), to[path.len()].clone());
            if let Ok(i) = by_name.binary_search_by(|(n, _)| n.cmp(&f)) {
                let (_, extra) = by_name.remove(i);
                match by_name.binary_search_by(|(n, _)| n.cmp(&t)) {
                    Ok(j) => by_name[j].1.extend(extra),
                    Err(j) => by_name.insert(j, (t.clone(), extra)),
                }
            }
            alias_names.push((f, t));
        }
    }
    let freeform = path.is_empty() && state.freeform.borrow().is_some();
    // Declared and defined names, merged in order: (name, free-form, defs).
    let mut names: Vec<(Str, bool, Vec<Def>)> = Vec::with_capacity(declared.len() + by_name.len());
    let mut defined = by_name.into_iter().peekable();
    for d in &declared {
        while let Some((n, _)) = defined.peek() {
            if n >= d {
                break;
            }
            let (n, ds) = defined.next().expect("peeked");
            names.push(undeclared(state, path, &declared, freeform, n, ds)?);
        }
        let ds = match defined.peek() {
            Some((n, _)) if n == d => defined.next().expect("peeked").1,
            _ => Vec::new(),
        };
        names.push((d.clone(), false, ds));
    }
    for (n, ds) in defined {
        names.push(undeclared(state, path, &declared, freeform, n, ds)?);
    }
    aspects_nix::attrs::with_buffer(|entries| {
        entries.reserve(names.len() + alias_names.len());
        // The group's option path, shared by its attributes (each adds its
        // name when it is merged).
        let mut group_loc = Vec::with_capacity(state.prefix.len() + path.len());
        group_loc.extend_from_slice(&state.prefix);
        group_loc.extend_from_slice(path);
        let group_loc: Rc<[Str]> = group_loc.into();
        for (name, is_free, child_defs) in names {
            let st = state.clone();
            let group_loc = group_loc.clone();
            let child_name = name.clone();
            let value = ev.lazy(move |ev| {
                let loc = crate::merge::child_loc(&group_loc, child_name.clone());
                value_at(ev, &st, &loc, &child_defs, is_free)
            });
            entries.push(Attr {
                name,
                value,
                pos: None,
            });
        }
        if alias_names.is_empty() {
            return Ok(Value::Attrs(Attrs::take_sorted(entries)));
        }
        // The entries are in name order: each alias goes in at its place.
        for (from, to) in alias_names {
            let Ok(target) = entries.binary_search_by(|a| a.name.cmp(&to)) else {
                continue;
            };
            let alias = Attr {
                value: entries[target].value.clone(),
                name: from,
                pos: None,
            };
            match entries.binary_search_by(|a| a.name.cmp(&alias.name)) {
                Ok(i) => entries[i] = alias,
                Err(i) => entries.insert(i, alias),
            }
        }
        Ok(Value::Attrs(Attrs::take_sorted(entries)))
    })
}

/// A defined name no option declares: free-form when the group has a
/// free-form type, otherwise the module system's error.
fn undeclared(
    state: &State,
    path: &[Str],
    declared: &[Str],
    freeform: bool,
    name: Str,
    defs: Vec<Def>,
) -> EvalResult<(Str, bool, Vec<Def>)> {
    if freeform {
        return Ok((name, true, defs));
    }
    let mut loc = state.prefix.clone();
    loc.extend_from_slice(path);
    loc.push(name.clone());
    let mut msg = format!("The option `{}' does not exist.", show_loc(&loc));
    if let Some(close) = declared
        .iter()
        .find(|s| aspects_nix::suggest::is_close(&name, s))
    {
        msg.push_str(&format!(" Did you mean `{close}'?"));
    }
    if let Some(d) = defs.first() {
        msg.push_str(&format!(" It is defined in `{}'.", d.file));
    }
    Err(err(ErrorKind::UndeclaredOption, msg))
}

/// The merged value at option path `loc` (the evaluation's prefix, then
/// the path inside it), or the group below it.
/// A free-form attribute at `loc` merged by the free-form type's element
/// type `elem`.
pub fn merge_free_form(
    ev: &mut Eval,
    lib: &Value,
    elem: &CheckedType,
    loc: &[Str],
    defs: &[Def],
) -> EvalResult<Value> {
    merge_option(ev, lib, elem, loc, defs, None).map_err(|mut e| {
        // A free-form attribute whose definitions are all `mkIf false`.
        if e.kind == ErrorKind::UndefinedOption && !defs.is_empty() {
            e.message = format!(
                "The option `{}' has no value: {}.",
                show_loc(loc),
                crate::merge::ALL_FALSE_MKIF
            );
        }
        e
    })
}

fn value_at(
    ev: &mut Eval,
    state: &Rc<State>,
    loc: &[Str],
    defs: &[Def],
    freeform: bool,
) -> EvalResult<Value> {
    let path = &loc[state.prefix.len()..];
    if freeform {
        let ff = state
            .freeform
            .borrow()
            .clone()
            .expect("freeform names need a freeform type");
        let elem = match &ff.ty {
            Type::AttrsOf(t) | Type::LazyAttrsOf(t) => t.clone(),
            _ => ff.clone(),
        };
        return merge_free_form(ev, &state.lib, &elem, loc, defs);
    }
    let node = {
        let root = state.root.borrow();
        match node_at(&root, path) {
            Some(OptNode::Leaf(d)) => Some(d.clone()),
            _ => None,
        }
    };
    match node {
        Some(decl) => {
            if decl.read_only && defs.len() > 1 {
                return Err(err(
                    ErrorKind::ReadOnly,
                    format!(
                        "The option `{}' is read-only, but it's set multiple times.",
                        show_loc(loc)
                    ),
                ));
            }
            let merged = merge_option(ev, &state.lib, &decl.ty, loc, defs, decl.default.clone())?;
            match &decl.apply {
                Some(f) => ev.call(f.clone(), merged, Span::default()),
                None => Ok(merged),
            }
        }
        None => group_value(ev, state, path, defs),
    }
}
