//! Which repo, file and line contributed each module of
//! `flake.modules.<class>.<aspect>`, read from the wrappers the module
//! system leaves on merged deferred modules
//! (`{ _file = "<file>, via option <path>"; imports = [ <definition> ]; }`).

use super::scan::{split_option_path, split_option_path_prefix, Index};
use super::text::split_mounted;
use aspects_nix::value::{Attrs, Value};
use aspects_nix::Eval;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// One module merged into a `flake.modules` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    /// The repo of the file (in a workspace).
    pub repo: Option<String>,
    /// The file, relative to its repo in a workspace.
    pub file: String,
    /// Where the definition is (the binding of `via` in the file), when
    /// the file's text shows it.
    pub line: Option<u32>,
    /// The option it was defined through: `flake.modules.nixos.ai`,
    /// `flake.aspects.ai.nixos`, `flake.aspects.ai.includes.[…].nixos`,
    /// or another aspect's `flake.aspects.base.nixos` reached by includes.
    pub via: String,
    /// The aspect `via` belongs to.
    pub aspect: Option<String>,
    /// `module` (a plain `flake.modules` definition), `aspect` (the
    /// aspect's own class module) or `include` (through `includes`).
    pub kind: String,
}

/// How many wrappers one entry's walk visits at most.
const MAX_NODES: usize = 4000;
const MAX_DEPTH: usize = 96;

/// Splits `"<file>, via option <path>"` (the innermost wrapper names the
/// file first).
pub fn split_wrapper_file(s: &str) -> (String, Option<String>) {
    match s.split_once(", via option ") {
        Some((f, v)) => (
            f.to_string(),
            Some(v.split(", via option ").next().unwrap_or(v).to_string()),
        ),
        None => (s.to_string(), None),
    }
}

/// The aspect an option path belongs to: `flake.modules.<c>.<a>` → `a`,
/// `flake.aspects.<a>…` → `a`.
pub fn aspect_of_via(via: &[String]) -> Option<String> {
    match via {
        [f, m, _, a, ..] if f == "flake" && m == "modules" => Some(a.clone()),
        [f, s, a, ..] if f == "flake" && s == "aspects" => Some(a.clone()),
        _ => None,
    }
}

/// Whether a file is one of our preludes rather than a user's.
pub fn is_prelude(file: &str) -> bool {
    file.contains('«')
}

/// `(repo, file)` for display: mounted paths become repo-relative.
pub fn display_file(file: &str) -> (Option<String>, String) {
    match split_mounted(file) {
        Some((repo, path)) => (Some(repo.to_string()), path.to_string()),
        None => (None, file.to_string()),
    }
}

/// Source indexes by file, read through the evaluator's file system.
#[derive(Default)]
pub struct Indexes {
    by_file: HashMap<String, Option<Rc<Index>>>,
    /// `(file, via)` → line: the same include reaches many trees.
    lines: HashMap<(String, Vec<String>), Option<u32>>,
    /// A wrapper's `_file` → what it says (None: no user definition).
    wrappers: HashMap<Box<str>, Option<Rc<Wrapper>>>,
    /// `(file, via)` → the one [`Wrapper`] for it.
    wrapper_ids: HashMap<(String, String), Rc<Wrapper>>,
}

/// A user wrapper's `_file`, read once: the same include is met in many
/// trees.
struct Wrapper {
    via: String,
    path: Vec<String>,
    owner: Option<String>,
    line: Option<u32>,
    repo: Option<String>,
    shown: String,
}

impl Indexes {
    pub fn get(&mut self, ev: &Eval, file: &str) -> Option<Rc<Index>> {
        self.by_file
            .entry(file.to_string())
            .or_insert_with(|| ev.fs().read(file).map(|t| Index::of(&t)))
            .clone()
    }

    /// The line of `via`'s binding in `file`.
    pub fn line(&mut self, ev: &Eval, file: &str, via: &[String]) -> Option<u32> {
        let key = (file.to_string(), via.to_vec());
        if let Some(line) = self.lines.get(&key) {
            return *line;
        }
        let line = self
            .get(ev, file)
            .and_then(|ix| ix.place(via).map(|b| b.line));
        self.lines.insert(key, line);
        line
    }
}

