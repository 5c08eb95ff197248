//! Checks on the evaluated result of a lesson's workspace.
//!
//! A [`Check`] looks only at the [`Analysis`] the engine produced (the
//! exported modules, the resolved include trees, the evaluated
//! configurations, the aspects, the contributions, the diagnostics), never
//! at the text: any spelling that produces the right result passes.
//!
//! [`check`] turns one check into a [`CheckResult`] whose message says
//! what is expected and, when it fails, what was found instead.

use aspects_engine::analysis::{Analysis, Diagnostic, TreeNode};
use serde::Serialize;
use serde_json::Value as Json;

/// One condition on the evaluated result.
///
/// `class` and `aspect` name `flake.modules.<class>.<aspect>`. A `path` into
/// a configuration is dotted (`services.openssh.enable`); a segment that
/// itself contains dots is quoted (`virtualHosts."wiki.example.org".root`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The evaluation reports no error (no fatal error, no error
    /// diagnostic). Warnings are allowed.
    NoErrors,
    /// No diagnostic (error or warning) of this kind, e.g.
    /// `dropped-include` or `typed-aspect-assigned`.
    NoDiagnostic { kind: &'static str },
    /// `flake.modules.<class>.<aspect>` exists.
    Exported {
        class: &'static str,
        aspect: &'static str,
    },
    /// `flake.modules.<class>.<aspect>` does not exist.
    NotExported {
        class: &'static str,
        aspect: &'static str,
    },
    /// The resolved include tree of `flake.modules.<class>.<aspect>`
    /// contains (below its root) a node labelled `includes`: a top-level
    /// or sub-aspect name, as the include tree view shows it.
    Includes {
        class: &'static str,
        aspect: &'static str,
        includes: &'static str,
    },
    /// The resolved include tree does not contain a node labelled
    /// `includes`. Passes when the module does not exist at all.
    NotIncludes {
        class: &'static str,
        aspect: &'static str,
        includes: &'static str,
    },
    /// The resolved include tree has the chain `path[0]` → `path[1]` → …
    /// somewhere below its root: each node included by the one before.
    IncludePath {
        class: &'static str,
        aspect: &'static str,
        path: &'static [&'static str],
    },
    /// The evaluated configuration has `equals` (JSON text, e.g. `true`,
    /// `"laptop"` or `["vim"]`) at `path`.
    Config {
        class: &'static str,
        aspect: &'static str,
        path: &'static str,
        equals: &'static str,
    },
    /// The evaluated configuration sets nothing at `path`. Fails when the
    /// module does not exist or does not evaluate.
    ConfigAbsent {
        class: &'static str,
        aspect: &'static str,
        path: &'static str,
    },
    /// The list at `path` (e.g. `environment.systemPackages`) holds the
    /// package `package` (a derivation with that `pname` or `name`).
    HasPackage {
        class: &'static str,
        aspect: &'static str,
        path: &'static str,
        package: &'static str,
    },
    /// The top-level aspect's description is `equals`.
    Description {
        aspect: &'static str,
        equals: &'static str,
    },
    /// The top-level aspect has the sub-aspect at `path`: provides keys
    /// separated by dots (`emulation.gba` is `<aspect>._.emulation._.gba`).
    Provides {
        aspect: &'static str,
        path: &'static str,
    },
    /// A module merged into `flake.modules.<class>.<aspect>` comes from
    /// this repo (and this file of it, relative to the repo, when given).
    ContributedBy {
        class: &'static str,
        aspect: &'static str,
        repo: &'static str,
        file: Option<&'static str>,
    },
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    pub passed: bool,
    /// One friendly sentence: what holds, or what is expected and what was
    /// found instead.
    pub message: String,
}

impl CheckResult {
    fn pass(message: String) -> CheckResult {
        CheckResult {
            passed: true,
            message,
        }
    }

    fn fail(message: String) -> CheckResult {
        CheckResult {
            passed: false,
            message,
        }
    }
}

impl Check {
    /// What the check asks for, in one sentence (shown as a goal before
    /// anything is evaluated).
    pub fn goal(&self) -> String {
        match *self {
            Check::NoErrors => "The workspace evaluates without errors.".into(),
            Check::NoDiagnostic { kind } => format!("No `{kind}` is reported."),
            Check::Exported { class, aspect } => format!("{} exists.", module(class, aspect)),
            Check::NotExported { class, aspect } => {
                format!("{} does not exist.", module(class, aspect))
            }
            Check::Includes {
                class,
                aspect,
                includes,
            } => format!("{} includes `{includes}`.", module(class, aspect)),
            Check::NotIncludes {
                class,
                aspect,
                includes,
            } => format!("{} does not include `{includes}`.", module(class, aspect)),
            Check::IncludePath {
                class,
                aspect,
                path,
            } => format!("In {}, {}.", module(class, aspect), path_sentence(path)),
            Check::Config {
                class,
                aspect,
                path,
                equals,
            } => format!(
                "{} sets `{path}` to `{}`.",
                module(class, aspect),
                parse_expected(equals)
                    .map(|j| nixish(&j))
                    .unwrap_or_else(|_| equals.to_string())
            ),
            Check::ConfigAbsent {
                class,
                aspect,
                path,
            } => format!("{} does not set `{path}`.", module(class, aspect)),
            Check::HasPackage {
                class,
                aspect,
                path,
                package,
            } => format!(
                "{} has `pkgs.{package}` in `{path}`.",
                module(class, aspect)
            ),
            Check::Description { aspect, equals } => {
                format!("Aspect `{aspect}` is described as \"{equals}\".")
            }
            Check::Provides { aspect, path } => {
                format!("Aspect `{aspect}` provides `{}`.", sub_aspect(aspect, path))
            }
            Check::ContributedBy {
                class,
                aspect,
                repo,
                file,
            } => format!(
                "{} has a module from {}.",
                module(class, aspect),
                source(repo, file)
            ),
        }
    }
}

/// Runs one check on an evaluated result.
pub fn check(analysis: &Analysis, c: &Check) -> CheckResult {
    if let Some(f) = &analysis.fatal {
        return CheckResult::fail(format!(
            "The workspace does not evaluate yet: {}",
            first_line(&f.message)
        ));
    }
    match *c {
        Check::NoErrors => no_errors(analysis),
        Check::NoDiagnostic { kind } => no_diagnostic(analysis, kind),
        Check::Exported { class, aspect } => exported_check(analysis, class, aspect),
        Check::NotExported { class, aspect } => {
            let m = module(class, aspect);
            if is_exported(analysis, class, aspect) {
                CheckResult::fail(format!(
                    "{m} exists, but it should not: `{aspect}` should define no `{class}` module of its own."
                ))
            } else {
                CheckResult::pass(format!("{m} does not exist, as expected."))
            }
        }
        Check::Includes {
            class,
            aspect,
            includes,
        } => includes_check(analysis, class, aspect, includes),
        Check::NotIncludes {
            class,
            aspect,
            includes,
        } => not_includes_check(analysis, class, aspect, includes),
        Check::IncludePath {
            class,
            aspect,
            path,
        } => include_path_check(analysis, class, aspect, path),
        Check::Config {
            class,
            aspect,
            path,
            equals,
        } => config_check(analysis, class, aspect, path, equals),
        Check::ConfigAbsent {
            class,
            aspect,
            path,
        } => config_absent_check(analysis, class, aspect, path),
        Check::HasPackage {
            class,
            aspect,
            path,
            package,
        } => has_package_check(analysis, class, aspect, path, package),
        Check::Description { aspect, equals } => description_check(analysis, aspect, equals),
        Check::Provides { aspect, path } => provides_check(analysis, aspect, path),
        Check::ContributedBy {
            class,
            aspect,
            repo,
            file,
        } => contributed_by_check(analysis, class, aspect, repo, file),
    }
}

