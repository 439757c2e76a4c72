//! Rules for the names people type: usernames, display names, passkey names.

use crux_passkey_api::ErrorCode;

use crate::error::{ApiError, ApiResult};

pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 64;
pub const NAME_MAX: usize = 64;

/// Usernames are case-insensitive: stored and compared in lower case.
/// Letters, digits and `. _ - @ +`, 3 to 64 characters.
pub fn username(raw: &str) -> ApiResult<String> {
    let name = raw.trim().to_lowercase();
    let length = name.chars().count();
    if !(USERNAME_MIN..=USERNAME_MAX).contains(&length) {
        return Err(ApiError::new(
            ErrorCode::InvalidUsername,
            format!("a username has {USERNAME_MIN} to {USERNAME_MAX} characters"),
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '+'))
    {
        return Err(ApiError::new(
            ErrorCode::InvalidUsername,
            "a username may only contain letters, digits and . _ - @ +",
        ));
    }
    Ok(name)
}

/// A display name or passkey name: trimmed, 1 to 64 characters, no control characters.
pub fn label(raw: &str, what: &str) -> ApiResult<String> {
    let label = raw.trim();
    let length = label.chars().count();
    if length == 0 || length > NAME_MAX {
        return Err(ApiError::invalid_request(format!(
            "a {what} has 1 to {NAME_MAX} characters"
        )));
    }
    if label.chars().any(char::is_control) {
        return Err(ApiError::invalid_request(format!(
            "a {what} may not contain control characters"
        )));
    }
    Ok(label.to_owned())
}
