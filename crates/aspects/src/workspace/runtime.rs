//! Evaluating the repos of a workspace: each repo's flake, its `inputs`
//! (the other repos' outputs, evaluated when first used), Dendrix trees and
//! layers, and the reference graph between repos that names cycles.

use super::per_system;
use super::provenance;
use super::text::{mount_path, Workspace};
use crate::flake::{evaluate_flake_with, Flake, FlakeArgs};
use aspects_modules::Def;
use aspects_nix::value::{Attrs, Value};
use aspects_nix::Str;
use aspects_nix::{ErrorKind, Eval, EvalError, EvalResult};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::rc::Rc;

/// Our import-tree, in Nix.
pub const IMPORT_TREE_SOURCE: &str = include_str!("import-tree.nix");
/// Our Dendrix trees, in Nix.
pub const DENDRIX_SOURCE: &str = include_str!("dendrix.nix");

/// Inputs every repo has besides the workspace's repos.
pub const BUILTIN_INPUTS: &[&str] = &[
    "dendrix",
    "flake-aspects",
    "flake-parts",
    "import-tree",
    "nixpkgs",
    "self",
];

/// The message every repo-cycle error starts with.
pub const CYCLE_PREFIX: &str = "repo reference cycle: ";

/// Where a repo's files are.
#[derive(Debug, Clone)]
pub struct RepoLayout {
    pub name: String,
    /// `/repos/<name>/modules`, or `/repos/<name>` without a `modules/` folder.
    pub modules_root: String,
    /// What Dendrix shares: `modules/community` when it exists, else the
    /// modules root.
    pub shared_root: String,
}

/// A layer: `dev/layers/<name>/modules` of some repo.
#[derive(Debug, Clone)]
pub struct Layer {
    pub name: String,
    pub repo: String,
    pub dir: String,
}

enum Slot {
    Evaluating,
    Done(Result<Flake, Box<EvalError>>),
}

#[derive(Default)]
struct State {
    flakes: BTreeMap<String, Slot>,
    /// Each repo's shared tree evaluated alone (Dendrix's discovery).
    shared: BTreeMap<String, Slot>,
    trees: BTreeMap<String, Value>,
    /// `from` → `to`: `from`'s modules needed `to`'s evaluation.
    edges: BTreeMap<String, BTreeSet<String>>,
    /// How each edge arose (`inputs.b` or `inputs.dendrix.b`).
    edge_labels: BTreeMap<(String, String), String>,
}

/// A workspace being evaluated (shared by the lazy values it creates).
pub struct Runtime {
    pub ws: Workspace,
    pub lib: Value,
    pub import_tree: Value,
    dendrix: Value,
    pub repos: BTreeMap<String, RepoLayout>,
    pub layers: BTreeMap<String, Layer>,
    /// Notes about the workspace itself (layer names that clash, …).
    pub notes: Vec<String>,
    state: RefCell<State>,
}

fn attrs_of(pairs: Vec<(Str, Value)>) -> Value {
    Value::attrs(Attrs::from_pairs(pairs))
}

fn other(msg: String) -> Box<EvalError> {
    EvalError::new(ErrorKind::Other, msg).boxed()
}

