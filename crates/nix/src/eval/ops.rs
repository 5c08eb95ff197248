//! Operators: arithmetic, `//`, `++`, comparisons and equality.

use super::{type_error, CoerceMode, Eval};
use crate::ast::{BinOp, Span, E};
use crate::error::{ErrorKind, EvalError, EvalResult};
use crate::value::*;
use std::cmp::Ordering;
use std::rc::Rc;

impl Eval {
    pub(super) fn eval_binop(
        &mut self,
        op: BinOp,
        lhs: &E,
        rhs: &E,
        env: EnvId,
        span: Span,
    ) -> EvalResult<Value> {
        let with_span = |e: Box<EvalError>| -> Box<EvalError> {
            let mut e = e;
            if e.span.is_none() {
                e.span = Some(span);
            }
            e
        };
        match op {
            BinOp::And => {
                let l = self.eval(lhs, env)?;
                match l {
                    Value::Bool(false) => Ok(Value::Bool(false)),
                    Value::Bool(true) => self.bool_operand(rhs, env, "&&", span),
                    other => Err(with_span(
                        type_error(&other, "a Boolean", "in the left operand of &&").boxed(),
                    )),
                }
            }
            BinOp::Or => {
                let l = self.eval(lhs, env)?;
                match l {
                    Value::Bool(true) => Ok(Value::Bool(true)),
                    Value::Bool(false) => self.bool_operand(rhs, env, "||", span),
                    other => Err(with_span(
                        type_error(&other, "a Boolean", "in the left operand of ||").boxed(),
                    )),
                }
            }
            BinOp::Impl => {
                let l = self.eval(lhs, env)?;
                match l {
                    Value::Bool(false) => Ok(Value::Bool(true)),
                    Value::Bool(true) => self.bool_operand(rhs, env, "->", span),
                    other => Err(with_span(
                        type_error(&other, "a Boolean", "in the left operand of ->").boxed(),
                    )),
                }
            }
            _ => {
                let l = self.eval(lhs, env)?;
                let r = self.eval(rhs, env)?;
                // Fast path: integer arithmetic and comparisons.
                if let (Value::Int(a), Value::Int(b)) = (&l, &r) {
                    let (a, b) = (*a, *b);
                    match op {
                        BinOp::Add => return Ok(Value::Int(a.wrapping_add(b))),
                        BinOp::Sub => return Ok(Value::Int(a.wrapping_sub(b))),
                        BinOp::Mul => return Ok(Value::Int(a.wrapping_mul(b))),
                        BinOp::Lt => return Ok(Value::Bool(a < b)),
                        BinOp::Le => return Ok(Value::Bool(a <= b)),
                        BinOp::Gt => return Ok(Value::Bool(a > b)),
                        BinOp::Ge => return Ok(Value::Bool(a >= b)),
                        BinOp::Eq => return Ok(Value::Bool(a == b)),
                        BinOp::Ne => return Ok(Value::Bool(a != b)),
                        _ => {}
                    }
                }
                self.binop_values(op, l, r).map_err(with_span)
            }
        }
    }

    fn bool_operand(&mut self, e: &E, env: EnvId, op: &str, span: Span) -> EvalResult<Value> {
        match self.eval(e, env)? {
            Value::Bool(b) => Ok(Value::Bool(b)),
            other => Err(type_error(
                &other,
                "a Boolean",
                &format!("in the right operand of {op}"),
            )
            .at(span)
            .boxed()),
        }
    }

