//! Whole evaluations, as `nix-instantiate --eval --strict [--json]` does
//! them: evaluate, auto-call a top-level function with defaults, force
//! everything, print.

use crate::ast::{Param, Span, E};
use crate::error::{ErrorKind, EvalError, EvalResult};
use crate::eval::{Eval, ROOT_ENV};
use crate::value::{Attrs, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Nix syntax.
    Nix,
    Json,
}

/// Evaluates `e` strictly and prints it in `format`.
pub fn eval_strict(ev: &mut Eval, e: &E, format: Format) -> EvalResult<String> {
    let v = ev.eval(e, ROOT_ENV)?;
    let v = auto_call(ev, v)?;
    match format {
        Format::Nix => crate::print::print_value(ev, &v, true),
        Format::Json => {
            let mut out = String::new();
            crate::builtins::write_json(ev, &v, &mut out, 0)?;
            Ok(out)
        }
    }
}

/// `nix-instantiate` calls a top-level function taking a set with no
/// arguments, so its defaults apply.
fn auto_call(ev: &mut Eval, v: Value) -> EvalResult<Value> {
    if let Value::Lambda(c) = &v {
        if let Param::Pattern { formals, .. } = &c.lambda.param {
            if let Some(missing) = formals.iter().find(|f| f.default.is_none()) {
                return Err(EvalError::new(
                    ErrorKind::MissingArgument,
                    format!(
                        "cannot evaluate a function that has an argument without a value ('{}')",
                        missing.name
                    ),
                )
                .at(missing.span)
                .boxed());
            }
            return ev.call(v.clone(), Value::attrs(Attrs::empty()), Span::default());
        }
    }
    Ok(v)
}
