//! Where things are in the workspace's files: diagnostics, aspect
//! definitions, contributions and provenance sources become [`Place`]s the
//! editor can reveal; and the aspect a cursor is in.

use aspects_engine::analysis::{Analysis, Diagnostic, Source};
use aspects_engine::workspace::provenance::display_file;
use aspects_engine::workspace::Contribution;

/// A place in one file of the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub repo: String,
    /// Relative to the repo.
    pub path: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters (1 when unknown).
    pub column: usize,
    /// Byte range in the file, when known exactly.
    pub range: Option<(usize, usize)>,
}

/// `(repo, path)` of an engine file name (`/repos/<repo>/<path>`, or a
/// repo-relative path with its repo given separately).
fn file_of(file: &str, repo: Option<&str>, default_repo: &str) -> Option<(String, String)> {
    if file.contains('«') {
        return None; // one of the engine's preludes
    }
    match display_file(file) {
        (Some(r), p) => Some((r, p)),
        (None, p) => Some((repo.unwrap_or(default_repo).to_string(), p)),
    }
}

/// Where a diagnostic points, if in the user's files.
pub fn diagnostic_place(d: &Diagnostic, default_repo: &str) -> Option<Place> {
    let (repo, path) = file_of(d.file.as_deref()?, None, default_repo)?;
    Some(Place {
        repo,
        path,
        line: d.line.unwrap_or(1) as usize,
        column: d.column.unwrap_or(1) as usize,
        range: d.start.zip(d.end).map(|(s, e)| (s as usize, e as usize)),
    })
}

/// Where a contribution (a module of `flake.modules.<class>.<aspect>`, or
/// a definition of an aspect) is.
pub fn contribution_place(c: &Contribution, default_repo: &str) -> Option<Place> {
    let (repo, path) = file_of(&c.file, c.repo.as_deref(), default_repo)?;
    Some(Place {
        repo,
        path,
        line: c.line.unwrap_or(1) as usize,
        column: 1,
        range: None,
    })
}

fn definitions<'a>(a: &'a Analysis, aspect: &str) -> &'a [Contribution] {
    a.workspace
        .as_ref()
        .and_then(|w| w.definitions.get(aspect))
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Where `aspect` is defined (its first definition).
pub fn aspect_definition(a: &Analysis, aspect: &str, default_repo: &str) -> Option<Place> {
    let defs = definitions(a, aspect);
    defs.iter()
        .find(|c| c.kind == "aspect")
        .or_else(|| defs.first())
        .and_then(|c| contribution_place(c, default_repo))
}

/// Where a provenance source's definition is: the contribution made
/// through the same option, or the aspect's definition.
pub fn source_place(a: &Analysis, s: &Source, default_repo: &str) -> Option<Place> {
    let (repo, path) = file_of(&s.file, None, default_repo)?;
    let same_via = |c: &&Contribution| Some(c.via.as_str()) == s.via.as_deref();
    let line = a
        .contributions
        .values()
        .flat_map(|m| m.values())
        .flatten()
        .find(|c| same_via(c))
        .and_then(|c| c.line)
        .or_else(|| {
            let aspect = s.aspect.as_deref()?;
            definitions(a, aspect).iter().find(same_via)?.line
        })
        .or_else(|| {
            let aspect = s.aspect.as_deref()?;
            aspect_definition(a, aspect, default_repo).map(|p| p.line as u32)
        })
        .unwrap_or(1);
    Some(Place {
        repo,
        path,
        line: line as usize,
        column: 1,
        range: None,
    })
}

/// The aspect whose definition encloses `line` of a file: the last aspect
/// defined at or above it (definitions are found from the files' text).
pub fn aspect_at(
    a: &Analysis,
    repo: &str,
    path: &str,
    line: usize,
    default_repo: &str,
) -> Option<String> {
    let ws = a.workspace.as_ref()?;
    let mut best: Option<(u32, &str)> = None;
    for (aspect, defs) in &ws.definitions {
        for c in defs.iter().filter(|c| c.kind == "aspect") {
            let Some(place) = contribution_place(c, default_repo) else {
                continue;
            };
            let Some(l) = c.line else { continue };
            let here = place.repo == repo && place.path == path && (l as usize) <= line;
            if here && best.is_none_or(|(bl, _)| l > bl) {
                best = Some((l, aspect));
            }
        }
    }
    best.map(|(_, a)| a.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aspects_engine::session::{run, Request};

    fn analyse(text: &str) -> Analysis {
        let req = Request {
            id: 1,
            workspace: text.into(),
            repo: None,
            conformance: false,
            max_steps: None,
        };
        aspects_nix::on_big_stack(move || run(&req).analysis)
    }

    const TWO: &str = "{\n  flake.aspects = { aspects, ... }: {\n    vim = {\n      nixos.programs.vim.enable = true;\n    };\n    laptop = {\n      nixos.x = 1 + \"a\";\n      includes = [ aspects.vim ];\n    };\n  };\n}\n";

    #[test]
    fn diagnostics_point_into_the_users_file() {
        let a = analyse(TWO);
        let d = a
            .diagnostics
            .iter()
            .find(|d| d.kind == "wrong-value-type")
            .expect("the type error");
        let p = diagnostic_place(d, "main").unwrap();
        assert_eq!(
            (p.repo.as_str(), p.path.as_str()),
            ("main", "modules/main.nix")
        );
        assert_eq!(p.line, 7);
        let (s, e) = p.range.unwrap();
        assert_eq!(&TWO[s..e], "1 + \"a\"");
    }

    #[test]
    fn aspects_are_found_by_definition_and_by_cursor() {
        let a = analyse(TWO);
        let vim = aspect_definition(&a, "vim", "main").unwrap();
        assert_eq!(vim.line, 3);
        let laptop = aspect_definition(&a, "laptop", "main").unwrap();
        assert_eq!(laptop.line, 6);
        assert_eq!(
            aspect_at(&a, "main", "modules/main.nix", 4, "main").as_deref(),
            Some("vim")
        );
        assert_eq!(
            aspect_at(&a, "main", "modules/main.nix", 8, "main").as_deref(),
            Some("laptop")
        );
        assert_eq!(aspect_at(&a, "main", "modules/main.nix", 1, "main"), None);
        assert_eq!(aspect_at(&a, "main", "other.nix", 8, "main"), None);
    }

    #[test]
    fn provenance_sources_lead_to_their_definition() {
        let a = analyse(TWO);
        let prov = &a.provenance["nixos"]["vim"];
        let src = &prov[0].sources[0];
        let p = source_place(&a, src, "main").unwrap();
        assert_eq!(p.path, "modules/main.nix");
        assert_eq!(p.line, 4);
    }
}
