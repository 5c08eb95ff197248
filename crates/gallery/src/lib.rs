//! # The example gallery of Aspect Playground
//!
//! Example workspaces in learning order, from a first aspect to a Dendrix
//! layer. Each one is a workspace text (see `aspects-engine`'s
//! `workspace::text`): a single flake-parts module, or several files after
//! `-- repo/path/file.nix --` headers. The files live in `examples/`.
//!
//! This crate is only data: it has no dependencies and is compiled into the
//! web app. `tests/gallery.rs` evaluates every example with the engine and
//! checks both its [`Expect`]ation and what flake-aspects produced for it.

/// One example of the gallery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// A stable slug (`[a-z0-9-]`), e.g. for links.
    pub id: &'static str,
    pub title: &'static str,
    /// One sentence shown in the gallery.
    pub summary: &'static str,
    /// The workspace text the editor opens.
    pub workspace: &'static str,
    /// What evaluating it reports.
    pub expect: Expect,
}

/// What the playground reports for an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// No error or warning.
    Clean,
    /// A warning of this diagnostic kind (e.g. `dropped-include`).
    Warning(&'static str),
    /// An error of this kind (e.g. `include-cycle`).
    Error(&'static str),
}

/// Every example, in learning order.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "welcome",
        title: "Welcome: your first aspect",
        summary: "One aspect configures NixOS and macOS at once, and another aspect includes it.",
        workspace: include_str!("../examples/01-welcome.nix"),
        expect: Expect::Clean,
    },
    Example {
        id: "readme-transpose",
        title: "The README's transpose",
        summary: "vim-btw, tiling-desktop and macos-develop: `<aspect>.<class>` becomes `flake.modules.<class>.<aspect>`.",
        workspace: include_str!("../examples/02-readme-transpose.nix"),
        expect: Expect::Clean,
    },
    Example {
        id: "development-server",
        title: "Includes: one server, alice and bob",
        summary: "A development server includes alice (NixOS) and bob (macOS), and each class gets only its own user.",
        workspace: include_str!("../examples/03-development-server.nix"),
        expect: Expect::Clean,
    },
    Example {
        id: "class-propagation",
        title: "Which classes propagate",
        summary: "An aspect is exported for a class only if it defines that class itself: `homeManager = { };` opts in.",
        workspace: include_str!("../examples/04-class-propagation.nix"),
        expect: Expect::Clean,
    },
    Example {
        id: "priorities",
        title: "Priorities: mkDefault and mkForce",
        summary: "Class modules merge like any NixOS modules, so mkDefault and mkForce settle conflicts between aspects.",
        workspace: include_str!("../examples/05-priorities.nix"),
        expect: Expect::Clean,
    },
    Example {
        id: "diamond-includes",
        title: "Diamond includes",
        summary: "An aspect reached along two include paths is imported twice, so its list entries are duplicated.",
        workspace: include_str!("../examples/06-diamond-includes.nix"),
        expect: Expect::Clean,
    },
    Example {
        id: "include-cycle",
        title: "An include cycle",
        summary: "desktop includes audio and audio includes desktop: Nix would run out of memory, the playground names the cycle.",
        workspace: include_str!("../examples/07-include-cycle.nix"),
        expect: Expect::Error("include-cycle"),
    },
    Example {
        id: "gaming-provides",
        title: "Sub-aspects: provides and `_`",
        summary: "gaming provides emulation, which provides nes and gba, and each host includes exactly the pieces it wants.",
        workspace: include_str!("../examples/08-gaming-provides.nix"),
        expect: Expect::Clean,
    },
    Example {
        id: "fixpoints",
        title: "Fixpoints: the `aspects` argument",
        summary: "Reach top-level aspects, sibling sub-aspects and the outer set from inside `provides`.",
        workspace: include_str!("../examples/09-fixpoints.nix"),
        expect: Expect::Clean,
    },
    Example {
        id: "self-reference",
        title: "An aspect that reads itself",
        summary: "An aspect written as `{ aspect, lib, ... }:` uses its own name and description, and includes an inline aspect.",
        workspace: include_str!("../examples/10-self-reference.nix"),
        expect: Expect::Clean,
    },
    Example {
        id: "context-providers",
        title: "Providers: { class, aspect-chain }",
        summary: "A provider writes one module for whichever class is resolved, naming the host and the aspect that included it.",
        workspace: include_str!("../examples/11-context-providers.nix"),
        expect: Expect::Clean,
    },
    Example {
        id: "kde-karousel",
        title: "kde-desktop's karousel provider",
        summary: "A provider that contributes only for NixOS hosts other than the home server.",
        workspace: include_str!("../examples/12-kde-karousel.nix"),
        expect: Expect::Clean,
    },
    Example {
        id: "parametric-user",
        title: "Parametric providers: `system._.user \"bob\"`",
        summary: "A curried provider is applied to a user name in `includes` and configures that user on NixOS and macOS.",
        workspace: include_str!("../examples/13-parametric-user.nix"),
        expect: Expect::Clean,
    },
    Example {
        id: "dropped-provider",
        title: "Pitfall: a provider missing its argument",
        summary: "A parametric provider included without its argument contributes nothing; Nix is silent, the playground warns.",
        workspace: include_str!("../examples/14-dropped-provider.nix"),
        expect: Expect::Warning("dropped-include"),
    },
    Example {
        id: "strict-provider",
        title: "Pitfall: a strict `{ class }:` provider",
        summary: "Providers are always called with class and aspect-chain, so `{ class }:` fails where `{ class, ... }:` works.",
        workspace: include_str!("../examples/15-strict-provider.nix"),
        expect: Expect::Error("unexpected-argument"),
    },
    Example {
        id: "custom-functor",
        title: "A custom `__functor`",
        summary: "An aspect decides per class what it contributes, and its own classes are then left out.",
        workspace: include_str!("../examples/16-custom-functor.nix"),
        expect: Expect::Clean,
    },
    Example {
        id: "multi-file-merge",
        title: "One aspect, two files",
        summary: "Two files of one flake define `ssh`: their classes merge and their includes are concatenated.",
        workspace: include_str!("../examples/17-multi-file-merge.nix"),
        expect: Expect::Clean,
    },
    Example {
        id: "conflicting-description",
        title: "Two files, two descriptions",
        summary: "Two files give one aspect different descriptions, which is an error, although the class modules still merge.",
        workspace: include_str!("../examples/18-conflicting-description.nix"),
        expect: Expect::Error("conflicting-description"),
    },
    Example {
        id: "forward-home-manager",
        title: "Forward homeManager into NixOS",
        summary: "`forward` places alice's homeManager module at `home-manager.users.alice` of the host's NixOS module.",
        workspace: include_str!("../examples/19-forward-home-manager.nix"),
        expect: Expect::Clean,
    },
    Example {
        id: "dendrix-ai-layer",
        title: "A Dendrix layer across repos",
        summary: "Two repos share an `ai` aspect, a Dendrix layer combines and extends them, and a consumer imports the layer.",
        workspace: include_str!("../examples/20-dendrix-ai-layer.nix"),
        expect: Expect::Clean,
    },
];

/// The example with this id.
pub fn by_id(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_id_finds_every_example_and_nothing_else() {
        for e in EXAMPLES {
            assert_eq!(by_id(e.id).map(|x| x.id), Some(e.id));
        }
        assert!(by_id("no-such-example").is_none());
        assert_eq!(EXAMPLES[0].id, "welcome");
    }
}
