//! The tiny Markdown subset of lesson prose, parsed into blocks the UI
//! renders.
//!
//! The subset:
//!
//! - **Paragraphs**: consecutive non-blank lines; the line breaks inside
//!   one become spaces. A blank line ends a paragraph.
//! - **Bullet lists**: a line starting with `- ` or `* ` starts an item
//!   (and ends a paragraph before it). An indented line right after an
//!   item continues it; a blank or unindented line ends the list.
//! - **Fenced code blocks**: from a line starting with three backticks
//!   (an info string such as `nix` may follow and is ignored) to the next
//!   such line, or to the end. The lines in between are kept verbatim.
//! - Inside paragraphs and list items:
//!   - `inline code` between backticks; a run of N backticks is closed
//!     by the next run of exactly N, so ``` `` `a` `` ``` holds a
//!     backtick. One space just inside both ends is dropped. An unclosed
//!     run is literal text.
//!   - `**strong**` text (plain text inside, no nesting). An unclosed
//!     `**` is literal text.
//!
//! Nothing else is special: no headings, links, emphasis, escapes or HTML.
//! Any text is accepted; what is not markup is text.

use serde::Serialize;

/// A block of prose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// A fenced code block's text, without the fences.
    Code(String),
    /// The items of a bullet list.
    List(Vec<Vec<Inline>>),
}

/// A run of text inside a paragraph or a list item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(String),
}

/// Parses lesson prose (see the module docs for the subset).
pub fn render_blocks(prose: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    let mut lines = prose.lines();

    fn flush_paragraph(paragraph: &mut Vec<&str>, out: &mut Vec<Block>) {
        if !paragraph.is_empty() {
            let text = paragraph
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join(" ");
            out.push(Block::Paragraph(render_inlines(&text)));
            paragraph.clear();
        }
    }
    fn flush_list(items: &mut Vec<String>, out: &mut Vec<Block>) {
        if !items.is_empty() {
            out.push(Block::List(
                items.iter().map(|i| render_inlines(i.trim())).collect(),
            ));
            items.clear();
        }
    }

    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            flush_paragraph(&mut paragraph, &mut out);
            flush_list(&mut items, &mut out);
            let mut code = Vec::new();
            for l in lines.by_ref() {
                if l.trim_start().starts_with("```") {
                    break;
                }
                code.push(l);
            }
            out.push(Block::Code(code.join("\n")));
        } else if trimmed.is_empty() {
            flush_paragraph(&mut paragraph, &mut out);
            flush_list(&mut items, &mut out);
        } else if let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            flush_paragraph(&mut paragraph, &mut out);
            items.push(item.to_string());
        } else if !items.is_empty() && line.starts_with(char::is_whitespace) {
            let last = items.last_mut().expect("an item");
            last.push(' ');
            last.push_str(trimmed.trim_end());
        } else {
            flush_list(&mut items, &mut out);
            paragraph.push(line);
        }
    }
    flush_paragraph(&mut paragraph, &mut out);
    flush_list(&mut items, &mut out);
    out
}

/// Parses the inline markup of one paragraph or item.
pub fn render_inlines(text: &str) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let n = rest.chars().take_while(|&c| c == '`').count();
            let after = &rest[n..];
            match closing_run(after, n) {
                Some(end) => {
                    let mut code = &after[..end];
                    if code.len() >= 2
                        && code.starts_with(' ')
                        && code.ends_with(' ')
                        && !code.trim().is_empty()
                    {
                        code = &code[1..code.len() - 1];
                    }
                    push_text(&mut out, &mut plain);
                    out.push(Inline::Code(code.to_string()));
                    rest = &after[end + n..];
                }
                None => {
                    plain.push_str(&rest[..n]);
                    rest = after;
                }
            }
        } else if let Some(after) = rest.strip_prefix("**") {
            match after.find("**") {
                Some(end) if end > 0 => {
                    push_text(&mut out, &mut plain);
                    out.push(Inline::Strong(after[..end].to_string()));
                    rest = &after[end + 2..];
                }
                _ => {
                    plain.push_str("**");
                    rest = after;
                }
            }
        } else {
            plain.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    push_text(&mut out, &mut plain);
    out
}

/// Where the next run of exactly `n` backticks starts in `s`.
fn closing_run(s: &str, n: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' {
                i += 1;
            }
            if i - start == n {
                return Some(start);
            }
        } else {
            i += 1;
        }
    }
    None
}

fn push_text(out: &mut Vec<Inline>, plain: &mut String) {
    if !plain.is_empty() {
        out.push(Inline::Text(std::mem::take(plain)));
    }
}