    /// A binary operator on two forced values.
    pub fn binop_values(&mut self, op: BinOp, l: Value, r: Value) -> EvalResult<Value> {
        match op {
            BinOp::Add => self.add(l, r),
            BinOp::Sub | BinOp::Mul | BinOp::Div => arith(op, &l, &r),
            BinOp::Concat => match (&l, &r) {
                (Value::List(a), Value::List(b)) => {
                    let mut out = Vec::with_capacity(a.len() + b.len());
                    out.extend(a.iter().cloned());
                    out.extend(b.iter().cloned());
                    self.account(out.len() * std::mem::size_of::<Value>())?;
                    Ok(Value::list(out))
                }
                (Value::List(_), other) | (other, _) => {
                    Err(type_error(other, "a list", "in an operand of ++").boxed())
                }
            },
            BinOp::Update => match (&l, &r) {
                (Value::Attrs(a), Value::Attrs(b)) => {
                    let u = a.update(b);
                    self.account(u.len() * std::mem::size_of::<Attr>())?;
                    Ok(Value::attrs(u))
                }
                (Value::Attrs(_), other) | (other, _) => {
                    Err(type_error(other, "a set", "in an operand of //").boxed())
                }
            },
            BinOp::Eq => Ok(Value::Bool(self.equal(&l, &r)?)),
            BinOp::Ne => Ok(Value::Bool(!self.equal(&l, &r)?)),
            BinOp::Lt => Ok(Value::Bool(self.compare(&l, &r)? == Ordering::Less)),
            BinOp::Le => Ok(Value::Bool(self.compare(&l, &r)? != Ordering::Greater)),
            BinOp::Gt => Ok(Value::Bool(self.compare(&l, &r)? == Ordering::Greater)),
            BinOp::Ge => Ok(Value::Bool(self.compare(&l, &r)? != Ordering::Less)),
            BinOp::And | BinOp::Or | BinOp::Impl => unreachable!("short-circuit operators"),
        }
    }

    fn add(&mut self, l: Value, r: Value) -> EvalResult<Value> {
        match (&l, &r) {
            (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
                arith(BinOp::Add, &l, &r)
            }
            (Value::Path(p), _) => {
                let s = match &r {
                    Value::String(s) => s.to_string(),
                    Value::Path(q) => q.to_string(),
                    _ => self.coerce_to_string(&r, CoerceMode::Interpolation)?,
                };
                Ok(Value::Path(canon_path(&format!("{p}{s}")).into()))
            }
            (Value::String(a), _) => {
                let b = self.coerce_to_string(&r, CoerceMode::Interpolation)?;
                let mut s = String::with_capacity(a.len() + b.len());
                s.push_str(a);
                s.push_str(&b);
                self.account(s.len())?;
                Ok(Value::string(s))
            }
            (Value::Attrs(_), Value::String(_)) | (Value::Attrs(_), Value::Path(_)) => {
                let a = self.coerce_to_string(&l, CoerceMode::Interpolation)?;
                let b = self.coerce_to_string(&r, CoerceMode::Interpolation)?;
                Ok(Value::string(a + &b))
            }
            _ => Err(EvalError::new(
                ErrorKind::WrongValueType,
                format!("cannot add {} to {}", r.describe(), l.describe()),
            )
            .boxed()),
        }
    }

