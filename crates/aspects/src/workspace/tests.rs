//! Workspaces end to end: import-tree, trees, inputs, layers, diagnostics.

use super::*;

pub(crate) fn analyse_text(text: &str, repo: Option<&str>) -> Analysis {
    let text = text.to_string();
    let repo = repo.map(str::to_string);
    aspects_nix::on_big_stack(move || {
        let ws = Workspace::parse(&text).expect("workspace text");
        let repo = choose_repo(&ws, repo.as_deref()).expect("repo");
        let mut ev = new_eval(&ws);
        analyse_repo(&mut ev, &ws, &repo)
    })
}

#[test]
fn a_single_file_is_repo_main() {
    let a = analyse_text("{ flake.aspects.a.nixos.x = 1; }", None);
    assert!(a.fatal.is_none(), "{:?}", a.fatal);
    assert_eq!(a.configs["nixos"]["a"]["x"], serde_json::json!(1));
}

/// `config.flake.<name>` of a repo, as JSON (errors as `{"$error": …}`).
fn output(text: &str, repo: &str, name: &str) -> serde_json::Value {
    let (text, repo, name) = (text.to_string(), repo.to_string(), name.to_string());
    aspects_nix::on_big_stack(move || {
        let ws = Workspace::parse(&text).expect("workspace text");
        let mut ev = new_eval(&ws);
        let rt = Runtime::new(&mut ev, &ws).expect("runtime");
        let r = (|| {
            let out = rt.outputs(&mut ev, &repo)?;
            let v = crate::conformance::get(&mut ev, &out, &name)?;
            let v = ev.force_deep(&v)?;
            crate::conformance::value_json(&mut ev, &v, 0)
        })();
        r.unwrap_or_else(|e| serde_json::json!({ "$error": e.message }))
    })
}

fn strings(j: &serde_json::Value) -> Vec<String> {
    j.as_array()
        .unwrap_or_else(|| panic!("not a list: {j}"))
        .iter()
        .map(|x| {
            x.as_str()
                .unwrap_or_else(|| panic!("not a string: {x}"))
                .to_string()
        })
        .collect()
}

fn diags<'a>(a: &'a Analysis, kind: &str) -> Vec<&'a Diagnostic> {
    a.diagnostics.iter().filter(|d| d.kind == kind).collect()
}

/// A repo `t` whose `flake.test` is `EXPR` (with `it` = import-tree and
/// `tree` = the folder `t/tree`).
fn tree_case(expr: &str) -> String {
    format!(
        "-- t/tree/b.nix --\n{{ }}\n-- t/tree/a.nix --\n{{ }}\n-- t/tree/a/z.nix --\n{{ }}\n-- t/tree/_hidden.nix --\n{{ }}\n-- t/tree/sub/_private/x.nix --\n{{ }}\n-- t/tree/sub/y.nix --\n{{ }}\n-- t/tree/notes.txt --\nnot nix\n-- t/tree/c.nix.bak --\n{{ }}\n-- t/modules/test.nix --\n{{ inputs, lib, ... }}: let it = inputs.import-tree; tree = ../tree; in {{ flake.test = {expr}; }}\n"
    )
}

fn tree_files(expr: &str) -> Vec<String> {
    strings(&output(&tree_case(expr), "t", "test"))
        .into_iter()
        .map(|s| s.trim_start_matches("/repos/t/tree").to_string())
        .collect()
}

#[test]
fn import_tree_lists_nix_files_in_sorted_order_skipping_underscores() {
    assert_eq!(
        tree_files("map toString (it.leafs tree)"),
        vec!["/a/z.nix", "/a.nix", "/b.nix", "/sub/y.nix"]
    );
    // `files` is the same list for the paths added with addPath.
    assert_eq!(
        tree_files("map toString (it.addPath tree).files"),
        vec!["/a/z.nix", "/a.nix", "/b.nix", "/sub/y.nix"]
    );
}

