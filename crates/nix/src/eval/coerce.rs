//! Coercion to strings: interpolation, `toString`, and path parts.

use super::{type_error, Eval};
use crate::error::{ErrorKind, EvalError, EvalResult};
use crate::value::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoerceMode {
    /// `"${x}"`: strings, paths, and sets with `__toString`/`outPath`.
    Interpolation,
    /// `${x}` inside a path literal.
    PathPart,
    /// `toString x`: also numbers, Booleans, null and lists.
    ToString,
}

impl Eval {
    pub fn coerce_to_string(&mut self, v: &Value, mode: CoerceMode) -> EvalResult<String> {
        let v = self.force(v)?;
        match &v {
            Value::String(s) => Ok(String::from(&**s)),
            Value::Path(p) => Ok(match mode {
                CoerceMode::Interpolation => store_path_for(p),
                _ => String::from(&**p),
            }),
            Value::Attrs(a) => {
                if let Some(f) = a.get("__toString").cloned() {
                    let r = self.call(f, v.clone(), Default::default())?;
                    return self.coerce_to_string(&r, mode);
                }
                if let Some(o) = a.get("outPath").cloned() {
                    return self.coerce_to_string(&o, mode);
                }
                Err(coercion_error(&v))
            }
            Value::Int(i) if mode == CoerceMode::ToString => Ok(i.to_string()),
            Value::Float(f) if mode == CoerceMode::ToString => Ok(format!("{f:.6}")),
            Value::Bool(b) if mode == CoerceMode::ToString => {
                Ok(if *b { "1".into() } else { String::new() })
            }
            Value::Null if mode == CoerceMode::ToString => Ok(String::new()),
            Value::List(items) if mode == CoerceMode::ToString => {
                let mut out = String::new();
                for (i, item) in items.iter().enumerate() {
                    let s = self.coerce_to_string(item, mode)?;
                    self.check_string(out.len() + s.len() + 1)?;
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(&s);
                }
                Ok(out)
            }
            _ => Err(coercion_error(&v)),
        }
    }

    /// A string argument of a builtin (strings, paths and coercible sets).
    pub fn string_arg(&mut self, v: &Value, what: &str) -> EvalResult<String> {
        let v = self.force(v)?;
        match &v {
            Value::String(s) => Ok(String::from(&**s)),
            Value::Path(p) => Ok(String::from(&**p)),
            Value::Attrs(_) => self.coerce_to_string(&v, CoerceMode::Interpolation),
            other => Err(type_error(other, "a string", what).boxed()),
        }
    }
}

fn coercion_error(v: &Value) -> Box<EvalError> {
    EvalError::new(
        ErrorKind::Coercion,
        format!("cannot coerce {} to a string", v.describe()),
    )
    .boxed()
}

/// The store path a path literal would be copied to when interpolated.
pub fn store_path_for(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or("source");
    format!(
        "/nix/store/{}-{name}",
        crate::builtins::fake_hash(path.as_bytes())
    )
}
