//! `aspects nix eval`: evaluate plain Nix like `nix-instantiate --eval --strict`.

use aspects_nix::files::RealFs;
use aspects_nix::run::{eval_strict, Format};
use aspects_nix::Eval;
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum NixCommand {
    /// Evaluate a file (or --expr) strictly and print the value.
    Eval {
        /// The file to evaluate.
        file: Option<String>,
        /// Evaluate this expression instead of a file.
        #[arg(long)]
        expr: Option<String>,
        /// Print JSON instead of Nix syntax.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cmd: NixCommand) -> ExitCode {
    match cmd {
        NixCommand::Eval { file, expr, json } => {
            let format = if json { Format::Json } else { Format::Nix };
            let source = match (file, expr) {
                (_, Some(expr)) => Source::Expr(expr),
                (Some(file), None) => Source::File(file),
                (None, None) => {
                    eprintln!("error: give a FILE or --expr EXPR");
                    return ExitCode::from(2);
                }
            };
            aspects_nix::on_big_stack(move || eval(source, format))
        }
    }
}

enum Source {
    File(String),
    Expr(String),
}

fn eval(source: Source, format: Format) -> ExitCode {
    let cwd = std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "/".into());
    let mut ev = Eval::new(Box::new(RealFs));
    let parsed = match &source {
        Source::Expr(text) => ev.parse_expr("«string»", text, &cwd),
        Source::File(file) => {
            let path = if file.starts_with('/') {
                file.clone()
            } else {
                format!("{cwd}/{file}")
            };
            let path = aspects_nix::value::canon_path(&path);
            match std::fs::read_to_string(&path) {
                Ok(text) => ev.parse(&path, &text),
                Err(e) => {
                    eprintln!("error: cannot read {file}: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    let result = parsed.and_then(|e| eval_strict(&mut ev, &e, format));
    for t in &ev.traces {
        let prefix = if t.warning { "warning" } else { "trace" };
        eprintln!("{prefix}: {}", t.message);
    }
    match result {
        Ok(text) => {
            // nix-instantiate ends Nix output with a newline, JSON without.
            if format == Format::Json {
                print!("{text}");
            } else {
                println!("{text}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprint!("{}", aspects_nix::report::render(&ev.files, &e));
            eprintln!("kind: {}", e.kind.as_str());
            ExitCode::FAILURE
        }
    }
}
