//! Sign-in: `POST /auth/login/start` and `/finish`, with a username and usernameless.

use serde_json::json;

use crate::authenticator::{Alg, CounterMode, Params, SoftKey, b64};
use crate::harness::TestServer;

#[tokio::test]
async fn sign_in_with_a_username_updates_counter_and_last_use() {
    let server = TestServer::new().await;
    let (mut key, _) = server.sign_up("alice", Alg::Es256).await;
    let (ceremony, options) = server.login_start(Some("Alice")).await;
    assert!(options.get("publicKey").is_none());
    assert_eq!(options["rpId"], "localhost");
    assert_eq!(options["userVerification"], "required");
    let allowed = options["allowCredentials"].as_array().unwrap();
    assert_eq!(allowed.len(), 1);
    assert_eq!(allowed[0]["id"], key.id());
    assert_eq!(allowed[0]["type"], "public-key");

    let reply = server.login_finish(&ceremony, key.sign_in(&options)).await;
    let body = reply.assert_status(200);
    assert_eq!(body["user"]["username"], "alice");
    let token = body["session"]["token"].as_str().unwrap();
    assert!(reply.headers.get("set-cookie").is_some());
    server
        .get_as(token, "/auth/session")
        .await
        .assert_status(200);
    assert_eq!(server.stored_counter(&key.id()).await, 1);

    let passkeys = server.get_as(token, "/auth/passkeys").await;
    assert!(passkeys.assert_status(200)[0]["lastUsedAt"].is_string());
}

#[tokio::test]
async fn usernameless_sign_in_uses_the_user_handle() {
    let server = TestServer::new().await;
    let (mut key, _) = server.sign_up("bob", Alg::Es256).await;
    let (ceremony, options) = server.login_start(None).await;
    assert_eq!(options["allowCredentials"], json!([]));
    assert_eq!(options["userVerification"], "required");
    let reply = server.login_finish(&ceremony, key.sign_in(&options)).await;
    assert_eq!(reply.assert_status(200)["user"]["username"], "bob");

    // Without a user handle nobody can be identified.
    let (ceremony, options) = server.login_start(None).await;
    let mut params = key.get_params(&options);
    params.user_handle = None;
    let before = server.snapshot().await;
    server
        .login_finish(&ceremony, key.assert(&params))
        .await
        .assert_error(400, "VERIFICATION_FAILED");
    assert_eq!(server.snapshot().await, before);
}

#[tokio::test]
async fn an_unknown_username_answers_like_a_known_one() {
    let server = TestServer::new().await;
    let (_key, _) = server.sign_up("carol", Alg::Es256).await;
    let (_, known) = server.login_start(Some("carol")).await;
    let (ceremony, unknown) = server.login_start(Some("nobody-here")).await;
    let (_, unknown_again) = server.login_start(Some("nobody-here")).await;

    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&known), keys(&unknown));
    let decoy = &unknown["allowCredentials"][0];
    assert_eq!(keys(decoy), keys(&known["allowCredentials"][0]));
    assert_eq!(unknown["allowCredentials"].as_array().unwrap().len(), 1);
    assert_eq!(
        decoy["id"], unknown_again["allowCredentials"][0]["id"],
        "stable decoy"
    );

    // A malformed username is answered the same way, not with INVALID_USERNAME.
    server
        .post("/auth/login/start", json!({"username": "x"}))
        .await
        .assert_status(200);

    let mut stranger = SoftKey::generate(Alg::Es256);
    let before = server.snapshot().await;
    server
        .login_finish(&ceremony, stranger.sign_in(&unknown))
        .await
        .assert_error(401, "UNKNOWN_CREDENTIAL");
    assert_eq!(server.snapshot().await, before);
}

#[tokio::test]
async fn replaying_a_login_finish_is_refused() {
    let server = TestServer::new().await;
    let (mut key, _) = server.sign_up("dave", Alg::Es256).await;
    let (ceremony, options) = server.login_start(Some("dave")).await;
    let credential = key.sign_in(&options);
    server
        .login_finish(&ceremony, credential.clone())
        .await
        .assert_status(200);
    let before = server.snapshot().await;
    server
        .login_finish(&ceremony, credential)
        .await
        .assert_error(404, "CEREMONY_NOT_FOUND");
    assert_eq!(server.snapshot().await, before);
}

type Forge = fn(&mut Params);

