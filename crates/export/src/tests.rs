use super::*;
use std::io::Read;

fn ws(text: &str) -> Workspace {
    Workspace::parse(text).expect("a valid workspace text")
}

fn paths(files: &[(String, String)]) -> Vec<&str> {
    files.iter().map(|(p, _)| p.as_str()).collect()
}

fn get<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("no {path} in {:?}", paths(files)))
}

/// Every generated `flake.nix` parses.
fn assert_flakes_parse(files: &[(String, String)]) {
    for (p, t) in files {
        if p == "flake.nix" || p.ends_with("/flake.nix") {
            let d = aspects_nix::parse_diagnostics(t);
            assert!(d.is_empty(), "{p} does not parse: {d:?}\n{t}");
        }
    }
}

const SSH: &str = "{ flake.aspects.ssh.nixos.services.openssh.enable = true; }";

#[test]
fn a_text_without_headers_is_one_module() {
    let files = flake_files(&Workspace::single(SSH), "main").unwrap();
    assert_eq!(
        paths(&files),
        ["flake.nix", "README.md", "modules/main.nix"]
    );
    assert_eq!(get(&files, "modules/main.nix"), SSH);
    assert_flakes_parse(&files);
    let flake = get(&files, "flake.nix");
    for needle in [
        "nixpkgs.url = \"github:nixos/nixpkgs/nixpkgs-unstable\";",
        "flake-parts.url = \"github:hercules-ci/flake-parts\";",
        "flake-parts.inputs.nixpkgs-lib.follows = \"nixpkgs\";",
        "flake-aspects.url = \"github:vic/flake-aspects\";",
        "import-tree.url = \"github:vic/import-tree\";",
        "inputs.flake-parts.lib.mkFlake { inherit inputs; }",
        "inputs.flake-parts.flakeModules.modules",
        "inputs.flake-aspects.flakeModule",
        "(inputs.import-tree ./modules)",
        "systems = inputs.nixpkgs.lib.mkDefault [",
        "\"x86_64-linux\"",
    ] {
        assert!(flake.contains(needle), "{needle} missing:\n{flake}");
    }
    assert!(!flake.contains("path:"), "{flake}");
    let readme = get(&files, "README.md");
    assert!(readme.contains("nix eval .#modules.nixos --apply builtins.attrNames"));
    assert!(readme.contains(&text::eval_command()));
}

#[test]
fn files_keep_their_paths_and_the_header_repo_is_dropped() {
    let w = ws("-- my-flake/modules/ssh.nix --\n{ }\n-- my-flake/modules/hardening/ssh.nix --\n{ }\n-- my-flake/notes/todo.md --\nnothing\n-- my-flake/modules/_drafts/x.nix --\n{ }");
    let files = flake_files(&w, "my-flake").unwrap();
    assert_eq!(
        paths(&files),
        [
            "flake.nix",
            "README.md",
            "modules/ssh.nix",
            "modules/hardening/ssh.nix",
            "notes/todo.md",
            "modules/_drafts/x.nix"
        ]
    );
    assert_eq!(get(&files, "notes/todo.md"), "nothing");
}

#[test]
fn a_repo_without_a_modules_folder_goes_under_modules() {
    let w = ws("-- r/ssh.nix --\n{ }\n-- r/hosts/a.nix --\n{ }\n-- r/README.md --\n# mine");
    let files = flake_files(&w, "r").unwrap();
    assert_eq!(
        paths(&files),
        [
            "flake.nix",
            "README.md",
            "modules/ssh.nix",
            "modules/hosts/a.nix",
            "modules/README.md"
        ]
    );
    assert_eq!(get(&files, "modules/README.md"), "# mine");
    assert!(get(&files, "README.md").contains("has no `modules/` folder"));
}

#[test]
fn a_repo_readme_keeps_its_name_and_the_explanation_moves() {
    let w = ws("-- r/modules/a.nix --\n{ }\n-- r/README.md --\n# mine");
    let files = flake_files(&w, "r").unwrap();
    assert_eq!(
        paths(&files),
        [
            "flake.nix",
            "README.aspect-playground.md",
            "modules/a.nix",
            "README.md"
        ]
    );
    assert_eq!(get(&files, "README.md"), "# mine");
}