#[test]
fn import_tree_filters_and_maps() {
    let leafs = |e: &str| tree_files(&format!("map toString ({e}.leafs tree)"));
    assert_eq!(leafs("(it.filter (lib.hasInfix \"/b\"))"), vec!["/b.nix"]);
    assert_eq!(
        leafs("(it.filterNot (lib.hasInfix \"a\"))"),
        vec!["/b.nix", "/sub/y.nix"]
    );
    // Filters see paths relative to the root.
    assert_eq!(leafs("(it.match \"/a.*\")"), vec!["/a/z.nix", "/a.nix"]);
    assert_eq!(
        leafs("(it.matchNot \"/a.*\")"),
        vec!["/b.nix", "/sub/y.nix"]
    );
    // Filters accumulate.
    assert_eq!(
        leafs("((it.filter (lib.hasInfix \"a\")).filterNot (lib.hasInfix \"z\"))"),
        vec!["/a.nix"]
    );
    // initFilter replaces the default rule (`.nix`, no `_`).
    assert_eq!(
        leafs("(it.initFilter (p: lib.hasSuffix \".txt\" p || lib.hasInfix \"_\" p))"),
        vec!["/_hidden.nix", "/notes.txt", "/sub/_private/x.nix"]
    );
    // map applies to the kept absolute paths, in order.
    assert_eq!(
        tree_files("((it.map toString).map (p: p + \"!\")).leafs tree"),
        vec!["/a/z.nix!", "/a.nix!", "/b.nix!", "/sub/y.nix!"]
    );
}

#[test]
fn import_tree_builder_api() {
    // pipeTo gives the list to a function; withLib is accepted.
    assert_eq!(
        output(
            &tree_case("((it.withLib lib).pipeTo builtins.length) tree"),
            "t",
            "test"
        ),
        serde_json::json!(4)
    );
    // addAPI: methods get the tree.
    assert_eq!(
        output(
            &tree_case(
                "((it.addPath tree).addAPI { count = self: builtins.length self.files; }).count"
            ),
            "t",
            "test"
        ),
        serde_json::json!(4)
    );
    // new: back to the initial configuration.
    assert_eq!(
        tree_files("map toString ((it.filter (_: false)).new.leafs tree)").len(),
        4
    );
    // result: the module for the added paths; calling the tree gives the same.
    assert_eq!(
        output(
            &tree_case("let r = (it.addPath tree).result; in [ (builtins.attrNames r) (builtins.length r.imports) ]"),
            "t",
            "test"
        ),
        serde_json::json!([["imports"], 1])
    );
    // Trees inside trees: their files, checked by the outer filters too.
    assert_eq!(
        tree_files(
            "map toString (it.leafs [ (it.addPath (tree + \"/sub\")) (tree + \"/b.nix\") ])"
        ),
        vec!["/sub/y.nix", "/b.nix"]
    );
    // A missing path is an error that names it.
    let e = output(&tree_case("it.leafs ../nowhere"), "t", "test");
    assert!(
        e["$error"]
            .as_str()
            .unwrap()
            .contains("/repos/t/nowhere does not exist"),
        "{e}"
    );
}

#[test]
fn a_tree_imported_as_a_module_imports_its_files_once() {
    let text = "-- r/modules/main.nix --\n{ inputs, ... }: { imports = [ (inputs.import-tree ../extra) (inputs.import-tree.addPath ../extra/deeper) ]; }\n-- r/extra/one.nix --\n{ flake.aspects.one.nixos.xs = [ \"one\" ]; }\n-- r/extra/deeper/two.nix --\n{ flake.aspects.one.nixos.xs = [ \"two\" ]; }\n-- r/extra/_skip.nix --\nthrow \"never imported\"\n";
    let a = analyse_text(text, None);
    assert!(a.fatal.is_none(), "{:?}", a.fatal);
    assert_eq!(
        a.configs["nixos"]["one"]["xs"],
        serde_json::json!(["one", "two"]),
        "two.nix counts once"
    );
    let twice = diags(&a, "imported-twice");
    assert_eq!(twice.len(), 1, "{:?}", a.diagnostics);
    assert!(twice[0]
        .message
        .contains("`r/extra/deeper/two.nix' is imported 2 times"));
    assert_eq!(twice[0].file.as_deref(), Some("/repos/r/modules/main.nix"));
}