impl Indexes {
    /// The evaluator's indexes (kept with it: the files do not change
    /// while it lives), taken out while `f` runs.
    pub fn with<R>(ev: &mut Eval, f: impl FnOnce(&mut Eval, &mut Indexes) -> R) -> R {
        let mut indexes = std::mem::take(ev.extension::<Indexes>());
        let r = f(ev, &mut indexes);
        *ev.extension::<Indexes>() = indexes;
        r
    }

    /// What a wrapper's `_file` says (None for a file without `via` or a
    /// prelude's).
    fn wrapper(&mut self, ev: &Eval, s: &str) -> Option<Rc<Wrapper>> {
        if let Some(w) = self.wrappers.get(s) {
            return w.clone();
        }
        let (file, via) = split_wrapper_file(s);
        let w = match via.filter(|_| !is_prelude(&file)) {
            None => None,
            Some(via) => {
                let key = (file, via);
                match self.wrapper_ids.get(&key) {
                    Some(w) => Some(w.clone()),
                    None => {
                        let (file, via) = key;
                        let path = split_option_path(&via);
                        let owner = aspect_of_via(&path);
                        let line = self.line(ev, &file, &path);
                        let (repo, shown) = display_file(&file);
                        let w = Rc::new(Wrapper {
                            via: via.clone(),
                            path,
                            owner,
                            line,
                            repo,
                            shown,
                        });
                        self.wrapper_ids.insert((file, via), w.clone());
                        Some(w)
                    }
                }
            }
        };
        self.wrappers.insert(s.into(), w.clone());
        w
    }
}

fn attrs(ev: &mut Eval, v: &Value) -> Option<Attrs> {
    match ev.force(v) {
        Ok(Value::Attrs(a)) => Some(a),
        _ => None,
    }
}

/// The modules merged into one `flake.modules.<class>.<aspect>` value.
pub fn contributions_of(
    ev: &mut Eval,
    indexes: &mut Indexes,
    aspect: &str,
    module: &Value,
) -> Vec<Contribution> {
    let mut out: Vec<Contribution> = Vec::new();
    let mut seen: HashSet<*const Wrapper> = HashSet::default();
    let mut budget = MAX_NODES;
    let mut stack: Vec<(Value, usize)> = vec![(module.clone(), 0)];
    // Depth first, in list order: the order modules are listed.
    while let Some((v, depth)) = stack.pop() {
        if budget == 0 || depth > MAX_DEPTH {
            break;
        }
        budget -= 1;
        let Some(a) = attrs(ev, &v) else { continue };
        if let Some(f) = a.get("_file").cloned() {
            if let Ok(Value::String(s)) = ev.force(&f) {
                if let Some(w) = indexes.wrapper(ev, &s) {
                    if seen.insert(Rc::as_ptr(&w)) {
                        let path = &w.path;
                        let kind = if path.len() == 4 && path[1] == "modules" {
                            "module"
                        } else if w.owner.as_deref() == Some(aspect)
                            && !path
                                .iter()
                                .any(|p| p == "includes" || p == "provides" || p == "_")
                        {
                            "aspect"
                        } else {
                            "include"
                        };
                        out.push(Contribution {
                            repo: w.repo.clone(),
                            file: w.shown.clone(),
                            line: w.line,
                            via: w.via.clone(),
                            aspect: w.owner.clone(),
                            kind: kind.into(),
                        });
                    }
                }
            }
        }
        if let Some(imports) = a.get("imports").cloned() {
            if let Ok(Value::List(items)) = ev.force(&imports) {
                for i in items.iter().rev() {
                    stack.push((i.clone(), depth + 1));
                }
            }
        }
    }
    out
}

/// `class` → `aspect` → contributions, for every real class of
/// `flake.modules` (`modules` is that attribute set).
pub fn contributions(
    ev: &mut Eval,
    modules: &Attrs,
) -> BTreeMap<String, BTreeMap<String, Vec<Contribution>>> {
    Indexes::with(ev, |ev, indexes| contributions_with(ev, indexes, modules))
}

