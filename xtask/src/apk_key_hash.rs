//! `cargo xtask apk-key-hash AA:BB:…`: the `android:apk-key-hash:` origin Android's Credential
//! Manager sends for an app signed with that certificate. The server derives the origins it
//! accepts with the same parser (`crux_passkey_api::android`), so what this prints is exactly
//! what `--android-app` makes the server accept.

use anyhow::anyhow;
use crux_passkey_api::android::AndroidApp;

pub fn print(fingerprint: &str) -> anyhow::Result<()> {
    let app = AndroidApp::parse(&format!("app:{fingerprint}")).map_err(|e| anyhow!(e))?;
    println!("{}", app.origin());
    Ok(())
}
