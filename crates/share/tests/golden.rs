//! Old links must keep opening: every `golden/v1/*.link` decodes to the
//! state in its `*.expected.json`. The files were written once (by the
//! encoder of the first v1 commit, and by hand for the lenient-reading
//! cases) and are never regenerated; add new cases instead of editing.

use std::fs;
use std::path::{Path, PathBuf};

use aspects_share::{decode, encode, SharedState};
use serde_json::Value;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/v1")
}

fn links() -> Vec<PathBuf> {
    let mut links: Vec<PathBuf> = fs::read_dir(golden_dir())
        .expect("tests/golden/v1")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "link"))
        .collect();
    links.sort();
    links
}

fn expected(link: &Path) -> SharedState {
    let path = link.with_extension("expected.json");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: Value = serde_json::from_str(&text).expect("expected.json is JSON");
    let field = |key: &str| match &json[key] {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => panic!("{}: {key} is {other}", path.display()),
    };
    SharedState {
        workspace: field("workspace").expect("a workspace"),
        view: field("view"),
        class: field("class"),
        aspect: field("aspect"),
        file: field("file"),
    }
}

#[test]
fn every_golden_link_decodes_to_its_expected_state() {
    let links = links();
    assert!(links.len() >= 13, "only {} golden links", links.len());
    for link in &links {
        let fragment = fs::read_to_string(link).expect("a .link file");
        let want = expected(link);
        match decode(&fragment) {
            Ok(got) => assert_eq!(got, want, "{}", link.display()),
            Err(error) => panic!("{}: {error}", link.display()),
        }
    }
}

#[test]
fn golden_links_decode_with_hash_and_whitespace() {
    for link in links() {
        let fragment = fs::read_to_string(&link).expect("a .link file");
        let fragment = fragment.trim();
        if fragment.starts_with("v1.") {
            let want = expected(&link);
            for variant in [format!("#{fragment}"), format!(" \n#{fragment}\t\n")] {
                assert_eq!(decode(&variant), Ok(want.clone()), "{}", link.display());
            }
        }
    }
}

/// The encoder's output may change (a newer deflate finds other matches);
/// what must hold is that it still reads back.
#[test]
fn golden_states_still_round_trip() {
    for link in links() {
        let state = expected(&link);
        assert_eq!(decode(&encode(&state)), Ok(state), "{}", link.display());
    }
}

#[test]
fn golden_cases_cover_the_format() {
    let names: Vec<String> = links()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for required in [
        "single-file",
        "multi-file-all-fields",
        "unicode",
        "empty-optionals",
        "empty-workspace",
        "null-fields",
        "unknown-keys",
        "stored-blocks",
    ] {
        assert!(names.iter().any(|n| n == required), "no golden {required}");
    }
}
