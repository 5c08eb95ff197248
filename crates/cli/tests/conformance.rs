//! The conformance corpus (issue 4): what the real flake-aspects produces.
//!
//! `tests/conformance/` is a copy of the shared corpus (README.md, compare.py, cases/)
//! so that the project tests itself. Each case is `cases/NAME.nix` or a directory
//! `cases/NAME/` with its golden `cases/NAME.expected.json` (`cases/helpers/` holds
//! files that cases import). For every case this runs
//!
//! ```text
//! aspects eval CASE --format conformance
//! ```
//!
//! (CASE an absolute path, the working directory `cases/`), parses stdout as JSON
//! (whatever the exit code: the document itself reports errors) and compares it with
//! the golden by the rules of `compare.py`, reimplemented in [`compare`]:
//!
//! - message texts (`error`, `errorDetail`, `$error`) are ignored, at any depth;
//! - kinds, locations and values must be equal, with Python's notion of types (an
//!   integer is not a float, a Boolean is not a number);
//! - where the reference says `non-terminating` the project may say `include-cycle`,
//!   and where it says `stack-overflow` it may say `option-type` (`BETTER_KINDS`);
//! - lists under `modules` are compared as multisets; whether they are also in the
//!   same order is reported ("exact order").
//!
//! Each run has a time limit (`CONFORMANCE_TIMEOUT` seconds, default 60).
//!
//! # Known failures (the ratchet)
//!
//! `tests/conformance/known_failures.txt` lists the cases known to fail (one name per
//! line, optional `# reason`). The test fails if an unlisted case fails or a listed
//! case passes (delete its line), and prints
//! `N passed (X in exact order), M known failures, K total`.
//! `UPDATE_KNOWN_FAILURES=1 cargo test -p aspects-cli --test conformance` rewrites the
//! list from the current results; `CONFORMANCE_FILTER=SUBSTRING` runs only matching
//! cases; `CONFORMANCE_VERBOSE=1` prints why each known failure fails.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use common::{apply_ratchet, report, run_with_timeout, selected, shorten};

const HEADER: &str = "\
# Cases of tests/conformance that are known to fail, one name per line with an
# optional `# reason`. The test fails when a case not listed here fails, and when a
# listed case passes (delete its line: this list only shrinks).
# `UPDATE_KNOWN_FAILURES=1 cargo test -p aspects-cli --test conformance`
# rewrites it from the current results.
";

// ---------------------------------------------------------------------------------
// compare.py, in Rust
// ---------------------------------------------------------------------------------

/// Keys whose values (message texts) are never compared.
const IGNORED: [&str; 3] = ["$error", "error", "errorDetail"];

/// Where the reference fails for reasons of its own, the kinds the project may report
/// instead (the expected kind itself included).
fn better_kinds(expected: &str) -> &'static [&'static str] {
    match expected {
        "non-terminating" => &["non-terminating", "include-cycle"],
        "stack-overflow" => &["stack-overflow", "option-type"],
        _ => &[],
    }
}

/// Removes the ignored keys at every depth.
fn strip(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !IGNORED.contains(&k.as_str()))
                .map(|(k, x)| (k.clone(), strip(x)))
                .collect(),
        ),
        Value::Array(xs) => Value::Array(xs.iter().map(strip).collect()),
        other => other.clone(),
    }
}

/// A canonical text for a value (keys sorted at every depth), as `json.dumps(v,
/// sort_keys=True)` is used by compare.py: to sort multisets and to show values.
fn canon(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let items: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}: {}", Value::String(k.clone()), canon(&m[k])))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Array(xs) => {
            let items: Vec<String> = xs.iter().map(canon).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// Lists become sorted lists of their canonical members, recursively.
fn as_multisets(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), as_multisets(x)))
                .collect(),
        ),
        Value::Array(xs) => {
            let mut items: Vec<(String, Value)> = xs
                .iter()
                .map(|x| {
                    let y = as_multisets(x);
                    (canon(&y), y)
                })
                .collect();
            items.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Array(items.into_iter().map(|(_, y)| y).collect())
        }
        other => other.clone(),
    }
}

