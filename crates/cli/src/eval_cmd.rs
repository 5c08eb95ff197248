//! `aspects eval`: evaluate a flake of aspect modules and print what
//! flake-aspects makes of it.
//!
//! A single argument that is a workspace text (a file not ending in `.nix`,
//! or any file with `-- repo/path/file.nix --` header lines) is evaluated as
//! a workspace of repos: `--repo NAME` picks the repo (default: the last one
//! in the text).

use aspects_engine::parallel::{self, Parallelism};
use aspects_engine::workspace::{self, Workspace};
use aspects_modules::Def;
use aspects_nix::files::RealFs;
use aspects_nix::value::Value;
use aspects_nix::Eval;
use aspects_nix::Str;
use clap::{Args, ValueEnum};

use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// The schema of the conformance corpus (shared/conformance/README.md).
    Conformance,
    /// The Analysis: aspects, trees, graph, configs, diagnostics.
    Json,
    /// The evaluated configurations, in Nix syntax.
    Nix,
}

#[derive(Args)]
pub struct EvalArgs {
    /// Files, or directories whose `*.nix` files (sorted) are the flake's
    /// modules; or one workspace text (`-- repo/path/file.nix --` headers).
    #[arg(required = true)]
    paths: Vec<String>,
    /// The repo of a workspace text to evaluate (default: its last repo).
    #[arg(long)]
    repo: Option<String>,
    #[arg(long, value_enum, default_value = "conformance")]
    format: Format,
    /// Only this class (json and nix formats).
    #[arg(long)]
    class: Option<String>,
    /// Only this aspect (json and nix formats).
    #[arg(long)]
    aspect: Option<String>,
    /// Evaluate every submodule the generic way (tests compare it with the
    /// prepared submodules and retyped aspects the engine normally uses).
    #[arg(long, hide = true)]
    generic_modules: bool,
    /// Evaluators working on the conformance output of a flake of files
    /// (default: one per core, for flakes of 32 aspects or more).
    #[arg(long, hide = true)]
    threads: Option<usize>,
}

/// Whether `path` holds a workspace text rather than a Nix file.
fn workspace_text(path: &std::path::Path) -> Option<String> {
    if !path.is_file() {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let is_nix = path.extension().is_some_and(|x| x == "nix");
    (!is_nix || aspects_engine::workspace::text::has_headers(&text)).then_some(text)
}

pub fn run(args: EvalArgs) -> ExitCode {
    let filter = Filter {
        class: args.class.clone(),
        aspect: args.aspect.clone(),
        generic_modules: args.generic_modules,
        parallelism: match args.threads {
            Some(n) => Parallelism {
                threads: n.max(1),
                min_units: 2,
            },
            None => Parallelism::of_machine(),
        },
    };
    if let [one] = args.paths.as_slice() {
        if let Some(text) = workspace_text(std::path::Path::new(one)) {
            let ws = match Workspace::parse(&text) {
                Ok(ws) => ws,
                Err(e) => {
                    eprintln!("error: {one}:{}: {}", e.line, e.message);
                    return ExitCode::FAILURE;
                }
            };
            let repo = match workspace::choose_repo(&ws, args.repo.as_deref()) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let format = args.format;
            return aspects_nix::on_big_stack(move || {
                evaluate(Source::Workspace(ws, repo), format, filter)
            });
        }
    }
    if args.repo.is_some() {
        eprintln!("error: --repo needs one workspace text (a file with `-- repo/path/file.nix --` headers)");
        return ExitCode::FAILURE;
    }
    let mut files = Vec::new();
    for p in &args.paths {
        let path = match std::fs::canonicalize(p) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: cannot read {p}: {e}");
                return ExitCode::FAILURE;
            }
        };
        if path.is_dir() {
            let mut inner: Vec<_> = match std::fs::read_dir(&path) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "nix") && p.is_file())
                    .collect(),
                Err(e) => {
                    eprintln!("error: cannot list {p}: {e}");
                    return ExitCode::FAILURE;
                }
            };
            inner.sort();
            files.extend(inner);
        } else {
            files.push(path);
        }
    }
    let location = args.paths.first().cloned().unwrap_or_default();
    let format = args.format;
    aspects_nix::on_big_stack(move || evaluate(Source::Files(files, location), format, filter))
}

