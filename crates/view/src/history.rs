//! The history of recent workspaces ("never lose work"): snapshots taken
//! before anything replaces the workspace, and on request; renamed,
//! deleted, exported and imported as one JSON file.

use serde::{Deserialize, Serialize};

/// How many snapshots are kept (oldest dropped first).
pub const MAX_ENTRIES: usize = 30;
/// The largest workspace text a snapshot keeps (localStorage is small).
pub const MAX_TEXT: usize = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub name: String,
    /// Milliseconds since the epoch.
    pub saved_at: f64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct History {
    /// Newest first.
    pub entries: Vec<Entry>,
}

/// The export file's format marker.
const FORMAT: &str = "aspect-playground-history";

#[derive(Serialize, Deserialize)]
struct File {
    format: String,
    version: u32,
    entries: Vec<Entry>,
}

impl History {
    /// Adds a snapshot unless the newest already holds the same text.
    /// Returns false when the text is empty or too large to keep.
    pub fn add(&mut self, name: &str, text: &str, now: f64) -> bool {
        if text.trim().is_empty() || text.len() > MAX_TEXT {
            return false;
        }
        if self.entries.first().is_some_and(|e| e.text == text) {
            return true;
        }
        self.entries.insert(
            0,
            Entry {
                name: name.chars().take(120).collect(),
                saved_at: now,
                text: text.to_string(),
            },
        );
        self.entries.truncate(MAX_ENTRIES);
        true
    }

    pub fn rename(&mut self, i: usize, name: &str) {
        if let Some(e) = self.entries.get_mut(i) {
            e.name = name.chars().take(120).collect();
        }
    }

    pub fn delete(&mut self, i: usize) {
        if i < self.entries.len() {
            self.entries.remove(i);
        }
    }

    /// The text kept in localStorage (and downloaded by "Export").
    pub fn to_json(&self) -> String {
        serde_json::to_string(&File {
            format: FORMAT.into(),
            version: 1,
            entries: self.entries.clone(),
        })
        .unwrap_or_default()
    }

    /// Reads a saved or exported history; a clear message when it is not one.
    pub fn from_json(text: &str) -> Result<History, String> {
        let file: File = serde_json::from_str(text)
            .map_err(|e| format!("this is not a history file of the playground ({e})"))?;
        if file.format != FORMAT {
            return Err("this is not a history file of the playground".into());
        }
        if file.version != 1 {
            return Err(format!(
                "this history file was made by a newer version (format {})",
                file.version
            ));
        }
        let mut h = History::default();
        for e in file.entries.into_iter().rev() {
            if e.saved_at.is_finite() {
                h.add(&e.name, &e.text, e.saved_at);
            }
        }
        Ok(h)
    }

    /// Adds an imported history's entries to this one (newest first, no
    /// duplicate texts).
    pub fn merge(&mut self, other: History) {
        let mut all: Vec<Entry> = self.entries.drain(..).chain(other.entries).collect();
        all.sort_by(|a, b| b.saved_at.total_cmp(&a.saved_at));
        let mut seen = std::collections::HashSet::new();
        all.retain(|e| seen.insert(e.text.clone()));
        all.truncate(MAX_ENTRIES);
        self.entries = all;
    }
}

/// A short, stable fingerprint of a text (FNV-1a), to recognise a
/// workspace without storing it twice.
pub fn fingerprint(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_keeps_newest_first_without_repeats_and_caps() {
        let mut h = History::default();
        assert!(h.add("a", "{ a = 1; }", 1.0));
        assert!(h.add("again", "{ a = 1; }", 2.0));
        assert_eq!(h.entries.len(), 1);
        assert!(!h.add("empty", "  ", 3.0));
        assert!(!h.add("huge", &"x".repeat(MAX_TEXT + 1), 3.0));
        for i in 0..40 {
            h.add(
                &format!("n{i}"),
                &format!("{{ n = {i}; }}"),
                10.0 + i as f64,
            );
        }
        assert_eq!(h.entries.len(), MAX_ENTRIES);
        assert_eq!(h.entries[0].name, "n39");
    }

    #[test]
    fn rename_delete_and_json_round_trip() {
        let mut h = History::default();
        h.add("one", "{ one = 1; }", 1.0);
        h.add("two", "{ two = 2; }", 2.0);
        h.rename(1, "first");
        h.delete(0);
        h.delete(7);
        assert_eq!(h.entries.len(), 1);
        assert_eq!(h.entries[0].name, "first");
        let back = History::from_json(&h.to_json()).unwrap();
        assert_eq!(back, h);
    }

    #[test]
    fn bad_files_are_refused_with_a_message() {
        assert!(History::from_json("not json")
            .unwrap_err()
            .contains("not a history file"));
        assert!(History::from_json(r#"{"format":"other","version":1,"entries":[]}"#).is_err());
        let newer = r#"{"format":"aspect-playground-history","version":9,"entries":[]}"#;
        assert!(History::from_json(newer)
            .unwrap_err()
            .contains("newer version"));
    }

    #[test]
    fn merge_dedups_and_orders() {
        let mut a = History::default();
        a.add("x", "{ x = 1; }", 5.0);
        let mut b = History::default();
        b.add("x copy", "{ x = 1; }", 1.0);
        b.add("y", "{ y = 1; }", 9.0);
        a.merge(b);
        let names: Vec<_> = a.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, vec!["y", "x"]);
        assert_ne!(fingerprint("a"), fingerprint("b"));
        assert_eq!(fingerprint("a"), fingerprint("a"));
    }
}
