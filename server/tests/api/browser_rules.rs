//! What the server does differently for browsers: the `__Host-` cookie, ambiguous cookies,
//! the origin check on cookie-authenticated changes, no token in bodies for pages, security
//! headers, and related origins.

use axum::http::Method;
use serde_json::{Value, json};

use crate::authenticator::{Alg, SoftKey};
use crate::harness::{Reply, TestServer};

const SITE: &str = "http://localhost:8080";

fn cookie_of(reply: &Reply) -> String {
    reply
        .headers
        .get("set-cookie")
        .expect("a Set-Cookie header")
        .to_str()
        .unwrap()
        .to_owned()
}

/// Sign-up from `origin` (in clientDataJSON and, as a browser sends it, the `Origin` header).
async fn sign_up_from(server: &TestServer, origin: &str, username: &str) -> (SoftKey, Reply) {
    let mut key = SoftKey::generate(Alg::Es256);
    let (ceremony, options) = server.register_start(username).await;
    let mut params = key.create_params(&options);
    params.origin = origin.to_owned();
    let credential = key.attest(&params);
    let reply = server
        .call_with(
            Method::POST,
            "/auth/register/finish",
            Some(json!({"ceremonyId": ceremony, "credential": credential})),
            &[("origin", origin)],
        )
        .await;
    (key, reply)
}

