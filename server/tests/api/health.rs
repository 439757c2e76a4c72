//! `GET /healthz` and `GET /readyz`: no session, no rate limit, and readiness that follows
//! the database.

use axum::http::Method;
use serde_json::json;

use crate::harness::TestServer;

#[tokio::test]
async fn healthz_and_readyz_answer_without_a_session_or_a_budget() {
    let server = TestServer::with(|c| {
        c.rate_limit_burst = 1;
        c.rate_limit_per_minute = 1;
    })
    .await;
    server
        .post("/auth/login/start", json!({}))
        .await
        .assert_status(200);
    server
        .post("/auth/login/start", json!({}))
        .await
        .assert_error(429, "RATE_LIMITED");
    for _ in 0..5 {
        let up = server.call(Method::GET, "/healthz", None, None).await;
        assert_eq!(up.assert_status(200)["status"], "up");
        let ready = server.call(Method::GET, "/readyz", None, None).await;
        assert_eq!(ready.assert_status(200)["status"], "ready");
    }
}

#[tokio::test]
async fn readyz_fails_without_every_migration() {
    let server = TestServer::new().await;
    server
        .exec("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)")
        .await;
    server
        .call(Method::GET, "/readyz", None, None)
        .await
        .assert_error(503, "INTERNAL");
    server
        .call(Method::GET, "/healthz", None, None)
        .await
        .assert_status(200);
}

#[tokio::test]
async fn readyz_fails_when_the_database_is_gone() {
    let server = TestServer::new().await;
    server.state.store.close().await;
    server
        .call(Method::GET, "/readyz", None, None)
        .await
        .assert_error(503, "INTERNAL");
    server
        .call(Method::GET, "/healthz", None, None)
        .await
        .assert_status(200);
}
