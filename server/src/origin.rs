//! Where a request comes from. A cookie rides along with every request the browser makes to
//! us, including form posts from a sibling subdomain (same site, so SameSite=Strict lets it
//! through); only the `Origin` header tells our own pages apart from those.

use axum::http::header::ORIGIN;
use axum::http::{HeaderMap, Method};
use crux_passkey_api::ErrorCode;

use crate::config::Config;
use crate::error::ApiError;

/// A state-changing request authenticated by the cookie must come from one of our web origins
/// (`Origin`), or say it is same-origin (`Sec-Fetch-Site`) where a browser sends no `Origin`.
pub fn check_cookie_write(
    method: &Method,
    headers: &HeaderMap,
    config: &Config,
) -> Result<(), ApiError> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let allowed = match headers.get(ORIGIN).map(|v| v.to_str()) {
        Some(Ok(origin)) => config.web_origins().iter().any(|o| o == origin),
        Some(Err(_)) => false,
        None => headers
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes() == b"same-origin"),
    };
    if allowed {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::OriginNotAllowed,
            "this change must come from one of the site's own pages",
        ))
    }
}

/// A request a browser page made (it carries `Origin`): its session lives in the HttpOnly
/// cookie, and a token in the body would hand it to any script on the page.
#[must_use]
pub fn from_browser(headers: &HeaderMap) -> bool {
    headers.contains_key(ORIGIN)
}