#[test]
fn a_repo_without_modules_uses_all_its_files() {
    let a = analyse_text(
        "-- r/a.nix --\n{ flake.aspects.a.nixos.x = 1; }\n-- r/lib/b.nix --\n{ flake.aspects.b.nixos.y = 2; }\n-- r/_c.nix --\nthrow \"skipped\"\n-- r/README.md --\n# not nix\n",
        None,
    );
    assert!(a.fatal.is_none(), "{:?}", a.fatal);
    assert_eq!(a.exported["nixos"], vec!["a".to_string(), "b".to_string()]);
}

const DENDRIX_REPO: &str = "-- one/modules/community/ai.nix --
{ flake.modules.nixos.ai.a = 1; }
-- one/modules/community/editors/+vim/vim.nix --
{ flake.modules.nixos.vim.v = 1; }
-- one/modules/community/editors/+emacs/emacs.nix --
{ flake.aspects.emacs.nixos.e = 1; }
-- one/modules/community/private/ai-secret.nix --
{ flake.modules.nixos.ai.secret = true; }
-- one/modules/community/gpu-private.nix --
{ flake.modules.nixos.gpu.g = 1; }
-- one/modules/community/_wip.nix --
{ flake.modules.nixos.wip.w = 1; }
-- one/modules/hosts/box.nix --
{ flake.modules.nixos.ai.host = \"box\"; }
";

fn dendrix_files(expr: &str) -> Vec<String> {
    let text = format!(
        "{DENDRIX_REPO}-- c/modules/test.nix --\n{{ inputs, lib, ... }}: let d = inputs.dendrix; in {{ flake.test = {expr}; }}\n"
    );
    strings(&output(&text, "c", "test"))
        .into_iter()
        .map(|s| {
            s.trim_start_matches("/repos/one/modules/community")
                .to_string()
        })
        .collect()
}

#[test]
fn dendrix_repo_trees_share_community_files_without_private_paths() {
    assert_eq!(
        dendrix_files("map toString d.one.files"),
        vec![
            "/ai.nix",
            "/editors/+emacs/emacs.nix",
            "/editors/+vim/vim.nix"
        ]
    );
    // One tree per aspect, holding only the files that define it.
    assert_eq!(
        dendrix_files("map toString d.one.ai.files"),
        vec!["/ai.nix"]
    );
    assert_eq!(
        dendrix_files("map toString d.one.emacs.files"),
        vec!["/editors/+emacs/emacs.nix"]
    );
    // Aspects only private, `_` or non-shared files define have no tree.
    assert_eq!(
        dendrix_files(
            "builtins.filter (n: d.one ? ${n}) [ \"ai\" \"vim\" \"emacs\" \"gpu\" \"wip\" ]"
        ),
        vec!["ai", "vim", "emacs"]
    );
}

#[test]
fn dendrix_tree_api() {
    assert_eq!(
        dendrix_files("map toString (d.one.flagged \"+vim\").files"),
        vec!["/editors/+vim/vim.nix"]
    );
    assert_eq!(
        dendrix_files("map toString (d.one.flagged \"-vim -emacs\").files"),
        vec!["/ai.nix"]
    );
    assert_eq!(
        dendrix_files("map toString (d.one.flagged [ \"editors\" \"-emacs\" ]).files"),
        vec!["/editors/+vim/vim.nix"]
    );
    assert_eq!(dendrix_files("d.one.availableFlags"), vec!["emacs", "vim"]);
    assert_eq!(
        dendrix_files("map toString (d.one.filter (lib.hasInfix \"ai\")).files"),
        vec!["/ai.nix"]
    );
    assert_eq!(
        dendrix_files("map toString (d.one.filterNot (lib.hasInfix \"editors\")).files"),
        vec!["/ai.nix"]
    );
    assert_eq!(
        dendrix_files("map toString (d.one.match \".*vim.*\").files"),
        vec!["/editors/+vim/vim.nix"]
    );
    assert_eq!(
        dendrix_files("map toString (d.one.matchNot \".*editors.*\").files"),
        vec!["/ai.nix"]
    );
    assert_eq!(
        dendrix_files("(d.one.map (p: baseNameOf (toString p))).files"),
        vec!["ai.nix", "emacs.nix", "vim.nix"]
    );
    // `community`: only paths containing it (relative to the shared root,
    // none here).
    assert_eq!(
        dendrix_files("map toString d.one.community.files"),
        Vec::<String>::new()
    );
}

#[test]
fn dendrix_community_keeps_paths_that_say_community() {
    let text = "-- two/modules/community-ai.nix --\n{ flake.modules.nixos.ai.a = 1; }\n-- two/modules/other.nix --\n{ flake.modules.nixos.other.o = 1; }\n-- c/modules/test.nix --\n{ inputs, ... }: { flake.test = map toString inputs.dendrix.two.community.files; }\n";
    assert_eq!(
        strings(&output(text, "c", "test")),
        vec!["/repos/two/modules/community-ai.nix"]
    );
}

#[test]
fn the_owner_flake_loads_private_files_and_consumers_do_not() {
    let text = format!(
        "{DENDRIX_REPO}-- c/modules/use.nix --\n{{ inputs, ... }}: {{ imports = [ inputs.dendrix.one.ai ]; }}\n"
    );
    let owner = analyse_text(&text, Some("one"));
    assert!(owner.fatal.is_none(), "{:?}", owner.fatal);
    let cfg = &owner.configs["nixos"]["ai"];
    assert_eq!(cfg["secret"], serde_json::json!(true));
    assert_eq!(cfg["host"], serde_json::json!("box"));
    let consumer = analyse_text(&text, Some("c"));
    assert!(consumer.fatal.is_none(), "{:?}", consumer.fatal);
    assert_eq!(
        consumer.configs["nixos"]["ai"],
        serde_json::json!({ "a": 1 })
    );
}

#[test]
fn inputs_give_other_repos_outputs_across_repos() {
    // The two-repo conformance case, with B reaching A through inputs.
    let text = r#"-- repo-a/modules/base.nix --
{ lib, ... }: {
  flake.aspects = { aspects, ... }: {
    base = {
      description = "from repo A";
      nixos.packages = [ "coreutils" ];
      _.with-editor = editor: { nixos.packages = [ editor ]; };
    };
  };
  flake.greeting = "hello from A";
}
-- repo-b/modules/workstation.nix --
{ inputs, ... }: {
  flake.aspects.workstation = {
    includes = [ inputs.repo-a.aspects.base (inputs.repo-a.aspects.base._.with-editor "kakoune") ];
    nixos.packages = [ "from-repo-b" ];
  };
  flake.echo = inputs.repo-a.greeting;
}
-- unused/modules/broken.nix --
throw "never evaluated"
"#;
    let a = analyse_text(text, Some("repo-b"));
    assert!(a.fatal.is_none(), "{:?}", a.fatal);
    let mut pkgs = strings(&a.configs["nixos"]["workstation"]["packages"]);
    pkgs.sort();
    assert_eq!(pkgs, vec!["coreutils", "from-repo-b", "kakoune"]);
    let report = a.workspace.as_ref().unwrap();
    let refs: Vec<(String, String)> = report
        .references
        .iter()
        .map(|r| (r.from.clone(), r.to.clone()))
        .collect();
    assert_eq!(refs, vec![("repo-b".to_string(), "repo-a".to_string())]);
    assert_eq!(
        output(text, "repo-b", "echo"),
        serde_json::json!("hello from A")
    );
    // The contributions name repo A's file for the included class module.
    let c = &a.contributions["nixos"]["workstation"];
    assert!(
        c.iter().any(|c| c.repo.as_deref() == Some("repo-a")
            && c.via == "flake.aspects.base.nixos"
            && c.kind == "include"
            && c.line == Some(5)),
        "{c:?}"
    );
}

#[test]
fn reference_cycles_between_repos_are_named() {
    let text = "-- a/modules/a.nix --\n{ inputs, ... }: { imports = [ inputs.dendrix.b ]; }\n-- b/modules/b.nix --\n{ inputs, ... }: { imports = [ inputs.dendrix.a ]; flake.modules.nixos.b.x = 1; }\n";
    let a = analyse_text(text, Some("a"));
    let f = a.fatal.as_ref().expect("a cycle is an error");
    assert_eq!(f.kind, "repo-cycle", "{f:?}");
    assert!(
        f.message.contains("a → b → a") || f.message.contains("b → a → b"),
        "{}",
        f.message
    );
    // A repo's own Dendrix tree.
    let own = analyse_text(
        "-- a/modules/a.nix --\n{ inputs, ... }: { imports = [ inputs.dendrix.a.x ]; flake.modules.nixos.x.y = 1; }\n",
        None,
    );
    let f = own.fatal.as_ref().expect("own tree");
    assert_eq!(f.kind, "repo-cycle");
    assert!(f.message.contains("a → a"), "{}", f.message);
    // `self` while collecting the same repo's modules.
    let own = analyse_text(
        "{ self, ... }: { imports = [ self.modules.nixos.x ]; }",
        None,
    );
    let f = own.fatal.as_ref().expect("self in imports");
    assert_eq!(f.kind, "repo-cycle");
    assert!(f.message.contains("main → main"), "{}", f.message);
    // Outputs both ways, used lazily, are a cycle too.
    let text = "-- a/modules/a.nix --\n{ inputs, ... }: { flake.aspects.x.nixos.v = inputs.b.value; flake.value = 1; }\n-- b/modules/b.nix --\n{ inputs, ... }: { flake.value = inputs.a.value; }\n";
    let a = analyse_text(text, Some("a"));
    let errors: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.kind == "repo-cycle")
        .collect();
    assert!(!errors.is_empty(), "{:?}", a.diagnostics);
    assert!(errors[0].message.contains("b → a → b") || errors[0].message.contains("a → b → a"));
}

