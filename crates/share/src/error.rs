//! Why a share link could not be read, in words for the person who opened it.

use std::fmt;

use crate::{FORMAT_VERSION, MAX_FIELD_LEN, MAX_FRAGMENT_LEN, MAX_INFLATED_LEN};

/// A share link that cannot be read (or a state that cannot be shared).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShareError {
    /// The text has no `vN.` version prefix: not a share link at all.
    NotAShareLink,
    /// A format version this build does not read (usually a newer one).
    UnknownVersion { version: u32 },
    /// The fragment is longer than [`MAX_FRAGMENT_LEN`] bytes.
    TooLong { len: usize },
    /// A character outside the base64url alphabet. `position` counts
    /// characters (not bytes) from the start of the text given to `decode`.
    InvalidBase64 { position: usize, character: char },
    /// The data ends early: the link was cut off when copied.
    Truncated,
    /// The compressed data is damaged.
    Corrupt,
    /// The data decompresses to more than [`MAX_INFLATED_LEN`] bytes.
    TooLarge,
    /// The decompressed data is not UTF-8; `offset` is the first bad byte.
    NotUtf8 { offset: usize },
    /// The decompressed text is not a valid payload (not a JSON object, no
    /// workspace text, a field of the wrong type, …).
    InvalidPayload { reason: String },
    /// An optional field is longer than [`MAX_FIELD_LEN`] bytes.
    FieldTooLong { field: &'static str, len: usize },
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotAShareLink => write!(
                f,
                "This is not an Aspect Playground share link \
                 (a share link's fragment starts with `v{FORMAT_VERSION}.`)."
            ),
            ShareError::UnknownVersion { version } if *version > FORMAT_VERSION => write!(
                f,
                "This share link was made by a newer version of Aspect Playground \
                 (link format v{version}; this version reads up to v{FORMAT_VERSION}). \
                 Open it in the latest playground."
            ),
            ShareError::UnknownVersion { version } => write!(
                f,
                "This share link uses link format v{version}, which Aspect Playground \
                 never wrote (this version reads v1 to v{FORMAT_VERSION})."
            ),
            ShareError::TooLong { len } => write!(
                f,
                "This share link is too long to open ({len} bytes; the limit is \
                 {MAX_FRAGMENT_LEN})."
            ),
            ShareError::InvalidBase64 {
                position,
                character,
            } => write!(
                f,
                "This share link is damaged: it contains {character:?} at character {}, \
                 which cannot appear in a share link's data.",
                position + 1
            ),
            ShareError::Truncated => write!(
                f,
                "This share link is cut off: its data ends early. \
                 Copy the whole link again."
            ),
            ShareError::Corrupt => write!(
                f,
                "This share link is damaged: its compressed data is not valid. \
                 Copy the whole link again."
            ),
            ShareError::TooLarge => write!(
                f,
                "This share link unpacks to more than {} MiB, the most the \
                 playground opens.",
                MAX_INFLATED_LEN >> 20
            ),
            ShareError::NotUtf8 { offset } => write!(
                f,
                "This share link is damaged: its data is not UTF-8 text \
                 (invalid byte at offset {offset})."
            ),
            ShareError::InvalidPayload { reason } => {
                write!(f, "This share link's contents are not valid: {reason}.")
            }
            ShareError::FieldTooLong { field, len } => write!(
                f,
                "This share link's {field} is too long ({len} bytes; the limit is \
                 {MAX_FIELD_LEN})."
            ),
        }
    }
}

impl std::error::Error for ShareError {}
