//! Times are kept as Unix seconds in the database and shown as RFC 3339 on the wire.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[must_use]
pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

#[must_use]
pub fn rfc3339(unix_seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix_seconds)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned())
}

/// `now + duration`, saturating instead of overflowing on absurd TTLs.
#[must_use]
pub fn after(now: i64, duration: std::time::Duration) -> i64 {
    now.saturating_add(i64::try_from(duration.as_secs()).unwrap_or(i64::MAX))
}