#[test]
fn unknown_repos_in_inputs_suggest_close_names() {
    let text = "-- repo-one/modules/a.nix --\n{ flake.aspects.a.nixos.x = 1; }\n-- c/modules/c.nix --\n{ inputs, ... }: {\n  flake.aspects.c.includes = [ inputs.repo-on.aspects.a ];\n  imports = [ inputs.dendrix.repo-oen ];\n}\n";
    let a = analyse_text(text, None);
    let u = diags(&a, "unknown-input");
    assert_eq!(u.len(), 2, "{:?}", a.diagnostics);
    assert!(
        u[0].message.contains("did you mean `repo-one'"),
        "{}",
        u[0].message
    );
    assert_eq!(u[0].line, Some(2));
    assert!(
        u[1].message.starts_with("`inputs.dendrix.repo-oen'"),
        "{}",
        u[1].message
    );
    assert_eq!(u[1].line, Some(3));
    // The evaluation itself fails with a suggestion too.
    let f = a.fatal.as_ref().expect("fatal");
    assert!(f.message.contains("repo-o"), "{}", f.message);
}

#[test]
fn conflicting_descriptions_are_reported_at_both_places() {
    let text = "-- one/modules/community/ai.nix --\n{\n  flake.aspects.ai.description = \"AI from one\";\n}\n-- two/modules/community/ai.nix --\n{\n  flake.aspects.ai = {\n    nixos.x = 1;\n    description = \"AI from two\";\n  };\n}\n-- c/modules/c.nix --\n{ inputs, ... }: { imports = [ inputs.dendrix.one inputs.dendrix.two ]; }\n";
    let a = analyse_text(text, None);
    let d = diags(&a, "conflicting-description");
    assert_eq!(d.len(), 2, "{:?}", a.diagnostics);
    let places: Vec<(Option<&str>, Option<u32>)> =
        d.iter().map(|d| (d.file.as_deref(), d.line)).collect();
    assert!(
        places.contains(&(Some("/repos/one/modules/community/ai.nix"), Some(2))),
        "{places:?}"
    );
    assert!(
        places.contains(&(Some("/repos/two/modules/community/ai.nix"), Some(4))),
        "{places:?}"
    );
    assert!(d[0].message.contains("\"AI from one\"") && d[0].message.contains("\"AI from two\""));
    assert!(d
        .iter()
        .all(|d| d.severity == "error" && d.aspect.as_deref() == Some("ai")));
}

