//! Diagnostics of merging across repos, and the workspace report:
//!
//! - `conflicting-description` (error, at both places): one aspect, two
//!   descriptions;
//! - `imported-twice` (warning): a file imported more than once (the module
//!   system counts it once);
//! - `typed-aspect-assigned` (warning): `flake.aspects.a = <typed aspect>`
//!   instead of `includes = [ … ]` — its provides get duplicated;
//! - `private-aspect-reference` (warning): a shared file refers to an
//!   aspect that only private files of its repo define;
//! - `unknown-input` (warning): `inputs.x` or `inputs.dendrix.x` that the
//!   workspace does not have, with close names;
//! - `repo-cycle` (error): repos that need each other's evaluation;
//! - `workspace` (warning): layer names that clash.

use super::provenance::{display_file, split_wrapper_file, Contribution, Indexes};
use super::runtime::{suggestion, Runtime, CYCLE_PREFIX};
use super::scan::split_option_path;
use super::text::split_mounted;
use super::{ImportedFile, LayerReport, Reference, RepoReport, Report};
use crate::analysis::{Analysis, Diagnostic};
use crate::conformance;
use crate::flake::Flake;
use aspects_nix::value::{Attrs, Value};
use aspects_nix::{ErrorKind, Eval};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

struct Place {
    file: String,
    line: Option<u32>,
    column: Option<u32>,
    start: Option<u32>,
    end: Option<u32>,
}

impl Place {
    fn file(file: &str) -> Place {
        Place {
            file: file.into(),
            line: None,
            column: None,
            start: None,
            end: None,
        }
    }

    fn at(file: &str, line: u32, column: u32, start: u32, end: u32) -> Place {
        Place {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            start: Some(start),
            end: Some(end),
        }
    }

    /// `repo/path:line` for messages.
    fn show(&self) -> String {
        let shown = show_file(&self.file);
        match self.line {
            Some(l) => format!("{shown}:{l}"),
            None => shown,
        }
    }
}

/// `repo/path` of a mounted file.
pub fn show_file(file: &str) -> String {
    match display_file(file) {
        (Some(r), f) => format!("{r}/{f}"),
        (None, f) => f,
    }
}

fn diagnostic(
    severity: &'static str,
    kind: &str,
    message: String,
    place: Option<&Place>,
    aspect: Option<&str>,
) -> Diagnostic {
    Diagnostic {
        severity: severity.into(),
        kind: kind.into(),
        detail: message.clone(),
        message,
        file: place.map(|p| p.file.clone()),
        line: place.and_then(|p| p.line),
        column: place.and_then(|p| p.column),
        start: place.and_then(|p| p.start),
        end: place.and_then(|p| p.end),
        aspect: aspect.map(str::to_string),
        class: None,
    }
}

fn attrs(ev: &mut Eval, v: &Value) -> Option<Attrs> {
    match ev.force(v) {
        Ok(Value::Attrs(a)) => Some(a),
        _ => None,
    }
}

/// Follows attribute names from a value (None when any step fails).
fn select(ev: &mut Eval, v: &Value, path: &[String]) -> Option<Value> {
    let mut cur = v.clone();
    for p in path {
        let a = attrs(ev, &cur)?;
        cur = a.get(p)?.clone();
    }
    Some(cur)
}

/// Adds the workspace diagnostics and report to the Analysis of `repo`.
pub fn add(ev: &mut Eval, rt: &Rc<Runtime>, repo: &str, flake: Option<&Flake>, a: &mut Analysis) {
    Indexes::with(ev, |ev, indexes| add_with(ev, indexes, rt, repo, flake, a))
}

