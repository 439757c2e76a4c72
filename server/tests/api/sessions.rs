//! `GET /auth/session` and `POST /auth/logout`, by bearer token and by cookie.

use axum::body::Body;
use axum::http::{Method, Request, header};

use crate::authenticator::Alg;
use crate::harness::TestServer;

fn with_cookie(method: Method, path: &str, cookie: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn the_session_works_by_bearer_and_by_cookie() {
    let server = TestServer::new().await;
    let (_key, token) = server.sign_up("alice", Alg::Es256).await;
    let bearer = server.get_as(&token, "/auth/session").await;
    assert_eq!(bearer.assert_status(200)["user"]["username"], "alice");
    assert_eq!(
        bearer.headers.get(header::CACHE_CONTROL).unwrap(),
        "no-store"
    );

    let cookie = format!("theme=dark; crux_passkey_session={token}; other=1");
    let by_cookie = server
        .request(with_cookie(Method::GET, "/auth/session", &cookie))
        .await;
    assert_eq!(by_cookie.assert_status(200)["user"]["username"], "alice");
}

#[tokio::test]
async fn no_or_bad_tokens_are_unauthenticated() {
    let server = TestServer::new().await;
    server.sign_up("bob", Alg::Es256).await;
    let none = server.call(Method::GET, "/auth/session", None, None).await;
    none.assert_error(401, "UNAUTHENTICATED");
    assert_eq!(
        none.headers.get(header::WWW_AUTHENTICATE).unwrap(),
        "Bearer"
    );
    server
        .get_as("not-a-real-token", "/auth/session")
        .await
        .assert_error(401, "UNAUTHENTICATED");
    server
        .request(with_cookie(
            Method::GET,
            "/auth/session",
            "crux_passkey_session=forged",
        ))
        .await
        .assert_error(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn tokens_are_stored_hashed() {
    let server = TestServer::new().await;
    let (_key, token) = server.sign_up("carol", Alg::Es256).await;
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_all(server.state.store.pool())
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], token);
    assert_eq!(stored[0], server::session::hash_token(&token));
}

#[tokio::test]
async fn logout_ends_the_session_and_clears_the_cookie() {
    let server = TestServer::new().await;
    let (mut key, token) = server.sign_up("dave", Alg::Es256).await;
    let other = server.sign_in(Some("dave"), &mut key).await;
    let reply = server
        .call(Method::POST, "/auth/logout", None, Some(&token))
        .await;
    reply.assert_status(204);
    let cookie = reply
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(cookie.contains("Max-Age=0"));
    server
        .get_as(&token, "/auth/session")
        .await
        .assert_error(401, "UNAUTHENTICATED");
    // Other sessions of the same user live on.
    server
        .get_as(&other, "/auth/session")
        .await
        .assert_status(200);

    // Cookie logout, and logging out twice is harmless.
    let cookie = format!("crux_passkey_session={other}");
    let mut logout = with_cookie(Method::POST, "/auth/logout", &cookie);
    logout
        .headers_mut()
        .insert(header::ORIGIN, "http://localhost:8080".parse().unwrap());
    server.request(logout).await.assert_status(204);
    server
        .get_as(&other, "/auth/session")
        .await
        .assert_error(401, "UNAUTHENTICATED");
    server
        .call(Method::POST, "/auth/logout", None, None)
        .await
        .assert_status(204);
}

#[tokio::test]
async fn expired_sessions_are_refused_and_purged() {
    let server = TestServer::new().await;
    let (_key, token) = server.sign_up("erin", Alg::Es256).await;
    server.login_start(None).await;
    server.exec("UPDATE sessions SET expires_at = 1").await;
    server
        .get_as(&token, "/auth/session")
        .await
        .assert_error(401, "UNAUTHENTICATED");
    let purged = server
        .state
        .store
        // Past the ceremony's TTL: what a purge would do once it has expired.
        .purge_expired(server::clock::after(
            server::clock::now(),
            server.state.config.ceremony_ttl,
        ))
        .await
        .unwrap();
    assert_eq!(purged, (1, 1));
    assert_eq!(server.snapshot().await.sessions, 0);
    assert_eq!(server.ceremonies().await, 0);
}

#[tokio::test]
async fn the_background_purge_runs() {
    let server = TestServer::with(|c| {
        c.purge_interval = std::time::Duration::from_secs(1);
        c.ceremony_ttl = std::time::Duration::ZERO;
    })
    .await;
    server.login_start(None).await;
    assert_eq!(server.ceremonies().await, 1);
    let task = server::purge::spawn(server.state.clone());
    // The first tick fires at once.
    for _ in 0..50 {
        if server.ceremonies().await == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    task.abort();
    assert_eq!(server.ceremonies().await, 0);
}
