//! Builtins on attribute sets.

use super::*;
use crate::ast::Param;
use crate::Str;

pub fn attr_names(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let set = force_attrs(ev, &a[0], "in the argument of builtins.attrNames")?;
    Ok(Value::list(
        set.names().map(|n| Value::String(n.clone())).collect(),
    ))
}

pub fn attr_values(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let set = force_attrs(ev, &a[0], "in the argument of builtins.attrValues")?;
    Ok(Value::list(set.iter().map(|x| x.value.clone()).collect()))
}

pub fn has_attr(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let name = force_str(ev, &a[0], "in the first argument of builtins.hasAttr")?;
    let set = force_attrs(ev, &a[1], "in the second argument of builtins.hasAttr")?;
    Ok(Value::Bool(set.contains(&name) || set.open().is_some()))
}

pub fn get_attr(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let name = force_str(ev, &a[0], "in the first argument of builtins.getAttr")?;
    let set = force_attrs(ev, &a[1], "in the second argument of builtins.getAttr")?;
    match set.get(&name) {
        Some(v) => {
            let v = v.clone();
            ev.force(&v)
        }
        None => match set.open() {
            Some(prefix) => Ok(stand_in_package(prefix, &name)),
            None => Err(crate::eval::missing_attribute(&name, &set).boxed()),
        },
    }
}

pub fn remove_attrs(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let set = force_attrs(ev, &a[0], "in the first argument of builtins.removeAttrs")?;
    let names = force_list(ev, &a[1], "in the second argument of builtins.removeAttrs")?;
    let mut drop = Vec::with_capacity(names.len());
    for n in names.iter() {
        drop.push(force_str(
            ev,
            n,
            "in an element of the second argument of builtins.removeAttrs",
        )?);
    }
    let kept: Vec<Attr> = set
        .iter()
        .filter(|x| !drop.contains(&x.name))
        .cloned()
        .collect();
    Ok(Value::attrs(Attrs::from_sorted(kept)))
}

pub fn list_to_attrs(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let list = force_list(ev, &a[0], "in the argument of builtins.listToAttrs")?;
    let mut entries: Vec<Attr> = Vec::with_capacity(list.len());
    for item in list.iter() {
        let pair = force_attrs(
            ev,
            item,
            "in an element of the argument of builtins.listToAttrs",
        )?;
        let Some(name) = pair.get("name").cloned() else {
            return err(
                ErrorKind::MissingAttribute,
                "attribute 'name' missing (in an element of the argument of builtins.listToAttrs)",
            );
        };
        let name = force_str(
            ev,
            &name,
            "as the 'name' of an element of builtins.listToAttrs",
        )?;
        let Some(value) = pair.get_attr("value").cloned() else {
            return err(
                ErrorKind::MissingAttribute,
                "attribute 'value' missing (in an element of the argument of builtins.listToAttrs)",
            );
        };
        entries.push(Attr {
            name,
            value: value.value,
            pos: value.pos,
        });
    }
    // The first occurrence of a name wins.
    entries.reverse();
    ev.account(entries.len() * std::mem::size_of::<Attr>())?;
    Ok(Value::attrs(Attrs::from_unsorted(entries)))
}

pub fn map_attrs(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    let set = force_attrs(ev, &a[1], "in the second argument of builtins.mapAttrs")?;
    let f = a[0].clone();
    let entries: Vec<Attr> = set
        .iter()
        .map(|x| Attr {
            name: x.name.clone(),
            value: ev.lazy_apply(
                f.clone(),
                vec![Value::String(x.name.clone()), x.value.clone()],
                span,
            ),
            pos: x.pos,
        })
        .collect();
    ev.account(entries.len() * std::mem::size_of::<Attr>())?;
    Ok(Value::attrs(Attrs::from_sorted(entries)))
}

pub fn intersect_attrs(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let left = force_attrs(
        ev,
        &a[0],
        "in the first argument of builtins.intersectAttrs",
    )?;
    let right = force_attrs(
        ev,
        &a[1],
        "in the second argument of builtins.intersectAttrs",
    )?;
    let kept: Vec<Attr> = right
        .iter()
        .filter(|x| left.contains(&x.name))
        .cloned()
        .collect();
    Ok(Value::attrs(Attrs::from_sorted(kept)))
}

