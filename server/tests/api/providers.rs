//! Passkeys say which provider holds them (from the AAGUID they registered with), and one
//! registered without a name is named after its provider, uniquely per account.

use axum::http::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::authenticator::{Alg, SoftKey};
use crate::harness::TestServer;

const GOOGLE: &str = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4";
const APPLE: &str = "fbfc3007-154e-4ecc-8c0b-6e020557d7bd";

fn key_of(aaguid: &str, alg: Alg) -> SoftKey {
    let mut key = SoftKey::generate(alg);
    key.aaguid = *Uuid::parse_str(aaguid).unwrap().as_bytes();
    key
}

/// `passkeys/start` + `finish` for `key`, with an optional name; answers the new passkey.
async fn add(server: &TestServer, token: &str, key: &mut SoftKey, name: Option<&str>) -> Value {
    let started = server
        .post_as(token, "/auth/passkeys/start", json!({}))
        .await;
    let started = started.assert_status(200).clone();
    let credential = key.register(&started["options"]);
    let mut body = json!({"ceremonyId": started["ceremonyId"], "credential": credential});
    if let Some(name) = name {
        body["name"] = json!(name);
    }
    server
        .post_as(token, "/auth/passkeys/finish", body)
        .await
        .assert_status(201)
        .clone()
}

#[tokio::test]
async fn a_passkey_from_a_known_provider_says_so_and_is_named_after_it() {
    let server = TestServer::new().await;
    let mut key = key_of(GOOGLE, Alg::Es256);
    let (ceremony, options) = server.register_start("alice").await;
    let reply = server
        .register_finish(&ceremony, key.register(&options))
        .await;
    let body = reply.assert_status(201);
    let passkey = &body["passkey"];
    assert_eq!(passkey["name"], "Google Password Manager");
    assert_eq!(passkey["provider"]["aaguid"], GOOGLE);
    assert_eq!(passkey["provider"]["name"], "Google Password Manager");
    for icon in ["iconLight", "iconDark"] {
        assert!(
            passkey["provider"][icon]
                .as_str()
                .unwrap()
                .starts_with("data:image/svg+xml;base64,"),
            "{icon}"
        );
    }

    let token = body["session"]["token"].as_str().unwrap();
    let listed = server.get_as(token, "/auth/passkeys").await;
    assert_eq!(
        listed.assert_status(200)[0]["provider"]["name"],
        "Google Password Manager"
    );
}

#[tokio::test]
async fn more_passkeys_of_one_provider_get_names_of_their_own() {
    let server = TestServer::new().await;
    let mut first = key_of(GOOGLE, Alg::Es256);
    let token = server.sign_up_with("alice", &mut first).await;

    let second = add(&server, &token, &mut key_of(GOOGLE, Alg::Es256), None).await;
    assert_eq!(second["name"], "Google Password Manager 2");
    let apple = add(&server, &token, &mut key_of(APPLE, Alg::Es256), None).await;
    assert_eq!(apple["name"], "Apple Passwords");
    let third = add(&server, &token, &mut key_of(GOOGLE, Alg::EdDsa), None).await;
    assert_eq!(third["name"], "Google Password Manager 3");
    assert_eq!(
        third["provider"]["aaguid"], GOOGLE,
        "Ed25519 keys carry it too"
    );

    // Another account starts its own count.
    let bob = server
        .sign_up_with("bob", &mut key_of(GOOGLE, Alg::Es256))
        .await;
    let listed = server.get_as(&bob, "/auth/passkeys").await;
    assert_eq!(
        listed.assert_status(200)[0]["name"],
        "Google Password Manager"
    );
}

#[tokio::test]
async fn a_name_asked_for_wins_over_the_provider() {
    let server = TestServer::new().await;
    let token = server
        .sign_up_with("alice", &mut key_of(GOOGLE, Alg::Es256))
        .await;
    let added = add(
        &server,
        &token,
        &mut key_of(APPLE, Alg::Es256),
        Some("Work phone"),
    )
    .await;
    assert_eq!(added["name"], "Work phone");
    assert_eq!(added["provider"]["name"], "Apple Passwords");
}

#[tokio::test]
async fn an_unknown_or_empty_aaguid_names_no_provider() {
    let server = TestServer::new().await;
    let (_key, token) = server.sign_up("alice", Alg::Es256).await;
    let listed = server.get_as(&token, "/auth/passkeys").await;
    let first = &listed.assert_status(200)[0];
    assert_eq!(first["provider"], Value::Null, "all zeros says nothing");
    assert_eq!(first["name"], "Passkey");

    let unknown = "0badc0de-0000-4000-8000-000000000001";
    let added = add(&server, &token, &mut key_of(unknown, Alg::Es256), None).await;
    assert_eq!(added["provider"], Value::Null);
    assert_eq!(added["name"], "Passkey");
    let stored: Option<String> = sqlx::query_scalar("SELECT aaguid FROM passkeys WHERE id = $1")
        .bind(added["id"].as_str().unwrap())
        .fetch_one(server.state.store.pool())
        .await
        .unwrap();
    assert_eq!(
        stored.as_deref(),
        Some(unknown),
        "kept, for when the list learns it"
    );
}

#[tokio::test]
async fn a_refused_registration_stores_no_provider() {
    let server = TestServer::new().await;
    let token = server
        .sign_up_with("alice", &mut key_of(GOOGLE, Alg::Es256))
        .await;
    let before = server.snapshot().await;
    let started = server
        .post_as(&token, "/auth/passkeys/start", json!({}))
        .await;
    let started = started.assert_status(200);
    let mut key = key_of(APPLE, Alg::Es256);
    let mut params = key.create_params(&started["options"]);
    params.origin = "https://evil.example".to_owned();
    let reply = server
        .post_as(
            &token,
            "/auth/passkeys/finish",
            json!({"ceremonyId": started["ceremonyId"], "credential": key.attest(&params)}),
        )
        .await;
    assert_eq!(reply.status, 400);
    assert_eq!(server.snapshot().await, before);
    let listed = server
        .call(Method::GET, "/auth/passkeys", None, Some(&token))
        .await;
    assert_eq!(listed.assert_status(200).as_array().unwrap().len(), 1);
}
