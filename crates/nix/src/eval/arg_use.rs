//! What part of its argument a function's result can depend on, found
//! without calling it, and memo keys built from just that part.
//!
//! Layers above use this to share calls: flake-aspects' resolution calls
//! the same providers again and again with `{ class, aspect-chain }`
//! contexts that differ only in parts the providers never read. Nix is
//! pure, so two calls whose arguments agree on everything the function can
//! look at give the same value.

use super::Eval;
use crate::ast::{Param, Span};
use crate::value::{Attrs, Value};
use crate::EvalResult;
use crate::Str;
use std::rc::Rc;

/// The part of its argument a function can look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgUse {
    /// Nothing: the argument is never even forced (`_: ...`).
    Nothing,
    /// The argument must be a set; its attribute names and the values of
    /// these attributes can matter (a `{ a, b, ... }:` pattern whose body
    /// or defaults refer to `a` and `b`), nothing else.
    Attrs(Vec<Str>),
    /// Anything about the argument.
    Whole,
}

impl ArgUse {
    /// What a function that passes its argument to both `self`'s function
    /// and `other`'s can look at.
    pub fn union(self, other: ArgUse) -> ArgUse {
        match (self, other) {
            (ArgUse::Whole, _) | (_, ArgUse::Whole) => ArgUse::Whole,
            (ArgUse::Nothing, x) | (x, ArgUse::Nothing) => x,
            (ArgUse::Attrs(mut a), ArgUse::Attrs(b)) => {
                for n in b {
                    if !a.contains(&n) {
                        a.push(n);
                    }
                }
                ArgUse::Attrs(a)
            }
        }
    }
}

/// How many `__functor` layers [`Eval::unwrap_functors`] unwraps before
/// giving up (`lib.isFunction` on deeper ones says false).
const MAX_FUNCTOR_LAYERS: usize = 64;

/// One part of a [`MemoKey`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum KeyPart {
    Null,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(Str),
    Path(Str),
    /// A value compared by identity (its allocation or thunk).
    Identity(usize),
    /// The attribute is absent.
    Missing,
    /// The argument set's attribute names.
    Names(Rc<[Str]>),
}

/// The parts of an argument a function can look at, comparable and
/// hashable. Values compared by identity are kept alive by `keep`, so an
/// address in the key cannot be reused by another value while the key
/// exists.
#[derive(Debug, Clone)]
pub struct MemoKey {
    parts: Vec<KeyPart>,
    keep: Vec<Value>,
}

impl PartialEq for MemoKey {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts
    }
}

impl Eq for MemoKey {}

impl std::hash::Hash for MemoKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.parts.hash(state)
    }
}

impl Eval {
    /// `f` with `__functor` sets unwrapped (`f.__functor f`, repeatedly):
    /// what receives the argument when `f` is called, or the first value
    /// that is not a functor. Stops after 64 layers (`lib.isFunction` on
    /// deeper ones says false).
    pub fn unwrap_functors(&mut self, f: &Value, span: Span) -> EvalResult<Value> {
        let mut f = self.force(f)?;
        for _ in 0..MAX_FUNCTOR_LAYERS {
            let Value::Attrs(a) = &f else { break };
            let Some(functor) = a.get("__functor").cloned() else {
                break;
            };
            let g = self.call(functor, f.clone(), span)?;
            f = self.force(&g)?;
        }
        Ok(f)
    }

    /// Unwraps `f` down to the function that will receive the argument
    /// ([`Eval::unwrap_functors`]), and says what of the argument that
    /// function can look at. Calling the returned function is calling `f`.
    pub fn peel(&mut self, f: &Value, span: Span) -> EvalResult<(Value, ArgUse)> {
        let f = self.unwrap_functors(f, span)?;
        let arg_use = match &f {
            Value::Lambda(c) => lambda_arg_use(&c.lambda.param, &c.lambda.used),
            Value::Native(n) => match &n.arg_use {
                Some(hook) if n.args.len() + 1 == n.arity => hook(self)?,
                _ => ArgUse::Whole,
            },
            _ => ArgUse::Whole,
        };
        Ok((f, arg_use))
    }

