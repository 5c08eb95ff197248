//! The conformance output (the schema of `shared/conformance/README.md`):
//! aspects with their includes and provides, every `flake.modules` entry
//! evaluated as a configuration, and the first error.

use crate::flake::{evaluate_flake, Flake};
use crate::kinds::conformance_kind;
use aspects_modules::{eval_modules, Def, EvalArgs};
use aspects_nix::value::{Attrs, Value};
use aspects_nix::Str;
use aspects_nix::{Eval, EvalError, EvalResult};
use serde_json::{json, Map, Value as Json};

/// Aspect options: every other attribute of an aspect is a class.
pub const ASPECT_OPTIONS: &[&str] = &[
    "_",
    "__functionArgs",
    "__functor",
    "_module",
    "description",
    "includes",
    "modules",
    "name",
    "provides",
    "resolve",
];

/// Each module a configuration was merged from: its file and `config`.
pub(crate) type ModuleSources = Vec<(Str, Value)>;

/// How deep `provides` trees are shown.
const MAX_PROVIDES_DEPTH: usize = 8;

struct FirstError {
    at: Json,
    error: Box<EvalError>,
}

/// Evaluates a flake of `modules` and reports it in the conformance schema.
pub fn conformance(ev: &mut Eval, modules: Vec<Def>, location: &str) -> Json {
    let flake = evaluate_flake(ev, modules, location);
    conformance_flake(ev, flake)
}

/// The conformance output of an evaluated flake (or of why it could not
/// be evaluated).
pub fn conformance_flake(ev: &mut Eval, flake: EvalResult<Flake>) -> Json {
    let flake = match flake {
        Ok(f) => f,
        Err(e) => return whole_error(ev, &e),
    };
    let top = (|| -> EvalResult<(Attrs, Attrs)> {
        let flake_out = get(ev, &flake.config, "flake")?;
        let aspects = get(ev, &flake_out, "aspects")?;
        let aspects = as_attrs(ev, &aspects)?;
        let modules = get(ev, &flake_out, "modules")?;
        let modules = as_attrs(ev, &modules)?;
        Ok((aspects, modules))
    })();
    let (aspects, modules) = match top {
        Ok(x) => x,
        Err(e) => return whole_error(ev, &e),
    };
    let mut first: Option<FirstError> = None;

    let mut aspects_out = Map::new();
    for a in aspects.iter() {
        let name = a.name.to_string();
        let v = aspect_json(ev, &a.value, 0, Probe::Conformance).unwrap_or_else(|e| {
            if first.is_none() {
                first = Some(FirstError {
                    at: json!(["aspects", name.clone()]),
                    error: e.clone(),
                });
            }
            error_json(&e)
        });
        aspects_out.insert(name, v);
    }

    let keys: Vec<Json> = modules.names().map(|k| json!(k.to_string())).collect();
    let modules_out = modules_json(ev, &flake, &modules, &mut first);

    let (error, kind, at, detail) = match &first {
        Some(f) => (
            json!(first_paragraph(&f.error.message)),
            json!(conformance_kind(f.error.kind)),
            f.at.clone(),
            json!(aspects_nix::report::render(&ev.files, &f.error)),
        ),
        None => (Json::Null, Json::Null, Json::Null, Json::Null),
    };
    // Moved in, not through `json!`, which serializes each value again
    // (a second copy of the whole document: 20 MB at N=1000).
    let mut out = Map::new();
    out.insert("aspects".into(), Json::Object(aspects_out));
    out.insert("modules".into(), modules_out);
    out.insert("flakeModulesKeys".into(), Json::Array(keys));
    out.insert("error".into(), error);
    out.insert("errorKind".into(), kind);
    out.insert("errorAt".into(), at);
    out.insert("errorDetail".into(), detail);
    Json::Object(out)
}