/// The prose as plain text (code kept, markup dropped), e.g. for search
/// or a summary.
pub fn plain_text(prose: &str) -> String {
    let inline = |items: &[Inline]| {
        items
            .iter()
            .map(|i| match i {
                Inline::Text(s) | Inline::Code(s) | Inline::Strong(s) => s.as_str(),
            })
            .collect::<String>()
    };
    render_blocks(prose)
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => inline(p),
            Block::Code(c) => c.clone(),
            Block::List(items) => items
                .iter()
                .map(|i| format!("- {}", inline(i)))
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text(s.into())
    }
    fn c(s: &str) -> Inline {
        Inline::Code(s.into())
    }
    fn b(s: &str) -> Inline {
        Inline::Strong(s.into())
    }

    #[test]
    fn paragraphs_join_lines_and_split_at_blank_lines() {
        let blocks = render_blocks("One\ntwo  \n\n\n  Three\n");
        assert_eq!(
            blocks,
            [
                Block::Paragraph(vec![t("One two")]),
                Block::Paragraph(vec![t("Three")])
            ]
        );
    }

    #[test]
    fn empty_and_blank_prose_has_no_blocks() {
        assert!(render_blocks("").is_empty());
        assert!(render_blocks("\n  \n\t\n").is_empty());
    }

    #[test]
    fn inline_code_and_strong() {
        assert_eq!(
            render_inlines("Use `flake.aspects` **now**, then `x`."),
            [
                t("Use "),
                c("flake.aspects"),
                t(" "),
                b("now"),
                t(", then "),
                c("x"),
                t(".")
            ]
        );
    }

    #[test]
    fn code_spans_keep_stars_and_double_backticks_hold_a_backtick() {
        assert_eq!(render_inlines("`**a**`"), [c("**a**")]);
        assert_eq!(render_inlines("`` `_` ``"), [c("`_`")]);
        assert_eq!(
            render_inlines("a `` b ` c `` d"),
            [t("a "), c("b ` c"), t(" d")]
        );
        // A lone space inside is kept.
        assert_eq!(render_inlines("` `"), [c(" ")]);
    }

    #[test]
    fn unclosed_markup_is_literal_text() {
        assert_eq!(render_inlines("a `b"), [t("a `b")]);
        assert_eq!(render_inlines("2 ** 3"), [t("2 ** 3")]);
        assert_eq!(render_inlines("****"), [t("****")]);
        assert_eq!(render_inlines("``a`"), [t("``a`")]);
    }

    #[test]
    fn unicode_text_is_kept() {
        assert_eq!(
            render_inlines("→ `é` … **ü**"),
            [t("→ "), c("é"), t(" … "), b("ü")]
        );
    }

    #[test]
    fn fenced_code_is_verbatim_and_ends_paragraphs_and_lists() {
        let prose = "Before\n```nix\n{ a = 1; }\n\n  b = `x`;\n```\n- item\n```\nmore\n```\nAfter";
        assert_eq!(
            render_blocks(prose),
            [
                Block::Paragraph(vec![t("Before")]),
                Block::Code("{ a = 1; }\n\n  b = `x`;".into()),
                Block::List(vec![vec![t("item")]]),
                Block::Code("more".into()),
                Block::Paragraph(vec![t("After")]),
            ]
        );
    }

    #[test]
    fn an_unclosed_fence_runs_to_the_end() {
        assert_eq!(render_blocks("```\nx\ny"), [Block::Code("x\ny".into())]);
        assert_eq!(render_blocks("```"), [Block::Code(String::new())]);
    }

    #[test]
    fn lists_with_continuations_and_both_markers() {
        let prose = "Intro:\n- one `a`\n  continued\n* two **b**\n\n- three\nAfter";
        assert_eq!(
            render_blocks(prose),
            [
                Block::Paragraph(vec![t("Intro:")]),
                Block::List(vec![
                    vec![t("one "), c("a"), t(" continued")],
                    vec![t("two "), b("b")],
                ]),
                Block::List(vec![vec![t("three")]]),
                Block::Paragraph(vec![t("After")]),
            ]
        );
    }

    #[test]
    fn a_dash_without_space_is_text() {
        assert_eq!(
            render_blocks("-not an item\n-- nor this"),
            [Block::Paragraph(vec![t("-not an item -- nor this")])]
        );
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("A **b** `c`\n\n- d\n- e\n\n```\nf\n```"),
            "A b c\n\n- d\n- e\n\nf"
        );
    }
}
