//! Bad input is the normal case in a playground: the corpus and the
//! gallery, mutated as typing and pasting do (text cut out, snippets
//! dropped in, lines moved or repeated), each evaluated as the
//! playground's worker does. None may panic: in the browser a panic
//! kills the worker.
//!
//! The mutations are fixed (a seeded generator), so a failure names an
//! input that can be replayed; the seed's case is printed on failure.

use aspects_engine::session::{run, Request};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A small xorshift generator: the same mutations on every run.
struct Mutations(u64);

impl Mutations {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// `text` changed in one to three places.
    fn mutate(&mut self, text: &str) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for _ in 0..1 + self.below(3) {
            let len = chars.len();
            match self.below(5) {
                0 if len > 0 => {
                    let at = self.below(len);
                    let end = (at + 1 + self.below(20)).min(len);
                    chars.drain(at..end);
                }
                1 | 2 => {
                    let at = self.below(len + 1);
                    let snippet = SNIPPETS[self.below(SNIPPETS.len())];
                    chars.splice(at..at, snippet.chars());
                }
                3 => {
                    let text: String = chars.iter().collect();
                    let mut lines: Vec<&str> = text.lines().collect();
                    if !lines.is_empty() {
                        let line = lines[self.below(lines.len())];
                        let at = self.below(lines.len() + 1);
                        lines.insert(at, line);
                    }
                    chars = lines.join("\n").chars().collect();
                }
                _ => {
                    let text: String = chars.iter().collect();
                    let mut lines: Vec<&str> = text.lines().collect();
                    if lines.len() > 1 {
                        let (a, b) = (self.below(lines.len()), self.below(lines.len()));
                        lines.swap(a, b);
                    }
                    chars = lines.join("\n").chars().collect();
                }
            }
        }
        chars.into_iter().collect()
    }
}

/// What gets typed or pasted into aspect code, half-finished included.
const SNIPPETS: &[&str] = &[
    "aspects.",
    "includes = [ ",
    "]",
    "{",
    "}",
    ";",
    "(",
    ")",
    "_.",
    "provides.",
    "__functor = self: ctx: self;",
    "__functor = self: self;",
    "lib.mkForce ",
    "lib.mkIf false ",
    "lib.mkDefault ",
    "lib.mkMerge [ ",
    "imports = [ ];",
    "x: ",
    "{ class, ... }: ",
    "{ aspect-chain, ... }: ",
    "\"${",
    "''",
    "#",
    "/*",
    "builtins.throw \"x\"",
    "rec ",
    "let x = x; in x",
    "inherit (aspects) ",
    "= ",
    ".",
    "null",
    "[ ]",
    "name = 3;",
    "includes = 5;",
    "_module.args.x = 1;",
    "freeformType = lib.types.int;",
    "config.",
    "options.",
    "\u{e9}",
    "${",
    "...",
    "//",
    "inputs.",
    "\n-- main/extra.nix --\n",
    "\n-- ../escape.nix --\n",
];

/// The corpus and gallery sources, in name order.
fn inputs() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        "tests/conformance/cases",
        "tests/typing",
        "../gallery/examples",
    ] {
        let entries = std::fs::read_dir(root.join(dir)).expect("the corpus is there");
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.extension().is_some_and(|x| x == "nix") {
                let text = std::fs::read_to_string(&path).expect("readable");
                out.push((path.display().to_string(), text));
            }
        }
    }
    out.sort();
    out
}

/// How many mutated inputs are evaluated.
const CASES: u64 = 1500;

#[test]
fn mutated_inputs_never_panic() {
    let inputs = inputs();
    assert!(inputs.len() >= 90, "the corpus and the gallery are found");
    aspects_nix::on_big_stack(move || {
        let mut failures = Vec::new();
        for seed in 1..=CASES {
            let mut m = Mutations(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let (name, text) = &inputs[m.below(inputs.len())];
            let workspace = m.mutate(text);
            let request = Request {
                id: seed,
                workspace: workspace.clone(),
                repo: None,
                conformance: true,
                max_steps: Some(2_000_000),
            };
            if catch_unwind(AssertUnwindSafe(|| run(&request))).is_err() {
                failures.push(format!("case {seed} (from {name}):\n{workspace}"));
            }
        }
        assert!(
            failures.is_empty(),
            "panicked on:\n{}",
            failures.join("\n\n")
        );
    });
}
