//! rnix's lossless tree → [`crate::tree`]. The path for every text the
//! fast parser ([`crate::parse`]) leaves to rnix; tests also use it as the
//! reference the fast parser must agree with.

use crate::ast::BinOp;
use crate::ast::{FileId, Span};
use crate::error::{ErrorKind, EvalError};
use crate::syntax::with_ident_text;
use crate::tree::{self, Attr, AttrKind, Entry, ExprKind, Formal, Op, Param, Part, Range};
use crate::Str;
use rnix::ast::{self, AstToken, HasEntry, InterpolPart};
use rowan::ast::AstNode;

/// How deep a tree may nest (each level is a frame here and in lowering).
pub const MAX_TREE_DEPTH: usize = 5_000;

type R<T> = Result<T, Box<EvalError>>;

/// The tree of `root`, an rnix parse without errors.
pub fn convert(root: &ast::Root, file: FileId) -> R<tree::Expr> {
    let Some(expr) = root.expr() else {
        return Err(EvalError::new(ErrorKind::Syntax, "the file is empty")
            .at(Span::new(file, 0, 0))
            .boxed());
    };
    let mut c = Converter {
        file,
        depth: 0,
        names: Default::default(),
    };
    c.expr(&expr)
}

struct Converter {
    file: FileId,
    depth: usize,
    /// One `Str` per distinct identifier.
    names: rustc_hash::FxHashSet<Str>,
}

fn range(node: &rnix::SyntaxNode) -> Range {
    let r = node.text_range();
    Range::new(r.start().into(), r.end().into())
}

impl Converter {
    fn err(&self, msg: impl Into<String>, range: Range) -> Box<EvalError> {
        EvalError::new(ErrorKind::Syntax, msg)
            .at(Span::new(self.file, range.start, range.end))
            .boxed()
    }

    fn ident(&mut self, id: &ast::Ident) -> Str {
        with_ident_text(id, |text| match self.names.get(text) {
            Some(s) => s.clone(),
            None => {
                let s = Str::from(text);
                self.names.insert(s.clone());
                s
            }
        })
    }

    fn child(&mut self, e: Option<ast::Expr>, range: Range) -> R<Box<tree::Expr>> {
        match e {
            Some(e) => Ok(Box::new(self.expr(&e)?)),
            None => Err(self.err("missing expression", range)),
        }
    }

    fn expr(&mut self, e: &ast::Expr) -> R<tree::Expr> {
        let range = range(e.syntax());
        if self.depth >= MAX_TREE_DEPTH {
            return Err(self.err(
                format!("the expression nests too deeply (more than {MAX_TREE_DEPTH} levels)"),
                range,
            ));
        }
        self.depth += 1;
        let kind = self.kind(e, range);
        self.depth -= 1;
        Ok(tree::Expr { range, kind: kind? })
    }