fn add_with(
    ev: &mut Eval,
    indexes: &mut Indexes,
    rt: &Rc<Runtime>,
    repo: &str,
    flake: Option<&Flake>,
    a: &mut Analysis,
) {
    let mut out: Vec<Diagnostic> = Vec::new();
    for note in &rt.notes {
        out.push(diagnostic("warning", "workspace", note.clone(), None, None));
    }
    for d in a.diagnostics.iter_mut().chain(a.fatal.iter_mut()) {
        if d.message.contains(CYCLE_PREFIX) {
            d.kind = "repo-cycle".into();
        }
    }
    let mut report = Report {
        repo: repo.to_string(),
        ..Default::default()
    };
    for (name, layout) in &rt.repos {
        let rel = |abs: &str| {
            split_mounted(abs)
                .map(|(_, p)| p.to_string())
                .unwrap_or_default()
        };
        report.repos.push(RepoReport {
            name: name.clone(),
            modules_root: rel(&layout.modules_root),
            shared_root: rel(&layout.shared_root),
            files: rt.ws.repo_files(name).map(|f| f.path.clone()).collect(),
        });
    }
    for l in rt.layers.values() {
        report.layers.push(LayerReport {
            name: l.name.clone(),
            repo: l.repo.clone(),
            dir: split_mounted(&l.dir)
                .map(|(_, p)| p.to_string())
                .unwrap_or_default(),
        });
    }

    // Imported files, and files imported twice.
    let mut imported: Vec<String> = Vec::new();
    let mut importers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Some(f) = flake {
        for pi in &f.path_imports {
            if !pi.duplicate {
                imported.push(pi.path.to_string());
            }
            importers
                .entry(pi.path.to_string())
                .or_default()
                .push(pi.importer.to_string());
        }
    }
    if flake.is_none() {
        // Nothing was imported: look at the repo's own files.
        imported = rt
            .ws
            .repo_files(repo)
            .filter(|f| f.path.ends_with(".nix"))
            .map(|f| super::text::mount_path(repo, &f.path))
            .collect();
    }
    for file in &imported {
        let (repo_of, shown) = display_file(file);
        let by = importers.get(file).cloned().unwrap_or_default();
        if by.len() > 1 {
            let second = &by[1];
            let place = indexes
                .get(ev, second)
                .and_then(|ix| {
                    ix.bindings
                        .iter()
                        .find(|b| b.path.first().is_some_and(|p| p == "imports"))
                        .map(|b| Place::at(second, b.line, b.column, b.start, b.end))
                })
                .unwrap_or_else(|| Place::file(second));
            let list: Vec<String> = by.iter().map(|b| show_file(b)).collect();
            out.push(diagnostic(
                "warning",
                "imported-twice",
                format!(
                    "`{}' is imported {} times (by {}); the module system imports a file once, so it counts once",
                    show_file(file),
                    by.len(),
                    list.join(", ")
                ),
                Some(&place),
                None,
            ));
        }
        report.imported.push(ImportedFile {
            repo: repo_of,
            file: shown,
            imported_by: by.iter().map(|b| show_file(b)).collect(),
        });
    }

    // Where each aspect is defined (by the files' text).
    for file in &imported {
        let Some(ix) = indexes.get(ev, file) else {
            continue;
        };
        let mut seen: BTreeSet<(String, &'static str)> = BTreeSet::new();
        for b in &ix.bindings {
            let (aspect, kind) = match b.path.as_slice() {
                [f, s, a, rest @ ..] if f == "flake" && s == "aspects" => (
                    a.clone(),
                    if rest.first().is_some_and(|r| r == "includes") {
                        "include"
                    } else {
                        "aspect"
                    },
                ),
                [f, m, _, a, ..] if f == "flake" && m == "modules" => (a.clone(), "module"),
                _ => continue,
            };
            if !seen.insert((aspect.clone(), kind)) {
                continue;
            }
            let (repo_of, shown) = display_file(file);
            report
                .definitions
                .entry(aspect.clone())
                .or_default()
                .push(Contribution {
                    repo: repo_of,
                    file: shown,
                    line: Some(b.line),
                    via: b.path.join("."),
                    aspect: Some(aspect),
                    kind: kind.into(),
                });
        }
    }

    if let Some(f) = flake {
        conflicting_descriptions(ev, indexes, f, &mut out);
        typed_assignments(ev, rt, indexes, f, &imported, &mut out);
        private_references(ev, rt, indexes, repo, f, &imported, &mut out);
    }
    unknown_inputs(ev, rt, indexes, &imported, &mut out);

    report.references = rt
        .edges()
        .into_iter()
        .map(|(from, to, via)| Reference { from, to, via })
        .collect();
    a.diagnostics.extend(out);
    a.workspace = Some(report);
}

/// `- In `FILE': VALUE` lines of a module-system conflict message.
fn conflict_listing(message: &str) -> Vec<(String, String)> {
    message
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("- In `")?;
            let (file, value) = rest.split_once("': ")?;
            Some((split_wrapper_file(file).0, value.to_string()))
        })
        .collect()
}

