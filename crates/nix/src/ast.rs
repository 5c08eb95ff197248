//! The lowered syntax tree the evaluator walks: compact, with spans, and
//! with variables already resolved to their scope slots where possible.

use crate::Str;
use std::rc::Rc;

/// A file registered with the evaluator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: u32, end: u32) -> Self {
        Span { file, start, end }
    }
}

pub type E = Rc<Expr>;

/// How a variable is found at run time.
#[derive(Debug, Clone)]
pub enum Var {
    /// A slot of an enclosing scope frame: `depth` frames up, slot `index`.
    Local { depth: u32, index: u32 },
    /// A global builtin (`true`, `map`, `builtins`, ...), by its index in
    /// [`crate::builtins::GLOBALS`].
    Global(u32),
    /// Not bound lexically: looked up in the enclosing `with` scopes,
    /// innermost first (their frame depths).
    With { name: Str, withs: Rc<[u32]> },
}

#[derive(Debug, Clone)]
pub enum AttrKey {
    /// A literal name, with where it was last found when selected.
    Static(Str, IndexHint),
    Dynamic(E),
}

impl AttrKey {
    /// A literal name.
    pub fn name(name: impl Into<Str>) -> AttrKey {
        AttrKey::Static(name.into(), IndexHint::default())
    }
}

/// Where a selection last found its name in a large set. A selection
/// site mostly meets the same set (`lib.mkOption`, `aspects.foo`), so
/// trying that position first skips the binary search; the name is
/// compared, so a wrong hint only costs that comparison.
#[derive(Debug, Clone, Default)]
pub struct IndexHint(pub(crate) std::cell::Cell<u32>);

#[derive(Debug, Clone)]
pub enum StrPart {
    Lit(Str),
    Interp(E),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Concat,
    Update,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Impl,
}

#[derive(Debug)]
pub enum Expr {
    Int(i64),
    Float(f64),
    Str(Str),
    /// A path literal without interpolation, already made absolute.
    Path(Str),
    /// A string with `${...}` parts.
    Interp(Vec<StrPart>, Span),
    /// A path with `${...}` parts; the first literal is made absolute.
    PathInterp(Vec<StrPart>, Span),
    /// `<nixpkgs>`-style search path.
    SearchPath(Str, Span),
    Var(Var, Span),
    Select {
        target: E,
        path: Vec<AttrKey>,
        default: Option<E>,
        span: Span,
    },
    HasAttr {
        target: E,
        path: Vec<AttrKey>,
        span: Span,
    },
    /// (Inline, not behind its own `Rc`: one allocation per set fewer,
    /// and one pointer fewer to follow each time it is evaluated.)
    Attrs(AttrsExpr),
    Let(Rc<LetExpr>),
    List(Vec<E>),
    Lambda(Rc<Lambda>),
    Apply {
        func: E,
        args: Vec<E>,
        span: Span,
    },
    If {
        cond: E,
        then: E,
        otherwise: E,
        span: Span,
    },
    Assert {
        cond: E,
        body: E,
        span: Span,
    },
    With {
        namespace: E,
        body: E,
        span: Span,
    },
    BinOp {
        op: BinOp,
        lhs: E,
        rhs: E,
        span: Span,
    },
    Not(E, Span),
    Neg(E, Span),
    CurPos(Span),
}

/// One attribute of an attrset or `let`: `name = value;`.
#[derive(Debug)]
pub struct Binding {
    pub name: Str,
    pub value: E,
    pub span: Span,
}

/// `{ ... }` or `rec { ... }`.
///
/// Every attrset with a frame (`rec`, or with `inherit (e)`) pushes one
/// scope frame when built: slots `0..bindings.len()` are the bindings (only
/// visible by name when `rec`), then one hidden slot per `inherit (e)`
/// source.
#[derive(Debug)]
pub struct AttrsExpr {
    pub rec: bool,
    pub has_frame: bool,
    pub bindings: Vec<Binding>,
    /// `inherit (e)` sources and dynamic attributes, which few sets have.
    pub rare: Option<Box<RareAttrs>>,
    pub span: Span,
}

/// The parts of an [`AttrsExpr`] most sets do without (boxed, so that the
/// set fits in an [`Expr`] of the usual size).
#[derive(Debug, Default)]
pub struct RareAttrs {
    pub inherit_sources: Vec<E>,
    /// `${key} = value;`, with the binding's span.
    pub dynamic: Vec<(E, E, Span)>,
}

impl AttrsExpr {
    pub fn inherit_sources(&self) -> &[E] {
        self.rare.as_ref().map_or(&[], |r| &r.inherit_sources)
    }

    pub fn dynamic(&self) -> &[(E, E, Span)] {
        self.rare.as_ref().map_or(&[], |r| &r.dynamic)
    }
}

// An attrset is inline in its node: that must not make every node bigger.
const _: () = assert!(std::mem::size_of::<Expr>() <= 56);

/// `let ...; in body`: one frame holding the bindings, then the hidden
/// `inherit (e)` sources.
#[derive(Debug)]
pub struct LetExpr {
    pub bindings: Vec<Binding>,
    pub inherit_sources: Vec<E>,
    pub body: E,
}

#[derive(Debug)]
pub struct Formal {
    pub name: Str,
    pub default: Option<E>,
    pub span: Span,
}

#[derive(Debug)]
pub enum Param {
    /// `x: ...`; frame slot 0.
    Ident(Str),
    /// `{ a, b ? d, ... } @ args: ...`; frame slots are the formals in
    /// order, then the `@` name if any.
    Pattern {
        formals: Vec<Formal>,
        ellipsis: bool,
        bind: Option<Str>,
    },
}

#[derive(Debug)]
pub struct Lambda {
    pub param: Param,
    pub body: E,
    pub span: Span,
    /// The attribute or variable this lambda was bound to, for traces.
    pub name: Option<Str>,
    /// Which frame slots (formals, then the `@` name; or the one
    /// parameter) the body or a default refers to: the result cannot
    /// depend on the others.
    pub used: Rc<[bool]>,
}

impl Lambda {
    pub fn frame_size(&self) -> usize {
        match &self.param {
            Param::Ident(_) => 1,
            Param::Pattern { formals, bind, .. } => formals.len() + bind.is_some() as usize,
        }
    }
}

impl Expr {
    pub fn span(&self) -> Option<Span> {
        match self {
            Expr::Interp(_, s)
            | Expr::PathInterp(_, s)
            | Expr::SearchPath(_, s)
            | Expr::Var(_, s)
            | Expr::Not(_, s)
            | Expr::Neg(_, s)
            | Expr::CurPos(s) => Some(*s),
            Expr::Select { span, .. }
            | Expr::HasAttr { span, .. }
            | Expr::Apply { span, .. }
            | Expr::If { span, .. }
            | Expr::Assert { span, .. }
            | Expr::With { span, .. }
            | Expr::BinOp { span, .. } => Some(*span),
            Expr::Attrs(a) => Some(a.span),
            Expr::Lambda(l) => Some(l.span),
            Expr::Let(l) => l.body.span(),
            _ => None,
        }
    }
}
