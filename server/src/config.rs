//! Command-line flags and environment variables (docs/server-configuration.md).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, ValueEnum};
pub use crux_passkey_api::android::AndroidApp;
use ipnet::IpNet;

/// Crux Passkey's WebAuthn backend.
#[derive(Parser, Debug, Clone)]
#[command(name = "server", version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "CRUX_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// WebAuthn relying-party id: the registrable domain passkeys are bound to.
    #[arg(long, env = "CRUX_RP_ID", default_value = "localhost")]
    pub rp_id: String,

    /// Relying-party name that authenticators may show.
    #[arg(long, env = "CRUX_RP_NAME", default_value = "Crux Passkey")]
    pub rp_name: String,

    /// Accepted origin (repeatable): web origins and `android:apk-key-hash:…` app origins.
    #[arg(
        long = "origin",
        env = "CRUX_ORIGIN",
        value_delimiter = ',',
        default_value = "http://localhost:8080"
    )]
    pub origins: Vec<String>,

    /// Database URL: `sqlite://path` (default, one instance) or `postgres://…` (many instances).
    #[arg(
        long,
        env = "CRUX_DATABASE",
        default_value = "sqlite://data/crux-passkey.db"
    )]
    pub database: String,

    /// Whether authenticators must verify the user (PIN or biometrics).
    #[arg(long, env = "CRUX_USER_VERIFICATION", value_enum, default_value_t = UserVerification::Required)]
    pub user_verification: UserVerification,

    /// How long a started ceremony stays valid (`300`, `90s`, `5m`, `1h`, `7d`).
    #[arg(long, env = "CRUX_CEREMONY_TTL", value_parser = parse_duration, default_value = "5m")]
    pub ceremony_ttl: Duration,

    /// How long a session stays valid.
    #[arg(long, env = "CRUX_SESSION_TTL", value_parser = parse_duration, default_value = "30d")]
    pub session_ttl: Duration,

    /// iOS app allowed to use the passkeys, `TEAMID.bundle.id` (repeatable).
    #[arg(
        long = "apple-app-id",
        env = "CRUX_APPLE_APP_ID",
        value_delimiter = ','
    )]
    pub apple_app_ids: Vec<String>,

    /// Android app allowed to use the passkeys, `package:SHA256_FINGERPRINT` (repeatable).
    #[arg(long = "android-app", env = "CRUX_ANDROID_APP", value_delimiter = ',', value_parser = AndroidApp::parse)]
    pub android_apps: Vec<AndroidApp>,

    /// Related origin listed in `/.well-known/webauthn` (repeatable).
    #[arg(
        long = "related-origin",
        env = "CRUX_RELATED_ORIGIN",
        value_delimiter = ','
    )]
    pub related_origins: Vec<String>,

    /// Directory of the built web shell.
    #[arg(long, env = "CRUX_WEB_ROOT", default_value = "web-leptos/dist")]
    pub web_root: PathBuf,

    /// Largest accepted request body, in bytes.
    #[arg(long, env = "CRUX_BODY_LIMIT", default_value_t = 64 * 1024)]
    pub body_limit: usize,

    /// Ceremony requests a client may make in a burst before being limited.
    #[arg(long, env = "CRUX_RATE_LIMIT_BURST", default_value_t = 20)]
    pub rate_limit_burst: u32,

    /// Ceremony requests per minute a client regains after a burst.
    #[arg(long, env = "CRUX_RATE_LIMIT_PER_MINUTE", default_value_t = 60)]
    pub rate_limit_per_minute: u32,

    /// Reverse proxy address range, CIDR (repeatable). `X-Forwarded-For` counts only when the
    /// peer is inside one; the client is then its rightmost address outside them all.
    #[arg(
        long = "trusted-proxy",
        env = "CRUX_TRUSTED_PROXY",
        value_delimiter = ',',
        value_parser = parse_cidr
    )]
    pub trusted_proxies: Vec<IpNet>,

    /// How recent the session's last passkey assertion must be to add or delete a passkey.
    #[arg(long, env = "CRUX_REAUTH_WINDOW", value_parser = parse_duration, default_value = "5m")]
    pub reauth_window: Duration,

    /// Most passkeys one account may have.
    #[arg(long, env = "CRUX_MAX_PASSKEYS", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_passkeys: u32,

    /// A connection that has not sent a complete request head within this time is closed.
    #[arg(long, env = "CRUX_HEADER_READ_TIMEOUT", value_parser = parse_duration, default_value = "10s")]
    pub header_read_timeout: Duration,

    /// After SIGTERM or Ctrl-C, how long in-flight requests may take before they are cut off.
    #[arg(long, env = "CRUX_SHUTDOWN_GRACE", value_parser = parse_duration, default_value = "30s")]
    pub shutdown_grace: Duration,

    /// Longest time for reading a request body and answering it (408 after that).
    #[arg(long, env = "CRUX_REQUEST_TIMEOUT", value_parser = parse_duration, default_value = "30s")]
    pub request_timeout: Duration,

    /// Serve Prometheus metrics at `http://<this address>/metrics`; off when not given.
    #[arg(long, env = "CRUX_METRICS_BIND")]
    pub metrics_bind: Option<SocketAddr>,

    /// Log lines as human-readable text or as one JSON object per line (for log shippers).
    #[arg(long, env = "CRUX_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// How often expired ceremonies and sessions are purged.
    #[arg(long, env = "CRUX_PURGE_INTERVAL", value_parser = parse_duration, default_value = "1m")]
    pub purge_interval: Duration,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserVerification {
    Required,
    Preferred,
}

