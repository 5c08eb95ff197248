//! Parsing with `rnix`, and syntax errors as positioned, readable diagnostics.

use crate::recent::Recent;
use crate::source::{LineCol, LineIndex};
use crate::Str;
use rnix::{ParseError, SyntaxKind};
use serde::Serialize;

/// One syntax error: where it is and what is wrong, in words for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyntaxDiagnostic {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// Position of `start`.
    pub at: LineCol,
    pub message: String,
}

/// How deep brackets may nest, and how many prefix operators or
/// right-associative operators may chain, before a text is refused
/// (rnix's parser recurses on them without a limit).
pub const MAX_NESTING: usize = 1000;

thread_local! {
    static PARSES: std::cell::RefCell<Recent<(), rnix::Parse<rnix::Root>>> =
        const { std::cell::RefCell::new(Recent::new()) };
}

/// Drops the trees this thread keeps from [`parse`] (only text the fast
/// parser leaves to rnix is parsed here). Once a file is lowered (lowered
/// trees are kept apart), nothing reads its tree again but the syntax
/// diagnostics (a 500 KB file's tree is 5.6 MB).
pub fn forget_parses() {
    PARSES.with(|p| *p.borrow_mut() = Recent::new());
}

/// Parses `text` with rnix (the caller has checked [`nesting_too_deep`]).
/// The last few texts' trees are kept per thread: lowering (of text the
/// fast parser leaves to rnix: syntax errors, rare forms) and the syntax
/// diagnostics read the same file, and a file with a syntax error is
/// evaluated again at each keystroke until it is fixed.
pub fn parse(text: &str) -> rnix::Parse<rnix::Root> {
    if let Some(hit) = PARSES.with(|p| p.borrow_mut().get(text, |_| true)) {
        return hit;
    }
    let parse = rnix::Root::parse(text);
    // Only text the fast parser leaves to rnix comes here: freed at once.
    drop(PARSES.with(|p| p.borrow_mut().keep(text, (), parse.clone())));
    parse
}

/// The offset where `text` nests too deeply to parse safely, if it does.
/// A rough scan: strings and comments are skipped, nothing else is parsed.
pub fn nesting_too_deep(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let (mut i, mut depth, mut run, mut chain) = (0usize, 0usize, 0usize, 0usize);
    while i < b.len() {
        let c = b[i];
        match c {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
                continue;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'\'' if b.get(i + 1) == Some(&b'\'') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'\'' && b[i + 1] == b'\'') {
                    i += 1;
                }
                i += 1;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'-' | b'!' => {
                if b.get(i + 1) == Some(&b'>') {
                    chain += 1;
                    i += 1;
                } else {
                    run += 1;
                }
                if run > MAX_NESTING || chain > 50 * MAX_NESTING {
                    return Some(i);
                }
                i += 1;
                continue;
            }
            b'+' if b.get(i + 1) == Some(&b'+') => {
                chain += 1;
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                chain += 1;
                i += 1;
            }
            c if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => {}
        }
        if chain > 50 * MAX_NESTING {
            return Some(i);
        }
        run = 0;
        i += 1;
    }
    None
}

/// Parses `text` and lists its syntax errors in source order.
pub fn parse_diagnostics(text: &str) -> Vec<SyntaxDiagnostic> {
    let index = LineIndex::new(text);
    if let Some(at) = nesting_too_deep(text) {
        return vec![SyntaxDiagnostic {
            start: at,
            end: at,
            at: index.line_col(text, at),
            message: format!(
                "the expression nests too deeply (more than {MAX_NESTING} levels) to be parsed"
            ),
        }];
    }
    let parse = parse(text);
    let mut out: Vec<SyntaxDiagnostic> = parse
        .errors()
        .iter()
        .map(|e| {
            let (start, end, message) = describe(e, text);
            SyntaxDiagnostic {
                start,
                end,
                at: index.line_col(text, start),
                message,
            }
        })
        .collect();
    out.sort_by_key(|d| (d.start, d.end));
    out.dedup_by(|a, b| a.start == b.start && a.message == b.message);
    out
}

