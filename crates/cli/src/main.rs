//! `aspects`: the Aspect Playground engine on the command line.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("parse") if args.len() == 2 => {
            let text = match std::fs::read_to_string(&args[1]) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: cannot read {}: {e}", args[1]);
                    return ExitCode::FAILURE;
                }
            };
            let diags = aspects_nix::parse_diagnostics(&text);
            for d in &diags {
                eprintln!("{}:{}:{}: {}", args[1], d.at.line, d.at.column, d.message);
            }
            if diags.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        _ => {
            eprintln!("usage: aspects parse FILE");
            ExitCode::from(2)
        }
    }
}
