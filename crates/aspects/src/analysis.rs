//! The Analysis: everything the playground and `aspects eval --format
//! json` show about a flake, in one serialisable value — the aspects, the
//! transposed `flake.modules` grid, each (class, aspect)'s resolved include
//! tree with the aspect-chain every node saw, the include graph, the
//! evaluated configurations, and the diagnostics with their positions.

use crate::conformance::{self, ASPECT_OPTIONS};
use crate::flake::{evaluate_flake, Flake};
use crate::kinds::conformance_kind;
use aspects_modules::Def;
use aspects_nix::ast::Span;
use aspects_nix::value::{Attrs, Value};
use aspects_nix::Str;
use aspects_nix::{Eval, EvalError, EvalResult};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Analysis {
    /// Each top-level aspect in the conformance schema's ASPECT shape.
    pub aspects: BTreeMap<String, Json>,
    /// Real classes (keys of `flake.modules` that are not aspect options).
    pub classes: Vec<String>,
    /// Every raw key of `flake.modules` (flake-aspects also emits junk).
    pub flake_modules_keys: Vec<String>,
    /// `flake.modules.<class>` → the aspects exported for it.
    pub exported: BTreeMap<String, Vec<String>>,
    /// `class` → `aspect` → resolved include tree (resolution order).
    pub trees: BTreeMap<String, BTreeMap<String, TreeNode>>,
    pub graph: Graph,
    /// `class` → `aspect` → the evaluated configuration, or its error.
    pub configs: BTreeMap<String, BTreeMap<String, Json>>,
    /// `class` → `aspect` → where each value of the configuration comes
    /// from ("why is this here?").
    pub provenance: BTreeMap<String, BTreeMap<String, Vec<Provenance>>>,
    /// `class` → `aspect` → the modules merged into
    /// `flake.modules.<class>.<aspect>`, each with its repo, file and line.
    pub contributions: BTreeMap<String, BTreeMap<String, Vec<crate::workspace::Contribution>>>,
    /// `perSystem` packages (x86_64-linux): name → `{ name, type }`.
    pub packages: BTreeMap<String, Json>,
    /// The workspace around the evaluated repo (workspaces only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace: Option<crate::workspace::Report>,
    pub diagnostics: Vec<Diagnostic>,
    /// An error that stopped the whole evaluation.
    pub fatal: Option<Diagnostic>,
}

/// One node of a resolved include tree.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TreeNode {
    /// Stable id: `a` for a named aspect, `parent#includes[i]` for an inline
    /// or provider include.
    pub id: String,
    pub label: String,
    /// `aspect`, `inline`, `provider`, `dropped`, `cycle` or `error` (the
    /// include failed to evaluate; the label says how).
    pub kind: String,
    /// Whether this node contributes a module for the class.
    pub has_class: bool,
    /// The aspect-chain the node's provider was called with (names).
    pub chain: Vec<String>,
    pub children: Vec<TreeNode>,
}

/// The definitions behind one value of a configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Provenance {
    /// The value's path in the configuration (a list is one value).
    pub path: Vec<String>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The aspect whose class module defines it, when known.
    pub aspect: Option<String>,
    /// The user's file.
    pub file: String,
    /// The option the definition came through (`flake.aspects.ssh.nixos`).
    pub via: Option<String>,
}

/// How many values of one configuration get provenance.
const MAX_PROVENANCE: usize = 2000;

fn leaf_paths(j: &Json, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    if out.len() >= MAX_PROVENANCE {
        return;
    }
    match j {
        Json::Object(m) if !m.is_empty() && !m.contains_key("$error") => {
            for (k, v) in m {
                path.push(k.clone());
                leaf_paths(v, path, out);
                path.pop();
            }
        }
        _ => out.push(path.clone()),
    }
}

/// Splits "<file>, via option <loc>" (innermost wrapper first).
fn parse_source(file: &str) -> Source {
    let (user_file, via) = match file.split_once(", via option ") {
        Some((f, v)) => (
            f.to_string(),
            Some(v.split(", via option ").next().unwrap_or(v).to_string()),
        ),
        None => (file.to_string(), None),
    };
    let aspect = via.as_deref().and_then(|v| {
        let rest = v.strip_prefix("flake.aspects.")?;
        let name = if let Some(q) = rest.strip_prefix('"') {
            q.split('"').next()?.to_string()
        } else {
            rest.split('.').next()?.to_string()
        };
        Some(name)
    });
    Source {
        aspect,
        file: user_file,
        via,
    }
}