    /// The key of `arg` for a function that looks at `arg_use` of it, or
    /// `None` when the function needs a set and `arg` is not one (the call
    /// fails its own way). Never forces anything the function itself would
    /// not force: attribute values not yet evaluated are keyed by identity.
    pub fn memo_key(&mut self, arg: &Value, arg_use: &ArgUse) -> EvalResult<Option<MemoKey>> {
        // The parts at their final size (keys are made for every shared
        // call); few keys keep values.
        let parts = match arg_use {
            ArgUse::Nothing => 0,
            ArgUse::Whole => 1,
            ArgUse::Attrs(names) => names.len() + 1,
        };
        let mut key = MemoKey {
            parts: Vec::with_capacity(parts),
            keep: Vec::new(),
        };
        match arg_use {
            ArgUse::Nothing => {}
            ArgUse::Whole => {
                let v = self.peek(arg);
                key.push(&v);
            }
            ArgUse::Attrs(names) => {
                // A pattern forces its argument and checks its names.
                let Value::Attrs(set) = self.force(arg)? else {
                    return Ok(None);
                };
                key.parts.push(KeyPart::Names(sorted_names(&set)));
                for n in names {
                    match set.get(n) {
                        Some(v) => {
                            let v = self.peek(v);
                            key.push(&v);
                        }
                        None => key.parts.push(KeyPart::Missing),
                    }
                }
            }
        }
        Ok(Some(key))
    }

    /// A new memo table for [`Eval::memo_insert`]: one per function whose
    /// calls are shared.
    pub fn new_memo_table(&mut self) -> usize {
        self.memo.push(Default::default());
        self.memo.len() - 1
    }

    /// The result remembered for `key` in `table`.
    pub fn memo_get(&self, table: usize, key: &MemoKey) -> Option<Value> {
        self.memo.get(table)?.get(key).cloned()
    }

    /// Remembers a call's result until the evaluator is dropped.
    pub fn memo_insert(&mut self, table: usize, key: MemoKey, value: Value) {
        if let Some(t) = self.memo.get_mut(table) {
            t.insert(key, value);
        }
    }

    /// `v` evaluated as far as it already is (a finished thunk's value),
    /// without forcing anything.
    pub fn peek(&self, v: &Value) -> Value {
        match v {
            Value::Thunk(id) => self.finished_thunk(*id).unwrap_or_else(|| v.clone()),
            other => other.clone(),
        }
    }
}

impl MemoKey {
    fn push(&mut self, v: &Value) {
        let part = match v {
            Value::Null => KeyPart::Null,
            Value::Bool(b) => KeyPart::Bool(*b),
            Value::Int(i) => KeyPart::Int(*i),
            Value::Float(f) => KeyPart::Float(f.to_bits()),
            Value::String(s) => KeyPart::Str(s.clone()),
            Value::Path(p) => KeyPart::Path(p.clone()),
            Value::Thunk(id) => KeyPart::Identity(id.0 as usize),
            Value::Attrs(_)
            | Value::List(_)
            | Value::Lambda(_)
            | Value::PrimOp(_)
            | Value::Native(_) => KeyPart::Identity(v.address().expect("behind an Rc")),
        };
        if matches!(part, KeyPart::Identity(_)) {
            self.keep.push(v.clone());
        }
        self.parts.push(part);
    }
}

thread_local! {
    /// The names last keyed: calls of one function get sets of the same
    /// names again and again (`{ class, aspect-chain }`), which then share
    /// one list.
    static LAST_NAMES: std::cell::RefCell<Option<Rc<[Str]>>> = const { std::cell::RefCell::new(None) };
}

/// The set's names in order (a set keeps its attributes sorted by name).
fn sorted_names(set: &Attrs) -> Rc<[Str]> {
    let same = |last: &Rc<[Str]>| {
        last.len() == set.len() && last.iter().zip(set.names()).all(|(a, b)| Str::ptr_eq(a, b))
    };
    if let Ok(Some(last)) = LAST_NAMES.try_with(|l| l.borrow().clone().filter(same)) {
        return last;
    }
    let names: Rc<[Str]> = set.names().cloned().collect();
    let _ = LAST_NAMES.try_with(|l| *l.borrow_mut() = Some(names.clone()));
    names
}

