//! The fast parser: text → [`crate::tree`] directly, for text without
//! syntax errors. It follows rnix's grammar (precedence, the look-ahead
//! that tells a lambda's pattern from a set, `x: ...` inside application)
//! and gives up — `None` — on a syntax error and on the rare forms it does
//! not handle (URIs, search paths, interpolated paths, `let { }`,
//! `__curPos`, `f or`, very deep nesting); [`crate::lower`] then asks rnix,
//! which also words the errors.
//!
//! Why a second parser: rnix builds a lossless tree for editors; for a
//! 100 KB file building and reading that tree took 16–18 ms of a 35 ms
//! cold run, this parser takes under 3 ms (see DECISIONS.md). Tests hold
//! it to rnix's tree ([`crate::from_rnix`]) on every `.nix` file of the
//! workspace and on edits of them (`tests/fast_parser.rs`).

mod lex;
mod strings;

use crate::ast::BinOp;
use crate::tree::{Attr, AttrKind, Entry, Expr, ExprKind, Formal, Lambda, Op, Param, Part, Range};
use crate::Str;
use lex::{Tok, Token};
use strings::Raw;

/// The tree of `text`, or `None` to leave it to rnix.
pub fn parse(text: &str) -> Option<Expr> {
    let tokens = lex::lex(text)?;
    let mut p = Parser {
        text,
        tokens: &tokens,
        pos: 0,
        frames: 0,
        names: Default::default(),
    };
    let sub = p.expr()?;
    (p.pos == tokens.len()).then_some(sub.expr)
}

/// How many nested parsing frames are allowed before giving up (rnix's
/// own limit is 512 nested expressions).
const MAX_FRAMES: u32 = 500;

/// How deep a tree may be (lowering recurses over it; rnix's path
/// accepts up to [`crate::from_rnix::MAX_TREE_DEPTH`]).
const MAX_DEPTH: u32 = 1_000;

/// A parsed expression and its depth.
struct Sub {
    expr: Expr,
    depth: u32,
}

type P = Option<Sub>;

fn node(range: Range, kind: ExprKind, depth: u32) -> P {
    (depth <= MAX_DEPTH).then_some(Sub {
        expr: Expr { range, kind },
        depth,
    })
}

