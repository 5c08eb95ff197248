//! Encode or decode a share link from the command line (for measuring link
//! lengths and for looking inside a link).
//!
//! ```sh
//! cargo run -p aspects-share --example share -- encode [--view V] [--class C] \
//!     [--aspect A] [--file F] < workspace.nix
//! cargo run -p aspects-share --example share -- decode 'v1.…'
//! ```

use std::io::Read;
use std::process::ExitCode;

use aspects_share::{decode, try_encode, SharedState};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("encode") => encode_stdin(&args[1..]),
        Some("decode") if args.len() == 2 => decode_arg(&args[1]),
        _ => Err("usage: share encode [--view V] [--class C] [--aspect A] [--file F] < text\n       share decode FRAGMENT".into()),
    };
    match result {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn encode_stdin(options: &[String]) -> Result<String, String> {
    let mut state = SharedState::default();
    std::io::stdin()
        .read_to_string(&mut state.workspace)
        .map_err(|e| e.to_string())?;
    for pair in options.chunks(2) {
        let [name, value] = pair else {
            return Err(format!("{} needs a value", pair[0]));
        };
        let slot = match name.as_str() {
            "--view" => &mut state.view,
            "--class" => &mut state.class,
            "--aspect" => &mut state.aspect,
            "--file" => &mut state.file,
            _ => return Err(format!("unknown option {name}")),
        };
        *slot = Some(value.clone());
    }
    try_encode(&state).map_err(|e| e.to_string())
}

fn decode_arg(fragment: &str) -> Result<String, String> {
    let state = decode(fragment).map_err(|e| e.to_string())?;
    let json = serde_json::json!({
        "workspace": state.workspace,
        "view": state.view,
        "class": state.class,
        "aspect": state.aspect,
        "file": state.file,
    });
    serde_json::to_string_pretty(&json).map_err(|e| e.to_string())
}
