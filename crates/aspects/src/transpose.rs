//! flake-aspects' `transpose` (SEMANTICS 1.2) as a native function, called
//! by the prelude as `native.transpose emit attrs`. Every flake's
//! `flake.modules` is one; in Nix its list building (`concatLists`,
//! `mapAttrsToList`, `groupBy`, `listToAttrs`) was 8 % of a flake's
//! evaluation.
//!
//! It computes exactly what this Nix does, forcing the same values in the
//! same order:
//!
//! ```nix
//! items = concatLists (mapAttrsToList (child: inner: concatLists
//!   (mapAttrsToList (parent: value: emit { inherit child parent value; }) inner)) attrs);
//! byParent = groupBy (it: it.parent) items;
//! in mapAttrs (_: its: listToAttrs
//!   (map (it: nameValuePair it.child it.value) (reverseList its))) byParent
//! ```
//!
//! so each parent's set is made when it is read, and each value only
//! when it is.

use aspects_nix::ast::Span;
use aspects_nix::eval::type_error;
use aspects_nix::value::{Attr, Attrs, List, Value};
use aspects_nix::{ErrorKind, Eval, EvalError, EvalResult, Str};
use std::collections::BTreeMap;
use std::rc::Rc;

/// `transpose emit attrs` (arguments as the prelude passes them).
pub fn transpose(ev: &mut Eval, args: Vec<Value>, span: Span) -> EvalResult<Value> {
    let [emit, attrs]: [Value; 2] = args.try_into().expect("arity 2");
    if let Some(aspects) = resolve_emit_aspects(ev, &emit)? {
        return resolved(ev, &aspects, &attrs, span);
    }
    let lists = emitted(ev, &emit, &attrs, span)?;
    // groupBy: each item's parent, in order; groups sorted by name.
    let mut groups: BTreeMap<Str, Vec<Attrs>> = BTreeMap::new();
    for item in lists.iter().flat_map(|l| l.iter()) {
        let item = set(ev, item, "selecting attribute 'parent'")?;
        let parent = field(&item, "parent")?;
        let parent = string(
            ev,
            &parent,
            "in the return value of the function passed to builtins.groupBy",
        )?;
        groups.entry(parent).or_default().push(item);
    }
    let sets = groups.into_iter().map(|(parent, items)| {
        let items = Rc::new(items);
        Attr {
            name: parent,
            value: ev.lazy(move |ev| children(ev, &items)),
            pos: None,
        }
    });
    Ok(Value::attrs(Attrs::from_sorted(sets)))
}

/// `resolveEmit aspects item`: the `emit` of `flake.modules` (and of
/// `new`, `new-scope`), called for every attribute of every aspect. It
/// makes exactly what this Nix does, `value` only when it is read:
///
/// ```nix
/// resolveEmit = aspects: { child, parent, ... }: [
///   { inherit child parent; value = aspects.${child}.resolve { class = parent; }; }
/// ];
/// ```
pub fn resolve_emit(ev: &mut Eval, args: Vec<Value>, span: Span) -> EvalResult<Value> {
    let [aspects, item]: [Value; 2] = args.try_into().expect("arity 2");
    let item = set(ev, &item, "in the argument of resolveEmit")?;
    let formal = |name: &str| {
        item.get(name).cloned().ok_or_else(|| {
            EvalError::new(
                ErrorKind::MissingArgument,
                format!("function 'resolveEmit' called without required argument '{name}'"),
            )
            .at(span)
            .boxed()
        })
    };
    let (child, parent) = (formal("child")?, formal("parent")?);
    let value = resolved_value(ev, aspects, child.clone(), parent.clone(), span);
    let emitted = Attrs::of([
        (aspects_nix::known_str!("child"), child),
        (aspects_nix::known_str!("parent"), parent),
        (aspects_nix::known_str!("value"), value),
    ]);
    Ok(Value::list_of([Value::attrs(emitted)]))
}

