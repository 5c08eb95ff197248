//! Builtins that touch files: `import`, `readFile`, `readDir`, ...

use super::*;
use crate::eval::CoerceMode;
use crate::Str;

fn path_arg(ev: &mut Eval, v: &Value, what: &str) -> EvalResult<String> {
    let v = ev.force(v)?;
    let s = match &v {
        Value::Path(p) => p.to_string(),
        _ => ev
            .coerce_to_string(&v, CoerceMode::PathPart)
            .map_err(|_| type_error(&v, "a path", what).boxed())?,
    };
    if !s.starts_with('/') {
        return err(
            ErrorKind::Other,
            format!("string '{s}' doesn't represent an absolute path"),
        );
    }
    Ok(crate::value::canon_path(&s))
}

pub fn import(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    let path = path_arg(ev, &a[0], "in the argument of import")?;
    ev.import(&path, span)
}

pub fn scoped_import(_: &mut Eval, _: Vec<Value>, _: Span) -> EvalResult<Value> {
    err(
        ErrorKind::Other,
        "builtins.scopedImport is not supported by the playground",
    )
}

pub fn path_exists(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let path = path_arg(ev, &a[0], "in the argument of builtins.pathExists")?;
    Ok(Value::Bool(ev.fs().file_type(&path).is_some()))
}

pub fn read_file(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let path = path_arg(ev, &a[0], "in the argument of builtins.readFile")?;
    match ev.fs().read(&path) {
        Some(text) => Ok(Value::string(text)),
        None => err(
            ErrorKind::Io,
            format!("opening file '{path}': No such file or directory"),
        ),
    }
}

pub fn read_dir(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let path = path_arg(ev, &a[0], "in the argument of builtins.readDir")?;
    match ev.fs().read_dir(&path) {
        Some(entries) => {
            Ok(Value::attrs(Attrs::from_pairs(entries.into_iter().map(
                |(name, ty)| (Str::from(name.as_str()), Value::string(ty.as_str())),
            ))))
        }
        None => err(
            ErrorKind::Io,
            format!("opening directory '{path}': No such file or directory"),
        ),
    }
}

pub fn read_file_type(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let path = path_arg(ev, &a[0], "in the argument of builtins.readFileType")?;
    match ev.fs().file_type(&path) {
        Some(t) => Ok(Value::string(t.as_str())),
        None => err(
            ErrorKind::Io,
            format!("getting status of '{path}': No such file or directory"),
        ),
    }
}

pub fn to_path(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let path = path_arg(ev, &a[0], "in the argument of builtins.toPath")?;
    Ok(Value::string(path))
}

pub fn fetch(_: &mut Eval, _: Vec<Value>, _: Span) -> EvalResult<Value> {
    err(
        ErrorKind::Io,
        "fetching is not available in the playground: add the other repository to the workspace and use inputs.<repo>",
    )
}

pub fn get_env(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    force_str(ev, &a[0], "in the argument of builtins.getEnv")?;
    Ok(Value::string(""))
}