    fn kind(&mut self, e: &ast::Expr, range: Range) -> R<ExprKind> {
        Ok(match e {
            ast::Expr::Literal(lit) => match lit.kind() {
                ast::LiteralKind::Integer(i) => {
                    ExprKind::Int(i.value().map_err(|_| i.syntax().text().into()))
                }
                ast::LiteralKind::Float(f) => ExprKind::Float(f.value().unwrap_or(f64::NAN)),
                ast::LiteralKind::Uri(u) => ExprKind::Uri(u.syntax().text().into()),
            },
            ast::Expr::Str(s) => ExprKind::Str(self.string(s, range)?),
            ast::Expr::PathAbs(_) | ast::Expr::PathRel(_) | ast::Expr::PathHome(_) => {
                let path = ast::Path::cast(e.syntax().clone()).expect("a path node");
                let mut parts = Vec::new();
                for part in path.parts() {
                    parts.push(match part {
                        InterpolPart::Literal(content) => Part::Lit(content.text().into()),
                        InterpolPart::Interpolation(x) => {
                            Part::Interp(*self.child(x.expr(), range)?)
                        }
                    });
                }
                ExprKind::Path(parts)
            }
            ast::Expr::PathSearch(p) => {
                let text = p
                    .content()
                    .map(|c| c.text().to_string())
                    .unwrap_or_default();
                let inner = text.trim_start_matches('<').trim_end_matches('>');
                ExprKind::SearchPath(inner.into())
            }
            ast::Expr::Ident(id) => ExprKind::Ident(self.ident(id)),
            ast::Expr::Paren(p) => ExprKind::Paren(self.child(p.expr(), range)?),
            ast::Expr::Root(r) => return Ok(self.child(r.expr(), range)?.kind),
            ast::Expr::Apply(a) => {
                let Some(function) = a.lambda() else {
                    return Err(self.err("missing function", range));
                };
                let function = Box::new(self.expr(&function)?);
                ExprKind::Apply(function, self.child(a.argument(), range)?)
            }
            ast::Expr::Select(s) => ExprKind::Select {
                target: self.child(s.expr(), range)?,
                path: self.attrpath(s.attrpath(), range)?,
                default: match s.default_expr() {
                    Some(d) => Some(Box::new(self.expr(&d)?)),
                    None => None,
                },
            },
            ast::Expr::HasAttr(h) => ExprKind::HasAttr {
                target: self.child(h.expr(), range)?,
                path: self.attrpath(h.attrpath(), range)?,
            },
            ast::Expr::List(l) => {
                let mut items = Vec::new();
                for item in l.items() {
                    items.push(self.expr(&item)?);
                }
                ExprKind::List(items)
            }
            ast::Expr::Lambda(lam) => self.lambda(lam, range)?,
            ast::Expr::IfElse(i) => ExprKind::If(Box::new([
                *self.child(i.condition(), range)?,
                *self.child(i.body(), range)?,
                *self.child(i.else_body(), range)?,
            ])),
            ast::Expr::Assert(a) => ExprKind::Assert(
                self.child(a.condition(), range)?,
                self.child(a.body(), range)?,
            ),
            ast::Expr::With(w) => ExprKind::With(
                self.child(w.namespace(), range)?,
                self.child(w.body(), range)?,
            ),
            ast::Expr::BinOp(b) => {
                let lhs = self.child(b.lhs(), range)?;
                let rhs = self.child(b.rhs(), range)?;
                use ast::BinOpKind as K;
                let op = match b.operator() {
                    Some(K::Add) => Op::Bin(BinOp::Add),
                    Some(K::Sub) => Op::Bin(BinOp::Sub),
                    Some(K::Mul) => Op::Bin(BinOp::Mul),
                    Some(K::Div) => Op::Bin(BinOp::Div),
                    Some(K::Concat) => Op::Bin(BinOp::Concat),
                    Some(K::Update) => Op::Bin(BinOp::Update),
                    Some(K::Equal) => Op::Bin(BinOp::Eq),
                    Some(K::NotEqual) => Op::Bin(BinOp::Ne),
                    Some(K::Less) => Op::Bin(BinOp::Lt),
                    Some(K::LessOrEq) => Op::Bin(BinOp::Le),
                    Some(K::More) => Op::Bin(BinOp::Gt),
                    Some(K::MoreOrEq) => Op::Bin(BinOp::Ge),
                    Some(K::And) => Op::Bin(BinOp::And),
                    Some(K::Or) => Op::Bin(BinOp::Or),
                    Some(K::Implication) => Op::Bin(BinOp::Impl),
                    Some(K::PipeRight) => Op::PipeRight,
                    Some(K::PipeLeft) => Op::PipeLeft,
                    None => return Err(self.err("missing operator", range)),
                };
                ExprKind::BinOp(op, lhs, rhs)
            }
            ast::Expr::UnaryOp(u) => {
                let inner = self.child(u.expr(), range)?;
                match u.operator() {
                    Some(ast::UnaryOpKind::Invert) => ExprKind::Not(inner),
                    Some(ast::UnaryOpKind::Negate) => ExprKind::Neg(inner),
                    None => return Err(self.err("missing operator", range)),
                }
            }
            ast::Expr::AttrSet(set) => ExprKind::AttrSet {
                rec: set.rec_token().is_some(),
                entries: self.entries(set)?,
            },
            ast::Expr::LetIn(l) => {
                let entries = self.entries(l)?;
                let Some(body) = l.body() else {
                    return Err(self.err("missing body of let", range));
                };
                ExprKind::LetIn {
                    entries,
                    body: Box::new(self.expr(&body)?),
                }
            }
            ast::Expr::LegacyLet(l) => ExprKind::LegacyLet(self.entries(l)?),
            ast::Expr::CurPos(_) => ExprKind::CurPos,
            ast::Expr::Error(_) => return Err(self.err("syntax error", range)),
        })
    }

