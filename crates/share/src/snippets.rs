//! Things to paste elsewhere: the link itself, a Markdown block, an
//! `<iframe>`.

use crate::{encode, SharedState};

/// Links longer than this (in bytes) may be cut by chat apps, mail clients
/// or servers; the UI warns and suggests the Markdown or a smaller
/// workspace.
pub const LONG_LINK_WARNING: usize = 8000;

/// The share link: `base_url` without any fragment it has, `#`, and the
/// encoded state.
pub fn link(base_url: &str, state: &SharedState) -> String {
    let base = base_url.trim();
    let base = base.find('#').map_or(base, |hash| &base[..hash]);
    format!("{base}#{}", encode(state))
}

/// Whether `link` is longer than [`LONG_LINK_WARNING`] bytes.
pub fn is_long(link: &str) -> bool {
    link.len() > LONG_LINK_WARNING
}

/// The workspace as a fenced ```` ```nix ```` block, followed by
/// `[Open in Aspect Playground](link)`. The fence is longer than any run of
/// backticks in the text, so the text cannot close it.
pub fn markdown(workspace_text: &str, link: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(workspace_text).max(2) + 1);
    let mut out = format!("{fence}nix\n{workspace_text}");
    if !workspace_text.is_empty() && !workspace_text.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&fence);
    out.push_str("\n\n[Open in Aspect Playground](");
    push_markdown_destination(&mut out, link);
    out.push_str(")\n");
    out
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// Percent-encodes what would end or break a Markdown link destination
/// (spaces, parentheses, angle brackets, backslashes, control characters).
/// Share links themselves contain none of these; a base URL might.
fn push_markdown_destination(out: &mut String, link: &str) {
    for c in link.chars() {
        match c {
            ' ' | '(' | ')' | '<' | '>' | '\\' | '\u{0}'..='\u{1f}' | '\u{7f}' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            _ => out.push(c),
        }
    }
}

/// An `<iframe>` showing `embed_url`: lazy-loaded, full width,
/// `height_px` tall, titled `title` for screen readers.
///
/// Attribute values are HTML-escaped, so neither argument can end the
/// attribute or the tag. Only `http:`, `https:` and relative URLs are used
/// (anything else, like `javascript:`, becomes `about:blank`). The frame
/// gets no `allow`, `allowfullscreen` or `sandbox` grants: only the
/// browser's defaults for a frame.
pub fn embed_snippet(embed_url: &str, title: &str, height_px: u32) -> String {
    let src = if is_safe_src(embed_url) {
        embed_url.trim()
    } else {
        "about:blank"
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height_px}\" \
         loading=\"lazy\" style=\"border: 0;\"></iframe>",
        escape_attribute(src),
        escape_attribute(title),
    )
}

/// Whether the browser would load `url` as `http:`, `https:` or a relative
/// URL. Browsers drop tabs and newlines anywhere in a URL and control
/// characters and spaces around it (so `java\nscript:` is `javascript:`);
/// the scheme is read the same way here.
fn is_safe_src(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    match cleaned.find([':', '/', '?', '#']) {
        Some(end) if cleaned[end..].starts_with(':') => {
            let scheme = &cleaned[..end];
            scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
        }
        // No scheme: relative to the page.
        _ => true,
    }
}

fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}
