//! Passkey management for the signed-in user, with two users.

use axum::http::Method;
use serde_json::json;

use crate::authenticator::{Alg, SoftKey};
use crate::harness::TestServer;

#[tokio::test]
async fn list_rename_add_and_delete() {
    let server = TestServer::new().await;
    let (mut first, token) = server.sign_up("alice", Alg::Es256).await;

    let list = server.get_as(&token, "/auth/passkeys").await;
    assert_eq!(list.assert_status(200).as_array().unwrap().len(), 1);

    let renamed = server
        .call(
            Method::PATCH,
            &format!("/auth/passkeys/{}", first.id()),
            Some(json!({"name": "  Work laptop "})),
            Some(&token),
        )
        .await;
    assert_eq!(renamed.assert_status(200)["name"], "Work laptop");
    server
        .call(
            Method::PATCH,
            &format!("/auth/passkeys/{}", first.id()),
            Some(json!({"name": ""})),
            Some(&token),
        )
        .await
        .assert_error(400, "INVALID_REQUEST");

    // Add another; the options exclude the one already registered.
    let start = server
        .post_as(&token, "/auth/passkeys/start", json!({}))
        .await;
    let body = start.assert_status(200);
    let options = body["options"].clone();
    assert_eq!(options["excludeCredentials"][0]["id"], first.id());
    assert_eq!(options["user"]["name"], "alice");
    let mut second = SoftKey::generate(Alg::EdDsa);
    let added = server
        .post_as(
            &token,
            "/auth/passkeys/finish",
            json!({"ceremonyId": body["ceremonyId"], "credential": second.register(&options), "name": "Phone"}),
        )
        .await;
    let added = added.assert_status(201);
    assert_eq!(added["name"], "Phone");
    assert_eq!(added["id"], second.id());

    let list = server.get_as(&token, "/auth/passkeys").await;
    assert_eq!(list.assert_status(200).as_array().unwrap().len(), 2);
    // Both sign in.
    server.sign_in(Some("alice"), &mut first).await;
    let token = server.sign_in(None, &mut second).await;

    let path = format!("/auth/passkeys/{}", first.id());
    server
        .call(Method::DELETE, &path, None, Some(&token))
        .await
        .assert_status(204);
    let list = server.get_as(&token, "/auth/passkeys").await;
    assert_eq!(list.assert_status(200)[0]["id"], second.id());
    // The deleted passkey no longer signs in.
    let (ceremony, options) = server.login_start(None).await;
    server
        .login_finish(&ceremony, first.sign_in(&options))
        .await
        .assert_error(401, "UNKNOWN_CREDENTIAL");

    // The last one stays.
    let before = server.snapshot().await;
    server
        .call(
            Method::DELETE,
            &format!("/auth/passkeys/{}", second.id()),
            None,
            Some(&token),
        )
        .await
        .assert_error(409, "LAST_PASSKEY");
    assert_eq!(server.snapshot().await, before);
}

#[tokio::test]
async fn an_empty_body_starts_adding_a_passkey_too() {
    let server = TestServer::new().await;
    let (_key, token) = server.sign_up("bob", Alg::Es256).await;
    server
        .call(Method::POST, "/auth/passkeys/start", None, Some(&token))
        .await
        .assert_status(200);
}

#[tokio::test]
async fn another_users_passkeys_are_not_found() {
    let server = TestServer::new().await;
    let (alice_key, alice) = server.sign_up("alice", Alg::Es256).await;
    let (mut bob_key, bob) = server.sign_up("bob", Alg::Es256).await;
    let mut bob_second = SoftKey::generate(Alg::Es256);
    let start = server
        .post_as(&bob, "/auth/passkeys/start", json!({}))
        .await;
    let body = start.assert_status(200).clone();
    server
        .post_as(
            &bob,
            "/auth/passkeys/finish",
            json!({"ceremonyId": body["ceremonyId"], "credential": bob_second.register(&body["options"])}),
        )
        .await
        .assert_status(201);

    let lists = server.get_as(&alice, "/auth/passkeys").await;
    assert_eq!(lists.assert_status(200).as_array().unwrap().len(), 1);
    assert_eq!(lists.body[0]["id"], alice_key.id());

    let before = server.snapshot().await;
    let bobs = format!("/auth/passkeys/{}", bob_key.id());
    server
        .call(
            Method::PATCH,
            &bobs,
            Some(json!({"name": "mine now"})),
            Some(&alice),
        )
        .await
        .assert_error(404, "NOT_FOUND");
    server
        .call(Method::DELETE, &bobs, None, Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
    server
        .call(
            Method::DELETE,
            "/auth/passkeys/does-not-exist",
            None,
            Some(&alice),
        )
        .await
        .assert_error(404, "NOT_FOUND");
    server
        .call(Method::DELETE, "/auth/passkeys/%25%25", None, Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
    assert_eq!(server.snapshot().await, before);
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM passkeys ORDER BY name")
        .fetch_all(server.state.store.pool())
        .await
        .unwrap();
    assert!(!names.contains(&"mine now".to_owned()));

    // Bob's add-passkey ceremony cannot be finished by Alice.
    let start = server
        .post_as(&bob, "/auth/passkeys/start", json!({}))
        .await;
    let body = start.assert_status(200).clone();
    let mut alice_extra = SoftKey::generate(Alg::Es256);
    server
        .post_as(
            &alice,
            "/auth/passkeys/finish",
            json!({"ceremonyId": body["ceremonyId"], "credential": alice_extra.register(&body["options"])}),
        )
        .await
        .assert_error(404, "CEREMONY_NOT_FOUND");
    assert_eq!(server.snapshot().await, before);
    server.sign_in(Some("bob"), &mut bob_key).await;
}

#[tokio::test]
async fn adding_an_already_registered_passkey_is_refused() {
    let server = TestServer::new().await;
    let (_alice_key, alice) = server.sign_up("alice", Alg::Es256).await;
    let (mut bob_key, _bob) = server.sign_up("bob", Alg::Es256).await;
    let start = server
        .post_as(&alice, "/auth/passkeys/start", json!({}))
        .await;
    let body = start.assert_status(200).clone();
    let before = server.snapshot().await;
    server
        .post_as(
            &alice,
            "/auth/passkeys/finish",
            json!({"ceremonyId": body["ceremonyId"], "credential": bob_key.register(&body["options"])}),
        )
        .await
        .assert_error(409, "CREDENTIAL_EXISTS");
    assert_eq!(server.snapshot().await, before);
}

#[tokio::test]
async fn management_needs_a_session() {
    let server = TestServer::new().await;
    let (key, _) = server.sign_up("carol", Alg::Es256).await;
    for (method, path) in [
        (Method::GET, "/auth/passkeys".to_owned()),
        (Method::POST, "/auth/passkeys/start".to_owned()),
        (Method::DELETE, format!("/auth/passkeys/{}", key.id())),
    ] {
        server
            .call(method, &path, Some(json!({})), None)
            .await
            .assert_error(401, "UNAUTHENTICATED");
    }
    server
        .call(
            Method::PATCH,
            &format!("/auth/passkeys/{}", key.id()),
            Some(json!({"name": "x"})),
            Some("bogus"),
        )
        .await
        .assert_error(401, "UNAUTHENTICATED");
}
