//! The syntax tree of one file as parsed, before scopes are resolved:
//! plain owned data, with each node's byte range. Two parsers make it —
//! [`crate::parse`], fast, for text without syntax errors, and
//! [`crate::from_rnix`], from rnix's lossless tree, for everything the fast
//! one leaves to it — and [`crate::lower`] turns it into [`crate::ast`].
//!
//! A node's range runs from its first token to its last, comments and
//! whitespace around it excluded (as rnix's nodes do).

use crate::ast::BinOp;
use crate::Str;

/// A byte range of the file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Range {
    pub start: u32,
    pub end: u32,
}

impl Range {
    pub fn new(start: u32, end: u32) -> Range {
        Range { start, end }
    }

    /// From the start of `self` to the end of `other`.
    pub fn to(self, other: Range) -> Range {
        Range::new(self.start, other.end)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub range: Range,
    pub kind: ExprKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// An integer literal; `Err` holds its text when it does not fit.
    Int(Result<i64, Str>),
    Float(f64),
    /// A URI literal (`https://example.org`), a string.
    Uri(Str),
    /// A string, its escapes resolved and an indented string's
    /// indentation already stripped.
    Str(Vec<Part>),
    /// A path as written; parts after the first follow interpolations.
    Path(Vec<Part>),
    /// `<nixpkgs>`: the text between the angle brackets.
    SearchPath(Str),
    Ident(Str),
    Paren(Box<Expr>),
    /// `function argument`.
    Apply(Box<Expr>, Box<Expr>),
    Select {
        target: Box<Expr>,
        path: Vec<Attr>,
        default: Option<Box<Expr>>,
    },
    HasAttr {
        target: Box<Expr>,
        path: Vec<Attr>,
    },
    List(Vec<Expr>),
    Lambda(Box<Lambda>),
    If(Box<[Expr; 3]>),
    Assert(Box<Expr>, Box<Expr>),
    With(Box<Expr>, Box<Expr>),
    BinOp(Op, Box<Expr>, Box<Expr>),
    /// `!e`.
    Not(Box<Expr>),
    /// `-e`.
    Neg(Box<Expr>),
    AttrSet {
        rec: bool,
        entries: Vec<Entry>,
    },
    LetIn {
        entries: Vec<Entry>,
        body: Box<Expr>,
    },
    /// `let { ...; body = ...; }`.
    LegacyLet(Vec<Entry>),
    /// `__curPos`.
    CurPos,
}

/// A binary operator: one the evaluator knows, or a pipe (lowered to an
/// application).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Bin(BinOp),
    /// `x |> f`.
    PipeRight,
    /// `f <| x`.
    PipeLeft,
}

/// A literal piece of a string or path, or an interpolation.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Lit(Str),
    Interp(Expr),
}

/// One attribute of an attribute path.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    pub range: Range,
    pub kind: AttrKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AttrKind {
    /// `name` (also the keyword `or`, which names attributes).
    Ident(Str),
    /// `"name"`, possibly with interpolations.
    Str(Vec<Part>),
    /// `${expr}`.
    Dynamic(Box<Expr>),
}

impl Attr {
    /// The name, if it is static: `a`, `"a"` and `${"a"}` are.
    pub fn static_name(&self) -> Option<Str> {
        match &self.kind {
            AttrKind::Ident(name) => Some(name.clone()),
            AttrKind::Str(parts) => literal(parts),
            AttrKind::Dynamic(e) => match &e.kind {
                ExprKind::Str(parts) => literal(parts),
                _ => None,
            },
        }
    }
}

/// The text of a string without interpolations.
pub fn literal(parts: &[Part]) -> Option<Str> {
    match parts {
        [] => Some(Str::default()),
        [Part::Lit(s)] => Some(s.clone()),
        _ => None,
    }
}

/// One entry of an attribute set or `let`.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// `a.b.c = value;`
    Binding {
        range: Range,
        path: Vec<Attr>,
        value: Expr,
    },
    /// `inherit a "b";` or `inherit (from) a b;`
    Inherit {
        range: Range,
        from: Option<Expr>,
        attrs: Vec<Attr>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lambda {
    pub param: Param,
    pub body: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// `x: ...`
    Ident(Str),
    /// `{ a, b ? 1, ... } @ all: ...`
    Pattern {
        formals: Vec<Formal>,
        ellipsis: bool,
        bind: Option<Str>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Formal {
    pub range: Range,
    pub name: Str,
    pub default: Option<Expr>,
}
