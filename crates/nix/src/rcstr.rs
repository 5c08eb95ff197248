//! [`Str`]: the evaluator's string (string values, paths, attribute
//! names). Immutable and reference counted like `Rc<str>`, but behind one
//! pointer: its length lives in the allocation, next to the count.
//!
//! Why not `Rc<str>`: that is a pointer and a length, 16 bytes, which made
//! every [`crate::Value`] 24 bytes and every attribute 56. With `Str` a
//! value is 16 bytes and an attribute 40, and the heap of a big evaluation
//! shrinks accordingly. No well-kept crate offers a thin, non-atomic one
//! (`arcstr` and the like count atomically, which every clone would pay).

use crate::thin::Thin;
use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// An immutable, reference-counted string, one pointer wide: its UTF-8
/// bytes in a [`Thin`] (which holds the count and the length).
#[derive(Clone)]
pub struct Str(Thin<(), u8>);

impl Str {
    pub fn new(s: &str) -> Str {
        Str(Thin::copied((), s.as_bytes()))
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        // SAFETY: the bytes are a copy of a `str`'s (`new` is the only
        // way to make a `Str`).
        unsafe { std::str::from_utf8_unchecked(self.0.items()) }
    }

    /// The allocation's address: equal for clones of one string, for
    /// tables keyed by identity that must not read the text.
    pub fn address(&self) -> usize {
        self.0.address()
    }

    /// Whether both are the same allocation.
    pub fn ptr_eq(a: &Str, b: &Str) -> bool {
        Thin::ptr_eq(&a.0, &b.0)
    }
}

/// The [`Str`] of a string literal, allocated once per thread where the
/// macro is written: for the names the engine builds sets with thousands
/// of times per evaluation (`imports`, `_file`, `class`, ...), which were
/// an allocation and a free each.
///
/// ```
/// let a = aspects_nix::known_str!("imports");
/// let b = a.clone();
/// assert_eq!(&*a, "imports");
/// assert!(aspects_nix::Str::ptr_eq(&a, &b));
/// ```
#[macro_export]
macro_rules! known_str {
    ($s:literal) => {{
        ::std::thread_local! {
            static KNOWN: $crate::Str = $crate::Str::new($s);
        }
        KNOWN.with(::std::clone::Clone::clone)
    }};
}

impl Deref for Str {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl Default for Str {
    fn default() -> Str {
        Str::new("")
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Str {
        Str::new(s)
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        Str::new(&s)
    }
}

impl PartialEq for Str {
    #[inline]
    fn eq(&self, other: &Str) -> bool {
        Str::ptr_eq(self, other) || self.as_str() == other.as_str()
    }
}

impl Eq for Str {}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Str) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Str) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Str {
    // As `str` hashes, so that maps keyed by `Str` find `&str` keys.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn is_one_pointer_wide() {
        assert_eq!(std::mem::size_of::<Str>(), std::mem::size_of::<usize>());
        assert_eq!(
            std::mem::size_of::<Option<Str>>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn holds_its_text_through_clones_and_drops() {
        let a = Str::from("héllo, wörld");
        let b = a.clone();
        drop(a);
        assert_eq!(&*b, "héllo, wörld");
        assert_eq!(b.len(), "héllo, wörld".len());
        let empty = Str::default();
        assert_eq!(&*empty, "");
        assert_eq!(empty.clone(), Str::from(String::new()));
    }

    #[test]
    fn compares_orders_and_hashes_as_its_text() {
        let a = Str::from("abc");
        assert_eq!(a, Str::from("abc"));
        assert!(a == "abc");
        let mut sorted: Vec<Str> = ["abd", "abc", "B", "ab"].map(Str::from).into();
        sorted.sort();
        assert_eq!(
            sorted.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            ["B", "ab", "abc", "abd"]
        );
        let mut m: HashMap<Str, u8> = HashMap::new();
        m.insert(a.clone(), 1);
        assert_eq!(m.get("abc"), Some(&1));
        assert_eq!(format!("{a} {a:?}"), "abc \"abc\"");
    }
}