// ------------------------------------------------------------ naming

/// Whether `s` can be written as a bare Nix attribute name.
fn is_plain_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '\''))
}

fn attr_name(s: &str) -> String {
    if is_plain_name(s) {
        s.to_string()
    } else {
        format!("{s:?}")
    }
}

/// `flake.modules.<class>.<aspect>`, quoted where Nix would need quotes.
fn module(class: &str, aspect: &str) -> String {
    format!("flake.modules.{}.{}", attr_name(class), attr_name(aspect))
}

/// `gaming._.emulation._.gba` for `gaming` and `emulation.gba`.
fn sub_aspect(aspect: &str, path: &str) -> String {
    let mut out = attr_name(aspect);
    for seg in split_path(path) {
        out.push_str("._.");
        out.push_str(&attr_name(&seg));
    }
    out
}

fn source(repo: &str, file: Option<&str>) -> String {
    match file {
        Some(f) => format!("`{repo}/{f}`"),
        None => format!("repo `{repo}`"),
    }
}

fn path_sentence(path: &[&str]) -> String {
    match path {
        [] => "nothing is asked".into(),
        [one] => format!("`{one}` is included"),
        _ => path
            .windows(2)
            .map(|w| format!("`{}` includes `{}`", w[0], w[1]))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn where_(d: &Diagnostic) -> String {
    let mut out = String::new();
    if let Some(f) = &d.file {
        out.push_str(" (");
        out.push_str(f.strip_prefix("/repos/").unwrap_or(f));
        if let Some(l) = d.line {
            out.push_str(&format!(":{l}"));
        }
        out.push(')');
    } else if let Some(a) = &d.aspect {
        out.push_str(&format!(" (aspect `{a}`)"));
    }
    out
}

// ------------------------------------------------------ diagnostics

fn no_errors(a: &Analysis) -> CheckResult {
    let errors: Vec<&Diagnostic> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity == "error")
        .collect();
    match errors.as_slice() {
        [] => CheckResult::pass("No errors.".into()),
        [one] => CheckResult::fail(format!(
            "Expected no errors, but there is one: {}{}",
            first_line(&one.message),
            where_(one)
        )),
        [first, ..] => CheckResult::fail(format!(
            "Expected no errors, but there are {}. The first: {}{}",
            errors.len(),
            first_line(&first.message),
            where_(first)
        )),
    }
}

fn no_diagnostic(a: &Analysis, kind: &str) -> CheckResult {
    match a.diagnostics.iter().find(|d| d.kind == kind) {
        None => CheckResult::pass(format!("No `{kind}` is reported.")),
        Some(d) => CheckResult::fail(format!(
            "The playground still reports a `{kind}` {}: {}{}",
            d.severity,
            first_line(&d.message),
            where_(d)
        )),
    }
}

// ------------------------------------------------------------ exports

fn is_exported(a: &Analysis, class: &str, aspect: &str) -> bool {
    a.exported
        .get(class)
        .is_some_and(|l| l.iter().any(|x| x == aspect))
}

/// Why `flake.modules.<class>.<aspect>` does not exist, as a sentence.
fn missing_module(a: &Analysis, class: &str, aspect: &str) -> String {
    let m = module(class, aspect);
    match a.aspects.get(aspect) {
        Some(j) if j.get("$error").is_some() => format!(
            "{m} does not exist: aspect `{aspect}` does not evaluate ({})",
            first_line(j["$error"].as_str().unwrap_or("an error"))
        ),
        Some(j) if j["kind"] == "provider" => format!(
            "{m} does not exist: `{aspect}` is a provider function, which is never exported"
        ),
        Some(j) => {
            let classes: Vec<String> = j["classes"]
                .as_array()
                .map(|l| {
                    l.iter()
                        .filter_map(|c| c.as_str())
                        .map(|c| format!("`{c}`"))
                        .collect()
                })
                .unwrap_or_default();
            if classes.is_empty() {
                format!("{m} does not exist yet: `{aspect}` defines no class of its own")
            } else {
                format!(
                    "{m} does not exist yet: `{aspect}` defines {}, but no `{class}` module of its own",
                    and_list(&classes)
                )
            }
        }
        None if a.exported.values().flatten().any(|x| x == aspect) => {
            format!("{m} does not exist yet: `{aspect}` has no `{class}` module")
        }
        None => format!("{m} does not exist: there is no aspect `{aspect}` yet"),
    }
}

fn exported_check(a: &Analysis, class: &str, aspect: &str) -> CheckResult {
    if is_exported(a, class, aspect) {
        CheckResult::pass(format!("{} exists.", module(class, aspect)))
    } else {
        CheckResult::fail(format!("{}.", missing_module(a, class, aspect)))
    }
}

// -------------------------------------------------------------- trees

fn tree<'a>(a: &'a Analysis, class: &str, aspect: &str) -> Result<&'a TreeNode, String> {
    if !is_exported(a, class, aspect) {
        return Err(missing_module(a, class, aspect));
    }
    a.trees
        .get(class)
        .and_then(|m| m.get(aspect))
        .ok_or_else(|| {
            let why = a
                .diagnostics
                .iter()
                .find(|d| {
                    d.severity == "error"
                        && d.aspect.as_deref() == Some(aspect)
                        && d.class.as_deref().is_none_or(|c| c == class)
                })
                .map(|d| format!(": {}", first_line(&d.message)))
                .unwrap_or_default();
            format!(
                "the includes of {} could not be resolved{why}",
                module(class, aspect)
            )
        })
}

/// Whether a node stands for something that was really included.
fn counts(n: &TreeNode) -> bool {
    n.kind != "dropped" && n.kind != "cycle"
}

