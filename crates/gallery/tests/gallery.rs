//! Every example of the gallery, evaluated with the engine: its expectation
//! (clean, or the warning / error it demonstrates) and what flake-aspects
//! produced for it: exported modules, resolved include trees, configs.

use aspects_engine::analysis::{Analysis, Diagnostic, TreeNode};
use aspects_engine::workspace::{self, Workspace};
use aspects_gallery::{by_id, Expect, EXAMPLES};
use serde_json::{json, Value as Json};
use std::collections::BTreeSet;

// ------------------------------------------------------------- helpers

/// Evaluates the example's default repo (the last one of its workspace).
fn analyse(id: &str) -> Analysis {
    let example = by_id(id).unwrap_or_else(|| panic!("no example `{id}'"));
    let text = example.workspace;
    aspects_nix::on_big_stack(move || {
        let ws = Workspace::parse(text).expect("the workspace text parses");
        let repo = workspace::choose_repo(&ws, None).expect("a default repo");
        let mut ev = workspace::new_eval(&ws);
        workspace::analyse_repo(&mut ev, &ws, &repo)
    })
}

fn shown(ds: &[&Diagnostic]) -> Vec<String> {
    ds.iter()
        .map(|d| format!("{} {}: {}", d.severity, d.kind, d.message))
        .collect()
}

/// Errors and warnings, and the fatal error if any.
fn problems(a: &Analysis) -> Vec<&Diagnostic> {
    a.diagnostics
        .iter()
        .filter(|d| d.severity == "error" || d.severity == "warning")
        .chain(a.fatal.iter())
        .collect()
}

/// Analyses the example and asserts its [`Expect`]ation.
fn checked(id: &str) -> Analysis {
    let example = by_id(id).unwrap_or_else(|| panic!("no example `{id}'"));
    let a = analyse(id);
    let problems = problems(&a);
    match example.expect {
        Expect::Clean => assert!(
            problems.is_empty(),
            "`{id}' should be clean: {:#?}",
            shown(&problems)
        ),
        Expect::Warning(kind) => assert!(
            problems
                .iter()
                .any(|d| d.severity == "warning" && d.kind == kind),
            "`{id}' should warn `{kind}': {:#?}",
            shown(&problems)
        ),
        Expect::Error(kind) => assert!(
            problems
                .iter()
                .any(|d| d.severity == "error" && d.kind == kind),
            "`{id}' should report the error `{kind}': {:#?}",
            shown(&problems)
        ),
    }
    a
}

fn diagnostics<'a>(a: &'a Analysis, kind: &str) -> Vec<&'a Diagnostic> {
    a.diagnostics.iter().filter(|d| d.kind == kind).collect()
}

/// The aspects exported as `flake.modules.<class>.*`.
fn exported<'a>(a: &'a Analysis, class: &str) -> Vec<&'a str> {
    a.exported
        .get(class)
        .map(|v| v.iter().map(String::as_str).collect())
        .unwrap_or_default()
}

/// The evaluated configuration of `flake.modules.<class>.<aspect>`.
fn config<'a>(a: &'a Analysis, class: &str, aspect: &str) -> &'a Json {
    let c = a
        .configs
        .get(class)
        .and_then(|m| m.get(aspect))
        .unwrap_or_else(|| panic!("no config for flake.modules.{class}.{aspect}"));
    assert!(
        c.get("$error").is_none(),
        "flake.modules.{class}.{aspect} failed: {c}"
    );
    c
}

/// A value of a configuration, by `/`-separated path (JSON pointer).
fn at<'a>(a: &'a Analysis, class: &str, aspect: &str, path: &str) -> &'a Json {
    config(a, class, aspect)
        .pointer(path)
        .unwrap_or_else(|| panic!("flake.modules.{class}.{aspect} has no {path}"))
}

fn has(a: &Analysis, class: &str, aspect: &str, path: &str) -> bool {
    config(a, class, aspect).pointer(path).is_some()
}

/// The names (`pname`) of the packages in a list of derivations.
fn pnames(list: &Json) -> Vec<String> {
    let mut names: Vec<String> = list
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|p| p["pname"].as_str().expect("a package").to_string())
        .collect();
    names.sort();
    names
}

