//! Lowering: the parsed [`crate::tree`] → [`crate::ast`], resolving
//! variables to scope slots, merging nested attribute paths, and reporting
//! duplicate attributes and undefined variables with their spans.
//!
//! Text is parsed by the fast parser ([`crate::parse`]) when it can, and
//! else by rnix ([`crate::from_rnix`]), which also words syntax errors.

use crate::ast::*;
use crate::error::{ErrorKind, EvalError};
use crate::outline::{Outline, OutlineBuilder};
use crate::recent::Recent;
use crate::tree::{self, AttrKind, Entry, ExprKind, Part, Range};
use crate::Str;
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::rc::Rc;

/// A file's lowered tree and its [`Outline`].
#[derive(Debug, Clone)]
pub struct Lowered {
    pub tree: E,
    pub outline: Rc<Outline>,
}

/// Parses and lowers `text`, the contents of `path` (registered as `file`).
/// Trees the per-thread cache lets go of are added to `retired` (see
/// [`lower_with_base`]).
pub fn lower_file(
    text: &str,
    file: FileId,
    path: &str,
    retired: &mut Vec<Lowered>,
) -> Result<Lowered, Box<EvalError>> {
    lower_with_base(text, file, path, base_dir_of(path), retired)
}

/// [`lower_file`] without the per-thread cache, for a file its caller
/// keeps itself (a built-in file, lowered once per thread), and without
/// an outline.
pub(crate) fn lower_file_uncached(
    text: &str,
    file: FileId,
    path: &str,
) -> Result<E, Box<EvalError>> {
    lower_uncached(text, file, path, base_dir_of(path), false).map(|(tree, _)| tree)
}

/// The directory relative paths in the file `path` are resolved against.
fn base_dir_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) => "/",
        Some(i) => &path[..i],
        None => ".",
    }
}

/// Like [`lower_file`], with relative paths resolved against `base_dir`.
///
/// The last few trees are kept per thread, by everything they depend on:
/// each keystroke in the playground evaluates its workspace with a new
/// evaluator, which meets its unchanged files again under the same ids.
/// Two trees per file at most, its newest text's and the one before (a
/// 100 KB file's tree is about 1.8 MB, and a large file being typed would
/// otherwise fill the cache with its past versions).
///
/// The trees the cache lets go of are added to `retired` rather than freed
/// here: freeing a 100 KB file's tree takes about 3 ms, which an evaluator
/// spends after its output is made, when it is freed itself.
pub fn lower_with_base(
    text: &str,
    file: FileId,
    path: &str,
    base_dir: &str,
    retired: &mut Vec<Lowered>,
) -> Result<Lowered, Box<EvalError>> {
    /// A tree's file id, path and base directory (besides its text).
    type Key = (FileId, Box<str>, Box<str>);
    thread_local! {
        static LOWERED: RefCell<Recent<Key, Lowered>> =
            const { RefCell::new(Recent::new()) };
    }
    let same = |k: &Key| k.0 == file && &*k.1 == path && &*k.2 == base_dir;
    if let Some(hit) = LOWERED.with(|kept| kept.borrow_mut().get(text, same)) {
        return Ok(hit);
    }
    let (tree, outline) = lower_uncached(text, file, path, base_dir, true)?;
    let lowered = Lowered {
        tree,
        outline: Rc::new(outline),
    };
    let key = (file, path.into(), base_dir.into());
    let gone = LOWERED.with(|kept| {
        kept.borrow_mut()
            .keep_with_previous(text, key, lowered.clone(), same)
    });
    retired.extend(gone);
    Ok(lowered)
}

/// The parsed tree of `text`: by the fast parser, or (for anything it
/// leaves to rnix, syntax errors included) by rnix.
pub fn parse_tree(text: &str, file: FileId) -> Result<tree::Expr, Box<EvalError>> {
    // (The fast parser bounds its own nesting, well below rnix's limits.)
    match crate::parse::parse(text) {
        Some(parsed) => Ok(parsed),
        None => parse_tree_with_rnix(text, file),
    }
}

