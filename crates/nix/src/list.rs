//! [`List`]: the evaluator's list. Immutable, shared by reference counting,
//! and one allocation: a header (count, length) with the elements right
//! after it. It reads as a slice of values.
//!
//! Why not `List`: that is two allocations per list (the counted
//! box and the vector's buffer) and two pointer hops per element read.
//! Like [`crate::Str`] and [`crate::value::Attrs`], one pointer wide, so a
//! [`Value`] stays 16 bytes. Lists collected from an iterator are built in
//! a reused per-thread buffer, so building one costs one allocation.

use crate::value::Value;
use std::alloc::{alloc, dealloc, handle_alloc_error, Layout};
use std::cell::Cell;
use std::mem::{align_of, size_of};
use std::ops::Deref;
use std::ptr::NonNull;

/// A list, one pointer wide; cloning shares it.
pub struct List(NonNull<Header>);

/// The allocation starts with this header; `len` values follow it.
#[repr(C)]
struct Header {
    count: Cell<usize>,
    len: usize,
}

/// Where the elements start: after the header, at their alignment.
const ITEMS: usize = size_of::<Header>().next_multiple_of(align_of::<Value>());
/// The allocation's alignment: the stricter of the two.
const ALIGN: usize = if align_of::<Value>() > align_of::<Header>() {
    align_of::<Value>()
} else {
    align_of::<Header>()
};

fn layout(len: usize) -> Layout {
    let size = size_of::<Value>()
        .checked_mul(len)
        .and_then(|b| b.checked_add(ITEMS))
        .expect("a list fits in memory");
    Layout::from_size_align(size, ALIGN).expect("a list fits in memory")
}

thread_local! {
    /// The buffer lists are collected in.
    static BUFFER: Cell<Vec<Value>> = const { Cell::new(Vec::new()) };
    /// The empty list, shared.
    static EMPTY: List = List::take(&mut Vec::new());
}

/// Buffers larger than this are not kept for the next list.
const KEPT_BUFFER: usize = 1024;

impl List {
    /// Moves the values of `items` into a new list, leaving `items` empty
    /// with its buffer.
    fn take(items: &mut Vec<Value>) -> List {
        let len = items.len();
        let layout = layout(len);
        // SAFETY: the layout is never zero-sized (it holds the header);
        // the header and the `len` values are written within it, and the
        // values are moved (the vector forgets them right after the copy,
        // with nothing in between that could unwind).
        unsafe {
            let p = alloc(layout);
            let Some(p) = NonNull::new(p) else {
                handle_alloc_error(layout)
            };
            let header = p.cast::<Header>();
            header.as_ptr().write(Header {
                count: Cell::new(1),
                len,
            });
            let dst = p.as_ptr().add(ITEMS).cast::<Value>();
            std::ptr::copy_nonoverlapping(items.as_ptr(), dst, len);
            items.set_len(0);
            List(header)
        }
    }

    pub fn empty() -> List {
        EMPTY
            .try_with(List::clone)
            .unwrap_or_else(|_| List::take(&mut Vec::new()))
    }

    /// The values of `items`, in order.
    pub fn from_vec(mut items: Vec<Value>) -> List {
        if items.is_empty() {
            return List::empty();
        }
        List::take(&mut items)
    }

    /// A list of a few values known where it is written (`[ v ]` and the
    /// like): written straight into the list's allocation, no buffer.
    pub fn of<const N: usize>(items: [Value; N]) -> List {
        if N == 0 {
            return List::empty();
        }
        let layout = layout(N);
        // SAFETY: as in `take`: the header and exactly N values are written
        // within the layout; moving out of the array cannot unwind.
        unsafe {
            let p = alloc(layout);
            let Some(p) = NonNull::new(p) else {
                handle_alloc_error(layout)
            };
            let header = p.cast::<Header>();
            header.as_ptr().write(Header {
                count: Cell::new(1),
                len: N,
            });
            let dst = p.as_ptr().add(ITEMS).cast::<Value>();
            for (i, v) in items.into_iter().enumerate() {
                dst.add(i).write(v);
            }
            List(header)
        }
    }

    fn header(&self) -> &Header {
        // SAFETY: the header lives as long as any `List` pointing to it.
        unsafe { self.0.as_ref() }
    }

    /// Whether both are the same list (not merely equal ones).
    pub fn ptr_eq(a: &List, b: &List) -> bool {
        a.0 == b.0
    }

    /// How many values hold this list (tests check sharing with it).
    #[cfg(test)]
    pub(crate) fn holders(&self) -> usize {
        self.header().count.get()
    }

    /// The list's address: its identity while it is alive.
    pub fn address(&self) -> usize {
        self.0.as_ptr() as usize
    }

    /// Drops the values and frees the list (its last holder is gone).
    #[inline(never)]
    fn free(&mut self) {
        let len = self.header().len;
        // SAFETY: this was the last `List` of the allocation `take` made
        // with this very layout: its values are dropped once, then the
        // memory is freed.
        unsafe {
            let items = self.0.as_ptr().cast::<u8>().add(ITEMS).cast::<Value>();
            std::ptr::drop_in_place(std::ptr::slice_from_raw_parts_mut(items, len));
            dealloc(self.0.as_ptr().cast(), layout(len));
        }
    }
}

impl Deref for List {
    type Target = [Value];

    #[inline]
    fn deref(&self) -> &[Value] {
        // SAFETY: `len` initialised values follow the header (written by
        // `take`), alive as long as the header is.
        unsafe {
            let p = self.0.as_ptr().cast::<u8>().add(ITEMS).cast::<Value>();
            std::slice::from_raw_parts(p, self.header().len)
        }
    }
}

impl FromIterator<Value> for List {
    /// Collects in the thread's reused buffer (a new one while that is in
    /// use: a list built while building another).
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> List {
        let mut buf = BUFFER.try_with(Cell::take).unwrap_or_default();
        buf.extend(iter);
        let list = if buf.is_empty() {
            List::empty()
        } else {
            List::take(&mut buf)
        };
        if buf.capacity() <= KEPT_BUFFER {
            let _ = BUFFER.try_with(|b| b.set(buf));
        }
        list
    }
}

impl Clone for List {
    #[inline]
    fn clone(&self) -> List {
        let count = &self.header().count;
        // Like `Rc`: a count that would overflow means leaked clones.
        let n = count
            .get()
            .checked_add(1)
            .unwrap_or_else(|| std::process::abort());
        count.set(n);
        List(self.0)
    }
}

impl Drop for List {
    #[inline]
    fn drop(&mut self) {
        let count = &self.header().count;
        let n = count.get() - 1;
        count.set(n);
        if n == 0 {
            self.free();
        }
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
