//! `aspects`: the Aspect Playground engine on the command line.
//!
//! Layer: the top (beside the web app). It may use every crate; it only
//! parses arguments, reads files and prints.

mod eval_cmd;
mod export_cmd;
mod nix_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

// mimalloc, called for what Rust asks (see crates/alloc).
#[global_allocator]
static ALLOCATOR: aspects_alloc::Mimalloc = aspects_alloc::Mimalloc;

#[derive(Parser)]
#[command(
    name = "aspects",
    version,
    about = "See what flake-aspects makes of your aspects"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a file's Nix syntax and list every error with its position.
    Parse { file: String },
    /// Evaluate a flake of aspect modules.
    Eval(eval_cmd::EvalArgs),
    /// Write a workspace repo as a real flake (a folder or a .zip).
    Export(export_cmd::ExportArgs),
    /// The Nix language alone.
    Nix {
        #[command(subcommand)]
        command: nix_cmd::NixCommand,
    },
}

fn main() -> ExitCode {
    // One evaluation per process: freed memory is kept, not handed back.
    // (Arenas are committed as they are used: aspects_alloc sets that
    // when the program is loaded.)
    aspects_alloc::never_purge();
    // The memory budget counts what the allocator holds, not only the
    // evaluators' estimates.
    aspects_nix::eval::set_heap_probe(aspects_alloc::committed_bytes);
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { file } => parse(&file),
        Command::Eval(args) => eval_cmd::run(args),
        Command::Export(args) => export_cmd::run(args),
        Command::Nix { command } => nix_cmd::run(command),
    }
}

fn parse(file: &str) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let diags = aspects_nix::parse_diagnostics(&text);
    for d in &diags {
        eprintln!("{file}:{}:{}: {}", d.at.line, d.at.column, d.message);
    }
    if diags.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