/// The parsed tree of `text` by rnix alone.
pub fn parse_tree_with_rnix(text: &str, file: FileId) -> Result<tree::Expr, Box<EvalError>> {
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
    crate::from_rnix::convert(&parse.tree(), file)
}

/// The lowered tree of `text`, and its outline (empty unless
/// `with_outline`).
fn lower_uncached(
    text: &str,
    file: FileId,
    path: &str,
    base_dir: &str,
    with_outline: bool,
) -> Result<(E, Outline), Box<EvalError>> {
    let parsed = parse_tree(text, file)?;
    let mut l = Lowerer {
        text,
        path,
        file,
        base_dir,
        scopes: Vec::new(),
        lambda_uses: RefCell::new(Vec::new()),
        pending_name: None,
        outline: with_outline.then(OutlineBuilder::default),
    };
    let tree = l.expr(parsed)?;
    let outline = l.outline.map(OutlineBuilder::finish).unwrap_or_default();
    Ok((tree, outline))
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
    base_dir: &'a str,
    scopes: Vec<Scope>,
    /// For each lambda being lowered: the index of its scope and which of
    /// its frame slots the body (or a default) refers to.
    lambda_uses: RefCell<Vec<(usize, Vec<bool>)>>,
    /// The name the next lambda is bound to (for traces).
    pending_name: Option<Str>,
    /// The file's outline, if it is recorded.
    outline: Option<OutlineBuilder>,
}

type R<T> = Result<T, Box<EvalError>>;

/// An attribute set being assembled from `a.b.c = ...` paths before its
/// values are lowered.
#[derive(Default)]
struct Tree {
    /// The static names, each with its value (one vector: most trees are
    /// a nested path's, with a name or two).
    named: Vec<Named>,
    /// Each name's position, once there are more than [`SCANNED`].
    index: HashMap<Str, usize>,
    dynamic: Vec<(tree::Attr, Pending, Span)>,
    inherit_sources: Vec<tree::Expr>,
}

/// `name = value;` in a [`Tree`], with the binding's span.
struct Named {
    name: Str,
    value: Pending,
    span: Span,
}

/// Up to this many names a tree is searched by scanning them (most sets
/// are small, and a hash map per set was a tenth of lowering), beyond that
/// by its index.
const SCANNED: usize = 12;

impl Tree {
    /// Where `name` is among the names.
    fn position(&self, name: &Str) -> Option<usize> {
        if self.named.len() <= SCANNED {
            self.named.iter().position(|n| n.name == *name)
        } else {
            self.index.get(name).copied()
        }
    }

    /// Adds a name not there yet, with its value.
    fn push(&mut self, name: Str, value: Pending, span: Span) {
        self.named.push(Named { name, value, span });
        let n = self.named.len();
        if n == SCANNED + 1 {
            self.index = self.named.iter().map(|n| n.name.clone()).zip(0..).collect();
        } else if n > SCANNED + 1 {
            self.index.insert(self.named[n - 1].name.clone(), n - 1);
        }
    }
}

enum Pending {
    Node(tree::Expr),
    /// (Boxed: trees are moved often, and most values are not one.)
    Nested(Box<Tree>),
    /// `inherit x;`: the variable `x` from the enclosing scope.
    InheritVar(Str),
    /// `inherit (e) x;`: attribute `x` of hidden source slot `i`.
    InheritFrom(usize, Str),
}

