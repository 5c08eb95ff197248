//! flake-aspects' resolution (SEMANTICS 1.8) as a native function, called
//! by the prelude as `native.resolveTop class chain aspect`.
//!
//! It computes exactly what this Nix does (the prelude kept it until it was
//! the largest cost of a flake's evaluation: every `flake.modules` entry
//! walks its whole include tree through it):
//!
//! ```nix
//! applyContext = x: class: chain:
//!   if lib.isFunction x then x { inherit class; aspect-chain = chain; } else x;
//! checkCycle = chain: p:
//!   if native.onChain chain p then native.includeCycle (chain ++ [ p ]) else p;
//! node = class: chain: p0:
//!   let p = checkCycle chain p0; chain' = chain ++ [ p ]; in
//!   { imports = [ (p.${class} or { }) ]
//!       ++ map (inc: node class chain' (applyContext inc class chain')) (p.includes or [ ]); };
//! resolveTop = class: chain: aspect: node class chain (applyContext aspect class chain);
//! ```
//!
//! with the same laziness: `imports` is evaluated only when the module
//! system reads it, each include's node only when its own `imports` is,
//! and the names the cycle check compares are read once per node.

use aspects_nix::ast::Span;
use aspects_nix::value::{Attrs, List, Value};
use aspects_nix::{ErrorKind, Eval, EvalError, EvalResult, Str};
use std::rc::Rc;

/// The include path above a node: the applied aspects (as the
/// `aspect-chain` providers see) and their names (for the cycle check).
#[derive(Clone)]
struct Chain {
    items: List,
    names: Rc<Vec<Str>>,
}

impl Chain {
    fn pushed(&self, p: Value, name: Str) -> Chain {
        let items: List = self.items.iter().cloned().chain([p]).collect();
        let mut names = Vec::with_capacity(self.names.len() + 1);
        names.extend_from_slice(&self.names);
        names.push(name);
        Chain {
            items,
            names: Rc::new(names),
        }
    }
}

/// `resolveTop class chain aspect` (arguments as the prelude passes them).
pub fn resolve_top(ev: &mut Eval, args: Vec<Value>, span: Span) -> EvalResult<Value> {
    let [class, chain, aspect]: [Value; 3] = args.try_into().expect("arity 3");
    let class = ev.force(&class)?;
    let items = match ev.force(&chain)? {
        Value::List(l) => l,
        other => {
            return Err(aspects_nix::eval::type_error(&other, "a list", "").boxed());
        }
    };
    let names = items.iter().map(|x| safe_name(ev, x)).collect();
    let chain = Chain {
        items,
        names: Rc::new(names),
    };
    let applied = apply_context_lazily(ev, aspect, &class, &chain, span);
    Ok(node(ev, class, chain, applied, span))
}

/// `node class chain p0`: `{ imports = ...; }`, its list computed lazily.
fn node(ev: &mut Eval, class: Value, chain: Chain, p0: Value, span: Span) -> Value {
    let imports = ev.lazy(move |ev| node_imports(ev, &class, &chain, &p0, span));
    Value::attrs(Attrs::of([(aspects_nix::known_str!("imports"), imports)]))
}

fn node_imports(
    ev: &mut Eval,
    class: &Value,
    chain: &Chain,
    p0: &Value,
    span: Span,
) -> EvalResult<Value> {
    // checkCycle: the very aspect (by name) twice on its own path.
    let name = safe_name(ev, p0);
    if !is_synthetic_name(&name) && chain.names.iter().filter(|n| **n == name).count() >= 2 {
        let mut names: Vec<Str> = (*chain.names).clone();
        names.push(name);
        return Err(include_cycle_error(&names, span));
    }
    // A cycle through provider results (all named `<function body>`) has
    // no name to repeat: Nix runs out of memory, here the path stops.
    if chain.names.len() >= MAX_INCLUDE_DEPTH {
        return Err(include_depth_error(&chain.names, &name, span));
    }
    // Each node holds a copy of its path: counted, so that a wide cycle
    // stops at the memory budget instead of exhausting the machine.
    ev.account((chain.names.len() + 1) * CHAIN_ENTRY_BYTES)?;
    let p = ev.force(p0)?;
    let chain = chain.pushed(p.clone(), name);
    let Value::String(class_name) = class else {
        return Err(aspects_nix::eval::type_error(class, "a string", "").boxed());
    };
    let own = match &p {
        Value::Attrs(a) => a
            .get(class_name)
            .cloned()
            .unwrap_or_else(|| Value::attrs(Attrs::empty())),
        _ => Value::attrs(Attrs::empty()),
    };
    let includes = match &p {
        Value::Attrs(a) => match a.get("includes").cloned() {
            Some(l) => match ev.force(&l)? {
                Value::List(l) => l,
                other => {
                    return Err(aspects_nix::eval::type_error(&other, "a list", "").boxed());
                }
            },
            None => List::empty(),
        },
        _ => List::empty(),
    };
    let children = includes.iter().map(|inc| {
        let applied = apply_context_lazily(ev, inc.clone(), class, &chain, span);
        node(ev, class.clone(), chain.clone(), applied, span)
    });
    Ok(Value::list_of(std::iter::once(own).chain(children)))
}

