//! The Analysis of small flakes: trees in resolution order, the include
//! graph with cycles and dropped includes, configs, and located errors.

use aspects_engine::{analyse, Analysis};
use aspects_modules::Def;
use aspects_nix::files::MemoryFs;
use aspects_nix::value::Value;
use aspects_nix::Eval;

fn analysis(src: &'static str) -> Analysis {
    analysis_of_files(&[("/flake/modules/main.nix", src)])
}

/// The Analysis of a flake of `files`, the first one its module.
fn analysis_of_files(files: &[(&'static str, &'static str)]) -> Analysis {
    let files = files.to_vec();
    aspects_nix::on_big_stack(move || {
        let mut fs = MemoryFs::new();
        for (path, text) in &files {
            fs.insert(path, *text);
        }
        let mut ev = Eval::new(Box::new(fs));
        let modules = vec![Def {
            value: Value::Path(files[0].0.into()),
            file: files[0].0.into(),
        }];
        analyse(&mut ev, modules, "/flake")
    })
}

fn labels(t: &aspects_engine::analysis::TreeNode) -> Vec<String> {
    let mut out = vec![format!("{}:{}", t.label, t.kind)];
    for c in &t.children {
        out.extend(labels(c));
    }
    out
}

#[test]
fn trees_follow_includes_in_resolution_order() {
    let a = analysis(
        r#"{ ... }: { flake.aspects = { aspects, ... }: {
          laptop = { nixos.a = 1; includes = [ aspects.ssh { nixos.b = 2; } aspects.base._.users ]; };
          ssh.nixos.services.ssh = true;
          base._.users = { class, ... }: { ${class}.users = [ "alice" ]; };
        }; }"#,
    );
    assert!(a.fatal.is_none(), "{:?}", a.fatal);
    let tree = &a.trees["nixos"]["laptop"];
    assert_eq!(
        labels(tree),
        vec![
            "laptop:aspect",
            "ssh:aspect",
            "[definition 1-entry 2]:inline",
            "<function body>:provider"
        ]
    );
    assert_eq!(tree.children[0].chain, vec!["laptop".to_string()]);
    assert_eq!(
        a.exported["nixos"],
        vec!["laptop".to_string(), "ssh".to_string()]
    );
    let config = &a.configs["nixos"]["laptop"];
    assert_eq!(config["services"]["ssh"], serde_json::json!(true));
    assert_eq!(config["users"], serde_json::json!(["alice"]));
    assert!(a
        .graph
        .edges
        .iter()
        .any(|e| e.from == "laptop" && e.to == "ssh"));
}

#[test]
fn include_cycles_are_named_not_followed() {
    let a = analysis(
        r#"{ ... }: { flake.aspects = { aspects, ... }: {
          ping = { nixos.x = [ 1 ]; includes = [ aspects.pong ]; };
          pong = { nixos.x = [ 2 ]; includes = [ aspects.ping ]; };
        }; }"#,
    );
    let errors: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity == "error")
        .collect();
    assert!(
        errors
            .iter()
            .any(|d| d.kind == "include-cycle" && d.message.contains("ping → pong → ping")),
        "{errors:?}"
    );
    assert!(a.graph.edges.iter().any(|e| e.cycle));
    assert_eq!(
        a.trees["nixos"]["ping"].children[0].children[0].kind,
        "cycle"
    );
}

#[test]
fn unapplied_curried_providers_are_reported_as_dropped() {
    let a = analysis(
        r#"{ ... }: { flake.aspects = { aspects, ... }: {
          base._.greet = msg: { nixos.motd = [ msg ]; };
          host = { nixos.x = 1; includes = [ aspects.base._.greet ]; };
        }; }"#,
    );
    let warning = a
        .diagnostics
        .iter()
        .find(|d| d.kind == "dropped-include")
        .expect("a dropped-include warning");
    assert!(
        warning.message.contains("contributes nothing"),
        "{}",
        warning.message
    );
    assert!(a.graph.edges.iter().any(|e| e.dropped));
    assert_eq!(a.configs["nixos"]["host"], serde_json::json!({ "x": 1 }));
}

