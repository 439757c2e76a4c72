//! Rules for the names people type: usernames, display names, passkey names.

use crux_passkey_api::ErrorCode;
use precis_core::profile::Profile as _;
use precis_profiles::UsernameCaseMapped;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory as _};

use crate::error::{ApiError, ApiResult};

pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 64;
pub const NAME_MAX: usize = 64;

/// Usernames go through PRECIS UsernameCaseMapped (RFC 8265: width mapping, NFKC, case
/// folding) before they are compared or stored, so `ＡＤＭＩＮ` (fullwidth) is `admin`.
/// After that: letters, digits and `. _ - @ +`, 3 to 64 characters.
pub fn username(raw: &str) -> ApiResult<String> {
    let invalid = |message: &str| ApiError::new(ErrorCode::InvalidUsername, message);
    let name = UsernameCaseMapped::new()
        .enforce(raw.trim())
        .map_err(|_| invalid("a username may only contain letters, digits and . _ - @ +"))?
        .into_owned();
    let length = name.chars().count();
    if !(USERNAME_MIN..=USERNAME_MAX).contains(&length) {
        return Err(invalid(&format!(
            "a username has {USERNAME_MIN} to {USERNAME_MAX} characters"
        )));
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '+'))
    {
        return Err(invalid(
            "a username may only contain letters, digits and . _ - @ +",
        ));
    }
    Ok(name)
}

/// A display name or passkey name: trimmed, 1 to 64 characters, no control, format (bidi
/// overrides, zero-width characters) or line and paragraph separator characters, any of
/// which can make a name show as something it is not.
pub fn label(raw: &str, what: &str) -> ApiResult<String> {
    let label = raw.trim();
    let length = label.chars().count();
    if length == 0 || length > NAME_MAX {
        return Err(ApiError::invalid_request(format!(
            "a {what} has 1 to {NAME_MAX} characters"
        )));
    }
    if let Some(bad) = label.chars().find(|&c| is_hidden(c)) {
        return Err(ApiError::invalid_request(format!(
            "a {what} may not contain control, format or separator characters (U+{:04X})",
            u32::from(bad)
        )));
    }
    Ok(label.to_owned())
}

fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c.general_category(),
            GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        )
}