/// The byte range and message of a parse error.
pub(crate) fn describe(e: &ParseError, text: &str) -> (usize, usize, String) {
    let eof = text.len();
    let snippet = |s: usize, t: usize| -> String {
        let s = text.get(s..t).unwrap_or("").trim();
        let short: String = s.chars().take(24).collect();
        if short.is_empty() {
            "end of input".into()
        } else {
            format!("`{short}`")
        }
    };
    match e {
        ParseError::Unexpected(r) => {
            let (s, t) = (r.start().into(), r.end().into());
            (s, t, format!("unexpected {}", snippet(s, t)))
        }
        ParseError::UnexpectedExtra(r) => {
            let (s, t) = (r.start().into(), r.end().into());
            (
                s,
                t,
                format!(
                    "unexpected {} after the end of the expression",
                    snippet(s, t)
                ),
            )
        }
        ParseError::UnexpectedWanted(got, r, wanted) => {
            let (s, t) = (r.start().into(), r.end().into());
            (
                s,
                t,
                format!(
                    "unexpected {}, expected {}",
                    token_name(*got),
                    wanted_list(wanted)
                ),
            )
        }
        ParseError::UnexpectedDoubleBind(r) => {
            let (s, t) = (r.start().into(), r.end().into());
            (s, t, "a pattern can only be bound once with `@`".into())
        }
        ParseError::UnexpectedEOF => (eof, eof, "unexpected end of input".into()),
        ParseError::UnexpectedEOFWanted(wanted) => (
            eof,
            eof,
            format!("unexpected end of input, expected {}", wanted_list(wanted)),
        ),
        ParseError::DuplicatedArgs(r, name) => {
            let (s, t) = (r.start().into(), r.end().into());
            (s, t, format!("duplicate formal function argument '{name}'"))
        }
        ParseError::RecursionLimitExceeded => {
            (0, 0, "the expression is nested too deeply to parse".into())
        }
        _ => (0, 0, e.to_string()),
    }
}

fn wanted_list(kinds: &[SyntaxKind]) -> String {
    let names: Vec<String> = kinds.iter().map(|k| token_name(*k)).collect();
    match names.len() {
        0 => "something else".into(),
        1 => names[0].clone(),
        _ => format!(
            "{} or {}",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        ),
    }
}

/// An identifier's name. It is the node's one token; `SyntaxText` would
/// gather the text token by token through a formatter, ten times slower.
pub fn ident_name(id: &rnix::ast::Ident) -> Str {
    with_ident_text(id, |text| Str::from(text))
}

/// `f` of an identifier's text (not copied first when the identifier is
/// one token, as it nearly always is).
pub fn with_ident_text<T>(id: &rnix::ast::Ident, f: impl FnOnce(&str) -> T) -> T {
    use rowan::ast::AstNode;
    match id.syntax().first_token() {
        Some(t) if t.text_range() == id.syntax().text_range() => f(t.text()),
        _ => f(&id.syntax().text().to_string()),
    }
}

/// A string literal's text, if it has no interpolation. None too for a
/// string the parser could not make whole (an error inside it), which
/// rnix's own `parts` would panic on: trees with errors are read while
/// the user types.
pub fn string_literal(s: &rnix::ast::Str) -> Option<String> {
    use rnix::ast::InterpolPart;
    use rowan::ast::AstNode;
    use rowan::NodeOrToken;
    use SyntaxKind::*;
    let well_formed = s.syntax().children_with_tokens().all(|c| match c {
        NodeOrToken::Token(t) => matches!(
            t.kind(),
            TOKEN_STRING_CONTENT | TOKEN_STRING_START | TOKEN_STRING_END
        ),
        NodeOrToken::Node(n) => n.kind() == NODE_INTERPOL,
    });
    if !well_formed {
        return None;
    }
    match s.normalized_parts().as_slice() {
        [] => Some(String::new()),
        [InterpolPart::Literal(t)] => Some(t.clone()),
        _ => None,
    }
}

