//! mkIf / mkMerge / mkOverride / mkOrder are discharged and selected as the
//! module system does, and `lib.types` descriptors are read back.

use aspects_modules::properties::{discharge, select};
use aspects_modules::types::{CheckedType, Type};
use aspects_nix::value::Value;
use aspects_nix::Eval;

/// Evaluates `f lib` where `f` is the given Nix function text.
fn with_lib<T: Send + 'static>(src: &'static str, then: fn(&mut Eval, Value) -> T) -> T {
    aspects_nix::on_big_stack(move || {
        let mut ev = Eval::default();
        let lib = aspects_modules::full_lib(&mut ev).unwrap();
        let e = ev.parse("/t.nix", src).unwrap();
        let f = ev.eval(&e, aspects_nix::eval::ROOT_ENV).unwrap();
        let v = ev.call(f, lib, Default::default()).unwrap();
        then(&mut ev, v)
    })
}

fn ints(ev: &mut Eval, defs: &[aspects_modules::properties::Discharged]) -> Vec<i64> {
    defs.iter()
        .map(|d| match ev.force(&d.value).unwrap() {
            Value::Int(i) => i,
            other => panic!("not an int: {other:?}"),
        })
        .collect()
}

#[test]
fn conditions_and_merges_are_flattened_in_order() {
    let got = with_lib(
        "lib: with lib; [ 1 (mkIf true 2) (mkMerge [ 3 (mkIf false 99) (mkMerge [ 4 ]) ]) ]",
        |ev, v| {
            let Value::List(items) = v else { panic!() };
            let mut out = Vec::new();
            for i in items.iter() {
                discharge(ev, i, &mut out).unwrap();
            }
            ints(ev, &select(out))
        },
    );
    assert_eq!(got, vec![1, 2, 3, 4]);
}

#[test]
fn the_strongest_priority_wins_and_orders_sort() {
    let got = with_lib(
        "lib: with lib; [ (mkDefault 1) 2 (mkAfter 3) (mkBefore 4) (mkOptionDefault 5) ]",
        |ev, v| {
            let Value::List(items) = v else { panic!() };
            let mut out = Vec::new();
            for i in items.iter() {
                discharge(ev, i, &mut out).unwrap();
            }
            ints(ev, &select(out))
        },
    );
    assert_eq!(got, vec![4, 2, 3]);
    let forced = with_lib(
        "lib: with lib; [ 1 (mkForce 2) (mkIf true (mkForce 3)) ]",
        |ev, v| {
            let Value::List(items) = v else { panic!() };
            let mut out = Vec::new();
            for i in items.iter() {
                discharge(ev, i, &mut out).unwrap();
            }
            ints(ev, &select(out))
        },
    );
    assert_eq!(forced, vec![2, 3]);
}

#[test]
fn a_non_boolean_condition_is_an_error() {
    let msg = with_lib("lib: lib.mkIf \"yes\" 1", |ev, v| {
        let mut out = Vec::new();
        discharge(ev, &v, &mut out).unwrap_err().message
    });
    assert!(msg.contains("Boolean"), "{msg}");
}

#[test]
fn type_descriptors_are_read_back() {
    let got = with_lib(
        "lib: with lib.types; [ (attrsOf (listOf str)) (nullOr (either int bool)) (lazyAttrsOf deferredModule) (submodule { }) ints.u8 ]",
        |ev, v| {
            let Value::List(items) = v else { panic!() };
            items
                .iter()
                .map(|t| {
                    let t = CheckedType::from_value(ev, t).unwrap();
                    format!("{:?}|{}|{}", std::mem::discriminant(&t.ty), t.describe(ev), t.checks.len())
                })
                .collect::<Vec<_>>()
        },
    );
    assert_eq!(got.len(), 5);
    assert!(
        got[0].ends_with("|attribute set of list of string|0"),
        "{}",
        got[0]
    );
    assert!(
        got[1].contains("null or signed integer or boolean"),
        "{}",
        got[1]
    );
    assert!(
        got[4].ends_with("|1"),
        "ints.u8 keeps its range check: {}",
        got[4]
    );
}

#[test]
fn shapes_check_values() {
    let list = Type::ListOf(std::rc::Rc::new(CheckedType::plain(Type::Str, "string")));
    assert!(list.shape_check(&Value::list(vec![])));
    assert!(!list.shape_check(&Value::Int(1)));
    let either = Type::Either(
        std::rc::Rc::new(CheckedType::plain(Type::Int, "int")),
        std::rc::Rc::new(CheckedType::plain(Type::Bool, "bool")),
    );
    assert!(either.shape_check(&Value::Bool(true)));
    assert!(!either.shape_check(&Value::Null));
    assert!(
        Type::NullOr(std::rc::Rc::new(CheckedType::plain(Type::Int, "int")))
            .shape_check(&Value::Null)
    );
}