/// Just the `modules` part of the conformance output of an evaluated
/// flake: every `flake.modules.<class>.<aspect>` evaluated as a
/// configuration (what the engine benchmark's `modules` group measures).
pub fn conformance_modules(ev: &mut Eval, flake: &Flake) -> EvalResult<Json> {
    let flake_out = get(ev, &flake.config, "flake")?;
    let modules = get(ev, &flake_out, "modules")?;
    let modules = as_attrs(ev, &modules)?;
    let mut first = None;
    let out = modules_json(ev, flake, &modules, &mut first);
    match first {
        Some(f) => Err(f.error),
        None => Ok(out),
    }
}

/// Every class configuration of `modules` (the value of `flake.modules`),
/// noting the first error in `first`.
fn modules_json(
    ev: &mut Eval,
    flake: &Flake,
    modules: &Attrs,
    first: &mut Option<FirstError>,
) -> Json {
    let mut modules_out = Map::new();
    for class in modules.iter() {
        if ASPECT_OPTIONS.contains(&&*class.name) {
            continue;
        }
        let mut per_class = Map::new();
        let entries = match ev.force(&class.value) {
            Ok(Value::Attrs(a)) => a,
            Ok(_) => continue,
            Err(e) => {
                if first.is_none() {
                    *first = Some(FirstError {
                        at: json!(["modules", class.name.to_string()]),
                        error: e.clone(),
                    });
                }
                continue;
            }
        };
        for m in entries.iter() {
            let v = class_config(ev, flake, &class.name, &m.value).unwrap_or_else(|e| {
                if first.is_none() {
                    *first = Some(FirstError {
                        at: json!(["modules", class.name.to_string(), m.name.to_string()]),
                        error: e.clone(),
                    });
                }
                error_json(&e)
            });
            per_class.insert(m.name.to_string(), v);
        }
        modules_out.insert(class.name.to_string(), Json::Object(per_class));
    }
    Json::Object(modules_out)
}

fn whole_error(ev: &Eval, e: &EvalError) -> Json {
    json!({
        "aspects": Json::Null,
        "modules": Json::Null,
        "flakeModulesKeys": Json::Null,
        "error": first_paragraph(&e.message),
        "errorKind": conformance_kind(e.kind),
        "errorAt": Json::Null,
        "errorDetail": aspects_nix::report::render(&ev.files, e),
    })
}

fn first_paragraph(s: &str) -> String {
    s.split("\n\n").next().unwrap_or(s).to_string()
}

pub(crate) fn error_json(e: &EvalError) -> Json {
    json!({ "$error": first_paragraph(&e.message), "$errorKind": conformance_kind(e.kind) })
}

pub(crate) fn get(ev: &mut Eval, v: &Value, name: &str) -> EvalResult<Value> {
    let a = as_attrs(ev, v)?;
    match a.get(name).cloned() {
        Some(x) => ev.force(&x),
        None => Err(aspects_nix::eval::missing_attribute(name, &a).boxed()),
    }
}

pub(crate) fn as_attrs(ev: &mut Eval, v: &Value) -> EvalResult<Attrs> {
    match ev.force(v)? {
        Value::Attrs(a) => Ok(a),
        other => Err(aspects_nix::eval::type_error(&other, "a set", "").boxed()),
    }
}

/// A provider: a function, or a set that is only a functor.
pub(crate) fn is_provider(v: &Value) -> bool {
    match v {
        Value::Attrs(a) => {
            a.contains("__functor")
                && a.names()
                    .all(|n| &**n == "__functor" || &**n == "__functionArgs")
        }
        other => other.is_function(),
    }
}

fn function_args_json(ev: &mut Eval, v: &Value) -> EvalResult<Json> {
    let fa = aspects_nix::builtins::function_args_of(ev, v)?;
    let mut out = Map::new();
    for a in fa.iter() {
        let b = matches!(ev.force(&a.value)?, Value::Bool(true));
        out.insert(a.name.to_string(), json!(b));
    }
    Ok(Json::Object(out))
}