struct Parser<'a> {
    text: &'a str,
    tokens: &'a [Token],
    pos: usize,
    frames: u32,
    /// One `Str` per distinct identifier.
    names: rustc_hash::FxHashMap<&'a str, Str>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<Tok> {
        self.tokens.get(self.pos).map(|t| t.kind)
    }

    fn peek_at(&self, k: usize) -> Option<Tok> {
        self.tokens.get(self.pos + k).map(|t| t.kind)
    }

    fn bump(&mut self) -> Token {
        let t = self.tokens[self.pos];
        self.pos += 1;
        t
    }

    fn expect(&mut self, kind: Tok) -> Option<Token> {
        (self.peek()? == kind).then(|| self.bump())
    }

    fn text_of(&self, t: Token) -> &'a str {
        &self.text[t.start as usize..t.end as usize]
    }

    fn name(&mut self, t: Token) -> Str {
        let text = self.text_of(t);
        self.names
            .entry(text)
            .or_insert_with(|| text.into())
            .clone()
    }

    /// Runs `f` one frame deeper.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if self.frames >= MAX_FRAMES {
            return None;
        }
        self.frames += 1;
        let r = f(self);
        self.frames -= 1;
        r
    }

    fn expr(&mut self) -> P {
        self.nested(Self::expr_inner)
    }

    fn expr_inner(&mut self) -> P {
        let start = self.tokens.get(self.pos)?.start;
        match self.peek()? {
            Tok::Let => {
                self.bump();
                if self.peek() == Some(Tok::LBrace) {
                    return None; // `let { }`, left to rnix
                }
                let (entries, depth, _) = self.entries(Tok::In)?;
                let body = self.expr()?;
                let range = Range::new(start, body.expr.range.end);
                let depth = depth.max(body.depth) + 1;
                let body = Box::new(body.expr);
                node(range, ExprKind::LetIn { entries, body }, depth)
            }
            Tok::With => {
                self.bump();
                let namespace = self.expr()?;
                self.expect(Tok::Semicolon)?;
                let body = self.expr()?;
                let (range, depth) = span2(start, &namespace, &body);
                let kind = ExprKind::With(Box::new(namespace.expr), Box::new(body.expr));
                node(range, kind, depth)
            }
            Tok::Assert => {
                self.bump();
                let cond = self.expr()?;
                self.expect(Tok::Semicolon)?;
                let body = self.expr()?;
                let (range, depth) = span2(start, &cond, &body);
                let kind = ExprKind::Assert(Box::new(cond.expr), Box::new(body.expr));
                node(range, kind, depth)
            }
            Tok::If => {
                self.bump();
                let cond = self.expr()?;
                self.expect(Tok::Then)?;
                let then = self.expr()?;
                self.expect(Tok::Else)?;
                let otherwise = self.expr()?;
                let range = Range::new(start, otherwise.expr.range.end);
                let depth = cond.depth.max(then.depth).max(otherwise.depth) + 1;
                let kind = ExprKind::If(Box::new([cond.expr, then.expr, otherwise.expr]));
                node(range, kind, depth)
            }
            _ => self.binary(0),
        }
    }

    /// Binary operators binding at least as tight as `min` (a level of
    /// [`binary_op`]), over operands with `!`, `?` and `-`: one loop per
    /// operand rather than a function per level, each of which every
    /// operand passed through (a sixth of parsing's instructions).
    fn binary(&mut self, min: u8) -> P {
        // `!` binds looser than `+` and tighter than `//`: an operand of
        // `+` and tighter cannot start with it.
        let mut lhs = if min <= INVERT_OPERAND && self.peek() == Some(Tok::Invert) {
            self.invert()?
        } else {
            self.has_attr()?
        };
        while let Some((level, op)) = self.peek().and_then(binary_op) {
            if level < min {
                break;
            }
            self.bump();
            let rhs = match associativity(level) {
                Assoc::Left | Assoc::None => self.binary(level + 1)?,
                Assoc::Right => self.nested(|p| p.binary(level))?,
            };
            lhs = binop(op, lhs, rhs)?;
            let again = self.peek().and_then(binary_op);
            if associativity(level) == Assoc::None && again.is_some_and(|(l, _)| l == level) {
                // `a == b == c`: a syntax error, which rnix words.
                return None;
            }
        }
        Some(lhs)
    }

    /// `! operand`: its operand is `!` again or what `+` and tighter make.
    fn invert(&mut self) -> P {
        if self.peek() != Some(Tok::Invert) {
            return self.binary(INVERT_OPERAND + 1);
        }
        let start = self.bump().start;
        let inner = self.nested(Self::invert)?;
        let range = Range::new(start, inner.expr.range.end);
        node(range, ExprKind::Not(Box::new(inner.expr)), inner.depth + 1)
    }

    fn has_attr(&mut self) -> P {
        let mut target = self.negate()?;
        while self.peek() == Some(Tok::Question) {
            self.bump();
            let (path, depth) = self.attrpath()?;
            let range = Range::new(target.expr.range.start, last_end(&path));
            let depth = target.depth.max(depth) + 1;
            let target_expr = Box::new(target.expr);
            let kind = ExprKind::HasAttr {
                target: target_expr,
                path,
            };
            target = node(range, kind, depth)?;
        }
        Some(target)
    }

    fn negate(&mut self) -> P {
        if self.peek() != Some(Tok::Sub) {
            return self.apply();
        }
        let start = self.bump().start;
        let inner = self.nested(Self::negate)?;
        let range = Range::new(start, inner.expr.range.end);
        node(range, ExprKind::Neg(Box::new(inner.expr)), inner.depth + 1)
    }

    /// `f a b`: application, of simple expressions.
    fn apply(&mut self) -> P {
        let mut function = self.simple()?;
        while self.peek().is_some_and(starts_argument) {
            let argument = self.simple()?;
            let range = function.expr.range.to(argument.expr.range);
            let depth = function.depth.max(argument.depth) + 1;
            let kind = ExprKind::Apply(Box::new(function.expr), Box::new(argument.expr));
            function = node(range, kind, depth)?;
        }
        Some(function)
    }

    /// A primary expression and any `.path` / `.path or default` after it.
    fn simple(&mut self) -> P {
        let primary = self.nested(Self::primary)?;
        match self.peek() {
            Some(Tok::Dot) => {
                self.bump();
                let (path, path_depth) = self.attrpath()?;
                let mut end = last_end(&path);
                let mut depth = primary.depth.max(path_depth);
                let default = if self.peek() == Some(Tok::Or) {
                    self.bump();
                    let d = self.nested(Self::simple)?;
                    end = d.expr.range.end;
                    depth = depth.max(d.depth);
                    Some(Box::new(d.expr))
                } else {
                    None
                };
                let range = Range::new(primary.expr.range.start, end);
                let target = Box::new(primary.expr);
                let kind = ExprKind::Select {
                    target,
                    path,
                    default,
                };
                node(range, kind, depth + 1)
            }
            // `f or`: `or` as a variable, left to rnix.
            Some(Tok::Or) => None,
            _ => Some(primary),
        }
    }

    fn primary(&mut self) -> P {
        let first = *self.tokens.get(self.pos)?;
        let start = first.start;
        match first.kind {
            Tok::LParen => {
                self.bump();
                let inner = self.expr()?;
                let end = self.expect(Tok::RParen)?.end;
                let kind = ExprKind::Paren(Box::new(inner.expr));
                node(Range::new(start, end), kind, inner.depth + 1)
            }
            Tok::Rec => {
                self.bump();
                self.expect(Tok::LBrace)?;
                self.attr_set(start, true)
            }
            Tok::LBrace if self.is_pattern() => self.pattern_lambda(start, None),
            Tok::LBrace => {
                self.bump();
                self.attr_set(start, false)
            }
            Tok::LBrack => {
                self.bump();
                let mut items = Vec::new();
                let mut depth = 0;
                while self.peek()? != Tok::RBrack {
                    let item = self.simple()?;
                    depth = depth.max(item.depth);
                    items.push(item.expr);
                }
                let end = self.bump().end;
                node(Range::new(start, end), ExprKind::List(items), depth + 1)
            }
            Tok::StrStart => {
                let (range, parts, depth) = self.string()?;
                node(range, ExprKind::Str(parts), depth)
            }
            Tok::Path => {
                self.bump();
                let text = self.text_of(first);
                let kind = ExprKind::Path(vec![Part::Lit(text.into())]);
                node(Range::new(start, first.end), kind, 1)
            }
            Tok::Int => {
                self.bump();
                let text = self.text_of(first);
                let kind = ExprKind::Int(text.parse().map_err(|_| text.into()));
                node(Range::new(start, first.end), kind, 1)
            }
            Tok::Float => {
                self.bump();
                let value = self.text_of(first).parse().unwrap_or(f64::NAN);
                node(Range::new(start, first.end), ExprKind::Float(value), 1)
            }
            Tok::Ident => match self.peek_at(1) {
                Some(Tok::Colon) => {
                    self.bump();
                    self.bump();
                    let param = Param::Ident(self.name(first));
                    self.lambda_body(start, param, 0)
                }
                Some(Tok::At) => {
                    self.bump();
                    self.bump();
                    let bind = self.name(first);
                    if self.peek() != Some(Tok::LBrace) {
                        return None;
                    }
                    self.pattern_lambda(start, Some(bind))
                }
                _ if self.text_of(first) == "__curPos" => None,
                _ => {
                    self.bump();
                    let kind = ExprKind::Ident(self.name(first));
                    node(Range::new(start, first.end), kind, 1)
                }
            },
            _ => None,
        }
    }

    /// Whether the `{` here starts a lambda's pattern rather than a set.
    fn is_pattern(&self) -> bool {
        use Tok::*;
        matches!(
            (self.peek_at(1), self.peek_at(2)),
            (Some(Ident), Some(Comma | Question | RBrace))
                | (Some(Ellipsis), Some(RBrace))
                | (Some(RBrace), Some(Colon | At))
        )
    }

    /// `{ a, b ? d, ... } @ bind: body`, from its `{` (`bind` if it was
    /// already given before the pattern).
    fn pattern_lambda(&mut self, start: u32, mut bind: Option<Str>) -> P {
        self.bump();
        let mut formals = Vec::new();
        let mut ellipsis = false;
        let mut depth = 0;
        loop {
            match self.peek()? {
                Tok::RBrace => {
                    self.bump();
                    break;
                }
                Tok::Ellipsis => {
                    self.bump();
                    ellipsis = true;
                    self.expect(Tok::RBrace)?;
                    break;
                }
                Tok::Ident => {
                    let id = self.bump();
                    let name = self.name(id);
                    let mut end = id.end;
                    let default = if self.peek() == Some(Tok::Question) {
                        self.bump();
                        let d = self.expr()?;
                        end = d.expr.range.end;
                        depth = depth.max(d.depth);
                        Some(d.expr)
                    } else {
                        None
                    };
                    formals.push(Formal {
                        range: Range::new(id.start, end),
                        name,
                        default,
                    });
                    if self.peek() == Some(Tok::Comma) {
                        self.bump();
                    } else {
                        self.expect(Tok::RBrace)?;
                        break;
                    }
                }
                _ => return None,
            }
        }
        if self.peek() == Some(Tok::At) {
            if bind.is_some() {
                return None; // bound twice
            }
            self.bump();
            let id = self.expect(Tok::Ident)?;
            bind = Some(self.name(id));
        }
        self.expect(Tok::Colon)?;
        let param = Param::Pattern {
            formals,
            ellipsis,
            bind,
        };
        self.lambda_body(start, param, depth)
    }

    /// A lambda from `start`, its body next (`param_depth`: the depth of
    /// its formals' defaults).
    fn lambda_body(&mut self, start: u32, param: Param, param_depth: u32) -> P {
        let body = self.expr()?;
        let range = Range::new(start, body.expr.range.end);
        let depth = body.depth.max(param_depth) + 1;
        let kind = ExprKind::Lambda(Box::new(Lambda {
            param,
            body: body.expr,
        }));
        node(range, kind, depth)
    }

    /// A set's entries and its closing `}`, from after its `{`.
    fn attr_set(&mut self, start: u32, rec: bool) -> P {
        let (entries, depth, end) = self.entries(Tok::RBrace)?;
        node(
            Range::new(start, end),
            ExprKind::AttrSet { rec, entries },
            depth + 1,
        )
    }

    /// Entries up to and with `close` (`}` or `in`): the entries, their
    /// depth and where `close` ends.
    fn entries(&mut self, close: Tok) -> Option<(Vec<Entry>, u32, u32)> {
        let mut entries = Vec::new();
        let mut depth = 0;
        loop {
            let first = *self.tokens.get(self.pos)?;
            match first.kind {
                k if k == close => {
                    self.bump();
                    return Some((entries, depth, first.end));
                }
                Tok::Inherit => {
                    self.bump();
                    let from = if self.peek() == Some(Tok::LParen) {
                        self.bump();
                        let e = self.expr()?;
                        self.expect(Tok::RParen)?;
                        depth = depth.max(e.depth);
                        Some(e.expr)
                    } else {
                        None
                    };
                    let mut attrs = Vec::new();
                    while self.peek()? != Tok::Semicolon {
                        let (attr, d) = self.attr()?;
                        depth = depth.max(d);
                        attrs.push(attr);
                    }
                    let end = self.bump().end;
                    let range = Range::new(first.start, end);
                    entries.push(Entry::Inherit { range, from, attrs });
                }
                _ => {
                    let (path, path_depth) = self.attrpath()?;
                    self.expect(Tok::Assign)?;
                    let value = self.expr()?;
                    let end = self.expect(Tok::Semicolon)?.end;
                    depth = depth.max(path_depth).max(value.depth);
                    let range = Range::new(first.start, end);
                    entries.push(Entry::Binding {
                        range,
                        path,
                        value: value.expr,
                    });
                }
            }
        }
    }

    /// `a.b."c".${d}` and its depth.
    fn attrpath(&mut self) -> Option<(Vec<Attr>, u32)> {
        let mut path = Vec::with_capacity(1);
        let mut depth = 0;
        loop {
            let (attr, d) = self.attr()?;
            depth = depth.max(d);
            path.push(attr);
            if self.peek() != Some(Tok::Dot) {
                return Some((path, depth));
            }
            self.bump();
        }
    }

    fn attr(&mut self) -> Option<(Attr, u32)> {
        let first = *self.tokens.get(self.pos)?;
        match first.kind {
            Tok::Ident | Tok::Or => {
                self.bump();
                let range = Range::new(first.start, first.end);
                let kind = AttrKind::Ident(self.name(first));
                Some((Attr { range, kind }, 0))
            }
            Tok::StrStart => {
                let (range, parts, depth) = self.string()?;
                let kind = AttrKind::Str(parts);
                Some((Attr { range, kind }, depth))
            }
            Tok::InterpStart => {
                self.bump();
                let e = self.expr()?;
                let end = self.expect(Tok::InterpEnd)?.end;
                let range = Range::new(first.start, end);
                let kind = AttrKind::Dynamic(Box::new(e.expr));
                Some((Attr { range, kind }, e.depth + 1))
            }
            _ => None,
        }
    }

    /// A string from its start token: its range, parts and depth.
    fn string(&mut self) -> Option<(Range, Vec<Part>, u32)> {
        let open = self.bump();
        let multiline = self.text_of(open) == "''";
        let mut raw = Vec::new();
        let mut depth = 0;
        let end = loop {
            let t = *self.tokens.get(self.pos)?;
            match t.kind {
                Tok::StrContent => {
                    self.bump();
                    raw.push(Raw::Lit(self.text_of(t)));
                }
                Tok::InterpStart => {
                    self.bump();
                    let e = self.expr()?;
                    self.expect(Tok::InterpEnd)?;
                    depth = depth.max(e.depth);
                    raw.push(Raw::Interp(e.expr));
                }
                Tok::StrEnd => {
                    self.bump();
                    break t.end;
                }
                _ => return None,
            }
        };
        let parts = if multiline {
            strings::indented(raw)
        } else {
            strings::plain(raw)
        };
        Some((Range::new(open.start, end), parts, depth + 1))
    }
}

