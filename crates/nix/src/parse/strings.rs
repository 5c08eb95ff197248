//! A string's literal text as Nix reads it: escapes resolved and, for an
//! indented (`''`) string, the common indentation of its lines removed.
//! The rules are rnix's (`normalized_parts`), which the lowering of rnix's
//! trees uses too; the fast parser's tests hold the two to the same output.

use crate::tree::{Expr, Part};
use crate::Str;

/// A piece of a string as written.
pub enum Raw<'a> {
    Lit(&'a str),
    Interp(Expr),
}

/// The parts of a `"` string.
pub fn plain(raw: Vec<Raw>) -> Vec<Part> {
    raw.into_iter()
        .map(|r| match r {
            Raw::Lit(text) => Part::Lit(unescape_plain(text)),
            Raw::Interp(e) => Part::Interp(e),
        })
        .collect()
}

fn unescape_plain(text: &str) -> Str {
    if !text.contains('\\') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => break,
        }
    }
    out.into()
}

/// The parts of a `''` string.
pub fn indented(raw: Vec<Raw>) -> Vec<Part> {
    let first_is_literal = matches!(raw.first(), Some(Raw::Lit(_)));
    let indent = common_indent(&raw, first_is_literal);
    let count = raw.len();
    let mut parts = Vec::with_capacity(count);
    let mut line_start = true;
    let mut dropped = 0usize;
    for (i, piece) in raw.into_iter().enumerate() {
        let text = match piece {
            Raw::Interp(e) => {
                line_start = false;
                dropped = 0;
                parts.push(Part::Interp(e));
                continue;
            }
            Raw::Lit(text) => text,
        };
        let text = if i == 0 && first_is_literal {
            match skip_blank_first_line(text) {
                "" if text.contains('\n') => continue,
                rest => rest,
            }
        } else {
            text
        };
        let mut kept = String::with_capacity(text.len());
        for c in text.chars() {
            if !line_start {
                kept.push(c);
                line_start = c == '\n';
            } else if c == ' ' {
                if dropped >= indent {
                    kept.push(c);
                }
                dropped += 1;
            } else {
                // A line break keeps the line start; anything else ends it.
                line_start = c == '\n';
                dropped = 0;
                kept.push(c);
            }
        }
        if i + 1 == count {
            // The last line's trailing spaces go (the closing `''` line).
            if let Some(p) = kept.rfind('\n') {
                if kept[p + 1..].bytes().all(|b| b == b' ') {
                    kept.truncate(p + 1);
                }
            }
        }
        parts.push(Part::Lit(unescape_indented(&kept)));
    }
    parts
}

/// The text after the first line break, when all before it is spaces.
fn skip_blank_first_line(text: &str) -> &str {
    match text.find('\n') {
        Some(p) if text[..p].bytes().all(|b| b == b' ') => &text[p + 1..],
        _ => text,
    }
}

/// The fewest spaces any line starts with (lines of spaces only do not
/// count; an interpolation at a line's start ends its indentation).
fn common_indent(raw: &[Raw], first_is_literal: bool) -> usize {
    // (rnix starts from a million, not usize::MAX; kept for equal output.)
    let mut least = 1_000_000;
    let mut line_start = true;
    let mut spaces = 0;
    for (i, piece) in raw.iter().enumerate() {
        let text = match piece {
            Raw::Interp(_) => {
                if line_start {
                    line_start = false;
                    least = least.min(spaces);
                }
                continue;
            }
            Raw::Lit(text) if i == 0 && first_is_literal => skip_blank_first_line(text),
            Raw::Lit(text) => text,
        };
        for c in text.chars() {
            if line_start {
                match c {
                    ' ' => spaces += 1,
                    '\n' => spaces = 0,
                    _ => {
                        line_start = false;
                        least = least.min(spaces);
                    }
                }
            } else if c == '\n' {
                line_start = true;
                spaces = 0;
            }
        }
    }
    least
}

fn unescape_indented(text: &str) -> Str {
    if !text.contains('\'') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            out.push(c);
            continue;
        }
        match chars.next() {
            None => out.push('\''),
            Some('\'') => match chars.next() {
                Some('\'') => out.push_str("''"),
                Some('$') => out.push('$'),
                Some('\\') => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('r') => out.push('\r'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => break,
                },
                // Not in a string's text: `''` alone ends the string.
                _ => break,
            },
            Some(other) => {
                out.push('\'');
                out.push(other);
            }
        }
    }
    out.into()
}