#[test]
fn assigning_a_typed_aspect_warns_that_provides_get_duplicated() {
    let text = "-- one/modules/ai.nix --\n{ flake.aspects.ai = { nixos.x = [ 1 ]; _.gpu.nixos.gpu = true; }; }\n-- c/modules/c.nix --\n{ inputs, ... }: {\n  flake.aspects.ai = inputs.one.aspects.ai;\n  flake.aspects.ok.includes = [ inputs.one.aspects.ai ];\n}\n";
    let a = analyse_text(text, None);
    let w = diags(&a, "typed-aspect-assigned");
    assert_eq!(w.len(), 1, "{:?}", a.diagnostics);
    assert!(
        w[0].message.contains("its provides (gpu) get duplicated"),
        "{}",
        w[0].message
    );
    assert!(w[0]
        .message
        .contains("flake.aspects.ai.includes = [ inputs.one.aspects.ai ]"));
    assert_eq!(w[0].line, Some(2));
    assert_eq!(w[0].severity, "warning");
    // Within one flake (the conformance case's `local = aspects.remote`).
    let a = analyse_text(
        "{ flake.aspects = { aspects, ... }: { remote._.gpu.nixos.g = 1; local = aspects.remote; }; }",
        None,
    );
    let w = diags(&a, "typed-aspect-assigned");
    assert_eq!(w.len(), 1, "{:?}", a.diagnostics);
    assert!(w[0]
        .message
        .contains("`flake.aspects.local' is assigned the typed aspect `aspects.remote'"));
}