/// The session token, read from the `Set-Cookie` of a browser sign-up.
fn token_in(cookie: &str) -> String {
    let (_, rest) = cookie.split_once('=').unwrap();
    rest.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn pages_get_no_token_in_the_body_and_native_clients_do() {
    let server = TestServer::new().await;
    let (mut key, reply) = sign_up_from(&server, SITE, "alice").await;
    let body = reply.assert_status(201);
    assert!(body["session"].get("token").is_none(), "{body}");
    assert!(body["session"]["expiresAt"].is_string());
    assert!(cookie_of(&reply).starts_with("crux_passkey_session="));

    let (ceremony, options) = server.login_start(Some("alice")).await;
    let reply = server
        .call_with(
            Method::POST,
            "/auth/login/finish",
            Some(json!({"ceremonyId": ceremony, "credential": key.sign_in(&options)})),
            &[("origin", SITE)],
        )
        .await;
    assert!(reply.assert_status(200)["session"].get("token").is_none());
    let cookie = token_in(&cookie_of(&reply));
    server
        .call_with(
            Method::GET,
            "/auth/session",
            None,
            &[("cookie", &format!("crux_passkey_session={cookie}"))],
        )
        .await
        .assert_status(200);

    // Without `Origin` (a native app), the token comes in the body.
    let token = server.sign_in(Some("alice"), &mut key).await;
    assert!(!token.is_empty());
}

#[tokio::test]
async fn over_https_the_cookie_is_host_prefixed_and_only_that_name_counts() {
    let server = TestServer::with(|c| {
        c.rp_id = "app.example".to_owned();
        c.origins = vec!["https://app.example".to_owned()];
    })
    .await;
    let (_key, reply) = sign_up_from(&server, "https://app.example", "alice").await;
    reply.assert_status(201);
    let cookie = cookie_of(&reply);
    assert!(
        cookie.starts_with("__Host-crux_passkey_session="),
        "{cookie}"
    );
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain"), "{cookie}");
    let token = token_in(&cookie);

    for (cookie, status) in [
        (format!("__Host-crux_passkey_session={token}"), 200),
        (format!("crux_passkey_session={token}"), 401),
    ] {
        let reply = server
            .call_with(Method::GET, "/auth/session", None, &[("cookie", &cookie)])
            .await;
        assert_eq!(reply.status.as_u16(), status, "{cookie}: {}", reply.text);
    }
    let logout = server
        .call_with(
            Method::POST,
            "/auth/logout",
            None,
            &[
                ("cookie", &format!("__Host-crux_passkey_session={token}")),
                ("origin", "https://app.example"),
            ],
        )
        .await;
    logout.assert_status(204);
    assert!(cookie_of(&logout).starts_with("__Host-crux_passkey_session=;"));
}

#[tokio::test]
async fn a_cookie_sent_twice_is_no_session() {
    let server = TestServer::new().await;
    let (_key, token) = server.sign_up("alice", Alg::Es256).await;
    let (_bob_key, planted) = server.sign_up("bob", Alg::Es256).await;
    let one = format!("crux_passkey_session={token}");
    server
        .call_with(Method::GET, "/auth/session", None, &[("cookie", &one)])
        .await
        .assert_status(200);
    for cookies in [
        vec![format!("crux_passkey_session={planted}; {one}")],
        vec![format!("{one}; crux_passkey_session={planted}")],
        vec![format!("{one}; crux_passkey_session={token}")],
        vec![format!("crux_passkey_session={planted}"), one.clone()],
    ] {
        let headers: Vec<(&str, &str)> = cookies.iter().map(|c| ("cookie", c.as_str())).collect();
        server
            .call_with(Method::GET, "/auth/session", None, &headers)
            .await
            .assert_error(401, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn cookie_authenticated_changes_need_one_of_our_origins() {
    let server = TestServer::new().await;
    let (first, token) = server.sign_up("alice", Alg::Es256).await;
    let mut second = SoftKey::generate(Alg::Es256);
    server
        .add_passkey(&token, &mut second)
        .await
        .assert_status(201);
    let cookie = format!("crux_passkey_session={token}");
    let before = server.snapshot().await;
    let passkey_path = format!("/auth/passkeys/{}", first.id());

    let refused: [&[(&str, &str)]; 4] = [
        &[],
        &[("origin", "http://evil.localhost:8080")],
        &[("origin", "null")],
        &[("sec-fetch-site", "same-site")],
    ];
    for extra in refused {
        let mut headers = vec![("cookie", cookie.as_str())];
        headers.extend_from_slice(extra);
        for (method, path, body) in [
            (Method::POST, "/auth/logout", None),
            (Method::POST, "/auth/logout-all", None),
            (Method::DELETE, passkey_path.as_str(), None),
            (
                Method::PATCH,
                "/auth/me",
                Some(json!({"displayName": "Mallory"})),
            ),
            (Method::POST, "/auth/passkeys/start", Some(json!({}))),
        ] {
            server
                .call_with(method.clone(), path, body, &headers)
                .await
                .assert_error(403, "ORIGIN_NOT_ALLOWED");
        }
    }
    assert_eq!(server.snapshot().await, before);
    let me = server.get_as(&token, "/auth/session").await;
    assert_eq!(me.assert_status(200)["user"]["displayName"], "alice");

    // Reading with the cookie needs no origin; our page, or same-origin, may change things.
    server
        .call_with(Method::GET, "/auth/passkeys", None, &[("cookie", &cookie)])
        .await
        .assert_status(200);
    server
        .call_with(
            Method::PATCH,
            "/auth/me",
            Some(json!({"displayName": "Alice"})),
            &[("cookie", &cookie), ("origin", SITE)],
        )
        .await
        .assert_status(200);
    server
        .call_with(
            Method::DELETE,
            &passkey_path,
            None,
            &[("cookie", &cookie), ("sec-fetch-site", "same-origin")],
        )
        .await
        .assert_status(204);
    // A native app's bearer token needs no origin.
    let token = server.sign_in(None, &mut second).await;
    server
        .call(Method::POST, "/auth/logout", None, Some(&token))
        .await
        .assert_status(204);
}

fn assert_security_headers(reply: &Reply, what: &str) {
    let header = |name: &str| {
        reply
            .headers
            .get(name)
            .unwrap_or_else(|| panic!("{what}: no {name}"))
            .to_str()
            .unwrap()
            .to_owned()
    };
    let csp = header("content-security-policy");
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    assert!(
        directives.contains(&"frame-ancestors 'none'"),
        "{what}: {csp}"
    );
    assert!(!csp.contains("'unsafe-eval'"), "{what}: {csp}");
    if !csp.contains("default-src 'none'") {
        assert!(directives.contains(&"default-src 'self'"), "{what}: {csp}");
        let script = directives
            .iter()
            .find(|d| d.starts_with("script-src"))
            .unwrap_or_else(|| panic!("{what}: no script-src in {csp}"));
        assert!(!script.contains("'unsafe-inline'"), "{what}: {csp}");
        assert!(script.contains("'wasm-unsafe-eval'"), "{what}: {csp}");
    }
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header("referrer-policy"), "no-referrer", "{what}");
}

#[tokio::test]
async fn everything_served_carries_the_security_headers() {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(
        web.path().join("index.html"),
        "<!doctype html><title>t</title>",
    )
    .unwrap();
    std::fs::write(web.path().join("boot.js"), "export {};").unwrap();
    let root = web.path().to_owned();
    let server = TestServer::with(move |c| c.web_root = root).await;
    let unbuilt = TestServer::new().await;
    let (_key, token) = server.sign_up("alice", Alg::Es256).await;
    let cases = [
        ("the page", server.call(Method::GET, "/", None, None).await),
        (
            "a script",
            server.call(Method::GET, "/boot.js", None, None).await,
        ),
        (
            "an API answer",
            server.get_as(&token, "/auth/session").await,
        ),
        (
            "an API error",
            server.call(Method::GET, "/auth/session", None, None).await,
        ),
        (
            "an unknown route",
            server.call(Method::POST, "/auth/nothing", None, None).await,
        ),
        (
            "a .well-known file",
            server
                .call(Method::GET, "/.well-known/webauthn", None, None)
                .await,
        ),
        (
            "the build help",
            unbuilt.call(Method::GET, "/", None, None).await,
        ),
    ];
    for (what, reply) in &cases {
        assert_security_headers(reply, what);
    }
    assert_eq!(cases[0].1.status.as_u16(), 200);
    assert_eq!(cases[6].1.status.as_u16(), 200);
}

#[tokio::test]
async fn related_origins_sign_up_and_sign_in() {
    let related = "https://related.example";
    let server = TestServer::with(|c| c.related_origins = vec![related.to_owned()]).await;
    let listed: Value = server
        .call(Method::GET, "/.well-known/webauthn", None, None)
        .await
        .assert_status(200)
        .clone();
    assert!(
        listed["origins"]
            .as_array()
            .unwrap()
            .contains(&json!(related))
    );

    let (mut key, reply) = sign_up_from(&server, related, "alice").await;
    reply.assert_status(201);
    let (ceremony, options) = server.login_start(Some("alice")).await;
    let mut params = key.get_params(&options);
    params.origin = related.to_owned();
    server
        .login_finish(&ceremony, key.assert(&params))
        .await
        .assert_status(200);

    // An origin nobody configured still fails, and changes nothing.
    let before = server.snapshot().await;
    let (ceremony, options) = server.login_start(Some("alice")).await;
    let mut params = key.get_params(&options);
    params.origin = "https://unrelated.example".to_owned();
    server
        .login_finish(&ceremony, key.assert(&params))
        .await
        .assert_error(400, "VERIFICATION_FAILED");
    assert_eq!(server.snapshot().await, before);
}
