//! Finding the version and the data in what `decode` is given: a fragment
//! (`v1.…`), with `#`, with whitespace around it, or a whole link.

use crate::{ShareError, MAX_FRAGMENT_LEN};

/// A fragment split at its version prefix.
pub(crate) struct Fragment<'a> {
    /// `N` of the `vN.` prefix.
    pub version: u32,
    /// Everything after the prefix, up to the trailing whitespace.
    pub data: &'a str,
    /// Characters in the input before `data`, so that errors can point at a
    /// character of the text the user has.
    pub data_offset: usize,
}

/// Most digits in a version number: `u32` cannot overflow.
const MAX_VERSION_DIGITS: usize = 9;

pub(crate) fn parse(input: &str) -> Result<Fragment<'_>, ShareError> {
    if input.len() > MAX_FRAGMENT_LEN {
        return Err(ShareError::TooLong { len: input.len() });
    }
    let text = input.trim();
    // A whole pasted link: the fragment is what follows its first `#`.
    let start = match version_prefix(text) {
        Some(_) => 0,
        None => text.find('#').map_or(0, |i| i + 1),
    };
    let text = &text[start..];
    let (version, prefix_len) = version_prefix(text).ok_or(ShareError::NotAShareLink)?;
    let data = &text[prefix_len..];
    let data_start = input.len() - input.trim_start().len() + start + prefix_len;
    Ok(Fragment {
        version,
        data,
        data_offset: input[..data_start].chars().count(),
    })
}

/// `vN.` at the start of `text`: the version and the prefix's length.
fn version_prefix(text: &str) -> Option<(u32, usize)> {
    let rest = text.strip_prefix('v')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > MAX_VERSION_DIGITS || rest.as_bytes().get(digits) != Some(&b'.') {
        return None;
    }
    let version = rest[..digits].parse().ok()?;
    Some((version, 1 + digits + 1))
}