impl Runtime {
    /// Prepares a workspace for evaluation with `ev` (whose file system
    /// must be [`Workspace::memory_fs`]).
    pub fn new(ev: &mut Eval, ws: &Workspace) -> EvalResult<Rc<Runtime>> {
        let lib = aspects_modules::full_lib(ev)?;
        let it = ev.eval_source("/«import-tree»/default.nix", IMPORT_TREE_SOURCE)?;
        let import_tree = ev.call(
            it,
            attrs_of(vec![("lib".into(), lib.clone())]),
            Default::default(),
        )?;
        let d = ev.eval_source("/«dendrix»/default.nix", DENDRIX_SOURCE)?;
        let dendrix = ev.call(
            d,
            attrs_of(vec![
                ("lib".into(), lib.clone()),
                ("importTree".into(), import_tree.clone()),
            ]),
            Default::default(),
        )?;
        let mut repos = BTreeMap::new();
        let mut layers: BTreeMap<String, Layer> = BTreeMap::new();
        let mut notes = Vec::new();
        for name in ws.repos() {
            let has = |dir: &str| {
                ws.repo_files(name)
                    .any(|f| f.path.starts_with(&format!("{dir}/")))
            };
            let modules_root = if has("modules") {
                mount_path(name, "modules")
            } else {
                mount_path(name, "")
            };
            let shared_root = if has("modules/community") {
                mount_path(name, "modules/community")
            } else {
                modules_root.clone()
            };
            repos.insert(
                name.to_string(),
                RepoLayout {
                    name: name.to_string(),
                    modules_root,
                    shared_root,
                },
            );
            for f in ws.repo_files(name) {
                let Some(rest) = f.path.strip_prefix("dev/layers/") else {
                    continue;
                };
                let Some((layer, inner)) = rest.split_once('/') else {
                    continue;
                };
                if !inner.starts_with("modules/") {
                    continue;
                }
                if let Some(prev) = layers.get(layer) {
                    if prev.repo != name {
                        notes.push(format!(
                            "layer `{layer}' is defined by repo `{}' and by repo `{name}'; inputs.dendrix.{layer} is the one of `{}'",
                            prev.repo, prev.repo
                        ));
                    }
                    continue;
                }
                layers.insert(
                    layer.to_string(),
                    Layer {
                        name: layer.to_string(),
                        repo: name.to_string(),
                        dir: mount_path(name, &format!("dev/layers/{layer}/modules")),
                    },
                );
            }
        }
        layers.retain(|n, l| {
            if repos.contains_key(n) {
                notes.push(format!(
                    "layer `{n}' of repo `{}' has the name of a repo; inputs.dendrix.{n} is the repo's tree",
                    l.repo
                ));
                false
            } else {
                true
            }
        });
        let dendrix_is_a_flake = ws
            .repo_files("dendrix")
            .any(|f| f.path.ends_with(".nix") && !f.path.starts_with("dev/"));
        if dendrix_is_a_flake {
            notes.push(
                "repo `dendrix' is not an input: inputs.dendrix is the Dendrix index of the workspace (its layers still count)".into(),
            );
        }
        Ok(Rc::new(Runtime {
            ws: ws.clone(),
            lib,
            import_tree,
            dendrix,
            repos,
            layers,
            notes,
            state: RefCell::new(State::default()),
        }))
    }