fn lambda_arg_use(param: &Param, used: &[bool]) -> ArgUse {
    match param {
        Param::Ident(_) => {
            if used.first().copied().unwrap_or(true) {
                ArgUse::Whole
            } else {
                ArgUse::Nothing
            }
        }
        Param::Pattern { formals, bind, .. } => {
            if bind.is_some() && used.get(formals.len()).copied().unwrap_or(true) {
                return ArgUse::Whole;
            }
            ArgUse::Attrs(
                formals
                    .iter()
                    .zip(used.iter())
                    .filter(|(_, u)| **u)
                    .map(|(f, _)| f.name.clone())
                    .collect(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFs;

    fn arg_use_of(src: &str) -> ArgUse {
        let mut ev = Eval::new(Box::new(MemoryFs::new()));
        let e = ev.parse("/t.nix", src).expect("parses");
        let f = ev.eval(&e, crate::eval::ROOT_ENV).expect("evaluates");
        ev.peel(&f, Span::default()).expect("peels").1
    }

    fn names(ns: &[&str]) -> ArgUse {
        ArgUse::Attrs(ns.iter().map(|n| Str::from(*n)).collect())
    }

    #[test]
    fn simple_parameters_are_used_or_not() {
        assert_eq!(arg_use_of("x: x + 1"), ArgUse::Whole);
        assert_eq!(arg_use_of("x: 1"), ArgUse::Nothing);
        // A nested lambda's use of an outer parameter counts.
        assert_eq!(arg_use_of("x: y: x"), ArgUse::Whole);
        // Shadowed: the inner `x` is another variable.
        assert_eq!(arg_use_of("x: x: x"), ArgUse::Nothing);
    }

    #[test]
    fn patterns_name_the_attributes_their_body_refers_to() {
        assert_eq!(arg_use_of("{ class, ... }: class"), names(&["class"]));
        assert_eq!(arg_use_of("{ class, aspect-chain }: 1"), names(&[]));
        assert_eq!(arg_use_of("{ a, b ? a }: b"), names(&["a", "b"]));
        assert_eq!(arg_use_of("{ a, ... } @ args: a"), names(&["a"]));
        assert_eq!(arg_use_of("{ a, ... } @ args: args"), ArgUse::Whole);
        assert_eq!(arg_use_of("args @ { a }: 1"), names(&[]));
        assert_eq!(arg_use_of("{ a }: { inherit a; }"), names(&["a"]));
        assert_eq!(arg_use_of("{ a }: let b = a; in b"), names(&["a"]));
    }

    #[test]
    fn with_cannot_reach_a_formal_that_is_not_named() {
        // `with` only supplies names that are not bound lexically, and the
        // formals are bound lexically.
        assert_eq!(arg_use_of("{ a, b }: with { c = 1; }; c"), names(&[]));
        assert_eq!(arg_use_of("{ a, b }: with { c = 1; }; a"), names(&["a"]));
    }

    #[test]
    fn functors_are_unwrapped() {
        assert_eq!(
            arg_use_of("{ __functor = self: { class, ... }: class; }"),
            names(&["class"])
        );
        assert_eq!(
            arg_use_of("{ __functor = self: self; x = 1; }"),
            ArgUse::Whole
        );
        assert_eq!(arg_use_of("builtins.map"), ArgUse::Whole);
    }

    #[test]
    fn keys_compare_used_parts_only() {
        let mut ev = Eval::new(Box::new(MemoryFs::new()));
        let e = ev
            .parse(
                "/t.nix",
                r#"[ { class = "nixos"; aspect-chain = [ 1 ]; } { class = "nixos"; aspect-chain = [ 2 ]; } { class = "darwin"; aspect-chain = [ 1 ]; } { class = "nixos"; } ]"#,
            )
            .expect("parses");
        let v = ev.eval(&e, crate::eval::ROOT_ENV).expect("evaluates");
        let Value::List(items) = ev.force(&v).expect("forces") else {
            panic!("a list")
        };
        for it in items.iter() {
            let Value::Attrs(a) = ev.force(it).expect("forces") else {
                panic!("a set")
            };
            ev.force(a.get("class").expect("class")).expect("forces");
        }
        let class = names(&["class"]);
        let mut key = |i: usize, u: &ArgUse| ev.memo_key(&items[i], u).unwrap().unwrap();
        assert_eq!(key(0, &class), key(1, &class));
        assert_ne!(key(0, &class), key(2, &class));
        // Other attribute names: a pattern without `...` could reject it.
        assert_ne!(key(0, &class), key(3, &class));
        assert_eq!(
            key(0, &ArgUse::Attrs(vec![])),
            key(1, &ArgUse::Attrs(vec![]))
        );
        assert_ne!(key(0, &ArgUse::Whole), key(1, &ArgUse::Whole));
        assert_eq!(key(0, &ArgUse::Nothing), key(3, &ArgUse::Nothing));
    }
}
