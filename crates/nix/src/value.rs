//! Values: what evaluation produces. A value in weak head normal form, or a
//! thunk (an index into the evaluator's heap) that produces one when forced.

use crate::ast::{IndexHint, Lambda, Span};
use crate::builtins::PrimOp;
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
    Attrs(Rc<Attrs>),
    List(Rc<Vec<Value>>),
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
    pub formals: Option<Rc<Attrs>>,
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
            formals: formals.map(Rc::new),
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
            formals: formals.map(Rc::new),
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

#[derive(Debug, Clone)]
pub struct Attr {
    pub name: Str,
    pub value: Value,
    pub pos: Option<Span>,
}

/// An attribute set: attributes sorted by name (bytewise, as Nix sorts).
#[derive(Debug, Clone, Default)]
pub struct Attrs {
    entries: Vec<Attr>,
    /// An open set (the `pkgs` stand-in): selecting a missing attribute
    /// yields a package named `<prefix>.<name>` instead of failing.
    pub open: Option<Str>,
}

impl Attrs {
    pub fn empty() -> Self {
        Attrs::default()
    }

    /// From attributes in any order; for a repeated name the last wins.
    pub fn from_unsorted(mut entries: Vec<Attr>) -> Self {
        if entries
            .windows(2)
            .all(|w| cmp_name(w[0].name.as_bytes(), w[1].name.as_bytes()).is_lt())
        {
            return Attrs {
                entries,
                open: None,
            };
        }
        entries.reverse();
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        entries.dedup_by(|a, b| a.name == b.name);
        Attrs {
            entries,
            open: None,
        }
    }

    /// From attributes already sorted by name with no repeats.
    pub fn from_sorted(entries: Vec<Attr>) -> Self {
        debug_assert!(entries.windows(2).all(|w| w[0].name < w[1].name));
        Attrs {
            entries,
            open: None,
        }
    }

    pub fn from_pairs<I: IntoIterator<Item = (Str, Value)>>(pairs: I) -> Self {
        Attrs::from_unsorted(
            pairs
                .into_iter()
                .map(|(name, value)| Attr {
                    name,
                    value,
                    pos: None,
                })
                .collect(),
        )
    }

    /// Where `name` is. Names are short, so they are compared inline (a
    /// `memcmp` call per probe was 6 % of an aspect evaluation) and small
    /// sets are scanned rather than bisected.
    #[inline]
    fn find(&self, name: &str) -> Option<usize> {
        let name = name.as_bytes();
        if self.entries.len() <= 8 {
            return self
                .entries
                .iter()
                .position(|a| same_name(a.name.as_bytes(), name));
        }
        self.entries
            .binary_search_by(|a| cmp_name(a.name.as_bytes(), name))
            .ok()
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.find(name).map(|i| &self.entries[i].value)
    }

    /// [`Attrs::get_attr`] trying `hint`'s position first in a set too
    /// large to scan, and remembering where `name` was.
    #[inline]
    pub fn get_attr_hinted(&self, name: &str, hint: &IndexHint) -> Option<&Attr> {
        if self.entries.len() > 8 {
            if let Some(a) = self.entries.get(hint.0.get() as usize) {
                if same_name(a.name.as_bytes(), name.as_bytes()) {
                    return Some(a);
                }
            }
        }
        let i = self.find(name)?;
        hint.0.set(i as u32);
        Some(&self.entries[i])
    }

    pub fn get_attr(&self, name: &str) -> Option<&Attr> {
        self.find(name).map(|i| &self.entries[i])
    }