fn tree<'a>(a: &'a Analysis, class: &str, aspect: &str) -> &'a TreeNode {
    a.trees
        .get(class)
        .and_then(|m| m.get(aspect))
        .unwrap_or_else(|| panic!("no resolved tree for {class}.{aspect}"))
}

/// Labels of a tree in resolution order (pre-order).
fn preorder(node: &TreeNode) -> Vec<String> {
    let mut out = vec![node.label.clone()];
    for c in &node.children {
        out.extend(preorder(c));
    }
    out
}

fn child_labels(node: &TreeNode) -> Vec<&str> {
    node.children.iter().map(|c| c.label.as_str()).collect()
}

fn strings(j: &Json) -> Vec<&str> {
    j.as_array()
        .unwrap_or_else(|| panic!("not a list: {j}"))
        .iter()
        .map(|s| s.as_str().unwrap_or_else(|| panic!("not a string: {s}")))
        .collect()
}

// ------------------------------------------------------ the catalogue

/// The examples with a test below: a new example needs its own test.
const TESTED: &[&str] = &[
    "welcome",
    "readme-transpose",
    "development-server",
    "class-propagation",
    "priorities",
    "diamond-includes",
    "include-cycle",
    "gaming-provides",
    "fixpoints",
    "self-reference",
    "context-providers",
    "kde-karousel",
    "parametric-user",
    "dropped-provider",
    "strict-provider",
    "custom-functor",
    "multi-file-merge",
    "conflicting-description",
    "forward-home-manager",
    "dendrix-ai-layer",
];

#[test]
fn every_example_has_a_test() {
    let ids: Vec<&str> = EXAMPLES.iter().map(|e| e.id).collect();
    assert_eq!(ids, TESTED, "the examples and their tests, in order");
    assert!(EXAMPLES.len() >= 16);
}

#[test]
fn ids_are_unique_slugs() {
    let mut seen = BTreeSet::new();
    for e in EXAMPLES {
        assert!(seen.insert(e.id), "duplicate id `{}'", e.id);
        assert!(!e.id.is_empty());
        assert!(
            e.id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "`{}' is not a slug",
            e.id
        );
        assert!(!e.id.starts_with('-') && !e.id.ends_with('-'));
    }
}

#[test]
fn titles_and_summaries_are_present() {
    for e in EXAMPLES {
        assert!(!e.title.trim().is_empty(), "`{}' has no title", e.id);
        let s = e.summary.trim();
        assert!(!s.is_empty(), "`{}' has no summary", e.id);
        assert!(s.ends_with('.'), "`{}': the summary is a sentence", e.id);
        assert!(!s.contains('\n'), "`{}': the summary is one line", e.id);
    }
}

#[test]
fn every_workspace_parses_into_flake_modules() {
    for e in EXAMPLES {
        let ws = Workspace::parse(e.workspace)
            .unwrap_or_else(|err| panic!("`{}' does not parse: {err}", e.id));
        assert!(!ws.files.is_empty(), "`{}' has no file", e.id);
        assert!(
            ws.files.iter().all(|f| f.path.ends_with(".nix")),
            "`{}': only Nix files",
            e.id
        );
        assert!(
            ws.files
                .iter()
                .any(|f| f.text.contains("flake.aspects") || f.text.contains("flake.modules")),
            "`{}' defines no aspect",
            e.id
        );
        workspace::choose_repo(&ws, None).expect("a default repo");
    }
}

#[test]
fn files_are_short_and_commented() {
    for e in EXAMPLES {
        let ws = Workspace::parse(e.workspace).unwrap();
        for f in &ws.files {
            let lines = f.text.lines().count();
            assert!(lines <= 60, "`{}': {} has {lines} lines", e.id, f.path);
            assert!(
                f.text.lines().take(3).any(|l| l.starts_with('#')),
                "`{}': {} starts with a comment",
                e.id,
                f.path
            );
        }
        if ws.files.len() == 1 {
            let lines = ws.files[0].text.lines().count();
            assert!(lines >= 15, "`{}' has only {lines} lines", e.id);
        }
    }
}

