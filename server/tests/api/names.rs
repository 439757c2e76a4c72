//! Usernames compared as PRECIS UsernameCaseMapped; display and passkey names without
//! invisible or line-breaking characters; names checked before a ceremony is consumed.

use axum::http::Method;
use serde_json::json;

use crate::authenticator::{Alg, SoftKey};
use crate::harness::TestServer;

#[tokio::test]
async fn fullwidth_and_case_variants_are_the_same_username() {
    let server = TestServer::new().await;
    let (mut key, _token) = server.sign_up("ａｄｍｉｎ", Alg::Es256).await;
    let me = server.sign_in(Some("admin"), &mut key).await;
    let session = server.get_as(&me, "/auth/session").await;
    assert_eq!(session.assert_status(200)["user"]["username"], "admin");
    let before = server.snapshot().await;
    for variant in ["admin", "ADMIN", "Ａｄｍｉｎ"] {
        server
            .post("/auth/register/start", json!({"username": variant}))
            .await
            .assert_error(409, "USERNAME_TAKEN");
    }
    assert_eq!(server.snapshot().await, before);
    // Signing in with the fullwidth spelling finds the same account.
    server.sign_in(Some("ＡＤＭＩＮ"), &mut key).await;
}

#[tokio::test]
async fn usernames_precis_refuses_are_invalid() {
    let server = TestServer::new().await;
    for bad in [
        "ad\u{200B}min",
        "ad min",
        "adm\u{202E}in",
        "\u{1F600}\u{1F600}\u{1F600}",
    ] {
        server
            .post("/auth/register/start", json!({"username": bad}))
            .await
            .assert_error(400, "INVALID_USERNAME");
    }
    assert_eq!(server.ceremonies().await, 0);
}

const HIDDEN: [(&str, char); 5] = [
    ("right-to-left override", '\u{202E}'),
    ("zero-width space", '\u{200B}'),
    ("zero-width joiner", '\u{200D}'),
    ("line separator", '\u{2028}'),
    ("paragraph separator", '\u{2029}'),
];

#[tokio::test]
async fn display_names_with_hidden_characters_are_refused() {
    let server = TestServer::new().await;
    let (_key, token) = server.sign_up("alice", Alg::Es256).await;
    for (what, c) in HIDDEN {
        let name = format!("Ali{c}ce");
        server
            .post(
                "/auth/register/start",
                json!({"username": "bob", "displayName": name}),
            )
            .await
            .assert_error(400, "INVALID_REQUEST");
        server
            .call(
                Method::PATCH,
                "/auth/me",
                Some(json!({"displayName": name})),
                Some(&token),
            )
            .await
            .assert_error(400, "INVALID_REQUEST");
        let me = server.get_as(&token, "/auth/session").await;
        assert_eq!(
            me.assert_status(200)["user"]["displayName"],
            "alice",
            "{what}"
        );
    }
    // Ordinary non-Latin names are fine.
    server
        .call(
            Method::PATCH,
            "/auth/me",
            Some(json!({"displayName": "Zoë 山田 محمد"})),
            Some(&token),
        )
        .await
        .assert_status(200);
}

#[tokio::test]
async fn passkey_names_with_hidden_characters_are_refused() {
    let server = TestServer::new().await;
    let (key, token) = server.sign_up("alice", Alg::Es256).await;
    let path = format!("/auth/passkeys/{}", key.id());
    for (what, c) in HIDDEN {
        server
            .call(
                Method::PATCH,
                &path,
                Some(json!({"name": format!("Pho{c}ne")})),
                Some(&token),
            )
            .await
            .assert_error(400, "INVALID_REQUEST");
        let list = server.get_as(&token, "/auth/passkeys").await;
        assert_eq!(list.assert_status(200)[0]["name"], "Passkey", "{what}");
    }
}

#[tokio::test]
async fn a_bad_name_at_finish_keeps_the_ceremony() {
    let server = TestServer::new().await;
    let mut key = SoftKey::generate(Alg::Es256);
    let (ceremony, options) = server.register_start("alice").await;
    let credential = key.register(&options);
    let before = server.snapshot().await;
    server
        .post(
            "/auth/register/finish",
            json!({"ceremonyId": ceremony, "credential": credential, "name": "Key\u{202E}"}),
        )
        .await
        .assert_error(400, "INVALID_REQUEST");
    assert_eq!(server.snapshot().await, before);
    // The device already made the passkey: the retry with a good name finishes.
    let reply = server
        .post(
            "/auth/register/finish",
            json!({"ceremonyId": ceremony, "credential": credential, "name": "Laptop"}),
        )
        .await;
    assert_eq!(reply.assert_status(201)["passkey"]["name"], "Laptop");

    let token = reply.body["session"]["token"].as_str().unwrap().to_owned();
    let start = server
        .post_as(&token, "/auth/passkeys/start", json!({}))
        .await;
    let body = start.assert_status(200).clone();
    let mut second = SoftKey::generate(Alg::Es256);
    let credential = second.register(&body["options"]);
    server
        .post_as(
            &token,
            "/auth/passkeys/finish",
            json!({"ceremonyId": body["ceremonyId"], "credential": credential, "name": " "}),
        )
        .await
        .assert_error(400, "INVALID_REQUEST");
    server
        .post_as(
            &token,
            "/auth/passkeys/finish",
            json!({"ceremonyId": body["ceremonyId"], "credential": credential, "name": "Phone"}),
        )
        .await
        .assert_status(201);
}
