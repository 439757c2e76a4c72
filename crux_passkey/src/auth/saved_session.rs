//! What the sub-app keeps in the session store: the session token and the server it belongs
//! to, as a small JSON object. The shell stores it as an opaque secret.
//!
//! The format is stable: a change would sign everyone out on upgrade, so a test pins it.

use serde::{Deserialize, Serialize};
use url::Url;

use super::client::is_usable_token;

#[derive(Serialize, Deserialize)]
struct Saved {
    server: String,
    token: String,
}

/// The value to keep for a session with `server`.
pub fn encode(server: &Url, token: &str) -> String {
    serde_json::json!({ "server": server.as_str(), "token": token }).to_string()
}

/// The kept token, when it belongs to `server` and is still a usable header value. Anything
/// else (another server's session, a value from an older format, junk) is as good as none.
pub fn token_for(value: &str, server: &Url) -> Option<String> {
    let saved: Saved = serde_json::from_str(value).ok()?;
    let same_server = Url::parse(&saved.server).is_ok_and(|kept| &kept == server);
    (same_server && is_usable_token(&saved.token)).then_some(saved.token)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::{encode, token_for};
    use url::Url;

    #[test]
    fn the_kept_format_is_stable() {
        let server = Url::parse("https://auth.example.com/").unwrap();
        assert_eq!(
            encode(&server, "sess_1"),
            r#"{"server":"https://auth.example.com/","token":"sess_1"}"#
        );
        assert_eq!(
            token_for(r#"{"token":"sess_1","server":"https://auth.example.com/"}"#, &server),
            Some("sess_1".to_owned())
        );
    }

    #[test]
    fn another_servers_session_or_junk_is_none() {
        let server = Url::parse("https://auth.example.com/").unwrap();
        let other = Url::parse("https://evil.example.net/").unwrap();
        for value in [
            encode(&other, "sess_1"),
            encode(&server, "has space"),
            encode(&server, ""),
            "sess_1".to_owned(),
            "{}".to_owned(),
            String::new(),
        ] {
            assert_eq!(token_for(&value, &server), None, "{value}");
        }
    }
}
