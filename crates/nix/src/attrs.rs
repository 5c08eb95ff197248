//! [`Attrs`]: the evaluator's attribute set. Sorted by name (bytewise, as
//! Nix sorts), immutable, shared by reference counting, and one
//! allocation: the count, the length and the `open` prefix with the
//! attributes right after them (see [`crate::thin`]).
//!
//! Why not `Rc<Vec<Attr>>`-like: that is two allocations per set (the
//! counted box and the vector's buffer) and two pointer hops per lookup,
//! and an evaluation makes tens of thousands of small sets. Like
//! [`Str`], an `Attrs` is one pointer wide, so a [`Value`] stays 16 bytes.
//! Sets are built in a per-thread buffer that is reused ([`with_buffer`]),
//! so building one costs one allocation.

use crate::ast::{IndexHint, Span};
use crate::thin::{with_reused, Thin};
use crate::value::Value;
use crate::Str;
use std::cell::Cell;

#[derive(Debug, Clone)]
pub struct Attr {
    pub name: Str,
    pub value: Value,
    pub pos: Option<Span>,
}

/// An attribute set, one pointer wide; cloning shares it. The header is
/// the prefix of an open set (the `pkgs` stand-in: selecting a missing
/// attribute yields a package named `<prefix>.<name>` instead of failing).
#[derive(Clone)]
pub struct Attrs(Thin<Option<Str>, Attr>);

thread_local! {
    /// The buffer sets are built in (see [`with_buffer`]).
    static BUFFER: Cell<Vec<Attr>> = const { Cell::new(Vec::new()) };
    /// The empty set, shared.
    static EMPTY: Attrs = Attrs(Thin::of(None, []));
}

/// Runs `f` with an empty buffer to build a set in ([`Attrs::take_sorted`],
/// [`Attrs::take_unsorted`]): the thread's reused one, or a new one when
/// that is in use (a set built while building another).
pub fn with_buffer<R>(f: impl FnOnce(&mut Vec<Attr>) -> R) -> R {
    with_reused(&BUFFER, f)
}

impl Attrs {
    pub fn empty() -> Attrs {
        EMPTY
            .try_with(Attrs::clone)
            .unwrap_or_else(|_| Attrs(Thin::of(None, [])))
    }

    /// A set of `entries` already sorted by name with no repeats, moved out
    /// of the buffer (which is left empty).
    #[inline]
    pub fn take_sorted(entries: &mut Vec<Attr>) -> Attrs {
        debug_assert!(entries.windows(2).all(|w| w[0].name < w[1].name));
        if entries.is_empty() {
            return Attrs::empty();
        }
        Attrs(Thin::take(None, entries))
    }

    /// A set of `entries` in any order (for a repeated name the last
    /// wins), moved out of the buffer (which is left empty).
    pub fn take_unsorted(entries: &mut Vec<Attr>) -> Attrs {
        if !entries
            .windows(2)
            .all(|w| cmp_name(w[0].name.as_bytes(), w[1].name.as_bytes()).is_lt())
        {
            entries.reverse();
            entries.sort_by(|a, b| a.name.cmp(&b.name));
            entries.dedup_by(|a, b| a.name == b.name);
        }
        Attrs::take_sorted(entries)
    }

    /// From attributes in any order; for a repeated name the last wins.
    pub fn from_unsorted(entries: impl IntoIterator<Item = Attr>) -> Attrs {
        with_buffer(|buf| {
            buf.extend(entries);
            Attrs::take_unsorted(buf)
        })
    }

    /// From attributes already sorted by name with no repeats.
    pub fn from_sorted(entries: impl IntoIterator<Item = Attr>) -> Attrs {
        with_buffer(|buf| {
            buf.extend(entries);
            Attrs::take_sorted(buf)
        })
    }

    pub fn from_pairs<I: IntoIterator<Item = (Str, Value)>>(pairs: I) -> Attrs {
        Attrs::from_unsorted(pairs.into_iter().map(|(name, value)| Attr {
            name,
            value,
            pos: None,
        }))
    }