/// Labels below the root, in resolution order, each once.
fn included_labels(root: &TreeNode) -> Vec<String> {
    fn walk(n: &TreeNode, out: &mut Vec<String>) {
        for c in &n.children {
            if counts(c) && !out.contains(&c.label) {
                out.push(c.label.clone());
            }
            walk(c, out);
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out
}

/// The path of labels from the root's child to the first node labelled
/// `label`, if any.
fn find_path(n: &TreeNode, label: &str) -> Option<Vec<String>> {
    for c in &n.children {
        if counts(c) && c.label == label {
            return Some(vec![c.label.clone()]);
        }
        if let Some(mut rest) = find_path(c, label) {
            rest.insert(0, c.label.clone());
            return Some(rest);
        }
    }
    None
}

fn includes_summary(root: &TreeNode) -> String {
    let labels: Vec<String> = included_labels(root)
        .into_iter()
        .map(|l| format!("`{l}`"))
        .collect();
    if labels.is_empty() {
        "it includes nothing yet".into()
    } else {
        format!("it includes {}", and_list(&labels))
    }
}

fn includes_check(a: &Analysis, class: &str, aspect: &str, includes: &str) -> CheckResult {
    let m = module(class, aspect);
    let root = match tree(a, class, aspect) {
        Ok(t) => t,
        Err(why) => {
            return CheckResult::fail(format!("Expected {m} to include `{includes}`, but {why}."))
        }
    };
    match find_path(root, includes) {
        Some(path) => CheckResult::pass(format!(
            "{m} includes `{includes}` ({}).",
            std::iter::once(root.label.as_str())
                .chain(path.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" → ")
        )),
        None => CheckResult::fail(format!(
            "{m} does not include `{includes}` yet: {}.",
            includes_summary(root)
        )),
    }
}

fn not_includes_check(a: &Analysis, class: &str, aspect: &str, includes: &str) -> CheckResult {
    let m = module(class, aspect);
    let root = match tree(a, class, aspect) {
        Ok(t) => t,
        Err(_) if !is_exported(a, class, aspect) => {
            return CheckResult::pass(format!(
                "{m} does not exist, so it does not include `{includes}`."
            ))
        }
        Err(why) => {
            return CheckResult::fail(format!(
                "Cannot tell whether {m} includes `{includes}`: {why}."
            ))
        }
    };
    match find_path(root, includes) {
        None => CheckResult::pass(format!("{m} does not include `{includes}`.")),
        Some(path) => CheckResult::fail(format!(
            "{m} should not include `{includes}`, but it still does: {}.",
            std::iter::once(root.label.as_str())
                .chain(path.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" → ")
        )),
    }
}

/// How far `path` can be followed down from `n` (which matches `path[0]`).
fn follow(n: &TreeNode, path: &[&str]) -> usize {
    if path.len() <= 1 {
        return path.len();
    }
    1 + n
        .children
        .iter()
        .filter(|c| counts(c) && c.label == path[1])
        .map(|c| follow(c, &path[1..]))
        .max()
        .unwrap_or(0)
}

/// The longest prefix of `path` found anywhere below `root`, with the
/// node where it ends.
fn longest_prefix<'a>(root: &'a TreeNode, path: &[&str]) -> (usize, Option<&'a TreeNode>) {
    fn walk<'a>(n: &'a TreeNode, path: &[&str], best: &mut (usize, Option<&'a TreeNode>)) {
        for c in &n.children {
            if counts(c) && c.label == path[0] {
                let k = follow(c, path);
                if k > best.0 {
                    *best = (k, Some(end_of(c, path, k)));
                }
            }
            walk(c, path, best);
        }
    }
    let mut best = (0, None);
    if !path.is_empty() {
        walk(root, path, &mut best);
    }
    best
}

/// The node reached after following `k` labels of `path` from `n`.
fn end_of<'a>(n: &'a TreeNode, path: &[&str], k: usize) -> &'a TreeNode {
    if k <= 1 {
        return n;
    }
    n.children
        .iter()
        .filter(|c| counts(c) && c.label == path[1])
        .find(|c| follow(c, &path[1..]) >= k - 1)
        .map(|c| end_of(c, &path[1..], k - 1))
        .unwrap_or(n)
}

fn include_path_check(a: &Analysis, class: &str, aspect: &str, path: &[&str]) -> CheckResult {
    let m = module(class, aspect);
    let root = match tree(a, class, aspect) {
        Ok(t) => t,
        Err(why) => {
            return CheckResult::fail(format!(
                "Expected that in {m}, {}; but {why}.",
                path_sentence(path)
            ))
        }
    };
    let (k, end) = longest_prefix(root, path);
    if k == path.len() {
        return CheckResult::pass(format!("In {m}, {}.", path_sentence(path)));
    }
    if k == 0 {
        return CheckResult::fail(format!(
            "{m} does not include `{}` anywhere yet: {}.",
            path[0],
            includes_summary(root)
        ));
    }
    let at = path[k - 1];
    let children: Vec<String> = end
        .map(|n| {
            n.children
                .iter()
                .filter(|c| counts(c))
                .map(|c| format!("`{}`", c.label))
                .collect()
        })
        .unwrap_or_default();
    let found = if children.is_empty() {
        format!("`{at}` includes nothing yet")
    } else {
        format!("`{at}` includes {}", and_list(&children))
    };
    CheckResult::fail(format!(
        "In {m}, `{at}` does not include `{}` yet: {found}.",
        path[k]
    ))
}

// ------------------------------------------------------------ configs

/// Splits a dotted path; `"..."` segments may contain dots.
fn split_path(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '.' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn parse_expected(equals: &str) -> Result<Json, String> {
    serde_json::from_str(equals)
        .map_err(|e| format!("the lesson's expected value `{equals}` is not JSON: {e}"))
}

/// The configuration of `flake.modules.<class>.<aspect>`, or why there is
/// none (a sentence starting with the module's name).
fn config<'a>(a: &'a Analysis, class: &str, aspect: &str) -> Result<&'a Json, String> {
    if !is_exported(a, class, aspect) {
        return Err(missing_module(a, class, aspect));
    }
    let m = module(class, aspect);
    let c = a
        .configs
        .get(class)
        .and_then(|x| x.get(aspect))
        .ok_or_else(|| format!("{m} was not evaluated"))?;
    match c.get("$error") {
        Some(e) => Err(format!(
            "{m} does not evaluate: {}",
            first_line(e.as_str().unwrap_or("an error"))
        )),
        None => Ok(c),
    }
}