#[test]
fn errors_point_at_the_users_file() {
    let a =
        analysis("{ ... }: {\n  flake.aspects = {\n    bad.nixos.x = builtins.head [ ];\n  };\n}");
    let e = a
        .diagnostics
        .iter()
        .find(|d| d.severity == "error")
        .expect("an error");
    assert_eq!(e.file.as_deref(), Some("/flake/modules/main.nix"));
    assert_eq!(e.line, Some(3));
    assert_eq!(e.aspect.as_deref(), Some("bad"));
    assert_eq!(e.class.as_deref(), Some("nixos"));
}

#[test]
fn syntax_errors_are_fatal_with_position() {
    let a = analysis("{ ... }: { flake.aspects = { a = ; }; }");
    let f = a.fatal.expect("a fatal error");
    assert_eq!(f.kind, "syntax");
    assert_eq!(f.line, Some(1));
    assert_eq!(f.column, Some(34));
}

#[test]
fn config_values_know_which_aspects_defined_them() {
    let a = analysis(
        r#"{ ... }: { flake.aspects = { aspects, ... }: {
          laptop = { nixos.users = [ "me" ]; nixos.host = "x"; includes = [ aspects.ssh ]; };
          ssh.nixos.users = [ "ssh" ];
        }; }"#,
    );
    let prov = &a.provenance["nixos"]["laptop"];
    let users = prov
        .iter()
        .find(|p| p.path == ["users"])
        .expect("users has provenance");
    let mut aspects: Vec<_> = users
        .sources
        .iter()
        .filter_map(|s| s.aspect.clone())
        .collect();
    aspects.sort();
    assert_eq!(aspects, vec!["laptop".to_string(), "ssh".to_string()]);
    assert!(users
        .sources
        .iter()
        .all(|s| s.file == "/flake/modules/main.nix"));
    let host = prov.iter().find(|p| p.path == ["host"]).unwrap();
    assert_eq!(host.sources.len(), 1);
    assert_eq!(
        host.sources[0].via.as_deref(),
        Some("flake.aspects.laptop.nixos")
    );
}

/// Provider calls are shared between include paths only when the
/// provider cannot tell the paths apart: one reading `aspect-chain` (or
/// its whole argument) must see each path's own chain.
#[test]
fn shared_provider_calls_still_see_their_own_context() {
    let a = analysis(
        r#"{ lib, ... }: { flake.aspects = { aspects, ... }: {
          a = { nixos.x = [ "a" ]; darwin.x = [ "a" ]; includes = [ aspects.c._.chainy aspects.c._.classy aspects.c._.whole aspects.c ]; };
          b = { nixos.x = [ "b" ]; includes = [ aspects.c._.chainy aspects.c._.classy aspects.c._.whole aspects.c ]; };
          c = {
            nixos.fromC = [ "c" ];
            darwin.fromC = [ "c" ];
            _.chainy = { aspect-chain, class }: { ${class}.via = [ (lib.last aspect-chain).name ]; };
            _.classy = { class, ... }: { ${class}.classes = [ class ]; };
            _.whole = { class, ... } @ ctx: { ${class}.depth = [ (builtins.length ctx.aspect-chain) ]; };
            __functor = self: { aspect-chain, class }: {
              ${class}.functor = [ "${class} after ${(lib.last aspect-chain).name}" ];
            };
          };
        }; }"#,
    );
    assert!(a.fatal.is_none(), "{:?}", a.fatal);
    let nixos_a = &a.configs["nixos"]["a"];
    let nixos_b = &a.configs["nixos"]["b"];
    let darwin_a = &a.configs["darwin"]["a"];
    assert_eq!(nixos_a["via"], serde_json::json!(["a"]));
    assert_eq!(nixos_b["via"], serde_json::json!(["b"]));
    assert_eq!(darwin_a["via"], serde_json::json!(["a"]));
    assert_eq!(nixos_a["classes"], serde_json::json!(["nixos"]));
    assert_eq!(darwin_a["classes"], serde_json::json!(["darwin"]));
    assert_eq!(nixos_a["depth"], serde_json::json!([1]));
    assert_eq!(nixos_a["functor"], serde_json::json!(["nixos after a"]));
    assert_eq!(nixos_b["functor"], serde_json::json!(["nixos after b"]));
    assert_eq!(darwin_a["functor"], serde_json::json!(["darwin after a"]));
}

