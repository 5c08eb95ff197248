//! Differential test of the Nix evaluator against real Nix (issue 3, "Checked against
//! real Nix").
//!
//! # The corpus
//!
//! `tests/nix_differential/cases/NAME.nix` are small plain-Nix expressions written for
//! this project (files under `cases/data/` are read or imported by some cases and are
//! not cases themselves). Their golden outputs were recorded from real Nix 2.8
//! (Debian's `nix-bin`) by `tests/nix_differential/record.sh`, which runs
//! `nix-instantiate --eval --strict [--json] CASE` and stores next to each case:
//!
//! - `NAME.out`: the exact stdout of the plain run, when it succeeds;
//! - `NAME.json`: the exact stdout of the `--json` run, when it succeeds (Nix prints
//!   no newline after JSON);
//! - `NAME.json.err`: the plain run succeeds but `--json` fails (a function in the
//!   value, a cyclic value);
//! - `NAME.err`: the plain run fails. Two lines: the first line of Nix's message
//!   without `error: `, then a coarse kind: infinite-recursion, missing-attribute,
//!   unexpected-argument, missing-argument, not-a-function, wrong-value-type,
//!   assertion, throw, abort, division-by-zero, syntax, undefined-variable, other.
//!
//! Nix is not needed to run this test: it compares with the recorded goldens. To
//! re-record after adding cases, run `record.sh` (or `record.sh NAME...`) where Nix is
//! installed; `record.sh --check` verifies the goldens against the installed Nix, and
//! so does the test `goldens_match_installed_nix` when `NIX_DIFF_CHECK_GOLDENS=1`.
//!
//! # What is compared
//!
//! For each case the built CLI runs twice, as `aspects nix eval CASE` and
//! `aspects nix eval --json CASE` (CASE an absolute path, the working directory the
//! cases directory):
//!
//! - with `.out` / `.json`: exit code 0 and stdout byte-for-byte equal to the golden
//!   (stderr is ignored: `builtins.trace` writes there);
//! - with `.err` (both runs) or `.json.err` (the `--json` run): exit code 1 and a
//!   non-empty stderr. The message wording is not compared. If the CLI prints a line
//!   `kind: KIND` on stderr, KIND must match the golden kind; golden `other` accepts
//!   any kind, and golden `wrong-value-type` also accepts `coercion` (the conformance
//!   vocabulary's name for "cannot coerce ..." errors).
//!
//! Each run has a time limit (`NIX_DIFF_TIMEOUT` seconds, default 20).
//!
//! # Known failures (the ratchet)
//!
//! `tests/nix_differential/known_failures.txt` lists the cases that are known to fail,
//! one name per line with an optional `# reason`. The test fails if a case that is not
//! listed fails, and also if a listed case passes (so the list only shrinks: delete
//! the line). It prints `N passed, M known failures, K total`.
//!
//! - `UPDATE_KNOWN_FAILURES=1 cargo test -p aspects-cli --test nix_differential`
//!   rewrites the list from the current results (keeping the reasons of entries that
//!   stay) instead of failing.
//! - `NIX_DIFF_FILTER=SUBSTRING` runs only the cases whose name contains SUBSTRING
//!   (the ratchet then only looks at those).
//! - `NIX_DIFF_VERBOSE=1` also prints why each known failure fails.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{apply_ratchet, report, run_with_timeout, selected, shorten, RunOutput};

const HEADER: &str = "\
# Cases of tests/nix_differential that are known to fail, one name per line with an
# optional `# reason`. The test fails when a case not listed here fails, and when a
# listed case passes (delete its line: this list only shrinks).
# `UPDATE_KNOWN_FAILURES=1 cargo test -p aspects-cli --test nix_differential`
# rewrites it from the current results.
";

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nix_differential")
}

fn cases_dir() -> PathBuf {
    corpus_dir().join("cases")
}

/// Every case name: `cases/*.nix` (not recursive).
fn all_cases() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(cases_dir()).expect("cases directory") {
        let path = entry.expect("directory entry").path();
        if path.is_file() && path.extension().is_some_and(|e| e == "nix") {
            let stem = path.file_stem().expect("file stem").to_string_lossy();
            names.insert(stem.into_owned());
        }
    }
    names
}

