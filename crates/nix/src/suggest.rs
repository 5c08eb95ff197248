//! "Did you mean ...?": edit distance between names.

/// Levenshtein distance, for short names.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Whether `candidate` is a plausible typo of `name`.
pub fn is_close(name: &str, candidate: &str) -> bool {
    if name == candidate || name.len() > 64 || candidate.len() > 64 {
        return false;
    }
    let limit = match name.chars().count() {
        0..=3 => 1,
        4..=8 => 2,
        _ => 3,
    };
    name.eq_ignore_ascii_case(candidate) || distance(name, candidate) <= limit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names() {
        assert_eq!(distance("nixos", "nixOS"), 2);
        assert!(is_close("nixOS", "nixos"));
        assert!(is_close("homemanager", "homeManager"));
        assert!(!is_close("nixos", "darwin"));
    }
}