#[test]
fn expectations_name_kinds_the_engine_reports() {
    // Kinds the engine emits (src/kinds.rs, analysis.rs, diagnostics.rs).
    let known = [
        "include-cycle",
        "dropped-include",
        "unexpected-argument",
        "conflicting-description",
    ];
    for e in EXAMPLES {
        match e.expect {
            Expect::Clean => {}
            Expect::Warning(k) | Expect::Error(k) => {
                assert!(known.contains(&k), "`{}': unknown kind `{k}'", e.id)
            }
        }
    }
}

// ------------------------------------------------------- the examples

#[test]
fn welcome() {
    let a = checked("welcome");
    assert_eq!(exported(&a, "nixos"), ["ssh", "workstation"]);
    // workstation has no darwin module of its own: not exported for darwin.
    assert_eq!(exported(&a, "darwin"), ["ssh"]);
    assert_eq!(
        at(&a, "nixos", "workstation", "/services/openssh/enable"),
        &json!(true)
    );
    assert_eq!(
        pnames(at(
            &a,
            "nixos",
            "workstation",
            "/environment/systemPackages"
        )),
        ["git"]
    );
    let t = tree(&a, "nixos", "workstation");
    assert_eq!(child_labels(t), ["ssh"]);
    assert!(t.children[0].has_class);
    assert_eq!(
        at(&a, "darwin", "ssh", "/services/openssh/enable"),
        &json!(true)
    );
}

#[test]
fn readme_transpose() {
    let a = checked("readme-transpose");
    assert_eq!(
        a.classes,
        ["darwin", "hjem", "homeManager", "nixos", "nixvim"]
    );
    assert_eq!(
        exported(&a, "darwin"),
        ["macos-develop", "tiling-desktop", "vim-btw"]
    );
    assert_eq!(exported(&a, "nixos"), ["tiling-desktop", "vim-btw"]);
    assert_eq!(exported(&a, "homeManager"), ["vim-btw"]);
    assert_eq!(exported(&a, "nixvim"), ["vim-btw"]);
    assert_eq!(exported(&a, "hjem"), ["macos-develop"]);
    assert_eq!(at(&a, "nixvim", "vim-btw", "/opts/number"), &json!(true));
    assert_eq!(
        pnames(at(&a, "darwin", "vim-btw", "/environment/systemPackages")),
        ["vim"]
    );
    // The quirk of SEMANTICS 1.9: flake.modules also gets the aspect
    // options as keys.
    assert!(a.flake_modules_keys.iter().any(|k| k == "__functor"));
}

#[test]
fn development_server() {
    let a = checked("development-server");
    let users = at(&a, "nixos", "development-server", "/users/users");
    assert_eq!(users["alice"]["isNormalUser"], json!(true));
    assert!(users.get("bob").is_none(), "bob has no nixos module");
    let users = at(&a, "darwin", "development-server", "/users/users");
    assert_eq!(users["bob"]["home"], json!("/Users/bob"));
    assert!(users.get("alice").is_none(), "alice has no darwin module");
    // Both users are walked for nixos; only alice contributes.
    let t = tree(&a, "nixos", "development-server");
    assert_eq!(child_labels(t), ["alice", "bob"]);
    assert_eq!(
        t.children.iter().map(|c| c.has_class).collect::<Vec<_>>(),
        [true, false]
    );
    // development-server defines no homeManager / hjem module itself.
    assert_eq!(exported(&a, "homeManager"), ["alice"]);
    assert_eq!(exported(&a, "hjem"), ["bob"]);
}

#[test]
fn class_propagation() {
    let a = checked("class-propagation");
    assert_eq!(exported(&a, "nixos"), ["laptop", "wifi"]);
    assert_eq!(exported(&a, "homeManager"), ["tray-bundle", "wifi"]);
    assert!(
        a.exported
            .values()
            .all(|v| !v.iter().any(|n| n == "headless-bundle")),
        "an aspect without classes is exported nowhere"
    );
    assert_eq!(a.aspects["headless-bundle"]["classes"], json!([]));
    assert_eq!(
        at(
            &a,
            "homeManager",
            "tray-bundle",
            "/services/network-manager-applet/enable"
        ),
        &json!(true)
    );
    assert_eq!(
        at(&a, "nixos", "laptop", "/networking/wireless/iwd/enable"),
        &json!(true)
    );
    assert!(!has(
        &a,
        "nixos",
        "laptop",
        "/services/network-manager-applet"
    ));
}

