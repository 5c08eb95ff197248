//! [`Thin`]: one allocation holding a reference count, the length, a
//! header `H` and the items `[T]`, behind one pointer. The storage of
//! [`crate::value::Attrs`] (header: the `open` prefix),
//! [`crate::value::List`] and [`crate::Str`] (no header): shared,
//! immutable, and one pointer wide, so a value stays 16 bytes; see those
//! types for why.
//!
//! The unsafe code of the three is here (allocating, reading and
//! freeing), but for `Str` reading its bytes as text. It is tested under
//! Miri (`cargo +nightly miri test -p aspects-nix --lib thin attrs list
//! rcstr`).

use std::alloc::{alloc, dealloc, handle_alloc_error, Layout};
use std::cell::Cell;
use std::marker::PhantomData;
use std::mem::{align_of, size_of};
use std::ptr::NonNull;
use std::thread::LocalKey;

/// A counted, immutable header and slice in one allocation; cloning
/// shares it.
pub(crate) struct Thin<H, T> {
    head: NonNull<Head<H>>,
    /// The allocation owns its items.
    items: PhantomData<T>,
}

/// The allocation starts with this; `len` items follow it at `ITEMS`.
#[repr(C)]
struct Head<H> {
    count: Cell<usize>,
    len: usize,
    extra: H,
}

impl<H, T> Thin<H, T> {
    /// Where the items start: after the head, at their alignment (on
    /// wasm32 the head is 4-byte aligned and values 8-byte).
    const ITEMS: usize = size_of::<Head<H>>().next_multiple_of(align_of::<T>());
    /// The allocation's alignment: the stricter of the two.
    const ALIGN: usize = if align_of::<T>() > align_of::<Head<H>>() {
        align_of::<T>()
    } else {
        align_of::<Head<H>>()
    };

    fn layout(len: usize) -> Layout {
        let size = size_of::<T>()
            .checked_mul(len)
            .and_then(|b| b.checked_add(Self::ITEMS))
            .expect("the items fit in memory");
        Layout::from_size_align(size, Self::ALIGN).expect("the items fit in memory")
    }

    /// Allocates for `len` items and writes the head; the caller writes
    /// exactly `len` items at the returned pointer before the `Thin` is
    /// used or dropped.
    ///
    /// # Safety
    /// The items must be written before anything reads or drops them.
    #[inline]
    unsafe fn allocate(extra: H, len: usize) -> (Thin<H, T>, *mut T) {
        let layout = Self::layout(len);
        // SAFETY: the layout is never zero-sized (it holds the head), and
        // the head is written within it.
        unsafe {
            let p = alloc(layout);
            let Some(p) = NonNull::new(p) else {
                handle_alloc_error(layout)
            };
            let head = p.cast::<Head<H>>();
            head.as_ptr().write(Head {
                count: Cell::new(1),
                len,
                extra,
            });
            let items = p.as_ptr().add(Self::ITEMS).cast::<T>();
            let thin = Thin {
                head,
                items: PhantomData,
            };
            (thin, items)
        }
    }

    /// Moves the items of `items` in, leaving it empty with its buffer.
    #[inline]
    pub(crate) fn take(extra: H, items: &mut Vec<T>) -> Thin<H, T> {
        let len = items.len();
        // SAFETY: the `len` items are moved in by one copy, and the vector
        // forgets them right after, with nothing in between that unwinds.
        unsafe {
            let (thin, dst) = Self::allocate(extra, len);
            std::ptr::copy_nonoverlapping(items.as_ptr(), dst, len);
            items.set_len(0);
            thin
        }
    }

    /// The items of an array, written straight in.
    #[inline]
    pub(crate) fn of<const N: usize>(extra: H, items: [T; N]) -> Thin<H, T> {
        // SAFETY: exactly N items are written; moving out of an array
        // cannot unwind.
        unsafe {
            let (thin, dst) = Self::allocate(extra, N);
            for (i, item) in items.into_iter().enumerate() {
                dst.add(i).write(item);
            }
            thin
        }
    }

    /// A copy of `items` (plain data, such as a string's bytes).
    #[inline]
    pub(crate) fn copied(extra: H, items: &[T]) -> Thin<H, T>
    where
        T: Copy,
    {
        // SAFETY: exactly `items.len()` items are written, by one copy
        // (a `Copy` item owns nothing, so copying it is moving a clone).
        unsafe {
            let (thin, dst) = Self::allocate(extra, items.len());
            std::ptr::copy_nonoverlapping(items.as_ptr(), dst, items.len());
            thin
        }
    }

    fn head(&self) -> &Head<H> {
        // SAFETY: the head lives as long as any `Thin` pointing to it.
        unsafe { self.head.as_ref() }
    }

    pub(crate) fn extra(&self) -> &H {
        &self.head().extra
    }