impl Lowerer<'_> {
    fn span(&self, r: Range) -> Span {
        Span::new(self.file, r.start, r.end)
    }

    fn label(&self, span: Span) -> String {
        let at = crate::source::LineIndex::new(self.text).line_col(self.text, span.start as usize);
        format!("{}:{}:{}", self.path, at.line, at.column)
    }

    fn err(&self, kind: ErrorKind, msg: impl Into<String>, span: Span) -> Box<EvalError> {
        EvalError::new(kind, msg).at(span).boxed()
    }

    fn expr(&mut self, e: tree::Expr) -> R<E> {
        let span = self.span(e.range);
        let name = self.pending_name.take();
        Ok(Rc::new(match e.kind {
            ExprKind::Int(Ok(v)) => Expr::Int(v),
            ExprKind::Int(Err(text)) => {
                return Err(self.err(ErrorKind::Syntax, format!("invalid integer '{text}'"), span))
            }
            ExprKind::Float(f) => Expr::Float(f),
            ExprKind::Uri(u) => Expr::Str(u),
            ExprKind::Str(parts) => self.string(parts, span)?,
            ExprKind::Path(parts) => self.path(parts, span)?,
            ExprKind::SearchPath(inner) => Expr::SearchPath(inner, span),
            ExprKind::Ident(id) => Expr::Var(self.variable(&id, 0, span)?, span),
            ExprKind::Paren(inner) => {
                self.pending_name = name;
                return self.expr(*inner);
            }
            ExprKind::Apply(function, argument) => {
                // Flatten `f a b c` into one application.
                let mut args = vec![*argument];
                let mut func = *function;
                while let ExprKind::Apply(f, a) = func.kind {
                    args.push(*a);
                    func = *f;
                }
                let func = self.expr(func)?;
                let mut lowered = Vec::with_capacity(args.len());
                for a in args.into_iter().rev() {
                    lowered.push(self.expr(a)?);
                }
                Expr::Apply {
                    func,
                    args: lowered,
                    span,
                }
            }
            ExprKind::Select {
                target,
                path,
                default,
            } => {
                let target = self.expr(*target)?;
                let path = self.attrpath(path)?;
                if let Some(outline) = &mut self.outline {
                    for key in &path {
                        if let AttrKey::Static(name, _) = key {
                            outline.mention(name);
                        }
                    }
                }
                let default = match default {
                    Some(d) => Some(self.expr(*d)?),
                    None => None,
                };
                Expr::Select {
                    target,
                    path,
                    default,
                    span,
                }
            }
            ExprKind::HasAttr { target, path } => {
                let target = self.expr(*target)?;
                let path = self.attrpath(path)?;
                Expr::HasAttr { target, path, span }
            }
            ExprKind::List(items) => {
                let mut lowered = Vec::with_capacity(items.len());
                for item in items {
                    lowered.push(self.expr(item)?);
                }
                Expr::List(lowered)
            }
            ExprKind::Lambda(lam) => self.lambda(*lam, span, name)?,
            ExprKind::If(parts) => {
                let [cond, then, otherwise] = *parts;
                Expr::If {
                    cond: self.expr(cond)?,
                    then: self.expr(then)?,
                    otherwise: self.expr(otherwise)?,
                    span,
                }
            }
            ExprKind::Assert(cond, body) => Expr::Assert {
                cond: self.expr(*cond)?,
                body: self.expr(*body)?,
                span,
            },
            ExprKind::With(namespace, body) => {
                let namespace = self.expr(*namespace)?;
                self.scopes.push(Scope::With);
                let body = self.expr(*body);
                self.scopes.pop();
                Expr::With {
                    namespace,
                    body: body?,
                    span,
                }
            }
            ExprKind::BinOp(op, lhs, rhs) => {
                let lhs = self.expr(*lhs)?;
                let rhs = self.expr(*rhs)?;
                let op = match op {
                    tree::Op::Bin(op) => op,
                    // `x |> f` is `f x`; `f <| x` is `f x`.
                    tree::Op::PipeRight => {
                        return Ok(Rc::new(Expr::Apply {
                            func: rhs,
                            args: vec![lhs],
                            span,
                        }))
                    }
                    tree::Op::PipeLeft => {
                        return Ok(Rc::new(Expr::Apply {
                            func: lhs,
                            args: vec![rhs],
                            span,
                        }))
                    }
                };
                Expr::BinOp { op, lhs, rhs, span }
            }
            ExprKind::Not(inner) => Expr::Not(self.expr(*inner)?, span),
            ExprKind::Neg(inner) => Expr::Neg(self.expr(*inner)?, span),
            ExprKind::AttrSet { rec, entries } => {
                let tree = self.collect(entries)?;
                return self.attrset(tree, rec, span);
            }
            ExprKind::LetIn { entries, body } => {
                let tree = self.collect(entries)?;
                if let Some((_, _, s)) = tree.dynamic.first() {
                    return Err(self.err(
                        ErrorKind::Syntax,
                        "dynamic attributes are not allowed in let",
                        *s,
                    ));
                }
                return self.let_in(tree, *body);
            }
            ExprKind::LegacyLet(entries) => {
                // `let { a = 1; body = a; }` is `rec { ... }.body`.
                let tree = self.collect(entries)?;
                let set = self.attrset(tree, true, span)?;
                Expr::Select {
                    target: set,
                    path: vec![AttrKey::name("body")],
                    default: None,
                    span,
                }
            }
            ExprKind::CurPos => Expr::CurPos(span),
        }))
    }

    /// [`Self::resolve`], noting a name looked up through `with` in the
    /// outline.
    fn variable(&mut self, name: &Str, skip: usize, span: Span) -> R<Var> {
        let var = self.resolve(name, skip, span)?;
        if let (Var::With { .. }, Some(outline)) = (&var, &mut self.outline) {
            outline.mention(name);
        }
        Ok(var)
    }

    /// Finds `name`, starting `skip` scopes out from the innermost one.
    fn resolve(&self, name: &Str, skip: usize, span: Span) -> R<Var> {
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
            name: name.clone(),
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

    fn parts(&mut self, parts: Vec<Part>) -> R<Vec<StrPart>> {
        let mut lowered = Vec::with_capacity(parts.len());
        for p in parts {
            lowered.push(match p {
                Part::Lit(text) => StrPart::Lit(text),
                Part::Interp(e) => StrPart::Interp(self.expr(e)?),
            });
        }
        Ok(lowered)
    }

    fn string(&mut self, parts: Vec<Part>, span: Span) -> R<Expr> {
        let mut parts = self.parts(parts)?;
        Ok(match parts.as_mut_slice() {
            [] => Expr::Str("".into()),
            [StrPart::Lit(t)] => Expr::Str(std::mem::take(t)),
            _ => Expr::Interp(parts, span),
        })
    }

    fn path(&mut self, mut parts: Vec<Part>, span: Span) -> R<Expr> {
        if let Some(Part::Lit(first)) = parts.first_mut() {
            *first = self.absolute(first).into();
        }
        let parts = self.parts(parts)?;
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

    fn attrpath(&mut self, path: Vec<tree::Attr>) -> R<Vec<AttrKey>> {
        path.into_iter().map(|a| self.attr_key(a)).collect()
    }

    fn attr_key(&mut self, a: tree::Attr) -> R<AttrKey> {
        if let Some(name) = a.static_name() {
            return Ok(AttrKey::name(name));
        }
        let span = self.span(a.range);
        Ok(match a.kind {
            AttrKind::Dynamic(e) => AttrKey::Dynamic(self.expr(*e)?),
            AttrKind::Str(parts) => AttrKey::Dynamic(Rc::new(self.string(parts, span)?)),
            AttrKind::Ident(_) => unreachable!("identifiers are static"),
        })
    }

    /// Pass one over an attrset or `let`: its names and the shape of nested
    /// paths, so a `rec` scope knows every name before values are lowered.
    fn collect(&self, entries: Vec<Entry>) -> R<Tree> {
        let mut tree = Tree::default();
        for entry in entries {
            match entry {
                Entry::Binding { range, path, value } => {
                    self.insert_path(&mut tree, path, value, self.span(range))?;
                }
                Entry::Inherit { from, attrs, .. } => {
                    let source = from.map(|e| {
                        tree.inherit_sources.push(e);
                        tree.inherit_sources.len() - 1
                    });
                    for attr in attrs {
                        let aspan = self.span(attr.range);
                        let Some(name) = attr.static_name() else {
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
            let earlier = &mut tree.named[i];
            if !(is_mergeable(&earlier.value) && is_mergeable(&value)) {
                return Err(self.already_defined(&name, earlier.span, span));
            }
            let prev = std::mem::replace(&mut earlier.value, Pending::Nested(Box::default()));
            let mut merged = self.pending_to_tree(prev)?;
            let mut incoming = self.pending_to_tree(value)?;
            self.merge_tree(&mut merged, &mut incoming)?;
            tree.named[i].value = Pending::Nested(Box::new(merged));
            return Ok(());
        }
        tree.push(name, value, span);
        Ok(())
    }

    fn pending_to_tree(&self, p: Pending) -> R<Tree> {
        match p {
            Pending::Nested(t) => Ok(*t),
            Pending::Node(tree::Expr {
                kind: ExprKind::AttrSet { entries, .. },
                range,
            }) => {
                let collected = self.collect(entries)?;
                if !collected.inherit_sources.is_empty() {
                    return Err(self.err(
                        ErrorKind::Syntax,
                        "cannot merge an attribute set that uses `inherit (...)`",
                        self.span(range),
                    ));
                }
                Ok(collected)
            }
            _ => unreachable!("only mergeable values are turned into trees"),
        }
    }

    fn merge_tree(&self, target: &mut Tree, incoming: &mut Tree) -> R<()> {
        for n in std::mem::take(&mut incoming.named) {
            self.add_name(target, n.name, n.value, n.span)?;
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

    /// Adds `a.b.c = value` to `tree`: into the sets `a` and `a.b` when
    /// they are there already (`a.x = 1; a.b.y = 2;`), else new ones.
    fn insert_path(
        &self,
        tree: &mut Tree,
        path: Vec<tree::Attr>,
        value: tree::Expr,
        span: Span,
    ) -> R<()> {
        let mut attrs = path.into_iter();
        let mut attr = attrs.next().expect("an attribute path has an attribute");
        let mut tree = tree;
        while let Some(next) = attrs.next() {
            let Some(name) = attr.static_name() else {
                // `a.${x}.c = v`: the rest is a set of its own under `${x}`.
                let mut nested = Tree::default();
                let rest = std::iter::once(next).chain(attrs).collect();
                self.insert_path(&mut nested, rest, value, span)?;
                tree.dynamic
                    .push((attr, Pending::Nested(Box::new(nested)), span));
                return Ok(());
            };
            let i = match tree.position(&name) {
                Some(i) => {
                    let Named {
                        value: earlier,
                        span: earlier_span,
                        ..
                    } = &mut tree.named[i];
                    if !is_mergeable(earlier) {
                        return Err(self.already_defined(&name, *earlier_span, span));
                    }
                    if let Pending::Node(_) = earlier {
                        // `a = { x = 1; }; a.y = 2;`
                        let set = std::mem::replace(earlier, Pending::Nested(Box::default()));
                        *earlier = Pending::Nested(Box::new(self.pending_to_tree(set)?));
                    }
                    i
                }
                None => {
                    tree.push(name, Pending::Nested(Box::default()), span);
                    tree.named.len() - 1
                }
            };
            tree = match &mut tree.named[i].value {
                Pending::Nested(t) => t,
                _ => unreachable!("made a tree above"),
            };
            attr = next;
        }
        self.add_attr(tree, attr, Pending::Node(value), span)
    }

    fn already_defined(&self, name: &str, earlier: Span, span: Span) -> Box<EvalError> {
        self.err(
            ErrorKind::Syntax,
            format!(
                "attribute '{name}' already defined at {}",
                self.label(earlier)
            ),
            span,
        )
    }

    /// Adds `attr = pending` to `tree`: by name if static, else dynamic.
    fn add_attr(&self, tree: &mut Tree, attr: tree::Attr, pending: Pending, span: Span) -> R<()> {
        match attr.static_name() {
            Some(name) => self.add_name(tree, name, pending, span),
            None => {
                tree.dynamic.push((attr, pending, span));
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
            named,
            dynamic,
            inherit_sources,
            ..
        } = tree;
        // `inherit x` inside `rec { }` means the outer x.
        let skip = if has_frame { 1 } else { 0 };
        let (bindings, sources) = self.bindings(named, inherit_sources, skip, true)?;
        let base = bindings.len() as u32;
        let mut dyns = Vec::new();
        for (attr, pending, dspan) in dynamic {
            let key = match self.attr_key(attr)? {
                AttrKey::Static(s, _) => Rc::new(Expr::Str(s)),
                AttrKey::Dynamic(e) => e,
            };
            let value = self.pending(pending, None, dspan, skip, base)?;
            dyns.push((key, value, dspan));
        }
        let rare = (!sources.is_empty() || !dyns.is_empty()).then(|| {
            Box::new(RareAttrs {
                inherit_sources: sources,
                dynamic: dyns,
            })
        });
        Ok(Rc::new(Expr::Attrs(AttrsExpr {
            rec,
            has_frame,
            bindings,
            rare,
            span,
        })))
    }

    /// Lowers one pending value. `skip` is how many scopes `inherit x`
    /// must look past; `base` is the first hidden slot of the frame.
    fn pending(
        &mut self,
        p: Pending,
        name: Option<&Str>,
        span: Span,
        skip: usize,
        base: u32,
    ) -> R<E> {
        Ok(match p {
            Pending::Node(e) => {
                self.pending_name = name.filter(|n| !n.is_empty()).cloned();
                self.expr(e)?
            }
            Pending::Nested(t) => self.attrset(*t, false, span)?,
            Pending::InheritVar(n) => Rc::new(Expr::Var(self.variable(&n, skip, span)?, span)),
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
    /// scopes `inherit x` looks past; `attributes` says the bindings are an
    /// attrset's, which the outline records as definitions.
    fn bindings(
        &mut self,
        named: Vec<Named>,
        inherit_sources: Vec<tree::Expr>,
        skip: usize,
        attributes: bool,
    ) -> R<(Vec<Binding>, Vec<E>)> {
        let mut sources = Vec::with_capacity(inherit_sources.len());
        for s in inherit_sources {
            sources.push(self.expr(s)?);
        }
        let base = named.len() as u32;
        let mut bindings = Vec::with_capacity(named.len());
        for Named {
            name,
            value: pending,
            span,
        } in named
        {
            if let Some(outline) = self.outline.as_mut().filter(|_| attributes) {
                outline.define(&name);
            }
            let value = self.pending(pending, Some(&name), span, skip, base)?;
            if let Some(outline) = self.outline.as_mut().filter(|_| attributes) {
                outline.end();
            }
            bindings.push(Binding { name, value, span });
        }
        Ok((bindings, sources))
    }

    fn let_in(&mut self, tree: Tree, body: tree::Expr) -> R<E> {
        self.scopes.push(Scope::Names(names_of(&tree)));
        let result = (|| {
            let Tree {
                named,
                inherit_sources,
                ..
            } = tree;
            let (bindings, sources) = self.bindings(named, inherit_sources, 1, false)?;
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

    fn lambda(&mut self, lam: tree::Lambda, span: Span, name: Option<Str>) -> R<Expr> {
        let mut names = HashMap::default();
        let (param, defaults) = match lam.param {
            tree::Param::Ident(n) => {
                names.insert(n.clone(), 0);
                (Param::Ident(n), Vec::new())
            }
            tree::Param::Pattern {
                formals: entries,
                ellipsis,
                bind,
            } => {
                let mut formals = Vec::with_capacity(entries.len());
                let mut defaults = Vec::with_capacity(entries.len());
                for (i, entry) in entries.into_iter().enumerate() {
                    let fspan = self.span(entry.range);
                    if names.insert(entry.name.clone(), i as u32).is_some() {
                        return Err(self.err(
                            ErrorKind::Syntax,
                            format!("duplicate formal function argument '{}'", entry.name),
                            fspan,
                        ));
                    }
                    defaults.push(entry.default);
                    formals.push(Formal {
                        name: entry.name,
                        default: None,
                        span: fspan,
                    });
                }
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
                        formals,
                        ellipsis,
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
        let body = lam.body;
        let result = (|| -> R<(Param, E)> {
            let mut param = param;
            if let Param::Pattern { formals, .. } = &mut param {
                for (f, d) in formals.iter_mut().zip(defaults) {
                    if let Some(d) = d {
                        f.default = Some(self.expr(d)?);
                    }
                }
            }
            let body = self.expr(body)?;
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
    if tree.named.windows(2).all(|w| w[0].name < w[1].name) {
        return tree;
    }
    // (Names are distinct: any sort gives the same order.)
    tree.named.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    // Nothing is looked up by name once the tree is sorted.
    tree.index.clear();
    tree
}

fn names_of(tree: &Tree) -> HashMap<Str, u32> {
    tree.named
        .iter()
        .enumerate()
        .map(|(i, n)| (n.name.clone(), i as u32))
        .collect()
}

fn is_mergeable(p: &Pending) -> bool {
    match p {
        Pending::Nested(_) => true,
        Pending::Node(e) => matches!(e.kind, ExprKind::AttrSet { rec: false, .. }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_is_lowered_once_per_file_id_path_and_text() {
        let mut retired = Vec::new();
        let mut lower = |text: &str, id: u32, path: &str| {
            lower_file(text, FileId(id), path, &mut retired)
                .expect("lowers")
                .tree
        };
        let text = "{ a = 1; b = x: x.a; }";
        let first = lower(text, 7, "/t/a.nix");
        let again = lower(text, 7, "/t/a.nix");
        assert!(Rc::ptr_eq(&first, &again));
        // Spans name their file, and relative paths depend on the path.
        let other_id = lower(text, 8, "/t/a.nix");
        assert!(!Rc::ptr_eq(&first, &other_id));
        assert_eq!(other_id.span().map(|s| s.file), Some(FileId(8)));
        let other_path = lower(text, 7, "/u/a.nix");
        assert!(!Rc::ptr_eq(&first, &other_path));
        let other_text = lower("{ a = 2; }", 7, "/t/a.nix");
        assert!(!Rc::ptr_eq(&first, &other_text));
        // A file keeps its previous text's tree, not older ones.
        lower("{ a = 3; }", 7, "/t/a.nix");
        let previous = lower("{ a = 2; }", 7, "/t/a.nix");
        assert!(Rc::ptr_eq(&previous, &other_text));
        let oldest = lower(text, 7, "/t/a.nix");
        assert!(!Rc::ptr_eq(&first, &oldest));
        // Errors are not kept: the same text fails again.
        let fails = |text: &str| lower_file(text, FileId(7), "/t/a.nix", &mut Vec::new());
        assert!(fails("{ a = ; }").is_err());
        assert!(fails("{ a = ; }").is_err());
        // The trees let go of were handed over, not freed: the first tree
        // ("{ a = 3; }" pushed it out) among them.
        assert!(retired.iter().any(|t| Rc::ptr_eq(&t.tree, &first)));
    }
}