#[test]
fn shared_files_that_use_private_aspects_are_reported() {
    let text = "-- one/modules/community/desktop.nix --\n{ config, ... }: {\n  flake.aspects = { aspects, ... }: {\n    desktop.includes = [ aspects.secrets ];\n    desktop.nixos.d = 1;\n  };\n}\n-- one/modules/hosts/secrets.nix --\n{ flake.aspects.secrets.nixos.s = 1; }\n-- c/modules/c.nix --\n{ inputs, ... }: { imports = [ inputs.dendrix.one.desktop ]; }\n";
    let owner = analyse_text(text, Some("one"));
    let w = diags(&owner, "private-aspect-reference");
    assert_eq!(w.len(), 1, "{:?}", owner.diagnostics);
    assert!(
        w[0].message.contains("consumers of inputs.dendrix.one"),
        "{}",
        w[0].message
    );
    assert_eq!(w[0].line, Some(3));
    let consumer = analyse_text(text, Some("c"));
    let w = diags(&consumer, "private-aspect-reference");
    assert_eq!(w.len(), 1, "{:?}", consumer.diagnostics);
    assert!(
        w[0].message
            .contains("only private files of repo `one' define (one/modules/hosts/secrets.nix)"),
        "{}",
        w[0].message
    );
}

#[test]
fn per_system_packages_show() {
    let a = analyse_text(
        "{ inputs, ... }: { perSystem = { pkgs, system, ... }: { packages.hello = pkgs.hello; packages.sys = pkgs.${system}; }; }",
        None,
    );
    assert!(a.fatal.is_none(), "{:?}", a.fatal);
    assert_eq!(a.packages["hello"]["name"], serde_json::json!("hello"));
    assert_eq!(a.packages["hello"]["type"], serde_json::json!("derivation"));
    assert_eq!(a.packages["sys"]["name"], serde_json::json!("x86_64-linux"));
    // And other repos see them as outputs.
    let text = "-- p/modules/p.nix --\n{ perSystem = { pkgs, ... }: { packages.tool = pkgs.tool; }; }\n-- c/modules/c.nix --\n{ inputs, ... }: { flake.test = inputs.p.packages.x86_64-linux.tool.pname; perSystem = { inputs', ... }: { packages.again = inputs'.p.packages.tool; }; }\n";
    assert_eq!(output(text, "c", "test"), serde_json::json!("tool"));
    let a = analyse_text(text, None);
    assert_eq!(a.packages["again"]["name"], serde_json::json!("tool"));
}