fn lookup<'a>(config: &'a Json, path: &str) -> Option<&'a Json> {
    let mut cur = config;
    for seg in split_path(path) {
        cur = match cur {
            Json::Object(m) => m.get(&seg)?,
            Json::Array(l) => l.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// The deepest prefix of `path` that the configuration sets, for messages.
fn deepest_set(config: &Json, path: &str) -> Option<String> {
    let segs = split_path(path);
    let mut cur = config;
    let mut found = Vec::new();
    for seg in &segs {
        match cur {
            Json::Object(m) => match m.get(seg) {
                Some(next) => {
                    found.push(attr_name(seg));
                    cur = next;
                }
                None => break,
            },
            _ => break,
        }
    }
    (!found.is_empty()).then(|| found.join("."))
}

fn config_check(a: &Analysis, class: &str, aspect: &str, path: &str, equals: &str) -> CheckResult {
    let expected = match parse_expected(equals) {
        Ok(j) => j,
        Err(e) => return CheckResult::fail(format!("Cannot check `{path}`: {e}.")),
    };
    let want = nixish(&expected);
    let c = match config(a, class, aspect) {
        Ok(c) => c,
        Err(why) => {
            return CheckResult::fail(format!("Expected `{path}` to be `{want}`, but {why}."))
        }
    };
    let m = module(class, aspect);
    match lookup(c, path) {
        Some(found) if *found == expected => {
            CheckResult::pass(format!("{m} sets `{path}` to `{want}`."))
        }
        Some(found) => CheckResult::fail(format!(
            "{m} sets `{path}` to `{}`; expected `{want}`.",
            nixish(found)
        )),
        None => {
            let near = match deepest_set(c, path) {
                Some(p) => format!(" (it sets `{p}`, but not all the way down)"),
                None => String::new(),
            };
            CheckResult::fail(format!(
                "{m} does not set `{path}` yet{near}; expected `{want}`."
            ))
        }
    }
}

fn config_absent_check(a: &Analysis, class: &str, aspect: &str, path: &str) -> CheckResult {
    let c = match config(a, class, aspect) {
        Ok(c) => c,
        Err(why) => {
            return CheckResult::fail(format!("Expected `{path}` to be left unset, but {why}."))
        }
    };
    let m = module(class, aspect);
    match lookup(c, path) {
        None => CheckResult::pass(format!("{m} does not set `{path}`.")),
        Some(found) => CheckResult::fail(format!(
            "{m} should not set `{path}`, but it sets it to `{}`.",
            nixish(found)
        )),
    }
}

fn package_name(j: &Json) -> Option<&str> {
    j.get("pname")
        .and_then(Json::as_str)
        .or_else(|| j.get("name").and_then(Json::as_str))
}

fn has_package_check(
    a: &Analysis,
    class: &str,
    aspect: &str,
    path: &str,
    package: &str,
) -> CheckResult {
    let c = match config(a, class, aspect) {
        Ok(c) => c,
        Err(why) => {
            return CheckResult::fail(format!("Expected `pkgs.{package}` in `{path}`, but {why}."))
        }
    };
    let m = module(class, aspect);
    match lookup(c, path) {
        None => CheckResult::fail(format!(
            "{m} does not set `{path}` yet; expected a list with `pkgs.{package}`."
        )),
        Some(Json::Array(items)) => {
            let matches = |p: &Json| {
                p.get("pname").and_then(Json::as_str) == Some(package)
                    || p.get("name").and_then(Json::as_str) == Some(package)
            };
            if items.iter().any(matches) {
                CheckResult::pass(format!("{m} has `pkgs.{package}` in `{path}`."))
            } else {
                let names: Vec<String> = items
                    .iter()
                    .map(|p| match package_name(p) {
                        Some(n) => format!("`pkgs.{n}`"),
                        None => format!("`{}`", nixish(p)),
                    })
                    .collect();
                let found = if names.is_empty() {
                    "it is empty".to_string()
                } else {
                    format!("it has {}", and_list(&names))
                };
                CheckResult::fail(format!(
                    "{m} has no `pkgs.{package}` in `{path}` yet: {found}."
                ))
            }
        }
        Some(other) => CheckResult::fail(format!(
            "{m} sets `{path}` to `{}`, which is not a list of packages; expected one with `pkgs.{package}`.",
            nixish(other)
        )),
    }
}

// ------------------------------------------------------------ aspects

/// The top-level aspect's JSON, or why it cannot be read.
fn aspect_json<'a>(a: &'a Analysis, aspect: &str) -> Result<&'a Json, String> {
    match a.aspects.get(aspect) {
        None => Err(format!("there is no aspect `{aspect}` yet")),
        Some(j) => match j.get("$error") {
            Some(e) => Err(format!(
                "aspect `{aspect}` does not evaluate: {}",
                first_line(e.as_str().unwrap_or("an error"))
            )),
            None if j["kind"] == "provider" => {
                Err(format!("`{aspect}` is a provider function, not an aspect"))
            }
            None => Ok(j),
        },
    }
}

fn description_check(a: &Analysis, aspect: &str, equals: &str) -> CheckResult {
    let j = match aspect_json(a, aspect) {
        Ok(j) => j,
        Err(why) => {
            return CheckResult::fail(format!(
                "Expected `{aspect}` to be described as \"{equals}\", but {why}."
            ))
        }
    };
    match j["description"].as_str() {
        Some(d) if d == equals => {
            CheckResult::pass(format!("Aspect `{aspect}` is described as \"{d}\"."))
        }
        Some(d) => CheckResult::fail(format!(
            "Aspect `{aspect}` is described as \"{d}\"; expected \"{equals}\"."
        )),
        None => CheckResult::fail(format!(
            "Aspect `{aspect}` has no description; expected \"{equals}\"."
        )),
    }
}

fn provides_check(a: &Analysis, aspect: &str, path: &str) -> CheckResult {
    let want = sub_aspect(aspect, path);
    let mut cur = match aspect_json(a, aspect) {
        Ok(j) => j,
        Err(why) => return CheckResult::fail(format!("Expected `{want}`, but {why}.")),
    };
    let segs = split_path(path);
    let mut at = attr_name(aspect);
    for seg in &segs {
        if cur["kind"] == "provider" {
            return CheckResult::fail(format!(
                "Expected `{want}`, but `{at}` is a provider function, so it provides nothing by itself."
            ));
        }
        let provides = cur.get("provides").and_then(Json::as_object);
        match provides.and_then(|p| p.get(seg)) {
            Some(next) => {
                cur = next;
                at = format!("{at}._.{}", attr_name(seg));
            }
            None => {
                let names: Vec<String> = provides
                    .map(|p| p.keys().map(|k| format!("`{k}`")).collect())
                    .unwrap_or_default();
                let found = if names.is_empty() {
                    "it provides nothing yet".to_string()
                } else {
                    format!("it provides {}", and_list(&names))
                };
                return CheckResult::fail(format!("`{at}` does not provide `{seg}` yet: {found}."));
            }
        }
    }
    CheckResult::pass(format!("`{want}` exists."))
}

fn contributed_by_check(
    a: &Analysis,
    class: &str,
    aspect: &str,
    repo: &str,
    file: Option<&str>,
) -> CheckResult {
    let m = module(class, aspect);
    let want = source(repo, file);
    if !is_exported(a, class, aspect) {
        return CheckResult::fail(format!(
            "Expected a module from {want} in {m}, but {}.",
            missing_module(a, class, aspect)
        ));
    }
    let list = a
        .contributions
        .get(class)
        .and_then(|x| x.get(aspect))
        .map(Vec::as_slice)
        .unwrap_or_default();
    let hit = list
        .iter()
        .any(|c| c.repo.as_deref() == Some(repo) && file.is_none_or(|f| c.file == f));
    if hit {
        return CheckResult::pass(format!("{m} has a module from {want}."));
    }
    let mut from: Vec<String> = Vec::new();
    for c in list {
        let s = match (&c.repo, file) {
            (Some(r), Some(_)) => format!("`{r}/{}`", c.file),
            (Some(r), None) => format!("`{r}`"),
            (None, _) => format!("`{}`", c.file),
        };
        if !from.contains(&s) {
            from.push(s);
        }
    }
    let found = if from.is_empty() {
        "none of its modules could be traced".to_string()
    } else {
        format!("its modules come from {}", and_list(&from))
    };
    CheckResult::fail(format!("{m} has nothing from {want} yet: {found}."))
}

// ------------------------------------------------------------- values

/// How long a shown value may get.
const MAX_SHOWN: usize = 160;

/// A JSON value written the way Nix code would write it: derivations as
/// `pkgs.<name>`, attribute sets as `{ a = 1; }`, lists as `[ 1 2 ]`.
pub fn nixish(j: &Json) -> String {
    let mut out = String::new();
    write_nixish(j, &mut out);
    if out.chars().count() > MAX_SHOWN {
        let cut: String = out.chars().take(MAX_SHOWN).collect();
        format!("{cut}…")
    } else {
        out
    }
}

