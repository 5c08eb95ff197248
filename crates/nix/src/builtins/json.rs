//! `builtins.toJSON` and `builtins.fromJSON`.

use super::*;
use crate::eval::CoerceMode;
use crate::Str;

pub fn to_json(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let mut out = String::new();
    write_json(ev, &a[0], &mut out, 0)?;
    Ok(Value::string(out))
}

/// Appends `v` as JSON, the way `builtins.toJSON` writes it.
pub fn write_json(ev: &mut Eval, v: &Value, out: &mut String, depth: usize) -> EvalResult<()> {
    if depth > 10_000 {
        return err(
            ErrorKind::StackOverflow,
            "the value nests too deeply to convert to JSON",
        );
    }
    ev.check_stack()?;
    ev.check_string(out.len())?;
    let v = ev.force(v)?;
    match &v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&crate::print::json_float(*f)),
        Value::String(s) => crate::print::json_string(s, out),
        Value::Path(p) => crate::print::json_string(&crate::eval::store_path_for(p), out),
        Value::List(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(ev, x, out, depth + 1)?;
            }
            out.push(']');
        }
        Value::Attrs(set) => {
            if set.contains("__toString") {
                let s = ev.coerce_to_string(&v, CoerceMode::Interpolation)?;
                crate::print::json_string(&s, out);
                return Ok(());
            }
            if let Some(o) = set.get("outPath").cloned() {
                return write_json(ev, &o, out, depth + 1);
            }
            out.push('{');
            for (i, x) in set.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                crate::print::json_string(&x.name, out);
                out.push(':');
                write_json(ev, &x.value, out, depth + 1).map_err(|mut e| {
                    e.push_frame(format!("while evaluating attribute '{}'", x.name), x.pos);
                    e
                })?;
            }
            out.push('}');
        }
        Value::Lambda(_) | Value::PrimOp(_) | Value::Native(_) => {
            return err(
                ErrorKind::WrongValueType,
                "cannot convert a function to JSON",
            )
        }
        Value::Thunk(_) => unreachable!("forced"),
    }
    Ok(())
}

pub fn from_json(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let s = ev.coerce_to_string(&a[0], CoerceMode::Interpolation)?;
    // JSON's "-0" is an integer; serde_json reads it as the float -0.0.
    if s.trim() == "-0" {
        return Ok(Value::Int(0));
    }
    match serde_json::from_str::<serde_json::Value>(&s) {
        Ok(j) => Ok(json_to_value(&j)),
        Err(e) => err(ErrorKind::Other, format!("invalid JSON: {e}")),
    }
}

pub fn json_to_value(j: &serde_json::Value) -> Value {
    match j {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::string(s.as_str()),
        serde_json::Value::Array(items) => Value::list(items.iter().map(json_to_value).collect()),
        serde_json::Value::Object(map) => Value::attrs(Attrs::from_pairs(
            map.iter()
                .map(|(k, v)| (Str::from(k.as_str()), json_to_value(v))),
        )),
    }
}