    /// Every name a repo's `inputs` has.
    pub fn input_names(&self) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self.repos.keys().cloned().collect();
        out.extend(BUILTIN_INPUTS.iter().map(|s| s.to_string()));
        out
    }

    /// Every name `inputs.dendrix` has.
    pub fn dendrix_names(&self) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self.repos.keys().cloned().collect();
        out.extend(self.layers.keys().cloned());
        out
    }

    fn unknown_repo(&self, name: &str) -> Box<EvalError> {
        let names: Vec<String> = self.repos.keys().cloned().collect();
        other(format!(
            "the workspace has no repo `{name}'{} (repos: {})",
            suggestion(name, names.iter().map(String::as_str)),
            names.join(", ")
        ))
    }

    /// Records that `from` needs `to`'s evaluation; a cycle is an error
    /// that names it.
    fn edge(&self, from: &str, to: &str, label: &str) -> EvalResult<()> {
        let mut st = self.state.borrow_mut();
        let path = if from == to {
            Some(vec![from.to_string()])
        } else {
            path_between(&st.edges, to, from)
        };
        if let Some(path) = path {
            // from → to → … → from
            let mut cycle = vec![from.to_string()];
            if from == to {
                cycle.push(from.to_string());
            } else {
                cycle.extend(path.iter().cloned());
            }
            let mut how = vec![format!("{from} uses {label}")];
            for w in cycle[1..].windows(2) {
                if let Some(l) = st.edge_labels.get(&(w[0].clone(), w[1].clone())) {
                    how.push(format!("{} uses {l}", w[0]));
                }
            }
            let advice = if from == to {
                "a repo cannot use its own Dendrix trees or outputs through inputs; use import-tree or `self`"
            } else {
                "repos must not depend on each other's evaluation both ways"
            };
            return Err(other(format!(
                "{CYCLE_PREFIX}{} ({}); {advice}",
                cycle.join(" → "),
                how.join(", ")
            )));
        }
        st.edges
            .entry(from.to_string())
            .or_default()
            .insert(to.to_string());
        st.edge_labels
            .insert((from.to_string(), to.to_string()), label.to_string());
        Ok(())
    }

    /// `(from, to, label)` of every recorded reference between repos.
    pub fn edges(&self) -> Vec<(String, String, String)> {
        let st = self.state.borrow();
        st.edge_labels
            .iter()
            .map(|((a, b), l)| (a.clone(), b.clone(), l.clone()))
            .collect()
    }

    /// A repo's flake, evaluated once.
    pub fn flake(self: &Rc<Self>, ev: &mut Eval, repo: &str) -> EvalResult<Flake> {
        self.once(ev, repo, false)
    }

    /// A repo's shared tree (what Dendrix shares) evaluated alone as a
    /// flake with the repo's inputs: how Dendrix discovers which shared
    /// file defines which aspect. Private files are never loaded.
    pub fn shared_flake(self: &Rc<Self>, ev: &mut Eval, repo: &str) -> EvalResult<Flake> {
        self.once(ev, repo, true)
    }

    fn once(self: &Rc<Self>, ev: &mut Eval, repo: &str, shared: bool) -> EvalResult<Flake> {
        if !self.repos.contains_key(repo) {
            return Err(self.unknown_repo(repo));
        }
        let found = {
            let st = self.state.borrow();
            let map = if shared { &st.shared } else { &st.flakes };
            match map.get(repo) {
                Some(Slot::Done(r)) => Some(Ok(r.clone())),
                Some(Slot::Evaluating) => Some(Err(())),
                None => None,
            }
        };
        match found {
            Some(Ok(r)) => return r,
            Some(Err(())) => {
                return Err(other(format!(
                    "{CYCLE_PREFIX}{repo} → {repo} (the outputs of repo `{repo}' are used while its modules are being collected, e.g. `self' or inputs.{repo} in `imports')"
                )))
            }
            None => {}
        }
        let set = |rt: &Runtime, slot: Slot| {
            let mut st = rt.state.borrow_mut();
            let map = if shared {
                &mut st.shared
            } else {
                &mut st.flakes
            };
            map.insert(repo.to_string(), slot);
        };
        set(self, Slot::Evaluating);
        let r = self.evaluate(ev, repo, shared);
        set(self, Slot::Done(r.clone()));
        r
    }

    /// The flake of a repo when it was already evaluated.
    pub fn flake_if_done(&self, repo: &str) -> Option<Flake> {
        match self.state.borrow().flakes.get(repo) {
            Some(Slot::Done(Ok(f))) => Some(f.clone()),
            _ => None,
        }
    }

    fn evaluate(self: &Rc<Self>, ev: &mut Eval, repo: &str, shared: bool) -> EvalResult<Flake> {
        let layout = self.repos[repo].clone();
        let inputs = self.inputs(ev, repo)?;
        let tree = if shared {
            let f = crate::conformance::get(ev, &self.dendrix, "sharedTree")?;
            ev.call(
                f,
                Value::Path(layout.shared_root.clone().into()),
                Default::default(),
            )?
        } else {
            ev.call(
                self.import_tree.clone(),
                Value::Path(layout.modules_root.clone().into()),
                Default::default(),
            )?
        };
        let extra = attrs_of(vec![
            ("inputs'".into(), self.per_system_inputs(ev, repo)),
            ("self'".into(), self.per_system_self(ev, repo)),
        ]);
        let ps = per_system::prelude(ev, &self.lib, extra)?;
        let ps_module = crate::conformance::get(ev, &ps, "flakeModule")?;
        let modules = vec![
            Def {
                value: ps_module,
                file: "/«workspace»/per-system.nix".into(),
            },
            Def {
                value: tree,
                file: mount_path(repo, "flake.nix").into(),
            },
        ];
        let args = FlakeArgs {
            inputs,
            self_value: Some(self.self_outputs(ev, repo)),
        };
        evaluate_flake_with(ev, modules, &mount_path(repo, ""), &args)
    }

    /// A repo's outputs (`config.flake`), evaluating it if needed.
    pub fn outputs(self: &Rc<Self>, ev: &mut Eval, repo: &str) -> EvalResult<Value> {
        let f = self.flake(ev, repo)?;
        crate::conformance::get(ev, &f.config, "flake")
    }

    fn self_outputs(self: &Rc<Self>, ev: &mut Eval, repo: &str) -> Value {
        let rt = self.clone();
        let repo = repo.to_string();
        ev.lazy(move |ev| rt.outputs(ev, &repo))
    }

    /// `inputs.<repo>` seen from `from`.
    fn input_outputs(self: &Rc<Self>, ev: &mut Eval, from: &str, to: &str) -> Value {
        let rt = self.clone();
        let (from, to) = (from.to_string(), to.to_string());
        ev.lazy(move |ev| {
            if from != to {
                rt.edge(&from, &to, &format!("inputs.{to}"))?;
            }
            rt.outputs(ev, &to)
        })
    }

    /// perSystem's `inputs'`: each repo input's outputs for x86_64-linux.
    fn per_system_inputs(self: &Rc<Self>, ev: &mut Eval, from: &str) -> Value {
        let mut pairs = Vec::new();
        for name in self.repos.keys().filter(|n| *n != "dendrix") {
            let outputs = self.input_outputs(ev, from, name);
            pairs.push((Str::from(name.as_str()), per_system_view(ev, outputs)));
        }
        attrs_of(pairs)
    }

    fn per_system_self(self: &Rc<Self>, ev: &mut Eval, repo: &str) -> Value {
        let outputs = self.self_outputs(ev, repo);
        per_system_view(ev, outputs)
    }

    /// The `inputs` of a repo's modules.
    fn inputs(self: &Rc<Self>, ev: &mut Eval, repo: &str) -> EvalResult<Vec<(Str, Value)>> {
        let mut pairs: Vec<(Str, Value)> = Vec::new();
        for name in self.repos.keys() {
            if name == "dendrix" {
                continue;
            }
            let v = self.input_outputs(ev, repo, name);
            pairs.push((name.as_str().into(), v));
        }
        pairs.push(("self".into(), self.self_outputs(ev, repo)));
        pairs.push(("dendrix".into(), self.dendrix_input(ev, repo)));
        pairs.push(("import-tree".into(), self.import_tree.clone()));
        let pkgs = aspects_nix::builtins::pkgs_stand_in();
        pairs.push((
            "nixpkgs".into(),
            attrs_of(vec![
                ("lib".into(), self.lib.clone()),
                (
                    "legacyPackages".into(),
                    attrs_of(vec![(per_system::SYSTEM.into(), pkgs)]),
                ),
            ]),
        ));
        // flake-parts' modules module is part of every flake already.
        pairs.push((
            "flake-parts".into(),
            attrs_of(vec![(
                "flakeModules".into(),
                attrs_of(vec![("modules".into(), Value::attrs(Attrs::empty()))]),
            )]),
        ));
        Ok(pairs)
    }

    /// `inputs.dendrix` seen from `from`.
    fn dendrix_input(self: &Rc<Self>, ev: &mut Eval, from: &str) -> Value {
        let mut pairs: Vec<(Str, Value)> = Vec::new();
        for name in self.repos.keys() {
            let rt = self.clone();
            let (from, to) = (from.to_string(), name.clone());
            let v = ev.lazy(move |ev| {
                rt.edge(&from, &to, &format!("inputs.dendrix.{to}"))?;
                let tree = rt.dendrix_tree(ev, &to)?;
                ev.force(&tree)
            });
            pairs.push((name.as_str().into(), v));
        }
        for (name, layer) in &self.layers {
            let rt = self.clone();
            let dir = layer.dir.clone();
            let v = ev.lazy(move |ev| {
                let f = crate::conformance::get(ev, &rt.dendrix, "layerTree")?;
                let tree = ev.call(f, Value::Path(dir.clone().into()), Default::default())?;
                ev.force(&tree)
            });
            pairs.push((name.as_str().into(), v));
        }
        attrs_of(pairs)
    }

    /// Files of a repo's shared tree: under the shared root, `.nix`, no
    /// component starting with `_`, nothing containing `private` (paths
    /// relative to the shared root, as `/a/b.nix`).
    pub fn shared_rel(&self, repo: &str, abs: &str) -> Option<String> {
        let layout = self.repos.get(repo)?;
        let rel = abs.strip_prefix(&layout.shared_root)?;
        if !rel.starts_with('/') {
            return None;
        }
        (rel.ends_with(".nix") && !rel.contains("/_") && !rel.contains("private"))
            .then(|| rel.to_string())
    }

    /// Which shared files of `repo` define which aspects (its shared tree
    /// evaluated alone, as Dendrix discovers them).
    pub fn discovered(
        self: &Rc<Self>,
        ev: &mut Eval,
        repo: &str,
    ) -> EvalResult<BTreeMap<String, BTreeSet<String>>> {
        let f = self.shared_flake(ev, repo)?;
        let prefix = format!("{}/", mount_path(repo, ""));
        let (mut out, failed) = provenance::defining_files(ev, &f.config);
        if failed {
            // The shared files alone do not evaluate (they may use aspects
            // that other files define): ask the whole repo too.
            if let Ok(full) = self.flake(ev, repo) {
                for (aspect, files) in provenance::defining_files(ev, &full.config).0 {
                    out.entry(aspect).or_default().extend(files);
                }
            }
        }
        for files in out.values_mut() {
            files.retain(|f| f.starts_with(&prefix));
        }
        out.retain(|_, files| !files.is_empty());
        Ok(out)
    }

    /// `inputs.dendrix.<repo>`: the repo's shared tree with one tree per
    /// aspect its shared files define.
    pub fn dendrix_tree(self: &Rc<Self>, ev: &mut Eval, repo: &str) -> EvalResult<Value> {
        if let Some(t) = self.state.borrow().trees.get(repo) {
            return Ok(t.clone());
        }
        let discovered = self.discovered(ev, repo)?;
        let mut aspects = Vec::new();
        for (aspect, files) in discovered {
            let rels: Vec<Value> = files
                .iter()
                .filter_map(|f| self.shared_rel(repo, f))
                .map(Value::string)
                .collect();
            if !rels.is_empty() {
                aspects.push((Str::from(aspect.as_str()), Value::list(rels)));
            }
        }
        let root = self.repos[repo].shared_root.clone();
        let f = crate::conformance::get(ev, &self.dendrix, "repoTree")?;
        let tree = ev.call(
            f,
            attrs_of(vec![
                ("root".into(), Value::Path(root.into())),
                ("aspects".into(), attrs_of(aspects)),
            ]),
            Default::default(),
        )?;
        self.state
            .borrow_mut()
            .trees
            .insert(repo.to_string(), tree.clone());
        Ok(tree)
    }
}