#[test]
fn priorities() {
    let a = checked("priorities");
    // A plain definition beats mkDefault; mkForce beats a plain definition.
    assert_eq!(
        at(&a, "nixos", "kiosk", "/time/timeZone"),
        &json!("Europe/Paris")
    );
    assert_eq!(
        at(&a, "nixos", "kiosk", "/networking/firewall/enable"),
        &json!(true)
    );
    assert_eq!(
        at(
            &a,
            "nixos",
            "kiosk",
            "/services/openssh/settings/PasswordAuthentication"
        ),
        &json!(false)
    );
    // The defaults alone.
    assert_eq!(at(&a, "nixos", "hardened", "/time/timeZone"), &json!("UTC"));
    assert_eq!(
        at(&a, "nixos", "base", "/networking/firewall/enable"),
        &json!(false)
    );
    assert_eq!(
        at(
            &a,
            "nixos",
            "base",
            "/services/openssh/settings/PasswordAuthentication"
        ),
        &json!(true)
    );
    assert_eq!(
        preorder(tree(&a, "nixos", "kiosk")),
        ["kiosk", "hardened", "base"]
    );
}

#[test]
fn diamond_includes() {
    let a = checked("diamond-includes");
    let order = preorder(tree(&a, "nixos", "workstation"));
    assert_eq!(
        order,
        ["workstation", "dev-tools", "common", "desktop", "common"]
    );
    // common's module is imported twice: its list entry is duplicated.
    let mut groups = strings(at(
        &a,
        "nixos",
        "workstation",
        "/users/users/bob/extraGroups",
    ));
    groups.sort();
    assert_eq!(groups, ["docker", "video", "wheel", "wheel"]);
    assert_eq!(
        at(&a, "nixos", "workstation", "/programs/zsh/enable"),
        &json!(true)
    );
    assert_eq!(
        at(&a, "nixos", "workstation", "/users/users/bob/isNormalUser"),
        &json!(true)
    );
}

#[test]
fn include_cycle() {
    let a = checked("include-cycle");
    let cycles = diagnostics(&a, "include-cycle");
    let mut at_aspects: Vec<_> = cycles.iter().filter_map(|d| d.aspect.as_deref()).collect();
    at_aspects.sort();
    at_aspects.dedup();
    assert_eq!(at_aspects, ["audio", "desktop"]);
    assert!(cycles.iter().all(|d| d.class.as_deref() == Some("nixos")));
    for aspect in ["audio", "desktop"] {
        assert_eq!(
            a.configs["nixos"][aspect]["$errorKind"],
            json!("include-cycle")
        );
    }
    // The tree stops where desktop comes back.
    let t = tree(&a, "nixos", "desktop");
    let back = &t.children[0].children[0];
    assert_eq!(
        (back.label.as_str(), back.kind.as_str()),
        ("desktop", "cycle")
    );
    assert!(a.graph.edges.iter().any(|e| e.cycle));
    // Outside the cycle, everything resolves.
    assert_eq!(
        at(&a, "nixos", "printing", "/services/printing/enable"),
        &json!(true)
    );
}