/// Whether and how includes that are providers are called to name what
/// they resolve to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Probe {
    /// Not called (nested `provides`).
    Off,
    /// Called with `class = "__probe__"`, as the conformance recorder does.
    Conformance,
    /// Called with the owner's first class (the call resolution makes
    /// anyway, so the result is shared), `"__probe__"` if it has none.
    OwnClass,
}

/// ASPECT (or a top-level provider) in the schema.
pub(crate) fn aspect_json(
    ev: &mut Eval,
    v: &Value,
    depth: usize,
    probe: Probe,
) -> EvalResult<Json> {
    let v = ev.force(v)?;
    if is_provider(&v) {
        return Ok(json!({ "kind": "provider", "functionArgs": function_args_json(ev, &v)? }));
    }
    let a = as_attrs(ev, &v)?;
    let name = match get(ev, &v, "name")? {
        Value::String(s) => String::from(&*s),
        _ => String::new(),
    };
    let description = match get(ev, &v, "description")? {
        Value::String(s) => String::from(&*s),
        _ => String::new(),
    };
    let classes: Vec<Json> = a
        .names()
        .filter(|n| !ASPECT_OPTIONS.contains(&&***n))
        .map(|n| json!(String::from(&**n)))
        .collect();
    let probe_class: Option<&str> = match probe {
        Probe::Off => None,
        Probe::Conformance => Some("__probe__"),
        Probe::OwnClass => Some(
            classes
                .first()
                .and_then(Json::as_str)
                .unwrap_or("__probe__"),
        ),
    };
    let mut includes = Vec::new();
    if let Value::List(items) = get(ev, &v, "includes")? {
        for inc in items.iter() {
            includes.push(include_json(ev, inc, &v, probe_class)?);
        }
    }
    let mut provides = Map::new();
    if depth < MAX_PROVIDES_DEPTH {
        let p = get(ev, &v, "provides")?;
        let p = as_attrs(ev, &p)?;
        for x in p.iter() {
            provides.insert(
                String::from(&*x.name),
                aspect_json(ev, &x.value, depth + 1, Probe::Off)?,
            );
        }
    }
    Ok(json!({
        "kind": "aspect",
        "name": name,
        "description": description,
        "classes": classes,
        "includes": includes,
        "provides": Json::Object(provides),
    }))
}

/// INCLUDE: an inline aspect by name, or a provider with its formals and
/// (at the top level) the probed name of what it resolves to.
fn include_json(
    ev: &mut Eval,
    inc: &Value,
    owner: &Value,
    probe: Option<&str>,
) -> EvalResult<Json> {
    let inc = ev.force(inc)?;
    if !is_provider(&inc) {
        let name = match get(ev, &inc, "name")? {
            Value::String(s) => json!(String::from(&*s)),
            _ => Json::Null,
        };
        return Ok(json!({ "kind": "aspect", "name": name }));
    }
    let fa = function_args_json(ev, &inc)?;
    let Some(class) = probe else {
        return Ok(json!({ "kind": "provider", "functionArgs": fa }));
    };
    Ok(
        json!({ "kind": "provider", "functionArgs": fa, "name": probe_name(ev, &inc, owner, class) }),
    )
}

/// Calls an include the way resolution does and reports the name of what
/// it gives.
fn probe_name(ev: &mut Eval, inc: &Value, owner: &Value, class: &str) -> Json {
    let ctx = Value::attrs(Attrs::of([
        (aspects_nix::known_str!("class"), Value::string(class)),
        (
            aspects_nix::known_str!("aspect-chain"),
            Value::list(vec![owner.clone()]),
        ),
    ]));
    let result = ev.call(inc.clone(), ctx, Default::default()).and_then(|r| {
        let r = ev.force(&r)?;
        if is_provider(&r) {
            return Ok(json!("<provider>"));
        }
        match &r {
            Value::Attrs(a) => match a.get("name").cloned() {
                Some(n) => match ev.force(&n)? {
                    Value::String(s) => Ok(json!(String::from(&*s))),
                    _ => Ok(Json::Null),
                },
                None => Ok(Json::Null),
            },
            _ => Ok(Json::Null),
        }
    });
    match result {
        Ok(j) => j,
        Err(e) if e.kind.is_catchable() => Json::Null,
        Err(e) => error_json(&e),
    }
}