#[test]
fn layers_are_trees_of_dev_layers_and_repos_can_be_layers() {
    let text = "-- idx/dev/layers/base/modules/a.nix --\n{ flake.aspects.base.nixos.from = [ \"layer\" ]; }\n-- idx/dev/layers/base/modules/_skip.nix --\nthrow \"skipped\"\n-- extra/modules/e.nix --\n{ flake.aspects.base.nixos.from = [ \"extra\" ]; }\n-- c/modules/c.nix --\n{ inputs, ... }: { imports = [ inputs.dendrix.base inputs.dendrix.extra ]; }\n";
    let a = analyse_text(text, None);
    assert!(a.fatal.is_none(), "{:?}", a.fatal);
    let mut from = strings(&a.configs["nixos"]["base"]["from"]);
    from.sort();
    assert_eq!(from, vec!["extra", "layer"]);
    let report = a.workspace.as_ref().unwrap();
    assert_eq!(report.layers.len(), 1);
    assert_eq!(report.layers[0].repo, "idx");
}

const AI_LAYER: &str = include_str!("../../examples/dendrix-ai-layer.txt");

#[test]
fn the_ai_layer_merges_both_repos_and_the_layer_per_class_without_private_files() {
    let a = analyse_text(AI_LAYER, None);
    assert!(a.fatal.is_none(), "{:?}", a.fatal);
    let report = a.workspace.as_ref().unwrap();
    assert_eq!(report.repo, "consumer");
    let who = |class: &str| -> Vec<String> {
        let mut v: Vec<String> = a.contributions[class]["ai"]
            .iter()
            .map(|c| format!("{}/{}", c.repo.as_deref().unwrap_or("?"), c.file))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        who("nixos"),
        vec![
            "dendrix/dev/layers/ai/modules/ai.nix",
            "repo-one/modules/community/ai.nix",
            "repo-two/modules/community/ai.nix"
        ]
    );
    assert_eq!(
        who("homeManager"),
        vec![
            "dendrix/dev/layers/ai/modules/ai.nix",
            "repo-one/modules/community/ai.nix",
            "repo-two/modules/community/ai.nix"
        ]
    );
    assert_eq!(
        who("darwin"),
        vec![
            "dendrix/dev/layers/ai/modules/ai.nix",
            "repo-two/modules/community/ai.nix"
        ]
    );
    // Each contribution has its line.
    assert!(a.contributions["nixos"]["ai"]
        .iter()
        .all(|c| c.line.is_some()));
    // The merged configurations.
    let nixos = &a.configs["nixos"]["ai"];
    assert_eq!(
        nixos["services"]["ollama"]["enable"],
        serde_json::json!(true)
    );
    assert_eq!(
        nixos["services"]["open-webui"]["enable"],
        serde_json::json!(true)
    );
    assert_eq!(
        nixos["environment"]["variables"]["AI_SOMETHING"],
        serde_json::json!("on")
    );
    assert_eq!(
        a.configs["darwin"]["ai"]["homebrew"]["casks"],
        serde_json::json!(["ollama"])
    );
    assert_eq!(
        a.configs["homeManager"]["ai"]["programs"]["aichat"]["settings"],
        serde_json::json!({ "layer": "ai" })
    );
    // Private files stay out: not imported, not contributing, not in the config.
    let all = serde_json::to_string(&(
        &a.contributions,
        &a.configs,
        &a.provenance,
        &a.aspects,
        &report.imported,
        &report.definitions,
    ))
    .unwrap();
    for private in [
        "hosts/myhost",
        "users/vic",
        "private/hosts",
        "users/alice",
        "vic-private-model",
        "nvidia",
        "alice",
    ] {
        assert!(!all.contains(private), "{private} leaked");
    }
    assert_eq!(
        report
            .imported
            .iter()
            .map(|f| format!("{}/{}", f.repo.as_deref().unwrap_or("?"), f.file))
            .collect::<Vec<_>>(),
        vec![
            "consumer/modules/ai.nix",
            "consumer/modules/layers.nix",
            "dendrix/dev/layers/ai/modules/ai.nix",
            "repo-one/modules/community/ai.nix",
            "repo-two/modules/community/ai.nix"
        ]
    );
    // The layer's package and the one aspect from repo-two.
    assert_eq!(a.packages["ai-cli"]["name"], serde_json::json!("ai-cli"));
    assert_eq!(
        a.aspects["ai"]["description"],
        serde_json::json!("Local AI tooling")
    );
    assert!(
        a.diagnostics.iter().all(|d| d.severity != "error"),
        "{:?}",
        a.diagnostics
    );
    // The owners still load their private files.
    let one = analyse_text(AI_LAYER, Some("repo-one"));
    assert_eq!(
        one.configs["nixos"]["ai"]["networking"]["hostName"],
        serde_json::json!("myhost")
    );
    let two = analyse_text(AI_LAYER, Some("repo-two"));
    assert_eq!(
        two.configs["nixos"]["ai"]["hardware"]["nvidia"]["enable"],
        serde_json::json!(true)
    );
}

