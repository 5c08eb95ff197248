//! # "Download as flake": a workspace repo as a real flake
//!
//! [`flake_files`] turns one repo of a playground workspace into the files
//! of a real flake that evaluates, with real Nix, flake-parts, flake-aspects
//! and import-tree, to the same `flake.modules` as the playground shows;
//! [`zip`] packs them into a `.zip` archive. Both are pure (no file system,
//! no threads), so the web app runs them in the browser.
//!
//! ## The exported flake
//!
//! ```text
//! flake.nix          inputs: nixpkgs, flake-parts, flake-aspects, import-tree
//!                    (+ one `path:./repos/<name>` input per other repo used)
//! README.md          what it is and how to evaluate it
//! modules/…          the repo's files at their own paths (a repo without a
//!                    `modules/` folder gets all its files under `modules/`)
//! repos/<name>/…     every other repo the exported one uses through
//!                    `inputs.<name>` (also through those repos, transitively),
//!                    each a flake of the same shape
//! ```
//!
//! `flake.nix`'s outputs are `flake-parts.lib.mkFlake` of flake-parts'
//! `flakeModules.modules` (the `flake.modules` option), flake-aspects'
//! `flakeModule` and `import-tree ./modules`: the flake the playground
//! evaluates a repo as (see `aspects_engine::workspace`). What the
//! playground gives a repo beyond that is added: other repos as `path:`
//! inputs (found with [`used_inputs`]), `inputs.<its own name>` as `self`,
//! repo names that Nix refuses as input names under an input name of
//! their own ([`valid_input_name`]) with the original name kept for the
//! modules, and files whose value is a list of modules loaded as modules
//! importing each element. README.md beside this crate says what was
//! checked with real Nix.
//!
//! ## What is not exported
//!
//! `inputs.dendrix` is the playground's index of the workspace's own repos
//! and layers; no real flake corresponds to it, so a repo (or a repo it
//! uses) whose modules use `inputs.dendrix` is an [`ExportError::Dendrix`].
//! Repos that use each other in a cycle ([`ExportError::Cycle`]) and files
//! that would overwrite the generated ones ([`ExportError::Conflict`]) are
//! errors too.

mod archive;
mod refs;
mod text;

pub use archive::{zip, zip_in, TOP_FOLDER};
pub use refs::used_inputs;

use aspects_engine::workspace::runtime::BUILTIN_INPUTS;
use aspects_engine::workspace::Workspace;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The nixpkgs of an exported flake (flake-parts' `nixpkgs-lib` follows it).
pub const NIXPKGS_URL: &str = "github:nixos/nixpkgs/nixpkgs-unstable";
pub const FLAKE_PARTS_URL: &str = "github:hercules-ci/flake-parts";
pub const FLAKE_ASPECTS_URL: &str = "github:vic/flake-aspects";
pub const IMPORT_TREE_URL: &str = "github:vic/import-tree";
/// The inputs every exported flake has, in the order `flake.nix` lists them.
pub const BASE_INPUTS: [&str; 4] = ["nixpkgs", "flake-parts", "flake-aspects", "import-tree"];
/// `systems` of an exported flake (a default: a module may set its own).
pub const SYSTEMS: [&str; 4] = [
    "x86_64-linux",
    "aarch64-linux",
    "x86_64-darwin",
    "aarch64-darwin",
];
/// Where the other repos go inside the export.
pub const REPOS_DIR: &str = "repos";

/// Why a repo cannot be exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// The workspace has no such repo.
    UnknownRepo { repo: String, repos: Vec<String> },
    /// A module of `repo` (the exported one or one it uses) uses
    /// `inputs.dendrix`, which has no real counterpart.
    Dendrix {
        repo: String,
        file: String,
        /// The exported repo (differs from `repo` when the use is in a repo
        /// it depends on).
        exported: String,
    },
    /// Repos that use each other through `inputs`: `[a, b, a]`.
    Cycle { repos: Vec<String> },
    /// A file of the repo is where the export writes a file of its own.
    Conflict {
        repo: String,
        path: String,
        reason: String,
    },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::UnknownRepo { repo, repos } => write!(
                f,
                "the workspace has no repo `{repo}' (repos: {})",
                repos.join(", ")
            ),
            ExportError::Dendrix {
                repo,
                file,
                exported,
            } => {
                let via = if repo == exported {
                    String::new()
                } else {
                    format!(", which `{exported}' uses through inputs.{repo},")
                };
                write!(
                    f,
                    "cannot export `{exported}': `{repo}/{file}'{via} uses inputs.dendrix. \
                     In the playground inputs.dendrix is an index of the workspace's own repos and layers; \
                     a real flake has nothing to point it at (the real Dendrix indexes published community repos), \
                     so Dendrix layers and trees are not exported. \
                     Use `inputs.<repo>' or `inputs.import-tree' instead, or export a repo that does not use Dendrix"
                )
            }
            ExportError::Cycle { repos } => write!(
                f,
                "cannot export: repos use each other through inputs in a cycle ({}); flake inputs cannot form a cycle",
                repos.join(" → ")
            ),
            ExportError::Conflict {
                repo,
                path,
                reason,
            } => write!(f, "cannot export `{repo}/{path}': {reason}"),
        }
    }
}

