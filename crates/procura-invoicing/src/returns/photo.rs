//! The optional photo on a return (退货照片): a small JPEG, PNG or WebP image, base64 in the
//! record. The device downscales it before sending; the hub checks what arrives.

use base64::Engine as _;
use procura_ground::reason::{Reason, Refusal};
use serde::{Deserialize, Serialize};

/// Most bytes of a photo once decoded (300 KiB).
pub const MAX_PHOTO_BYTES: usize = 300 * 1024;
/// Most characters of a photo's base64 text: what `MAX_PHOTO_BYTES` encodes to.
pub const MAX_PHOTO_BASE64: usize = MAX_PHOTO_BYTES.div_ceil(3) * 4;
/// The image types a photo may have.
pub const PHOTO_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

/// A photo attached to a return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    /// `image/jpeg`, `image/png` or `image/webp`.
    pub content_type: String,
    /// The image bytes, base64 (standard alphabet, padded).
    pub data: String,
}

impl Photo {
    /// A `data:` URL to show it.
    pub fn data_url(&self) -> String {
        format!("data:{};base64,{}", self.content_type, self.data)
    }
}

fn magic_ok(content_type: &str, bytes: &[u8]) -> bool {
    match content_type {
        "image/jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/png" => bytes.starts_with(&[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        "image/webp" => bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        _ => false,
    }
}

/// The photo is one of the three types, valid base64, at most [`MAX_PHOTO_BYTES`] decoded,
/// and its bytes begin as its type says.
pub fn check_photo(photo: &Photo) -> Result<(), Refusal> {
    let refuse = || {
        Refusal::from(Reason::ReturnPhotoInvalid {
            max_kb: MAX_PHOTO_BYTES / 1024,
        })
    };
    if !PHOTO_TYPES.contains(&photo.content_type.as_str()) || photo.data.len() > MAX_PHOTO_BASE64 {
        return Err(refuse());
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(photo.data.as_bytes())
        .map_err(|_| refuse())?;
    if bytes.len() > MAX_PHOTO_BYTES || !magic_ok(&photo.content_type, &bytes) {
        return Err(refuse());
    }
    Ok(())
}
