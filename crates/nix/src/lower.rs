//! Lowering: rnix's syntax tree → [`crate::ast`], resolving variables to
//! scope slots, merging nested attribute paths, and reporting syntax
//! errors, duplicate attributes and undefined variables with their spans.

use crate::ast::*;
use crate::error::{ErrorKind, EvalError};
use crate::recent::Recent;
use crate::syntax::with_ident_text;
use crate::Str;
use rnix::ast::{self, AstToken, HasEntry, InterpolPart};
use rowan::ast::AstNode;
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::rc::Rc;

/// Parses and lowers `text`, the contents of `path` (registered as `file`).
pub fn lower_file(text: &str, file: FileId, path: &str) -> Result<E, Box<EvalError>> {
    let base_dir = match path.rfind('/') {
        Some(0) => "/".to_string(),
        Some(i) => path[..i].to_string(),
        None => ".".to_string(),
    };
    lower_with_base(text, file, path, &base_dir)
}

/// Like [`lower_file`], with relative paths resolved against `base_dir`.
///
/// The last few trees are kept per thread, by everything they depend on:
/// each keystroke in the playground evaluates its workspace with a new
/// evaluator, which meets its unchanged files again under the same ids
/// (lowering is a tenth of evaluating a 200-aspect flake).
pub fn lower_with_base(
    text: &str,
    file: FileId,
    path: &str,
    base_dir: &str,
) -> Result<E, Box<EvalError>> {
    /// A tree's file id, path and base directory (besides its text).
    type Key = (FileId, Box<str>, Box<str>);
    thread_local! {
        static LOWERED: RefCell<Recent<Key, E>> =
            const { RefCell::new(Recent::new()) };
    }
    let same = |k: &Key| k.0 == file && &*k.1 == path && &*k.2 == base_dir;
    if let Some(hit) = LOWERED.with(|kept| kept.borrow_mut().get(text, same)) {
        return Ok(hit);
    }
    let tree = lower_uncached(text, file, path, base_dir)?;
    let key = (file, path.into(), base_dir.into());
    LOWERED.with(|kept| kept.borrow_mut().keep(text, key, tree.clone()));
    Ok(tree)
}

fn lower_uncached(
    text: &str,
    file: FileId,
    path: &str,
    base_dir: &str,
) -> Result<E, Box<EvalError>> {
    if let Some(at) = crate::syntax::nesting_too_deep(text) {
        return Err(EvalError::new(
            ErrorKind::Syntax,
            format!(
                "the expression nests too deeply (more than {} levels) to be parsed",
                crate::syntax::MAX_NESTING
            ),
        )
        .at(Span::new(file, at as u32, at as u32))
        .boxed());
    }
    let parse = crate::syntax::parse(text);
    if let Some(first) = parse.errors().first() {
        let (start, end, message) = crate::syntax::describe(first, text);
        return Err(EvalError::new(ErrorKind::Syntax, message)
            .at(Span::new(file, start as u32, end as u32))
            .boxed());
    }
    let root = parse.tree();
    let Some(expr) = root.expr() else {
        return Err(EvalError::new(ErrorKind::Syntax, "the file is empty")
            .at(Span::new(file, 0, 0))
            .boxed());
    };
    let base_dir = base_dir.to_string();
    let mut l = Lowerer {
        text,
        path,
        file,
        base_dir,
        scopes: Vec::new(),
        lambda_uses: RefCell::new(Vec::new()),
        names: RefCell::default(),
        pending_name: None,
        depth: 0,
    };
    l.expr(&expr)
}

enum Scope {
    Names(HashMap<Str, u32>),
    /// A frame with hidden slots only (an attrset's `inherit (e)` sources).
    Anon,
    With,
}

struct Lowerer<'a> {
    text: &'a str,
    path: &'a str,
    file: FileId,
    base_dir: String,
    scopes: Vec<Scope>,
    /// For each lambda being lowered: the index of its scope and which of
    /// its frame slots the body (or a default) refers to.
    lambda_uses: RefCell<Vec<(usize, Vec<bool>)>>,
    /// The name the next lambda is bound to (for traces).
    pending_name: Option<Str>,
    /// How deep the expression being lowered is (bounded: lowering recurses).
    depth: usize,
    /// The names met so far, one `Str` each (see [`Lowerer::name`]).
    names: RefCell<rustc_hash::FxHashSet<Str>>,
}

