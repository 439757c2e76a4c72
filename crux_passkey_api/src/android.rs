//! Android app origins: the `android:apk-key-hash:` origin Credential Manager puts in
//! `clientDataJSON` for an app, derived from its signing certificate's SHA-256 fingerprint.
//!
//! The server derives the origins it accepts with this, and `cargo xtask apk-key-hash` prints
//! them, so both agree by construction.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// An Android app allowed to use passkeys for the relying party: its package and signing
/// certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AndroidApp {
    /// The application id, e.g. `com.example.app`.
    pub package: String,
    /// The signing certificate's SHA-256, as `AB:CD:…` (the form `assetlinks.json` wants).
    pub fingerprint: String,
    fingerprint_bytes: [u8; 32],
}

impl AndroidApp {
    /// Parses `package:SHA256_FINGERPRINT`, split at the first colon. The fingerprint is the
    /// colon-separated hex `keytool -list -v` and Play Console print, in either case.
    ///
    /// # Errors
    ///
    /// A message saying what is wrong when the package is empty or the fingerprint is not 32
    /// hex bytes.
    pub fn parse(value: &str) -> Result<Self, String> {
        let (package, fingerprint) = value
            .split_once(':')
            .ok_or_else(|| format!("expected package:SHA256_FINGERPRINT, got {value:?}"))?;
        let package = package.trim();
        if package.is_empty() {
            return Err("the Android package name is empty".to_owned());
        }
        let fingerprint_bytes = fingerprint_bytes(fingerprint).ok_or_else(|| {
            format!(
                "the fingerprint of {package} must be 32 hex bytes (AB:CD:…), got {fingerprint:?}"
            )
        })?;
        let fingerprint = fingerprint_bytes
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(":");
        Ok(Self {
            package: package.to_owned(),
            fingerprint,
            fingerprint_bytes,
        })
    }

    /// The origin Android's Credential Manager puts in `clientDataJSON` for this app.
    #[must_use]
    pub fn origin(&self) -> String {
        format!(
            "android:apk-key-hash:{}",
            URL_SAFE_NO_PAD.encode(self.fingerprint_bytes)
        )
    }
}

/// The 32 bytes of a colon-separated (or bare) hex SHA-256 fingerprint.
fn fingerprint_bytes(fingerprint: &str) -> Option<[u8; 32]> {
    let hex: Vec<u8> = fingerprint.bytes().filter(|b| *b != b':').collect();
    // `from_str_radix` alone would take a sign ("+4"), so every byte must be a hex digit.
    if hex.len() != 64 || !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let mut bytes = [0u8; 32];
    for (byte, pair) in bytes.iter_mut().zip(hex.chunks_exact(2)) {
        let pair = std::str::from_utf8(pair).ok()?;
        *byte = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]

    use super::AndroidApp;

    // The vector the server's well-known tests and the Android helper script share.
    const FINGERPRINT: &str = "14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5";

    #[test]
    fn the_origin_is_the_base64url_of_the_fingerprint_bytes() {
        let app = AndroidApp::parse(&format!("com.example.app:{}", FINGERPRINT.to_lowercase()))
            .expect("parses");
        assert_eq!(app.package, "com.example.app");
        assert_eq!(app.fingerprint, FINGERPRINT);
        assert_eq!(
            app.origin(),
            "android:apk-key-hash:FG3pg8VzBlDY7rmVLzT8ZBagg0LmHb6oigSWsj_PROU"
        );
    }

    #[test]
    fn bad_values_are_refused_with_a_reason() {
        for bad in [
            "no-colon",
            ":AA",
            "app:AA:BB",
            "app:ZZ:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5",
            "app:+4:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5",
            "app:é4:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E",
        ] {
            assert!(AndroidApp::parse(bad).is_err(), "{bad} was accepted");
        }
    }
}