/// Python's type of a JSON value, as `type(a) is type(b)` sees it.
fn py_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// Python's `==` on JSON values (numbers by value, whatever their type; `True == 1`).
fn py_eq(a: &Value, b: &Value) -> bool {
    fn num(v: &Value) -> Option<f64> {
        match v {
            Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if !x.is_f64() && !y.is_f64() => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(_) | Value::Bool(_), Value::Number(_) | Value::Bool(_)) => num(a) == num(b),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, p)| y.get(k).is_some_and(|q| py_eq(p, q)))
        }
        _ => a == b,
    }
}

fn short_canon(v: &Value) -> String {
    canon(v).chars().take(120).collect()
}

/// The first difference between `got` (`a`) and `expected` (`b`), as compare.py's
/// `first_difference` finds it.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    if path.ends_with("rrorKind") {
        if let (Value::String(got), Value::String(want)) = (a, b) {
            if better_kinds(want).contains(&got.as_str()) {
                return None;
            }
        }
    }
    if py_type(a) != py_type(b) {
        return Some(format!("{path}: {} != {}", short_canon(a), short_canon(b)));
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                match (x.get(k), y.get(k)) {
                    (None, _) => return Some(format!("{path}.{k}: missing")),
                    (_, None) => return Some(format!("{path}.{k}: unexpected")),
                    (Some(p), Some(q)) => {
                        if let Some(d) = first_difference(p, q, &format!("{path}.{k}")) {
                            return Some(d);
                        }
                    }
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{path}: {} items != {} items", x.len(), y.len()));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (p, q))| first_difference(p, q, &format!("{path}[{i}]")))
        }
        _ if py_eq(a, b) => None,
        _ => Some(format!("{path}: {} != {}", short_canon(a), short_canon(b))),
    }
}

/// Compares a conformance document with its golden by compare.py's rules.
/// `Ok(exact_order)` when they are equal (`exact_order`: the lists under `modules`
/// are also in the same order), `Err(first difference)` otherwise.
fn compare(got: &Value, expected: &Value) -> Result<bool, String> {
    let (got, exp) = (strip(got), strip(expected));
    let (Value::Object(mut g), Value::Object(mut e)) = (got.clone(), exp.clone()) else {
        return Err(format!(
            "$: expected a JSON object, got {}",
            short_canon(&got)
        ));
    };
    let gm = g.remove("modules").unwrap_or(Value::Null);
    let em = e.remove("modules").unwrap_or(Value::Null);
    if let Some(d) = first_difference(&Value::Object(g), &Value::Object(e), "$") {
        return Err(d);
    }
    if let Some(d) = first_difference(&as_multisets(&gm), &as_multisets(&em), "$.modules") {
        return Err(d);
    }
    Ok(py_eq(&gm, &em))
}

// ---------------------------------------------------------------------------------
// The corpus run
// ---------------------------------------------------------------------------------

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

fn cases_dir() -> PathBuf {
    corpus_dir().join("cases")
}

/// Every case: the names of `cases/*.expected.json`.
fn all_cases() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(cases_dir()).expect("cases directory") {
        let path = entry.expect("directory entry").path();
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        if let Some(name) = file.strip_suffix(".expected.json") {
            names.insert(name.to_string());
        }
    }
    names
}

/// The input of a case: `NAME.nix`, or the directory `NAME/`.
fn case_input(name: &str) -> Result<PathBuf, String> {
    let file = cases_dir().join(format!("{name}.nix"));
    let dir = cases_dir().join(name);
    if file.is_file() {
        Ok(file)
    } else if dir.is_dir() {
        Ok(dir)
    } else {
        Err(format!("no input {name}.nix or {name}/"))
    }
}

/// Runs one case: `Ok(exact_order)` when it passes.
fn run_case(bin: &str, name: &str, limit: std::time::Duration) -> Result<bool, String> {
    let input = case_input(name)?;
    let golden_path = cases_dir().join(format!("{name}.expected.json"));
    let golden: Value =
        serde_json::from_str(&std::fs::read_to_string(&golden_path).map_err(|e| e.to_string())?)
            .map_err(|e| format!("bad golden {}: {e}", golden_path.display()))?;
    let mut cmd = Command::new(bin);
    cmd.current_dir(cases_dir())
        .arg("eval")
        .arg(&input)
        .args(["--format", "conformance"]);
    let out = run_with_timeout(&mut cmd, limit);
    let got: Value = serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "{}; stdout is not a JSON document ({e}); stderr: {}",
            out.describe_exit(),
            out.stderr_head()
        )
    })?;
    compare(&got, &golden).map_err(|d| format!("differs: {d}"))
}

