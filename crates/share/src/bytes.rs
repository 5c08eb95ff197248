//! The byte layers under a payload: deflate-raw, then base64url.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use miniz_oxide::inflate::TINFLStatus;

use crate::{ShareError, MAX_INFLATED_LEN};

/// miniz_oxide's best (and slowest) level: payloads are small and links
/// should be short.
const DEFLATE_LEVEL: u8 = 10;

/// Reads what `URL_SAFE_NO_PAD` writes, and also accepts nonzero unused
/// bits in the last character, so that a cut-off link reaches the deflate
/// layer and is reported as cut off.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

/// Compresses and base64url-encodes `payload`.
pub(crate) fn pack(payload: &[u8]) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(payload, DEFLATE_LEVEL);
    URL_SAFE_NO_PAD.encode(compressed)
}

/// Undoes [`pack`], within [`MAX_INFLATED_LEN`]. `data_offset` is the
/// number of characters before `data` in the text the user gave.
pub(crate) fn unpack(data: &str, data_offset: usize) -> Result<Vec<u8>, ShareError> {
    let compressed = from_base64(data, data_offset)?;
    inflate(&compressed)
}

fn from_base64(data: &str, data_offset: usize) -> Result<Vec<u8>, ShareError> {
    // Whitespace inside is skipped: mail clients wrap long links.
    let mut symbols = Vec::with_capacity(data.len());
    for (index, character) in data.chars().enumerate() {
        match character {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' => symbols.push(character as u8),
            c if c.is_ascii_whitespace() => {}
            _ => {
                return Err(ShareError::InvalidBase64 {
                    position: data_offset + index,
                    character,
                })
            }
        }
    }
    // Only symbols of the alphabet are left, so the one error left is a
    // length no encoder writes (4k + 1 symbols): the end was cut off.
    LENIENT.decode(&symbols).map_err(|_| ShareError::Truncated)
}

fn inflate(compressed: &[u8]) -> Result<Vec<u8>, ShareError> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(compressed, MAX_INFLATED_LEN).map_err(
        |error| match error.status {
            TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                ShareError::Truncated
            }
            _ => ShareError::Corrupt,
        },
    )
}
