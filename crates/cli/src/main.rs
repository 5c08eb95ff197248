//! `aspects`: the Aspect Playground engine on the command line.
//!
//! Layer: the top (beside the web app). It may use every crate; it only
//! parses arguments, reads files and prints.

mod eval_cmd;
mod export_cmd;
mod nix_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

// An evaluation makes millions of small allocations and frees them all at
// the end; mimalloc does both several times faster than glibc's malloc
// (criterion, 203 aspects: 249 → 195 ms).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`,
/// mimalloc.h; libmimalloc-sys names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// The process ends after one evaluation: handing freed memory back to
/// the OS only to fault it in again cost more than the evaluation itself.
fn never_purge() {
    // SAFETY: sets a plain integer option; mimalloc reads options
    // atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

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
    never_purge();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_we_set() {
        // mimalloc v3's default purge delay is 1000 ms (src/options.c):
        // reading it back confirms the option's number.
        let get = || unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(get(), 1000);
        never_purge();
        assert_eq!(get(), -1);
    }
}