#[test]
fn conformance_corpus() {
    let bin = env!("CARGO_BIN_EXE_aspects");
    let limit = common::time_limit("CONFORMANCE_TIMEOUT", 60);
    let all = all_cases();
    assert!(!all.is_empty(), "no conformance cases found");
    let names = selected(&all, "CONFORMANCE_FILTER");
    let mut results = BTreeMap::new();
    let mut exact = 0;
    for name in &names {
        let result = match run_case(bin, name, limit) {
            Ok(exact_order) => {
                exact += usize::from(exact_order);
                None
            }
            Err(why) => Some(why),
        };
        results.insert(name.clone(), result);
    }

    let known_path = corpus_dir().join("known_failures.txt");
    let verdict = apply_ratchet(&known_path, HEADER, &results, &all);
    if std::env::var("CONFORMANCE_VERBOSE").is_ok_and(|v| !v.is_empty() && v != "0") {
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
        "conformance: {} passed ({exact} in exact order), {} known failures, {} total",
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

/// The `*.nix` files of `dir` (below this crate), sorted, named `label file`.
fn nix_files(label: &str, dir: &str) -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "nix"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no inputs in {}", dir.display());
    paths
        .into_iter()
        .map(|p| {
            let file = p.file_name().unwrap_or_default().to_string_lossy();
            (format!("{label} {file}"), p.clone())
        })
        .collect()
}

/// The engine collects most submodule evaluations from their type's modules read once
/// (`crates/modules/src/prepared.rs`) and computes aspects typed again, or typed from one
/// plain set, without evaluating them (`crates/aspects/src/retype.rs`, `fresh.rs`);
/// `--generic-modules` evaluates them all the generic way. Both must print the very same
/// documents (the conformance output and the whole Analysis), messages and list order
/// included, for every case, the gallery's examples, the typing inputs (`tests/typing`)
/// and the benchmark's generated flakes.
#[test]
fn prepared_submodules_match_the_generic_collection() {
    let bin = env!("CARGO_BIN_EXE_aspects");
    let limit = common::time_limit("CONFORMANCE_TIMEOUT", 60);
    let generated = std::env::temp_dir().join(format!("aspects-generated-{}", std::process::id()));
    let inputs = comparison_inputs(&generated);
    let run = |input: &Path, format: &str, extra: &[&str]| {
        let mut cmd = Command::new(bin);
        cmd.current_dir(cases_dir())
            .arg("eval")
            .arg(input)
            .args(["--format", format])
            .args(extra);
        let out = run_with_timeout(&mut cmd, limit);
        (out.stdout, out.stderr)
    };
    let mut differing = Vec::new();
    for (name, input) in &inputs {
        for format in ["conformance", "json"] {
            let prepared = run(input, format, &[]);
            let generic = run(input, format, &["--generic-modules"]);
            assert!(
                !prepared.0.is_empty() || !prepared.1.is_empty(),
                "{name}: no {format} output"
            );
            if prepared != generic {
                differing.push(format!("{name} ({format})"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&generated);
    assert!(
        differing.is_empty(),
        "prepared and generic submodule collection differ for: {}",
        differing.join(", ")
    );
    report(&format!(
        "prepared submodules: {} inputs, same output as the generic collection",
        inputs.len()
    ));
}

/// The inputs two ways of computing an output are compared on: every case, the
/// gallery's examples (forward, new-scope, custom functors...), the typing inputs
/// (sets typed without the evaluation, defined every way) and generated flakes
/// (written into `generated`, which the caller removes).
fn comparison_inputs(generated: &Path) -> Vec<(String, PathBuf)> {
    let names = selected(&all_cases(), "CONFORMANCE_FILTER");
    std::fs::create_dir_all(generated).expect("temporary directory");
    let mut inputs: Vec<(String, PathBuf)> = Vec::new();
    for name in &names {
        inputs.push((name.clone(), case_input(name).expect("case input")));
    }
    inputs.extend(nix_files("gallery", "../gallery/examples"));
    inputs.extend(nix_files("typing", "tests/typing"));
    for n in [8, 55] {
        let path = generated.join(format!("flake{n}.nix"));
        std::fs::write(&path, aspects_engine::generate::generated_flake(n)).expect("write");
        inputs.push((format!("generated N={n}"), path));
    }
    inputs
}

/// `--threads N` shares the units of the conformance output among N evaluators (each
/// flake of two units or more; `crates/aspects/src/parallel.rs`), in an order guessed
/// from the sources. Whoever computes a unit, the document must be the one a single
/// evaluator prints, errors and list order included.
#[test]
fn evaluators_sharing_the_output_print_what_one_prints() {
    let bin = env!("CARGO_BIN_EXE_aspects");
    let limit = common::time_limit("CONFORMANCE_TIMEOUT", 60);
    let generated = std::env::temp_dir().join(format!("aspects-threads-{}", std::process::id()));
    let inputs = comparison_inputs(&generated);
    let run = |input: &Path, threads: &str| {
        let mut cmd = Command::new(bin);
        cmd.current_dir(cases_dir()).arg("eval").arg(input).args([
            "--format",
            "conformance",
            "--threads",
            threads,
        ]);
        let out = run_with_timeout(&mut cmd, limit);
        (out.stdout, out.stderr)
    };
    let mut differing = Vec::new();
    for (name, input) in &inputs {
        let alone = run(input, "1");
        assert!(
            !alone.0.is_empty() || !alone.1.is_empty(),
            "{name}: no output"
        );
        for threads in ["2", "3"] {
            if run(input, threads) != alone {
                differing.push(format!("{name} ({threads} threads)"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&generated);
    assert!(
        differing.is_empty(),
        "shared outputs differ from one evaluator's for: {}",
        differing.join(", ")
    );
    report(&format!(
        "shared outputs: {} inputs, the same document with 1, 2 and 3 evaluators",
        inputs.len()
    ));
}

// ---------------------------------------------------------------------------------
// Tests of the comparison itself
// ---------------------------------------------------------------------------------

#[cfg(test)]
mod compare_tests {
    use super::*;
    use serde_json::json;

    fn doc(modules: Value) -> Value {
        json!({
            "aspects": { "a": { "kind": "aspect", "name": "a", "description": "Aspect a",
                                "classes": ["nixos"], "includes": [], "provides": {} } },
            "modules": modules,
            "flakeModulesKeys": ["nixos"],
            "error": null, "errorKind": null, "errorAt": null, "errorDetail": null
        })
    }

    #[test]
    fn identical_documents_pass_in_exact_order() {
        let d = doc(json!({ "nixos": { "a": { "xs": [1, 2, 3] } } }));
        assert_eq!(compare(&d, &d), Ok(true));
    }

    #[test]
    fn module_lists_compare_as_multisets() {
        let got =
            doc(json!({ "nixos": { "a": { "xs": [3, 1, 2], "ys": [{ "b": [2, 1] }, "s"] } } }));
        let exp =
            doc(json!({ "nixos": { "a": { "xs": [1, 2, 3], "ys": ["s", { "b": [1, 2] }] } } }));
        assert_eq!(compare(&got, &exp), Ok(false));
        // A multiset is not a set: multiplicities count.
        let got = doc(json!({ "nixos": { "a": { "xs": [1, 1, 2] } } }));
        let exp = doc(json!({ "nixos": { "a": { "xs": [1, 2, 2] } } }));
        assert!(compare(&got, &exp).is_err());
    }

    #[test]
    fn lists_outside_modules_keep_their_order() {
        let got = doc(json!(null));
        let mut exp = got.clone();
        exp["aspects"]["a"]["classes"] = json!(["nixos", "darwin"]);
        let mut got2 = got.clone();
        got2["aspects"]["a"]["classes"] = json!(["darwin", "nixos"]);
        let d = compare(&got2, &exp).unwrap_err();
        assert_eq!(d, r#"$.aspects.a.classes[0]: "darwin" != "nixos""#);
    }

    #[test]
    fn message_texts_are_ignored() {
        let mut got = doc(json!({ "nixos": { "a": { "$error": "mine", "$errorKind": "other" } } }));
        let mut exp =
            doc(json!({ "nixos": { "a": { "$error": "theirs", "$errorKind": "other" } } }));
        got["error"] = json!("a better message, naming the aspect");
        got["errorDetail"] = json!("with a trace");
        exp["error"] = json!("error text of Nix");
        exp["errorDetail"] = json!(null);
        got["errorKind"] = json!("other");
        exp["errorKind"] = json!("other");
        assert_eq!(compare(&got, &exp), Ok(true));
        // ...but kinds are compared.
        got["errorKind"] = json!("syntax");
        assert_eq!(
            compare(&got, &exp),
            Err(r#"$.errorKind: "syntax" != "other""#.into())
        );
    }

    #[test]
    fn better_kinds_are_accepted_one_way() {
        let mk = |kind: &str| {
            let mut d = doc(json!({ "nixos": { "a": { "$error": "x", "$errorKind": kind } } }));
            d["errorKind"] = json!(kind);
            d["errorAt"] = json!(["modules", "nixos", "a"]);
            d
        };
        // They pass; as in compare.py, the "exact order" check then compares the
        // modules as they are, so a replaced kind inside `modules` reads as "not in
        // exact order".
        assert_eq!(
            compare(&mk("include-cycle"), &mk("non-terminating")),
            Ok(false)
        );
        assert_eq!(
            compare(&mk("non-terminating"), &mk("non-terminating")),
            Ok(true)
        );
        assert_eq!(
            compare(&mk("option-type"), &mk("stack-overflow")),
            Ok(false)
        );
        let mut top_only = mk("stack-overflow");
        top_only["errorKind"] = json!("option-type");
        assert_eq!(compare(&top_only, &mk("stack-overflow")), Ok(true));
        // Only in that direction, and only those pairs.
        assert!(compare(&mk("non-terminating"), &mk("include-cycle")).is_err());
        assert!(compare(&mk("option-type"), &mk("non-terminating")).is_err());
        assert!(compare(&mk("other"), &mk("stack-overflow")).is_err());
    }

    #[test]
    fn real_differences_are_detected() {
        let exp = doc(json!({ "nixos": { "a": { "x": 1, "s": "v" } } }));
        let got = doc(json!({ "nixos": { "a": { "x": 2, "s": "v" } } }));
        assert_eq!(
            compare(&got, &exp),
            Err("$.modules.nixos.a.x: 2 != 1".into())
        );
        // int and float are different types, as for Python.
        let got = doc(json!({ "nixos": { "a": { "x": 1.0, "s": "v" } } }));
        assert_eq!(
            compare(&got, &exp),
            Err("$.modules.nixos.a.x: 1.0 != 1".into())
        );
        // A missing and an extra key.
        let got = doc(json!({ "nixos": { "a": { "x": 1 } } }));
        assert_eq!(
            compare(&got, &exp),
            Err("$.modules.nixos.a.s: missing".into())
        );
        let got = doc(json!({ "nixos": { "a": { "x": 1, "s": "v", "t": true } } }));
        assert_eq!(
            compare(&got, &exp),
            Err("$.modules.nixos.a.t: unexpected".into())
        );
        // A list of a different length.
        let exp = doc(json!({ "nixos": { "a": { "xs": [1, 2] } } }));
        let got = doc(json!({ "nixos": { "a": { "xs": [1] } } }));
        assert_eq!(
            compare(&got, &exp),
            Err("$.modules.nixos.a.xs: 1 items != 2 items".into())
        );
        // modules missing altogether.
        let mut got = doc(json!(null));
        got.as_object_mut().unwrap().remove("modules");
        assert!(compare(&got, &exp)
            .unwrap_err()
            .starts_with("$.modules: null != "));
        // Not an object.
        assert!(compare(&json!([1]), &exp).is_err());
    }

    #[test]
    fn every_golden_equals_itself() {
        for name in all_cases() {
            let path = cases_dir().join(format!("{name}.expected.json"));
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert_eq!(compare(&v, &v), Ok(true), "{name}");
            assert!(case_input(&name).is_ok(), "{name} has no input");
        }
    }

    /// Mutations of the real goldens, judged by this module and by compare.py's
    /// functions (when python3 is installed): both must agree on pass/fail and on
    /// exact order. One python3 process judges all pairs, with the steps of
    /// compare.py's `main`.
    #[test]
    fn agrees_with_compare_py() {
        let have_python = Command::new("python3")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !have_python {
            report("agrees_with_compare_py: skipped: python3 is not installed");
            return;
        }
        let mut pairs = Vec::new();
        for name in all_cases() {
            let path = cases_dir().join(format!("{name}.expected.json"));
            let exp: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for (i, got) in mutations(&exp).into_iter().enumerate() {
                pairs.push((format!("{name} mutation {i}"), got, exp.clone()));
            }
        }
        const DRIVER: &str = r#"
import json, sys
sys.path.insert(0, sys.argv[1])
import compare as c
out = []
for got, exp in json.load(sys.stdin):
    got, exp = c.strip(got), c.strip(exp)
    g, e = dict(got), dict(exp)
    gm, em = g.pop("modules", None), e.pop("modules", None)
    diff = c.first_difference(g, e) or c.first_difference(c.as_multisets(gm), c.as_multisets(em), "$.modules")
    out.append({"differs": diff} if diff else {"exact": gm == em})
json.dump(out, sys.stdout)
"#;
        let input: Vec<Value> = pairs.iter().map(|(_, g, e)| json!([g, e])).collect();
        let mut child = Command::new("python3")
            .arg("-B")
            .arg("-c")
            .arg(DRIVER)
            .arg(corpus_dir())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("start python3");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            stdin
                .write_all(serde_json::to_string(&input).unwrap().as_bytes())
                .unwrap();
        }
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "the compare.py driver failed");
        let verdicts: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(verdicts.len(), pairs.len());
        let (mut passing, mut differing) = (0, 0);
        for ((label, got, exp), py) in pairs.iter().zip(&verdicts) {
            let ours = compare(got, exp);
            match (&ours, py.get("exact")) {
                (Ok(a), Some(b)) => {
                    assert_eq!(Some(*a), b.as_bool(), "{label}: exact order");
                    passing += 1;
                }
                (Err(_), None) => differing += 1,
                _ => panic!("{label}: ours {ours:?}, compare.py {py}"),
            }
        }
        assert!(
            passing > 0 && differing > 0,
            "{passing} passing, {differing} differing"
        );
    }

    /// Variants of a golden: some that must still pass, some that must not.
    fn mutations(exp: &Value) -> Vec<Value> {
        let mut out = Vec::new();
        // Messages rewritten everywhere.
        out.push(map_keys(exp, &|k, v| {
            if IGNORED.contains(&k) {
                json!("another message")
            } else {
                v.clone()
            }
        }));
        // Lists under modules reversed.
        let mut rev = exp.clone();
        if let Some(m) = rev.get_mut("modules") {
            reverse_lists(m);
        }
        out.push(rev);
        // Better kinds.
        out.push(map_keys(exp, &|k, v| match (k, v.as_str()) {
            ("errorKind" | "$errorKind", Some("non-terminating")) => json!("include-cycle"),
            ("errorKind" | "$errorKind", Some("stack-overflow")) => json!("option-type"),
            _ => v.clone(),
        }));
        // Kinds swapped the wrong way, numbers changed, strings changed, a key dropped.
        out.push(map_keys(exp, &|k, v| match (k, v.as_str()) {
            ("errorKind" | "$errorKind", Some(_)) => json!("other-kind"),
            _ => v.clone(),
        }));
        out.push(map_leaves(exp, &|v| match v {
            Value::Number(n) if n.is_i64() => json!(n.as_i64().unwrap() + 1),
            Value::Number(n) => json!(n.as_f64().unwrap() as i64),
            other => other.clone(),
        }));
        out.push(map_leaves(exp, &|v| match v {
            Value::String(s) => json!(format!("{s}!")),
            other => other.clone(),
        }));
        let mut dropped = exp.clone();
        if let Some(Value::Object(m)) = dropped.get_mut("aspects") {
            if let Some(k) = m.keys().next().cloned() {
                m.remove(&k);
            }
        }
        out.push(dropped);
        out
    }

    fn map_keys(v: &Value, f: &dyn Fn(&str, &Value) -> Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, x)| (k.clone(), f(k, &map_keys(x, f))))
                    .collect(),
            ),
            Value::Array(xs) => Value::Array(xs.iter().map(|x| map_keys(x, f)).collect()),
            other => other.clone(),
        }
    }

    fn map_leaves(v: &Value, f: &dyn Fn(&Value) -> Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, x)| (k.clone(), map_leaves(x, f)))
                    .collect(),
            ),
            Value::Array(xs) => Value::Array(xs.iter().map(|x| map_leaves(x, f)).collect()),
            other => f(other),
        }
    }

    fn reverse_lists(v: &mut Value) {
        match v {
            Value::Object(m) => m.values_mut().for_each(reverse_lists),
            Value::Array(xs) => {
                xs.reverse();
                xs.iter_mut().for_each(reverse_lists);
            }
            _ => {}
        }
    }
}
