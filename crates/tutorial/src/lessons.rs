//! The lessons. Their texts live in `lessons/<NN>-<id>/`: `prose.md`,
//! `start.nix` and `solution.nix`.

use crate::check::Check::*;
use crate::Lesson;

macro_rules! lesson_files {
    ($dir:literal) => {
        (
            include_str!(concat!("../lessons/", $dir, "/prose.md")),
            include_str!(concat!("../lessons/", $dir, "/start.nix")),
            include_str!(concat!("../lessons/", $dir, "/solution.nix")),
        )
    };
}

const fn lesson(
    id: &'static str,
    title: &'static str,
    files: (&'static str, &'static str, &'static str),
    hints: &'static [&'static str],
    checks: &'static [crate::Check],
) -> Lesson {
    Lesson {
        id,
        title,
        prose: files.0,
        start: files.1,
        solution: files.2,
        hints,
        checks,
    }
}

/// Every lesson, in learning order.
pub const LESSONS: &[Lesson] = &[
    lesson(
        "transpose",
        "Aspects become modules",
        lesson_files!("01-transpose"),
        &[
            "An aspect gets one module per class: next to `nixos`, add a `darwin` key.",
            "Inside `ssh`, write `darwin.services.openssh.enable = true;`.",
        ],
        &[
            Exported {
                class: "nixos",
                aspect: "ssh",
            },
            Exported {
                class: "darwin",
                aspect: "ssh",
            },
            Config {
                class: "darwin",
                aspect: "ssh",
                path: "services.openssh.enable",
                equals: "true",
            },
            NoErrors,
        ],
    ),
    lesson(
        "includes",
        "Includes: bring other aspects along",
        lesson_files!("02-includes"),
        &[
            "`includes` is a list of aspects, and `aspects` holds every aspect of the flake.",
            "Write `includes = [ aspects.ssh aspects.git ];` in `laptop`.",
        ],
        &[
            Includes {
                class: "nixos",
                aspect: "laptop",
                includes: "ssh",
            },
            Includes {
                class: "nixos",
                aspect: "laptop",
                includes: "git",
            },
            Config {
                class: "nixos",
                aspect: "laptop",
                path: "services.openssh.enable",
                equals: "true",
            },
            HasPackage {
                class: "nixos",
                aspect: "laptop",
                path: "environment.systemPackages",
                package: "git",
            },
            Config {
                class: "nixos",
                aspect: "laptop",
                path: "networking.hostName",
                equals: "\"laptop\"",
            },
        ],
    ),
    lesson(
        "class-propagation",
        "Which classes propagate",
        lesson_files!("03-class-propagation"),
        &[
            "An aspect is exported for a class only when it has a module of that class itself.",
            "Add `homeManager = { };` to `laptop`, and `nixos = { };` to `connectivity`.",
        ],
        &[
            Exported {
                class: "homeManager",
                aspect: "laptop",
            },
            Config {
                class: "homeManager",
                aspect: "laptop",
                path: "services.network-manager-applet.enable",
                equals: "true",
            },
            Exported {
                class: "nixos",
                aspect: "connectivity",
            },
            Config {
                class: "nixos",
                aspect: "connectivity",
                path: "networking.wireless.iwd.enable",
                equals: "true",
            },
            NotExported {
                class: "homeManager",
                aspect: "connectivity",
            },
        ],
    ),
    lesson(
        "provides",
        "Sub-aspects: provides and `_`",
        lesson_files!("04-provides"),
        &[
            "Define `gba` inside `_.emulation`, the same way as `nes` (with `_.gba` or `provides.gba`).",
            "Sub-aspects are reached by their path: `aspects.gaming._.emulation._.gba`.",
            "`includes = [ aspects.gaming._.emulation._.nes aspects.gaming._.emulation._.gba ];`",
        ],
        &[
            Provides {
                aspect: "gaming",
                path: "emulation.gba",
            },
            Includes {
                class: "nixos",
                aspect: "retro-handheld",
                includes: "nes",
            },
            Includes {
                class: "nixos",
                aspect: "retro-handheld",
                includes: "gba",
            },
            NotIncludes {
                class: "nixos",
                aspect: "retro-handheld",
                includes: "gaming",
            },
            HasPackage {
                class: "nixos",
                aspect: "retro-handheld",
                path: "environment.systemPackages",
                package: "fceux",
            },
            HasPackage {
                class: "nixos",
                aspect: "retro-handheld",
                path: "environment.systemPackages",
                package: "mgba",
            },
            ConfigAbsent {
                class: "nixos",
                aspect: "retro-handheld",
                path: "programs.steam",
            },
        ],
    ),
    lesson(
        "fixpoints",
        "Fixpoints: how aspects reach each other",
        lesson_files!("05-fixpoints"),
        &[
            "Inside `web.provides`, `aspects.tls` is the sibling `tls`.",
            "The top-level `aspects` is hidden inside `provides`: name the outer arguments with `{ aspects, ... }@top:`.",
            "Give `tls` an `includes = [ top.aspects.nix-settings ];`.",
        ],
        &[
            IncludePath {
                class: "nixos",
                aspect: "server",
                path: &["nginx", "tls"],
            },
            IncludePath {
                class: "nixos",
                aspect: "server",
                path: &["nginx", "tls", "nix-settings"],
            },
            Config {
                class: "nixos",
                aspect: "server",
                path: "security.acme.acceptTerms",
                equals: "true",
            },
            Config {
                class: "nixos",
                aspect: "server",
                path: "nix.settings.experimental-features",
                equals: "[\"nix-command\", \"flakes\"]",
            },
        ],
    ),
    lesson(
        "context-providers",
        "Providers: { class, aspect-chain }",
        lesson_files!("06-context-providers"),
        &[
            "Use `${class}` as the attribute name instead of `nixos`.",
            "The host is the head of the chain: `(lib.head aspect-chain).name`.",
            "`${class}.environment.etc.motd.text = \"Welcome to ${(lib.head aspect-chain).name} (${class})\";`",
        ],
        &[
            Config {
                class: "nixos",
                aspect: "laptop",
                path: "environment.etc.motd.text",
                equals: "\"Welcome to laptop (nixos)\"",
            },
            Config {
                class: "darwin",
                aspect: "laptop",
                path: "environment.etc.motd.text",
                equals: "\"Welcome to laptop (darwin)\"",
            },
            Config {
                class: "nixos",
                aspect: "server",
                path: "environment.etc.motd.text",
                equals: "\"Welcome to server (nixos)\"",
            },
        ],
    ),
    lesson(
        "parametric-providers",
        "Parametric providers",
        lesson_files!("07-parametric-providers"),
        &[
            "Apply the provider once per user: `(aspects.system._.user \"bob\")`.",
            "In `user`, next to the `nixos` module, add `darwin.system.primaryUser = userName;`.",
            "Give `mac-mini` an `includes = [ (aspects.system._.user \"alice\") ];`.",
        ],
        &[
            Config {
                class: "nixos",
                aspect: "workstation",
                path: "users.users",
                equals: r#"{ "alice": { "isNormalUser": true }, "bob": { "isNormalUser": true } }"#,
            },
            Config {
                class: "darwin",
                aspect: "mac-mini",
                path: "system.primaryUser",
                equals: "\"alice\"",
            },
            Config {
                class: "darwin",
                aspect: "mac-mini",
                path: "networking.hostName",
                equals: "\"mac-mini\"",
            },
        ],
    ),
    lesson(
        "provider-pitfalls",
        "Provider pitfalls",
        lesson_files!("08-provider-pitfalls"),
        &[
            "Read the diagnostics: one names the unexpected argument, the other the dropped include.",
            "`{ class }:` must accept more: `{ class, ... }:`.",
            "Apply the user provider in parentheses: `(aspects.system._.user \"bob\")`.",
        ],
        &[
            NoErrors,
            NoDiagnostic {
                kind: "dropped-include",
            },
            HasPackage {
                class: "nixos",
                aspect: "laptop",
                path: "fonts.packages",
                package: "fira-code",
            },
            Config {
                class: "nixos",
                aspect: "laptop",
                path: "users.users.bob.isNormalUser",
                equals: "true",
            },
        ],
    ),
    lesson(
        "custom-functor",
        "A custom __functor",
        lesson_files!("09-custom-functor"),
        &[
            "Add `__functor = self: { class, aspect-chain }: …;` to `shell`, returning an aspect per class.",
            "For NixOS return `{ nixos = self.nixos; includes = [ aspects.prompt ]; }`.",
            "Otherwise return `{ ${class}.programs.fish.enable = true; }`.",
        ],
        &[
            Config {
                class: "nixos",
                aspect: "laptop",
                path: "programs",
                equals: r#"{ "starship": { "enable": true }, "zsh": { "enable": true } }"#,
            },
            Includes {
                class: "nixos",
                aspect: "laptop",
                includes: "prompt",
            },
            Config {
                class: "darwin",
                aspect: "laptop",
                path: "programs",
                equals: r#"{ "fish": { "enable": true } }"#,
            },
            Config {
                class: "darwin",
                aspect: "shell",
                path: "programs",
                equals: r#"{ "fish": { "enable": true } }"#,
            },
        ],
    ),
    lesson(
        "multi-file-merge",
        "One aspect, several files",
        lesson_files!("10-multi-file-merge"),
        &[
            "An aspect has one description: define it in one file only.",
            "Delete the `description` line of `modules/hardening/ssh.nix`.",
            "Add `includes = [ aspects.fail2ban ];` to `ssh` in that file: includes from all files are concatenated.",
        ],
        &[
            NoErrors,
            Description {
                aspect: "ssh",
                equals: "OpenSSH server",
            },
            Includes {
                class: "nixos",
                aspect: "ssh",
                includes: "admin-keys",
            },
            Includes {
                class: "nixos",
                aspect: "ssh",
                includes: "fail2ban",
            },
            Config {
                class: "nixos",
                aspect: "ssh",
                path: "services.openssh",
                equals: r#"{ "enable": true, "settings": { "PasswordAuthentication": false } }"#,
            },
            ContributedBy {
                class: "nixos",
                aspect: "ssh",
                repo: "my-flake",
                file: Some("modules/hardening/ssh.nix"),
            },
        ],
    ),
    lesson(
        "dendrix-layer",
        "A Dendrix layer across repos",
        lesson_files!("11-dendrix-layer"),
        &[
            "The layer's `imports` list takes one tree per repo and aspect.",
            "Add `inputs.dendrix.repo-two.ai` to the layer's `imports`.",
            "In the layer, add `flake.modules.nixos.ai.environment.variables.AI_LAYER = \"on\";`.",
        ],
        &[
            ContributedBy {
                class: "nixos",
                aspect: "ai",
                repo: "repo-two",
                file: None,
            },
            Config {
                class: "nixos",
                aspect: "ai",
                path: "services.open-webui.enable",
                equals: "true",
            },
            Config {
                class: "nixos",
                aspect: "ai",
                path: "services.ollama.enable",
                equals: "true",
            },
            Exported {
                class: "darwin",
                aspect: "ai",
            },
            Config {
                class: "nixos",
                aspect: "ai",
                path: "environment.variables.AI_LAYER",
                equals: "\"on\"",
            },
            ConfigAbsent {
                class: "nixos",
                aspect: "ai",
                path: "hardware",
            },
            ConfigAbsent {
                class: "nixos",
                aspect: "ai",
                path: "services.ollama.acceleration",
            },
            NoErrors,
        ],
    ),
    lesson(
        "cross-flake",
        "Another flake's aspects: include, don't assign",
        lesson_files!("12-cross-flake"),
        &[
            "The playground's warning says what to write instead.",
            "Replace the assignment with `flake.aspects.ai.includes = [ inputs.team.aspects.ai ];`.",
        ],
        &[
            NoDiagnostic {
                kind: "typed-aspect-assigned",
            },
            Config {
                class: "nixos",
                aspect: "ai",
                path: "services.ollama.enable",
                equals: "true",
            },
            Config {
                class: "nixos",
                aspect: "ai",
                path: "services.open-webui.enable",
                equals: "true",
            },
            ContributedBy {
                class: "nixos",
                aspect: "ai",
                repo: "team",
                file: None,
            },
            NoErrors,
        ],
    ),
];
