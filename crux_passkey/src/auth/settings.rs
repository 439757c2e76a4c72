//! How long the sub-app waits for the shell before a flow ends.

use std::time::Duration;

/// Bounds on waiting, chosen by the host app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// An HTTP call (and a session store operation) that takes longer ends its flow with a
    /// `TIMED_OUT` notice.
    pub http_timeout: Duration,
    /// A passkey sheet that stays open longer ends its flow. A person may take a while (a
    /// security key in another room, a phone over hybrid), so this is long. Autofill waits
    /// without a bound: it never makes the core busy.
    pub passkey_timeout: Duration,
}

impl Default for Settings {
    /// 30 seconds for HTTP, 5 minutes for a passkey sheet (WebAuthn's own suggested ceiling
    /// for a ceremony that needs user verification is 10 minutes; platforms use less).
    fn default() -> Self {
        Self {
            http_timeout: Duration::from_secs(30),
            passkey_timeout: Duration::from_secs(300),
        }
    }
}
