//! `cargo xtask apk-key-hash AA:BB:…`: the `android:apk-key-hash:` origin of a signing
//! certificate's SHA-256 fingerprint, the origin Android's Credential Manager sends.

use anyhow::{Context as _, bail};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

pub fn print(fingerprint: &str) -> anyhow::Result<()> {
    println!("{}", origin(fingerprint)?);
    Ok(())
}

pub fn origin(fingerprint: &str) -> anyhow::Result<String> {
    let bytes = fingerprint
        .split(':')
        .map(|pair| u8::from_str_radix(pair.trim(), 16).with_context(|| format!("{pair:?} is not hex")))
        .collect::<anyhow::Result<Vec<u8>>>()?;
    if bytes.len() != 32 {
        bail!("a SHA-256 fingerprint has 32 bytes, this one has {}", bytes.len());
    }
    Ok(format!(
        "android:apk-key-hash:{}",
        URL_SAFE_NO_PAD.encode(&bytes)
    ))
}

#[cfg(test)]
mod tests {
    use super::origin;

    #[test]
    fn derives_the_origin_android_sends() {
        // SHA-256 of the bytes 0..32, written as a fingerprint: checked against base64url by hand.
        let fingerprint = (0u8..32).map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":");
        assert_eq!(
            origin(&fingerprint).unwrap_or_default(),
            "android:apk-key-hash:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
        );
    }

    #[test]
    fn refuses_what_is_not_a_sha256_fingerprint() {
        assert!(origin("AA:BB").is_err());
        assert!(origin("zz").is_err());
        assert!(origin("").is_err());
    }
}