const THREE_REPOS: &str = "\
-- c/modules/base.nix --
{ flake.aspects.base.nixos.time.timeZone = \"UTC\"; }
-- unused/modules/x.nix --
{ flake.aspects.x.nixos.a = 1; }
-- b/modules/mid.nix --
{ inputs, ... }: {
  imports = [ inputs.c.modules.flake.nothing or { } ];
  flake.aspects.mid = { includes = [ ]; nixos.b = 2; };
  flake.modules.nixos.base = inputs.c.modules.nixos.base;
}
-- main/modules/top.nix --
{ inputs, ... }: {
  flake.modules.nixos.mid = inputs.b.modules.nixos.mid;
  flake.aspects.top.nixos.c = 3;
}";

#[test]
fn repos_used_through_inputs_become_path_inputs() {
    let w = ws(THREE_REPOS);
    let files = flake_files(&w, "main").unwrap();
    assert_eq!(
        paths(&files),
        [
            "flake.nix",
            "README.md",
            "modules/top.nix",
            "repos/b/flake.nix",
            "repos/b/modules/mid.nix",
            "repos/c/flake.nix",
            "repos/c/modules/base.nix"
        ]
    );
    assert_flakes_parse(&files);
    let root = get(&files, "flake.nix");
    for needle in [
        "b = {\n      url = \"path:./repos/b\";",
        "inputs.nixpkgs.follows = \"nixpkgs\";",
        "inputs.flake-parts.follows = \"flake-parts\";",
        "inputs.flake-aspects.follows = \"flake-aspects\";",
        "inputs.import-tree.follows = \"import-tree\";",
        "inputs.c.follows = \"c\";",
        "c = {\n      url = \"path:./repos/c\";",
    ] {
        assert!(root.contains(needle), "{needle} missing:\n{root}");
    }
    let b = get(&files, "repos/b/flake.nix");
    assert!(b.contains("c = {\n      url = \"path:../c\";"), "{b}");
    assert!(!b.contains("inputs.c.follows"), "{b}");
    let c = get(&files, "repos/c/flake.nix");
    assert!(!c.contains("path:"), "{c}");
    let readme = get(&files, "README.md");
    assert!(readme.contains("`repos/b/`") && readme.contains("`repos/c/`"));
    assert!(!root.contains("unused"));

    // Exporting b takes c along, not main.
    let files = flake_files(&w, "b").unwrap();
    assert_eq!(
        paths(&files),
        [
            "flake.nix",
            "README.md",
            "modules/mid.nix",
            "repos/c/flake.nix",
            "repos/c/modules/base.nix"
        ]
    );
}

#[test]
fn builtin_inputs_and_unknown_names_are_not_repos() {
    let w = ws("-- nixpkgs/modules/a.nix --\n{ }\n-- main/modules/a.nix --\n{ inputs, ... }: { x = inputs.nixpkgs.lib.id inputs.home-manager inputs.self; }");
    let files = flake_files(&w, "main").unwrap();
    assert_eq!(paths(&files), ["flake.nix", "README.md", "modules/a.nix"]);
}

#[test]
fn a_repo_using_its_own_name_gets_its_own_outputs() {
    let w = ws("-- main/modules/a.nix --\n{ inputs, ... }: { flake.modules.nixos.b = inputs.main.modules.nixos.a; }");
    let files = flake_files(&w, "main").unwrap();
    let flake = get(&files, "flake.nix");
    assert!(
        flake.contains("inputs = flakeInputs // {\n        main = flakeInputs.self;\n      };"),
        "{flake}"
    );
    assert_flakes_parse(&files);
}

#[test]
fn names_that_nix_refuses_as_inputs_get_input_names_and_keep_theirs() {
    let w = ws("-- repo-2nd/modules/x.nix --\n{ }\n-- lib.core/modules/a.nix --\n{ }\n-- 2nd/modules/a.nix --\n{ inputs, ... }: { x = inputs.\"2nd\" inputs.\"lib.core\"; }\n-- main/modules/a.nix --\n{ inputs, ... }: { x = inputs.\"lib.core\" inputs.\"2nd\" inputs.repo-2nd; }");
    let files = flake_files(&w, "main").unwrap();
    assert_flakes_parse(&files);
    let flake = get(&files, "flake.nix");
    // `repo-2nd' is taken by a repo of that name: `2nd' becomes `repo-2nd-2'.
    for needle in [
        "lib-core = {\n      url = \"path:./repos/lib.core\";",
        "repo-2nd-2 = {\n      url = \"path:./repos/2nd\";",
        "      inputs.lib-core.follows = \"lib-core\";",
        "repo-2nd = {\n      url = \"path:./repos/repo-2nd\";",
        "        \"2nd\" = flakeInputs.repo-2nd-2;\n        \"lib.core\" = flakeInputs.lib-core;\n",
    ] {
        assert!(flake.contains(needle), "{needle} missing:\n{flake}");
    }
    let sub = get(&files, "repos/2nd/flake.nix");
    assert!(
        sub.contains("lib-core = {\n      url = \"path:../lib.core\";"),
        "{sub}"
    );
    assert!(
        sub.contains(
            "        \"lib.core\" = flakeInputs.lib-core;\n        \"2nd\" = flakeInputs.self;\n"
        ),
        "{sub}"
    );
    assert!(valid_input_name("a-b_c9") && !valid_input_name("a.b") && !valid_input_name("_a"));
}

#[test]
fn a_file_that_is_a_list_of_modules_is_loaded_as_the_playground_does() {
    let plain = flake_files(&Workspace::single(SSH), "main").unwrap();
    assert!(!get(&plain, "flake.nix").contains("isList"));
    let w = Workspace::single("[ { flake.aspects.a.nixos.x = 1; } ({ ... }: { }) ]");
    let files = flake_files(&w, "main").unwrap();
    assert_flakes_parse(&files);
    let flake = get(&files, "flake.nix");
    assert!(flake.contains("((inputs.import-tree.map ("), "{flake}");
    assert!(flake.contains("if builtins.isList value then"), "{flake}");
    assert!(!flake.contains("(inputs.import-tree ./modules)"), "{flake}");
}

#[test]
fn dendrix_is_refused_with_a_clear_error() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../gallery/examples/20-dendrix-ai-layer.nix"
    ))
    .unwrap();
    let w = ws(&text);
    let err = flake_files(&w, "consumer").unwrap_err();
    assert!(matches!(err, ExportError::Dendrix { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("inputs.dendrix"), "{msg}");
    assert!(msg.contains("consumer/modules/"), "{msg}");
    assert!(msg.contains("not exported"), "{msg}");
    // The shared repos themselves do not use Dendrix: they export.
    assert!(flake_files(&w, "repo-one").is_ok());

    // Through a repo it uses.
    let w = ws("-- b/modules/a.nix --\n{ inputs, ... }: { imports = [ inputs.dendrix.c ]; }\n-- main/modules/a.nix --\n{ inputs, ... }: { x = inputs.b; }");
    let err = flake_files(&w, "main").unwrap_err();
    assert_eq!(
        err,
        ExportError::Dendrix {
            repo: "b".into(),
            file: "modules/a.nix".into(),
            exported: "main".into()
        }
    );
    assert!(err
        .to_string()
        .contains("which `main' uses through inputs.b"));
}

#[test]
fn dendrix_layers_outside_the_modules_do_not_count() {
    let w = ws("-- d/dev/layers/l/modules/a.nix --\n{ inputs, ... }: { imports = [ inputs.dendrix.x ]; }\n-- d/modules/a.nix --\n{ }");
    let files = flake_files(&w, "d").unwrap();
    assert!(paths(&files).contains(&"dev/layers/l/modules/a.nix"));
}

#[test]
fn cycles_between_repos_are_refused() {
    let w = ws("-- a/modules/a.nix --\n{ inputs, ... }: { x = inputs.b; }\n-- b/modules/b.nix --\n{ inputs, ... }: { x = inputs.a; }");
    let err = flake_files(&w, "a").unwrap_err();
    assert_eq!(
        err,
        ExportError::Cycle {
            repos: vec!["a".into(), "b".into(), "a".into()]
        }
    );
    assert!(err.to_string().contains("a → b → a"));
}

#[test]
fn files_in_the_way_of_generated_ones_are_refused() {
    let w = ws("-- r/modules/a.nix --\n{ }\n-- r/flake.nix --\n{ }");
    let err = flake_files(&w, "r").unwrap_err();
    assert!(
        matches!(&err, ExportError::Conflict { path, .. } if path == "flake.nix"),
        "{err:?}"
    );
    assert!(err.to_string().contains("rename or remove"));
    let w = ws("-- r/modules/a.nix --\n{ }\n-- r/flake.lock --\n{ }");
    assert!(flake_files(&w, "r").is_err());
    // Without a modules/ folder, a flake.nix is a module like any other.
    let w = ws("-- r/flake.nix --\n{ }");
    let files = flake_files(&w, "r").unwrap();
    assert_eq!(
        paths(&files),
        ["flake.nix", "README.md", "modules/flake.nix"]
    );
    // repos/ is taken only when other repos are exported.
    let w = ws("-- b/modules/b.nix --\n{ }\n-- r/modules/a.nix --\n{ inputs, ... }: { x = inputs.b; }\n-- r/repos/list.txt --\nb");
    let err = flake_files(&w, "r").unwrap_err();
    assert!(err.to_string().contains("repos/"), "{err}");
    let w = ws("-- r/modules/a.nix --\n{ }\n-- r/repos/list.txt --\nb");
    assert!(flake_files(&w, "r").is_ok());
}

#[test]
fn an_unknown_repo_is_an_error() {
    let err = flake_files(&Workspace::single(SSH), "nope").unwrap_err();
    assert_eq!(
        err.to_string(),
        "the workspace has no repo `nope' (repos: main)"
    );
}

#[test]
fn every_gallery_example_but_dendrix_exports_and_parses() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../gallery/examples");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "nix"))
        .collect();
    names.sort();
    assert!(names.len() >= 10);
    for p in names {
        let w = ws(&std::fs::read_to_string(&p).unwrap());
        let repo = w.default_repo().unwrap().to_string();
        match flake_files(&w, &repo) {
            Ok(files) => {
                assert_flakes_parse(&files);
                assert_eq!(files.len(), 2 + w.repo_files(&repo).count(), "{p:?}");
            }
            Err(ExportError::Dendrix { .. }) => {
                assert!(p.to_string_lossy().contains("dendrix"), "{p:?}")
            }
            Err(e) => panic!("{p:?}: {e}"),
        }
    }
}