impl std::error::Error for ExportError {}

/// One repo of the export.
#[derive(Debug, Clone)]
struct RepoPlan {
    name: String,
    /// Whether the repo has a `modules/` folder (else its files go there).
    has_modules: bool,
    /// The other repos it uses, sorted.
    deps: Vec<String>,
    /// Whether its modules use `inputs.<its own name>`: the playground
    /// makes that its own outputs, the exported flake does the same.
    self_ref: bool,
    /// Whether one of its modules is a list of modules (the flake then
    /// loads such files as the playground does).
    list_modules: bool,
}

fn has_modules_dir(ws: &Workspace, repo: &str) -> bool {
    ws.repo_files(repo).any(|f| f.path.starts_with("modules/"))
}

/// What a repo's modules use: `inputs.<x>` names, each with the first file
/// that uses it. Only `.nix` files under the modules root count (what
/// import-tree can load; `_` files too, as other modules may import them).
fn repo_inputs(ws: &Workspace, repo: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for f in module_files(ws, repo) {
        for name in used_inputs(&f.text) {
            out.entry(name).or_insert_with(|| f.path.clone());
        }
    }
    out
}

/// The `.nix` files under a repo's modules root.
fn module_files<'a>(
    ws: &'a Workspace,
    repo: &'a str,
) -> impl Iterator<Item = &'a aspects_engine::workspace::text::WsFile> + 'a {
    let modules = has_modules_dir(ws, repo);
    ws.repo_files(repo)
        .filter(move |f| f.path.ends_with(".nix") && (!modules || f.path.starts_with("modules/")))
}

fn plan_repo(ws: &Workspace, repo: &str, exported: &str) -> Result<RepoPlan, ExportError> {
    let repos = ws.repos();
    let used = repo_inputs(ws, repo);
    if let Some(file) = used.get("dendrix") {
        return Err(ExportError::Dendrix {
            repo: repo.to_string(),
            file: file.clone(),
            exported: exported.to_string(),
        });
    }
    let is_repo_input = |n: &str| repos.contains(&n) && !BUILTIN_INPUTS.contains(&n);
    let deps = used
        .keys()
        .filter(|n| n.as_str() != repo && is_repo_input(n))
        .cloned()
        .collect();
    Ok(RepoPlan {
        name: repo.to_string(),
        has_modules: has_modules_dir(ws, repo),
        deps,
        self_ref: used.contains_key(repo) && is_repo_input(repo),
        list_modules: module_files(ws, repo).any(|f| refs::is_list(&f.text)),
    })
}