fn conflicting_descriptions(
    ev: &mut Eval,
    indexes: &mut Indexes,
    f: &Flake,
    out: &mut Vec<Diagnostic>,
) {
    let Some(aspects) = select(ev, &f.config, &["flake".into(), "aspects".into()]) else {
        return;
    };
    let Some(aspects) = attrs(ev, &aspects) else {
        return;
    };
    for a in aspects.iter() {
        let err = match conformance::get(ev, &a.value, "description") {
            Err(e) => e,
            Ok(_) => continue,
        };
        if err.kind != ErrorKind::ConflictingDefinitions || !err.message.contains("description") {
            continue;
        }
        let listing = conflict_listing(&err.message);
        let target = split_option_path(&format!("flake.aspects.{}.description", a.name));
        let places: Vec<(Place, String)> = listing
            .iter()
            .map(|(file, value)| {
                let place = indexes
                    .get(ev, file)
                    .and_then(|ix| {
                        ix.place(&target)
                            .map(|b| Place::at(file, b.line, b.column, b.start, b.end))
                    })
                    .unwrap_or_else(|| Place::file(file));
                (place, value.clone())
            })
            .collect();
        let all: Vec<String> = places
            .iter()
            .map(|(p, v)| format!("{v} ({})", p.show()))
            .collect();
        for (place, value) in &places {
            let others: Vec<&String> = all
                .iter()
                .filter(|s| !s.starts_with(&format!("{value} ({})", place.show())))
                .collect();
            out.push(diagnostic(
                "error",
                "conflicting-description",
                format!(
                    "aspect `{}' has conflicting descriptions: {value} here and {}; an aspect has one description (define it in one place, or give one lib.mkDefault)",
                    a.name,
                    others
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                Some(place),
                Some(&a.name),
            ));
        }
    }
}

/// The value a selection like `inputs.one.aspects.ai` or `aspects.ai`
/// denotes, when it can be found without new evaluations.
fn denoted(ev: &mut Eval, rt: &Runtime, f: &Flake, sel: &[String]) -> Option<Value> {
    let own_aspects = || vec!["flake".to_string(), "aspects".to_string()];
    let (base, rest): (Value, Vec<String>) = match sel.first().map(String::as_str) {
        Some("aspects") => {
            let mut p = own_aspects();
            p.extend(sel[1..].iter().cloned());
            (f.config.clone(), p)
        }
        Some("config") => (f.config.clone(), sel[1..].to_vec()),
        Some("self") => {
            let mut p = vec!["flake".to_string()];
            p.extend(sel[1..].iter().cloned());
            (f.config.clone(), p)
        }
        Some("inputs") if sel.len() > 2 => {
            let other = rt.flake_if_done(&sel[1])?;
            let mut p = vec!["flake".to_string()];
            p.extend(sel[2..].iter().cloned());
            (other.config, p)
        }
        _ => return None,
    };
    select(ev, &base, &rest)
}

fn typed_assignments(
    ev: &mut Eval,
    rt: &Runtime,
    indexes: &mut Indexes,
    f: &Flake,
    files: &[String],
    out: &mut Vec<Diagnostic>,
) {
    for file in files {
        let Some(ix) = indexes.get(ev, file) else {
            continue;
        };
        for b in &ix.bindings {
            let Some(sel) = &b.value_select else { continue };
            let n = sel.len();
            let (target, whole) = match b.path.as_slice() {
                [fl, s, a]
                    if fl == "flake" && s == "aspects" && n >= 2 && sel[n - 2] == "aspects" =>
                {
                    (a.clone(), false)
                }
                [fl, s] if fl == "flake" && s == "aspects" && sel[n - 1] == "aspects" && n >= 2 => {
                    ("*".to_string(), true)
                }
                _ => continue,
            };
            let shown_sel = sel.join(".");
            let provides: Vec<String> = if whole {
                Vec::new()
            } else {
                denoted(ev, rt, f, sel)
                    .and_then(|v| select(ev, &v, &["provides".into()]))
                    .and_then(|p| attrs(ev, &p))
                    .map(|p| p.names().map(|n| n.to_string()).collect())
                    .unwrap_or_default()
            };
            let dup = if provides.is_empty() {
                "any provides it has get duplicated".to_string()
            } else {
                format!("its provides ({}) get duplicated", provides.join(", "))
            };
            let message = if whole {
                format!(
                    "`flake.aspects' is assigned `{shown_sel}', a set of typed aspects: {dup} (a typed aspect defines both `provides' and its alias `_'); include them instead, e.g. `flake.aspects.<name>.includes = [ {shown_sel}.<name> ];'"
                )
            } else {
                format!(
                    "`flake.aspects.{target}' is assigned the typed aspect `{shown_sel}': {dup} (a typed aspect defines both `provides' and its alias `_'); include it instead: `flake.aspects.{target}.includes = [ {shown_sel} ];'"
                )
            };
            let place = Place::at(file, b.line, b.column, b.start, b.end);
            out.push(diagnostic(
                "warning",
                "typed-aspect-assigned",
                message,
                Some(&place),
                (!whole).then_some(target.as_str()),
            ));
        }
    }
}

/// The aspect a selection refers to in the flake it is evaluated in:
/// `aspects.x…`, `config.flake.aspects.x…`, `self.aspects.x…`.
fn referenced_aspect(sel: &[String]) -> Option<&str> {
    match sel {
        [a, x, ..] if a == "aspects" => Some(x),
        [c, f, a, x, ..] if c == "config" && f == "flake" && a == "aspects" => Some(x),
        [s, a, x, ..] if s == "self" && a == "aspects" => Some(x),
        _ => None,
    }
}

/// Aspect → the files of `repo` that define it, by their text.
fn defined_by_text(
    ev: &Eval,
    rt: &Runtime,
    indexes: &mut Indexes,
    repo: &str,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for wf in rt.ws.repo_files(repo) {
        let abs = super::text::mount_path(repo, &wf.path);
        let Some(ix) = indexes.get(ev, &abs) else {
            continue;
        };
        for b in &ix.bindings {
            let aspect = match b.path.as_slice() {
                [f, s, a, ..] if f == "flake" && s == "aspects" => a,
                [f, m, _, a, ..] if f == "flake" && m == "modules" => a,
                _ => continue,
            };
            if !out.get(aspect).is_some_and(|fs| fs.contains(&abs)) {
                out.entry(aspect.clone()).or_default().insert(abs.clone());
            }
        }
    }
    out
}

fn private_references(
    ev: &mut Eval,
    rt: &Rc<Runtime>,
    indexes: &mut Indexes,
    repo: &str,
    f: &Flake,
    files: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let own: BTreeSet<String> = select(ev, &f.config, &["flake".into(), "aspects".into()])
        .and_then(|v| attrs(ev, &v))
        .map(|a| a.names().map(|n| n.to_string()).collect())
        .unwrap_or_default();
    let mut reported: BTreeSet<(String, String)> = BTreeSet::new();
    let mut defining: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    // Once per repo: every aspect its files define, by their text.
    let mut by_text: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in files {
        let Some((from_repo, _)) = split_mounted(file) else {
            continue;
        };
        let from_repo = from_repo.to_string();
        if rt.shared_rel(&from_repo, file).is_none() {
            continue;
        }
        let Some(ix) = indexes.get(ev, file) else {
            continue;
        };
        for s in &ix.selections {
            let Some(x) = referenced_aspect(&s.path) else {
                continue;
            };
            if !reported.insert((file.clone(), x.to_string())) {
                continue;
            }
            if from_repo != repo && own.contains(x) {
                continue;
            }
            let mut defs = by_text
                .entry(from_repo.clone())
                .or_insert_with(|| defined_by_text(ev, rt, indexes, &from_repo))
                .get(x)
                .cloned()
                .unwrap_or_default();
            if let Some(other) = rt.flake_if_done(&from_repo) {
                // Once per repo: walking every module is the costly part.
                let found = defining
                    .entry(from_repo.clone())
                    .or_insert_with(|| super::provenance::defining_files(ev, &other.config).0);
                if let Some(fs) = found.get(x) {
                    defs.extend(
                        fs.iter()
                            .filter(|f| f.starts_with(&format!("/repos/{from_repo}/")))
                            .cloned(),
                    );
                }
            }
            if defs.is_empty() || defs.iter().any(|d| rt.shared_rel(&from_repo, d).is_some()) {
                continue;
            }
            let private: Vec<String> = defs.iter().map(|d| show_file(d)).collect();
            let consequence = if from_repo == repo {
                format!("consumers of inputs.dendrix.{repo} get this file but not `{x}' (Dendrix trees leave private files out)")
            } else {
                format!("Dendrix trees leave private files out, so `{x}' is missing here")
            };
            let place = Place::at(file, s.line, s.column, s.start, s.end);
            out.push(diagnostic(
                "warning",
                "private-aspect-reference",
                format!(
                    "shared file `{}' refers to aspect `{x}', which only private files of repo `{from_repo}' define ({}): {consequence}",
                    show_file(file),
                    private.join(", ")
                ),
                Some(&place),
                Some(x),
            ));
        }
    }
}

fn unknown_inputs(
    ev: &mut Eval,
    rt: &Runtime,
    indexes: &mut Indexes,
    files: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let names = rt.input_names();
    let dendrix = rt.dendrix_names();
    let mut reported = BTreeSet::new();
    for file in files {
        let Some(ix) = indexes.get(ev, file) else {
            continue;
        };
        for s in &ix.selections {
            if s.path.first().map(String::as_str) != Some("inputs") || s.path.len() < 2 {
                continue;
            }
            let name = &s.path[1];
            let message = if !names.contains(name) {
                format!(
                    "`inputs.{name}': the workspace has no repo `{name}'{} (inputs: {})",
                    suggestion(name, names.iter().map(String::as_str)),
                    names.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            } else if name == "dendrix" && s.path.len() > 2 && !dendrix.contains(&s.path[2]) {
                let x = &s.path[2];
                format!(
                    "`inputs.dendrix.{x}': the workspace has no repo or layer `{x}'{} (inputs.dendrix: {})",
                    suggestion(x, dendrix.iter().map(String::as_str)),
                    dendrix.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            } else {
                continue;
            };
            if !reported.insert((file.clone(), s.start)) {
                continue;
            }
            let place = Place::at(file, s.line, s.column, s.start, s.end);
            out.push(diagnostic(
                "warning",
                "unknown-input",
                message,
                Some(&place),
                None,
            ));
        }
    }
}