    fn string(&mut self, s: &ast::Str, range: Range) -> R<Vec<Part>> {
        let mut parts = Vec::new();
        for p in s.normalized_parts() {
            parts.push(match p {
                InterpolPart::Literal(text) => Part::Lit(text.into()),
                InterpolPart::Interpolation(i) => Part::Interp(*self.child(i.expr(), range)?),
            });
        }
        Ok(parts)
    }

    fn attrpath(&mut self, p: Option<ast::Attrpath>, range: Range) -> R<Vec<Attr>> {
        let Some(p) = p else {
            return Err(self.err("missing attribute path", range));
        };
        p.attrs().map(|a| self.attr(&a)).collect()
    }

    fn attr(&mut self, a: &ast::Attr) -> R<Attr> {
        let range = range(a.syntax());
        let kind = match a {
            ast::Attr::Ident(id) => AttrKind::Ident(self.ident(id)),
            ast::Attr::Str(s) => AttrKind::Str(self.string(s, range)?),
            ast::Attr::Dynamic(d) => AttrKind::Dynamic(self.child(d.expr(), range)?),
        };
        Ok(Attr { range, kind })
    }

    fn entries(&mut self, node: &impl HasEntry) -> R<Vec<Entry>> {
        let mut entries = Vec::new();
        for entry in node.entries() {
            entries.push(match entry {
                ast::Entry::AttrpathValue(apv) => {
                    let range = range(apv.syntax());
                    let Some(path) = apv.attrpath() else {
                        return Err(self.err("missing attribute name", range));
                    };
                    let Some(value) = apv.value() else {
                        return Err(self.err("missing attribute value", range));
                    };
                    let path = self.attrpath(Some(path), range)?;
                    Entry::Binding {
                        range,
                        path,
                        value: self.expr(&value)?,
                    }
                }
                ast::Entry::Inherit(inh) => {
                    let range = range(inh.syntax());
                    let from = match inh.from() {
                        Some(from) => match from.expr() {
                            Some(e) => Some(self.expr(&e)?),
                            None => return Err(self.err("missing inherit source", range)),
                        },
                        None => None,
                    };
                    let mut attrs = Vec::new();
                    for attr in inh.attrs() {
                        attrs.push(self.attr(&attr)?);
                    }
                    Entry::Inherit { range, from, attrs }
                }
            });
        }
        Ok(entries)
    }

    fn lambda(&mut self, lam: &ast::Lambda, range: Range) -> R<ExprKind> {
        let Some(param) = lam.param() else {
            return Err(self.err("missing function parameter", range));
        };
        let param = match param {
            ast::Param::IdentParam(p) => Param::Ident(match p.ident() {
                Some(i) => self.ident(&i),
                None => "_".into(),
            }),
            ast::Param::Pattern(pat) => {
                let mut formals = Vec::new();
                for entry in pat.pat_entries() {
                    let name = match entry.ident() {
                        Some(i) => self.ident(&i),
                        None => "_".into(),
                    };
                    let default = match entry.default() {
                        Some(d) => Some(self.expr(&d)?),
                        None => None,
                    };
                    formals.push(Formal {
                        range: self::range(entry.syntax()),
                        name,
                        default,
                    });
                }
                let bind = pat.pat_bind().and_then(|b| b.ident());
                let bind = bind.map(|i| self.ident(&i));
                Param::Pattern {
                    formals,
                    ellipsis: pat.ellipsis_token().is_some(),
                    bind,
                }
            }
        };
        let body = *self.child(lam.body(), range)?;
        Ok(ExprKind::Lambda(Box::new(tree::Lambda { param, body })))
    }
}