/// A syntax kind as people call it.
pub fn token_name(kind: SyntaxKind) -> String {
    use SyntaxKind::*;
    let s = match kind {
        TOKEN_SEMICOLON => "`;`",
        TOKEN_COLON => "`:`",
        TOKEN_COMMA => "`,`",
        TOKEN_DOT => "`.`",
        TOKEN_ELLIPSIS => "`...`",
        TOKEN_ASSIGN => "`=`",
        TOKEN_AT => "`@`",
        TOKEN_QUESTION => "`?`",
        TOKEN_L_BRACE => "`{`",
        TOKEN_R_BRACE => "`}`",
        TOKEN_L_BRACK => "`[`",
        TOKEN_R_BRACK => "`]`",
        TOKEN_L_PAREN => "`(`",
        TOKEN_R_PAREN => "`)`",
        TOKEN_INTERPOL_START => "`${`",
        TOKEN_INTERPOL_END => "`}`",
        TOKEN_IDENT => "an identifier",
        TOKEN_STRING_START | TOKEN_STRING_END => "`\"`",
        TOKEN_IN => "`in`",
        TOKEN_THEN => "`then`",
        TOKEN_ELSE => "`else`",
        TOKEN_ERROR => "an invalid token",
        NODE_ATTRPATH | NODE_ATTRPATH_VALUE => "an attribute",
        _ => {
            let raw = format!("{kind:?}");
            if raw.starts_with("NODE_") {
                return "an expression".into();
            }
            return format!("`{}`", raw.trim_start_matches("TOKEN_").to_lowercase());
        }
    };
    s.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgotten_parses_are_made_again() {
        let text = "{ forgotten = 1; }";
        let tree = parse(text).syntax();
        assert_eq!(parse(text).syntax(), tree, "the same tree is kept");
        forget_parses();
        let again = parse(text).syntax();
        assert_ne!(again, tree, "a new tree is made");
        assert_eq!(again.to_string(), text);
    }

    #[test]
    fn kept_parses_are_of_their_own_text() {
        let texts: Vec<String> = (0..40).map(|i| format!("{{ a = {i}; }}")).collect();
        for t in texts.iter().chain(texts.iter().rev()) {
            assert_eq!(parse(t).tree().to_string(), *t);
        }
        let broken = parse("{ a = ; }");
        assert!(!broken.errors().is_empty());
        assert_eq!(parse("{ a = ; }").errors(), broken.errors());
    }

    /// `string_literal` of every string of `text`'s tree.
    fn literals(text: &str) -> Vec<Option<String>> {
        use rowan::ast::AstNode;
        parse(text)
            .syntax()
            .descendants()
            .filter_map(rnix::ast::Str::cast)
            .map(|s| string_literal(&s))
            .collect()
    }

    #[test]
    fn string_literals_are_read_from_trees_with_errors_too() {
        assert_eq!(
            literals(r#"{ "a b" = "c"; }"#),
            [Some("a b".into()), Some("c".into())]
        );
        assert_eq!(literals("''\n  x\n    y\n''"), [Some("x\n  y\n".into())]);
        assert_eq!(literals(r#""a${b}""#), [None]);
        // An error inside a string (rnix's own `parts` asserts there is
        // none): typed while an interpolation is still open.
        for broken in [
            r#"{ x = "a${ }"; }"#,
            r#"{ "${" = 1; }"#,
            r#"{ x."${)}" = 1; }"#,
        ] {
            assert!(!parse(broken).errors().is_empty(), "{broken}");
            let found = literals(broken);
            assert!(found.iter().all(Option::is_none), "{broken}: {found:?}");
        }
    }

    #[test]
    fn valid_text_has_no_diagnostics() {
        assert!(parse_diagnostics("{ a = 1; b = [ 1 2 ]; }").is_empty());
    }

    #[test]
    fn missing_value_is_reported_at_its_position() {
        let d = parse_diagnostics("{\n  a = ;\n}");
        assert!(!d.is_empty());
        assert_eq!(d[0].at, LineCol { line: 2, column: 7 });
        assert!(d[0].message.contains("`;`"), "{}", d[0].message);
    }

    #[test]
    fn end_of_input_is_reported_at_the_end() {
        let text = "{ a = 1;";
        let d = parse_diagnostics(text);
        assert!(!d.is_empty());
        let last = d.last().unwrap();
        assert_eq!(last.start, text.len());
        assert!(last.message.contains("end of input"), "{}", last.message);
    }

    #[test]
    fn identifiers_are_named_by_their_token() {
        use rnix::ast::{self, HasEntry};
        let root = parse("{ x = 1; or = 2; \"q\" = 3; }").tree();
        let Some(ast::Expr::AttrSet(set)) = root.expr() else {
            panic!("a set")
        };
        let names: Vec<String> = set
            .attrpath_values()
            .filter_map(|kv| match kv.attrpath()?.attrs().next()? {
                ast::Attr::Ident(id) => Some(ident_name(&id).to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(names, ["x", "or"]);
    }
}
