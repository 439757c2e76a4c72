//! Association files that let the apps and related origins use this relying party's passkeys.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::AppState;
use crate::config::Config;

/// iOS: `webcredentials` lists the `TEAMID.bundle.id` apps allowed to use the passkeys.
pub async fn apple_app_site_association(State(app): State<AppState>) -> Json<Value> {
    Json(apple(&app.config))
}

/// Android: each app may get the login credentials of this site.
pub async fn assetlinks(State(app): State<AppState>) -> Json<Value> {
    Json(android(&app.config))
}

/// WebAuthn Related Origin Requests: other origins allowed to use this RP id.
pub async fn webauthn(State(app): State<AppState>) -> Json<Value> {
    Json(json!({ "origins": app.config.related_origins }))
}

#[must_use]
pub fn apple(config: &Config) -> Value {
    json!({ "webcredentials": { "apps": config.apple_app_ids } })
}

#[must_use]
pub fn android(config: &Config) -> Value {
    Value::Array(
        config
            .android_apps
            .iter()
            .map(|app| {
                json!({
                    "relation": ["delegate_permission/common.get_login_creds"],
                    "target": {
                        "namespace": "android_app",
                        "package_name": app.package,
                        "sha256_cert_fingerprints": [app.fingerprint],
                    }
                })
            })
            .collect(),
    )
}