/// How deep lowering may recurse (about 1.2 KB of stack a level).
const MAX_LOWER_DEPTH: usize = 5_000;

type R<T> = Result<T, Box<EvalError>>;

/// An attribute set being assembled from `a.b.c = ...` paths before its
/// values are lowered.
#[derive(Default)]
struct Tree {
    names: Vec<Str>,
    /// Each name's position, once there are more than [`SCANNED`].
    index: HashMap<Str, usize>,
    values: Vec<(Pending, Span)>,
    dynamic: Vec<(ast::Attr, Pending, Span)>,
    inherit_sources: Vec<ast::Expr>,
}

/// Up to this many names a tree is searched by scanning them (most sets
/// are small, and a hash map per set was a tenth of lowering), beyond that
/// by its index.
const SCANNED: usize = 12;

impl Tree {
    /// Where `name` is among the names.
    fn position(&self, name: &Str) -> Option<usize> {
        if self.names.len() <= SCANNED {
            self.names.iter().position(|n| n == name)
        } else {
            self.index.get(name).copied()
        }
    }

    /// Adds a name not there yet, with its value.
    fn push(&mut self, name: Str, value: Pending, span: Span) {
        self.names.push(name);
        self.values.push((value, span));
        let n = self.names.len();
        if n == SCANNED + 1 {
            self.index = self.names.iter().cloned().zip(0..).collect();
        } else if n > SCANNED + 1 {
            self.index.insert(self.names[n - 1].clone(), n - 1);
        }
    }
}

enum Pending {
    Node(ast::Expr),
    /// (Boxed: trees are moved often, and most values are not one.)
    Nested(Box<Tree>),
    /// `inherit x;`: the variable `x` from the enclosing scope.
    InheritVar(Str),
    /// `inherit (e) x;`: attribute `x` of hidden source slot `i`.
    InheritFrom(usize, Str),
}

