//! What a stolen session token can no longer do: sessions end with the passkey that opened
//! them, every session of an account can be ended at once, and adding or deleting a passkey
//! needs a fresh passkey assertion.

use axum::http::Method;
use serde_json::json;

use crate::authenticator::{Alg, SoftKey};
use crate::harness::TestServer;

#[tokio::test]
async fn deleting_a_passkey_ends_the_sessions_it_opened() {
    let server = TestServer::new().await;
    let (mut first, opened_by_first) = server.sign_up("alice", Alg::Es256).await;
    let mut second = SoftKey::generate(Alg::Es256);
    server
        .add_passkey(&opened_by_first, &mut second)
        .await
        .assert_status(201);
    let also_by_first = server.sign_in(Some("alice"), &mut first).await;
    let by_second = server.sign_in(None, &mut second).await;

    server
        .call(
            Method::DELETE,
            &format!("/auth/passkeys/{}", first.id()),
            None,
            Some(&by_second),
        )
        .await
        .assert_status(204);

    for ended in [&opened_by_first, &also_by_first] {
        server
            .get_as(ended, "/auth/session")
            .await
            .assert_error(401, "UNAUTHENTICATED");
    }
    server
        .get_as(&by_second, "/auth/session")
        .await
        .assert_status(200);
    assert_eq!(server.snapshot().await.sessions, 1);
}

#[tokio::test]
async fn a_refused_delete_ends_no_session() {
    let server = TestServer::new().await;
    let (only, token) = server.sign_up("alice", Alg::Es256).await;
    let before = server.snapshot().await;
    server
        .call(
            Method::DELETE,
            &format!("/auth/passkeys/{}", only.id()),
            None,
            Some(&token),
        )
        .await
        .assert_error(409, "LAST_PASSKEY");
    assert_eq!(server.snapshot().await, before);
    server
        .get_as(&token, "/auth/session")
        .await
        .assert_status(200);
}

#[tokio::test]
async fn logout_all_ends_every_session_of_the_account_only() {
    let server = TestServer::new().await;
    let (mut key, first) = server.sign_up("alice", Alg::Es256).await;
    let second = server.sign_in(Some("alice"), &mut key).await;
    let (_bob_key, bob) = server.sign_up("bob", Alg::Es256).await;

    let reply = server
        .call(Method::POST, "/auth/logout-all", None, Some(&second))
        .await;
    reply.assert_status(204);
    let cookie = reply.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("Max-Age=0"), "{cookie}");
    for ended in [&first, &second] {
        server
            .get_as(ended, "/auth/session")
            .await
            .assert_error(401, "UNAUTHENTICATED");
    }
    server
        .get_as(&bob, "/auth/session")
        .await
        .assert_status(200);
    assert_eq!(server.snapshot().await.sessions, 1);
}

#[tokio::test]
async fn logout_all_needs_a_session() {
    let server = TestServer::new().await;
    server.sign_up("alice", Alg::Es256).await;
    let before = server.snapshot().await;
    server
        .call(Method::POST, "/auth/logout-all", None, None)
        .await
        .assert_error(401, "UNAUTHENTICATED");
    server
        .call(Method::POST, "/auth/logout-all", None, Some("not-a-token"))
        .await
        .assert_error(401, "UNAUTHENTICATED");
    assert_eq!(server.snapshot().await, before);
}

#[tokio::test]
async fn an_old_session_cannot_add_or_delete_a_passkey() {
    let server = TestServer::new().await;
    let (first, token) = server.sign_up("alice", Alg::Es256).await;
    let mut second = SoftKey::generate(Alg::Es256);
    server
        .add_passkey(&token, &mut second)
        .await
        .assert_status(201);
    server.age_sessions().await;
    let before = server.snapshot().await;
    let ceremonies = server.ceremonies().await;

    let mut third = SoftKey::generate(Alg::Es256);
    server
        .add_passkey(&token, &mut third)
        .await
        .assert_error(403, "REAUTH_REQUIRED");
    server
        .call(
            Method::DELETE,
            &format!("/auth/passkeys/{}", first.id()),
            None,
            Some(&token),
        )
        .await
        .assert_error(403, "REAUTH_REQUIRED");

    assert_eq!(server.snapshot().await, before);
    assert_eq!(server.ceremonies().await, ceremonies);
    // Renaming and reading are not sensitive.
    server
        .call(
            Method::PATCH,
            &format!("/auth/passkeys/{}", first.id()),
            Some(json!({"name": "Laptop"})),
            Some(&token),
        )
        .await
        .assert_status(200);
    server
        .get_as(&token, "/auth/passkeys")
        .await
        .assert_status(200);
}

#[tokio::test]
async fn reauthenticating_allows_the_change_again() {
    let server = TestServer::new().await;
    let (mut first, token) = server.sign_up("alice", Alg::Es256).await;
    server.age_sessions().await;
    let aged = server.authenticated_at(&token).await.unwrap();

    let reply = server.reauth(&token, &mut first).await;
    assert_eq!(reply.assert_status(200)["user"]["username"], "alice");
    assert!(server.authenticated_at(&token).await.unwrap() > aged);

    let mut second = SoftKey::generate(Alg::Es256);
    server
        .add_passkey(&token, &mut second)
        .await
        .assert_status(201);
    server
        .call(
            Method::DELETE,
            &format!("/auth/passkeys/{}", second.id()),
            None,
            Some(&token),
        )
        .await
        .assert_status(204);
}

