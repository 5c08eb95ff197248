//! Share links: the playground state in a URL fragment.
//!
//! A link's fragment is `v1.` + base64url (no padding) of the deflate-raw
//! compressed JSON payload; `FORMAT.md` describes it byte for byte. Every
//! link ever made must keep opening, so the format is versioned: [`decode`]
//! dispatches on the `vN.` prefix in one place, and old versions stay there
//! when a new one is added.
//!
//! Pure logic, no web dependencies: compiled natively and to wasm32.
//!
//! ```
//! use aspects_share::{decode, link, SharedState};
//!
//! let state = SharedState {
//!     workspace: "{ lib, ... }: { }\n".into(),
//!     view: Some("graph".into()),
//!     ..Default::default()
//! };
//! let shared = link("https://example.org/playground/", &state);
//! assert!(shared.starts_with("https://example.org/playground/#v1."));
//! // The page reads `location.hash` back, `#` and all.
//! let hash = &shared[shared.find('#').unwrap()..];
//! assert_eq!(decode(hash), Ok(state));
//! ```

mod bytes;
mod error;
mod fragment;
mod snippets;
mod v1;

pub use error::ShareError;
pub use snippets::{embed_snippet, is_long, link, markdown, LONG_LINK_WARNING};

/// The format version [`encode`] writes.
pub const FORMAT_VERSION: u32 = 1;

/// Longest fragment [`decode`] reads, in bytes (whitespace included). Real
/// links stay far below; this bounds the work on pasted junk.
pub const MAX_FRAGMENT_LEN: usize = 2_000_000;

/// Largest decompressed payload, in bytes: a zip bomb stops here.
pub const MAX_INFLATED_LEN: usize = 4 << 20;

/// Longest value of each optional field (`view`, `class`, `aspect`,
/// `file`), in bytes. The UI's names are short; this keeps junk out.
pub const MAX_FIELD_LEN: usize = 1024;

/// What a share link carries: the workspace text and what was open.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SharedState {
    /// All files in one text, each after a header line
    /// `-- repo/path/file.nix --` (or a single file without header).
    pub workspace: String,
    /// The open view (`"aspects"`, `"graph"`, …). Any text: the UI
    /// validates names, this crate only caps the length.
    pub view: Option<String>,
    /// The selected class, e.g. `"nixos"`.
    pub class: Option<String>,
    /// The selected aspect.
    pub aspect: Option<String>,
    /// The open file, `"repo/path"`.
    pub file: Option<String>,
}

/// The fragment for `state`: `v1.<base64url>` (without `#`).
///
/// Always succeeds. The result decodes back to `state` exactly when
/// [`try_encode`] succeeds (it fails on an optional field over
/// [`MAX_FIELD_LEN`] or a workspace too big for [`decode`]'s limits).
pub fn encode(state: &SharedState) -> String {
    format!("v{FORMAT_VERSION}.{}", v1::encode(state))
}

/// Like [`encode`], but refuses a state whose link [`decode`] would reject.
pub fn try_encode(state: &SharedState) -> Result<String, ShareError> {
    v1::check_fields(state)?;
    let encoded = v1::encode_checked(state)?;
    let fragment = format!("v{FORMAT_VERSION}.{encoded}");
    if fragment.len() > MAX_FRAGMENT_LEN {
        return Err(ShareError::TooLong {
            len: fragment.len(),
        });
    }
    Ok(fragment)
}

/// Reads a share link's fragment back into a state.
///
/// Accepts the fragment with or without its leading `#`, with surrounding
/// whitespace, or a whole pasted link (the part after its first `#`).
/// Never panics; the work is bounded by [`MAX_FRAGMENT_LEN`] and
/// [`MAX_INFLATED_LEN`] whatever the input.
pub fn decode(fragment: &str) -> Result<SharedState, ShareError> {
    let parsed = fragment::parse(fragment)?;
    // The one place that knows every format version. A v2 goes next to v1
    // here; v1 stays so that old links keep opening.
    match parsed.version {
        1 => v1::decode(parsed.data, parsed.data_offset),
        version => Err(ShareError::UnknownVersion { version }),
    }
}
