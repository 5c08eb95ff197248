//! Builtins on lists.

use super::*;
use crate::eval::SharedApply;
use crate::Str;
use std::cmp::Ordering;

pub fn length(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    Ok(Value::Int(
        force_list(ev, &a[0], "in the argument of builtins.length")?.len() as i64,
    ))
}

pub fn head(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let l = force_list(ev, &a[0], "in the argument of builtins.head")?;
    match l.first() {
        Some(v) => {
            let v = v.clone();
            ev.force(&v)
        }
        None => err(
            ErrorKind::Other,
            "list index 0 is out of bounds (builtins.head of an empty list)",
        ),
    }
}

pub fn tail(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let l = force_list(ev, &a[0], "in the argument of builtins.tail")?;
    if l.is_empty() {
        return err(ErrorKind::Other, "'tail' called on an empty list");
    }
    Ok(Value::list(l[1..].to_vec()))
}

pub fn elem_at(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let l = force_list(ev, &a[0], "in the first argument of builtins.elemAt")?;
    let i = force_int(ev, &a[1], "in the second argument of builtins.elemAt")?;
    match usize::try_from(i).ok().and_then(|i| l.get(i)) {
        Some(v) => {
            let v = v.clone();
            ev.force(&v)
        }
        None => err(ErrorKind::Other, format!("list index {i} is out of bounds")),
    }
}