fn read_zip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut a = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut out = Vec::new();
    for i in 0..a.len() {
        let mut f = a.by_index(i).unwrap();
        assert_eq!(f.compression(), ::zip::CompressionMethod::Deflated);
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        out.push((f.name().unwrap().to_string(), text));
    }
    out
}

#[test]
fn the_zip_holds_every_file_in_the_top_folder() {
    let files = flake_files(&ws(THREE_REPOS), "main").unwrap();
    let bytes = zip(&files);
    let back = read_zip(&bytes);
    let expected: Vec<(String, String)> = files
        .iter()
        .map(|(p, t)| (format!("aspect-flake/{p}"), t.clone()))
        .collect();
    assert_eq!(back, expected);
    // Deterministic.
    assert_eq!(zip(&files), bytes);
    // Another folder, or none.
    let back = read_zip(&zip_in("x/", &files));
    assert_eq!(back[0].0, "x/flake.nix");
    let back = read_zip(&zip_in("", &files));
    assert_eq!(back[0].0, "flake.nix");
}

#[test]
fn an_empty_file_and_unicode_survive_the_zip() {
    let files = vec![
        ("modules/empty.nix".to_string(), String::new()),
        ("modules/ü.nix".to_string(), "# grüße ✓\n{ }".to_string()),
    ];
    let back = read_zip(&zip(&files));
    assert_eq!(
        back[0],
        ("aspect-flake/modules/empty.nix".into(), String::new())
    );
    assert_eq!(back[1].1, "# grüße ✓\n{ }");
}

#[test]
fn unzip_lists_the_archive_when_it_is_installed() {
    let Ok(out) = std::process::Command::new("unzip").arg("-v").output() else {
        eprintln!("unzip is not installed: skipped");
        return;
    };
    assert!(out.status.success());
    let files = flake_files(&ws(THREE_REPOS), "main").unwrap();
    let path = std::env::temp_dir().join(format!("aspects-export-{}.zip", std::process::id()));
    std::fs::write(&path, zip(&files)).unwrap();
    let out = std::process::Command::new("unzip")
        .arg("-t")
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("No errors detected"), "{stdout}");
    assert!(
        stdout.contains("aspect-flake/repos/c/modules/base.nix"),
        "{stdout}"
    );
}