    /// Nix's `==`: deep, forcing both sides.
    pub fn equal(&mut self, l: &Value, r: &Value) -> EvalResult<bool> {
        let l = self.force(l)?;
        let r = self.force(r)?;
        Ok(match (&l, &r) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => {
                (*a as f64) == *b
            }
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Path(a), Value::Path(b)) => a == b,
            (Value::List(a), Value::List(b)) => {
                if List::ptr_eq(a, b) {
                    return Ok(true);
                }
                if a.len() != b.len() {
                    return Ok(false);
                }
                for (x, y) in a.iter().zip(b.iter()) {
                    if !self.same_slot(x, y) && !self.equal(x, y)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::Attrs(a), Value::Attrs(b)) => {
                if Attrs::ptr_eq(a, b) {
                    return Ok(true);
                }
                // Derivations compare by their output path.
                if is_derivation(self, a)? && is_derivation(self, b)? {
                    if let (Some(x), Some(y)) =
                        (a.get("outPath").cloned(), b.get("outPath").cloned())
                    {
                        return self.equal(&x, &y);
                    }
                }
                if a.len() != b.len() {
                    return Ok(false);
                }
                for (x, y) in a.iter().zip(b.iter()) {
                    if x.name != y.name {
                        return Ok(false);
                    }
                    if !self.same_slot(&x.value, &y.value) && !self.equal(&x.value, &y.value)? {
                        return Ok(false);
                    }
                }
                true
            }
            _ => false,
        })
    }

    /// Two slots holding the very same thunk are equal without forcing
    /// (this is what makes `[ f ] == [ f ]` true in Nix).
    fn same_slot(&self, a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Thunk(x), Value::Thunk(y)) => x == y,
            (Value::Lambda(x), Value::Lambda(y)) => Rc::ptr_eq(x, y),
            (Value::PrimOp(x), Value::PrimOp(y)) => Rc::ptr_eq(x, y),
            _ => false,
        }
    }

    /// Nix's `<`: numbers, strings, paths, and lists lexicographically.
    pub fn compare(&mut self, l: &Value, r: &Value) -> EvalResult<Ordering> {
        let l = self.force(l)?;
        let r = self.force(r)?;
        match (&l, &r) {
            (Value::Int(a), Value::Int(b)) => Ok(a.cmp(b)),
            (Value::Float(a), Value::Float(b)) => Ok(a.partial_cmp(b).unwrap_or(Ordering::Equal)),
            (Value::Int(a), Value::Float(b)) => {
                Ok((*a as f64).partial_cmp(b).unwrap_or(Ordering::Equal))
            }
            (Value::Float(a), Value::Int(b)) => {
                Ok(a.partial_cmp(&(*b as f64)).unwrap_or(Ordering::Equal))
            }
            (Value::String(a), Value::String(b)) => Ok(a.as_bytes().cmp(b.as_bytes())),
            (Value::Path(a), Value::Path(b)) => Ok(a.as_bytes().cmp(b.as_bytes())),
            (Value::List(a), Value::List(b)) => {
                for (x, y) in a.iter().zip(b.iter()) {
                    if self.equal(x, y)? {
                        continue;
                    }
                    return self.compare(x, y);
                }
                Ok(a.len().cmp(&b.len()))
            }
            _ => Err(EvalError::new(
                ErrorKind::WrongValueType,
                format!("cannot compare {} with {}", l.describe(), r.describe()),
            )
            .boxed()),
        }
    }
}

fn is_derivation(ev: &mut Eval, a: &Attrs) -> EvalResult<bool> {
    match a.get("type").cloned() {
        Some(t) => Ok(matches!(ev.force(&t)?, Value::String(s) if &*s == "derivation")),
        None => Ok(false),
    }
}

fn arith(op: BinOp, l: &Value, r: &Value) -> EvalResult<Value> {
    let sym = match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        _ => "/",
    };
    match (l, r) {
        (Value::Int(a), Value::Int(b)) => Ok(Value::Int(match op {
            BinOp::Add => a.wrapping_add(*b),
            BinOp::Sub => a.wrapping_sub(*b),
            BinOp::Mul => a.wrapping_mul(*b),
            _ => {
                if *b == 0 {
                    return Err(
                        EvalError::new(ErrorKind::DivisionByZero, "division by zero").boxed(),
                    );
                }
                match a.checked_div(*b) {
                    Some(q) => q,
                    None => {
                        return Err(EvalError::new(
                            ErrorKind::Other,
                            "overflow in integer division",
                        )
                        .boxed())
                    }
                }
            }
        })),
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            let a = as_f64(l);
            let b = as_f64(r);
            Ok(Value::Float(match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                _ => {
                    if b == 0.0 {
                        return Err(
                            EvalError::new(ErrorKind::DivisionByZero, "division by zero").boxed(),
                        );
                    }
                    a / b
                }
            }))
        }
        (Value::Int(_) | Value::Float(_), other) | (other, _) => {
            Err(type_error(other, "an integer", &format!("in an operand of {sym}")).boxed())
        }
    }
}

fn as_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => 0.0,
    }
}