fn write_nixish(j: &Json, out: &mut String) {
    if out.len() > MAX_SHOWN * 2 {
        return;
    }
    match j {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(&n.to_string()),
        Json::String(s) => out.push_str(&nix_string(s)),
        Json::Array(items) if items.is_empty() => out.push_str("[ ]"),
        Json::Array(items) => {
            out.push('[');
            for x in items {
                out.push(' ');
                write_nixish(x, out);
            }
            out.push_str(" ]");
        }
        Json::Object(m) if m.get("type").and_then(Json::as_str) == Some("derivation") => {
            out.push_str("pkgs.");
            out.push_str(package_name(j).unwrap_or("«derivation»"));
        }
        Json::Object(m) if m.is_empty() => out.push_str("{ }"),
        Json::Object(m) => {
            out.push('{');
            for (k, v) in m {
                out.push(' ');
                out.push_str(&attr_name(k));
                out.push_str(" = ");
                write_nixish(v, out);
                out.push(';');
            }
            out.push_str(" }");
        }
    }
}

fn nix_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out.replace("${", "\\${")
}

#[cfg(test)]
mod tests {
    use super::*;
    use aspects_engine::workspace::Contribution;
    use serde_json::json;

    fn node(label: &str, kind: &str, children: Vec<TreeNode>) -> TreeNode {
        TreeNode {
            id: label.into(),
            label: label.into(),
            kind: kind.into(),
            has_class: true,
            chain: Vec::new(),
            children,
        }
    }

    fn contribution(repo: &str, file: &str) -> Contribution {
        Contribution {
            repo: Some(repo.into()),
            file: file.into(),
            line: Some(1),
            via: "flake.modules.nixos.laptop".into(),
            aspect: Some("laptop".into()),
            kind: "module".into(),
        }
    }

    /// A hand-made result: `laptop` (nixos, darwin that fails), `ssh`,
    /// `gaming` with sub-aspects, a provider `greeter`, a broken `bad`.
    fn sample() -> Analysis {
        let mut a = Analysis::default();
        let aspect = |name: &str, description: &str, classes: Json, provides: Json| {
            json!({ "kind": "aspect", "name": name, "description": description,
                    "classes": classes, "includes": [], "provides": provides })
        };
        a.aspects.insert(
            "laptop".into(),
            aspect(
                "laptop",
                "Aspect laptop",
                json!(["darwin", "nixos"]),
                json!({}),
            ),
        );
        a.aspects.insert(
            "ssh".into(),
            aspect("ssh", "OpenSSH server", json!(["nixos"]), json!({})),
        );
        a.aspects.insert(
            "bundle".into(),
            aspect("bundle", "Aspect bundle", json!([]), json!({})),
        );
        a.aspects.insert(
            "gaming".into(),
            aspect(
                "gaming",
                "Aspect gaming",
                json!(["nixos"]),
                json!({
                    "emulation": { "kind": "aspect", "name": "emulation", "description": "",
                                   "classes": [], "includes": [],
                                   "provides": { "nes": { "kind": "aspect", "provides": {} } } },
                    "user": { "kind": "provider", "functionArgs": {} }
                }),
            ),
        );
        a.aspects.insert(
            "greeter".into(),
            json!({ "kind": "provider", "functionArgs": { "message": false } }),
        );
        a.aspects.insert(
            "bad".into(),
            json!({ "$error": "conflicting definition values\nmore", "$errorKind": "conflicting-definitions" }),
        );
        a.exported.insert(
            "nixos".into(),
            vec!["gaming".into(), "laptop".into(), "ssh".into()],
        );
        a.exported.insert("darwin".into(), vec!["laptop".into()]);
        a.exported.insert("homeManager".into(), vec!["ai".into()]);
        let laptop = node(
            "laptop",
            "aspect",
            vec![
                node(
                    "ssh",
                    "aspect",
                    vec![
                        node("keys", "aspect", vec![]),
                        node("<provider>", "dropped", vec![]),
                    ],
                ),
                node("git", "aspect", vec![node("laptop", "cycle", vec![])]),
                node("keys", "aspect", vec![]),
            ],
        );
        a.trees
            .entry("nixos".into())
            .or_default()
            .insert("laptop".into(), laptop);
        a.trees
            .entry("nixos".into())
            .or_default()
            .insert("ssh".into(), node("ssh", "aspect", vec![]));
        a.configs.entry("nixos".into()).or_default().insert(
            "laptop".into(),
            json!({
                "services": { "openssh": { "enable": true } },
                "environment": { "systemPackages": [
                    { "type": "derivation", "pname": "git", "name": "git-2.0" },
                    { "type": "derivation", "name": "vim" }
                ] },
                "networking": { "hostName": "laptop" },
                "virtualHosts": { "wiki.example.org": { "root": "/srv/wiki" } },
                "fonts": { "packages": "not a list" },
                "users": { "users": {} }
            }),
        );
        a.configs.entry("nixos".into()).or_default().insert(
            "ssh".into(),
            json!({ "services": { "openssh": { "enable": true } } }),
        );
        a.configs.entry("darwin".into()).or_default().insert(
            "laptop".into(),
            json!({ "$error": "attribute 'x' missing\ntrace", "$errorKind": "missing-attribute" }),
        );
        a.contributions.entry("nixos".into()).or_default().insert(
            "laptop".into(),
            vec![
                contribution("repo-one", "modules/community/ai.nix"),
                contribution("dendrix", "dev/layers/ai/modules/ai.nix"),
            ],
        );
        let mut warning = Diagnostic::message(
            "warning",
            "dropped-include",
            "include 2 of `laptop' contributes nothing".into(),
        );
        warning.aspect = Some("laptop".into());
        a.diagnostics.push(warning);
        a
    }

    fn run(a: &Analysis, c: Check) -> CheckResult {
        check(a, &c)
    }

    fn passes(a: &Analysis, c: Check) -> String {
        let r = run(a, c);
        assert!(r.passed, "{c:?} should pass: {}", r.message);
        r.message
    }

    fn fails(a: &Analysis, c: Check) -> String {
        let r = run(a, c);
        assert!(!r.passed, "{c:?} should fail: {}", r.message);
        r.message
    }

