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

/// The first error of the output (the one `error`, `errorKind`,
/// `errorAt` and `errorDetail` report), rendered where it happened, so
/// that it can travel between evaluators.
#[derive(Clone)]
pub(crate) struct Reported {
    at: Json,
    /// Rendered with the files of the evaluator that raised it.
    detail: String,
    /// The error as it was raised.
    raised: EvalError,
}

impl Reported {
    fn new(ev: &Eval, at: Json, e: &EvalError) -> Reported {
        Reported {
            at,
            detail: aspects_nix::report::render(&ev.files, e),
            raised: e.clone(),
        }
    }
}

/// Where an error stands in the output's order (the first is reported):
/// the aspects section first, then `modules` class by class, a class
/// that cannot be evaluated before its entries.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Place {
    /// An aspect, by its unit.
    Aspect(usize),
    /// A class, by its index, and an entry of it, by its unit.
    Modules(usize, Option<usize>),
}

/// The first error met, by [`Place`].
#[derive(Default)]
pub(crate) struct FirstError(Option<(Place, Reported)>);

impl FirstError {
    /// Notes `e` at `place` unless an earlier place already has one.
    fn note(&mut self, ev: &Eval, place: Place, at: impl FnOnce() -> Json, e: &EvalError) {
        if self.precedes(&place) {
            return;
        }
        self.0 = Some((place, Reported::new(ev, at(), e)));
    }

    fn merge(&mut self, other: FirstError) {
        if let Some((place, r)) = other.0 {
            if !self.precedes(&place) {
                self.0 = Some((place, r));
            }
        }
    }

    /// Whether the error kept stands at or before `place`.
    fn precedes(&self, place: &Place) -> bool {
        matches!(&self.0, Some((p, _)) if p <= place)
    }
}

/// What the output is made of, read from an evaluated flake: every
/// evaluator that works on the same flake reads the same plan.
pub(crate) struct Plan {
    /// `flake.aspects`, if the aspects section is wanted.
    aspects: Option<Attrs>,
    /// The classes of `flake.modules` (aspect options skipped), with
    /// their entries or why they cannot be read.
    classes: Vec<(Str, Result<Attrs, Box<EvalError>>)>,
    /// The names of `flake.modules`.
    keys: Vec<Json>,
    /// Every aspect and entry name, in order: the units of work.
    pub(crate) units: Vec<Str>,
}

impl Plan {
    /// The plan of `flake`'s output (with the aspects section or not).
    pub(crate) fn of(ev: &mut Eval, flake: &Flake, with_aspects: bool) -> EvalResult<Plan> {
        let flake_out = get(ev, &flake.config, "flake")?;
        let aspects = if with_aspects {
            let aspects = get(ev, &flake_out, "aspects")?;
            Some(as_attrs(ev, &aspects)?)
        } else {
            None
        };
        let modules = get(ev, &flake_out, "modules")?;
        let modules = as_attrs(ev, &modules)?;
        let keys = modules.names().map(|k| json!(k.to_string())).collect();
        let mut classes = Vec::new();
        let mut units: Vec<Str> = aspects.iter().flat_map(|a| a.names().cloned()).collect();
        for class in modules.iter() {
            if ASPECT_OPTIONS.contains(&&*class.name) {
                continue;
            }
            let entries = match ev.force(&class.value) {
                Ok(Value::Attrs(a)) => Ok(a),
                Ok(_) => continue,
                Err(e) => Err(e),
            };
            if let Ok(entries) = &entries {
                units.extend(entries.names().cloned());
            }
            classes.push((class.name.clone(), entries));
        }
        units.sort();
        units.dedup();
        Ok(Plan {
            aspects,
            classes,
            keys,
            units,
        })
    }

    /// The errors of classes that cannot be evaluated.
    fn class_errors(&self, ev: &Eval) -> FirstError {
        let mut first = FirstError::default();
        for (i, (class, entries)) in self.classes.iter().enumerate() {
            if let Err(e) = entries {
                let at = || json!(["modules", class.to_string()]);
                first.note(ev, Place::Modules(i, None), at, e);
            }
        }
        first
    }

