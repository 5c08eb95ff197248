//! Values: what evaluation produces. A value in weak head normal form, or a
//! thunk (an index into the evaluator's heap) that produces one when forced.

use crate::ast::{Lambda, Span};
pub use crate::attrs::{Attr, Attrs};
use crate::builtins::PrimOp;
pub use crate::list::List;
use crate::Str;
use std::rc::Rc;

/// A thunk: an unevaluated (or cached) value on the evaluator's heap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ThunkId(pub u32);

/// A scope frame on the evaluator's heap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EnvId(pub u32);

#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(Str),
    Path(Str),
    Attrs(Attrs),
    List(List),
    Lambda(Rc<Closure>),
    PrimOp(Rc<PrimOpApp>),
    /// A function implemented in Rust by a layer above this crate (the
    /// module system's merged `functionTo` values, for instance).
    Native(Rc<NativeFn>),
    Thunk(ThunkId),
}

pub type NativeImpl = Rc<dyn Fn(&mut crate::Eval, Vec<Value>, Span) -> crate::EvalResult<Value>>;

/// A Rust closure callable from Nix, taking `arity` arguments.
pub struct NativeFn {
    pub name: Str,
    pub arity: usize,
    pub args: Vec<Value>,
    pub func: NativeImpl,
    /// What `builtins.functionArgs` reports.
    pub formals: Option<Attrs>,
    /// What of its (last) argument the function can look at, when known
    /// (see [`crate::eval::ArgUse`]); unknown means anything.
    pub arg_use: Option<ArgUseHook>,
}

/// Says what of its argument a native function can look at.
pub type ArgUseHook = Rc<dyn Fn(&mut crate::Eval) -> crate::EvalResult<crate::eval::ArgUse>>;

impl std::fmt::Debug for NativeFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<native {}>", self.name)
    }
}

impl NativeFn {
    /// A native function value.
    pub fn value(
        name: &str,
        arity: usize,
        formals: Option<Attrs>,
        func: impl Fn(&mut crate::Eval, Vec<Value>, Span) -> crate::EvalResult<Value> + 'static,
    ) -> Value {
        Value::Native(Rc::new(NativeFn {
            name: name.into(),
            arity,
            args: Vec::new(),
            func: Rc::new(func),
            formals,
            arg_use: None,
        }))
    }

    /// A native function of one argument that can say what of its
    /// argument it looks at (`arg_use`).
    pub fn value_with_arg_use(
        name: &str,
        formals: Option<Attrs>,
        func: impl Fn(&mut crate::Eval, Vec<Value>, Span) -> crate::EvalResult<Value> + 'static,
        arg_use: ArgUseHook,
    ) -> Value {
        Value::Native(Rc::new(NativeFn {
            name: name.into(),
            arity: 1,
            args: Vec::new(),
            func: Rc::new(func),
            formals,
            arg_use: Some(arg_use),
        }))
    }
}

#[derive(Debug)]
pub struct Closure {
    pub lambda: Rc<Lambda>,
    pub env: EnvId,
}

/// A builtin, possibly applied to some of its arguments.
#[derive(Debug)]
pub struct PrimOpApp {
    pub op: &'static PrimOp,
    pub args: Vec<Value>,
}

// Every thunk, slot, list element and attribute holds values: keep them
// small (a string is one pointer, see `rcstr`).
const _: () = assert!(std::mem::size_of::<Value>() == 16, "values stay 16 bytes");
const _: () = assert!(
    std::mem::size_of::<Attr>() == 40,
    "attributes stay 40 bytes"
);

impl Value {
    pub fn string(s: impl Into<Str>) -> Value {
        Value::String(s.into())
    }

    pub fn attrs(a: Attrs) -> Value {
        Value::Attrs(a)
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(List::from_vec(items))
    }

    /// A list of `items` built without a vector of its own (see
    /// [`List`]'s buffer): for lists whose elements come from an iterator
    /// or an array.
    pub fn list_of(items: impl IntoIterator<Item = Value>) -> Value {
        Value::List(items.into_iter().collect())
    }

    /// `builtins.typeOf`.
    pub fn type_of(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::String(_) => "string",
            Value::Path(_) => "path",
            Value::Attrs(_) => "set",
            Value::List(_) => "list",
            Value::Lambda(_) | Value::PrimOp(_) | Value::Native(_) => "lambda",
            Value::Thunk(_) => "thunk",
        }
    }

    /// The type as error messages say it ("an integer", "a set").
    pub fn describe(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(_) => "a Boolean".into(),
            Value::Int(_) => "an integer".into(),
            Value::Float(_) => "a float".into(),
            Value::String(_) => "a string".into(),
            Value::Path(_) => "a path".into(),
            Value::Attrs(_) => "a set".into(),
            Value::List(_) => "a list".into(),
            Value::Lambda(_) | Value::Native(_) => "a function".into(),
            Value::PrimOp(app) if app.args.is_empty() => {
                format!("the built-in function '{}'", app.op.name)
            }
            Value::PrimOp(app) => {
                format!("the partially applied built-in function '{}'", app.op.name)
            }
            Value::Thunk(_) => "a thunk".into(),
        }
    }

    /// Where a value that lives behind an `Rc` (a set, a list, a
    /// function) is: its identity, for caches keyed by what they saw.
    pub fn address(&self) -> Option<usize> {
        Some(match self {
            Value::Attrs(a) => a.address(),
            Value::List(l) => l.address(),
            Value::Lambda(c) => Rc::as_ptr(c) as *const u8 as usize,
            Value::PrimOp(p) => Rc::as_ptr(p) as *const u8 as usize,
            Value::Native(n) => Rc::as_ptr(n) as *const u8 as usize,
            _ => return None,
        })
    }

    pub fn is_function(&self) -> bool {
        matches!(self, Value::Lambda(_) | Value::PrimOp(_) | Value::Native(_))
    }
}

/// Normalises an absolute path: no `.`, `..`, repeated or trailing `/`.
pub fn canon_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    let mut out = String::with_capacity(path.len());
    for p in &parts {
        out.push('/');
        out.push_str(p);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised() {
        assert_eq!(canon_path("/a/./b//c/"), "/a/b/c");
        assert_eq!(canon_path("/a/b/../c"), "/a/c");
        assert_eq!(canon_path("/.."), "/");
    }
}
