//! `PATCH /auth/me`, and what the answers give the platform's signals: the rp id and the user
//! handle the authenticator keeps.

use axum::http::Method;
use serde_json::json;

use crate::authenticator::{Alg, SoftKey, b64};
use crate::harness::TestServer;

async fn patch_me(
    server: &TestServer,
    token: Option<&str>,
    body: serde_json::Value,
) -> crate::harness::Reply {
    server
        .call(Method::PATCH, "/auth/me", Some(body), token)
        .await
}

#[tokio::test]
async fn a_new_display_name_is_kept_and_shown_everywhere() {
    let server = TestServer::new().await;
    let mut key = SoftKey::generate(Alg::Es256);
    let token = server.sign_up_with("alice", &mut key).await;

    let reply = patch_me(
        &server,
        Some(&token),
        json!({"displayName": " Alice Pleasance "}),
    )
    .await;
    let body = reply.assert_status(200);
    assert_eq!(body["user"]["displayName"], "Alice Pleasance");
    assert_eq!(body["user"]["username"], "alice");
    assert_eq!(body["rpId"], "localhost");

    let session = server.get_as(&token, "/auth/session").await;
    assert_eq!(
        session.assert_status(200)["user"]["displayName"],
        "Alice Pleasance"
    );
    let (ceremony, options) = server.login_start(Some("alice")).await;
    let signed_in = server.login_finish(&ceremony, key.sign_in(&options)).await;
    assert_eq!(
        signed_in.assert_status(200)["user"]["displayName"],
        "Alice Pleasance"
    );
}

#[tokio::test]
async fn changing_the_name_needs_a_session_and_changes_nothing_without_one() {
    let server = TestServer::new().await;
    let (_key, token) = server.sign_up("alice", Alg::Es256).await;
    for bad in [None, Some("not-a-session-token")] {
        let reply = patch_me(&server, bad, json!({"displayName": "Mallory"})).await;
        assert_eq!(reply.status, 401);
        assert_eq!(reply.body["error"]["code"], "UNAUTHENTICATED");
    }
    let session = server.get_as(&token, "/auth/session").await;
    assert_eq!(session.assert_status(200)["user"]["displayName"], "alice");
}

#[tokio::test]
async fn a_bad_name_is_refused_and_the_old_one_stays() {
    let server = TestServer::new().await;
    let (_key, token) = server.sign_up("alice", Alg::Es256).await;
    for bad in [
        json!({"displayName": ""}),
        json!({"displayName": "   "}),
        json!({"displayName": "x".repeat(200)}),
        json!({"displayName": "bell\u{0007}name"}),
        json!({"displayName": 7}),
        json!({}),
    ] {
        let reply = patch_me(&server, Some(&token), bad.clone()).await;
        assert_eq!(reply.status, 400, "{bad}");
        assert_eq!(reply.body["error"]["code"], "INVALID_REQUEST", "{bad}");
    }
    let session = server.get_as(&token, "/auth/session").await;
    assert_eq!(session.assert_status(200)["user"]["displayName"], "alice");
}

#[tokio::test]
async fn the_user_handle_is_the_one_the_authenticator_keeps_and_the_rp_id_comes_along() {
    let server = TestServer::new().await;
    let mut key = SoftKey::generate(Alg::Es256);
    let (ceremony, options) = server.register_start("alice").await;
    let registered = server
        .register_finish(&ceremony, key.register(&options))
        .await;
    let registered = registered.assert_status(201);
    assert_eq!(registered["user"]["handle"], options["user"]["id"]);
    assert_eq!(registered["user"]["handle"], b64(&key.user_handle));
    assert_eq!(registered["rpId"], "localhost");

    let (ceremony, options) = server.login_start(None).await;
    let signed_in = server.login_finish(&ceremony, key.sign_in(&options)).await;
    let signed_in = signed_in.assert_status(200);
    assert_eq!(signed_in["user"]["handle"], registered["user"]["handle"]);
    assert_eq!(signed_in["rpId"], "localhost");

    let token = signed_in["session"]["token"].as_str().unwrap();
    let session = server.get_as(token, "/auth/session").await;
    let session = session.assert_status(200);
    assert_eq!(session["user"]["handle"], registered["user"]["handle"]);
    assert_eq!(session["rpId"], "localhost");
}