#[test]
fn gaming_provides() {
    let a = checked("gaming-provides");
    // Sub-aspects are not exported.
    assert_eq!(
        exported(&a, "nixos"),
        ["gaming", "living-room-pc", "retro-handheld"]
    );
    // `_` and `provides` merge into one set.
    let emulation = &a.aspects["gaming"]["provides"]["emulation"];
    assert_eq!(emulation["provides"].as_object().unwrap().len(), 2);
    assert!(emulation["provides"].get("nes").is_some());
    assert!(emulation["provides"].get("gba").is_some());
    assert_eq!(
        at(&a, "nixos", "living-room-pc", "/programs/steam/enable"),
        &json!(true)
    );
    assert_eq!(
        pnames(at(
            &a,
            "nixos",
            "living-room-pc",
            "/environment/systemPackages"
        )),
        ["fceux", "mgba", "retroarch"]
    );
    assert_eq!(
        pnames(at(
            &a,
            "nixos",
            "retro-handheld",
            "/environment/systemPackages"
        )),
        ["mgba"]
    );
    assert!(!has(&a, "nixos", "retro-handheld", "/programs/steam"));
    assert_eq!(
        preorder(tree(&a, "nixos", "living-room-pc")),
        ["living-room-pc", "gaming", "emulation", "nes", "gba"]
    );
    // gaming itself does not include its sub-aspects.
    assert!(!has(&a, "nixos", "gaming", "/environment"));
}

#[test]
fn fixpoints() {
    let a = checked("fixpoints");
    assert_eq!(
        preorder(tree(&a, "nixos", "server")),
        ["server", "nginx", "tls", "nix-settings"]
    );
    assert_eq!(
        at(&a, "nixos", "server", "/services/nginx/enable"),
        &json!(true)
    );
    assert_eq!(
        at(&a, "nixos", "server", "/security/acme/acceptTerms"),
        &json!(true)
    );
    for host in ["server", "backup"] {
        assert_eq!(
            at(&a, "nixos", host, "/nix/settings/experimental-features"),
            &json!(["nix-command", "flakes"])
        );
    }
    // web has no class of its own: only its sub-aspects are used.
    assert!(!exported(&a, "nixos").contains(&"web"));
}

#[test]
fn self_reference() {
    let a = checked("self-reference");
    assert_eq!(
        at(
            &a,
            "nixos",
            "wiki",
            "/services/nginx/virtualHosts/wiki.example.org/root"
        ),
        &json!("/srv/wiki")
    );
    assert_eq!(
        at(&a, "nixos", "wiki", "/environment/etc/motd/text"),
        &json!("TEAM WIKI SERVED BY NGINX")
    );
    assert_eq!(
        at(&a, "nixos", "wiki", "/networking/firewall/allowedTCPPorts"),
        &json!([80, 443])
    );
    assert_eq!(
        at(&a, "nixos", "wiki", "/services/restic/backups/wiki/paths"),
        &json!(["/srv/wiki"])
    );
    let t = tree(&a, "nixos", "wiki");
    assert_eq!(child_labels(t), ["[definition 1-entry 1]", "backups"]);
    assert_eq!(t.children[0].kind, "inline");
    assert_eq!(
        a.aspects["wiki"]["description"],
        json!("Team wiki served by nginx")
    );
}

#[test]
fn context_providers() {
    let a = checked("context-providers");
    assert_eq!(
        at(&a, "nixos", "laptop", "/environment/etc/motd/text"),
        &json!("laptop (nixos), via base")
    );
    assert_eq!(
        at(&a, "darwin", "laptop", "/environment/etc/motd/text"),
        &json!("laptop (darwin), via base")
    );
    // The provider saw the chain root … includer.
    let banner = &tree(&a, "nixos", "laptop").children[0].children[0];
    assert_eq!(banner.kind, "provider");
    assert_eq!(banner.chain, ["laptop", "base"]);
    assert!(banner.has_class);
    // base contributes nothing itself and is not exported.
    assert!(exported(&a, "nixos") == ["laptop"]);
}

#[test]
fn kde_karousel() {
    let a = checked("kde-karousel");
    assert_eq!(
        pnames(at(
            &a,
            "nixos",
            "workstation",
            "/environment/systemPackages"
        )),
        ["karousel"]
    );
    assert_eq!(
        at(
            &a,
            "nixos",
            "workstation",
            "/services/desktopManager/plasma6/enable"
        ),
        &json!(true)
    );
    // The home server includes the provider, which returns nothing there.
    assert!(!has(&a, "nixos", "home-server", "/environment"));
    let provider = &tree(&a, "nixos", "home-server").children[0];
    assert_eq!(provider.kind, "provider");
    assert!(!provider.has_class);
    // Nothing for darwin either.
    assert!(!has(&a, "darwin", "workstation", "/environment"));
    assert_eq!(
        at(
            &a,
            "darwin",
            "workstation",
            "/system/defaults/dock/autohide"
        ),
        &json!(true)
    );
}