    /// Every kind of check (an exhaustive match: a new kind needs tests).
    fn kind(c: &Check) -> &'static str {
        match c {
            Check::NoErrors => "NoErrors",
            Check::NoDiagnostic { .. } => "NoDiagnostic",
            Check::Exported { .. } => "Exported",
            Check::NotExported { .. } => "NotExported",
            Check::Includes { .. } => "Includes",
            Check::NotIncludes { .. } => "NotIncludes",
            Check::IncludePath { .. } => "IncludePath",
            Check::Config { .. } => "Config",
            Check::ConfigAbsent { .. } => "ConfigAbsent",
            Check::HasPackage { .. } => "HasPackage",
            Check::Description { .. } => "Description",
            Check::Provides { .. } => "Provides",
            Check::ContributedBy { .. } => "ContributedBy",
        }
    }

    /// One passing and one failing example of every kind.
    fn examples() -> Vec<(Check, Check)> {
        vec![
            (Check::NoErrors, Check::NoErrors),
            (
                Check::NoDiagnostic {
                    kind: "include-cycle",
                },
                Check::NoDiagnostic {
                    kind: "dropped-include",
                },
            ),
            (
                Check::Exported {
                    class: "darwin",
                    aspect: "laptop",
                },
                Check::Exported {
                    class: "darwin",
                    aspect: "ssh",
                },
            ),
            (
                Check::NotExported {
                    class: "darwin",
                    aspect: "ssh",
                },
                Check::NotExported {
                    class: "nixos",
                    aspect: "ssh",
                },
            ),
            (
                Check::Includes {
                    class: "nixos",
                    aspect: "laptop",
                    includes: "keys",
                },
                Check::Includes {
                    class: "nixos",
                    aspect: "laptop",
                    includes: "tls",
                },
            ),
            (
                Check::NotIncludes {
                    class: "nixos",
                    aspect: "laptop",
                    includes: "tls",
                },
                Check::NotIncludes {
                    class: "nixos",
                    aspect: "laptop",
                    includes: "git",
                },
            ),
            (
                Check::IncludePath {
                    class: "nixos",
                    aspect: "laptop",
                    path: &["ssh", "keys"],
                },
                Check::IncludePath {
                    class: "nixos",
                    aspect: "laptop",
                    path: &["git", "keys"],
                },
            ),
            (
                Check::Config {
                    class: "nixos",
                    aspect: "laptop",
                    path: "services.openssh.enable",
                    equals: "true",
                },
                Check::Config {
                    class: "nixos",
                    aspect: "laptop",
                    path: "services.openssh.enable",
                    equals: "false",
                },
            ),
            (
                Check::ConfigAbsent {
                    class: "nixos",
                    aspect: "laptop",
                    path: "programs.steam",
                },
                Check::ConfigAbsent {
                    class: "nixos",
                    aspect: "laptop",
                    path: "services.openssh",
                },
            ),
            (
                Check::HasPackage {
                    class: "nixos",
                    aspect: "laptop",
                    path: "environment.systemPackages",
                    package: "git",
                },
                Check::HasPackage {
                    class: "nixos",
                    aspect: "laptop",
                    path: "environment.systemPackages",
                    package: "emacs",
                },
            ),
            (
                Check::Description {
                    aspect: "ssh",
                    equals: "OpenSSH server",
                },
                Check::Description {
                    aspect: "ssh",
                    equals: "Hardened SSH",
                },
            ),
            (
                Check::Provides {
                    aspect: "gaming",
                    path: "emulation.nes",
                },
                Check::Provides {
                    aspect: "gaming",
                    path: "emulation.gba",
                },
            ),
            (
                Check::ContributedBy {
                    class: "nixos",
                    aspect: "laptop",
                    repo: "repo-one",
                    file: None,
                },
                Check::ContributedBy {
                    class: "nixos",
                    aspect: "laptop",
                    repo: "repo-two",
                    file: None,
                },
            ),
        ]
    }

    #[test]
    fn every_kind_has_a_passing_and_a_failing_example() {
        let mut a = sample();
        let ex = examples();
        let mut kinds: Vec<&str> = ex.iter().map(|(p, _)| kind(p)).collect();
        kinds.dedup();
        assert_eq!(kinds.len(), 13, "one example pair per kind: {kinds:?}");
        for (pass, fail) in &ex {
            assert_eq!(kind(pass), kind(fail));
            // NoErrors needs an error to fail; the rest fail on the sample.
            if *fail == Check::NoErrors {
                passes(&a, *pass);
                continue;
            }
            let ok = passes(&a, *pass);
            let bad = fails(&a, *fail);
            assert!(!ok.is_empty() && !bad.is_empty());
            assert!(!pass.goal().is_empty());
        }
        a.diagnostics
            .push(Diagnostic::message("error", "other", "boom".into()));
        fails(&a, Check::NoErrors);
    }

    #[test]
    fn no_errors_names_the_first_error_and_its_place() {
        let mut a = sample();
        assert_eq!(passes(&a, Check::NoErrors), "No errors.");
        let mut d = Diagnostic::message(
            "error",
            "unexpected-argument",
            "function 'code' called with unexpected argument 'aspect-chain'\ntrace".into(),
        );
        d.file = Some("/repos/main/modules/main.nix".into());
        d.line = Some(7);
        a.diagnostics.push(d);
        assert_eq!(
            fails(&a, Check::NoErrors),
            "Expected no errors, but there is one: function 'code' called with unexpected argument 'aspect-chain' (main/modules/main.nix:7)"
        );
        let mut d = Diagnostic::message("error", "other", "second".into());
        d.aspect = Some("ssh".into());
        a.diagnostics.push(d);
        assert!(fails(&a, Check::NoErrors)
            .starts_with("Expected no errors, but there are 2. The first: function 'code'"));
    }

    #[test]
    fn no_diagnostic_quotes_the_diagnostic() {
        let a = sample();
        assert_eq!(
            fails(&a, Check::NoDiagnostic { kind: "dropped-include" }),
            "The playground still reports a `dropped-include` warning: include 2 of `laptop' contributes nothing (aspect `laptop`)"
        );
        assert_eq!(
            passes(
                &a,
                Check::NoDiagnostic {
                    kind: "include-cycle"
                }
            ),
            "No `include-cycle` is reported."
        );
    }

    #[test]
    fn exported_explains_what_is_missing() {
        let a = sample();
        assert_eq!(
            fails(&a, Check::Exported { class: "darwin", aspect: "ssh" }),
            "flake.modules.darwin.ssh does not exist yet: `ssh` defines `nixos`, but no `darwin` module of its own."
        );
        assert_eq!(
            fails(
                &a,
                Check::Exported {
                    class: "nixos",
                    aspect: "bundle"
                }
            ),
            "flake.modules.nixos.bundle does not exist yet: `bundle` defines no class of its own."
        );
        assert_eq!(
            fails(
                &a,
                Check::Exported {
                    class: "nixos",
                    aspect: "nope"
                }
            ),
            "flake.modules.nixos.nope does not exist: there is no aspect `nope` yet."
        );
        assert_eq!(
            fails(&a, Check::Exported { class: "nixos", aspect: "greeter" }),
            "flake.modules.nixos.greeter does not exist: `greeter` is a provider function, which is never exported."
        );
        assert_eq!(
            fails(&a, Check::Exported { class: "nixos", aspect: "bad" }),
            "flake.modules.nixos.bad does not exist: aspect `bad` does not evaluate (conflicting definition values)."
        );
        // A plain dendritic module (no aspect) exported for another class.
        assert_eq!(
            fails(
                &a,
                Check::Exported {
                    class: "nixos",
                    aspect: "ai"
                }
            ),
            "flake.modules.nixos.ai does not exist yet: `ai` has no `nixos` module."
        );
        assert_eq!(
            passes(
                &a,
                Check::Exported {
                    class: "homeManager",
                    aspect: "ai"
                }
            ),
            "flake.modules.homeManager.ai exists."
        );
        assert_eq!(
            fails(&a, Check::NotExported { class: "nixos", aspect: "ssh" }),
            "flake.modules.nixos.ssh exists, but it should not: `ssh` should define no `nixos` module of its own."
        );
    }

    #[test]
    fn module_names_are_quoted_when_nix_needs_it() {
        let a = sample();
        assert!(fails(
            &a,
            Check::Exported {
                class: "nixos",
                aspect: "hosts/x13"
            }
        )
        .starts_with("flake.modules.nixos.\"hosts/x13\" does not exist"));
    }

    #[test]
    fn includes_shows_the_path_or_what_is_included() {
        let a = sample();
        assert_eq!(
            passes(
                &a,
                Check::Includes {
                    class: "nixos",
                    aspect: "laptop",
                    includes: "keys"
                }
            ),
            "flake.modules.nixos.laptop includes `keys` (laptop → ssh → keys)."
        );
        assert_eq!(
            fails(&a, Check::Includes { class: "nixos", aspect: "laptop", includes: "tls" }),
            "flake.modules.nixos.laptop does not include `tls` yet: it includes `ssh`, `keys` and `git`."
        );
        assert_eq!(
            fails(
                &a,
                Check::Includes {
                    class: "nixos",
                    aspect: "ssh",
                    includes: "keys"
                }
            ),
            "flake.modules.nixos.ssh does not include `keys` yet: it includes nothing yet."
        );
        // Dropped and cycle nodes do not count, nor does the root.
        fails(
            &a,
            Check::Includes {
                class: "nixos",
                aspect: "laptop",
                includes: "<provider>",
            },
        );
        fails(
            &a,
            Check::Includes {
                class: "nixos",
                aspect: "laptop",
                includes: "laptop",
            },
        );
        assert_eq!(
            fails(&a, Check::Includes { class: "darwin", aspect: "ssh", includes: "keys" }),
            "Expected flake.modules.darwin.ssh to include `keys`, but flake.modules.darwin.ssh does not exist yet: `ssh` defines `nixos`, but no `darwin` module of its own."
        );
        // Exported, but no tree (resolving failed).
        assert!(fails(
            &a,
            Check::Includes {
                class: "darwin",
                aspect: "laptop",
                includes: "x"
            }
        )
        .contains("the includes of flake.modules.darwin.laptop could not be resolved"));
    }

    #[test]
    fn not_includes_shows_where_it_still_is() {
        let a = sample();
        assert_eq!(
            fails(&a, Check::NotIncludes { class: "nixos", aspect: "laptop", includes: "keys" }),
            "flake.modules.nixos.laptop should not include `keys`, but it still does: laptop → ssh → keys."
        );
        assert_eq!(
            passes(
                &a,
                Check::NotIncludes {
                    class: "darwin",
                    aspect: "ssh",
                    includes: "keys"
                }
            ),
            "flake.modules.darwin.ssh does not exist, so it does not include `keys`."
        );
        assert!(fails(
            &a,
            Check::NotIncludes {
                class: "darwin",
                aspect: "laptop",
                includes: "x"
            }
        )
        .starts_with("Cannot tell whether flake.modules.darwin.laptop includes `x`"));
    }

    #[test]
    fn include_path_names_the_missing_link() {
        let a = sample();
        assert_eq!(
            passes(
                &a,
                Check::IncludePath {
                    class: "nixos",
                    aspect: "laptop",
                    path: &["ssh", "keys"]
                }
            ),
            "In flake.modules.nixos.laptop, `ssh` includes `keys`."
        );
        assert_eq!(
            passes(
                &a,
                Check::IncludePath {
                    class: "nixos",
                    aspect: "laptop",
                    path: &["keys"]
                }
            ),
            "In flake.modules.nixos.laptop, `keys` is included."
        );
        assert_eq!(
            fails(&a, Check::IncludePath { class: "nixos", aspect: "laptop", path: &["git", "keys"] }),
            "In flake.modules.nixos.laptop, `git` does not include `keys` yet: `git` includes nothing yet."
        );
        assert_eq!(
            fails(&a, Check::IncludePath { class: "nixos", aspect: "laptop", path: &["ssh", "keys", "x"] }),
            "In flake.modules.nixos.laptop, `keys` does not include `x` yet: `keys` includes nothing yet."
        );
        assert_eq!(
            fails(&a, Check::IncludePath { class: "nixos", aspect: "laptop", path: &["ssh", "tls"] }),
            "In flake.modules.nixos.laptop, `ssh` does not include `tls` yet: `ssh` includes `keys`."
        );
        assert_eq!(
            fails(&a, Check::IncludePath { class: "nixos", aspect: "laptop", path: &["web", "tls"] }),
            "flake.modules.nixos.laptop does not include `web` anywhere yet: it includes `ssh`, `keys` and `git`."
        );
        assert!(fails(&a, Check::IncludePath { class: "darwin", aspect: "ssh", path: &["a", "b"] })
            .starts_with("Expected that in flake.modules.darwin.ssh, `a` includes `b`; but flake.modules.darwin.ssh does not exist"));
    }

    #[test]
    fn config_compares_json_and_shows_values_as_nix() {
        let a = sample();
        assert_eq!(
            passes(
                &a,
                Check::Config {
                    class: "nixos",
                    aspect: "laptop",
                    path: "services.openssh",
                    equals: r#"{ "enable": true }"#
                }
            ),
            "flake.modules.nixos.laptop sets `services.openssh` to `{ enable = true; }`."
        );
        assert_eq!(
            fails(&a, Check::Config { class: "nixos", aspect: "laptop", path: "networking.hostName", equals: "\"desktop\"" }),
            "flake.modules.nixos.laptop sets `networking.hostName` to `\"laptop\"`; expected `\"desktop\"`."
        );
        assert_eq!(
            fails(&a, Check::Config { class: "nixos", aspect: "laptop", path: "services.openssh.settings.PermitRootLogin", equals: "\"no\"" }),
            "flake.modules.nixos.laptop does not set `services.openssh.settings.PermitRootLogin` yet (it sets `services.openssh`, but not all the way down); expected `\"no\"`."
        );
        assert_eq!(
            fails(
                &a,
                Check::Config {
                    class: "nixos",
                    aspect: "laptop",
                    path: "programs.fish.enable",
                    equals: "true"
                }
            ),
            "flake.modules.nixos.laptop does not set `programs.fish.enable` yet; expected `true`."
        );
        // Quoted segments, list indices, derivations shown as pkgs.<name>.
        passes(
            &a,
            Check::Config {
                class: "nixos",
                aspect: "laptop",
                path: "virtualHosts.\"wiki.example.org\".root",
                equals: "\"/srv/wiki\"",
            },
        );
        assert_eq!(
            fails(&a, Check::Config { class: "nixos", aspect: "laptop", path: "environment.systemPackages", equals: "[]" }),
            "flake.modules.nixos.laptop sets `environment.systemPackages` to `[ pkgs.git pkgs.vim ]`; expected `[ ]`."
        );
        assert!(fails(
            &a,
            Check::Config {
                class: "nixos",
                aspect: "laptop",
                path: "environment.systemPackages.0",
                equals: "1"
            }
        )
        .contains("to `pkgs.git`"));
        // Errors and missing modules.
        assert_eq!(
            fails(&a, Check::Config { class: "darwin", aspect: "laptop", path: "a", equals: "1" }),
            "Expected `a` to be `1`, but flake.modules.darwin.laptop does not evaluate: attribute 'x' missing."
        );
        assert!(fails(
            &a,
            Check::Config {
                class: "nixos",
                aspect: "laptop",
                path: "a",
                equals: "not json"
            }
        )
        .contains("is not JSON"));
    }

    #[test]
    fn config_absent_shows_the_value_that_is_set() {
        let a = sample();
        assert_eq!(
            fails(&a, Check::ConfigAbsent { class: "nixos", aspect: "laptop", path: "services.openssh" }),
            "flake.modules.nixos.laptop should not set `services.openssh`, but it sets it to `{ enable = true; }`."
        );
        assert!(fails(
            &a,
            Check::ConfigAbsent {
                class: "darwin",
                aspect: "ssh",
                path: "a"
            }
        )
        .starts_with("Expected `a` to be left unset, but flake.modules.darwin.ssh does not exist"));
    }

    #[test]
    fn has_package_lists_the_packages_found() {
        let a = sample();
        // By pname, or by name when there is no pname.
        passes(
            &a,
            Check::HasPackage {
                class: "nixos",
                aspect: "laptop",
                path: "environment.systemPackages",
                package: "vim",
            },
        );
        assert_eq!(
            fails(&a, Check::HasPackage { class: "nixos", aspect: "laptop", path: "environment.systemPackages", package: "emacs" }),
            "flake.modules.nixos.laptop has no `pkgs.emacs` in `environment.systemPackages` yet: it has `pkgs.git` and `pkgs.vim`."
        );
        assert_eq!(
            fails(&a, Check::HasPackage { class: "nixos", aspect: "laptop", path: "fonts.packages", package: "x" }),
            "flake.modules.nixos.laptop sets `fonts.packages` to `\"not a list\"`, which is not a list of packages; expected one with `pkgs.x`."
        );
        assert_eq!(
            fails(&a, Check::HasPackage { class: "nixos", aspect: "ssh", path: "environment.systemPackages", package: "git" }),
            "flake.modules.nixos.ssh does not set `environment.systemPackages` yet; expected a list with `pkgs.git`."
        );
    }

    #[test]
    fn description_reports_errors_of_the_aspect() {
        let a = sample();
        assert_eq!(
            fails(
                &a,
                Check::Description {
                    aspect: "ssh",
                    equals: "Hardened SSH"
                }
            ),
            "Aspect `ssh` is described as \"OpenSSH server\"; expected \"Hardened SSH\"."
        );
        assert_eq!(
            fails(&a, Check::Description { aspect: "bad", equals: "x" }),
            "Expected `bad` to be described as \"x\", but aspect `bad` does not evaluate: conflicting definition values."
        );
        assert!(fails(
            &a,
            Check::Description {
                aspect: "greeter",
                equals: "x"
            }
        )
        .contains("`greeter` is a provider function, not an aspect"));
    }

    #[test]
    fn provides_lists_the_sub_aspects_there_are() {
        let a = sample();
        assert_eq!(
            passes(
                &a,
                Check::Provides {
                    aspect: "gaming",
                    path: "emulation.nes"
                }
            ),
            "`gaming._.emulation._.nes` exists."
        );
        assert_eq!(
            fails(
                &a,
                Check::Provides {
                    aspect: "gaming",
                    path: "emulation.gba"
                }
            ),
            "`gaming._.emulation` does not provide `gba` yet: it provides `nes`."
        );
        assert_eq!(
            fails(
                &a,
                Check::Provides {
                    aspect: "ssh",
                    path: "x"
                }
            ),
            "`ssh` does not provide `x` yet: it provides nothing yet."
        );
        assert_eq!(
            fails(&a, Check::Provides { aspect: "gaming", path: "user.x" }),
            "Expected `gaming._.user._.x`, but `gaming._.user` is a provider function, so it provides nothing by itself."
        );
        assert_eq!(
            fails(
                &a,
                Check::Provides {
                    aspect: "nope",
                    path: "x"
                }
            ),
            "Expected `nope._.x`, but there is no aspect `nope` yet."
        );
    }

    #[test]
    fn contributed_by_lists_the_sources() {
        let a = sample();
        passes(
            &a,
            Check::ContributedBy {
                class: "nixos",
                aspect: "laptop",
                repo: "dendrix",
                file: Some("dev/layers/ai/modules/ai.nix"),
            },
        );
        assert_eq!(
            fails(&a, Check::ContributedBy { class: "nixos", aspect: "laptop", repo: "repo-two", file: None }),
            "flake.modules.nixos.laptop has nothing from repo `repo-two` yet: its modules come from `repo-one` and `dendrix`."
        );
        assert_eq!(
            fails(&a, Check::ContributedBy { class: "nixos", aspect: "laptop", repo: "repo-one", file: Some("modules/b.nix") }),
            "flake.modules.nixos.laptop has nothing from `repo-one/modules/b.nix` yet: its modules come from `repo-one/modules/community/ai.nix` and `dendrix/dev/layers/ai/modules/ai.nix`."
        );
        assert_eq!(
            fails(&a, Check::ContributedBy { class: "nixos", aspect: "ssh", repo: "x", file: None }),
            "flake.modules.nixos.ssh has nothing from repo `x` yet: none of its modules could be traced."
        );
        assert!(fails(
            &a,
            Check::ContributedBy {
                class: "darwin",
                aspect: "ssh",
                repo: "x",
                file: None
            }
        )
        .starts_with("Expected a module from repo `x` in flake.modules.darwin.ssh, but"));
    }

    #[test]
    fn goals_read_as_sentences() {
        assert_eq!(
            Check::NoErrors.goal(),
            "The workspace evaluates without errors."
        );
        assert_eq!(
            Check::Config {
                class: "nixos",
                aspect: "a",
                path: "x.y",
                equals: r#"["vim"]"#
            }
            .goal(),
            "flake.modules.nixos.a sets `x.y` to `[ \"vim\" ]`."
        );
        assert_eq!(
            Check::IncludePath {
                class: "nixos",
                aspect: "server",
                path: &["nginx", "tls", "nix-settings"]
            }
            .goal(),
            "In flake.modules.nixos.server, `nginx` includes `tls`, `tls` includes `nix-settings`."
        );
        assert_eq!(
            Check::Provides {
                aspect: "gaming",
                path: "emulation.gba"
            }
            .goal(),
            "Aspect `gaming` provides `gaming._.emulation._.gba`."
        );
        assert_eq!(
            Check::ContributedBy {
                class: "nixos",
                aspect: "ai",
                repo: "r",
                file: Some("f.nix")
            }
            .goal(),
            "flake.modules.nixos.ai has a module from `r/f.nix`."
        );
        for (p, f) in examples() {
            assert!(p.goal().ends_with('.') && f.goal().ends_with('.'));
        }
    }

    #[test]
    fn paths_split_on_unquoted_dots() {
        assert_eq!(split_path("a.b.c"), ["a", "b", "c"]);
        assert_eq!(split_path("a.\"b.c\".d"), ["a", "b.c", "d"]);
        assert_eq!(split_path("\"a\\\"b\""), ["a\"b"]);
        assert_eq!(split_path(""), [""]);
    }

    #[test]
    fn values_are_shown_the_nix_way() {
        assert_eq!(nixish(&json!(null)), "null");
        assert_eq!(nixish(&json!([1, "a", false])), "[ 1 \"a\" false ]");
        assert_eq!(
            nixish(&json!({ "a b": {}, "c": [] })),
            "{ \"a b\" = { }; c = [ ]; }"
        );
        assert_eq!(nixish(&json!("x\"${y}\n")), "\"x\\\"\\${y}\\n\"");
        assert_eq!(
            nixish(&json!({ "type": "derivation", "pname": "git", "name": "git-2" })),
            "pkgs.git"
        );
        let long = json!(vec!["abcdefghij"; 40]);
        let shown = nixish(&long);
        assert!(shown.ends_with('…') && shown.chars().count() == MAX_SHOWN + 1);
    }
}