/// `aspects.${child}.resolve { class = parent; }`, as a thunk.
fn resolved_value(ev: &mut Eval, aspects: Value, child: Value, parent: Value, span: Span) -> Value {
    ev.lazy(move |ev| {
        // `aspects.${child}`: a name, or what interpolation makes of it.
        let name: Str = match ev.force(&child)? {
            Value::String(s) => s,
            other => ev
                .coerce_to_string(&other, aspects_nix::eval::CoerceMode::Interpolation)?
                .into(),
        };
        let aspect = crate::flake::attr(ev, &aspects, &name)?;
        let resolve = crate::flake::attr(ev, &aspect, "resolve")?;
        let class = Value::attrs(Attrs::of([(
            aspects_nix::known_str!("class"),
            parent.clone(),
        )]));
        let tree = ev.call(resolve, class, span)?;
        ev.force(&tree)
    })
}

/// The `aspects` of `emit`, if it is `resolveEmit aspects` (the `emit` of
/// `flake.modules`).
fn resolve_emit_aspects(ev: &mut Eval, emit: &Value) -> EvalResult<Option<Value>> {
    Ok(match ev.force(emit)? {
        Value::Native(n) if &*n.name == "resolveEmit" && n.arity == 2 && n.args.len() == 1 => {
            Some(n.args[0].clone())
        }
        _ => None,
    })
}