/// What to evaluate: files of one flake, or one repo of a workspace.
enum Source {
    Files(Vec<std::path::PathBuf>, String),
    Workspace(Workspace, String),
}

struct Filter {
    class: Option<String>,
    aspect: Option<String>,
    generic_modules: bool,
    parallelism: Parallelism,
}

impl Filter {
    fn keep(&self, class: &str, aspect: &str) -> bool {
        self.class.as_deref().is_none_or(|c| c == class)
            && self.aspect.as_deref().is_none_or(|a| a == aspect)
    }
}

fn evaluate(source: Source, format: Format, filter: Filter) -> ExitCode {
    // The process ends right after: freeing the evaluator's heap piece by
    // piece would only cost time.
    let generic = filter.generic_modules;
    // Made where one evaluator does the work (the conformance output of
    // files makes its own, one per thread).
    let leaked_eval = |source: &Source| -> &'static mut Eval {
        match source {
            Source::Files(..) => Box::leak(Box::new(files_eval(generic))),
            Source::Workspace(ws, _) => Box::leak(Box::new(submodules_as_asked(
                workspace::new_eval(ws),
                generic,
            ))),
        }
    };
    match format {
        Format::Conformance => {
            let text = match &source {
                Source::Files(files, location) => {
                    let files = files.clone();
                    let setup = move || (files_eval(generic), file_modules(&files));
                    let parallelism = filter.parallelism;
                    // Each entry written as text by the thread that
                    // computed it (canonical only if maps keep keys sorted).
                    let (text, ev) = if maps_are_sorted() {
                        let (document, ev) =
                            parallel::conformance_document(setup, location, parallelism);
                        (document.to_pretty(), ev)
                    } else {
                        let (out, ev) =
                            parallel::conformance_parallel(setup, location, parallelism);
                        (pretty(sorted(out)), ev)
                    };
                    std::mem::forget(ev);
                    text
                }
                Source::Workspace(ws, repo) => pretty(sorted(workspace::conformance_repo(
                    leaked_eval(&source),
                    ws,
                    repo,
                ))),
            };
            let written = {
                use std::io::Write;
                let mut stdout = std::io::stdout().lock();
                writeln!(stdout, "{text}").and_then(|()| stdout.flush())
            };
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Format::Json | Format::Nix => {
            let ev = leaked_eval(&source);
            let mut analysis = match &source {
                Source::Files(files, location) => {
                    aspects_engine::analyse(ev, file_modules(files), location)
                }
                Source::Workspace(ws, repo) => workspace::analyse_repo(ev, ws, repo),
            };
            for (class, per) in analysis.configs.iter_mut() {
                per.retain(|aspect, _| filter.keep(class, aspect));
            }
            for (class, per) in analysis.trees.iter_mut() {
                per.retain(|aspect, _| filter.keep(class, aspect));
            }
            for d in &analysis.diagnostics {
                let at = match (&d.file, d.line, d.column) {
                    (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}: "),
                    _ => String::new(),
                };
                eprintln!("{}: {at}{}", d.severity, d.message);
            }
            if let Some(f) = &analysis.fatal {
                eprint!("{}", f.detail);
                return ExitCode::FAILURE;
            }
            let text = match format {
                Format::Json => serde_json::to_string_pretty(&analysis).unwrap_or_default(),
                _ => nix_configs(&analysis.configs),
            };
            println!("{text}");
            ExitCode::SUCCESS
        }
    }
}

/// An evaluator of files, whose submodules go the generic way if asked.
fn files_eval(generic: bool) -> Eval {
    submodules_as_asked(Eval::new(Box::new(RealFs)), generic)
}

