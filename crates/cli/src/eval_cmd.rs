//! `aspects eval`: evaluate a flake of aspect modules and print what
//! flake-aspects makes of it.

use aspects_modules::Def;
use aspects_nix::files::RealFs;
use aspects_nix::value::Value;
use aspects_nix::Eval;
use clap::{Args, ValueEnum};

use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// The schema of the conformance corpus (shared/conformance/README.md).
    Conformance,
}

#[derive(Args)]
pub struct EvalArgs {
    /// Files, or directories whose `*.nix` files (sorted) are the flake's modules.
    #[arg(required = true)]
    paths: Vec<String>,
    #[arg(long, value_enum, default_value = "conformance")]
    format: Format,
}

pub fn run(args: EvalArgs) -> ExitCode {
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
    aspects_nix::on_big_stack(move || evaluate(files, &location, format))
}

fn evaluate(files: Vec<std::path::PathBuf>, location: &str, format: Format) -> ExitCode {
    let mut ev = Eval::new(Box::new(RealFs));
    let modules = files
        .iter()
        .map(|f| {
            let s: std::rc::Rc<str> = f.to_string_lossy().into_owned().into();
            Def {
                value: Value::Path(s.clone()),
                file: s,
            }
        })
        .collect();
    match format {
        Format::Conformance => {
            let out = aspects_engine::conformance::conformance(&mut ev, modules, location);
            match serde_json::to_string_pretty(&sorted(out)) {
                Ok(text) => {
                    println!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// JSON with object keys sorted (the schema's canonical form).
fn sorted(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => {
            let mut entries: Vec<_> = m.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        serde_json::Value::Array(a) => {
            serde_json::Value::Array(a.into_iter().map(sorted).collect())
        }
        other => other,
    }
}