const FORGERIES: [(&str, Forge, &str); 9] = [
    (
        "tampered signature",
        |p| p.corrupt_signature = true,
        "VERIFICATION_FAILED",
    ),
    (
        "wrong origin",
        |p| p.origin = "https://evil.example".into(),
        "VERIFICATION_FAILED",
    ),
    (
        "wrong rpId",
        |p| p.rp_id = "evil.example".into(),
        "VERIFICATION_FAILED",
    ),
    (
        "wrong type",
        |p| p.client_type = "webauthn.create".into(),
        "VERIFICATION_FAILED",
    ),
    (
        "wrong challenge",
        |p| p.challenge = b64(&[9; 32]),
        "VERIFICATION_FAILED",
    ),
    (
        "inside a cross-origin iframe",
        |p| p.cross_origin = true,
        "VERIFICATION_FAILED",
    ),
    ("missing UP", |p| p.up = false, "VERIFICATION_FAILED"),
    ("missing UV", |p| p.uv = false, "VERIFICATION_FAILED"),
    (
        "backup eligibility flipped",
        |p| p.be = !p.be,
        "VERIFICATION_FAILED",
    ),
];

async fn assert_forgeries_rejected(alg: Alg) {
    let server = TestServer::new().await;
    let (mut key, _) = server.sign_up("erin", alg).await;
    server.sign_in(Some("erin"), &mut key).await;
    for (what, forge, code) in FORGERIES {
        for username in [Some("erin"), None] {
            let (ceremony, options) = server.login_start(username).await;
            let before = server.snapshot().await;
            let mut params = key.get_params(&options);
            forge(&mut params);
            let reply = server.login_finish(&ceremony, key.assert(&params)).await;
            assert_eq!(
                reply.body["error"]["code"], code,
                "{alg:?} {what}: {}",
                reply.text
            );
            reply.assert_error(400, code);
            assert_eq!(
                server.snapshot().await,
                before,
                "{alg:?} {what} changed something"
            );
            // The failure consumed the ceremony.
            let honest = key.sign_in(&options);
            server
                .login_finish(&ceremony, honest)
                .await
                .assert_error(404, "CEREMONY_NOT_FOUND");
        }
    }
    // Still works honestly afterwards.
    server.sign_in(Some("erin"), &mut key).await;
}

#[tokio::test]
async fn forged_es256_assertions_are_rejected_and_change_nothing() {
    assert_forgeries_rejected(Alg::Es256).await;
}

#[tokio::test]
async fn forged_eddsa_assertions_are_rejected_and_change_nothing() {
    assert_forgeries_rejected(Alg::EdDsa).await;
}

#[tokio::test]
async fn forged_rs256_assertions_are_rejected() {
    let server = TestServer::new().await;
    let (mut key, _) = server.sign_up("rsa", Alg::Rs256).await;
    // RS256 goes through webauthn-rs, which checks crossOrigin only at registration.
    let forgeries: [Forge; 2] = [|p| p.corrupt_signature = true, |p| p.cross_origin = true];
    for forge in forgeries {
        let (ceremony, options) = server.login_start(Some("rsa")).await;
        let mut params = key.get_params(&options);
        forge(&mut params);
        let before = server.snapshot().await;
        server
            .login_finish(&ceremony, key.assert(&params))
            .await
            .assert_error(400, "VERIFICATION_FAILED");
        assert_eq!(server.snapshot().await, before);
    }
    server.sign_in(Some("rsa"), &mut key).await;
}

#[tokio::test]
async fn a_counter_that_goes_backwards_is_refused() {
    for alg in [Alg::Es256, Alg::EdDsa] {
        let server = TestServer::new().await;
        let (mut key, _) = server.sign_up("frank", alg).await;
        key.counter = 10;
        server.sign_in(Some("frank"), &mut key).await;
        assert_eq!(server.stored_counter(&key.id()).await, 11);
        for (what, counter) in [("equal", 11), ("lower", 5), ("zero after non-zero", 0)] {
            let (ceremony, options) = server.login_start(Some("frank")).await;
            let before = server.snapshot().await;
            let mut params = key.get_params(&options);
            params.counter = counter;
            let reply = server.login_finish(&ceremony, key.assert(&params)).await;
            assert_eq!(
                reply.body["error"]["code"], "COUNTER_REGRESSION",
                "{alg:?} {what}"
            );
            reply.assert_error(401, "COUNTER_REGRESSION");
            assert_eq!(server.snapshot().await, before, "{alg:?} {what}");
        }
        assert_eq!(server.stored_counter(&key.id()).await, 11);
    }
}