#[test]
fn parametric_user() {
    let a = checked("parametric-user");
    assert_eq!(
        at(&a, "nixos", "home-server", "/users/users"),
        &json!({ "bob": { "isNormalUser": true } })
    );
    assert_eq!(
        at(&a, "nixos", "home-server", "/system/stateVersion"),
        &json!("25.11")
    );
    assert_eq!(
        at(&a, "darwin", "mac-mini", "/system"),
        &json!({ "primaryUser": "alice", "stateVersion": 6 })
    );
    // `user` is a curried provider, not an aspect.
    assert_eq!(
        a.aspects["system"]["provides"]["user"]["kind"],
        json!("provider")
    );
    assert_eq!(exported(&a, "darwin"), ["mac-mini", "system"]);
}

#[test]
fn dropped_provider() {
    let a = checked("dropped-provider");
    let dropped = diagnostics(&a, "dropped-include");
    assert_eq!(dropped.len(), 1, "{:#?}", shown(&dropped));
    assert_eq!(dropped[0].aspect.as_deref(), Some("workstation"));
    assert_eq!(dropped[0].class.as_deref(), Some("nixos"));
    // alice is configured; bob silently is not.
    assert_eq!(
        at(&a, "nixos", "workstation", "/users/users"),
        &json!({ "alice": { "isNormalUser": true } })
    );
    let t = tree(&a, "nixos", "workstation");
    assert_eq!(
        t.children
            .iter()
            .map(|c| c.kind.as_str())
            .collect::<Vec<_>>(),
        ["provider", "dropped"]
    );
    assert!(a.graph.edges.iter().any(|e| e.dropped));
}

#[test]
fn strict_provider() {
    let a = checked("strict-provider");
    let errors = diagnostics(&a, "unexpected-argument");
    assert!(errors
        .iter()
        .all(|d| d.aspect.as_deref() == Some("laptop") && d.message.contains("aspect-chain")));
    assert_eq!(
        a.configs["nixos"]["laptop"]["$errorKind"],
        json!("unexpected-argument")
    );
    // `{ class, ... }:` works.
    assert_eq!(
        pnames(at(&a, "nixos", "desktop", "/fonts/packages")),
        ["fira-code"]
    );
}

#[test]
fn custom_functor() {
    let a = checked("custom-functor");
    // nixos: the functor keeps shell's own nixos module and adds prompt.
    let laptop = config(&a, "nixos", "laptop");
    assert_eq!(
        laptop["programs"],
        json!({ "starship": { "enable": true }, "zsh": { "enable": true } })
    );
    // darwin: only what the functor returns; shell's darwin module is gone.
    for aspect in ["laptop", "shell"] {
        assert_eq!(
            at(&a, "darwin", aspect, "/programs"),
            &json!({ "fish": { "enable": true } }),
            "darwin.{aspect}"
        );
    }
    assert_eq!(
        preorder(tree(&a, "nixos", "shell")),
        ["shell", "prompt"],
        "the functor also applies when shell itself is resolved"
    );
}

#[test]
fn multi_file_merge() {
    let a = checked("multi-file-merge");
    let ssh = &a.aspects["ssh"];
    assert_eq!(ssh["classes"], json!(["darwin", "nixos"]));
    assert_eq!(ssh["description"], json!("OpenSSH server"));
    let includes: Vec<&str> = ssh["includes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    // Concatenated in import order: import-tree lists modules/hardening/
    // before modules/ssh.nix (checked against the real flake-aspects with
    // nixpkgs lib 26.11, as in conformance case 31).
    assert_eq!(includes, ["fail2ban", "admin-keys"]);
    assert_eq!(
        at(&a, "nixos", "ssh", "/services/openssh"),
        &json!({ "enable": true, "settings": { "PermitRootLogin": "prohibit-password" } })
    );
    assert_eq!(
        at(&a, "nixos", "ssh", "/services/fail2ban/enable"),
        &json!(true)
    );
    assert!(has(
        &a,
        "nixos",
        "ssh",
        "/users/users/root/openssh/authorizedKeys/keys"
    ));
    assert_eq!(
        at(&a, "darwin", "ssh", "/services/openssh/enable"),
        &json!(true)
    );
    // Both files define the aspect.
    let report = a.workspace.as_ref().expect("a workspace report");
    let files: BTreeSet<&str> = report.definitions["ssh"]
        .iter()
        .map(|c| c.file.as_str())
        .collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        ["modules/hardening/ssh.nix", "modules/ssh.nix"]
    );
}