fn contributions_with(
    ev: &mut Eval,
    indexes: &mut Indexes,
    modules: &Attrs,
) -> BTreeMap<String, BTreeMap<String, Vec<Contribution>>> {
    let mut out = BTreeMap::new();
    for class in modules.iter() {
        if crate::conformance::ASPECT_OPTIONS.contains(&&*class.name) {
            continue;
        }
        let Some(entries) = attrs(ev, &class.value) else {
            continue;
        };
        let mut per = BTreeMap::new();
        for m in entries.iter() {
            per.insert(
                m.name.to_string(),
                contributions_of(ev, indexes, &m.name, &m.value),
            );
        }
        out.insert(class.name.to_string(), per);
    }
    out
}

/// Which files define which aspects, from an evaluated flake's
/// `flake.modules` (as Dendrix discovers them: a file defines `a` when it
/// defines `flake.modules.<c>.<a>` or a class module of `flake.aspects.<a>`).
/// Keys are aspect names, values absolute file paths; the flag says
/// whether part of `flake.modules` failed to evaluate.
pub fn defining_files(ev: &mut Eval, config: &Value) -> (BTreeMap<String, BTreeSet<String>>, bool) {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut failed = false;
    let modules = force(ev, config, &mut failed)
        .and_then(|c| c.get("flake").cloned())
        .and_then(|f| force(ev, &f, &mut failed))
        .and_then(|f| f.get("modules").cloned())
        .and_then(|m| force(ev, &m, &mut failed));
    let Some(modules) = modules else {
        return (out, failed);
    };
    for class in modules.iter() {
        if crate::conformance::ASPECT_OPTIONS.contains(&&*class.name) {
            continue;
        }
        let Some(entries) = force(ev, &class.value, &mut failed) else {
            continue;
        };
        for m in entries.iter() {
            for (file, via) in wrapper_files(ev, &m.value, &mut failed) {
                // The owner is in the first four components.
                if let Some(a) = aspect_of_via(&split_option_path_prefix(&via, 4)) {
                    out.entry(a).or_default().insert(file);
                }
            }
        }
    }
    (out, failed)
}

/// A set, or None (noting in `failed` when forcing failed).
fn force(ev: &mut Eval, v: &Value, failed: &mut bool) -> Option<Attrs> {
    match ev.force(v) {
        Ok(Value::Attrs(a)) => Some(a),
        Ok(_) => None,
        Err(_) => {
            *failed = true;
            None
        }
    }
}

/// Every `(file, via)` of the user wrappers below a module.
fn wrapper_files(ev: &mut Eval, module: &Value, failed: &mut bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut budget = MAX_NODES;
    let mut stack = vec![(module.clone(), 0usize)];
    while let Some((v, depth)) = stack.pop() {
        if budget == 0 || depth > MAX_DEPTH {
            break;
        }
        budget -= 1;
        let Some(a) = force(ev, &v, failed) else {
            continue;
        };
        if let Some(f) = a.get("_file").cloned() {
            if let Ok(Value::String(s)) = ev.force(&f) {
                if let (file, Some(via)) = split_wrapper_file(&s) {
                    if !is_prelude(&file) {
                        out.push((file, via));
                    }
                }
            }
        }
        if let Some(imports) = a.get("imports").cloned() {
            match ev.force(&imports) {
                Ok(Value::List(items)) => {
                    for i in items.iter().rev() {
                        stack.push((i.clone(), depth + 1));
                    }
                }
                Ok(_) => {}
                Err(_) => *failed = true,
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapper_files_split() {
        assert_eq!(
            split_wrapper_file("/repos/a/m.nix, via option flake.modules.nixos.ai"),
            (
                "/repos/a/m.nix".to_string(),
                Some("flake.modules.nixos.ai".to_string())
            )
        );
        assert_eq!(split_wrapper_file("/x.nix"), ("/x.nix".to_string(), None));
        let v = |s: &str| split_option_path(s);
        assert_eq!(
            aspect_of_via(&v("flake.modules.nixos.ai")).as_deref(),
            Some("ai")
        );
        assert_eq!(
            aspect_of_via(&v("flake.aspects.base.nixos")).as_deref(),
            Some("base")
        );
        assert_eq!(aspect_of_via(&v("perSystem")), None);
        assert_eq!(
            display_file("/repos/one/modules/a.nix"),
            (Some("one".to_string()), "modules/a.nix".to_string())
        );
    }
}