impl Config {
    /// The defaults, as if run with no flags; tests start from this.
    #[must_use]
    pub fn local_default() -> Self {
        Self::parse_from(["server"])
    }

    /// Every origin a ceremony may come from: the configured and related web origins plus
    /// the derived app origins.
    #[must_use]
    pub fn all_origins(&self) -> Vec<String> {
        let mut origins = self.web_origins();
        origins.extend(self.android_apps.iter().map(AndroidApp::origin));
        origins
    }

    /// The web origins whose pages may use the session cookie: configured and related.
    #[must_use]
    pub fn web_origins(&self) -> Vec<String> {
        let mut origins: Vec<String> = Vec::new();
        for origin in self.origins.iter().chain(&self.related_origins) {
            let origin = origin.trim_end_matches('/').to_owned();
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
        origins
    }

    /// The session cookie is `Secure` when the site is served over HTTPS.
    #[must_use]
    pub fn cookie_secure(&self) -> bool {
        self.origins.iter().any(|o| o.starts_with("https://"))
    }
}

/// A CIDR range (`10.0.0.0/8`, `fd00::/8`) or a single address.
pub fn parse_cidr(value: &str) -> Result<IpNet, String> {
    let value = value.trim();
    value
        .parse::<IpNet>()
        .or_else(|_| value.parse::<std::net::IpAddr>().map(IpNet::from))
        .map_err(|_| {
            format!("expected an address range such as 10.0.0.0/8 or fd00::/8, got {value:?}")
        })
}

/// `300` (seconds), `90s`, `5m`, `2h`, `30d`.
pub fn parse_duration(value: &str) -> Result<Duration, String> {
    let value = value.trim();
    let split = value
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let number: u64 = number.parse().map_err(|_| {
        format!("expected a duration such as 300, 90s, 5m, 2h or 30d, got {value:?}")
    })?;
    let seconds = match unit {
        "" | "s" => Some(number),
        "m" => number.checked_mul(60),
        "h" => number.checked_mul(3600),
        "d" => number.checked_mul(86_400),
        _ => None,
    }
    .ok_or_else(|| format!("unknown or too large duration {value:?}"))?;
    if seconds == 0 {
        return Err("a duration must be positive".to_owned());
    }
    Ok(Duration::from_secs(seconds))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn trusted_proxies_are_ranges_or_single_addresses() {
        assert_eq!(parse_cidr("10.0.0.0/8"), Ok("10.0.0.0/8".parse().unwrap()));
        assert_eq!(
            parse_cidr(" 192.0.2.1 "),
            Ok("192.0.2.1/32".parse().unwrap())
        );
        assert_eq!(parse_cidr("fd00::1"), Ok("fd00::1/128".parse().unwrap()));
        assert!(parse_cidr("10.0.0.0/33").is_err());
        assert!(
            parse_cidr("proxy.internal")
                .unwrap_err()
                .contains("proxy.internal")
        );
    }
}
