//! `link`, `is_long`, `markdown` and `embed_snippet`.

use aspects_share::{
    decode, embed_snippet, is_long, link, markdown, SharedState, LONG_LINK_WARNING,
};

fn state() -> SharedState {
    SharedState {
        workspace: "{ }\n".into(),
        view: Some("graph".into()),
        ..Default::default()
    }
}

#[test]
fn link_replaces_any_fragment_of_the_base_url() {
    for base in [
        "https://example.org/play/",
        "https://example.org/play/#v1.old",
        "  https://example.org/play/#\n",
    ] {
        let shared = link(base, &state());
        assert!(
            shared.starts_with("https://example.org/play/#v1."),
            "{shared}"
        );
        assert_eq!(shared.matches('#').count(), 1);
        assert_eq!(decode(&shared), Ok(state()));
    }
    assert!(link("", &state()).starts_with("#v1."));
}

#[test]
fn long_links() {
    assert_eq!(LONG_LINK_WARNING, 8000);
    assert!(!is_long(&"a".repeat(LONG_LINK_WARNING)));
    assert!(is_long(&"a".repeat(LONG_LINK_WARNING + 1)));
    assert!(!is_long(&link("https://example.org/", &state())));
}

#[test]
fn markdown_block_and_link() {
    let md = markdown("{ a = 1; }\n", "https://example.org/#v1.abc");
    assert_eq!(
        md,
        "```nix\n{ a = 1; }\n```\n\n[Open in Aspect Playground](https://example.org/#v1.abc)\n"
    );
    // No trailing newline in the text: one is added before the fence.
    assert!(markdown("x", "l").starts_with("```nix\nx\n```\n"));
    assert!(markdown("", "l").starts_with("```nix\n```\n"));
}

#[test]
fn markdown_fence_outgrows_backticks_in_the_text() {
    let text = "# ```nix example ```\n'' ``` ''\n";
    let md = markdown(text, "l");
    assert!(md.starts_with("````nix\n"), "{md}");
    assert!(md.contains("\n````\n\n[Open"), "{md}");
    let md = markdown("a ````` b `` c", "l");
    assert!(md.starts_with("``````nix\n"), "{md}");
    // Two backticks need no longer fence than the usual three.
    assert!(markdown("``", "l").starts_with("```nix\n"));
}

#[test]
fn markdown_link_destination_is_escaped() {
    let md = markdown("x\n", "https://example.org/a (b)/<c>\\#v1.x");
    assert!(
        md.ends_with("(https://example.org/a%20%28b%29/%3Cc%3E%5C#v1.x)\n"),
        "{md}"
    );
}

#[test]
fn embed_snippet_is_a_lazy_titled_iframe() {
    let html = embed_snippet(
        "https://example.org/embed/#v1.abc",
        "Aspect Playground",
        480,
    );
    assert_eq!(
        html,
        "<iframe src=\"https://example.org/embed/#v1.abc\" title=\"Aspect Playground\" \
         width=\"100%\" height=\"480\" loading=\"lazy\" style=\"border: 0;\"></iframe>"
    );
    assert!(!html.contains("sandbox") && !html.contains("allow"));
}

#[test]
fn embed_snippet_escapes_attributes() {
    let html = embed_snippet("/embed?a=1&b=\"><script>", "A \"title\" <b>'s & more", 1);
    assert!(
        html.contains("src=\"/embed?a=1&amp;b=&quot;&gt;&lt;script&gt;\""),
        "{html}"
    );
    assert!(
        html.contains("title=\"A &quot;title&quot; &lt;b&gt;&#39;s &amp; more\""),
        "{html}"
    );
    assert_eq!(html.matches('<').count(), 2, "{html}");
    assert_eq!(html.matches('>').count(), 2, "{html}");
}

#[test]
fn embed_snippet_refuses_script_urls() {
    for url in [
        "javascript:alert(1)",
        "  JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\u{1}javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "file:///etc/passwd",
    ] {
        let html = embed_snippet(url, "t", 100);
        assert!(html.contains("src=\"about:blank\""), "{url:?}: {html}");
    }
    for url in [
        "https://example.org/",
        "HTTP://example.org/",
        "/embed/#v1.x",
        "embed.html?x=a:b",
        "//example.org/x",
    ] {
        let html = embed_snippet(url, "t", 100);
        assert!(!html.contains("about:blank"), "{url:?}: {html}");
    }
}