#[tokio::test]
async fn authenticators_that_always_report_zero_are_fine() {
    let server = TestServer::new().await;
    let mut key = SoftKey::generate(Alg::Es256);
    key.counter_mode = CounterMode::AlwaysZero;
    key.backup_eligible = true;
    key.backed_up = true;
    server.sign_up_with("grace", &mut key).await;
    for _ in 0..3 {
        server.sign_in(Some("grace"), &mut key).await;
    }
    assert_eq!(server.stored_counter(&key.id()).await, 0);
    let token = server.sign_in(None, &mut key).await;
    let listed = server.get_as(&token, "/auth/passkeys").await;
    let passkey = &listed.assert_status(200)[0];
    assert_eq!(
        (
            passkey["backupEligible"].clone(),
            passkey["backedUp"].clone()
        ),
        (json!(true), json!(true))
    );
}

#[tokio::test]
async fn backup_state_changes_are_stored() {
    let server = TestServer::new().await;
    let mut key = SoftKey::generate(Alg::Es256);
    key.backup_eligible = true;
    let token = server.sign_up_with("heidi", &mut key).await;
    assert_eq!(
        server.get_as(&token, "/auth/passkeys").await.body[0]["backedUp"],
        false
    );
    key.backed_up = true;
    let token = server.sign_in(Some("heidi"), &mut key).await;
    assert_eq!(
        server.get_as(&token, "/auth/passkeys").await.body[0]["backedUp"],
        true
    );
}

#[tokio::test]
async fn an_unregistered_credential_is_unknown() {
    let server = TestServer::new().await;
    let (mut key, _) = server.sign_up("ivan", Alg::Es256).await;
    let mut stranger = SoftKey::generate(Alg::Es256);
    stranger.user_handle = key.user_handle.clone();
    for username in [Some("ivan"), None] {
        let (ceremony, options) = server.login_start(username).await;
        let before = server.snapshot().await;
        server
            .login_finish(&ceremony, stranger.sign_in(&options))
            .await
            .assert_error(401, "UNKNOWN_CREDENTIAL");
        assert_eq!(server.snapshot().await, before);
    }
    server.sign_in(Some("ivan"), &mut key).await;
}

#[tokio::test]
async fn another_users_credential_is_refused() {
    let server = TestServer::new().await;
    let (mut alice, _) = server.sign_up("alice", Alg::Es256).await;
    let (mut bob, _) = server.sign_up("bob", Alg::Es256).await;

    // Bob's passkey in Alice's ceremony.
    let (ceremony, options) = server.login_start(Some("alice")).await;
    let before = server.snapshot().await;
    let mut params = bob.get_params(&options);
    params.user_handle = None;
    server
        .login_finish(&ceremony, bob.assert(&params))
        .await
        .assert_error(401, "UNKNOWN_CREDENTIAL");
    assert_eq!(server.snapshot().await, before);

    // Bob's passkey claiming Alice's user handle in a usernameless ceremony.
    let (ceremony, options) = server.login_start(None).await;
    let mut params = bob.get_params(&options);
    params.user_handle = Some(alice.user_handle.clone());
    server
        .login_finish(&ceremony, bob.assert(&params))
        .await
        .assert_error(401, "UNKNOWN_CREDENTIAL");

    // Alice's own passkey naming Bob's user handle in Alice's ceremony.
    let (ceremony, options) = server.login_start(Some("alice")).await;
    let mut params = alice.get_params(&options);
    params.user_handle = Some(bob.user_handle.clone());
    server
        .login_finish(&ceremony, alice.assert(&params))
        .await
        .assert_error(400, "VERIFICATION_FAILED");
    assert_eq!(server.snapshot().await, before);

    server.sign_in(Some("alice"), &mut alice).await;
    server.sign_in(None, &mut bob).await;
}