    /// Computes the units `next` hands out (indices into `units`), each
    /// entry kept as JSON text if `text` (see [`Document`]).
    pub(crate) fn work(
        &self,
        ev: &mut Eval,
        flake: &Flake,
        text: bool,
        mut next: impl FnMut(&Eval) -> Option<usize>,
    ) -> Part {
        let mut part = Part::default();
        while let Some(u) = next(ev) {
            part.done += 1;
            let name = &self.units[u];
            if let Some(v) = self.aspects.as_ref().and_then(|a| a.get(name)) {
                let v = aspect_json(ev, v, 0, Probe::Conformance).unwrap_or_else(|e| {
                    let at = || json!(["aspects", name.to_string()]);
                    part.first.note(ev, Place::Aspect(u), at, &e);
                    error_json(&e)
                });
                part.aspects.push((name.to_string(), Entry::of(v, text)));
            }
            for (i, (class, entries)) in self.classes.iter().enumerate() {
                let Some(module) = entries.as_ref().ok().and_then(|a| a.get(name)) else {
                    continue;
                };
                let v = class_config(ev, flake, class, module).unwrap_or_else(|e| {
                    let at = || json!(["modules", class.to_string(), name.to_string()]);
                    part.first.note(ev, Place::Modules(i, Some(u)), at, &e);
                    error_json(&e)
                });
                part.modules.push((i, name.to_string(), Entry::of(v, text)));
            }
        }
        part
    }

    /// The whole output, every unit computed by `ev`.
    pub(crate) fn alone(self, ev: &mut Eval, flake: &Flake, text: bool) -> Document {
        let mut units = 0..self.units.len();
        let part = self.work(ev, flake, text, |_| units.next());
        self.assemble(ev, vec![part])
    }

    /// The whole output from the parts the units were computed in.
    pub(crate) fn assemble(self, ev: &Eval, parts: Vec<Part>) -> Document {
        let mut texts = Vec::new();
        let mut place = |entry: Entry| match entry {
            Entry::Json(v) => v,
            Entry::Text(t) => {
                texts.push(t);
                Json::from(texts.len() - 1)
            }
        };
        let mut first = self.class_errors(ev);
        let mut aspects_out = Map::new();
        let mut per_class: Vec<Option<Map<String, Json>>> = self
            .classes
            .iter()
            .map(|(_, entries)| entries.as_ref().ok().map(|_| Map::new()))
            .collect();
        for part in parts {
            first.merge(part.first);
            for (name, entry) in part.aspects {
                aspects_out.insert(name, place(entry));
            }
            for (i, name, entry) in part.modules {
                if let Some(m) = &mut per_class[i] {
                    m.insert(name, place(entry));
                }
            }
        }
        let mut modules_out = Map::new();
        for ((class, _), m) in self.classes.iter().zip(per_class) {
            if let Some(m) = m {
                modules_out.insert(class.to_string(), Json::Object(m));
            }
        }
        let (error, kind, at, detail, raised) = match first.0 {
            Some((_, r)) => (
                json!(first_paragraph(&r.raised.message)),
                json!(conformance_kind(r.raised.kind)),
                r.at,
                json!(r.detail),
                Some(r.raised),
            ),
            None => (Json::Null, Json::Null, Json::Null, Json::Null, None),
        };
        // Moved in, not through `json!`, which serializes each value again
        // (a second copy of the whole document: 20 MB at N=1000).
        let mut out = Map::new();
        if self.aspects.is_some() {
            out.insert("aspects".into(), Json::Object(aspects_out));
        }
        out.insert("modules".into(), Json::Object(modules_out));
        out.insert("flakeModulesKeys".into(), Json::Array(self.keys));
        out.insert("error".into(), error);
        out.insert("errorKind".into(), kind);
        out.insert("errorAt".into(), at);
        out.insert("errorDetail".into(), detail);
        Document {
            outline: Json::Object(out),
            texts,
            error: raised,
        }
    }
}

/// An aspect's section or a configuration, as computed or as its JSON
/// text (pretty, at depth 0).
pub(crate) enum Entry {
    Json(Json),
    Text(String),
}

impl Entry {
    fn of(v: Json, text: bool) -> Entry {
        if text {
            Entry::Text(serde_json::to_string_pretty(&v).expect("JSON values serialize"))
        } else {
            Entry::Json(v)
        }
    }
}

/// The conformance output: its outline, and the texts of entries kept as
/// text (the outline holds each one's index, a number, where it goes).
///
/// Why text: the CLI prints the output, and each entry's text is written
/// by the thread that computed it, while its tree would have lived until
/// the end (the whole tree was 20 MB at N=1000, its text 1.8 MB).
pub struct Document {
    outline: Json,
    texts: Vec<String>,
    /// The error the output reports first, as it was raised (when it was
    /// met in a class or an entry).
    error: Option<EvalError>,
}

impl Document {
    /// A document whose entries are all in its outline.
    pub(crate) fn whole(outline: Json) -> Document {
        Document {
            outline,
            texts: Vec::new(),
            error: None,
        }
    }

    /// The output as JSON (only for documents made without texts).
    pub fn into_json(self) -> Json {
        assert!(self.texts.is_empty(), "a document of texts has no tree");
        self.outline
    }