#[test]
fn conflicting_description() {
    let a = checked("conflicting-description");
    let conflicts = diagnostics(&a, "conflicting-description");
    let mut files: Vec<&str> = conflicts.iter().filter_map(|d| d.file.as_deref()).collect();
    files.sort();
    files.dedup();
    assert_eq!(files.len(), 2, "one error at each definition: {files:?}");
    assert!(conflicts
        .iter()
        .all(|d| d.aspect.as_deref() == Some("printing")));
    // Resolving never reads the description: the class modules merge.
    assert_eq!(
        at(&a, "nixos", "printing", "/services/printing/enable"),
        &json!(true)
    );
    assert_eq!(
        pnames(at(&a, "nixos", "printing", "/services/printing/drivers")),
        ["dymo-cups-drivers"]
    );
}

#[test]
fn forward_home_manager() {
    let a = checked("forward-home-manager");
    assert_eq!(
        at(&a, "nixos", "laptop", "/home-manager/users/alice/programs"),
        &json!({ "git": { "enable": true }, "helix": { "enable": true } })
    );
    assert_eq!(
        at(&a, "nixos", "laptop", "/users/users/alice/isNormalUser"),
        &json!(true)
    );
    // The forwarded module is only part of laptop.
    assert!(!has(&a, "nixos", "alice", "/home-manager"));
    assert_eq!(exported(&a, "homeManager"), ["alice"]);
    // forward returns an aspect whose include carries the nixos module.
    let fwd = &tree(&a, "nixos", "laptop").children[1];
    assert_eq!(fwd.kind, "inline");
    assert!(fwd.children.iter().any(|c| c.has_class));
}

#[test]
fn dendrix_ai_layer() {
    let a = checked("dendrix-ai-layer");
    let report = a.workspace.as_ref().expect("a workspace report");
    assert_eq!(report.repo, "consumer");
    assert_eq!(exported(&a, "nixos"), ["ai"]);
    // Shared parts of both repos, plus the layer's extension (with the
    // consumer's option set).
    assert_eq!(
        at(&a, "nixos", "ai", "/services"),
        &json!({ "ollama": { "enable": true }, "open-webui": { "enable": true } })
    );
    assert_eq!(
        at(&a, "nixos", "ai", "/environment/variables/AI_SOMETHING"),
        &json!("on")
    );
    // Private and host-specific files stay with their owners.
    assert!(!has(&a, "nixos", "ai", "/hardware"));
    assert!(!has(&a, "nixos", "ai", "/networking"));
    assert!(!has(&a, "homeManager", "ai", "/programs/git"));
    assert!(!has(
        &a,
        "homeManager",
        "ai",
        "/programs/aichat/settings/model"
    ));
    assert_eq!(
        at(&a, "homeManager", "ai", "/programs/aichat"),
        &json!({ "enable": true, "settings": { "layer": "ai" } })
    );
    assert_eq!(
        at(&a, "darwin", "ai", "/homebrew/casks"),
        &json!(["ollama"])
    );
    // Which repo contributed what.
    let repos: BTreeSet<&str> = a.contributions["nixos"]["ai"]
        .iter()
        .filter_map(|c| c.repo.as_deref())
        .collect();
    assert_eq!(
        repos.into_iter().collect::<Vec<_>>(),
        ["dendrix", "repo-one", "repo-two"]
    );
    assert!(a.packages.contains_key("ai-cli"));
}