    /// A set of a few attributes known where it is written (`{ _file; imports; }`
    /// and the like): written straight into the set's allocation, no buffer.
    /// Names may come in any order; for a repeated name the last wins.
    pub fn of<const N: usize>(pairs: [(Str, Value); N]) -> Attrs {
        let sorted = pairs
            .windows(2)
            .all(|w| cmp_name(w[0].0.as_bytes(), w[1].0.as_bytes()).is_lt());
        if N == 0 || !sorted {
            return Attrs::from_pairs(pairs);
        }
        Attrs(Thin::of(
            None,
            pairs.map(|(name, value)| Attr {
                name,
                value,
                pos: None,
            }),
        ))
    }

    /// An open set (see the `pkgs` stand-in) with these attributes.
    pub fn open_with(&self, prefix: Str) -> Attrs {
        Attrs(Thin::take(Some(prefix), &mut self.entries().to_vec()))
    }

    #[inline]
    fn entries(&self) -> &[Attr] {
        self.0.items()
    }

    /// The prefix of an open set.
    pub fn open(&self) -> Option<&Str> {
        self.0.extra().as_ref()
    }

    /// Whether both are the same set (not merely equal ones).
    pub fn ptr_eq(a: &Attrs, b: &Attrs) -> bool {
        Thin::ptr_eq(&a.0, &b.0)
    }

    /// The set's address: its identity while it is alive.
    pub fn address(&self) -> usize {
        self.0.address()
    }

    /// Where `name` is. Names are short, so they are compared inline (a
    /// `memcmp` call per probe was 6 % of an aspect evaluation) and sets of
    /// up to [`SCANNED`] names are scanned rather than bisected.
    #[inline]
    fn find(&self, name: &str) -> Option<usize> {
        let name = name.as_bytes();
        let entries = self.entries();
        if entries.len() <= SCANNED {
            return entries
                .iter()
                .position(|a| same_name(a.name.as_bytes(), name));
        }
        entries
            .binary_search_by(|a| cmp_name(a.name.as_bytes(), name))
            .ok()
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.find(name).map(|i| &self.entries()[i].value)
    }

    /// [`Attrs::get_attr`] trying `hint`'s position first in a set too
    /// large to scan, and remembering where `name` was.
    #[inline]
    pub fn get_attr_hinted(&self, name: &str, hint: &IndexHint) -> Option<&Attr> {
        let entries = self.entries();
        if entries.len() > SCANNED {
            if let Some(a) = entries.get(hint.0.get() as usize) {
                if same_name(a.name.as_bytes(), name.as_bytes()) {
                    return Some(a);
                }
            }
        }
        let i = self.find(name)?;
        hint.0.set(i as u32);
        Some(&entries[i])
    }

    pub fn get_attr(&self, name: &str) -> Option<&Attr> {
        self.find(name).map(|i| &self.entries()[i])
    }

    pub fn contains(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    pub fn len(&self) -> usize {
        self.entries().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Attr> {
        self.entries().iter()
    }

    pub fn names(&self) -> impl Iterator<Item = &Str> {
        self.entries().iter().map(|a| &a.name)
    }

    /// `self // other`: attributes of `other` win.
    pub fn update(&self, other: &Attrs) -> Attrs {
        if other.is_empty() {
            return self.clone();
        }
        if self.is_empty() {
            return other.clone();
        }
        let (a, b) = (self.entries(), other.entries());
        with_buffer(|out| {
            out.reserve(a.len() + b.len());
            let (mut i, mut j) = (0, 0);
            while i < a.len() && j < b.len() {
                match a[i].name.cmp(&b[j].name) {
                    std::cmp::Ordering::Less => {
                        out.push(a[i].clone());
                        i += 1;
                    }
                    std::cmp::Ordering::Greater => {
                        out.push(b[j].clone());
                        j += 1;
                    }
                    std::cmp::Ordering::Equal => {
                        out.push(b[j].clone());
                        i += 1;
                        j += 1;
                    }
                }
            }
            out.extend_from_slice(&a[i..]);
            out.extend_from_slice(&b[j..]);
            Attrs::take_sorted(out)
        })
    }
}

impl Default for Attrs {
    fn default() -> Attrs {
        Attrs::empty()
    }
}

impl std::fmt::Debug for Attrs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attrs")
            .field("entries", &self.entries())
            .field("open", &self.open())
            .finish()
    }
}

