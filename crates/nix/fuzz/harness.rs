//! The fuzz harness: parse and evaluate one input with small limits, the
//! way the CLI and the playground do, and never panic. Shared by the
//! cargo-fuzz target (`fuzz_targets/eval.rs`) and the stable smoke test
//! (`crates/nix/tests/no_panic.rs`).

use aspects_nix::files::MemoryFs;
use aspects_nix::run::{eval_strict, Format};
use aspects_nix::{Eval, Limits};

/// Small budgets: every input finishes quickly, and the evaluator must stay
/// inside `max_stack_bytes` on the fuzzer's main thread (8 MiB of stack).
pub const LIMITS: Limits = Limits {
    max_steps: 200_000,
    max_call_depth: 200,
    max_memory_bytes: 64 << 20,
    max_stack_bytes: 2 << 20,
};

/// The file the input is evaluated as.
pub const PATH: &str = "/fuzz.nix";

/// Runs one input: live syntax diagnostics, then a strict evaluation in
/// Nix and in JSON format (each in a fresh `Eval`), rendering any error
/// with its source line as the CLI does. Returns the outputs (for tests).
pub fn run(data: &[u8]) -> Vec<Result<String, String>> {
    let Ok(text) = std::str::from_utf8(data) else {
        return Vec::new();
    };
    // What the editor shows while typing.
    let _ = aspects_nix::parse_diagnostics(text);
    [Format::Nix, Format::Json]
        .into_iter()
        .map(|format| eval_one(text, format))
        .collect()
}

fn eval_one(text: &str, format: Format) -> Result<String, String> {
    // The input is also on the virtual disk (so `import ./fuzz.nix`,
    // `readFile`, `readDir /` have something to find), next to the lib
    // prelude and a small module.
    let mut fs = MemoryFs::new();
    fs.insert(PATH, text);
    fs.insert("/lib.nix", aspects_nix::eval::LIB_SOURCE);
    fs.insert("/dir/default.nix", "{ a = 1; b = x: x + 1; c = \"s\"; }");
    fs.insert("/dir/plain.nix", "{ x = [ 1 \"two\" ]; y = null; }");
    fs.insert("/dir/data.json", "{\"a\": [1, 2.5, null, true, \"x\"]}");
    let mut ev = Eval::new(Box::new(fs));
    ev.limits = LIMITS;
    let result = ev
        .parse(PATH, text)
        .and_then(|e| eval_strict(&mut ev, &e, format));
    result.map_err(|e| aspects_nix::report::render(&ev.files, &e))
}
