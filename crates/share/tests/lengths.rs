//! Link lengths for realistic workspaces (the numbers in README.md). The
//! goal: a typical example of 20–40 lines of Nix gives a link under 1 500
//! characters.

use aspects_share::{link, SharedState};

const BASE: &str = "https://example.github.io/aspect-playground/";

fn length(workspace: &str) -> usize {
    let state = SharedState {
        workspace: workspace.into(),
        view: Some("graph".into()),
        class: Some("nixos".into()),
        aspect: Some("laptop".into()),
        file: Some("my-flake/modules/hosts.nix".into()),
    };
    link(BASE, &state).len()
}

#[test]
fn typical_examples_give_short_links() {
    let small = length(include_str!("fixtures/example-20.nix"));
    let multi = length(include_str!("fixtures/multi-file-60.nix"));
    println!("example-20: {small} characters, multi-file-60: {multi} characters");
    assert!(small < 500, "{small}");
    assert!(multi < 1_500, "{multi}");
}