#[tokio::test]
async fn malformed_assertions_are_invalid_requests() {
    let server = TestServer::new().await;
    let (mut key, _) = server.sign_up("judy", Alg::Es256).await;
    type Break = fn(&mut serde_json::Value);
    let cases: [(&str, Break); 5] = [
        ("bad base64 signature", |c| {
            c["response"]["signature"] = json!("%%%")
        }),
        ("short authenticatorData", |c| {
            c["response"]["authenticatorData"] = json!(b64(&[1, 2, 3]));
        }),
        ("clientDataJSON not JSON", |c| {
            c["response"]["clientDataJSON"] = json!(b64(b"nope"));
        }),
        ("number as id", |c| c["id"] = json!(12)),
        ("missing signature", |c| {
            c["response"].as_object_mut().unwrap().remove("signature");
        }),
    ];
    for (what, breaker) in cases {
        let (ceremony, options) = server.login_start(Some("judy")).await;
        let before = server.snapshot().await;
        let mut credential = key.sign_in(&options);
        breaker(&mut credential);
        let reply = server.login_finish(&ceremony, credential).await;
        assert_eq!(
            reply.body["error"]["code"], "INVALID_REQUEST",
            "{what}: {}",
            reply.text
        );
        assert_eq!(server.snapshot().await, before, "{what}");
    }
}

#[tokio::test]
async fn android_app_origins_are_derived_and_accepted() {
    let fingerprint = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";
    let server = TestServer::with(|c| {
        c.android_apps = vec![
            server::config::AndroidApp::parse(&format!("com.example.app:{fingerprint}")).unwrap(),
        ];
    })
    .await;
    let bytes: Vec<u8> = fingerprint
        .split(':')
        .map(|h| u8::from_str_radix(h, 16).unwrap())
        .collect();
    let app_origin = format!("android:apk-key-hash:{}", b64(&bytes));

    let (ceremony, options) = server.register_start("android").await;
    let mut key = SoftKey::generate(Alg::Es256);
    let mut params = key.create_params(&options);
    params.origin = app_origin.clone();
    server
        .register_finish(&ceremony, key.attest(&params))
        .await
        .assert_status(201);

    let (ceremony, options) = server.login_start(None).await;
    let mut params = key.get_params(&options);
    params.origin = app_origin;
    server
        .login_finish(&ceremony, key.assert(&params))
        .await
        .assert_status(200);

    // Another app's hash is not accepted.
    let (ceremony, options) = server.login_start(None).await;
    let mut params = key.get_params(&options);
    params.origin = format!("android:apk-key-hash:{}", b64(&[1; 32]));
    server
        .login_finish(&ceremony, key.assert(&params))
        .await
        .assert_error(400, "VERIFICATION_FAILED");
}

#[tokio::test]
async fn a_username_lists_every_passkey_and_the_ceremony_keeps_none() {
    let server = TestServer::new().await;
    let (mut first, token) = server.sign_up("carol", Alg::Es256).await;
    let start = server
        .post_as(&token, "/auth/passkeys/start", json!({}))
        .await;
    let body = start.assert_status(200);
    let mut second = SoftKey::generate(Alg::EdDsa);
    server
        .post_as(
            &token,
            "/auth/passkeys/finish",
            json!({"ceremonyId": body["ceremonyId"], "credential": second.register(&body["options"])}),
        )
        .await
        .assert_status(201);

    let (ceremony, options) = server.login_start(Some("carol")).await;
    // Ordered by creation time, then id: both were made within the same second here.
    let mut allowed = options["allowCredentials"].as_array().unwrap().clone();
    allowed.sort_by_key(|entry| entry["id"].as_str().unwrap_or_default().to_owned());
    let mut expected = vec![
        json!({"type": "public-key", "id": first.id(), "transports": ["hybrid", "internal"]}),
        json!({"type": "public-key", "id": second.id(), "transports": ["hybrid", "internal"]}),
    ];
    expected.sort_by_key(|entry| entry["id"].as_str().unwrap_or_default().to_owned());
    assert_eq!(allowed, expected);
    // The ceremony names the user and the challenge; it carries no copy of any credential,
    // because the finish reads the stored one.
    let stored = server
        .state
        .store
        .peek_ceremony(&ceremony)
        .await
        .unwrap()
        .unwrap();
    assert!(
        !stored.contains(&first.id()) && !stored.contains(&second.id()),
        "{stored}"
    );
    // Either passkey finishes it.
    let reply = server
        .login_finish(&ceremony, second.sign_in(&options))
        .await;
    assert_eq!(reply.assert_status(200)["user"]["username"], "carol");
    server.sign_in(Some("carol"), &mut first).await;
}