/// `applyContext x class chain`, as a thunk.
fn apply_context_lazily(
    ev: &mut Eval,
    x: Value,
    class: &Value,
    chain: &Chain,
    span: Span,
) -> Value {
    let ctx = Value::attrs(Attrs::of([
        (
            aspects_nix::known_str!("aspect-chain"),
            Value::List(chain.items.clone()),
        ),
        (aspects_nix::known_str!("class"), class.clone()),
    ]));
    ev.lazy(move |ev| {
        // `lib.isFunction x`: a function, or a set whose `__functor`s
        // unwrap to one. Calling `x` calls that very function, so it is
        // called directly rather than unwrapped a second time.
        let f = ev.unwrap_functors(&x, span)?;
        if f.is_function() {
            let r = ev.call(f, ctx.clone(), span)?;
            ev.force(&r)
        } else {
            ev.force(&x)
        }
    })
}

/// Names that are not an aspect's own (list entries, function bodies,
/// anonymous values) never make a cycle.
fn is_synthetic_name(name: &str) -> bool {
    name.starts_with('[') || name.starts_with('<') || name.starts_with('«')
}

/// The deepest include path resolved: far beyond any real flake's (and
/// as deep as the Analysis shows trees). Deeper paths cost their square:
/// each provider result down a path is typed at an option path one step
/// longer, and a cycle 200 deep took 1.7 GB and 4.6 s.
pub const MAX_INCLUDE_DEPTH: usize = 64;

/// What one entry of a node's path takes (an aspect and its name).
const CHAIN_ENTRY_BYTES: usize = std::mem::size_of::<Value>() + std::mem::size_of::<Str>();

/// The error for an include path [`MAX_INCLUDE_DEPTH`] aspects deep: its
/// first and last names, and the middle elided.
fn include_depth_error(names: &[Str], next: &Str, span: Span) -> Box<EvalError> {
    const SHOWN: usize = 4;
    let mut path: Vec<&str> = names.iter().take(SHOWN).map(|n| n.as_str()).collect();
    let hidden = names.len().saturating_sub(2 * SHOWN);
    if hidden > 0 {
        path.push("…");
    }
    let tail = names.len().saturating_sub(SHOWN).max(SHOWN);
    path.extend(names[tail..].iter().map(|n| n.as_str()));
    path.push(next.as_str());
    EvalError::new(
        ErrorKind::IncludeCycle,
        format!(
            "include path deeper than {MAX_INCLUDE_DEPTH} aspects, most likely an include cycle through providers (their results are all named `<function body>`): {} ({hidden} aspects elided; Nix would build an endless import tree and run out of memory)",
            path.join(" → ")
        ),
    )
    .at(span)
    .boxed()
}

/// The error for an include path that meets the same aspect again.
fn include_cycle_error(names: &[Str], span: Span) -> Box<EvalError> {
    let path: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
    EvalError::new(
        ErrorKind::IncludeCycle,
        format!(
            "include cycle: {} (Nix would build an endless import tree and run out of memory)",
            path.join(" → ")
        ),
    )
    .at(span)
    .boxed()
}

/// An aspect's name for the cycle check and its message, whatever
/// evaluating it does.
fn safe_name(ev: &mut Eval, v: &Value) -> Str {
    let name = ev.force(v).ok().and_then(|v| match v {
        Value::Attrs(a) => a.get("name").cloned(),
        _ => None,
    });
    match name.map(|n| ev.force(&n)) {
        Some(Ok(Value::String(s))) => s,
        _ => "«anonymous»".into(),
    }
}
