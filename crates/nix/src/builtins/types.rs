//! Type predicates and arithmetic builtins.

use super::*;
use crate::ast::BinOp;

pub fn type_of(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    Ok(Value::string(ev.force(&a[0])?.type_of()))
}

macro_rules! predicate {
    ($name:ident, $pat:pat) => {
        pub fn $name(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
            Ok(Value::Bool(matches!(ev.force(&a[0])?, $pat)))
        }
    };
}

predicate!(is_attrs, Value::Attrs(_));
predicate!(is_list, Value::List(_));
predicate!(
    is_function,
    Value::Lambda(_) | Value::PrimOp(_) | Value::Native(_)
);
predicate!(is_string, Value::String(_));
predicate!(is_int, Value::Int(_));
predicate!(is_float, Value::Float(_));
predicate!(is_bool, Value::Bool(_));
predicate!(is_path, Value::Path(_));
predicate!(is_null, Value::Null);

fn numeric(ev: &mut Eval, a: &[Value], op: BinOp, name: &str) -> EvalResult<Value> {
    let l = ev.force(&a[0])?;
    let r = ev.force(&a[1])?;
    for (i, v) in [&l, &r].into_iter().enumerate() {
        if !matches!(v, Value::Int(_) | Value::Float(_)) {
            let which = if i == 0 { "first" } else { "second" };
            return Err(type_error(
                v,
                "an integer",
                &format!("in the {which} argument of builtins.{name}"),
            )
            .boxed());
        }
    }
    ev.binop_values(op, l, r)
}

pub fn add(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    numeric(ev, &a, BinOp::Add, "add")
}
pub fn sub(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    numeric(ev, &a, BinOp::Sub, "sub")
}
pub fn mul(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    numeric(ev, &a, BinOp::Mul, "mul")
}
pub fn div(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    numeric(ev, &a, BinOp::Div, "div")
}

pub fn less_than(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    Ok(Value::Bool(
        ev.compare(&a[0], &a[1])? == std::cmp::Ordering::Less,
    ))
}

fn bits(ev: &mut Eval, a: &[Value], name: &str, f: fn(i64, i64) -> i64) -> EvalResult<Value> {
    let x = force_int(
        ev,
        &a[0],
        &format!("in the first argument of builtins.{name}"),
    )?;
    let y = force_int(
        ev,
        &a[1],
        &format!("in the second argument of builtins.{name}"),
    )?;
    Ok(Value::Int(f(x, y)))
}

pub fn bit_and(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    bits(ev, &a, "bitAnd", |x, y| x & y)
}
pub fn bit_or(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    bits(ev, &a, "bitOr", |x, y| x | y)
}
pub fn bit_xor(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    bits(ev, &a, "bitXor", |x, y| x ^ y)
}

fn round(ev: &mut Eval, a: &[Value], name: &str, f: fn(f64) -> f64) -> EvalResult<Value> {
    match ev.force(&a[0])? {
        Value::Int(i) => Ok(Value::Int(i)),
        Value::Float(x) => Ok(Value::Int(f(x) as i64)),
        other => Err(type_error(
            &other,
            "a float",
            &format!("in the argument of builtins.{name}"),
        )
        .boxed()),
    }
}

pub fn floor(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    round(ev, &a, "floor", f64::floor)
}
pub fn ceil(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    round(ev, &a, "ceil", f64::ceil)
}
