//! What was last computed from a few source texts, kept per thread
//! (rnix's parses, lowered trees, the playground's source indexes).
//! Between two keystrokes most files of a workspace do not change, and a
//! new evaluator meets them again.

/// Results kept at most, and how much text they may hold together.
const KEEP: usize = 32;
const KEEP_BYTES: usize = 2 << 20;

/// Results by text and `K` (whatever else they depend on), newest last.
pub struct Recent<K, V> {
    entries: Vec<(K, Box<str>, V)>,
}

impl<K, V: Clone> Default for Recent<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K, V: Clone> Recent<K, V> {
    pub const fn new() -> Self {
        Recent {
            entries: Vec::new(),
        }
    }

    /// The result for `text` whose key satisfies `key`, made the newest.
    pub fn get(&mut self, text: &str, key: impl Fn(&K) -> bool) -> Option<V> {
        let i = self
            .entries
            .iter()
            .position(|(k, t, _)| &**t == text && key(k))?;
        let entry = self.entries.remove(i);
        let value = entry.2.clone();
        self.entries.push(entry);
        Some(value)
    }

    /// [`Recent::keep`], keeping besides it only the newest of the results
    /// whose key `same_file` matches: a file's previous text comes back
    /// after an undo, older ones rarely, and while a large file is typed
    /// its every version would fill the bounds. Returns the results let
    /// go of, for the caller to free when it suits it.
    #[must_use = "the results let go of are the caller's to free"]
    pub fn keep_with_previous(
        &mut self,
        text: &str,
        key: K,
        value: V,
        same_file: impl Fn(&K) -> bool,
    ) -> Vec<V> {
        let mut gone = Vec::new();
        if let Some(newest) = self.entries.iter().rposition(|(k, _, _)| same_file(k)) {
            let entries = std::mem::take(&mut self.entries);
            for (i, entry) in entries.into_iter().enumerate() {
                if i == newest || !same_file(&entry.0) {
                    self.entries.push(entry);
                } else {
                    gone.push(entry.2);
                }
            }
        }
        gone.extend(self.keep(text, key, value));
        gone
    }

    /// Keeps `value` as the newest result (unless `text` alone is too
    /// large), letting go of the oldest beyond the bounds. Returns the
    /// results let go of, for the caller to free when it suits it.
    #[must_use = "the results let go of are the caller's to free"]
    pub fn keep(&mut self, text: &str, key: K, value: V) -> Vec<V> {
        if text.len() > KEEP_BYTES {
            return Vec::new();
        }
        self.entries.push((key, text.into(), value));
        let mut gone = Vec::new();
        while self.entries.len() > KEEP
            || self.entries.iter().map(|(_, t, _)| t.len()).sum::<usize>() > KEEP_BYTES
        {
            gone.push(self.entries.remove(0).2);
        }
        gone
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_results_are_kept_within_the_bounds() {
        let mut r: Recent<u32, u32> = Recent::new();
        let _ = r.keep("a", 1, 10);
        assert_eq!(r.get("a", |k| *k == 1), Some(10));
        assert_eq!(r.get("a", |k| *k == 2), None);
        assert_eq!(r.get("b", |k| *k == 1), None);
        // Reading "a" made it the newest: 32 more drop it, not before.
        r.get("a", |_| true);
        for i in 0..KEEP as u32 - 1 {
            let _ = r.keep(&format!("t{i}"), i, i);
        }
        assert_eq!(r.get("a", |_| true), Some(10));
        let gone: Vec<u32> = (0..KEEP as u32)
            .flat_map(|i| r.keep(&format!("u{i}"), i, 100 + i))
            .collect();
        assert_eq!(gone.len(), KEEP, "the results let go of are handed back");
        assert_eq!(gone[..2], [0, 1], "oldest first");
        assert_eq!(gone.last(), Some(&10), "\"a\", read last, goes last");
        assert_eq!(r.get("a", |_| true), None);
        // Text too large is not kept; large texts push out older ones.
        let big = "x".repeat(KEEP_BYTES + 1);
        let _ = r.keep(&big, 0, 0);
        assert_eq!(r.get(&big, |_| true), None);
        let half = "y".repeat(KEEP_BYTES / 2 + 1);
        let other = "z".repeat(KEEP_BYTES / 2 + 1);
        let _ = r.keep(&half, 0, 1);
        let _ = r.keep(&other, 0, 2);
        assert_eq!(r.get(&half, |_| true), None);
        assert_eq!(r.get(&other, |_| true), Some(2));
    }

    #[test]
    fn a_file_keeps_its_newest_text_and_the_one_before() {
        let mut r: Recent<u32, u32> = Recent::new();
        let _ = r.keep("a1", 1, 10);
        let _ = r.keep("b1", 2, 20);
        let gone = r.keep_with_previous("a2", 1, 11, |k| *k == 1);
        assert!(gone.is_empty(), "a file's previous text stays");
        let gone = r.keep_with_previous("a3", 1, 12, |k| *k == 1);
        assert_eq!(gone, vec![10], "its oldest is handed back");
        assert_eq!(r.get("a1", |_| true), None, "file 1's oldest text is gone");
        assert_eq!(r.get("a2", |_| true), Some(11));
        assert_eq!(r.get("a3", |_| true), Some(12));
        assert_eq!(r.get("b1", |_| true), Some(20), "other files stay");
    }
}
