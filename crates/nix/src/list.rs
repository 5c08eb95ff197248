//! [`List`]: the evaluator's list. Immutable, shared by reference counting,
//! and one allocation (the count and the length with the elements right
//! after them; see [`crate::thin`]). It reads as a slice of values.
//!
//! Why not `Rc<Vec<Value>>`: that is two allocations per list (the counted
//! box and the vector's buffer) and two pointer hops per element read.
//! Like [`crate::Str`] and [`crate::value::Attrs`], one pointer wide, so a
//! [`Value`] stays 16 bytes. Lists collected from an iterator are built in
//! a reused per-thread buffer, so building one costs one allocation.

use crate::thin::{with_reused, Thin};
use crate::value::Value;
use std::cell::Cell;
use std::ops::Deref;

/// A list, one pointer wide; cloning shares it.
#[derive(Clone)]
pub struct List(Thin<(), Value>);

thread_local! {
    /// The buffer lists are collected in.
    static BUFFER: Cell<Vec<Value>> = const { Cell::new(Vec::new()) };
    /// The empty list, shared.
    static EMPTY: List = List(Thin::of((), []));
}

impl List {
    pub fn empty() -> List {
        EMPTY
            .try_with(List::clone)
            .unwrap_or_else(|_| List(Thin::of((), [])))
    }

    /// The values of `items`, in order.
    pub fn from_vec(mut items: Vec<Value>) -> List {
        if items.is_empty() {
            return List::empty();
        }
        List(Thin::take((), &mut items))
    }

    /// A list of a few values known where it is written (`[ v ]` and the
    /// like): written straight into the list's allocation, no buffer.
    pub fn of<const N: usize>(items: [Value; N]) -> List {
        if N == 0 {
            return List::empty();
        }
        List(Thin::of((), items))
    }

    /// Whether both are the same list (not merely equal ones).
    pub fn ptr_eq(a: &List, b: &List) -> bool {
        Thin::ptr_eq(&a.0, &b.0)
    }

    /// How many values hold this list (tests check sharing with it).
    #[cfg(test)]
    pub(crate) fn holders(&self) -> usize {
        self.0.holders()
    }

    /// The list's address: its identity while it is alive.
    pub fn address(&self) -> usize {
        self.0.address()
    }
}

impl Deref for List {
    type Target = [Value];

    #[inline]
    fn deref(&self) -> &[Value] {
        self.0.items()
    }
}

impl FromIterator<Value> for List {
    /// Collects in the thread's reused buffer (a new one while that is in
    /// use: a list built while building another).
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> List {
        with_reused(&BUFFER, |buf| {
            buf.extend(iter);
            if buf.is_empty() {
                List::empty()
            } else {
                List(Thin::take((), buf))
            }
        })
    }
}

impl Default for List {
    fn default() -> List {
        List::empty()
    }
}

impl std::fmt::Debug for List {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Attrs;

    fn ints(l: &List) -> Vec<i64> {
        l.iter()
            .map(|v| match v {
                Value::Int(i) => *i,
                other => panic!("not an int: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn lists_keep_their_order_and_read_as_slices() {
        let l: List = (0..5).map(Value::Int).collect();
        assert_eq!(ints(&l), [0, 1, 2, 3, 4]);
        assert_eq!(l.len(), 5);
        assert!(matches!(l[3], Value::Int(3)));
        assert!(l.get(5).is_none());
        assert_eq!(ints(&List::from_vec(vec![Value::Int(9)])), [9]);
    }

    #[test]
    fn lists_of_a_few_values_keep_their_order() {
        assert_eq!(ints(&List::of([Value::Int(4), Value::Int(2)])), [4, 2]);
        assert!(List::ptr_eq(&List::of([]), &List::empty()));
    }

    #[test]
    fn empty_lists_are_one_shared_value() {
        let a: List = std::iter::empty().collect();
        let b = List::from_vec(Vec::new());
        assert!(a.is_empty() && List::ptr_eq(&a, &b) && List::ptr_eq(&a, &List::empty()));
    }

    #[test]
    fn values_live_as_long_as_a_list_holding_them() {
        // A set value counts its holders: the list is one, however often
        // it is cloned, and its last drop releases the set.
        let set = Attrs::of([("x".into(), Value::Int(1))]);
        let probe = Value::Attrs(set.clone());
        let l = List::from_vec(vec![probe.clone(), Value::Int(2)]);
        let m = l.clone();
        drop(probe);
        drop(l);
        assert!(matches!(&m[0], Value::Attrs(a) if Attrs::ptr_eq(a, &set)));
        drop(m);
        // Only `set` holds it now: a clone and its drop must not free it.
        let again = set.clone();
        drop(again);
        assert!(matches!(set.get("x"), Some(Value::Int(1))));
    }

    #[test]
    fn lists_built_while_building_another_do_not_share_its_buffer() {
        let outer: List = (0..3)
            .map(|i| {
                if i == 1 {
                    Value::List((10..13).map(Value::Int).collect())
                } else {
                    Value::Int(i)
                }
            })
            .collect();
        assert_eq!(outer.len(), 3);
        assert!(matches!(&outer[1], Value::List(inner) if ints(inner) == [10, 11, 12]));
        assert!(matches!(outer[2], Value::Int(2)));
    }
}
