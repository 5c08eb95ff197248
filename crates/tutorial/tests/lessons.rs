//! Every lesson, evaluated with the engine: its start evaluates but does
//! not do the task yet (at least one check fails), its solution passes
//! every check with no error or warning. Plus the catalogue's shape, and
//! a few checks on freshly evaluated snippets.

use aspects_engine::analysis::{Analysis, Diagnostic};
use aspects_engine::session::{run, Request, Response};
use aspects_tutorial::{
    by_id, check, check_all, render_blocks, solved, Block, Check, Inline, Lesson, LESSONS,
};
use std::collections::BTreeSet;

// ------------------------------------------------------------- helpers

fn evaluate(text: &str) -> Response {
    let req = Request {
        id: 1,
        workspace: text.to_string(),
        repo: None,
        conformance: false,
        max_steps: None,
    };
    aspects_nix::on_big_stack(move || run(&req))
}

fn lesson(id: &str) -> &'static Lesson {
    by_id(id).unwrap_or_else(|| panic!("no lesson `{id}'"))
}

fn shown(ds: &[&Diagnostic]) -> Vec<String> {
    ds.iter()
        .map(|d| format!("{} {}: {}", d.severity, d.kind, d.message))
        .collect()
}

fn report(lesson: &Lesson, a: &Analysis) -> String {
    lesson
        .checks
        .iter()
        .zip(check_all(a, lesson))
        .map(|(c, r)| {
            format!(
                "  [{}] {}\n      {}",
                if r.passed { "pass" } else { "FAIL" },
                c.goal(),
                r.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The start evaluates (no fatal error) and fails at least one check;
/// the solution passes every check, with no error and no warning. Both
/// give the same results after a JSON round trip (the page receives the
/// Analysis from its worker as JSON).
fn verify(id: &str) -> (Analysis, Analysis) {
    let l = lesson(id);

    let start = evaluate(l.start);
    assert!(
        start.text_error.is_none(),
        "{id}: start text: {:?}",
        start.text_error
    );
    let a = start.analysis;
    assert!(
        a.fatal.is_none(),
        "{id}: the start must evaluate: {:?}",
        a.fatal
    );
    let results = check_all(&a, l);
    assert!(
        results.iter().any(|r| !r.passed),
        "{id}: the start already passes every check:\n{}",
        report(l, &a)
    );
    assert!(results.iter().all(|r| !r.message.is_empty()));
    assert!(!solved(&a, l));

    let solution = evaluate(l.solution);
    assert!(
        solution.text_error.is_none(),
        "{id}: {:?}",
        solution.text_error
    );
    let b = solution.analysis;
    assert!(
        b.fatal.is_none(),
        "{id}: the solution must evaluate: {:?}",
        b.fatal
    );
    assert!(
        solved(&b, l),
        "{id}: the solution fails:\n{}",
        report(l, &b)
    );
    let problems: Vec<&Diagnostic> = b
        .diagnostics
        .iter()
        .filter(|d| d.severity == "error" || d.severity == "warning")
        .collect();
    assert!(
        problems.is_empty(),
        "{id}: the solution should be clean: {:#?}",
        shown(&problems)
    );

    for analysis in [&a, &b] {
        let json = serde_json::to_string(analysis).expect("serialises");
        let back: Analysis = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(check_all(&back, l), check_all(analysis, l), "{id}");
    }
    (a, b)
}

fn messages(a: &Analysis, l: &Lesson) -> Vec<String> {
    check_all(a, l)
        .into_iter()
        .filter(|r| !r.passed)
        .map(|r| r.message)
        .collect()
}

// ------------------------------------------------------ the catalogue

/// The lessons with a test below: a new lesson needs its own test.
const TESTED: &[&str] = &[
    "transpose",
    "includes",
    "class-propagation",
    "provides",
    "fixpoints",
    "context-providers",
    "parametric-providers",
    "provider-pitfalls",
    "custom-functor",
    "multi-file-merge",
    "dendrix-layer",
    "cross-flake",
];

#[test]
fn every_lesson_has_a_test() {
    let ids: Vec<&str> = LESSONS.iter().map(|l| l.id).collect();
    assert_eq!(ids, TESTED, "the lessons and their tests, in order");
    assert!(LESSONS.len() >= 10);
}

#[test]
fn ids_are_unique_slugs() {
    let mut seen = BTreeSet::new();
    for l in LESSONS {
        assert!(
            !l.id.is_empty()
                && l.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !l.id.starts_with('-')
                && !l.id.ends_with('-'),
            "`{}' is not a slug",
            l.id
        );
        assert!(seen.insert(l.id), "duplicate id `{}'", l.id);
    }
}

#[test]
fn titles_prose_hints_and_checks_are_present() {
    let mut titles = BTreeSet::new();
    for l in LESSONS {
        assert!(!l.title.trim().is_empty(), "{}", l.id);
        assert!(titles.insert(l.title), "duplicate title `{}'", l.title);
        assert!(!l.prose.trim().is_empty(), "{}", l.id);
        assert!(
            (1..=3).contains(&l.hints.len()),
            "{}: 1 to 3 hints, not {}",
            l.id,
            l.hints.len()
        );
        for h in l.hints {
            assert!(!h.trim().is_empty(), "{}: an empty hint", l.id);
        }
        assert!(!l.checks.is_empty(), "{}", l.id);
        assert_ne!(l.start, l.solution, "{}", l.id);
        // Short: a few paragraphs.
        assert!(
            l.prose.len() < 1400,
            "{}: prose of {} bytes",
            l.id,
            l.prose.len()
        );
    }
}

#[test]
fn every_prose_parses_and_ends_with_the_task() {
    for l in LESSONS {
        let blocks = render_blocks(l.prose);
        assert!(blocks.len() >= 2, "{}: {blocks:?}", l.id);
        let Some(Block::Paragraph(last)) = blocks.last() else {
            panic!("{}: the prose ends with a paragraph", l.id)
        };
        assert_eq!(
            last.first(),
            Some(&Inline::Strong("Your task:".into())),
            "{}: the last paragraph states the task",
            l.id
        );
        for b in &blocks {
            match b {
                Block::Paragraph(p) => assert!(!p.is_empty()),
                Block::List(items) => assert!(items.iter().all(|i| !i.is_empty())),
                Block::Code(code) => assert!(!code.trim().is_empty(), "{}", l.id),
            }
        }
        // No markup left unparsed: an odd number of backticks in a
        // paragraph would be literal text.
        for b in &blocks {
            let inlines: Vec<&Inline> = match b {
                Block::Paragraph(p) => p.iter().collect(),
                Block::List(items) => items.iter().flatten().collect(),
                Block::Code(_) => Vec::new(),
            };
            for i in inlines {
                if let Inline::Text(t) = i {
                    assert!(
                        !t.contains('`') && !t.contains("**"),
                        "{}: stray markup in {t:?}",
                        l.id
                    );
                }
            }
        }
    }
}

#[test]
fn hints_use_balanced_inline_code() {
    for l in LESSONS {
        for h in l.hints {
            for i in aspects_tutorial::prose::render_inlines(h) {
                if let Inline::Text(t) = i {
                    assert!(!t.contains('`'), "{}: stray backtick in hint {h:?}", l.id);
                }
            }
        }
    }
}

#[test]
fn checks_parse_their_expected_values() {
    for l in LESSONS {
        for c in l.checks {
            if let Check::Config { equals, .. } = c {
                assert!(
                    serde_json::from_str::<serde_json::Value>(equals).is_ok(),
                    "{}: `{equals}' is not JSON",
                    l.id
                );
            }
            assert!(c.goal().ends_with('.'), "{}: {}", l.id, c.goal());
        }
    }
}

// ---------------------------------------------------------- the lessons

#[test]
fn transpose() {
    let (a, _) = verify("transpose");
    assert_eq!(
        messages(&a, lesson("transpose")),
        [
            "flake.modules.darwin.ssh does not exist yet: `ssh` defines `nixos`, but no `darwin` module of its own.",
            "Expected `services.openssh.enable` to be `true`, but flake.modules.darwin.ssh does not exist yet: `ssh` defines `nixos`, but no `darwin` module of its own.",
        ]
    );
}

#[test]
fn includes() {
    let (a, _) = verify("includes");
    let m = messages(&a, lesson("includes"));
    assert_eq!(
        m[0],
        "flake.modules.nixos.laptop does not include `ssh` yet: it includes nothing yet."
    );
    assert_eq!(
        m[3],
        "flake.modules.nixos.laptop does not set `environment.systemPackages` yet; expected a list with `pkgs.git`."
    );
}

#[test]
fn class_propagation() {
    let (a, _) = verify("class-propagation");
    let m = messages(&a, lesson("class-propagation"));
    assert_eq!(
        m[0],
        "flake.modules.homeManager.laptop does not exist yet: `laptop` defines `nixos`, but no `homeManager` module of its own."
    );
    assert_eq!(
        m[2],
        "flake.modules.nixos.connectivity does not exist yet: `connectivity` defines no class of its own."
    );
}

#[test]
fn provides() {
    let (a, _) = verify("provides");
    let m = messages(&a, lesson("provides"));
    assert_eq!(
        m[0],
        "`gaming._.emulation` does not provide `gba` yet: it provides `nes`."
    );
    assert!(m.contains(
        &"flake.modules.nixos.retro-handheld should not include `gaming`, but it still does: retro-handheld → gaming."
            .to_string()
    ));
    assert!(m.contains(
        &"flake.modules.nixos.retro-handheld should not set `programs.steam`, but it sets it to `{ enable = true; }`."
            .to_string()
    ));
}

#[test]
fn fixpoints() {
    let (a, _) = verify("fixpoints");
    let m = messages(&a, lesson("fixpoints"));
    assert_eq!(
        m[0],
        "In flake.modules.nixos.server, `nginx` does not include `tls` yet: `nginx` includes nothing yet."
    );
    // Half way: nginx includes tls, tls does not include nix-settings yet.
    let half = lesson("fixpoints").start.replace(
        "nginx.nixos.services.nginx.enable = true;",
        "nginx = { nixos.services.nginx.enable = true; includes = [ aspects.tls ]; };",
    );
    let h = evaluate(&half).analysis;
    let results = check_all(&h, lesson("fixpoints"));
    assert!(results[0].passed, "{}", results[0].message);
    assert_eq!(
        results[1].message,
        "In flake.modules.nixos.server, `tls` does not include `nix-settings` yet: `tls` includes nothing yet."
    );
}

#[test]
fn context_providers() {
    let (a, _) = verify("context-providers");
    assert_eq!(
        messages(&a, lesson("context-providers")),
        [
            "flake.modules.nixos.laptop sets `environment.etc.motd.text` to `\"Welcome\"`; expected `\"Welcome to laptop (nixos)\"`.",
            "flake.modules.darwin.laptop does not set `environment.etc.motd.text` yet; expected `\"Welcome to laptop (darwin)\"`.",
            "flake.modules.nixos.server sets `environment.etc.motd.text` to `\"Welcome\"`; expected `\"Welcome to server (nixos)\"`.",
        ]
    );
}

#[test]
fn parametric_providers() {
    let (a, _) = verify("parametric-providers");
    let m = messages(&a, lesson("parametric-providers"));
    assert_eq!(
        m[0],
        "flake.modules.nixos.workstation sets `users.users` to `{ alice = { isNormalUser = true; }; }`; expected `{ alice = { isNormalUser = true; }; bob = { isNormalUser = true; }; }`."
    );
}

#[test]
fn provider_pitfalls() {
    let (a, _) = verify("provider-pitfalls");
    let l = lesson("provider-pitfalls");
    let m = messages(&a, l);
    assert!(
        m[0].starts_with("Expected no errors, but there is one: function 'code' called with unexpected argument 'aspect-chain'"),
        "{}",
        m[0]
    );
    // Fixing only the strict provider: the error is gone, and the
    // unapplied provider is now reported as dropped.
    let half = l.start.replace("{ class }:", "{ class, ... }:");
    let h = evaluate(&half).analysis;
    let results = check_all(&h, l);
    assert!(results[0].passed, "{}", results[0].message);
    assert!(!results[1].passed);
    assert!(
        results[1].message.starts_with(
            "The playground still reports a `dropped-include` warning: include 2 of `laptop'"
        ),
        "{}",
        results[1].message
    );
    assert!(results[2].passed, "{}", results[2].message);
    assert_eq!(
        results[3].message,
        "flake.modules.nixos.laptop does not set `users.users.bob.isNormalUser` yet; expected `true`."
    );
}

#[test]
fn custom_functor() {
    let (a, b) = verify("custom-functor");
    let m = messages(&a, lesson("custom-functor"));
    assert_eq!(
        m[0],
        "flake.modules.nixos.laptop sets `programs` to `{ zsh = { enable = true; }; }`; expected `{ starship = { enable = true; }; zsh = { enable = true; }; }`."
    );
    // The functor also applies when shell itself is resolved.
    assert!(
        check(
            &b,
            &Check::Includes {
                class: "nixos",
                aspect: "shell",
                includes: "prompt"
            }
        )
        .passed
    );
}

#[test]
fn multi_file_merge() {
    let (a, _) = verify("multi-file-merge");
    let m = messages(&a, lesson("multi-file-merge"));
    assert!(
        m[0].starts_with("Expected no errors, but there are"),
        "{}",
        m[0]
    );
    assert!(
        m[1].starts_with("Expected `ssh` to be described as \"OpenSSH server\", but aspect `ssh` does not evaluate: The option `flake.aspects.ssh.description' has conflicting definition values"),
        "{}",
        m[1]
    );
    assert!(m.iter().any(|x| x.starts_with(
        "flake.modules.nixos.ssh does not include `fail2ban` yet: it includes `admin-keys`"
    )));
}

#[test]
fn dendrix_layer() {
    let (a, b) = verify("dendrix-layer");
    let m = messages(&a, lesson("dendrix-layer"));
    assert_eq!(
        m[0],
        "flake.modules.nixos.ai has nothing from repo `repo-two` yet: its modules come from `repo-one`."
    );
    assert!(m.contains(
        &"flake.modules.darwin.ai does not exist yet: `ai` has no `darwin` module.".to_string()
    ));
    // The consumer is the repo evaluated, and the private files stayed out.
    assert_eq!(
        b.workspace.as_ref().map(|w| w.repo.as_str()),
        Some("consumer")
    );
}

#[test]
fn cross_flake() {
    let (a, _) = verify("cross-flake");
    let m = messages(&a, lesson("cross-flake"));
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].starts_with("The playground still reports a `typed-aspect-assigned` warning: `flake.aspects.ai' is assigned the typed aspect `inputs.team.aspects.ai'"),
        "{}",
        m[0]
    );
}

// ------------------------------------------- checks on evaluated snippets

#[test]
fn every_kind_of_check_on_an_evaluated_flake() {
    let text = r#"
{ lib, ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      base = {
        description = "Base system";
        nixos = { pkgs, ... }: { environment.systemPackages = [ pkgs.git ]; };
        _.extra._.deep.nixos.deep = true;
      };
      host = {
        includes = [ aspects.base aspects.base._.extra._.deep ];
        nixos.networking.hostName = "host";
      };
      bare.includes = [ aspects.base ];
    };
}
"#;
    let a = evaluate(text).analysis;
    assert!(a.fatal.is_none(), "{:?}", a.fatal);
    let cases: &[(Check, bool)] = &[
        (Check::NoErrors, true),
        (
            Check::NoDiagnostic {
                kind: "dropped-include",
            },
            true,
        ),
        (
            Check::Exported {
                class: "nixos",
                aspect: "host",
            },
            true,
        ),
        (
            Check::Exported {
                class: "nixos",
                aspect: "bare",
            },
            false,
        ),
        (
            Check::NotExported {
                class: "darwin",
                aspect: "host",
            },
            true,
        ),
        (
            Check::NotExported {
                class: "nixos",
                aspect: "base",
            },
            false,
        ),
        (
            Check::Includes {
                class: "nixos",
                aspect: "host",
                includes: "base",
            },
            true,
        ),
        (
            Check::Includes {
                class: "nixos",
                aspect: "host",
                includes: "deep",
            },
            true,
        ),
        (
            Check::Includes {
                class: "nixos",
                aspect: "base",
                includes: "deep",
            },
            false,
        ),
        (
            Check::NotIncludes {
                class: "nixos",
                aspect: "base",
                includes: "host",
            },
            true,
        ),
        (
            Check::NotIncludes {
                class: "nixos",
                aspect: "host",
                includes: "deep",
            },
            false,
        ),
        (
            Check::IncludePath {
                class: "nixos",
                aspect: "host",
                path: &["deep"],
            },
            true,
        ),
        (
            Check::IncludePath {
                class: "nixos",
                aspect: "host",
                path: &["base", "deep"],
            },
            false,
        ),
        (
            Check::Config {
                class: "nixos",
                aspect: "host",
                path: "deep",
                equals: "true",
            },
            true,
        ),
        (
            Check::Config {
                class: "nixos",
                aspect: "host",
                path: "networking.hostName",
                equals: "\"base\"",
            },
            false,
        ),
        (
            Check::ConfigAbsent {
                class: "nixos",
                aspect: "base",
                path: "networking",
            },
            true,
        ),
        (
            Check::ConfigAbsent {
                class: "nixos",
                aspect: "host",
                path: "networking",
            },
            false,
        ),
        (
            Check::HasPackage {
                class: "nixos",
                aspect: "host",
                path: "environment.systemPackages",
                package: "git",
            },
            true,
        ),
        (
            Check::HasPackage {
                class: "nixos",
                aspect: "host",
                path: "environment.systemPackages",
                package: "vim",
            },
            false,
        ),
        (
            Check::Description {
                aspect: "base",
                equals: "Base system",
            },
            true,
        ),
        (
            Check::Description {
                aspect: "host",
                equals: "Base system",
            },
            false,
        ),
        (
            Check::Provides {
                aspect: "base",
                path: "extra.deep",
            },
            true,
        ),
        (
            Check::Provides {
                aspect: "base",
                path: "deep",
            },
            false,
        ),
        (
            Check::ContributedBy {
                class: "nixos",
                aspect: "host",
                repo: "main",
                file: Some("modules/main.nix"),
            },
            true,
        ),
        (
            Check::ContributedBy {
                class: "nixos",
                aspect: "host",
                repo: "other",
                file: None,
            },
            false,
        ),
    ];
    for (c, expected) in cases {
        let r = check(&a, c);
        assert_eq!(r.passed, *expected, "{c:?}: {}", r.message);
    }
    assert_eq!(
        check(
            &a,
            &Check::Description {
                aspect: "host",
                equals: "Base system"
            }
        )
        .message,
        "Aspect `host` is described as \"Aspect host\"; expected \"Base system\"."
    );
}

#[test]
fn a_syntax_error_fails_every_check_with_one_message() {
    let a = evaluate("{ flake.aspects = { ssh.nixos = { }; ").analysis;
    assert!(a.fatal.is_some() || a.diagnostics.iter().any(|d| d.severity == "error"));
    for l in LESSONS {
        assert!(!solved(&a, l), "{}", l.id);
    }
}
