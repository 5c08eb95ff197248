//! `aspects export`: a workspace repo as a real flake, in a folder or a zip.

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
        .args(args)
        .output()
        .expect("aspects runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh scratch folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aspects-export-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(
                    p.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

const MULTI_REPO: &str = "crates/export/verify/workspaces/multi-repo.txt";

#[test]
fn a_workspace_repo_becomes_a_flake_folder() {
    let dir = scratch("folder");
    let out = dir.join("flake");
    let ws = root().join(MULTI_REPO);
    let (ok, stdout, stderr) = run(&["export", s(&ws), s(&out)]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("repo `host' with repos base, desktop as a flake"),
        "{stdout}"
    );
    assert_eq!(
        tree(&out),
        [
            "README.md",
            "flake.nix",
            "modules/hm.nix",
            "modules/host.nix",
            "repos/base/flake.nix",
            "repos/base/modules/_private/secret.nix",
            "repos/base/modules/aspects.nix",
            "repos/desktop/flake.nix",
            "repos/desktop/modules/desktop.nix",
        ]
    );
    for f in [
        "flake.nix",
        "repos/base/flake.nix",
        "repos/desktop/flake.nix",
    ] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        let d = aspects_nix::parse_diagnostics(&text);
        assert!(d.is_empty(), "{f}: {d:?}");
    }
    let flake = std::fs::read_to_string(out.join("flake.nix")).unwrap();
    assert!(flake.contains("url = \"path:./repos/desktop\";"), "{flake}");
    // The same file text as in the workspace.
    let host = std::fs::read_to_string(out.join("modules/host.nix")).unwrap();
    assert!(host.starts_with("# Repo `host' (exported)"), "{host}");

    // Not into a folder that has files, unless --force.
    let (ok, _, stderr) = run(&["export", s(&ws), s(&out)]);
    assert!(!ok);
    assert!(stderr.contains("is not empty; use --force"), "{stderr}");
    std::fs::write(out.join("mine.txt"), "kept").unwrap();
    let (ok, _, stderr) = run(&["export", s(&ws), s(&out), "--force", "--repo", "base"]);
    assert!(ok, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("mine.txt")).unwrap(),
        "kept"
    );
    let flake = std::fs::read_to_string(out.join("flake.nix")).unwrap();
    assert!(flake.contains("Repo `base'"), "{flake}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_zip_holds_the_flake_in_one_folder() {
    let dir = scratch("zip");
    let zip = dir.join("flake.zip");
    let ws = root().join(MULTI_REPO);
    let (ok, stdout, stderr) = run(&["export", s(&ws), "--zip", s(&zip)]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("9 files in aspect-flake/"), "{stdout}");
    let bytes = std::fs::read(&zip).unwrap();
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    // Entry names are stored as they are.
    let raw = String::from_utf8_lossy(&bytes);
    for name in [
        "aspect-flake/flake.nix",
        "aspect-flake/modules/host.nix",
        "aspect-flake/repos/base/modules/aspects.nix",
    ] {
        assert!(raw.contains(name), "{name}");
    }
    // Not over an existing file, unless --force.
    let (ok, _, stderr) = run(&["export", s(&ws), "--zip", s(&zip)]);
    assert!(!ok);
    assert!(stderr.contains("exists; use --force"), "{stderr}");
    let (ok, _, stderr) = run(&["export", s(&ws), "--zip", s(&zip), "--force"]);
    assert!(ok, "{stderr}");

    // unzip reads it back, when it is installed.
    if Command::new("unzip").arg("-v").output().is_ok() {
        let into = dir.join("unzipped");
        let out = Command::new("unzip")
            .arg("-q")
            .arg(&zip)
            .arg("-d")
            .arg(&into)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let folder = dir.join("folder");
        let (ok, _, stderr) = run(&["export", s(&ws), s(&folder)]);
        assert!(ok, "{stderr}");
        let unzipped = into.join("aspect-flake");
        assert_eq!(tree(&unzipped), tree(&folder));
        for f in tree(&folder) {
            assert_eq!(
                std::fs::read(unzipped.join(&f)).unwrap(),
                std::fs::read(folder.join(&f)).unwrap(),
                "{f}"
            );
        }
    } else {
        eprintln!("unzip is not installed: the archive was not unpacked");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_nix_file_or_a_folder_of_them_is_repo_main() {
    let dir = scratch("files");
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("ssh.nix"), "{ flake.aspects.ssh.nixos.x = 1; }").unwrap();
    std::fs::write(src.join("git.nix"), "{ flake.aspects.git.nixos.y = 2; }").unwrap();
    std::fs::write(src.join("notes.md"), "not a module").unwrap();

    let one = dir.join("one");
    let (ok, _, stderr) = run(&["export", s(&src.join("ssh.nix")), s(&one)]);
    assert!(ok, "{stderr}");
    assert_eq!(tree(&one), ["README.md", "flake.nix", "modules/ssh.nix"]);

    let all = dir.join("all");
    let (ok, _, stderr) = run(&["export", s(&src), s(&all)]);
    assert!(ok, "{stderr}");
    assert_eq!(
        tree(&all),
        [
            "README.md",
            "flake.nix",
            "modules/git.nix",
            "modules/ssh.nix"
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn what_cannot_be_exported_is_an_error() {
    let dir = scratch("errors");
    let out = dir.join("out");
    // Dendrix.
    let example = root().join("crates/gallery/examples/20-dendrix-ai-layer.nix");
    let (ok, _, stderr) = run(&["export", s(&example), s(&out)]);
    assert!(!ok);
    assert!(stderr.contains("uses inputs.dendrix"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
    // An unknown repo.
    let (ok, _, stderr) = run(&["export", s(&example), s(&out), "--repo", "repo-tow"]);
    assert!(!ok);
    assert!(stderr.contains("did you mean `repo-two'"), "{stderr}");
    // A repo that does not use Dendrix exports.
    let (ok, _, stderr) = run(&["export", s(&example), s(&out), "--repo", "repo-two"]);
    assert!(ok, "{stderr}");
    // Neither a folder nor --zip.
    let (ok, _, stderr) = run(&["export", s(&example)]);
    assert!(!ok);
    assert!(stderr.contains("<DIR>"), "{stderr}");
    // A missing input.
    let (ok, _, stderr) = run(&["export", s(&dir.join("nope.txt")), s(&out)]);
    assert!(!ok);
    assert!(stderr.contains("cannot read"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// With `EXPORT_CHECK_NIX=1`: real Nix (with flakes) evaluates the export of
/// the multi-repo workspace to the same `flake.modules` names as the engine.
/// The inputs are local checkouts (no network): see crates/export/README.md
/// (`EXPORT_VERIFY_*` variables, defaults under /tmp). verify.py does this
/// for every gallery example, with the configurations too.
#[test]
fn real_nix_evaluates_the_export_to_the_same_modules() {
    if std::env::var("EXPORT_CHECK_NIX").as_deref() != Ok("1") {
        eprintln!("real_nix_evaluates_the_export_to_the_same_modules: skipped (set EXPORT_CHECK_NIX=1; needs nix and local sources)");
        return;
    }
    let python = Command::new("python3")
        .arg(root().join("crates/export/verify/verify.py"))
        .arg("--aspects")
        .arg(bin())
        .arg(root().join(MULTI_REPO))
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&python.stdout);
    assert!(
        python.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&python.stderr)
    );
    assert!(stdout.contains(", 0 failed"), "{stdout}");
}