/// What real Nix did for one run of a case.
#[derive(Debug, Clone, PartialEq)]
enum Expected {
    /// Success with exactly this stdout.
    Output(Vec<u8>),
    /// Failure; the golden message's first line and kind.
    Error { message: String, kind: String },
}

fn read_error_golden(path: &Path) -> Expected {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = text.lines();
    let message = lines.next().unwrap_or_default().to_string();
    let kind = lines.next().unwrap_or("other").trim().to_string();
    Expected::Error { message, kind }
}

/// The expectations for the plain and the `--json` run of a case.
fn expectations(name: &str) -> Result<(Expected, Option<Expected>), String> {
    let dir = cases_dir();
    let file = |ext: &str| dir.join(format!("{name}.{ext}"));
    let plain = if file("out").exists() {
        Expected::Output(std::fs::read(file("out")).map_err(|e| e.to_string())?)
    } else if file("err").exists() {
        read_error_golden(&file("err"))
    } else {
        return Err("no golden (.out or .err): run tests/nix_differential/record.sh".into());
    };
    let json = if file("json").exists() {
        Some(Expected::Output(
            std::fs::read(file("json")).map_err(|e| e.to_string())?,
        ))
    } else if file("json.err").exists() {
        Some(read_error_golden(&file("json.err")))
    } else if let Expected::Error { .. } = &plain {
        Some(plain.clone())
    } else {
        None
    };
    Ok((plain, json))
}

/// The `kind: KIND` line the CLI printed on stderr, if any.
fn printed_kind(stderr: &[u8]) -> Option<String> {
    String::from_utf8_lossy(stderr).lines().find_map(|l| {
        l.trim()
            .strip_prefix("kind:")
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
    })
}

/// Whether the CLI's kind is acceptable for the golden kind.
fn kind_matches(golden: &str, got: &str) -> bool {
    golden == "other" || golden == got || (golden == "wrong-value-type" && got == "coercion")
}

/// A short rendering of bytes for failure messages (invalid UTF-8 shown as `\xNN`).
fn show(bytes: &[u8]) -> String {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => format!("{s:?}"),
        Err(_) => format!("b\"{}\"", bytes.escape_ascii()),
    };
    shorten(&text, 300)
}

fn check_run(label: &str, expected: &Expected, got: &RunOutput) -> Result<(), String> {
    match expected {
        Expected::Output(want) => {
            if got.code != Some(0) {
                return Err(format!(
                    "{label}: expected success, got {} ({})",
                    got.describe_exit(),
                    got.stderr_head()
                ));
            }
            if &got.stdout != want {
                return Err(format!(
                    "{label}: stdout differs\n      expected: {}\n      got:      {}",
                    show(want),
                    show(&got.stdout)
                ));
            }
            Ok(())
        }
        Expected::Error { message, kind } => {
            if got.code != Some(1) {
                return Err(format!(
                    "{label}: expected an error (exit code 1) like Nix's `{}` [{kind}], got {} (stdout {})",
                    shorten(message, 100),
                    got.describe_exit(),
                    show(&got.stdout)
                ));
            }
            if got.stderr.iter().all(u8::is_ascii_whitespace) {
                return Err(format!("{label}: exit code 1 but nothing on stderr"));
            }
            if let Some(k) = printed_kind(&got.stderr) {
                if !kind_matches(kind, &k) {
                    return Err(format!(
                        "{label}: error kind `{k}`, expected `{kind}` (Nix: `{}`)",
                        shorten(message, 100)
                    ));
                }
            }
            Ok(())
        }
    }
}