/// The exported repo and every repo it uses (transitively), in the order
/// they are first reached; a cycle is an error.
fn plan(ws: &Workspace, repo: &str) -> Result<Vec<RepoPlan>, ExportError> {
    let repos = ws.repos();
    if !repos.contains(&repo) {
        return Err(ExportError::UnknownRepo {
            repo: repo.to_string(),
            repos: repos.iter().map(|r| r.to_string()).collect(),
        });
    }
    let mut plans: BTreeMap<String, RepoPlan> = BTreeMap::new();
    let mut order = Vec::new();
    let mut done = BTreeSet::new();
    let mut stack = Vec::new();
    visit(
        ws, repo, repo, &mut plans, &mut order, &mut done, &mut stack,
    )?;
    Ok(order.into_iter().filter_map(|n| plans.remove(&n)).collect())
}

fn visit(
    ws: &Workspace,
    repo: &str,
    exported: &str,
    plans: &mut BTreeMap<String, RepoPlan>,
    order: &mut Vec<String>,
    done: &mut BTreeSet<String>,
    stack: &mut Vec<String>,
) -> Result<(), ExportError> {
    if let Some(i) = stack.iter().position(|r| r == repo) {
        let mut cycle = stack[i..].to_vec();
        cycle.push(repo.to_string());
        return Err(ExportError::Cycle { repos: cycle });
    }
    if done.contains(repo) {
        return Ok(());
    }
    let p = plan_repo(ws, repo, exported)?;
    let deps = p.deps.clone();
    order.push(repo.to_string());
    plans.insert(repo.to_string(), p);
    stack.push(repo.to_string());
    for d in &deps {
        visit(ws, d, exported, plans, order, done, stack)?;
    }
    stack.pop();
    done.insert(repo.to_string());
    Ok(())
}

/// Where a file of a repo goes, relative to the repo's folder in the export.
fn placed(has_modules: bool, path: &str) -> String {
    if has_modules {
        path.to_string()
    } else {
        format!("modules/{path}")
    }
}

/// The name of the export's own explanation: `README.md`, unless the repo
/// has a README.md of its own.
fn readme_name(ws: &Workspace, repo: &str, has_modules: bool) -> &'static str {
    let taken = ws
        .repo_files(repo)
        .any(|f| placed(has_modules, &f.path) == "README.md");
    if taken {
        "README.aspect-playground.md"
    } else {
        "README.md"
    }
}

/// Every other repo a repo depends on, transitively (sorted).
fn closure(plans: &[RepoPlan], of: &str) -> Vec<String> {
    let by_name: BTreeMap<&str, &RepoPlan> = plans.iter().map(|p| (p.name.as_str(), p)).collect();
    let mut seen = BTreeSet::new();
    let mut todo = vec![of.to_string()];
    while let Some(n) = todo.pop() {
        for d in by_name
            .get(n.as_str())
            .map(|p| p.deps.as_slice())
            .unwrap_or(&[])
        {
            if seen.insert(d.clone()) {
                todo.push(d.clone());
            }
        }
    }
    seen.into_iter().collect()
}

/// Whether Nix accepts `name` as a flake input name (and in `follows`).
pub fn valid_input_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
}

/// The flake input name of each exported repo: its own name when Nix
/// accepts it, else one made of it (`lib.core` → `lib-core`, `2nd` →
/// `repo-2nd`), distinct from every other input. The modules still see
/// the repo's own name: `outputs` adds it to `inputs`.
fn input_names(plans: &[RepoPlan]) -> BTreeMap<String, String> {
    let mut taken: BTreeSet<String> = BASE_INPUTS.iter().map(|s| s.to_string()).collect();
    taken.insert("self".into());
    let mut out = BTreeMap::new();
    let (valid, other): (Vec<&RepoPlan>, Vec<&RepoPlan>) =
        plans.iter().partition(|p| valid_input_name(&p.name));
    for p in valid {
        taken.insert(p.name.clone());
        out.insert(p.name.clone(), p.name.clone());
    }
    for p in other {
        let mut base: String = p
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
            base = format!("repo-{base}");
        }
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(name.clone());
        out.insert(p.name.clone(), name);
    }
    out
}

