//! Which inputs a file uses, read from its syntax (nothing is evaluated).
//!
//! A file uses input `x` when it has:
//!
//! - a selection `inputs.x…` or `inputs'.x…` (the name may be quoted:
//!   `inputs."x"`),
//! - `inherit (inputs) x;` or `inherit (inputs') x;`,
//! - `inputs ? x`,
//! - or `with inputs;` (or `with inputs';`) and an identifier `x` anywhere
//!   in the file: what a `with` brings into scope cannot be known without
//!   evaluating, so every identifier counts.
//!
//! This over-approximates (a local variable named `inputs` counts too),
//! which only ever adds an input to the exported flake.

use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;
use std::collections::BTreeSet;

/// The names of `inputs` (and `inputs'`) a Nix text uses.
pub fn used_inputs(text: &str) -> BTreeSet<String> {
    let root = rnix::Root::parse(text).syntax();
    let mut out = BTreeSet::new();
    let mut with_inputs = false;
    for node in root.descendants() {
        if let Some(sel) = ast::Select::cast(node.clone()) {
            if sel.expr().as_ref().is_some_and(is_inputs) {
                if let Some(first) = sel.attrpath().and_then(|p| p.attrs().next()) {
                    out.extend(static_name(&first));
                }
            }
        } else if let Some(inh) = ast::Inherit::cast(node.clone()) {
            let from_inputs = inh
                .from()
                .and_then(|f| f.expr())
                .as_ref()
                .is_some_and(is_inputs);
            if from_inputs {
                out.extend(inh.attrs().filter_map(|a| static_name(&a)));
            }
        } else if let Some(has) = ast::HasAttr::cast(node.clone()) {
            if has.expr().as_ref().is_some_and(is_inputs) {
                if let Some(first) = has.attrpath().and_then(|p| p.attrs().next()) {
                    out.extend(static_name(&first));
                }
            }
        } else if let Some(with) = ast::With::cast(node.clone()) {
            if with.namespace().as_ref().is_some_and(is_inputs) {
                with_inputs = true;
            }
        }
    }
    if with_inputs {
        out.extend(identifiers(&root));
    }
    out
}

/// Whether a Nix text is a list (`[ … ]`, in parentheses or not): a file
/// of several modules, which the playground loads as a module importing
/// them and the module system alone refuses.
pub fn is_list(text: &str) -> bool {
    let mut e = rnix::Root::parse(text).tree().expr();
    while let Some(ast::Expr::Paren(p)) = e {
        e = p.expr();
    }
    matches!(e, Some(ast::Expr::List(_)))
}

/// Whether an expression is the variable `inputs` or `inputs'`
/// (parentheses allowed).
fn is_inputs(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::Ident(id) => {
            let t = id.syntax().text().to_string();
            t == "inputs" || t == "inputs'"
        }
        ast::Expr::Paren(p) => p.expr().as_ref().is_some_and(is_inputs),
        _ => false,
    }
}

/// The name of an attribute when it is written out (`x`, `"x"`, `${"x"}`).
fn static_name(a: &ast::Attr) -> Option<String> {
    match a {
        ast::Attr::Ident(id) => Some(id.syntax().text().to_string()),
        ast::Attr::Str(s) => aspects_nix::syntax::string_literal(s),
        ast::Attr::Dynamic(d) => match d.expr() {
            Some(ast::Expr::Str(s)) => aspects_nix::syntax::string_literal(&s),
            _ => None,
        },
    }
}

/// Every identifier token of a tree.
fn identifiers(root: &SyntaxNode) -> BTreeSet<String> {
    root.descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| t.kind() == SyntaxKind::TOKEN_IDENT)
        .map(|t| t.text().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::used_inputs;

    fn names(text: &str) -> Vec<String> {
        used_inputs(text).into_iter().collect()
    }

    #[test]
    fn selections_inherits_and_has_attr() {
        let text = r#"{ inputs, ... }: {
          imports = [ inputs.b.modules.flake.x inputs."c-d".y (inputs).e ];
          perSystem = { inputs', ... }: { packages.p = inputs'.f.packages.p; };
          z = let inherit (inputs) g h; in inputs ? i;
        }"#;
        assert_eq!(names(text), ["b", "c-d", "e", "f", "g", "h", "i"]);
    }

    #[test]
    fn other_variables_do_not_count() {
        assert!(names("{ config, ... }: { x = config.b; y = self.c; }").is_empty());
        // `inputs.${x}` cannot be read without evaluating.
        assert!(names("{ inputs, x }: inputs.${x}").is_empty());
        assert_eq!(names(r#"{ inputs }: inputs.${"q"}"#), ["q"]);
    }

    #[test]
    fn with_inputs_counts_every_identifier() {
        let n = names("{ inputs, ... }: with inputs; { imports = [ b.modules.x ]; }");
        assert!(n.contains(&"b".to_string()), "{n:?}");
        assert!(n.contains(&"modules".to_string()), "{n:?}");
    }

    #[test]
    fn lists_of_modules() {
        assert!(super::is_list("# modules\n[ { } ({ ... }: { }) ]"));
        assert!(super::is_list("( [ ] )"));
        assert!(!super::is_list("{ imports = [ ]; }"));
        assert!(!super::is_list("let x = [ ]; in x"));
        assert!(!super::is_list(""));
    }

    #[test]
    fn broken_text_still_scans() {
        assert_eq!(names("{ inputs, ... }: { a = inputs.b.c; b = "), ["b"]);
    }
}