fn check_case(bin: &str, name: &str, limit: Duration) -> Result<(), String> {
    let (plain, json) = expectations(name)?;
    let case = cases_dir().join(format!("{name}.nix"));
    let run = |json_flag: bool| {
        let mut cmd = Command::new(bin);
        cmd.current_dir(cases_dir()).arg("nix").arg("eval");
        if json_flag {
            cmd.arg("--json");
        }
        cmd.arg(&case);
        run_with_timeout(&mut cmd, limit)
    };
    let mut problems = Vec::new();
    if let Err(e) = check_run("eval", &plain, &run(false)) {
        problems.push(e);
    }
    if let Some(json) = json {
        if let Err(e) = check_run("eval --json", &json, &run(true)) {
            problems.push(e);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n    "))
    }
}

#[test]
fn nix_differential() {
    let bin = env!("CARGO_BIN_EXE_aspects");
    let limit = common::time_limit("NIX_DIFF_TIMEOUT", 20);
    let all = all_cases();
    assert!(
        all.len() >= 300,
        "the corpus should hold at least 300 cases, found {}",
        all.len()
    );
    let names = selected(&all, "NIX_DIFF_FILTER");
    let mut results = BTreeMap::new();
    for name in &names {
        let result = check_case(bin, name, limit).err();
        results.insert(name.clone(), result);
    }

    let known_path = corpus_dir().join("known_failures.txt");
    let verdict = apply_ratchet(&known_path, HEADER, &results, &all);
    if std::env::var("NIX_DIFF_VERBOSE").is_ok_and(|v| !v.is_empty() && v != "0") {
        for (name, why) in &results {
            if let Some(why) = why {
                report(&format!("  {name}: {why}"));
            }
        }
    }
    for p in &verdict.problems {
        report(&format!("  {p}"));
    }
    let summary = format!(
        "nix_differential: {} passed, {} known failures, {} total",
        verdict.passed, verdict.known_failures, verdict.total
    );
    report(&summary);
    assert!(
        verdict.problems.is_empty(),
        "{summary}; {} problem(s) (listed above): {}",
        verdict.problems.len(),
        shorten(&verdict.problems.join(" | "), 2000)
    );
}

/// Opt-in: re-runs the recording against the installed Nix and checks that the goldens
/// are what it prints (`NIX_DIFF_CHECK_GOLDENS=1`; needs `nix-instantiate`, ~1 min).
#[test]
fn goldens_match_installed_nix() {
    if !std::env::var("NIX_DIFF_CHECK_GOLDENS").is_ok_and(|v| !v.is_empty() && v != "0") {
        report("goldens_match_installed_nix: skipped (set NIX_DIFF_CHECK_GOLDENS=1 to compare the goldens with the installed nix-instantiate)");
        return;
    }
    let have_nix = Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_nix {
        report("goldens_match_installed_nix: skipped: nix-instantiate is not installed (apt-get install nix-bin)");
        return;
    }
    let out = Command::new("bash")
        .arg(corpus_dir().join("record.sh"))
        .arg("--check")
        .output()
        .expect("run record.sh --check");
    report(&String::from_utf8_lossy(&out.stdout));
    assert!(
        out.status.success(),
        "record.sh --check found differences:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_case_has_goldens() {
    let mut missing = Vec::new();
    for name in all_cases() {
        if let Err(e) = expectations(&name) {
            missing.push(format!("{name}: {e}"));
        }
    }
    assert!(missing.is_empty(), "cases without goldens: {missing:?}");
    // And no golden without its case (left over after a rename).
    let cases = all_cases();
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(cases_dir()).expect("cases directory") {
        let file = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        for ext in [".json.err", ".out", ".json", ".err"] {
            if let Some(stem) = file.strip_suffix(ext) {
                if !cases.contains(stem) {
                    orphans.push(file.clone());
                }
                break;
            }
        }
    }
    assert!(orphans.is_empty(), "goldens without a case: {orphans:?}");
}

#[test]
fn kind_line_parsing() {
    assert_eq!(
        printed_kind(b"error: boom\n  at x.nix:1:1\nkind: throw\n"),
        Some("throw".to_string())
    );
    assert_eq!(printed_kind(b"error: kind of bad\n"), None);
    assert!(kind_matches("other", "anything"));
    assert!(kind_matches("wrong-value-type", "coercion"));
    assert!(!kind_matches("throw", "abort"));
}