impl Lowerer<'_> {
    /// `text` as a `Str`, one per distinct name of the file: names repeat
    /// (`aspects`, `nixos`, `list0`), so this is one allocation for each,
    /// and a smaller tree.
    fn name(&self, text: &str) -> Str {
        let mut names = self.names.borrow_mut();
        if let Some(s) = names.get(text) {
            return s.clone();
        }
        let s = Str::from(text);
        names.insert(s.clone());
        s
    }

    /// An identifier's name.
    fn ident(&self, id: &ast::Ident) -> Str {
        with_ident_text(id, |text| self.name(text))
    }

    /// An attribute's name, if it is static (`a`, `"a"`, `${"a"}`).
    fn static_attr_name(&self, a: &ast::Attr) -> Option<Str> {
        match a {
            ast::Attr::Ident(id) => Some(self.ident(id)),
            ast::Attr::Str(s) => literal_string(s),
            ast::Attr::Dynamic(d) => match d.expr() {
                Some(ast::Expr::Str(s)) => literal_string(&s),
                _ => None,
            },
        }
    }

    fn span(&self, node: &rnix::SyntaxNode) -> Span {
        let r = node.text_range();
        Span::new(self.file, r.start().into(), r.end().into())
    }

    fn label(&self, span: Span) -> String {
        let at = crate::source::LineIndex::new(self.text).line_col(self.text, span.start as usize);
        format!("{}:{}:{}", self.path, at.line, at.column)
    }

    fn err(&self, kind: ErrorKind, msg: impl Into<String>, span: Span) -> Box<EvalError> {
        EvalError::new(kind, msg).at(span).boxed()
    }

    fn expr(&mut self, e: &ast::Expr) -> R<E> {
        let span = self.span(e.syntax());
        if self.depth >= MAX_LOWER_DEPTH {
            return Err(self.err(
                ErrorKind::Syntax,
                format!("the expression nests too deeply (more than {MAX_LOWER_DEPTH} levels)"),
                span,
            ));
        }
        self.depth += 1;
        let r = self.expr_inner(e, span);
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, e: &ast::Expr, span: Span) -> R<E> {
        let name = self.pending_name.take();
        Ok(Rc::new(match e {
            ast::Expr::Literal(lit) => match lit.kind() {
                ast::LiteralKind::Integer(i) => match i.value() {
                    Ok(v) => Expr::Int(v),
                    Err(_) => {
                        return Err(self.err(
                            ErrorKind::Syntax,
                            format!("invalid integer '{}'", i.syntax().text()),
                            span,
                        ))
                    }
                },
                ast::LiteralKind::Float(f) => Expr::Float(f.value().unwrap_or(f64::NAN)),
                ast::LiteralKind::Uri(u) => Expr::Str(u.syntax().text().into()),
            },
            ast::Expr::Str(s) => self.string(s, span)?,
            ast::Expr::PathAbs(_) | ast::Expr::PathRel(_) | ast::Expr::PathHome(_) => {
                let path = ast::Path::cast(e.syntax().clone()).expect("a path node");
                self.path(&path, span)?
            }
            ast::Expr::PathSearch(p) => {
                let text = p
                    .content()
                    .map(|c| c.text().to_string())
                    .unwrap_or_default();
                let inner = text.trim_start_matches('<').trim_end_matches('>');
                Expr::SearchPath(inner.into(), span)
            }
            ast::Expr::Ident(id) => {
                let name = self.ident(id);
                Expr::Var(self.resolve(&name, 0, span)?, span)
            }
            ast::Expr::Paren(p) => {
                self.pending_name = name;
                return self.child(p.expr(), span);
            }
            ast::Expr::Root(r) => return self.child(r.expr(), span),
            ast::Expr::Apply(_) => {
                // Flatten `f a b c` into one application.
                let mut args = Vec::new();
                let mut cur = e.clone();
                while let ast::Expr::Apply(a) = &cur {
                    args.push(a.argument());
                    let next = a.lambda();
                    match next {
                        Some(n) => cur = n,
                        None => return Err(self.err(ErrorKind::Syntax, "missing function", span)),
                    }
                }
                let func = self.expr(&cur)?;
                let mut lowered = Vec::with_capacity(args.len());
                for a in args.into_iter().rev() {
                    lowered.push(self.child(a, span)?);
                }
                Expr::Apply {
                    func,
                    args: lowered,
                    span,
                }
            }
            ast::Expr::Select(s) => {
                let target = self.child(s.expr(), span)?;
                let path = self.attrpath(s.attrpath(), span)?;
                let default = match s.default_expr() {
                    Some(d) => Some(self.expr(&d)?),
                    None => None,
                };
                Expr::Select {
                    target,
                    path,
                    default,
                    span,
                }
            }
            ast::Expr::HasAttr(h) => {
                let target = self.child(h.expr(), span)?;
                let path = self.attrpath(h.attrpath(), span)?;
                Expr::HasAttr { target, path, span }
            }
            ast::Expr::List(l) => {
                let mut items = Vec::new();
                for item in l.items() {
                    items.push(self.expr(&item)?);
                }
                Expr::List(items)
            }
            ast::Expr::Lambda(lam) => self.lambda(lam, span, name)?,
            ast::Expr::IfElse(i) => Expr::If {
                cond: self.child(i.condition(), span)?,
                then: self.child(i.body(), span)?,
                otherwise: self.child(i.else_body(), span)?,
                span,
            },
            ast::Expr::Assert(a) => Expr::Assert {
                cond: self.child(a.condition(), span)?,
                body: self.child(a.body(), span)?,
                span,
            },
            ast::Expr::With(w) => {
                let namespace = self.child(w.namespace(), span)?;
                self.scopes.push(Scope::With);
                let body = self.child(w.body(), span);
                self.scopes.pop();
                Expr::With {
                    namespace,
                    body: body?,
                    span,
                }
            }
            ast::Expr::BinOp(b) => {
                let lhs = self.child(b.lhs(), span)?;
                let rhs = self.child(b.rhs(), span)?;
                use ast::BinOpKind as K;
                let op = match b.operator() {
                    Some(K::Add) => BinOp::Add,
                    Some(K::Sub) => BinOp::Sub,
                    Some(K::Mul) => BinOp::Mul,
                    Some(K::Div) => BinOp::Div,
                    Some(K::Concat) => BinOp::Concat,
                    Some(K::Update) => BinOp::Update,
                    Some(K::Equal) => BinOp::Eq,
                    Some(K::NotEqual) => BinOp::Ne,
                    Some(K::Less) => BinOp::Lt,
                    Some(K::LessOrEq) => BinOp::Le,
                    Some(K::More) => BinOp::Gt,
                    Some(K::MoreOrEq) => BinOp::Ge,
                    Some(K::And) => BinOp::And,
                    Some(K::Or) => BinOp::Or,
                    Some(K::Implication) => BinOp::Impl,
                    // `x |> f` is `f x`; `f <| x` is `f x`.
                    Some(K::PipeRight) => {
                        return Ok(Rc::new(Expr::Apply {
                            func: rhs,
                            args: vec![lhs],
                            span,
                        }))
                    }
                    Some(K::PipeLeft) => {
                        return Ok(Rc::new(Expr::Apply {
                            func: lhs,
                            args: vec![rhs],
                            span,
                        }))
                    }
                    None => return Err(self.err(ErrorKind::Syntax, "missing operator", span)),
                };
                Expr::BinOp { op, lhs, rhs, span }
            }
            ast::Expr::UnaryOp(u) => {
                let inner = self.child(u.expr(), span)?;
                match u.operator() {
                    Some(ast::UnaryOpKind::Invert) => Expr::Not(inner, span),
                    Some(ast::UnaryOpKind::Negate) => Expr::Neg(inner, span),
                    None => return Err(self.err(ErrorKind::Syntax, "missing operator", span)),
                }
            }
            ast::Expr::AttrSet(set) => {
                let rec = set.rec_token().is_some();
                let tree = self.collect(set)?;
                return self.attrset(tree, rec, span);
            }
            ast::Expr::LetIn(l) => {
                let tree = self.collect(l)?;
                if let Some((_, _, s)) = tree.dynamic.first() {
                    return Err(self.err(
                        ErrorKind::Syntax,
                        "dynamic attributes are not allowed in let",
                        *s,
                    ));
                }
                let Some(body) = l.body() else {
                    return Err(self.err(ErrorKind::Syntax, "missing body of let", span));
                };
                return self.let_in(tree, &body);
            }
            ast::Expr::LegacyLet(l) => {
                // `let { a = 1; body = a; }` is `rec { ... }.body`.
                let tree = self.collect(l)?;
                let set = self.attrset(tree, true, span)?;
                Expr::Select {
                    target: set,
                    path: vec![AttrKey::name("body")],
                    default: None,
                    span,
                }
            }
            ast::Expr::CurPos(_) => Expr::CurPos(span),
            ast::Expr::Error(_) => return Err(self.err(ErrorKind::Syntax, "syntax error", span)),
        }))
    }

    fn child(&mut self, e: Option<ast::Expr>, span: Span) -> R<E> {
        match e {
            Some(e) => self.expr(&e),
            None => Err(self.err(ErrorKind::Syntax, "missing expression", span)),
        }
    }

    /// Finds `name`, starting `skip` scopes out from the innermost one.
    fn resolve(&self, name: &str, skip: usize, span: Span) -> R<Var> {
        let mut withs = Vec::new();
        let n = self.scopes.len();
        for depth in skip..n {
            match &self.scopes[n - 1 - depth] {
                Scope::Names(names) => {
                    if let Some(&index) = names.get(name) {
                        self.mark_used(n - 1 - depth, index);
                        return Ok(Var::Local {
                            depth: depth as u32,
                            index,
                        });
                    }
                }
                Scope::With => withs.push(depth as u32),
                Scope::Anon => {}
            }
        }
        if let Some(g) = crate::builtins::global_index(name) {
            return Ok(Var::Global(g));
        }
        if withs.is_empty() {
            return Err(self.err(
                ErrorKind::UndefinedVariable,
                format!("undefined variable '{name}'"),
                span,
            ));
        }
        Ok(Var::With {
            name: name.into(),
            withs: withs.into(),
        })
    }

    /// Records that slot `index` of scope `scope` is referred to, if that
    /// scope is a lambda's.
    fn mark_used(&self, scope: usize, index: u32) {
        let mut uses = self.lambda_uses.borrow_mut();
        if let Some((_, used)) = uses.iter_mut().rev().find(|(s, _)| *s == scope) {
            if let Some(u) = used.get_mut(index as usize) {
                *u = true;
            }
        }
    }

    fn string(&mut self, s: &ast::Str, span: Span) -> R<Expr> {
        let mut parts = Vec::new();
        for p in s.normalized_parts() {
            match p {
                InterpolPart::Literal(text) => parts.push(StrPart::Lit(text.into())),
                InterpolPart::Interpolation(i) => {
                    parts.push(StrPart::Interp(self.child(i.expr(), span)?))
                }
            }
        }
        Ok(match parts.as_slice() {
            [] => Expr::Str("".into()),
            [StrPart::Lit(t)] => Expr::Str(t.clone()),
            _ => Expr::Interp(parts, span),
        })
    }

    fn path(&mut self, p: &ast::Path, span: Span) -> R<Expr> {
        let mut parts = Vec::new();
        for (i, part) in p.parts().into_iter().enumerate() {
            match part {
                InterpolPart::Literal(content) => {
                    let text = content.text();
                    let text = if i == 0 {
                        self.absolute(text)
                    } else {
                        text.to_string()
                    };
                    parts.push(StrPart::Lit(text.into()));
                }
                InterpolPart::Interpolation(x) => {
                    parts.push(StrPart::Interp(self.child(x.expr(), span)?))
                }
            }
        }
        Ok(match parts.as_slice() {
            [StrPart::Lit(t)] => Expr::Path(crate::value::canon_path(t).into()),
            _ => Expr::PathInterp(parts, span),
        })
    }

    fn absolute(&self, text: &str) -> String {
        if let Some(rest) = text.strip_prefix('~') {
            format!("{}{rest}", crate::eval::HOME_DIR)
        } else if text.starts_with('/') {
            text.to_string()
        } else {
            format!("{}/{text}", self.base_dir)
        }
    }

    fn attrpath(&mut self, p: Option<ast::Attrpath>, span: Span) -> R<Vec<AttrKey>> {
        let Some(p) = p else {
            return Err(self.err(ErrorKind::Syntax, "missing attribute path", span));
        };
        p.attrs().map(|a| self.attr_key(&a)).collect()
    }

    fn attr_key(&mut self, a: &ast::Attr) -> R<AttrKey> {
        let span = self.span(a.syntax());
        if let Some(name) = self.static_attr_name(a) {
            return Ok(AttrKey::name(name));
        }
        Ok(match a {
            ast::Attr::Dynamic(d) => AttrKey::Dynamic(self.child(d.expr(), span)?),
            ast::Attr::Str(s) => AttrKey::Dynamic(Rc::new(self.string(s, span)?)),
            ast::Attr::Ident(_) => unreachable!("identifiers are static"),
        })
    }

    /// Pass one over an attrset or `let`: its names and the shape of nested
    /// paths, so a `rec` scope knows every name before values are lowered.
    fn collect(&mut self, node: &impl HasEntry) -> R<Tree> {
        let mut tree = Tree::default();
        for entry in node.entries() {
            match entry {
                ast::Entry::AttrpathValue(apv) => {
                    let span = self.span(apv.syntax());
                    let Some(path) = apv.attrpath() else {
                        return Err(self.err(ErrorKind::Syntax, "missing attribute name", span));
                    };
                    let Some(value) = apv.value() else {
                        return Err(self.err(ErrorKind::Syntax, "missing attribute value", span));
                    };
                    let attrs: Vec<ast::Attr> = path.attrs().collect();
                    self.insert_path(&mut tree, &attrs, value, span)?;
                }
                ast::Entry::Inherit(inh) => {
                    let span = self.span(inh.syntax());
                    let source = match inh.from() {
                        Some(from) => {
                            let Some(e) = from.expr() else {
                                return Err(self.err(
                                    ErrorKind::Syntax,
                                    "missing inherit source",
                                    span,
                                ));
                            };
                            tree.inherit_sources.push(e);
                            Some(tree.inherit_sources.len() - 1)
                        }
                        None => None,
                    };
                    for attr in inh.attrs() {
                        let aspan = self.span(attr.syntax());
                        let Some(name) = self.static_attr_name(&attr) else {
                            return Err(self.err(
                                ErrorKind::Syntax,
                                "dynamic attributes are not allowed in inherit",
                                aspan,
                            ));
                        };
                        let pending = match source {
                            Some(i) => Pending::InheritFrom(i, name.clone()),
                            None => Pending::InheritVar(name.clone()),
                        };
                        self.add_name(&mut tree, name, pending, aspan)?;
                    }
                }
            }
        }
        Ok(tree)
    }

    fn add_name(&self, tree: &mut Tree, name: Str, value: Pending, span: Span) -> R<()> {
        if let Some(i) = tree.position(&name) {
            // `a = { x = 1; }; a.y = 2;`: plain sets given in parts merge.
            if !(is_mergeable(&tree.values[i].0) && is_mergeable(&value)) {
                return Err(self.err(
                    ErrorKind::Syntax,
                    format!(
                        "attribute '{name}' already defined at {}",
                        self.label(tree.values[i].1)
                    ),
                    span,
                ));
            }
            let prev = std::mem::replace(&mut tree.values[i].0, Pending::Nested(Box::default()));
            let mut merged = self.pending_to_tree(prev)?;
            let mut incoming = self.pending_to_tree(value)?;
            self.merge_tree(&mut merged, &mut incoming)?;
            tree.values[i].0 = Pending::Nested(Box::new(merged));
            return Ok(());
        }
        tree.push(name, value, span);
        Ok(())
    }

    fn pending_to_tree(&self, p: Pending) -> R<Tree> {
        match p {
            Pending::Nested(t) => Ok(*t),
            Pending::Node(ast::Expr::AttrSet(set)) => {
                let mut t = Tree::default();
                self.merge_set_into(&mut t, &set)?;
                Ok(t)
            }
            _ => unreachable!("only mergeable values are turned into trees"),
        }
    }

    fn merge_tree(&self, target: &mut Tree, incoming: &mut Tree) -> R<()> {
        let names = std::mem::take(&mut incoming.names);
        let mut values = std::mem::take(&mut incoming.values).into_iter();
        for name in names {
            let (v, s) = values.next().expect("one value per name");
            self.add_name(target, name, v, s)?;
        }
        target.dynamic.append(&mut incoming.dynamic);
        if !incoming.inherit_sources.is_empty() {
            return Err(self.err(
                ErrorKind::Syntax,
                "cannot merge an attribute set that uses `inherit (...)`",
                Span::default(),
            ));
        }
        Ok(())
    }

    fn merge_set_into(&self, t: &mut Tree, set: &ast::AttrSet) -> R<()> {
        let mut me = Lowerer {
            text: self.text,
            path: self.path,
            file: self.file,
            base_dir: self.base_dir.clone(),
            scopes: Vec::new(),
            lambda_uses: RefCell::new(Vec::new()),
            names: RefCell::default(),
            pending_name: None,
            depth: self.depth,
        };
        let mut collected = me.collect(set)?;
        if !collected.inherit_sources.is_empty() {
            let span = self.span(set.syntax());
            return Err(self.err(
                ErrorKind::Syntax,
                "cannot merge an attribute set that uses `inherit (...)`",
                span,
            ));
        }
        self.merge_tree(t, &mut collected)
    }

    fn insert_path(
        &mut self,
        tree: &mut Tree,
        attrs: &[ast::Attr],
        value: ast::Expr,
        span: Span,
    ) -> R<()> {
        let (first, rest) = attrs
            .split_first()
            .expect("an attribute path has an attribute");
        match self.static_attr_name(first) {
            Some(name) => {
                if rest.is_empty() {
                    return self.add_name(tree, name, Pending::Node(value), span);
                }
                let mut nested = Tree::default();
                self.insert_path(&mut nested, rest, value, span)?;
                self.add_name(tree, name, Pending::Nested(Box::new(nested)), span)
            }
            None => {
                let pending = if rest.is_empty() {
                    Pending::Node(value)
                } else {
                    let mut nested = Tree::default();
                    self.insert_path(&mut nested, rest, value, span)?;
                    Pending::Nested(Box::new(nested))
                };
                tree.dynamic.push((first.clone(), pending, span));
                Ok(())
            }
        }
    }

    fn attrset(&mut self, tree: Tree, rec: bool, span: Span) -> R<E> {
        // Bindings in name order: evaluating the set then builds its
        // attributes sorted, with no sort at each evaluation.
        let tree = sorted_by_name(tree);
        let has_frame = rec || !tree.inherit_sources.is_empty();
        if has_frame {
            self.scopes.push(if rec {
                Scope::Names(names_of(&tree))
            } else {
                Scope::Anon
            });
        }
        let result = self.attrset_body(tree, rec, has_frame, span);
        if has_frame {
            self.scopes.pop();
        }
        result
    }

    fn attrset_body(&mut self, tree: Tree, rec: bool, has_frame: bool, span: Span) -> R<E> {
        let Tree {
            names,
            values,
            dynamic,
            inherit_sources,
            ..
        } = tree;
        // `inherit x` inside `rec { }` means the outer x.
        let skip = if has_frame { 1 } else { 0 };
        let (bindings, sources) = self.bindings(names, values, &inherit_sources, skip)?;
        let base = bindings.len() as u32;
        let mut dyns = Vec::new();
        for (attr, pending, dspan) in dynamic {
            let key = match self.attr_key(&attr)? {
                AttrKey::Static(s, _) => Rc::new(Expr::Str(s)),
                AttrKey::Dynamic(e) => e,
            };
            let value = self.pending(pending, "", dspan, skip, base)?;
            dyns.push((key, value, dspan));
        }
        Ok(Rc::new(Expr::Attrs(Rc::new(AttrsExpr {
            rec,
            has_frame,
            bindings,
            inherit_sources: sources,
            dynamic: dyns,
            span,
        }))))
    }

    /// Lowers one pending value. `skip` is how many scopes `inherit x`
    /// must look past; `base` is the first hidden slot of the frame.
    fn pending(&mut self, p: Pending, name: &str, span: Span, skip: usize, base: u32) -> R<E> {
        Ok(match p {
            Pending::Node(e) => {
                self.pending_name = (!name.is_empty()).then(|| name.into());
                self.expr(&e)?
            }
            Pending::Nested(t) => self.attrset(*t, false, span)?,
            Pending::InheritVar(n) => Rc::new(Expr::Var(self.resolve(&n, skip, span)?, span)),
            Pending::InheritFrom(i, n) => Rc::new(Expr::Select {
                target: Rc::new(Expr::Var(
                    Var::Local {
                        depth: 0,
                        index: base + i as u32,
                    },
                    span,
                )),
                path: vec![AttrKey::name(n)],
                default: None,
                span,
            }),
        })
    }

    /// Lowers the bindings of an attrset or `let` frame and its hidden
    /// `inherit (e)` sources (slots after the bindings). `skip` is how many
    /// scopes `inherit x` looks past.
    fn bindings(
        &mut self,
        names: Vec<Str>,
        values: Vec<(Pending, Span)>,
        inherit_sources: &[ast::Expr],
        skip: usize,
    ) -> R<(Vec<Binding>, Vec<E>)> {
        let mut sources = Vec::with_capacity(inherit_sources.len());
        for s in inherit_sources {
            sources.push(self.expr(s)?);
        }
        let base = names.len() as u32;
        let mut bindings = Vec::with_capacity(names.len());
        for (name, (pending, span)) in names.into_iter().zip(values) {
            let value = self.pending(pending, &name, span, skip, base)?;
            bindings.push(Binding { name, value, span });
        }
        Ok((bindings, sources))
    }

    fn let_in(&mut self, tree: Tree, body: &ast::Expr) -> R<E> {
        self.scopes.push(Scope::Names(names_of(&tree)));
        let result = (|| {
            let Tree {
                names,
                values,
                inherit_sources,
                ..
            } = tree;
            let (bindings, sources) = self.bindings(names, values, &inherit_sources, 1)?;
            let body = self.expr(body)?;
            Ok(Rc::new(Expr::Let(Rc::new(LetExpr {
                bindings,
                inherit_sources: sources,
                body,
            }))))
        })();
        self.scopes.pop();
        result
    }

    fn lambda(&mut self, lam: &ast::Lambda, span: Span, name: Option<Str>) -> R<Expr> {
        let Some(param) = lam.param() else {
            return Err(self.err(ErrorKind::Syntax, "missing function parameter", span));
        };
        let mut names = HashMap::default();
        let (param, defaults) = match param {
            ast::Param::IdentParam(p) => {
                let n: Str = p
                    .ident()
                    .map(|i| self.ident(&i))
                    .unwrap_or_else(|| "_".into());
                names.insert(n.clone(), 0);
                (Param::Ident(n), Vec::new())
            }
            ast::Param::Pattern(pat) => {
                let mut formals = Vec::new();
                let mut defaults = Vec::new();
                for (i, entry) in pat.pat_entries().enumerate() {
                    let fspan = self.span(entry.syntax());
                    let n: Str = entry
                        .ident()
                        .map(|i| self.ident(&i))
                        .unwrap_or_else(|| "_".into());
                    if names.insert(n.clone(), i as u32).is_some() {
                        return Err(self.err(
                            ErrorKind::Syntax,
                            format!("duplicate formal function argument '{n}'"),
                            fspan,
                        ));
                    }
                    defaults.push(entry.default());
                    formals.push((n, fspan));
                }
                let bind = pat
                    .pat_bind()
                    .and_then(|b| b.ident())
                    .map(|i| self.ident(&i));
                if let Some(b) = &bind {
                    if names.contains_key(b) {
                        return Err(self.err(
                            ErrorKind::Syntax,
                            format!("duplicate formal function argument '{b}'"),
                            span,
                        ));
                    }
                    names.insert(b.clone(), formals.len() as u32);
                }
                (
                    Param::Pattern {
                        formals: formals
                            .into_iter()
                            .map(|(name, span)| Formal {
                                name,
                                default: None,
                                span,
                            })
                            .collect(),
                        ellipsis: pat.ellipsis_token().is_some(),
                        bind,
                    },
                    defaults,
                )
            }
        };
        let slots = names.len();
        self.scopes.push(Scope::Names(names));
        self.lambda_uses
            .borrow_mut()
            .push((self.scopes.len() - 1, vec![false; slots]));
        let result = (|| -> R<(Param, E)> {
            let mut param = param;
            if let Param::Pattern { formals, .. } = &mut param {
                for (f, d) in formals.iter_mut().zip(defaults) {
                    if let Some(d) = d {
                        f.default = Some(self.expr(&d)?);
                    }
                }
            }
            let body = self.child(lam.body(), span)?;
            Ok((param, body))
        })();
        let (_, used) = self.lambda_uses.borrow_mut().pop().expect("pushed above");
        self.scopes.pop();
        let (param, body) = result?;
        Ok(Expr::Lambda(Rc::new(Lambda {
            param,
            body,
            span,
            name,
            used: used.into(),
        })))
    }
}