#[test]
fn the_ai_layer_text_round_trips() {
    let ws = Workspace::parse(AI_LAYER).unwrap();
    assert_eq!(
        ws.repos(),
        vec!["repo-one", "repo-two", "dendrix", "consumer"]
    );
    assert_eq!(ws.print(), AI_LAYER);
}

#[test]
fn a_repo_tree_and_its_aspect_tree_import_each_file_once() {
    let text = format!(
        "{DENDRIX_REPO}-- c/modules/c.nix --\n{{ inputs, ... }}: {{\n  imports = [\n    inputs.dendrix.one\n    inputs.dendrix.one.ai\n    inputs.flake-parts.flakeModules.modules\n  ];\n  flake.modules.nixos.ai.lib = inputs.nixpkgs.lib.isFunction inputs.nixpkgs.lib.id;\n}}\n"
    );
    let a = analyse_text(&text, None);
    assert!(a.fatal.is_none(), "{:?}", a.fatal);
    assert_eq!(
        a.configs["nixos"]["ai"],
        serde_json::json!({ "a": 1, "lib": true })
    );
    let twice = diags(&a, "imported-twice");
    assert_eq!(twice.len(), 1, "{:?}", a.diagnostics);
    assert!(
        twice[0]
            .message
            .starts_with("`one/modules/community/ai.nix' is imported 2 times (by c/modules/c.nix, c/modules/c.nix)"),
        "{}",
        twice[0].message
    );
    let report = a.workspace.as_ref().unwrap();
    let ai = report
        .imported
        .iter()
        .find(|f| f.file == "modules/community/ai.nix")
        .unwrap();
    assert_eq!(ai.imported_by.len(), 2);
}

#[test]
fn discovery_evaluates_shared_files_alone_so_private_errors_do_not_matter() {
    let text = "-- one/modules/community/ai.nix --\n{ flake.modules.nixos.ai.a = 1; }\n-- one/modules/hosts/broken.nix --\n{ this is not nix\n-- c/modules/c.nix --\n{ inputs, ... }: { imports = [ inputs.dendrix.one.ai ]; }\n";
    let a = analyse_text(text, None);
    assert!(a.fatal.is_none(), "{:?}", a.fatal);
    assert_eq!(a.configs["nixos"]["ai"], serde_json::json!({ "a": 1 }));
    // The owner's own flake does load it.
    let owner = analyse_text(text, Some("one"));
    assert_eq!(
        owner.fatal.as_ref().map(|f| f.kind.as_str()),
        Some("syntax")
    );
}