pub fn cat_attrs(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let name = force_str(ev, &a[0], "in the first argument of builtins.catAttrs")?;
    let list = force_list(ev, &a[1], "in the second argument of builtins.catAttrs")?;
    let mut out = Vec::new();
    for item in list.iter() {
        let set = force_attrs(
            ev,
            item,
            "in an element of the second argument of builtins.catAttrs",
        )?;
        if let Some(v) = set.get(&name) {
            out.push(v.clone());
        }
    }
    Ok(Value::list(out))
}

pub fn zip_attrs_with(ev: &mut Eval, a: Vec<Value>, span: Span) -> EvalResult<Value> {
    force_fn(ev, &a[0], "in the first argument of builtins.zipAttrsWith")?;
    let list = force_list(ev, &a[1], "in the second argument of builtins.zipAttrsWith")?;
    let mut groups: std::collections::BTreeMap<Str, Vec<Value>> = Default::default();
    for item in list.iter() {
        let set = force_attrs(
            ev,
            item,
            "in an element of the second argument of builtins.zipAttrsWith",
        )?;
        for x in set.iter() {
            groups
                .entry(x.name.clone())
                .or_default()
                .push(x.value.clone());
        }
    }
    let f = a[0].clone();
    let entries = groups.into_iter().map(|(name, values)| Attr {
        value: ev.lazy_apply(
            f.clone(),
            vec![Value::String(name.clone()), Value::list(values)],
            span,
        ),
        name,
        pos: None,
    });
    Ok(Value::attrs(Attrs::from_sorted(entries)))
}

pub fn function_args(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    match ev.force(&a[0])? {
        Value::Lambda(c) => Ok(Value::attrs(formals_of(&c.lambda.param))),
        Value::PrimOp(_) => Ok(Value::attrs(Attrs::empty())),
        Value::Native(n) => Ok(Value::Attrs(n.formals.clone().unwrap_or_default())),
        other => Err(type_error(
            &other,
            "a function",
            "in the argument of builtins.functionArgs",
        )
        .boxed()),
    }
}

/// `lib.functionArgs`: a function's formals, looking through `__functor`
/// (and its `__functionArgs`) as nixpkgs' lib does.
pub fn function_args_of(ev: &mut Eval, f: &Value) -> EvalResult<Attrs> {
    let f = ev.force(f)?;
    match &f {
        Value::Lambda(c) => Ok(formals_of(&c.lambda.param)),
        Value::PrimOp(_) => Ok(Attrs::empty()),
        Value::Native(n) => Ok(n.formals.clone().unwrap_or_default()),
        Value::Attrs(a) if a.contains("__functor") => {
            if let Some(fa) = a.get("__functionArgs").cloned() {
                return match ev.force(&fa)? {
                    Value::Attrs(x) => Ok(x),
                    other => Err(type_error(&other, "a set", "as __functionArgs").boxed()),
                };
            }
            let functor = a.get("__functor").cloned().expect("checked");
            let inner = ev.call(functor, f.clone(), Span::default())?;
            function_args_of(ev, &inner)
        }
        other => Err(type_error(other, "a function", "in lib.functionArgs").boxed()),
    }
}

/// `{ name = hasDefault; }` for a lambda's formals.
pub fn formals_of(p: &Param) -> Attrs {
    match p {
        Param::Ident(_) => Attrs::empty(),
        Param::Pattern { formals, .. } => Attrs::from_unsorted(formals.iter().map(|f| Attr {
            name: f.name.clone(),
            value: Value::Bool(f.default.is_some()),
            pos: Some(f.span),
        })),
    }
}

pub fn unsafe_get_attr_pos(ev: &mut Eval, a: Vec<Value>, _: Span) -> EvalResult<Value> {
    let name = force_str(
        ev,
        &a[0],
        "in the first argument of builtins.unsafeGetAttrPos",
    )?;
    let set = force_attrs(
        ev,
        &a[1],
        "in the second argument of builtins.unsafeGetAttrPos",
    )?;
    let Some(pos) = set.get_attr(&name).and_then(|x| x.pos) else {
        return Ok(Value::Null);
    };
    Ok(position_value(ev, pos))
}

/// `{ file, line, column }` for a span.
pub fn position_value(ev: &Eval, pos: Span) -> Value {
    let at = ev.files.line_col(pos);
    let file = ev
        .files
        .get(pos.file)
        .map(|f| f.path.clone())
        .unwrap_or_else(|| "".into());
    Value::attrs(Attrs::of([
        ("column".into(), Value::Int(at.column as i64)),
        ("file".into(), Value::String(file)),
        ("line".into(), Value::Int(at.line as i64)),
    ]))
}