    /// The output as `serde_json::to_string_pretty` prints it.
    pub fn to_pretty(&self) -> String {
        let outline = serde_json::to_string_pretty(&self.outline).expect("JSON values serialize");
        if self.texts.is_empty() {
            return outline;
        }
        splice(&outline, &self.texts)
    }
}

/// `outline`'s text with each number outside strings (none is there but
/// the entries' indices: every other value of the outline is a string, a
/// null, a list or a set) replaced by that entry's text, indented as deep
/// as the line it goes in. JSON strings escape line breaks, so the line
/// breaks of an entry's text are all between its tokens.
fn splice(outline: &str, texts: &[String]) -> String {
    let mut out =
        String::with_capacity(outline.len() + texts.iter().map(String::len).sum::<usize>() * 5 / 4);
    let bytes = outline.as_bytes();
    let (mut i, mut copied, mut in_string, mut line_start) = (0, 0, false, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'\n' {
            line_start = i + 1;
        } else if b.is_ascii_digit() {
            let end = i + bytes[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let index: usize = outline[i..end].parse().expect("an entry's index");
            let indent = bytes[line_start..]
                .iter()
                .take_while(|c| **c == b' ')
                .count();
            out.push_str(&outline[copied..i]);
            let text = &texts[index];
            let mut lines = text.split('\n');
            out.push_str(lines.next().unwrap_or_default());
            for line in lines {
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', indent));
                out.push_str(line);
            }
            copied = end;
            i = end;
            continue;
        }
        i += 1;
    }
    out.push_str(&outline[copied..]);
    out
}

/// The outputs of the units one evaluator computed.
#[derive(Default)]
pub(crate) struct Part {
    aspects: Vec<(String, Entry)>,
    /// (class index, entry name, configuration).
    modules: Vec<(usize, String, Entry)>,
    first: FirstError,
    /// How many units it computed.
    done: usize,
}

impl Part {
    /// (Read by the parallel path, which native builds alone have.)
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn units_done(&self) -> usize {
        self.done
    }
}

/// Evaluates a flake of `modules` and reports it in the conformance schema.
pub fn conformance(ev: &mut Eval, modules: Vec<Def>, location: &str) -> Json {
    let flake = evaluate_flake(ev, modules, location);
    conformance_flake(ev, flake)
}

/// The conformance output of an evaluated flake (or of why it could not
/// be evaluated).
pub fn conformance_flake(ev: &mut Eval, flake: EvalResult<Flake>) -> Json {
    alone_output(ev, flake, true, false).into_json()
}

/// The output of an evaluated flake (or of why it could not be evaluated)
/// with its aspects section or not, every unit computed by `ev`, each
/// entry kept as JSON text if `text` (see [`Document`]).
pub(crate) fn alone_output(
    ev: &mut Eval,
    flake: EvalResult<Flake>,
    aspects: bool,
    text: bool,
) -> Document {
    let flake = match flake {
        Ok(f) => f,
        Err(e) => return Document::whole(whole_error(ev, &e)),
    };
    match Plan::of(ev, &flake, aspects) {
        Ok(plan) => plan.alone(ev, &flake, text),
        Err(e) => Document::whole(whole_error(ev, &e)),
    }
}

/// Just the `modules` part of the conformance output of an evaluated
/// flake: every `flake.modules.<class>.<aspect>` evaluated as a
/// configuration (what the engine benchmark's `modules` group measures),
/// or the first error, as the evaluation raised it (kind and spans).
pub fn conformance_modules(ev: &mut Eval, flake: &Flake) -> EvalResult<Json> {
    let mut document = Plan::of(ev, flake, false)?.alone(ev, flake, false);
    if let Some(e) = document.error.take() {
        return Err(Box::new(e));
    }
    Ok(document.into_json()["modules"].take())
}

pub(crate) fn whole_error(ev: &Eval, e: &EvalError) -> Json {
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
/// "<path:BASENAME>". At most [`MAX_CONFIG_VALUES`] values: a module that
/// sets an option to its own arguments (`args: { x = args; }`) makes a
/// configuration that holds itself, whose every level also holds `lib`
/// and `options`, and writing it out would take all the memory there is.
pub fn value_json(ev: &mut Eval, v: &Value, depth: usize) -> EvalResult<Json> {
    let mut budget = MAX_CONFIG_VALUES;
    bounded_json(ev, v, depth, &mut budget)
}

/// The most values one configuration's JSON holds (a real one of the
/// playground holds hundreds).
pub const MAX_CONFIG_VALUES: usize = 20_000;

fn bounded_json(ev: &mut Eval, v: &Value, depth: usize, budget: &mut usize) -> EvalResult<Json> {
    if depth > 200 {
        return Ok(json!("«too deep»"));
    }
    if *budget == 0 {
        return Err(EvalError::new(
            aspects_nix::ErrorKind::OutOfMemory,
            format!(
                "the configuration has more than {MAX_CONFIG_VALUES} values, too many to show: does a module set an option to its own arguments or `config` (which holds itself)?"
            ),
        )
        .boxed());
    }
    *budget -= 1;
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
                out.push(bounded_json(ev, x, depth + 1, budget)?);
            }
            Json::Array(out)
        }
        Value::Attrs(a) if a.contains("__functor") => json!("<lambda>"),
        Value::Attrs(a) => {
            let mut out = Map::new();
            for x in a.iter() {
                match bounded_json(ev, &x.value, depth + 1, budget) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use aspects_nix::files::MemoryFs;
    use aspects_nix::ErrorKind;

    /// The `modules` output of the flake `text`, or its first error's
    /// kind and message.
    fn modules_of(text: &str) -> Result<Json, (ErrorKind, String, Option<aspects_nix::ast::Span>)> {
        let text = text.to_string();
        aspects_nix::on_big_stack(move || {
            let mut fs = MemoryFs::new();
            fs.insert("/t/flake.nix", &text);
            let mut ev = Eval::new(Box::new(fs));
            let modules = vec![Def {
                value: Value::Path("/t/flake.nix".into()),
                file: "/t/flake.nix".into(),
            }];
            let flake = evaluate_flake(&mut ev, modules, "/t").expect("the flake evaluates");
            conformance_modules(&mut ev, &flake)
                .map_err(|e| (e.kind, e.message.to_string(), e.span))
        })
    }

    #[test]
    fn a_configuration_too_large_to_show_is_an_error() {
        let mut ev = Eval::default();
        let v = ev
            .eval_source("/c.nix", "{ a = [ 1 2 3 ]; b.c = true; }")
            .expect("evaluates");
        // Values: the set, the list and its three items, b, and c.
        let mut budget = 7;
        let j = bounded_json(&mut ev, &v, 0, &mut budget).expect("within the budget");
        assert_eq!(j, json!({ "a": [1, 2, 3], "b": { "c": true } }));
        assert_eq!(budget, 0);
        let mut budget = 6;
        let e = bounded_json(&mut ev, &v, 0, &mut budget).expect_err("one value too many");
        assert_eq!(e.kind, ErrorKind::OutOfMemory);
        assert!(e.message.contains("too many to show"), "{}", e.message);
    }

    #[test]
    fn entries_spliced_into_the_outline_print_as_the_whole_tree() {
        // Keys with digits, quotes and escapes; empty and nested entries.
        let entries = [
            json!({ "a1": [1, 2, { "x\"9": "q\"\\ 3" }], "b": {} }),
            json!({}),
            json!([]),
            json!("12"),
            json!(7),
        ];
        let mut inner = Map::new();
        let mut tree_inner = Map::new();
        for (i, e) in entries.iter().enumerate() {
            inner.insert(format!("e{i} \"{i}\""), Json::from(i));
            tree_inner.insert(format!("e{i} \"{i}\""), e.clone());
        }
        let outline = json!({ "k0": { "deeper 2": inner }, "n": null, "l": ["3", "4"] });
        let tree = json!({ "k0": { "deeper 2": tree_inner }, "n": null, "l": ["3", "4"] });
        let document = Document {
            error: None,
            outline,
            texts: entries
                .iter()
                .map(|e| serde_json::to_string_pretty(e).unwrap())
                .collect(),
        };
        assert_eq!(
            document.to_pretty(),
            serde_json::to_string_pretty(&tree).unwrap()
        );
    }

    #[test]
    fn the_modules_output_gives_the_first_error_as_it_was_raised() {
        let out = modules_of(
            r#"{
  flake.aspects = {
    a.nixos.fine = [ 1 ];
    b.nixos.sum = 1 + "two";
    c.nixos.bad = throw "later";
  };
}"#,
        );
        let (kind, message, span) = out.expect_err("b's entry fails");
        assert_eq!(kind, ErrorKind::WrongValueType, "{message}");
        // Where it was raised: `1 + "two"`, on line 4.
        let span = span.expect("the error has its place");
        assert_eq!(span.start, 66, "{message}");
        let ok = modules_of(r#"{ flake.aspects.a.nixos.v = [ 1 ]; }"#).expect("evaluates");
        assert_eq!(ok["nixos"]["a"]["v"], serde_json::json!([1]));
    }
}
