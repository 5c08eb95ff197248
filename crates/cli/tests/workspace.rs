//! `aspects eval WORKSPACE.txt`: workspace texts on the command line.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_aspects")
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(bin())
        .arg("eval")
        .args(args)
        .output()
        .expect("aspects runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn scratch(name: &str, text: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("aspects-ws-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    Scratch(p)
}

/// A file in a folder of its own, removed with the folder when dropped.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

#[test]
fn the_ai_layer_example_evaluates_the_last_repo_by_default() {
    let example = root().join("crates/aspects/examples/dendrix-ai-layer.txt");
    let (ok, stdout, stderr) = run(&[example.to_str().unwrap(), "--format", "json"]);
    assert!(ok, "{stderr}");
    let a: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(a["workspace"]["repo"], "consumer");
    assert_eq!(a["packages"]["ai-cli"]["name"], "ai-cli");
    let files: Vec<String> = a["contributions"]["nixos"]["ai"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{}/{}",
                c["repo"].as_str().unwrap(),
                c["file"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    // --repo picks another repo; --format nix and --class work as for files.
    let (ok, stdout, stderr) = run(&[
        example.to_str().unwrap(),
        "--repo",
        "repo-one",
        "--format",
        "nix",
        "--class",
        "nixos",
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("hostName = \"myhost\";"), "{stdout}");
    assert!(!stdout.contains("homeManager"), "{stdout}");
}

#[test]
fn unknown_repos_and_bad_headers_are_errors() {
    let example = root().join("crates/aspects/examples/dendrix-ai-layer.txt");
    let (ok, _, stderr) = run(&[example.to_str().unwrap(), "--repo", "repo-tow"]);
    assert!(!ok);
    assert!(stderr.contains("did you mean `repo-two'"), "{stderr}");
    let bad = scratch("bad.txt", "-- r/a.nix --\n{ }\n-- r/../b.nix --\n{ }\n");
    let (ok, _, stderr) = run(&[bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("bad.txt:3:"), "{stderr}");
    assert!(stderr.contains("stay inside"), "{stderr}");
    let nix = scratch("plain.nix", "{ flake.aspects.a.nixos.x = 1; }");
    let (ok, _, stderr) = run(&[nix.to_str().unwrap(), "--repo", "x"]);
    assert!(!ok);
    assert!(
        stderr.contains("--repo needs one workspace text"),
        "{stderr}"
    );
}

/// Lists under `modules` sorted, message texts dropped.
fn canonical(v: &Value, under_modules: bool) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !matches!(k.as_str(), "error" | "$error" | "errorDetail"))
                .map(|(k, x)| (k.clone(), canonical(x, under_modules || k == "modules")))
                .collect(),
        ),
        Value::Array(items) => {
            let mut out: Vec<Value> = items.iter().map(|x| canonical(x, under_modules)).collect();
            if under_modules {
                out.sort_by_key(|x| x.to_string());
            }
            Value::Array(out)
        }
        other => other.clone(),
    }
}

#[test]
fn the_multi_file_conformance_case_as_a_workspace() {
    let case = root().join("crates/cli/tests/conformance/cases/31_two_repos");
    let mut text = String::new();
    for f in ["repo-a.nix", "repo-b.nix"] {
        let body = std::fs::read_to_string(case.join(f)).unwrap();
        text.push_str(&format!("-- main/modules/{f} --\n{body}"));
    }
    let ws = scratch("two-repos.txt", &text);
    let (_, stdout, stderr) = run(&[ws.to_str().unwrap(), "--format", "conformance"]);
    let got: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(
            root().join("crates/cli/tests/conformance/cases/31_two_repos.expected.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(canonical(&got, false), canonical(&expected, false));
}
