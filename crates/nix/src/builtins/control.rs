//! Control builtins: `seq`, `tryEval`, `throw`, `trace`, `derivation`, ...

use super::*;
use crate::eval::CoerceMode;

pub fn seq(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    ev.force(&a[0])?;
    ev.force(&a[1])
}

pub fn deep_seq(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    ev.force_deep(&a[0])?;
    ev.force(&a[1])
}

pub fn try_eval(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    match ev.force(&a[0]) {
        Ok(v) => Ok(Value::attrs(Attrs::of([
            ("success".into(), Value::Bool(true)),
            ("value".into(), v),
        ]))),
        Err(e) if e.kind.is_catchable() => Ok(Value::attrs(Attrs::of([
            ("success".into(), Value::Bool(false)),
            ("value".into(), Value::Bool(false)),
        ]))),
        Err(e) => Err(e),
    }
}

pub fn throw(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let msg = ev.coerce_to_string(&a[0], CoerceMode::Interpolation)?;
    err(ErrorKind::Throw, msg)
}

pub fn abort(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let msg = ev.coerce_to_string(&a[0], CoerceMode::Interpolation)?;
    err(
        ErrorKind::Abort,
        format!("evaluation aborted with the following error message: '{msg}'"),
    )
}

fn message(ev: &mut Eval, v: &Value) -> EvalResult<String> {
    let v = ev.force(v)?;
    Ok(match &v {
        Value::String(s) => s.to_string(),
        _ => crate::print::print_value(ev, &v, false)?,
    })
}

pub fn trace(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    let msg = message(ev, &a[0])?;
    ev.trace(false, msg, Some(span));
    ev.force(&a[1])
}

pub fn warn(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    let msg = force_str(ev, &a[0], "in the first argument of builtins.warn")?;
    ev.trace(true, msg.to_string(), Some(span));
    ev.force(&a[1])
}

pub fn trace_verbose(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    ev.force(&a[1])
}

pub fn add_error_context(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    match ev.force(&a[1]) {
        Ok(v) => Ok(v),
        Err(mut e) => {
            if let Ok(ctx) = ev.coerce_to_string(&a[0], CoerceMode::Interpolation) {
                e.push_frame(ctx, None);
            }
            Err(e)
        }
    }
}

/// A stand-in for `derivation`: the attributes plus `type`, `outPath` and
/// `drvPath`, with store-like paths (the playground builds nothing).
pub fn derivation(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let args = force_attrs(ev, &a[0], "in the argument of derivation")?;
    let Some(name) = args.get("name").cloned() else {
        return err(
            ErrorKind::MissingAttribute,
            "required attribute 'name' missing (in the argument of derivation)",
        );
    };
    let name = ev.coerce_to_string(&name, CoerceMode::Interpolation)?;
    Ok(derivation_value(&name, &args))
}

/// A derivation-like attribute set named `name` with `extra` attributes.
pub fn derivation_value(name: &str, extra: &Attrs) -> Value {
    let hash = fake_hash(name.as_bytes());
    let out = Value::string(format!("/nix/store/{hash}-{name}"));
    let base = Attrs::of([
        (
            "drvPath".into(),
            Value::string(format!("/nix/store/{hash}-{name}.drv")),
        ),
        ("name".into(), Value::string(name)),
        ("outPath".into(), out),
        ("type".into(), Value::string("derivation")),
    ]);
    Value::attrs(extra.update(&base))
}

pub fn placeholder(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let out = force_str(ev, &a[0], "in the argument of builtins.placeholder")?;
    Ok(Value::string(format!(
        "/{}",
        fake_hash(format!("nix-output:{out}").as_bytes())
    )))
}
