//! The fast parser (`aspects_nix::parse`) against rnix: wherever it gives
//! a tree, that tree must be the one read from rnix's (`from_rnix`), and
//! it may only give one where rnix finds no syntax error. Checked on every
//! `.nix` file of the workspace (corpora, cases, seeds, lessons, the
//! prelude) and on edits of them that break or bend their syntax.
#![cfg(not(target_arch = "wasm32"))]

use aspects_nix::ast::FileId;
use aspects_nix::lower::parse_tree_with_rnix;
use aspects_nix::parse::parse;
use aspects_nix::syntax::nesting_too_deep;
use std::path::{Path, PathBuf};

fn nix_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() && name != "target" && !name.starts_with('.') {
            nix_files(&path, out);
        } else if name.ends_with(".nix") {
            out.push(path);
        }
    }
}

/// Every `.nix` file under the workspace's `crates/` (and the fuzz seeds,
/// which have other names), sorted.
fn corpus() -> Vec<(String, String)> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    nix_files(crates, &mut files);
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    for e in std::fs::read_dir(seeds).unwrap() {
        let p = e.unwrap().path();
        if !p.to_string_lossy().ends_with(".nix") {
            files.push(p);
        }
    }
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let text = String::from_utf8(std::fs::read(&p).ok()?).ok()?;
            Some((p.display().to_string(), text))
        })
        .collect()
}

/// Holds the fast parser to rnix on `text`; whether it gave a tree.
fn agree(name: &str, text: &str) -> bool {
    let Some(fast) = parse(text) else {
        return false;
    };
    match parse_tree_with_rnix(text, FileId(0)) {
        Ok(reference) => {
            assert!(
                fast == reference,
                "{name}: the trees differ\n--- text\n{text}\n--- fast\n{fast:#?}\n--- rnix\n{reference:#?}"
            );
        }
        Err(e) => panic!(
            "{name}: the fast parser accepts what rnix refuses ({})\n{text}",
            e.message
        ),
    }
    true
}

fn on_big_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn the_fast_parser_reads_the_corpus_as_rnix_does() {
    on_big_stack(|| {
        let files = corpus();
        assert!(files.len() > 800, "only {} files", files.len());
        let mut rnix_only = Vec::new();
        let mut valid = 0;
        for (name, text) in &files {
            let rnix_ok =
                nesting_too_deep(text).is_none() && parse_tree_with_rnix(text, FileId(0)).is_ok();
            valid += rnix_ok as usize;
            if !agree(name, text) && rnix_ok {
                rnix_only.push(name.as_str());
            }
        }
        eprintln!("{} of {valid} left to rnix: {rnix_only:?}", rnix_only.len());
        // What is left to rnix must stay rare: URIs, search paths,
        // interpolated paths, `let { }`, `__curPos`, `f or`, deep nesting.
        assert!(
            rnix_only.len() * 20 < valid,
            "{} of {valid} valid files left to rnix: {rnix_only:#?}",
            rnix_only.len()
        );
    });
}

/// Edits that break or bend syntax: each is tried at several places.
const EDITS: &[&str] = &[
    "", "{", "}", "(", ")", "[", "]", ";", ":", ",", "@", "?", ".", "=", "\"", "''", "${", "'",
    "\\", "$", "#", "/*", "*/", "/", "./", "~/", "<", ">", "-", "!", "or ", " or", "in ", "let ",
    "rec ", "...", "\n", " ", "1.", ".5", "e", "x:", "x: ", "''$", "'''", "''\\n", "\\\"", "$$",
];

#[test]
fn edited_files_are_read_as_rnix_does_or_left_to_it() {
    on_big_stack(|| {
        let files = corpus();
        // More for a deeper search: EDITS_PER_FILE=2000 cargo test --release
        let edits_per_file: usize =
            std::env::var("EDITS_PER_FILE").map_or(6, |v| v.parse().unwrap());
        let mut tried = 0;
        let mut accepted = 0;
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for (name, text) in files.iter().filter(|(_, t)| t.len() < 20_000) {
            for _ in 0..edits_per_file {
                let mut at = (next() % (text.len() as u64 + 1)) as usize;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let edit = EDITS[(next() % EDITS.len() as u64) as usize];
                // An empty edit deletes the character there instead.
                let cut = if edit.is_empty() {
                    text[at..].chars().next().map_or(0, char::len_utf8)
                } else {
                    0
                };
                let edited = format!("{}{edit}{}", &text[..at], &text[at + cut..]);
                tried += 1;
                accepted += agree(&format!("{name} with {edit:?} at {at}"), &edited) as usize;
            }
        }
        eprintln!("{accepted} of {tried}");
        assert!(tried > 4000 && accepted > 0, "{accepted} of {tried}");
    });
}