/// The tree with its static bindings in name order (slots of `rec` sets
/// follow this order, as `names_of` numbers them after it).
fn sorted_by_name(mut tree: Tree) -> Tree {
    if tree.names.windows(2).all(|w| w[0] < w[1]) {
        return tree;
    }
    let names = std::mem::take(&mut tree.names);
    let values = std::mem::take(&mut tree.values);
    let mut pairs: Vec<(Str, (Pending, Span))> = names.into_iter().zip(values).collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    // Nothing is looked up by name once the tree is sorted.
    tree.index.clear();
    for (name, value) in pairs {
        tree.names.push(name);
        tree.values.push(value);
    }
    tree
}

fn names_of(tree: &Tree) -> HashMap<Str, u32> {
    tree.names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i as u32))
        .collect()
}

fn is_mergeable(p: &Pending) -> bool {
    match p {
        Pending::Nested(_) => true,
        Pending::Node(ast::Expr::AttrSet(s)) => s.rec_token().is_none(),
        _ => false,
    }
}

/// A string literal's text, if it has no interpolation.
fn literal_string(s: &ast::Str) -> Option<Str> {
    crate::syntax::string_literal(s).map(Str::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_is_lowered_once_per_file_id_path_and_text() {
        let text = "{ a = 1; b = x: x.a; }";
        let first = lower_file(text, FileId(7), "/t/a.nix").expect("lowers");
        let again = lower_file(text, FileId(7), "/t/a.nix").expect("lowers");
        assert!(Rc::ptr_eq(&first, &again));
        // Spans name their file, and relative paths depend on the path.
        let other_id = lower_file(text, FileId(8), "/t/a.nix").expect("lowers");
        assert!(!Rc::ptr_eq(&first, &other_id));
        assert_eq!(other_id.span().map(|s| s.file), Some(FileId(8)));
        let other_path = lower_file(text, FileId(7), "/u/a.nix").expect("lowers");
        assert!(!Rc::ptr_eq(&first, &other_path));
        let other_text = lower_file("{ a = 2; }", FileId(7), "/t/a.nix").expect("lowers");
        assert!(!Rc::ptr_eq(&first, &other_text));
        // Errors are not kept: the same text fails again.
        assert!(lower_file("{ a = ; }", FileId(7), "/t/a.nix").is_err());
        assert!(lower_file("{ a = ; }", FileId(7), "/t/a.nix").is_err());
    }
}