/// The largest set scanned rather than bisected. A typed aspect has 10–14
/// attributes (its options and 2–6 classes); scanning those, where a
/// mismatch is mostly decided by the length, took 1.8 % fewer
/// instructions over a 203-aspect flake than bisecting them.
const SCANNED: usize = 16;

/// Bytewise order (Nix's), without a library call for short names.
#[inline]
pub(crate) fn cmp_name(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let n = a.len().min(b.len());
    if n > 24 {
        return a.cmp(b);
    }
    for i in 0..n {
        if a[i] != b[i] {
            return a[i].cmp(&b[i]);
        }
    }
    a.len().cmp(&b.len())
}

#[inline]
pub(crate) fn same_name(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && if a.len() > 24 {
            a == b
        } else {
            a.iter().zip(b).all(|(x, y)| x == y)
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> Attrs {
        Attrs::from_pairs(names.iter().map(|n| (Str::from(*n), Value::string(*n))))
    }

    fn names(a: &Attrs) -> Vec<&str> {
        a.names().map(|n| &**n).collect()
    }

    #[test]
    fn a_hint_is_tried_then_corrected() {
        // Sets too large to scan (bisected, where a hint is tried).
        let letters: Vec<String> = ('a'..='z').map(String::from).collect();
        let big = set(&letters.iter().map(|s| &**s).collect::<Vec<_>>());
        let mut xs: Vec<String> = (0..20).map(|i| format!("x{i}")).collect();
        xs.push("g".into());
        let other = set(&xs.iter().map(|s| &**s).collect::<Vec<_>>());
        assert!(big.len() > SCANNED && other.len() > SCANNED);
        let hint = IndexHint::default();
        let name_of = |a: Option<&Attr>| a.map(|a| a.name.to_string());
        // A wrong hint (0 is "a") still finds "g", and then points at it.
        assert_eq!(name_of(big.get_attr_hinted("g", &hint)), Some("g".into()));
        assert_eq!(hint.0.get(), 6);
        assert_eq!(name_of(big.get_attr_hinted("g", &hint)), Some("g".into()));
        // Another set at the same site: the hint is only a first guess.
        assert_eq!(name_of(other.get_attr_hinted("g", &hint)), Some("g".into()));
        assert_eq!(name_of(other.get_attr_hinted("h", &hint)), None);
        assert_eq!(name_of(big.get_attr_hinted("h", &hint)), Some("h".into()));
        // Past the end of a smaller set.
        hint.0.set(40);
        assert_eq!(name_of(big.get_attr_hinted("z", &hint)), Some("z".into()));
    }

    #[test]
    fn names_compare_bytewise_like_nix() {
        let names = [
            "",
            "a",
            "A",
            "_",
            "ab",
            "a-b",
            "a\u{e9}",
            "aspect-chain",
            "aspect",
            "abcdefghijklmnopqrstuvwxyz-long",
            "abcdefghijklmnopqrstuvwxyz-lonG",
        ];
        for a in names {
            for b in names {
                assert_eq!(
                    cmp_name(a.as_bytes(), b.as_bytes()),
                    a.as_bytes().cmp(b.as_bytes()),
                    "{a:?} {b:?}"
                );
                assert_eq!(same_name(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
            }
        }
        // Large sets are bisected, small ones scanned: both find every name.
        for len in [3usize, SCANNED, SCANNED + 1, 40] {
            let set =
                Attrs::from_pairs((0..len).map(|i| (format!("n{i}").into(), Value::Int(i as i64))));
            for i in 0..len {
                assert!(matches!(set.get(&format!("n{i}")), Some(Value::Int(x)) if *x == i as i64));
            }
            assert!(set.get("n").is_none() && set.get("zz").is_none() && set.get("").is_none());
        }
    }

    #[test]
    fn update_prefers_the_right_side() {
        let a = Attrs::of([("x".into(), Value::Int(1)), ("y".into(), Value::Int(2))]);
        let b = Attrs::of([("y".into(), Value::Int(3)), ("z".into(), Value::Int(4))]);
        let u = a.update(&b);
        assert_eq!(names(&u), ["x", "y", "z"]);
        assert!(matches!(u.get("y"), Some(Value::Int(3))));
        // An empty side gives the other set itself.
        assert!(Attrs::ptr_eq(&a.update(&Attrs::empty()), &a));
        assert!(Attrs::ptr_eq(&Attrs::empty().update(&b), &b));
    }

    #[test]
    fn unsorted_attributes_are_sorted_and_the_last_repeat_wins() {
        // From an iterator (the buffer's path; `Attrs::of` is tested below).
        let a = Attrs::from_pairs(vec![
            ("b".into(), Value::Int(1)),
            ("a".into(), Value::Int(2)),
            ("b".into(), Value::Int(3)),
        ]);
        assert_eq!(names(&a), ["a", "b"]);
        assert!(matches!(a.get("b"), Some(Value::Int(3))));
        assert!(Attrs::from_pairs(Vec::new()).is_empty());
    }

    #[test]
    fn values_live_as_long_as_a_set_holding_them() {
        // A list value counts its holders: each clone of the set is one
        // holder between them, and the last drop releases it.
        let list = crate::list::List::from_vec(vec![Value::Int(7)]);
        let a = Attrs::of([("l".into(), Value::List(list.clone()))]);
        assert_eq!(list.holders(), 2);
        let b = a.clone();
        assert!(Attrs::ptr_eq(&a, &b));
        assert_eq!(list.holders(), 2);
        drop(a);
        assert!(matches!(b.get("l"), Some(Value::List(l)) if matches!(l[0], Value::Int(7))));
        drop(b);
        assert_eq!(list.holders(), 1);
    }

    #[test]
    fn sets_of_a_few_attributes_are_sorted_like_any_other() {
        let sorted = Attrs::of([("a".into(), Value::Int(1)), ("b".into(), Value::Int(2))]);
        assert_eq!(names(&sorted), ["a", "b"]);
        let unsorted = Attrs::of([
            ("b".into(), Value::Int(1)),
            ("a".into(), Value::Int(2)),
            ("b".into(), Value::Int(3)),
        ]);
        assert_eq!(names(&unsorted), ["a", "b"]);
        assert!(matches!(unsorted.get("b"), Some(Value::Int(3))));
        assert!(Attrs::of([]).is_empty());
    }

    #[test]
    fn open_sets_keep_their_prefix_and_attributes() {
        let a = set(&["system"]);
        let open = a.open_with("pkgs".into());
        assert_eq!(open.open().map(|p| &**p), Some("pkgs"));
        assert_eq!(names(&open), ["system"]);
        assert!(a.open().is_none());
    }

    #[test]
    fn sets_built_while_building_another_do_not_share_its_buffer() {
        let outer = with_buffer(|buf| {
            buf.push(Attr {
                name: "a".into(),
                value: Value::attrs(set(&["inner"])),
                pos: None,
            });
            buf.push(Attr {
                name: "b".into(),
                value: Value::Int(1),
                pos: None,
            });
            Attrs::take_sorted(buf)
        });
        assert_eq!(names(&outer), ["a", "b"]);
        assert!(matches!(outer.get("a"), Some(Value::Attrs(i)) if names(i) == ["inner"]));
    }
}