/// What the modules of a repo call `inputs.<name>` that is not a flake
/// input of that name: `(name, expression over flakeInputs)`.
fn aliases(
    p: &RepoPlan,
    deps: &[String],
    inputs: &BTreeMap<String, String>,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = deps
        .iter()
        .filter(|d| inputs[*d] != **d)
        .map(|d| (d.clone(), format!("flakeInputs.{}", inputs[d])))
        .collect();
    if p.self_ref {
        out.push((p.name.clone(), "flakeInputs.self".into()));
    }
    out
}

/// The files of a real flake for `repo` of the workspace: `(path, text)`,
/// paths relative to the flake's root, `/`-separated.
pub fn flake_files(ws: &Workspace, repo: &str) -> Result<Vec<(String, String)>, ExportError> {
    let plans = plan(ws, repo)?;
    let root = &plans[0];
    let deps = closure(&plans, repo);
    let by_name: BTreeMap<&str, &RepoPlan> = plans.iter().map(|p| (p.name.as_str(), p)).collect();
    let inputs = input_names(&plans);
    let dep = |d: &String, url: String, follows: bool| text::Dep {
        input: inputs[d].clone(),
        url,
        follows: if follows {
            by_name[d.as_str()]
                .deps
                .iter()
                .map(|e| inputs[e].clone())
                .collect()
        } else {
            // Its own inputs resolve its repos when it is used alone; the
            // root flake makes them follow its own.
            Vec::new()
        },
    };

    let mut out: Vec<(String, String)> = Vec::new();
    // The exported repo at the root.
    let readme = readme_name(ws, repo, root.has_modules);
    let root_deps: Vec<text::Dep> = deps
        .iter()
        .map(|d| dep(d, format!("path:./{REPOS_DIR}/{d}"), true))
        .collect();
    out.push((
        "flake.nix".into(),
        text::flake_nix(
            repo,
            &root_deps,
            &aliases(root, &deps, &inputs),
            root.list_modules,
            true,
        ),
    ));
    out.push((
        readme.into(),
        text::readme(
            ws,
            repo,
            root.has_modules,
            &deps
                .iter()
                .map(|d| (d.clone(), inputs[d].clone()))
                .collect::<Vec<_>>(),
            readme,
        ),
    ));
    let generated: BTreeSet<String> = out.iter().map(|(p, _)| p.clone()).collect();
    for f in ws.repo_files(repo) {
        let path = placed(root.has_modules, &f.path);
        check_conflict(repo, &f.path, &path, &generated, !deps.is_empty())?;
        out.push((path, f.text.clone()));
    }
    // The repos it uses, each a flake in repos/<name>/.
    for p in &plans[1..] {
        let dir = format!("{REPOS_DIR}/{}", p.name);
        let sub_deps: Vec<text::Dep> = p
            .deps
            .iter()
            .map(|d| dep(d, format!("path:../{d}"), false))
            .collect();
        out.push((
            format!("{dir}/flake.nix"),
            text::flake_nix(
                &p.name,
                &sub_deps,
                &aliases(p, &p.deps, &inputs),
                p.list_modules,
                false,
            ),
        ));
        let generated = BTreeSet::from(["flake.nix".to_string()]);
        for f in ws.repo_files(&p.name) {
            let path = placed(p.has_modules, &f.path);
            check_conflict(&p.name, &f.path, &path, &generated, false)?;
            out.push((format!("{dir}/{path}"), f.text.clone()));
        }
    }
    Ok(out)
}

fn check_conflict(
    repo: &str,
    original: &str,
    path: &str,
    generated: &BTreeSet<String>,
    has_repos_dir: bool,
) -> Result<(), ExportError> {
    let conflict = |reason: String| {
        Err(ExportError::Conflict {
            repo: repo.to_string(),
            path: original.to_string(),
            reason,
        })
    };
    if generated.contains(path) || path == "flake.lock" {
        return conflict(format!(
            "the export writes its own `{path}' (the playground ignores a repo's own flake files: \
             its flake is always import-tree ./modules); rename or remove the file"
        ));
    }
    if has_repos_dir && (path == REPOS_DIR || path.starts_with(&format!("{REPOS_DIR}/"))) {
        return conflict(format!(
            "the export puts the other repos it uses in `{REPOS_DIR}/'; rename the repo's `{REPOS_DIR}' folder"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