/// `transpose (resolveEmit aspects) attrs`: what the generic path makes
/// of the items `resolveEmit` returns (each `{ child, parent, value }`,
/// names that are strings already), without calling it and reading them
/// back. The values are the same thunks, forced only when read.
fn resolved(ev: &mut Eval, aspects: &Value, attrs: &Value, span: Span) -> EvalResult<Value> {
    let outer = set(ev, attrs, "in the argument of builtins.attrNames")?;
    // A few parents (the aspects' classes and options), met again for
    // every child and mostly as the very same string: a list searched by
    // address first, sorted at the end.
    let mut groups: Vec<(Str, Vec<Attr>)> = Vec::new();
    for child in outer.iter() {
        let inner = set(ev, &child.value, "in the argument of builtins.attrNames")?;
        for parent in inner.iter() {
            let value = resolved_value(
                ev,
                aspects.clone(),
                Value::String(child.name.clone()),
                Value::String(parent.name.clone()),
                span,
            );
            let name = &parent.name;
            let at = match groups
                .iter()
                .position(|(p, _)| Str::ptr_eq(p, name))
                .or_else(|| groups.iter().position(|(p, _)| p == name))
            {
                Some(at) => at,
                None => {
                    groups.push((name.clone(), Vec::new()));
                    groups.len() - 1
                }
            };
            // Children come in name order, each once: sorted already.
            groups[at].1.push(Attr {
                name: child.name.clone(),
                value,
                pos: None,
            });
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    let sets = groups.into_iter().map(|(parent, children)| Attr {
        name: parent,
        value: Value::attrs(Attrs::from_sorted(children)),
        pos: None,
    });
    Ok(Value::attrs(Attrs::from_sorted(sets)))
}

/// `emit`'s lists, child by child and parent by parent.
fn emitted(ev: &mut Eval, emit: &Value, attrs: &Value, span: Span) -> EvalResult<Vec<List>> {
    let outer = set(ev, attrs, "in the argument of builtins.attrNames")?;
    let mut lists = Vec::new();
    for child in outer.iter() {
        let inner = set(ev, &child.value, "in the argument of builtins.attrNames")?;
        for parent in inner.iter() {
            let arg = Attrs::of([
                (
                    aspects_nix::known_str!("child"),
                    Value::String(child.name.clone()),
                ),
                (
                    aspects_nix::known_str!("parent"),
                    Value::String(parent.name.clone()),
                ),
                (aspects_nix::known_str!("value"), parent.value.clone()),
            ]);
            let r = ev.call(emit.clone(), Value::attrs(arg), span)?;
            match ev.force(&r)? {
                Value::List(l) => lists.push(l),
                other => {
                    return Err(type_error(
                        &other,
                        "a list",
                        "in an element of the argument of builtins.concatLists",
                    )
                    .boxed())
                }
            }
        }
    }
    Ok(lists)
}

/// One parent's `{ <child> = value; }`: later items win.
fn children(ev: &mut Eval, items: &[Attrs]) -> EvalResult<Value> {
    let mut entries = Vec::with_capacity(items.len());
    // listToAttrs over the reversed list: names forced from the last item.
    for it in items.iter().rev() {
        let child = field(it, "child")?;
        let name = string(
            ev,
            &child,
            "as the 'name' of an element of builtins.listToAttrs",
        )?;
        let value = match it.get("value") {
            Some(v) => v.clone(),
            None => ev.lazy(move |_| Err(missing("value"))),
        };
        entries.push(Attr {
            name,
            value,
            pos: None,
        });
    }
    // The first occurrence of a name in the reversed list wins.
    entries.reverse();
    Ok(Value::attrs(Attrs::from_unsorted(entries)))
}

fn field(it: &Attrs, name: &str) -> EvalResult<Value> {
    it.get(name).cloned().ok_or_else(|| missing(name))
}

fn missing(name: &str) -> Box<EvalError> {
    EvalError::new(
        ErrorKind::MissingAttribute,
        format!("attribute '{name}' missing"),
    )
    .boxed()
}

fn set(ev: &mut Eval, v: &Value, what: &str) -> EvalResult<Attrs> {
    match ev.force(v)? {
        Value::Attrs(a) => Ok(a),
        other => Err(type_error(&other, "a set", what).boxed()),
    }
}

fn string(ev: &mut Eval, v: &Value, what: &str) -> EvalResult<Str> {
    match ev.force(v)? {
        Value::String(s) => Ok(s),
        other => Err(type_error(&other, "a string", what).boxed()),
    }
}

#[cfg(test)]
mod tests {
    use aspects_nix::files::MemoryFs;
    use aspects_nix::value::{NativeFn, Value};
    use aspects_nix::{Eval, EvalError};

    /// Each element of the list `out.<side>`, printed strictly, or its
    /// error as `describe` tells it.
    fn printed(
        ev: &mut Eval,
        out: &Value,
        side: &str,
        describe: impl Fn(&EvalError) -> String,
    ) -> Vec<Result<String, String>> {
        let Value::List(l) = crate::flake::attr(ev, out, side).unwrap() else {
            panic!("a list")
        };
        l.iter()
            .map(|c| aspects_nix::print::print_value(ev, c, true).map_err(|e| describe(&e)))
            .collect()
    }

    /// The Nix `transpose` replaces, and cases for both: emits that keep,
    /// drop, rename, fan out and collide; inputs that fail at the top, in
    /// a child, in an emit's result, in an item or only in a value (which
    /// must stay unread until it is asked for).
    const NIX: &str = r#"
      lib: native:
      let
        nixTranspose = { emit ? lib.singleton }: attrs:
          let
            items = lib.concatLists (lib.mapAttrsToList
              (child: inner: lib.concatLists (lib.mapAttrsToList
                (parent: value: emit { inherit child parent value; })
                inner))
              attrs);
            byParent = builtins.groupBy (it: it.parent) items;
          in
          lib.mapAttrs
            (_: its: builtins.listToAttrs (map (it: lib.nameValuePair it.child it.value) (lib.reverseList its)))
            byParent;
        nativeTranspose = { emit ? lib.singleton }: attrs: native emit attrs;
        data = { alpha = { nixos = 1; darwin = 2; skip = 3; }; beta = { nixos = 10; hm = 20; }; gamma = { }; };
        fanOut = { child, parent, value }:
          if parent == "skip" then [ ]
          else if parent == "hm" then [
            { parent = "h"; inherit child; value = value * 2; }
            { parent = "h2"; child = "${child}-copy"; inherit value; }
          ] else [ { inherit child parent; value = "${child}:${parent}"; } ];
        collide = { child, parent, ... }: [ { parent = "all"; child = "same"; value = "${child}.${parent}"; } ];
        cases = [
          { args = { }; attrs = data; }
          { args = { emit = fanOut; }; attrs = data; }
          { args = { emit = collide; }; attrs = data; }
          { args = { }; attrs = { }; }
          { args = { }; attrs = { a = { x = throw "unread"; }; }; pick = [ "x" ]; }
          { args = { emit = _: [ { parent = "p"; child = "c"; } ]; }; attrs = data; pick = [ "p" ]; }
          { args = { }; attrs = 1; }
          { args = { }; attrs = { a = 1; }; }
          { args = { emit = _: { }; }; attrs = data; }
          { args = { emit = _: [ 1 ]; }; attrs = data; }
          { args = { emit = _: [ { child = "c"; } ]; }; attrs = data; }
          { args = { emit = _: [ { parent = 1; child = "c"; } ]; }; attrs = data; }
          { args = { emit = _: [ { parent = "p"; child = 1; } ]; }; attrs = data; }
          { args = { emit = _: [ { parent = "p"; } ]; }; attrs = data; }
        ];
        # What a case shows: the whole result, or the attribute at `pick`.
        show = t: c:
          let r = t c.args c.attrs; in
          if c ? pick then builtins.attrNames (lib.attrByPath c.pick { } r) else r;
      in
      {
        nix = map (show nixTranspose) cases;
        native = map (show nativeTranspose) cases;
      }
    "#;

    #[test]
    fn native_transpose_gives_what_the_nix_gives() {
        let mut ev = Eval::new(Box::new(MemoryFs::new()));
        let lib = ev.lib().unwrap();
        let native = NativeFn::value("transpose", 2, None, super::transpose);
        let f = ev.eval_source("/test/transpose.nix", NIX).unwrap();
        let f = ev.call(f, lib, Default::default()).unwrap();
        let out = ev.call(f, native, Default::default()).unwrap();
        let message = |e: &EvalError| e.message.clone();
        let nix = printed(&mut ev, &out, "nix", message);
        let native = printed(&mut ev, &out, "native", message);
        assert_eq!(nix.len(), 14);
        for (i, (want, got)) in nix.iter().zip(&native).enumerate() {
            assert_eq!(want, got, "case {i}");
        }
        assert!(nix[..6].iter().all(Result::is_ok), "{nix:?}");
        assert!(nix[6..].iter().all(Result::is_err), "{nix:?}");
    }

    /// The Nix `resolveEmit` replaces, and items for both: good ones, one
    /// whose value fails only when read, and ones that fail.
    const EMIT_NIX: &str = r#"
      native:
      let
        nixEmit = aspects: { child, parent, ... }: [
          { inherit child parent; value = aspects.${child}.resolve { class = parent; }; }
        ];
        aspects = {
          a.resolve = { class }: "a as ${class}";
          b.resolve = { class }: { imports = [ class ]; };
          c = { };
        };
        items = [
          { child = "a"; parent = "nixos"; value = 1; }
          { child = "b"; parent = "darwin"; extra = true; }
          { child = "missing"; parent = "nixos"; }
          { child = "c"; parent = "nixos"; }
          { child = 1; parent = "nixos"; }
          { parent = "nixos"; }
          { child = "a"; }
          5
        ];
        show = emit: item:
          let r = emit aspects item; in
          map (it: { inherit (it) child parent; value = it.value; }) r;
      in
      {
        nix = map (show nixEmit) items;
        native = map (show native) items;
        # The value is not read until it is asked for.
        unread = builtins.length (native aspects { child = "missing"; parent = "x"; });
      }
    "#;

    #[test]
    fn native_resolve_emit_gives_what_the_nix_gives() {
        let mut ev = Eval::new(Box::new(MemoryFs::new()));
        let native = NativeFn::value("resolveEmit", 2, None, super::resolve_emit);
        let f = ev.eval_source("/test/emit.nix", EMIT_NIX).unwrap();
        let out = ev.call(f, native, Default::default()).unwrap();
        let unread = crate::flake::attr(&mut ev, &out, "unread").unwrap();
        assert!(matches!(unread, Value::Int(1)), "{unread:?}");
        let kind = |e: &EvalError| format!("{:?}", e.kind);
        let nix = printed(&mut ev, &out, "nix", kind);
        let native = printed(&mut ev, &out, "native", kind);
        assert_eq!(nix.len(), 8);
        assert_eq!(nix, native);
        assert!(nix[..2].iter().all(Result::is_ok), "{nix:?}");
        assert!(nix[2..].iter().all(Result::is_err), "{nix:?}");
    }

    /// `transpose` with `resolveEmit aspects` itself (read directly) and
    /// wrapped in a lambda (called, as any `emit`): the same results and
    /// failures, values unread until asked for.
    const RESOLVED_NIX: &str = r#"
      transpose: resolveEmit:
      let
        aspects = {
          a.resolve = { class }: "a as ${class}";
          b.resolve = { class }: { imports = [ class ]; };
        };
        inputs = [
          { a = { nixos = 1; darwin = 2; }; b = { nixos = 3; hm = 4; }; c = { }; }
          { a = { nixos = 1; }; missing = { nixos = 2; }; }
          { a = { nixos = throw "unread"; }; }
          { a = 1; }
          1
        ];
        direct = map (transpose (resolveEmit aspects)) inputs;
        wrapped = map (transpose (item: resolveEmit aspects item)) inputs;
        show = r: builtins.mapAttrs (_: builtins.attrNames) r;
      in
      {
        direct = map show direct;
        wrapped = map show wrapped;
        values = [ (builtins.elemAt direct 0) (builtins.elemAt wrapped 0) ];
        missing = [ (builtins.elemAt direct 1).nixos.missing (builtins.elemAt wrapped 1).nixos.missing ];
      }
    "#;

    #[test]
    fn transposing_by_resolve_emit_directly_gives_what_calling_it_gives() {
        let mut ev = Eval::new(Box::new(MemoryFs::new()));
        let transpose = NativeFn::value("transpose", 2, None, super::transpose);
        let emit = NativeFn::value("resolveEmit", 2, None, super::resolve_emit);
        let f = ev.eval_source("/test/resolved.nix", RESOLVED_NIX).unwrap();
        let f = ev.call(f, transpose, Default::default()).unwrap();
        let out = ev.call(f, emit, Default::default()).unwrap();
        let both = |e: &EvalError| format!("{:?}: {}", e.kind, e.message);
        let mut shown = |side: &str| printed(&mut ev, &out, side, both);
        let (direct, wrapped) = (shown("direct"), shown("wrapped"));
        assert_eq!(direct, wrapped);
        assert_eq!(
            direct[0].as_deref(),
            Ok("{ darwin = [ \"a\" ]; hm = [ \"b\" ]; nixos = [ \"a\" \"b\" ]; }")
        );
        assert!(direct[1..3].iter().all(Result::is_ok), "{direct:?}");
        assert!(direct[3..].iter().all(Result::is_err), "{direct:?}");
        let values = shown("values");
        assert_eq!(values[0], values[1]);
        assert!(
            values[0].as_ref().unwrap().contains("a as darwin"),
            "{values:?}"
        );
        let missing = shown("missing");
        assert!(missing.iter().all(Result::is_err), "{missing:?}");
        assert_eq!(missing[0], missing[1]);
    }
}
