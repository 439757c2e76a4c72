//! `.well-known` association files built from flags, and the configuration they come from.

use axum::http::{Method, header};
use clap::Parser as _;
use serde_json::json;
use server::Config;

use crate::harness::TestServer;

const FINGERPRINT: &str = "14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5";

#[tokio::test]
async fn association_files_come_from_the_flags() {
    let server = TestServer::with(|c| {
        let parsed = Config::try_parse_from([
            "server",
            "--apple-app-id",
            "ABCDE12345.com.example.cruxpasskey",
            "--apple-app-id",
            "ABCDE12345.com.example.other",
            "--android-app",
            &format!("com.example.cruxpasskey:{}", FINGERPRINT.to_lowercase()),
            "--related-origin",
            "https://example.co.uk",
        ])
        .unwrap();
        c.apple_app_ids = parsed.apple_app_ids;
        c.android_apps = parsed.android_apps;
        c.related_origins = parsed.related_origins;
    })
    .await;

    let apple = server
        .call(
            Method::GET,
            "/.well-known/apple-app-site-association",
            None,
            None,
        )
        .await;
    assert_eq!(apple.headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(
        apple.assert_status(200),
        &json!({"webcredentials": {"apps": ["ABCDE12345.com.example.cruxpasskey", "ABCDE12345.com.example.other"]}})
    );

    let android = server
        .call(Method::GET, "/.well-known/assetlinks.json", None, None)
        .await;
    assert_eq!(
        android.assert_status(200),
        &json!([{
            "relation": ["delegate_permission/common.get_login_creds"],
            "target": {
                "namespace": "android_app",
                "package_name": "com.example.cruxpasskey",
                "sha256_cert_fingerprints": [FINGERPRINT]
            }
        }])
    );

    let related = server
        .call(Method::GET, "/.well-known/webauthn", None, None)
        .await;
    assert_eq!(
        related.assert_status(200),
        &json!({"origins": ["https://example.co.uk"]})
    );
}

#[test]
fn defaults_run_a_local_demo_without_flags() {
    let config = Config::local_default();
    assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
    assert_eq!(config.rp_id, "localhost");
    assert_eq!(config.origins, vec!["http://localhost:8080".to_owned()]);
    assert!(config.database.starts_with("sqlite://data/"));
    assert_eq!(
        config.user_verification,
        server::config::UserVerification::Required
    );
    assert!(!config.cookie_secure());
}

#[test]
fn android_apps_derive_their_origin() {
    let app = server::config::AndroidApp::parse(&format!("com.example:{FINGERPRINT}")).unwrap();
    assert_eq!(app.package, "com.example");
    assert_eq!(
        app.origin(),
        "android:apk-key-hash:FG3pg8VzBlDY7rmVLzT8ZBagg0LmHb6oigSWsj_PROU"
    );
    for bad in ["no-colon", ":AA", "com.example:AA:BB", "com.example:zz"] {
        assert!(server::config::AndroidApp::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(server::config::parse_duration("5m").unwrap().as_secs(), 300);
    assert_eq!(
        server::config::parse_duration("30d").unwrap().as_secs(),
        2_592_000
    );
    assert!(server::config::parse_duration("5x").is_err());
    assert!(server::config::parse_duration("0").is_err());
}