/// `outputs.<name>.x86_64-linux` for every output that has systems.
fn per_system_view(ev: &mut Eval, outputs: Value) -> Value {
    ev.lazy(move |ev| {
        let Value::Attrs(o) = ev.force(&outputs)? else {
            return Ok(Value::attrs(Attrs::empty()));
        };
        let mut pairs = Vec::new();
        for name in ["packages", "apps", "checks", "devShells", "legacyPackages"] {
            if let Some(v) = o.get(name).cloned() {
                let v2 = v.clone();
                let sys = ev.lazy(move |ev| match ev.force(&v2)? {
                    Value::Attrs(a) => match a.get(per_system::SYSTEM).cloned() {
                        Some(v) => ev.force(&v),
                        None => Ok(Value::attrs(Attrs::empty())),
                    },
                    _ => Ok(Value::attrs(Attrs::empty())),
                });
                pairs.push((Str::from(name), sys));
            }
        }
        Ok(attrs_of(pairs))
    })
}

/// A path `from` → … → `to` in the graph (both ends included).
fn path_between(
    edges: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    to: &str,
) -> Option<Vec<String>> {
    let mut prev: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = VecDeque::from([from.to_string()]);
    let mut seen = BTreeSet::from([from.to_string()]);
    while let Some(n) = queue.pop_front() {
        if n == to {
            let mut path = vec![n.clone()];
            let mut cur = n;
            while let Some(p) = prev.get(&cur) {
                path.push(p.clone());
                cur = p.clone();
            }
            path.reverse();
            return Some(path);
        }
        for m in edges.get(&n).into_iter().flatten() {
            if seen.insert(m.clone()) {
                prev.insert(m.clone(), n.clone());
                queue.push_back(m.clone());
            }
        }
    }
    None
}

/// "; did you mean `x'?" when a close name exists.
pub fn suggestion<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let mut close: Vec<&str> = candidates
        .filter(|c| aspects_nix::suggest::is_close(name, c))
        .collect();
    close.sort_by_key(|c| aspects_nix::suggest::distance(name, c));
    match close.as_slice() {
        [] => String::new(),
        [one] => format!("; did you mean `{one}'?"),
        [one, two, ..] => format!("; did you mean `{one}' or `{two}'?"),
    }
}