    #[inline]
    pub(crate) fn items(&self) -> &[T] {
        // SAFETY: `len` initialised items follow the head (written by
        // `take` or `of`), alive as long as the head is.
        unsafe {
            let p = self.head.as_ptr().cast::<u8>().add(Self::ITEMS).cast::<T>();
            std::slice::from_raw_parts(p, self.head().len)
        }
    }

    /// Whether both are the same allocation.
    pub(crate) fn ptr_eq(a: &Self, b: &Self) -> bool {
        a.head == b.head
    }

    /// The allocation's address: its identity while it is alive.
    pub(crate) fn address(&self) -> usize {
        self.head.as_ptr() as usize
    }

    /// How many holders share the allocation (tests check sharing).
    #[cfg(test)]
    pub(crate) fn holders(&self) -> usize {
        self.head().count.get()
    }

    /// Drops the items and the header, then frees the allocation (its
    /// last holder is gone).
    #[inline(never)]
    fn free(&mut self) {
        let len = self.head().len;
        // SAFETY: this was the last holder of the allocation `allocate`
        // made with this very layout: its items and header are dropped
        // once, then the memory is freed.
        unsafe {
            let items = self.head.as_ptr().cast::<u8>().add(Self::ITEMS).cast::<T>();
            std::ptr::drop_in_place(std::ptr::slice_from_raw_parts_mut(items, len));
            std::ptr::drop_in_place(&raw mut (*self.head.as_ptr()).extra);
            dealloc(self.head.as_ptr().cast(), Self::layout(len));
        }
    }
}

impl<H, T> Clone for Thin<H, T> {
    #[inline]
    fn clone(&self) -> Self {
        let count = &self.head().count;
        // Like `Rc`: a count that would overflow means leaked clones.
        let n = count
            .get()
            .checked_add(1)
            .unwrap_or_else(|| std::process::abort());
        count.set(n);
        Thin {
            head: self.head,
            items: PhantomData,
        }
    }
}

impl<H, T> Drop for Thin<H, T> {
    #[inline]
    fn drop(&mut self) {
        let count = &self.head().count;
        let n = count.get() - 1;
        count.set(n);
        if n == 0 {
            self.free();
        }
    }
}

/// Runs `f` with an empty buffer from `key` (a thread's reused one), or
/// a new one while that is in use (a value built while building another)
/// or while the thread's locals are being destroyed. `f` moves what it
/// built out with [`Thin::take`], which leaves the buffer empty.
#[inline]
pub(crate) fn with_reused<T: 'static, R>(
    key: &'static LocalKey<Cell<Vec<T>>>,
    f: impl FnOnce(&mut Vec<T>) -> R,
) -> R {
    /// Larger buffers are not kept for the next value.
    const KEPT: usize = 1024;
    let mut buf = key.try_with(Cell::take).unwrap_or_default();
    let r = f(&mut buf);
    if buf.capacity() <= KEPT {
        buf.clear();
        let _ = key.try_with(|b| b.set(buf));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    thread_local! {
        static BUF: Cell<Vec<Rc<u32>>> = const { Cell::new(Vec::new()) };
    }

    #[test]
    fn items_are_moved_in_shared_and_dropped_with_the_last_holder() {
        let probe = Rc::new(7u32);
        let a: Thin<Option<Rc<u32>>, Rc<u32>> = with_reused(&BUF, |buf| {
            buf.extend([probe.clone(), probe.clone()]);
            Thin::take(Some(probe.clone()), buf)
        });
        assert_eq!(Rc::strong_count(&probe), 4);
        assert_eq!(a.items().len(), 2);
        let b = a.clone();
        assert!(Thin::ptr_eq(&a, &b) && a.holders() == 2);
        drop(a);
        assert_eq!(Rc::strong_count(&probe), 4);
        assert_eq!(*b.extra().as_deref().unwrap(), 7);
        drop(b);
        assert_eq!(Rc::strong_count(&probe), 1);
    }

    #[test]
    fn arrays_and_empty_slices_work_for_any_alignment() {
        let a: Thin<u8, u64> = Thin::of(1, [u64::MAX, 2]);
        assert_eq!(a.items(), [u64::MAX, 2]);
        assert_eq!(a.items().as_ptr() as usize % align_of::<u64>(), 0);
        let e: Thin<(), u64> = Thin::of((), []);
        assert!(e.items().is_empty());
    }

    #[test]
    fn a_buffer_in_use_is_not_handed_out_again() {
        let outer = with_reused(&BUF, |outer| {
            outer.push(Rc::new(1));
            let inner = with_reused(&BUF, |inner| {
                assert!(inner.is_empty());
                inner.push(Rc::new(2));
                Thin::<(), Rc<u32>>::take((), inner)
            });
            outer.push(Rc::new(3));
            (Thin::<(), Rc<u32>>::take((), outer), inner)
        });
        let values = |t: &Thin<(), Rc<u32>>| t.items().iter().map(|x| **x).collect::<Vec<_>>();
        assert_eq!(values(&outer.0), [1, 3]);
        assert_eq!(values(&outer.1), [2]);
    }
}