pub fn elem(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let l = force_list(ev, &a[1], "in the second argument of builtins.elem")?;
    for item in l.iter() {
        if ev.equal(&a[0], item)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

pub fn map(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    let l = force_list(ev, &a[1], "in the second argument of builtins.map")?;
    let f = SharedApply::new(a[0].clone(), span, Some(l.clone()));
    let out: Vec<Value> = (0..l.len()).map(|i| ev.lazy_apply_shared(&f, i)).collect();
    ev.account(out.len() * std::mem::size_of::<Value>())?;
    Ok(Value::list(out))
}

fn predicate(ev: &mut Eval, f: &Value, x: &Value, span: Span, name: &str) -> EvalResult<bool> {
    let r = ev.call(f.clone(), x.clone(), span)?;
    match r {
        Value::Bool(b) => Ok(b),
        other => Err(type_error(
            &other,
            "a Boolean",
            &format!("in the return value of the function passed to builtins.{name}"),
        )
        .boxed()),
    }
}

pub fn filter(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    let f = force_fn(ev, &a[0], "in the first argument of builtins.filter")?;
    let l = force_list(ev, &a[1], "in the second argument of builtins.filter")?;
    let mut out = Vec::new();
    for x in l.iter() {
        if predicate(ev, &f, x, span, "filter")? {
            out.push(x.clone());
        }
    }
    Ok(Value::list(out))
}

pub fn foldl(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    let f = force_fn(ev, &a[0], "in the first argument of builtins.foldl'")?;
    let l = force_list(ev, &a[2], "in the third argument of builtins.foldl'")?;
    let mut acc = a[1].clone();
    for x in l.iter() {
        acc = ev.call2(&f, acc, x.clone(), span)?;
    }
    ev.force(&acc)
}

pub fn concat_lists(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let l = force_list(ev, &a[0], "in the argument of builtins.concatLists")?;
    let mut out = Vec::new();
    for x in l.iter() {
        out.extend(
            force_list(
                ev,
                x,
                "in an element of the argument of builtins.concatLists",
            )?
            .iter()
            .cloned(),
        );
    }
    ev.account(out.len() * std::mem::size_of::<Value>())?;
    Ok(Value::list(out))
}

pub fn concat_map(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    let f = force_fn(ev, &a[0], "in the first argument of builtins.concatMap")?;
    let l = force_list(ev, &a[1], "in the second argument of builtins.concatMap")?;
    let mut out = Vec::new();
    for x in l.iter() {
        let r = ev.call(f.clone(), x.clone(), span)?;
        out.extend(
            force_list(
                ev,
                &r,
                "in the return value of the function passed to builtins.concatMap",
            )?
            .iter()
            .cloned(),
        );
    }
    ev.account(out.len() * std::mem::size_of::<Value>())?;
    Ok(Value::list(out))
}

pub fn gen_list(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    let n = force_int(ev, &a[1], "in the second argument of builtins.genList")?;
    if n < 0 {
        return err(ErrorKind::Other, format!("cannot create list of size {n}"));
    }
    ev.account(n as usize * std::mem::size_of::<Value>())?;
    let f = SharedApply::new(a[0].clone(), span, None);
    let out: Vec<Value> = (0..n as usize)
        .map(|i| ev.lazy_apply_shared(&f, i))
        .collect();
    Ok(Value::list(out))
}

pub fn sort(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    let f = force_fn(ev, &a[0], "in the first argument of builtins.sort")?;
    let l = force_list(ev, &a[1], "in the second argument of builtins.sort")?;
    let mut items: Vec<Value> = l.to_vec();
    let mut less = |ev: &mut Eval, x: &Value, y: &Value| -> EvalResult<bool> {
        let g = ev.call(f.clone(), x.clone(), span)?;
        let r = ev.call(g, y.clone(), span)?;
        match r {
            Value::Bool(b) => Ok(b),
            other => Err(type_error(
                &other,
                "a Boolean",
                "in the return value of the comparator passed to builtins.sort",
            )
            .boxed()),
        }
    };
    merge_sort(ev, &mut items, &mut less)?;
    Ok(Value::list(items))
}

/// A stable merge sort with a fallible comparison that may be inconsistent
/// (user code): it never panics, whatever the comparator answers.
pub fn merge_sort(
    ev: &mut Eval,
    items: &mut Vec<Value>,
    less: &mut dyn FnMut(&mut Eval, &Value, &Value) -> EvalResult<bool>,
) -> EvalResult<()> {
    if items.len() < 2 {
        return Ok(());
    }
    let mut right = items.split_off(items.len() / 2);
    merge_sort(ev, items, less)?;
    merge_sort(ev, &mut right, less)?;
    let left = std::mem::take(items);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if less(ev, &right[j], &left[i])? {
            out.push(right[j].clone());
            j += 1;
        } else {
            out.push(left[i].clone());
            i += 1;
        }
    }
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
    *items = out;
    Ok(())
}

pub fn partition(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    let f = force_fn(ev, &a[0], "in the first argument of builtins.partition")?;
    let l = force_list(ev, &a[1], "in the second argument of builtins.partition")?;
    let (mut right, mut wrong) = (Vec::new(), Vec::new());
    for x in l.iter() {
        if predicate(ev, &f, x, span, "partition")? {
            right.push(x.clone());
        } else {
            wrong.push(x.clone());
        }
    }
    Ok(Value::attrs(Attrs::of([
        ("right".into(), Value::list(right)),
        ("wrong".into(), Value::list(wrong)),
    ])))
}

pub fn group_by(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    let f = force_fn(ev, &a[0], "in the first argument of builtins.groupBy")?;
    let l = force_list(ev, &a[1], "in the second argument of builtins.groupBy")?;
    let mut groups: std::collections::BTreeMap<Str, Vec<Value>> = Default::default();
    for x in l.iter() {
        let k = ev.call(f.clone(), x.clone(), span)?;
        let k = force_str(
            ev,
            &k,
            "in the return value of the function passed to builtins.groupBy",
        )?;
        groups.entry(k).or_default().push(x.clone());
    }
    Ok(Value::attrs(Attrs::from_pairs(
        groups.into_iter().map(|(k, v)| (k, Value::list(v))),
    )))
}

pub fn all(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    let f = force_fn(ev, &a[0], "in the first argument of builtins.all")?;
    let l = force_list(ev, &a[1], "in the second argument of builtins.all")?;
    for x in l.iter() {
        if !predicate(ev, &f, x, span, "all")? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

pub fn any(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    let f = force_fn(ev, &a[0], "in the first argument of builtins.any")?;
    let l = force_list(ev, &a[1], "in the second argument of builtins.any")?;
    for x in l.iter() {
        if predicate(ev, &f, x, span, "any")? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

pub fn generic_closure(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    let args = force_attrs(ev, &a[0], "in the argument of builtins.genericClosure")?;
    let Some(start) = args.get("startSet").cloned() else {
        return err(
            ErrorKind::MissingAttribute,
            "attribute 'startSet' missing (in the argument of builtins.genericClosure)",
        );
    };
    let Some(op) = args.get("operator").cloned() else {
        return err(
            ErrorKind::MissingAttribute,
            "attribute 'operator' missing (in the argument of builtins.genericClosure)",
        );
    };
    let mut queue: std::collections::VecDeque<Value> =
        force_list(ev, &start, "in the startSet of builtins.genericClosure")?
            .iter()
            .cloned()
            .collect();
    let mut seen: Vec<Value> = Vec::new();
    let mut out = Vec::new();
    while let Some(item) = queue.pop_front() {
        let set = force_attrs(ev, &item, "in an element of builtins.genericClosure")?;
        let Some(key) = set.get("key").cloned() else {
            return err(
                ErrorKind::MissingAttribute,
                "attribute 'key' missing (in an element of builtins.genericClosure)",
            );
        };
        let key = ev.force(&key)?;
        // Binary search over the sorted keys seen so far.
        let (mut lo, mut hi) = (0, seen.len());
        let mut found = false;
        while lo < hi {
            let mid = (lo + hi) / 2;
            match ev.compare(&seen[mid], &key)? {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => {
                    found = true;
                    break;
                }
            }
        }
        if found {
            continue;
        }
        seen.insert(lo, key);
        out.push(item.clone());
        let next = ev.call(op.clone(), item, span)?;
        queue.extend(
            force_list(
                ev,
                &next,
                "in the return value of the operator of builtins.genericClosure",
            )?
            .iter()
            .cloned(),
        );
    }
    Ok(Value::list(out))
}