/// `ev`, evaluating every submodule the generic way if `generic`.
fn submodules_as_asked(mut ev: Eval, generic: bool) -> Eval {
    if generic {
        aspects_modules::use_prepared_submodules(&mut ev, false);
    }
    ev
}

/// The modules of a flake made of `files`.
fn file_modules(files: &[std::path::PathBuf]) -> Vec<Def> {
    files
        .iter()
        .map(|f| {
            let s: Str = f.to_string_lossy().into_owned().into();
            Def {
                value: Value::Path(s.clone()),
                file: s,
            }
        })
        .collect()
}

/// `{ <class> = { <aspect> = <config>; }; }` in Nix syntax.
fn nix_configs(
    configs: &std::collections::BTreeMap<
        String,
        std::collections::BTreeMap<String, serde_json::Value>,
    >,
) -> String {
    let mut out = String::from("{\n");
    for (class, per) in configs {
        if per.is_empty() {
            continue;
        }
        out.push_str(&format!("  {} = {{\n", attr_name(class)));
        for (aspect, config) in per {
            out.push_str(&format!("    {} = ", attr_name(aspect)));
            write_nix(config, 2, &mut out);
            out.push_str(";\n");
        }
        out.push_str("  };\n");
    }
    out.push('}');
    out
}

fn attr_name(name: &str) -> String {
    let mut s = String::new();
    aspects_nix::print::nix_attr_name(name, &mut s);
    s
}

fn write_nix(v: &serde_json::Value, indent: usize, out: &mut String) {
    use serde_json::Value as J;
    let pad = "  ".repeat(indent + 1);
    match v {
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Number(n) => out.push_str(&n.to_string()),
        J::String(s) => aspects_nix::print::nix_string(s, out),
        J::Array(items) if items.is_empty() => out.push_str("[ ]"),
        J::Array(items) => {
            out.push_str("[\n");
            for x in items {
                out.push_str(&pad);
                write_nix(x, indent + 1, out);
                out.push('\n');
            }
            out.push_str(&"  ".repeat(indent));
            out.push(']');
        }
        J::Object(m) if m.is_empty() => out.push_str("{ }"),
        J::Object(m) => {
            if let (Some(J::String(e)), 1 | 2) = (m.get("$error"), m.len()) {
                out.push_str(&format!("throw {}", serde_json::Value::String(e.clone())));
                return;
            }
            out.push_str("{\n");
            for (k, x) in m {
                out.push_str(&pad);
                out.push_str(&attr_name(k));
                out.push_str(" = ");
                write_nix(x, indent + 1, out);
                out.push_str(";\n");
            }
            out.push_str(&"  ".repeat(indent));
            out.push('}');
        }
    }
}

/// JSON with object keys sorted (the schema's canonical form).
fn sorted(v: serde_json::Value) -> serde_json::Value {
    if maps_are_sorted() {
        return v;
    }
    sort_keys(v)
}

fn pretty(v: serde_json::Value) -> String {
    serde_json::to_string_pretty(&v).expect("JSON values serialize")
}

/// Whether `serde_json`'s maps keep their keys sorted (they do unless a
/// crate in the build turns on its `preserve_order` feature): then the
/// document is in canonical form as it is, and rebuilding it (1.8 MB of
/// text at N=1000, a tree ten times that) would only cost time.
fn maps_are_sorted() -> bool {
    let probe: serde_json::Map<String, serde_json::Value> = [("b", 0), ("a", 1)]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.into()))
        .collect();
    probe.keys().map(String::as_str).eq(["a", "b"])
}

fn sort_keys(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => {
            let mut entries: Vec<_> = m.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sort_keys(v)))
                    .collect(),
            )
        }
        serde_json::Value::Array(a) => {
            serde_json::Value::Array(a.into_iter().map(sort_keys).collect())
        }
        other => other,
    }
}