#[test]
fn strings_are_read_as_rnix_does() {
    let cases = [
        r#""plain""#,
        r#""a\nb\tc\rd\\e\"f\$g""#,
        r#""$${x} $$ $""#,
        r#""a${"b"}c${ { x = "}"; }.x }d""#,
        "''\n  a\n    b\n  c\n''",
        "''  \n  a\n''",
        "''a\n  b''",
        "''\n\n    a\n\n  b\n  ''",
        "''\n  ${x}\n  y\n''",
        "''\n    ${x} a\n  b ${y}\n    ''",
        "''''' ''$ ''\\n ''\\t ''\\x ' x ''",
        "''\n\ta\n  b\n''",
        "''a''' b''",
        "''\n''",
        "''${x}''",
        "'' \n ''",
        r#"{ "a b" = 1; ${"c"} = 2; "d${x}" = 3; }"#,
        "{ x = ''é\n  ü ''; y = \"ï\\é\"; }",
    ];
    for (i, text) in cases.iter().enumerate() {
        // Free variables are fine: only the trees are compared.
        assert!(
            agree(&format!("case {i}"), text),
            "case {i} left to rnix: {text}"
        );
    }
}

#[test]
fn operators_combine_as_rnix_reads_them() {
    // Every pair of binary operators, each operand with or without a
    // prefix `!` or `-`, and with `?` and application around: precedence,
    // associativity, and the chains rnix refuses (`a == b == c`).
    let binary = [
        "<|", "|>", "->", "||", "&&", "==", "!=", "<", "<=", ">", ">=", "//", "+", "-", "*", "/",
        "++",
    ];
    let operands = ["a", "!a", "-a", "a ? x", "f a", "!a ? x"];
    let (mut tried, mut accepted) = (0, 0);
    for op1 in binary {
        for op2 in binary {
            for (i, x) in operands.iter().enumerate() {
                let y = operands[(i + 1) % operands.len()];
                let z = operands[(i + 2) % operands.len()];
                let text = format!("{x} {op1} {y} {op2} {z}");
                tried += 1;
                accepted += agree(&text, &text) as usize;
            }
        }
    }
    // Most are read by the fast parser itself (the rest are rnix's: `!`
    // where it cannot start an operand, non-associative chains).
    assert!(accepted * 2 > tried, "{accepted} of {tried}");
}

#[test]
fn forms_left_to_rnix_still_parse() {
    let left = [
        "https://example.org/x",
        "<nixpkgs>",
        "./a/${x}.nix",
        "let { body = 1; }",
        "__curPos",
        "f or",
    ];
    for text in left {
        let fast = parse(text);
        let reference = parse_tree_with_rnix(text, FileId(0));
        assert!(fast.is_none() || reference.is_err(), "{text}");
    }
    // Deep nesting too (rnix's path refuses it, or bounds its tree).
    let deep = [
        format!("{}1{}", "[".repeat(1200), "]".repeat(1200)),
        format!("{}1", "-".repeat(1200)),
        format!("{}true", "!".repeat(1200)),
        format!("1{}", " ++ [1]".repeat(60_000)),
        format!("1{}", " + 1".repeat(6_000)),
        format!("f{}", " x".repeat(6_000)),
    ];
    for text in &deep {
        assert!(parse(text).is_none(), "{}...", &text[..20]);
    }
    assert!(deep[..4].iter().all(|t| nesting_too_deep(t).is_some()));
    // ...and rnix's errors are still the errors.
    assert!(parse("{ a = ; }").is_none());
    let err = parse_tree_with_rnix("{ a = ; }", FileId(0)).unwrap_err();
    assert!(err.message.contains("`;`"), "{}", err.message);
}