fn provenance_of(ev: &mut Eval, config: &Json, modules: &[(Str, Value)]) -> Vec<Provenance> {
    let mut paths = Vec::new();
    leaf_paths(config, &mut Vec::new(), &mut paths);
    let mut out = Vec::new();
    for path in paths {
        let key: Vec<Str> = path.iter().map(|p| Str::from(p.as_str())).collect();
        let mut sources = Vec::new();
        for (file, value) in modules {
            if file.starts_with('«') || file.contains("/«") {
                continue;
            }
            if let Ok(found) = aspects_modules::eval::values_at(ev, value, &key) {
                if !found.is_empty() {
                    sources.push(parse_source(file));
                }
            }
        }
        out.push(Provenance { path, sources });
    }
    out
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Graph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphNode {
    pub id: String,
    pub label: String,
    /// `aspect`, `inline`, `provider`, `dropped` or `cycle`.
    pub kind: String,
    pub description: Option<String>,
    pub classes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphEdge {
    pub from: String,
    pub to: String,
    /// Classes whose resolution follows this edge.
    pub classes: Vec<String>,
    /// The include contributes nothing (its provider needs more arguments).
    pub dropped: bool,
    /// The edge closes an include cycle.
    pub cycle: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Diagnostic {
    /// `error` or `warning`.
    pub severity: String,
    pub kind: String,
    pub message: String,
    /// The full report: message, source line and caret, trace.
    pub detail: String,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub start: Option<u32>,
    pub end: Option<u32>,
    /// The aspect and class it concerns, when known.
    pub aspect: Option<String>,
    pub class: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without a position.
    pub fn message(severity: &str, kind: &str, message: String) -> Diagnostic {
        Diagnostic {
            severity: severity.into(),
            kind: kind.into(),
            detail: message.clone(),
            message,
            file: None,
            line: None,
            column: None,
            start: None,
            end: None,
            aspect: None,
            class: None,
        }
    }

    pub(crate) fn from_error(
        ev: &Eval,
        e: &EvalError,
        aspect: Option<&str>,
        class: Option<&str>,
    ) -> Diagnostic {
        // The innermost position in the user's files, not in our preludes.
        let span = std::iter::once(e.span)
            .chain(e.trace.iter().map(|f| f.span))
            .flatten()
            .find(|s| ev.files.get(s.file).is_some_and(|f| !f.path.contains('«')))
            .or(e.span);
        let mut d = Diagnostic {
            severity: "error".into(),
            kind: conformance_kind(e.kind).to_string(),
            message: e.message.clone(),
            detail: aspects_nix::report::render(&ev.files, e),
            file: None,
            line: None,
            column: None,
            start: None,
            end: None,
            aspect: aspect.map(str::to_string),
            class: class.map(str::to_string),
        };
        if let Some(s) = span {
            d.locate(ev, s);
        }
        d
    }

    pub(crate) fn locate(&mut self, ev: &Eval, s: Span) {
        if let Some(f) = ev.files.get(s.file) {
            let at = ev.files.line_col(s);
            self.file = Some(f.path.to_string());
            self.line = Some(at.line);
            self.column = Some(at.column);
            self.start = Some(s.start);
            self.end = Some(s.end);
        }
    }
}

/// Evaluates a flake of `modules` and analyses it.
pub fn analyse(ev: &mut Eval, modules: Vec<Def>, location: &str) -> Analysis {
    let flake = evaluate_flake(ev, modules, location);
    analyse_flake(ev, flake)
}

/// Analyses an evaluated flake (or reports why it could not be evaluated).
pub fn analyse_flake(ev: &mut Eval, flake: EvalResult<Flake>) -> Analysis {
    let mut out = Analysis::default();
    let flake = match flake {
        Ok(f) => f,
        Err(e) => {
            out.fatal = Some(Diagnostic::from_error(ev, &e, None, None));
            return out;
        }
    };
    let top = (|| -> EvalResult<(Attrs, Attrs)> {
        let flake_out = conformance::get(ev, &flake.config, "flake")?;
        let aspects = conformance::get(ev, &flake_out, "aspects")?;
        let aspects = conformance::as_attrs(ev, &aspects)?;
        let modules = conformance::get(ev, &flake_out, "modules")?;
        let modules = conformance::as_attrs(ev, &modules)?;
        Ok((aspects, modules))
    })();
    let (aspects, modules) = match top {
        Ok(x) => x,
        Err(e) => {
            out.fatal = Some(Diagnostic::from_error(ev, &e, None, None));
            return out;
        }
    };

    for a in aspects.iter() {
        let v = conformance::aspect_json(ev, &a.value, 0, conformance::Probe::OwnClass)
            .unwrap_or_else(|e| {
                out.diagnostics
                    .push(Diagnostic::from_error(ev, &e, Some(&a.name), None));
                conformance::error_json(&e)
            });
        out.aspects.insert(a.name.to_string(), v);
    }
    out.flake_modules_keys = modules.names().map(|k| k.to_string()).collect();

    let mut graph = GraphBuilder::default();
    for a in aspects.iter() {
        let description = aspect_description(ev, &a.value);
        graph.node(&a.name, &a.name, "aspect", description);
    }
    for class in modules.iter() {
        if ASPECT_OPTIONS.contains(&&*class.name) {
            continue;
        }
        out.classes.push(class.name.to_string());
        let entries = match ev.force(&class.value) {
            Ok(Value::Attrs(a)) => a,
            Ok(_) => continue,
            Err(e) => {
                out.diagnostics
                    .push(Diagnostic::from_error(ev, &e, None, Some(&class.name)));
                continue;
            }
        };
        out.exported.insert(
            class.name.to_string(),
            entries.names().map(|n| n.to_string()).collect(),
        );
        let mut configs = BTreeMap::new();
        let mut trees = BTreeMap::new();
        let mut provenance = BTreeMap::new();
        for m in entries.iter() {
            // Resolution itself finds real cycles: a configuration that
            // evaluated has none, whatever names repeat on a path.
            let mut no_cycle = true;
            let config =
                match conformance::class_config_with_modules(ev, &flake, &class.name, &m.value) {
                    Ok((config, modules)) => {
                        provenance.insert(m.name.to_string(), provenance_of(ev, &config, &modules));
                        config
                    }
                    Err(e) => {
                        no_cycle = false;
                        out.diagnostics.push(Diagnostic::from_error(
                            ev,
                            &e,
                            Some(&m.name),
                            Some(&class.name),
                        ));
                        conformance::error_json(&e)
                    }
                };
            configs.insert(m.name.to_string(), config);
            if let Some(aspect) = aspects.get(&m.name).cloned() {
                let mut walker = Walker {
                    class: class.name.clone(),
                    top: &aspects,
                    graph: &mut graph,
                    diagnostics: &mut out.diagnostics,
                    no_cycle,
                };
                match walker.resolve_top(ev, &m.name, &aspect) {
                    Ok(tree) => {
                        trees.insert(m.name.to_string(), tree);
                    }
                    Err(e) => walker.diagnostics.push(Diagnostic::from_error(
                        ev,
                        &e,
                        Some(&m.name),
                        Some(&class.name),
                    )),
                }
            }
        }
        out.configs.insert(class.name.to_string(), configs);
        out.provenance.insert(class.name.to_string(), provenance);
        out.trees.insert(class.name.to_string(), trees);
    }
    // Aspects resolved for classes they do not export still show their
    // includes in the graph.
    for a in aspects.iter() {
        let own = aspect_classes(ev, &a.value);
        if !own.is_empty() {
            continue;
        }
        let mut walker = Walker {
            class: "".into(),
            top: &aspects,
            graph: &mut graph,
            diagnostics: &mut Vec::new(),
            no_cycle: false,
        };
        let _ = walker.resolve_top(ev, &a.name, &a.value);
    }
    out.contributions = crate::workspace::provenance::contributions(ev, &modules);
    out.packages = crate::workspace::per_system::packages(ev, &flake, &mut out.diagnostics);
    for t in &ev.traces {
        let mut d = Diagnostic {
            severity: "warning".into(),
            kind: if t.warning { "warn" } else { "trace" }.into(),
            message: t.message.clone(),
            detail: t.message.clone(),
            file: None,
            line: None,
            column: None,
            start: None,
            end: None,
            aspect: None,
            class: None,
        };
        if let Some(s) = t.span {
            d.locate(ev, s);
        }
        out.diagnostics.push(d);
    }
    dedup_diagnostics(&mut out.diagnostics);
    out.graph = graph.finish();
    let _ = &flake as &Flake;
    out
}

fn dedup_diagnostics(ds: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    ds.retain(|d| {
        seen.insert((
            d.severity.clone(),
            d.message.clone(),
            d.aspect.clone(),
            d.class.clone(),
        ))
    });
}

fn aspect_description(ev: &mut Eval, v: &Value) -> Option<String> {
    let v = ev.force(v).ok()?;
    let Value::Attrs(a) = &v else { return None };
    match ev.force(&a.get("description")?.clone()).ok()? {
        Value::String(s) => Some(s.to_string()),
        _ => None,
    }
}

fn aspect_classes(ev: &mut Eval, v: &Value) -> Vec<String> {
    match ev.force(v) {
        Ok(Value::Attrs(a)) if !conformance::is_provider(&Value::Attrs(a.clone())) => a
            .names()
            .filter(|n| !ASPECT_OPTIONS.contains(&&***n))
            .map(|n| n.to_string())
            .collect(),
        _ => Vec::new(),
    }
}

#[derive(Default)]
struct GraphBuilder {
    nodes: BTreeMap<String, GraphNode>,
    edges: BTreeMap<(String, String), GraphEdge>,
}

impl GraphBuilder {
    fn node(&mut self, id: &str, label: &str, kind: &'static str, description: Option<String>) {
        self.nodes
            .entry(id.to_string())
            .or_insert_with(|| GraphNode {
                id: id.to_string(),
                label: label.to_string(),
                kind: kind.into(),
                description,
                classes: Vec::new(),
            });
    }

    fn class(&mut self, id: &str, class: &str) {
        if let Some(n) = self.nodes.get_mut(id) {
            if !class.is_empty() && !n.classes.iter().any(|c| c == class) {
                n.classes.push(class.to_string());
            }
        }
    }

    fn edge(&mut self, from: &str, to: &str, class: &str, dropped: bool, cycle: bool) {
        let e = self
            .edges
            .entry((from.to_string(), to.to_string()))
            .or_insert_with(|| GraphEdge {
                from: from.to_string(),
                to: to.to_string(),
                classes: Vec::new(),
                dropped,
                cycle,
            });
        if !class.is_empty() && !e.classes.iter().any(|c| c == class) {
            e.classes.push(class.to_string());
        }
        e.cycle |= cycle;
    }

    fn finish(self) -> Graph {
        Graph {
            nodes: self.nodes.into_values().collect(),
            edges: self.edges.into_values().collect(),
        }
    }
}

/// Resolution again, in Rust, to name and place every node (the values
/// are the same ones the Nix `resolve` walks).
struct Walker<'a> {
    class: Str,
    top: &'a Attrs,
    graph: &'a mut GraphBuilder,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// The entry's configuration evaluated, so no include path is a cycle
    /// (an aspect met again by name is another aspect of the same name,
    /// such as a remote one).
    no_cycle: bool,
}

/// How deep a resolved tree is shown.
const MAX_TREE_DEPTH: usize = 64;

impl Walker<'_> {
    fn resolve_top(&mut self, ev: &mut Eval, name: &str, aspect: &Value) -> EvalResult<TreeNode> {
        let provided = self.apply(ev, aspect, &[])?;
        self.node(
            ev,
            name.to_string(),
            name.to_string(),
            "aspect",
            provided,
            Vec::new(),
            Vec::new(),
            0,
        )
    }

    fn context(&self, chain: &[Value]) -> Value {
        Value::attrs(Attrs::of([
            (
                aspects_nix::known_str!("class"),
                Value::String(self.class.clone()),
            ),
            (
                aspects_nix::known_str!("aspect-chain"),
                Value::list(chain.to_vec()),
            ),
        ]))
    }

    fn apply(&self, ev: &mut Eval, x: &Value, chain: &[Value]) -> EvalResult<Value> {
        let x = ev.force(x)?;
        if callable(&x) {
            ev.call(x, self.context(chain), Span::default())
        } else {
            Ok(x)
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn node(
        &mut self,
        ev: &mut Eval,
        id: String,
        label: String,
        kind: &'static str,
        p: Value,
        chain_vals: Vec<Value>,
        chain_names: Vec<String>,
        depth: usize,
    ) -> EvalResult<TreeNode> {
        let p = ev.force(&p)?;
        let attrs = match &p {
            Value::Attrs(a) if !conformance::is_provider(&p) => Some(a.clone()),
            _ => None,
        };
        let has_class = attrs.as_ref().is_some_and(|a| a.contains(&self.class));
        if has_class {
            self.graph.class(&id, &self.class);
        }
        let mut children = Vec::new();
        let includes = match attrs.as_ref().and_then(|a| a.get("includes").cloned()) {
            Some(v) => match ev.force(&v)? {
                Value::List(l) => l.to_vec(),
                _ => Vec::new(),
            },
            None => Vec::new(),
        };
        if depth >= MAX_TREE_DEPTH {
            return Ok(TreeNode {
                id,
                label,
                kind: kind.into(),
                has_class,
                chain: chain_names,
                children,
            });
        }
        let mut next_vals = chain_vals.clone();
        next_vals.push(p.clone());
        let mut next_names = chain_names.clone();
        next_names.push(label.clone());
        for (i, inc) in includes.iter().enumerate() {
            let step = (|| -> EvalResult<(bool, Value)> {
                let inc = ev.force(inc)?;
                let was_provider =
                    callable(&inc) && conformance::is_provider(&inc) || inc.is_function();
                let applied = self.apply(ev, &inc, &next_vals)?;
                Ok((was_provider, ev.force(&applied)?))
            })();
            let (was_provider, applied) = match step {
                Ok(x) => x,
                // One failing include: the rest of the tree still shows
                // (the configuration's diagnostic says what failed).
                Err(e) if !e.kind.is_limit() => {
                    children.push(TreeNode {
                        id: format!("{id}#includes[{i}]"),
                        label: error_label(&e.message),
                        kind: "error".into(),
                        has_class: false,
                        chain: next_names.clone(),
                        children: Vec::new(),
                    });
                    continue;
                }
                Err(e) => return Err(e),
            };
            let name = display_name(ev, &applied);
            let named_top = name
                .as_deref()
                .filter(|n| !n.starts_with('[') && !n.starts_with('<') && self.top.contains(n));
            let seen_before =
                named_top.is_some() && next_names.iter().any(|n| Some(n.as_str()) == named_top);
            let (child_id, child_label) = match named_top {
                // Another aspect of a name already on the path: its own node.
                Some(n) if seen_before && self.no_cycle => {
                    (format!("{id}#includes[{i}]"), n.to_string())
                }
                Some(n) => (n.to_string(), n.to_string()),
                None => (
                    format!("{id}#includes[{i}]"),
                    name.clone().unwrap_or_else(|| "<provider>".into()),
                ),
            };
            if conformance::is_provider(&applied) {
                // Applying the context left a function: nothing is added.
                self.graph.node(&child_id, &child_label, "dropped", None);
                self.graph.edge(&id, &child_id, &self.class, true, false);
                self.diagnostics.push(Diagnostic {
                    severity: "warning".into(),
                    kind: "dropped-include".into(),
                    message: format!(
                        "include {} of `{}' contributes nothing to class `{}': called with {{ class, aspect-chain }} it still returns a function (a curried provider that needs its own arguments first?)",
                        i + 1,
                        label,
                        self.class
                    ),
                    detail: String::new(),
                    file: None,
                    line: None,
                    column: None,
                    start: None,
                    end: None,
                    aspect: Some(chain_names.first().cloned().unwrap_or_else(|| label.clone())),
                    class: Some(self.class.to_string()),
                });
                children.push(TreeNode {
                    id: child_id,
                    label: child_label,
                    kind: "dropped".into(),
                    has_class: false,
                    chain: next_names.clone(),
                    children: Vec::new(),
                });
                continue;
            }
            if seen_before && !self.no_cycle {
                self.graph.edge(&id, &child_id, &self.class, false, true);
                children.push(TreeNode {
                    id: child_id,
                    label: child_label,
                    kind: "cycle".into(),
                    has_class: false,
                    chain: next_names.clone(),
                    children: Vec::new(),
                });
                continue;
            }
            let child_kind = if named_top.is_some() {
                "aspect"
            } else if was_provider {
                "provider"
            } else {
                "inline"
            };
            let description = aspect_description(ev, &applied);
            self.graph
                .node(&child_id, &child_label, child_kind, description);
            self.graph.edge(&id, &child_id, &self.class, false, false);
            let child = self.node(
                ev,
                child_id,
                child_label,
                child_kind,
                applied,
                next_vals.clone(),
                next_names.clone(),
                depth + 1,
            )?;
            children.push(child);
        }
        Ok(TreeNode {
            id,
            label,
            kind: kind.into(),
            has_class,
            chain: chain_names,
            children,
        })
    }
}

/// A tree label for an include that failed: the message's first line.
fn error_label(message: &str) -> String {
    let first = message.lines().next().unwrap_or("");
    let short: String = first.chars().take(80).collect();
    if short.len() < first.len() {
        format!("error: {short}…")
    } else {
        format!("error: {short}")
    }
}

fn callable(v: &Value) -> bool {
    v.is_function() || matches!(v, Value::Attrs(a) if a.contains("__functor"))
}

fn display_name(ev: &mut Eval, v: &Value) -> Option<String> {
    let Value::Attrs(a) = v else { return None };
    match ev.force(&a.get("name")?.clone()).ok()? {
        Value::String(s) => Some(s.to_string()),
        _ => None,
    }
}