    pub fn contains(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Attr> {
        self.entries.iter()
    }

    pub fn names(&self) -> impl Iterator<Item = &Str> {
        self.entries.iter().map(|a| &a.name)
    }

    pub fn into_entries(self) -> Vec<Attr> {
        self.entries
    }

    /// `self // other`: attributes of `other` win.
    pub fn update(&self, other: &Attrs) -> Attrs {
        if other.is_empty() {
            return self.clone();
        }
        if self.is_empty() {
            return other.clone();
        }
        let mut out = Vec::with_capacity(self.len() + other.len());
        let (mut i, mut j) = (0, 0);
        while i < self.entries.len() && j < other.entries.len() {
            match self.entries[i].name.cmp(&other.entries[j].name) {
                std::cmp::Ordering::Less => {
                    out.push(self.entries[i].clone());
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(other.entries[j].clone());
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.push(other.entries[j].clone());
                    i += 1;
                    j += 1;
                }
            }
        }
        out.extend_from_slice(&self.entries[i..]);
        out.extend_from_slice(&other.entries[j..]);
        Attrs {
            entries: out,
            open: None,
        }
    }
}

/// Bytewise order (Nix's), without a library call for short names.
#[inline]
fn cmp_name(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let n = a.len().min(b.len());
    if n > 24 {
        return a.cmp(b);
    }
    for i in 0..n {
        if a[i] != b[i] {
            return a[i].cmp(&b[i]);
        }
    }
    a.len().cmp(&b.len())
}

#[inline]
fn same_name(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && if a.len() > 24 {
            a == b
        } else {
            a.iter().zip(b).all(|(x, y)| x == y)
        }
}

impl Value {
    pub fn string(s: impl Into<Str>) -> Value {
        Value::String(s.into())
    }

    pub fn attrs(a: Attrs) -> Value {
        Value::Attrs(Rc::new(a))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(items))
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
            Value::Attrs(a) => Rc::as_ptr(a) as *const u8 as usize,
            Value::List(l) => Rc::as_ptr(l) as *const u8 as usize,
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

    #[test]
    fn a_hint_is_tried_then_corrected() {
        let set = |names: &[&str]| {
            Attrs::from_pairs(names.iter().map(|n| (Str::from(*n), Value::string(*n))))
        };
        let big = set(&["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]);
        let other = set(&["x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "g"]);
        let hint = IndexHint::default();
        let name_of = |a: Option<&Attr>| a.map(|a| a.name.to_string());
        // A wrong hint (0 is "a") still finds "g", and then points at it.
        assert_eq!(name_of(big.get_attr_hinted("g", &hint)), Some("g".into()));
        assert_eq!(hint.0.get(), 6);
        assert_eq!(name_of(big.get_attr_hinted("g", &hint)), Some("g".into()));
        // Another set at the same site: the hint is only a first guess.
        assert_eq!(name_of(other.get_attr_hinted("g", &hint)), Some("g".into()));
        assert_eq!(name_of(other.get_attr_hinted("h", &hint)), None);
        assert_eq!(name_of(big.get_attr_hinted("h", &hint)), Some("h".into()));
        // Past the end of a smaller set.
        hint.0.set(40);
        assert_eq!(name_of(big.get_attr_hinted("j", &hint)), Some("j".into()));
    }

    #[test]
    fn names_compare_bytewise_like_nix() {
        let names = [
            "",
            "a",
            "A",
            "_",
            "ab",
            "a-b",
            "a\u{e9}",
            "aspect-chain",
            "aspect",
            "abcdefghijklmnopqrstuvwxyz-long",
            "abcdefghijklmnopqrstuvwxyz-lonG",
        ];
        for a in names {
            for b in names {
                assert_eq!(
                    cmp_name(a.as_bytes(), b.as_bytes()),
                    a.as_bytes().cmp(b.as_bytes()),
                    "{a:?} {b:?}"
                );
                assert_eq!(same_name(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
            }
        }
        // Large sets are bisected, small ones scanned: both find every name.
        for len in [3usize, 8, 9, 40] {
            let set =
                Attrs::from_pairs((0..len).map(|i| (format!("n{i}").into(), Value::Int(i as i64))));
            for i in 0..len {
                assert!(matches!(set.get(&format!("n{i}")), Some(Value::Int(x)) if *x == i as i64));
            }
            assert!(set.get("n").is_none() && set.get("zz").is_none() && set.get("").is_none());
        }
    }

    #[test]
    fn update_prefers_the_right_side() {
        let a = Attrs::from_pairs([("x".into(), Value::Int(1)), ("y".into(), Value::Int(2))]);
        let b = Attrs::from_pairs([("y".into(), Value::Int(3)), ("z".into(), Value::Int(4))]);
        let u = a.update(&b);
        let names: Vec<&str> = u.names().map(|n| &**n).collect();
        assert_eq!(names, ["x", "y", "z"]);
        assert!(matches!(u.get("y"), Some(Value::Int(3))));
    }
}