/// `flake.modules.CLASS.NAME` evaluated with a freeform type under which
/// lists concatenate and sets merge.
pub(crate) fn class_config(
    ev: &mut Eval,
    flake: &Flake,
    class: &Str,
    module: &Value,
) -> EvalResult<Json> {
    class_config_with_modules(ev, flake, class, module).map(|(j, _)| j)
}

/// The configuration and the modules it was merged from.
pub(crate) fn class_config_with_modules(
    ev: &mut Eval,
    flake: &Flake,
    class: &Str,
    module: &Value,
) -> EvalResult<(Json, ModuleSources)> {
    // The same two values for every configuration of the evaluation (so
    // their parsed type and option tree are shared too).
    let (freeform, special) = match ev.extension::<ClassConfigArgs>().0.clone() {
        Some(both) => both,
        None => {
            let types = get(ev, &flake.lib, "types")?;
            let lazy_attrs_of = get(ev, &types, "lazyAttrsOf")?;
            let anything = get(ev, &types, "lazyAnything")?;
            let freeform_type = ev.call(lazy_attrs_of, anything, Default::default())?;
            let freeform = Value::attrs(Attrs::of([("freeformType".into(), freeform_type)]));
            let special = Value::attrs(Attrs::of([(
                "pkgs".into(),
                aspects_nix::builtins::pkgs_stand_in(),
            )]));
            ev.extension::<ClassConfigArgs>().0 = Some((freeform.clone(), special.clone()));
            (freeform, special)
        }
    };
    let evaluated = eval_modules(
        ev,
        &flake.lib,
        EvalArgs {
            modules: vec![
                Def {
                    value: freeform,
                    file: aspects_nix::known_str!("«conformance freeform»"),
                },
                Def {
                    value: module.clone(),
                    file: format!("flake.modules.{class}").into(),
                },
            ],
            special_args: Some(special),
            class: Some(class.clone()),
            ..Default::default()
        },
    )?;
    let json = value_json(ev, &evaluated.config, 0)?;
    Ok((json, evaluated.modules))
}

/// The free-form module and special arguments of every class
/// configuration of one evaluation.
#[derive(Default)]
struct ClassConfigArgs(Option<(Value, Value)>);

/// Plain JSON of a configuration value: functions are `"<lambda>"`, paths
/// "<path:BASENAME>".
pub fn value_json(ev: &mut Eval, v: &Value, depth: usize) -> EvalResult<Json> {
    if depth > 200 {
        return Ok(json!("«too deep»"));
    }
    let v = ev.force(v)?;
    Ok(match &v {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::String(s) => json!(String::from(&**s)),
        Value::Path(p) => json!(format!("<path:{}>", p.rsplit('/').next().unwrap_or(p))),
        Value::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            for x in items.iter() {
                out.push(value_json(ev, x, depth + 1)?);
            }
            Json::Array(out)
        }
        Value::Attrs(a) if a.contains("__functor") => json!("<lambda>"),
        Value::Attrs(a) => {
            let mut out = Map::new();
            for x in a.iter() {
                match value_json(ev, &x.value, depth + 1) {
                    Ok(j) => {
                        out.insert(String::from(&*x.name), j);
                    }
                    // Every definition was `mkIf false`: the attribute is not there.
                    Err(e)
                        if e.kind == aspects_nix::ErrorKind::UndefinedOption
                            && e.message.contains(aspects_modules::merge::ALL_FALSE_MKIF) => {}
                    Err(e) => return Err(e),
                }
            }
            Json::Object(out)
        }
        Value::Lambda(_) | Value::PrimOp(_) | Value::Native(_) => json!("<lambda>"),
        Value::Thunk(_) => unreachable!("forced"),
    })
}