#[tokio::test]
async fn reauth_start_lists_the_accounts_passkeys() {
    let server = TestServer::new().await;
    let (first, token) = server.sign_up("alice", Alg::Es256).await;
    let reply = server
        .post_as(&token, "/auth/reauth/start", json!({}))
        .await;
    let options = &reply.assert_status(200)["options"];
    assert_eq!(options["allowCredentials"][0]["id"], first.id());
    assert_eq!(options["allowCredentials"].as_array().unwrap().len(), 1);
    server
        .call(Method::POST, "/auth/reauth/start", None, Some(&token))
        .await
        .assert_status(200);
}

#[tokio::test]
async fn another_accounts_passkey_does_not_reauthenticate() {
    let server = TestServer::new().await;
    let (_alice_key, alice) = server.sign_up("alice", Alg::Es256).await;
    let (mut bob_key, _bob) = server.sign_up("bob", Alg::Es256).await;
    server.age_sessions().await;
    let aged = server.authenticated_at(&alice).await;
    let before = server.snapshot().await;

    let start = server
        .post_as(&alice, "/auth/reauth/start", json!({}))
        .await;
    let body = start.assert_status(200);
    // Bob's key signs Alice's challenge; its handle names Bob.
    let credential = bob_key.sign_in(&body["options"]);
    server
        .post_as(
            &alice,
            "/auth/reauth/finish",
            json!({"ceremonyId": body["ceremonyId"], "credential": credential}),
        )
        .await
        .assert_error(400, "VERIFICATION_FAILED");
    assert_eq!(server.authenticated_at(&alice).await, aged);
    assert_eq!(server.snapshot().await, before);
    let mut third = SoftKey::generate(Alg::Es256);
    server
        .add_passkey(&alice, &mut third)
        .await
        .assert_error(403, "REAUTH_REQUIRED");
}

#[tokio::test]
async fn a_reauth_ceremony_belongs_to_the_session_that_started_it() {
    let server = TestServer::new().await;
    let (mut key, first) = server.sign_up("alice", Alg::Es256).await;
    let second = server.sign_in(Some("alice"), &mut key).await;
    server.age_sessions().await;
    let aged = server.authenticated_at(&second).await;

    let start = server
        .post_as(&first, "/auth/reauth/start", json!({}))
        .await;
    let body = start.assert_status(200);
    let credential = key.sign_in(&body["options"]);
    server
        .post_as(
            &second,
            "/auth/reauth/finish",
            json!({"ceremonyId": body["ceremonyId"], "credential": credential}),
        )
        .await
        .assert_error(404, "CEREMONY_NOT_FOUND");
    assert_eq!(server.authenticated_at(&second).await, aged);
}

#[tokio::test]
async fn reauth_needs_a_session_and_a_real_assertion() {
    let server = TestServer::new().await;
    let (mut key, token) = server.sign_up("alice", Alg::Es256).await;
    server
        .call(Method::POST, "/auth/reauth/start", Some(json!({})), None)
        .await
        .assert_error(401, "UNAUTHENTICATED");
    server.age_sessions().await;
    let aged = server.authenticated_at(&token).await;
    let start = server
        .post_as(&token, "/auth/reauth/start", json!({}))
        .await;
    let body = start.assert_status(200);
    let mut params = key.get_params(&body["options"]);
    params.corrupt_signature = true;
    let forged = key.assert(&params);
    server
        .post_as(
            &token,
            "/auth/reauth/finish",
            json!({"ceremonyId": body["ceremonyId"], "credential": forged}),
        )
        .await
        .assert_error(400, "VERIFICATION_FAILED");
    assert_eq!(server.authenticated_at(&token).await, aged);
    // A login ceremony is not a reauth ceremony.
    let (login_ceremony, options) = server.login_start(Some("alice")).await;
    server
        .post_as(
            &token,
            "/auth/reauth/finish",
            json!({"ceremonyId": login_ceremony, "credential": key.sign_in(&options)}),
        )
        .await
        .assert_error(404, "CEREMONY_NOT_FOUND");
    assert_eq!(server.authenticated_at(&token).await, aged);
}

#[tokio::test]
async fn the_reauth_window_is_configurable() {
    let server = TestServer::with(|c| c.reauth_window = std::time::Duration::from_secs(7200)).await;
    let (_key, token) = server.sign_up("alice", Alg::Es256).await;
    server.age_sessions().await;
    let mut second = SoftKey::generate(Alg::Es256);
    server
        .add_passkey(&token, &mut second)
        .await
        .assert_status(201);
    assert_eq!(
        server::Config::local_default().reauth_window,
        std::time::Duration::from_secs(300)
    );
}

#[tokio::test]
async fn a_reauth_recorded_after_its_session_ended_changes_nothing() {
    let server = TestServer::new().await;
    let (key, token) = server.sign_up("alice", Alg::Es256).await;
    server
        .call(Method::POST, "/auth/logout", None, Some(&token))
        .await
        .assert_status(204);
    let user_id = server
        .state
        .store
        .passkey(&key.id())
        .await
        .unwrap()
        .unwrap()
        .user_id;
    let before = server.snapshot().await;
    let stored = server.stored_counter(&key.id()).await;
    let update = server::store::LoginUpdate {
        passkey_id: key.id(),
        expected_counter: stored,
        counter: stored + 1,
        credential: "{}".to_owned(),
        backed_up: false,
        now: 1,
    };
    let refused = server
        .state
        .store
        .record_reauth(update, &user_id, &server::session::hash_token(&token))
        .await
        .unwrap_err();
    assert_eq!(refused.code, crux_passkey_api::ErrorCode::Unauthenticated);
    // The passkey's counter rolled back with the session refresh.
    assert_eq!(server.snapshot().await, before);
}
