//! Body limit, rate limit, unknown routes, hostile input.

use axum::body::Body;
use axum::http::{Method, Request, header};
use serde_json::{Value, json};

use crate::authenticator::{Alg, SoftKey};
use crate::harness::TestServer;

fn big_body(path: &str) -> Request<Body> {
    let filler = "a".repeat(2 * 1024 * 1024);
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(format!(r#"{{"username":"{filler}"}}"#)))
        .unwrap()
}

#[tokio::test]
async fn a_two_megabyte_body_is_too_large() {
    let server = TestServer::new().await;
    for path in [
        "/auth/register/start",
        "/auth/login/finish",
        "/auth/passkeys/start",
        "/auth/logout",
    ] {
        let reply = server.request(big_body(path)).await;
        if path == "/auth/logout" {
            // Handlers that read no body never look at it.
            reply.assert_status(204);
            continue;
        }
        if path == "/auth/passkeys/start" {
            reply.assert_error(401, "UNAUTHENTICATED");
            continue;
        }
        reply.assert_error(413, "PAYLOAD_TOO_LARGE");
    }
    let (_key, token) = server.sign_up("alice", Alg::Es256).await;
    let mut request = big_body("/auth/passkeys/start");
    request.headers_mut().insert(
        header::AUTHORIZATION,
        format!("Bearer {token}").parse().unwrap(),
    );
    server
        .request(request)
        .await
        .assert_error(413, "PAYLOAD_TOO_LARGE");
    assert_eq!(server.ceremonies().await, 0);
}

#[tokio::test]
async fn ceremony_endpoints_are_rate_limited() {
    let server = TestServer::with(|c| {
        c.rate_limit_burst = 3;
        c.rate_limit_per_minute = 1;
    })
    .await;
    for _ in 0..3 {
        server
            .post("/auth/login/start", json!({}))
            .await
            .assert_status(200);
    }
    let limited = server.post("/auth/login/start", json!({})).await;
    limited.assert_error(429, "RATE_LIMITED");
    assert!(limited.headers.get(header::RETRY_AFTER).is_some());
    server
        .post("/auth/register/start", json!({"username": "zed"}))
        .await
        .assert_error(429, "RATE_LIMITED");
    // Other endpoints are not ceremony endpoints.
    server
        .call(Method::GET, "/auth/session", None, None)
        .await
        .assert_error(401, "UNAUTHENTICATED");
    server
        .call(Method::GET, "/.well-known/webauthn", None, None)
        .await
        .assert_status(200);
}

#[tokio::test]
async fn unknown_routes_and_methods_get_the_envelope() {
    let server = TestServer::new().await;
    server
        .call(Method::GET, "/auth/nope", None, None)
        .await
        .assert_error(404, "NOT_FOUND");
    server
        .call(Method::GET, "/no/such/file.js", None, None)
        .await
        .assert_error(404, "NOT_FOUND");
    server
        .call(Method::GET, "/auth/register/start", None, None)
        .await
        .assert_error(405, "INVALID_REQUEST");
    server
        .call(Method::PUT, "/auth/passkeys", Some(json!({})), None)
        .await
        .assert_error(405, "INVALID_REQUEST");
}

#[tokio::test]
async fn hostile_credentials_never_crash_the_server() {
    let server = TestServer::new().await;
    let (mut key, _) = server.sign_up("alice", Alg::Es256).await;
    let (_, reg_options) = server.register_start("bobby").await;
    let good_reg = SoftKey::generate(Alg::Es256).register(&reg_options);
    let (_, login_options) = server.login_start(None).await;
    let good_login = key.sign_in(&login_options);

    let mut hostile: Vec<Value> = vec![
        json!(null),
        json!(0),
        json!([]),
        json!({}),
        json!({"id": "", "rawId": "", "type": "public-key", "response": {}}),
        json!({"id": "AA", "type": "public-key", "response": {"clientDataJSON": "", "attestationObject": "", "authenticatorData": "", "signature": ""}}),
    ];
    for field in [
        "clientDataJSON",
        "attestationObject",
        "authenticatorData",
        "signature",
        "userHandle",
    ] {
        for value in [
            json!(""),
            json!("AA"),
            json!("////"),
            json!(1),
            json!({}),
            json!("A".repeat(5000)),
        ] {
            for base in [&good_reg, &good_login] {
                let mut broken = base.clone();
                broken["response"][field] = value.clone();
                hostile.push(broken);
            }
        }
    }
    // CBOR that claims huge lengths, and attestation objects of the wrong CBOR type.
    for cbor in [
        vec![0xbf_u8],
        vec![0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
        vec![0x80],
        vec![0xa1, 0x01, 0x02],
    ] {
        let mut broken = good_reg.clone();
        broken["response"]["attestationObject"] = json!(crate::authenticator::b64(&cbor));
        hostile.push(broken);
    }
    for credential in hostile {
        for path in ["/auth/register/finish", "/auth/login/finish"] {
            let ceremony = if path == "/auth/register/finish" {
                server.register_start("bobby").await.0
            } else {
                server.login_start(Some("alice")).await.0
            };
            let reply = server
                .post(
                    path,
                    json!({"ceremonyId": ceremony, "credential": credential}),
                )
                .await;
            assert!(
                reply.status.is_client_error(),
                "{path} answered {} to {credential}: {}",
                reply.status,
                reply.text
            );
            assert!(reply.body["error"]["code"].is_string());
        }
    }
    let after = server.snapshot().await;
    assert_eq!((after.users, after.passkeys.len()), (1, 1));
}

#[tokio::test]
async fn without_a_web_build_the_root_explains_how_to_build_it() {
    let server = TestServer::new().await;
    let reply = server.call(Method::GET, "/", None, None).await;
    reply.assert_status(200);
    assert!(
        reply.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        reply.text.contains("cargo xtask build-web"),
        "{}",
        reply.text
    );
}

#[tokio::test]
async fn the_web_build_is_served_from_the_web_root() {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "<h1>shell</h1>").unwrap();
    std::fs::write(web.path().join("app.js"), "console.log(1)").unwrap();
    let root = web.path().to_path_buf();
    let server = TestServer::with(move |c| c.web_root = root).await;
    let index = server.call(Method::GET, "/", None, None).await;
    assert_eq!(
        (index.status.as_u16(), index.text.as_str()),
        (200, "<h1>shell</h1>")
    );
    let js = server.call(Method::GET, "/app.js", None, None).await;
    assert_eq!(js.status.as_u16(), 200);
    server
        .call(Method::GET, "/missing.css", None, None)
        .await
        .assert_error(404, "NOT_FOUND");
}