/// The tokens that start an argument of an application.
fn starts_argument(t: Tok) -> bool {
    use Tok::*;
    matches!(
        t,
        Rec | LBrace | LBrack | LParen | StrStart | Ident | Int | Float | Path
    )
}

/// A binary operator's level (higher binds tighter; rnix's precedence)
/// and the operator.
fn binary_op(t: Tok) -> Option<(u8, Op)> {
    Some(match t {
        Tok::PipeLeft => (0, Op::PipeLeft),
        Tok::PipeRight => (1, Op::PipeRight),
        Tok::Implication => (2, Op::Bin(BinOp::Impl)),
        Tok::OrOr => (3, Op::Bin(BinOp::Or)),
        Tok::AndAnd => (4, Op::Bin(BinOp::And)),
        Tok::Equal => (5, Op::Bin(BinOp::Eq)),
        Tok::NotEqual => (5, Op::Bin(BinOp::Ne)),
        Tok::Less => (6, Op::Bin(BinOp::Lt)),
        Tok::LessOrEq => (6, Op::Bin(BinOp::Le)),
        Tok::More => (6, Op::Bin(BinOp::Gt)),
        Tok::MoreOrEq => (6, Op::Bin(BinOp::Ge)),
        Tok::Update => (7, Op::Bin(BinOp::Update)),
        Tok::Add => (9, Op::Bin(BinOp::Add)),
        Tok::Sub => (9, Op::Bin(BinOp::Sub)),
        Tok::Mul => (10, Op::Bin(BinOp::Mul)),
        Tok::Div => (10, Op::Bin(BinOp::Div)),
        Tok::Concat => (11, Op::Bin(BinOp::Concat)),
        _ => return None,
    })
}

/// The level `!` sits at, between `//` and `+`.
const INVERT_OPERAND: u8 = 8;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Assoc {
    Left,
    Right,
    /// At most one operator of the level in a row.
    None,
}

fn associativity(level: u8) -> Assoc {
    match level {
        0 | 2 | 7 | 11 => Assoc::Right,
        5 | 6 => Assoc::None,
        _ => Assoc::Left,
    }
}

fn binop(kind: Op, lhs: Sub, rhs: Sub) -> P {
    let range = lhs.expr.range.to(rhs.expr.range);
    let depth = lhs.depth.max(rhs.depth) + 1;
    let kind = ExprKind::BinOp(kind, Box::new(lhs.expr), Box::new(rhs.expr));
    node(range, kind, depth)
}

/// The range from `start` to the end of `last`, and the depth over `a` and `last`.
fn span2(start: u32, a: &Sub, last: &Sub) -> (Range, u32) {
    (
        Range::new(start, last.expr.range.end),
        a.depth.max(last.depth) + 1,
    )
}

fn last_end(path: &[Attr]) -> u32 {
    path.last().map_or(0, |a| a.range.end)
}
