//! Link format v1: `v1.` + base64url(deflate-raw(JSON payload)).
//! `FORMAT.md` is the specification; the golden links in
//! `tests/golden/v1` hold this code to it.

mod payload;

use crate::{bytes, ShareError, SharedState, MAX_FIELD_LEN, MAX_INFLATED_LEN};

/// The data after `v1.` for `state`.
pub(crate) fn encode(state: &SharedState) -> String {
    bytes::pack(&payload::write(state))
}

/// [`encode`], refusing a payload that [`decode`] would find too large.
pub(crate) fn encode_checked(state: &SharedState) -> Result<String, ShareError> {
    let json = payload::write(state);
    if json.len() > MAX_INFLATED_LEN {
        return Err(ShareError::TooLarge);
    }
    Ok(bytes::pack(&json))
}

/// Reads the data after `v1.`; `data_offset` is the number of characters
/// before it in the text the user gave (for error positions).
pub(crate) fn decode(data: &str, data_offset: usize) -> Result<SharedState, ShareError> {
    let raw = bytes::unpack(data, data_offset)?;
    let text = std::str::from_utf8(&raw).map_err(|error| ShareError::NotUtf8 {
        offset: error.valid_up_to(),
    })?;
    let state = payload::read(text)?;
    check_fields(&state)?;
    Ok(state)
}

/// The optional fields are names and paths: [`MAX_FIELD_LEN`] bytes at most.
pub(crate) fn check_fields(state: &SharedState) -> Result<(), ShareError> {
    let fields = [
        ("view", &state.view),
        ("class", &state.class),
        ("aspect", &state.aspect),
        ("file", &state.file),
    ];
    for (field, value) in fields {
        if let Some(value) = value {
            if value.len() > MAX_FIELD_LEN {
                return Err(ShareError::FieldTooLong {
                    field,
                    len: value.len(),
                });
            }
        }
    }
    Ok(())
}
