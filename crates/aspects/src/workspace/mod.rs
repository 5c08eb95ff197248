//! # Workspaces: several repos, import-tree, `inputs.<repo>`, Dendrix
//!
//! A workspace holds repos of files (one text: see [`text`]). Each repo is
//! a flake whose modules are `import-tree ./modules` (all of its files when
//! it has no `modules/` folder), with flake-parts' `flake`, `flake.modules`
//! and `perSystem`, and flake-aspects' flake module. Repos are mounted at
//! `/repos/<name>/` of the evaluator's file system.
//!
//! What a repo's modules see (`inputs`):
//!
//! - `inputs.<repo>`: that repo's outputs (`config.flake`: `aspects`,
//!   `modules`, `packages`, any other `flake.*`), evaluated when first used.
//!   A repo's own name and `inputs.self` (and `self`) are its own outputs.
//! - `inputs.dendrix.<repo>`: the repo's shared tree (`modules/community`
//!   when it exists, else the modules root) without paths containing
//!   `private`, with the Dendrix API (`community`, `flagged`,
//!   `availableFlags`) and one tree per aspect its shared files define
//!   (`inputs.dendrix.<repo>.<aspect>`, found by evaluating the repo).
//! - `inputs.dendrix.<layer>`: every `dev/layers/<layer>/modules/**.nix` of
//!   any repo, as an import-tree.
//! - `inputs.import-tree`, `inputs.nixpkgs.lib`,
//!   `inputs.nixpkgs.legacyPackages.x86_64-linux` (the `pkgs` stand-in),
//!   `inputs.flake-parts.flakeModules.modules` (already part of every
//!   flake: an empty module) and `inputs.flake-aspects`.
//!
//! A repo named `dendrix` is not an input (`inputs.dendrix` is the index);
//! its layers still count. When one repo's evaluation needs another's
//! (`inputs.b`, `inputs.dendrix.b`), the reference is recorded; a
//! reference that closes a cycle is an error naming the cycle
//! (`repo reference cycle: a → b → a`).
//!
//! [`analyse_repo`] adds to the Analysis: `contributions` (every module of
//! `flake.modules.<class>.<aspect>` with its repo, file and line),
//! `packages` (perSystem for x86_64-linux), a `workspace` report (repos,
//! layers, imported files, where each aspect is defined, references
//! between repos) and the diagnostics of [`diagnostics`].

pub mod diagnostics;
pub mod per_system;
pub mod provenance;
pub mod runtime;
pub mod scan;
pub mod text;

#[cfg(test)]
mod tests;

pub use provenance::Contribution;
pub use runtime::Runtime;
pub use text::{TextError, Workspace};

use crate::analysis::{analyse_flake, Analysis, Diagnostic};
use aspects_nix::Eval;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// What the Analysis shows about the workspace around the evaluated repo.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Report {
    /// The evaluated repo.
    pub repo: String,
    pub repos: Vec<RepoReport>,
    pub layers: Vec<LayerReport>,
    /// Every file the evaluation imported (once each), in import order.
    pub imported: Vec<ImportedFile>,
    /// `aspect` → every place that defines it (from the files' text: the
    /// first binding of `flake.aspects.<a>…` or `flake.modules.<c>.<a>` in
    /// each imported file).
    pub definitions: BTreeMap<String, Vec<Contribution>>,
    /// References between repos that needed an evaluation:
    /// `(from, to, how)`.
    pub references: Vec<Reference>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RepoReport {
    pub name: String,
    /// Relative to the repo (`modules`, or `` for the whole repo).
    pub modules_root: String,
    /// What Dendrix shares, relative to the repo.
    pub shared_root: String,
    pub files: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LayerReport {
    pub name: String,
    pub repo: String,
    pub dir: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportedFile {
    pub repo: Option<String>,
    pub file: String,
    /// The files that imported it (more than one: imported twice, counted once).
    pub imported_by: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reference {
    pub from: String,
    pub to: String,
    /// `inputs.<to>` or `inputs.dendrix.<to>`.
    pub via: String,
}

/// A new evaluator over a workspace's files.
pub fn new_eval(ws: &Workspace) -> Eval {
    Eval::new(Box::new(ws.memory_fs()))
}

fn fatal(kind: &str, message: String) -> Analysis {
    Analysis {
        fatal: Some(Diagnostic::message("error", kind, message)),
        ..Default::default()
    }
}

/// The repo a command means: `wanted`, or the workspace's last repo.
pub fn choose_repo(ws: &Workspace, wanted: Option<&str>) -> Result<String, String> {
    let repos = ws.repos();
    match wanted {
        Some(r) if repos.contains(&r) => Ok(r.to_string()),
        Some(r) => Err(format!(
            "the workspace has no repo `{r}'{} (repos: {})",
            runtime::suggestion(r, repos.iter().copied()),
            repos.join(", ")
        )),
        None => repos
            .last()
            .map(|r| r.to_string())
            .ok_or_else(|| "the workspace has no files".to_string()),
    }
}

/// Evaluates one repo of a workspace and analyses it. `ev` must read the
/// workspace's files ([`new_eval`]).
pub fn analyse_repo(ev: &mut Eval, ws: &Workspace, repo: &str) -> Analysis {
    if !ws.repos().contains(&repo) {
        return fatal("unknown-repo", choose_repo(ws, Some(repo)).unwrap_err());
    }
    let rt = match Runtime::new(ev, ws) {
        Ok(rt) => rt,
        Err(e) => {
            return Analysis {
                fatal: Some(Diagnostic::from_error(ev, &e, None, None)),
                ..Default::default()
            }
        }
    };
    let flake = rt.flake(ev, repo);
    let mut analysis = analyse_flake(ev, flake.clone());
    diagnostics::add(ev, &rt, repo, flake.as_ref().ok(), &mut analysis);
    analysis
}

/// The conformance output of one repo of a workspace.
pub fn conformance_repo(ev: &mut Eval, ws: &Workspace, repo: &str) -> Json {
    let rt = match Runtime::new(ev, ws) {
        Ok(rt) => rt,
        Err(e) => return crate::conformance::conformance_flake(ev, Err(e)),
    };
    let flake = rt.flake(ev, repo);
    crate::conformance::conformance_flake(ev, flake)
}
