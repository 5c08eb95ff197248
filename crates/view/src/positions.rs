//! Converting between the engine's positions (UTF-8 byte offsets, 1-based
//! lines) and the editor's (UTF-16 code-unit offsets).

/// The UTF-16 offset of byte offset `byte` in `text` (clamped to the text;
/// a byte inside a character counts as that character's start).
pub fn utf16_of_byte(text: &str, byte: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if i >= byte {
            return units;
        }
        units += c.len_utf16();
    }
    units
}

/// The byte offset of UTF-16 offset `unit` in `text` (clamped).
pub fn byte_of_utf16(text: &str, unit: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= unit {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The byte range of 1-based `line` (without its newline), clamped to the
/// last line.
pub fn line_range(text: &str, line: usize) -> (usize, usize) {
    let mut start = 0;
    for (n, l) in text.split('\n').enumerate() {
        let end = start + l.len();
        if n + 1 >= line.max(1) {
            return (start, end);
        }
        start = end + 1;
    }
    (text.len(), text.len())
}

/// The 1-based line of byte offset `byte`.
pub fn line_of_byte(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    text.as_bytes()[..byte]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The byte offset of 1-based (`line`, `column`), the column counted in
/// characters as the engine reports it; clamped to the line.
pub fn byte_of_line_column(text: &str, line: usize, column: usize) -> usize {
    let (start, end) = line_range(text, line);
    let line_text = &text[start..end];
    let offset = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(line_text.len());
    start + offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_equal() {
        let t = "{ a = 1; }";
        for i in 0..=t.len() {
            assert_eq!(utf16_of_byte(t, i), i);
            assert_eq!(byte_of_utf16(t, i), i);
        }
    }

    #[test]
    fn multibyte_characters_shrink_utf16_offsets() {
        // "é" is 2 bytes / 1 unit, "𝕏" 4 bytes / 2 units.
        let t = "é𝕏x";
        assert_eq!(utf16_of_byte(t, 2), 1);
        assert_eq!(utf16_of_byte(t, 6), 3);
        assert_eq!(utf16_of_byte(t, 7), 4);
        assert_eq!(byte_of_utf16(t, 1), 2);
        assert_eq!(byte_of_utf16(t, 3), 6);
        // Out of range clamps.
        assert_eq!(utf16_of_byte(t, 100), 4);
        assert_eq!(byte_of_utf16(t, 100), 7);
    }

    #[test]
    fn lines_and_columns() {
        let t = "ab\ncdé\n\nz";
        assert_eq!(line_range(t, 1), (0, 2));
        assert_eq!(line_range(t, 2), (3, 7));
        assert_eq!(line_range(t, 3), (8, 8));
        assert_eq!(line_range(t, 4), (9, 10));
        assert_eq!(line_range(t, 99), (10, 10));
        assert_eq!(line_of_byte(t, 0), 1);
        assert_eq!(line_of_byte(t, 3), 2);
        assert_eq!(line_of_byte(t, 9), 4);
        assert_eq!(byte_of_line_column(t, 2, 3), 5);
        assert_eq!(byte_of_line_column(t, 2, 40), 7);
    }
}