/// An aspect that includes another aspect of its own name (a remote one,
/// or an inline one named so) is not a cycle: its configuration evaluates,
/// so the tree goes on and the graph draws no cycle.
#[test]
fn an_include_of_the_same_name_is_not_a_cycle() {
    let a = analysis(
        r#"{ ... }: { flake.aspects = { aspects, ... }: {
          ai = { nixos.a = 1; includes = [ { name = "ai"; nixos.b = 2; includes = [ aspects.tools ]; } ]; };
          tools.nixos.c = 3;
        }; }"#,
    );
    assert!(a.fatal.is_none(), "{:?}", a.fatal);
    let config = &a.configs["nixos"]["ai"];
    assert_eq!(config["b"], serde_json::json!(2));
    assert_eq!(config["c"], serde_json::json!(3));
    let tree = &a.trees["nixos"]["ai"];
    assert_eq!(
        labels(tree),
        vec!["ai:aspect", "ai:aspect", "tools:aspect"],
        "{tree:?}"
    );
    assert!(
        a.graph.edges.iter().all(|e| !e.cycle),
        "{:?}",
        a.graph.edges
    );
    assert!(
        a.diagnostics.iter().all(|d| d.kind != "include-cycle"),
        "{:?}",
        a.diagnostics
    );
}

/// One include that throws: its configuration reports the error, and the
/// tree still shows the aspect and its other includes, with the failing
/// one marked.
#[test]
fn a_failing_include_keeps_the_rest_of_the_tree() {
    let a = analysis(
        r#"{ ... }: { flake.aspects = { aspects, ... }: {
          laptop = { nixos.a = 1; includes = [ aspects.ssh aspects.broken._.bad aspects.base ]; };
          ssh.nixos.ssh = true;
          base.nixos.base = true;
          broken._.bad = { class, ... }: throw "bad provider for ${class}";
        }; }"#,
    );
    assert!(a.fatal.is_none(), "{:?}", a.fatal);
    let tree = &a.trees["nixos"]["laptop"];
    assert_eq!(
        labels(tree),
        vec![
            "laptop:aspect",
            "ssh:aspect",
            "error: bad provider for nixos:error",
            "base:aspect"
        ]
    );
    assert!(
        a.diagnostics
            .iter()
            .any(|d| d.message.contains("bad provider for nixos")),
        "{:?}",
        a.diagnostics
    );
}

#[test]
fn disabled_modules_take_a_layers_file_out_of_the_flake() {
    let a = analysis_of_files(&[
        (
            "/flake/modules/main.nix",
            "{ imports = [ ./layer.nix ./mine.nix ]; disabledModules = [ ./layer.nix ]; }",
        ),
        (
            "/flake/modules/layer.nix",
            "{ imports = [ ./layer-only.nix ]; flake.aspects.gpu.nixos.cuda = true; }",
        ),
        (
            "/flake/modules/layer-only.nix",
            "{ flake.aspects.ai.nixos.x = 1; }",
        ),
        (
            "/flake/modules/mine.nix",
            "{ flake.aspects.desk.nixos.y = 2; }",
        ),
    ]);
    assert!(a.fatal.is_none(), "{:?}", a.fatal);
    assert_eq!(a.aspects.keys().collect::<Vec<_>>(), ["desk"]);
}
