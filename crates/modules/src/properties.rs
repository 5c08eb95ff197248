//! Definition properties: `mkIf`, `mkMerge`, `mkOverride` and `mkOrder`
//! markers, discharged into plain values with a priority and an order.

use aspects_nix::value::{Attrs, Value};
use aspects_nix::Str;
use aspects_nix::{ErrorKind, Eval, EvalError, EvalResult};

/// Priority of a plain definition (`mkOverride 100`).
pub const DEFAULT_PRIORITY: i64 = 100;
/// Order of a plain definition (`mkOrder 1000`).
pub const DEFAULT_ORDER: i64 = 1000;

/// One definition after its properties are discharged.
#[derive(Debug, Clone)]
pub struct Discharged {
    pub value: Value,
    pub priority: i64,
    pub order: i64,
}

/// `lib.mkOverride priority content`.
pub fn mk_override(priority: i64, content: Value) -> Value {
    marker_set(aspects_nix::known_str!("override"), priority, content)
}

/// `lib.mkOrder priority content`.
pub fn mk_order(priority: i64, content: Value) -> Value {
    marker_set(aspects_nix::known_str!("order"), priority, content)
}

/// `{ _type; content; priority; }` (in name order), the shape both
/// markers share.
fn marker_set(kind: Str, priority: i64, content: Value) -> Value {
    Value::attrs(Attrs::of([
        (aspects_nix::known_str!("_type"), Value::String(kind)),
        (aspects_nix::known_str!("content"), content),
        (aspects_nix::known_str!("priority"), Value::Int(priority)),
    ]))
}

/// The `_type` of a marker set, if `v` (forced) is one.
pub fn marker(ev: &mut Eval, v: &Value) -> EvalResult<Option<Str>> {
    let Value::Attrs(a) = v else { return Ok(None) };
    match a.get("_type").cloned() {
        Some(t) => match ev.force(&t)? {
            Value::String(s) => Ok(Some(s)),
            _ => Ok(None),
        },
        None => Ok(None),
    }
}

fn member(ev: &mut Eval, v: &Value, name: &str) -> EvalResult<Value> {
    match v {
        Value::Attrs(a) => match a.get(name).cloned() {
            Some(x) => ev.force(&x),
            None => Err(EvalError::new(
                ErrorKind::MissingAttribute,
                format!("attribute '{name}' missing in a module property"),
            )
            .boxed()),
        },
        _ => unreachable!("markers are sets"),
    }
}

fn int_member(ev: &mut Eval, v: &Value, name: &str) -> EvalResult<i64> {
    match member(ev, v, name)? {
        Value::Int(i) => Ok(i),
        other => Err(aspects_nix::eval::type_error(
            &other,
            "an integer",
            &format!("as the {name} of a module property"),
        )
        .boxed()),
    }
}

/// Flattens `mkMerge`, drops `mkIf false`, and records `mkOverride` and
/// `mkOrder`, appending the plain values to `out` in order.
pub fn discharge(ev: &mut Eval, v: &Value, out: &mut Vec<Discharged>) -> EvalResult<()> {
    discharge_with(ev, v, DEFAULT_PRIORITY, DEFAULT_ORDER, out)
}

pub fn discharge_with(
    ev: &mut Eval,
    v: &Value,
    priority: i64,
    order: i64,
    out: &mut Vec<Discharged>,
) -> EvalResult<()> {
    discharge_to(ev, v, priority, order, &mut |d| out.push(d))
}

/// [`discharge_with`], handing each plain value to `out` (callers that
/// keep more than the value need no buffer in between).
pub fn discharge_to(
    ev: &mut Eval,
    v: &Value,
    priority: i64,
    order: i64,
    out: &mut impl FnMut(Discharged),
) -> EvalResult<()> {
    let v = ev.force(v)?;
    match marker(ev, &v)?.as_deref() {
        Some("merge") => {
            let contents = member(ev, &v, "contents")?;
            let Value::List(items) = contents else {
                return Err(aspects_nix::eval::type_error(
                    &contents,
                    "a list",
                    "in the argument of mkMerge",
                )
                .boxed());
            };
            for item in items.iter() {
                discharge_to(ev, item, priority, order, out)?;
            }
        }
        Some("if") => match member(ev, &v, "condition")? {
            Value::Bool(true) => {
                let content = member(ev, &v, "content")?;
                discharge_to(ev, &content, priority, order, out)?;
            }
            Value::Bool(false) => {}
            other => {
                return Err(aspects_nix::eval::type_error(
                    &other,
                    "a Boolean",
                    "in the condition of mkIf",
                )
                .boxed())
            }
        },
        Some("override") => {
            let p = int_member(ev, &v, "priority")?;
            let content = member(ev, &v, "content")?;
            discharge_to(ev, &content, p, order, out)?;
        }
        Some("order") => {
            let o = int_member(ev, &v, "priority")?;
            let content = member(ev, &v, "content")?;
            discharge_to(ev, &content, priority, o, out)?;
        }
        _ => out(Discharged {
            value: v,
            priority,
            order,
        }),
    }
    Ok(())
}

/// Keeps the definitions of the highest priority (lowest number), sorted
/// stably by order.
pub fn select(defs: Vec<Discharged>) -> Vec<Discharged> {
    select_by(defs, |d| d)
}

/// [`select`] for definitions carrying more than their discharged value.
pub fn select_by<T>(mut defs: Vec<T>, discharged: impl Fn(&T) -> &Discharged) -> Vec<T> {
    let Some(best) = defs.iter().map(|d| discharged(d).priority).min() else {
        return defs;
    };
    defs.retain(|d| discharged(d).priority == best);
    defs.sort_by_key(|d| discharged(d).order);
    defs
}
