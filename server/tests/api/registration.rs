//! Sign-up: `POST /auth/register/start` and `/finish`.

use axum::http::{Method, header};
use serde_json::{Value, json};

use crate::authenticator::{Alg, SoftKey, b64};
use crate::harness::TestServer;

#[tokio::test]
async fn sign_up_answers_user_passkey_and_a_working_session() {
    let server = TestServer::new().await;
    let (ceremony, options) = server.register_start("Alice").await;
    let mut key = SoftKey::generate(Alg::Es256);
    let reply = server
        .register_finish(&ceremony, key.register(&options))
        .await;
    let body = reply.assert_status(201);

    assert_eq!(body["user"]["username"], "alice");
    assert_eq!(body["user"]["displayName"], "alice");
    assert_eq!(body["passkey"]["id"], key.id());
    assert_eq!(body["passkey"]["name"], "Passkey");
    assert_eq!(body["passkey"]["backupEligible"], false);
    assert_eq!(body["passkey"]["transports"], json!(["hybrid", "internal"]));
    assert!(body["passkey"]["lastUsedAt"].is_null());
    assert!(
        body["passkey"]["createdAt"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    let token = body["session"]["token"].as_str().unwrap();
    assert!(token.len() >= 43);
    assert!(body["session"]["expiresAt"].as_str().is_some());

    let cookie = reply
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(cookie.starts_with(&format!("crux_passkey_session={token};")));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));

    let me = server.get_as(token, "/auth/session").await;
    assert_eq!(me.assert_status(200)["user"], body["user"]);
    // The user handle in the options is the user's id.
    assert_eq!(
        options["user"]["id"].as_str().unwrap(),
        b64(uuid::Uuid::parse_str(body["user"]["id"].as_str().unwrap())
            .unwrap()
            .as_bytes())
    );
    assert_eq!(server.ceremonies().await, 0);
}

#[tokio::test]
async fn registration_options_are_the_bare_l3_object_with_our_policy() {
    let server = TestServer::new().await;
    let reply = server
        .post(
            "/auth/register/start",
            json!({"username": "bob", "displayName": "Bob B."}),
        )
        .await;
    let body = reply.assert_status(200);
    let ceremony = body["ceremonyId"].as_str().unwrap();
    assert!(ceremony.len() >= 43, "ceremony ids must be unguessable");
    let options = &body["options"];
    assert!(options.get("publicKey").is_none());
    assert_eq!(
        options["rp"],
        json!({"id": "localhost", "name": "Crux Passkey"})
    );
    assert_eq!(options["user"]["name"], "bob");
    assert_eq!(options["user"]["displayName"], "Bob B.");
    let algs: Vec<i64> = options["pubKeyCredParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert_eq!(p["type"], "public-key");
            p["alg"].as_i64().unwrap()
        })
        .collect();
    assert_eq!(algs, vec![-7, -8, -257]);
    assert_eq!(options["attestation"], "none");
    assert_eq!(options["authenticatorSelection"]["residentKey"], "required");
    assert_eq!(
        options["authenticatorSelection"]["requireResidentKey"],
        true
    );
    assert_eq!(
        options["authenticatorSelection"]["userVerification"],
        "required"
    );
    let challenge = options["challenge"].as_str().unwrap();
    assert!(
        !challenge.contains(['=', '+', '/']),
        "base64url without padding"
    );
    assert!(!options.to_string().contains("null"), "no nulls: {options}");
}

#[tokio::test]
async fn every_algorithm_signs_up_and_signs_in() {
    let server = TestServer::new().await;
    for (name, alg) in [("es", Alg::Es256), ("ed", Alg::EdDsa), ("rs", Alg::Rs256)] {
        let (mut key, _) = server.sign_up(&format!("user-{name}"), alg).await;
        server
            .sign_in(Some(&format!("user-{name}")), &mut key)
            .await;
        server.sign_in(None, &mut key).await;
        assert_eq!(server.stored_counter(&key.id()).await, 2, "{alg:?}");
    }
}

#[tokio::test]
async fn packed_self_attestation_is_accepted() {
    let server = TestServer::new().await;
    let (ceremony, options) = server.register_start("packed").await;
    let mut key = SoftKey::generate(Alg::Es256);
    let mut params = key.create_params(&options);
    params.packed = true;
    server
        .register_finish(&ceremony, key.attest(&params))
        .await
        .assert_status(201);

    let (ceremony, options) = server.register_start("packed-ed").await;
    let mut ed_key = SoftKey::generate(Alg::EdDsa);
    let mut params = ed_key.create_params(&options);
    params.packed = true;
    server
        .register_finish(&ceremony, ed_key.attest(&params))
        .await
        .assert_status(201);
    server.sign_in(Some("packed-ed"), &mut ed_key).await;

    // …and its signature is checked, for both kinds of key.
    let (ceremony, options) = server.register_start("packed-ed2").await;
    let mut ed_key = SoftKey::generate(Alg::EdDsa);
    let mut params = ed_key.create_params(&options);
    params.packed = true;
    params.corrupt_signature = true;
    let before = server.snapshot().await;
    server
        .register_finish(&ceremony, ed_key.attest(&params))
        .await
        .assert_error(400, "VERIFICATION_FAILED");
    assert_eq!(server.snapshot().await, before);

    let (ceremony, options) = server.register_start("packed2").await;
    let mut key = SoftKey::generate(Alg::Es256);
    let mut params = key.create_params(&options);
    params.packed = true;
    params.corrupt_signature = true;
    let before = server.snapshot().await;
    server
        .register_finish(&ceremony, key.attest(&params))
        .await
        .assert_error(400, "VERIFICATION_FAILED");
    assert_eq!(server.snapshot().await, before);
}

#[tokio::test]
async fn chromium_to_json_output_is_accepted() {
    // The checked-in fixture is Chromium's RegistrationResponseJSON layout; our authenticator
    // must produce exactly those members, and the fixture itself must parse.
    let fixture: Value =
        serde_json::from_str(include_str!("../fixtures/chromium-registration.json")).unwrap();
    server::webauthn::normalize::registration(&fixture).unwrap();
    let auth_fixture: Value =
        serde_json::from_str(include_str!("../fixtures/chromium-authentication.json")).unwrap();
    server::webauthn::normalize::assertion(&auth_fixture).unwrap();

    let server = TestServer::new().await;
    let (ceremony, options) = server.register_start("chromium").await;
    let mut key = SoftKey::generate(Alg::Es256);
    let mut params = key.create_params(&options);
    params.chromium_extra_member = true;
    let credential = key.attest(&params);
    assert_eq!(shape(&credential), shape(&fixture));
    server
        .register_finish(&ceremony, credential)
        .await
        .assert_status(201);

    let (ceremony, options) = server.login_start(None).await;
    let mut params = key.get_params(&options);
    params.chromium_extra_member = true;
    let credential = key.assert(&params);
    assert_eq!(shape(&credential), shape(&auth_fixture));
    server
        .login_finish(&ceremony, credential)
        .await
        .assert_status(200);
}

/// Member names, recursively: the layout without the values.
fn shape(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), shape(v))).collect())
        }
        Value::Array(_) => json!("array"),
        Value::String(_) => json!("string"),
        Value::Number(_) => json!("number"),
        Value::Bool(_) => json!("bool"),
        Value::Null => Value::Null,
    }
}

#[tokio::test]
async fn older_webauthn_rs_shape_and_padded_base64_are_accepted() {
    let server = TestServer::new().await;
    let (ceremony, options) = server.register_start("legacy").await;
    let mut key = SoftKey::generate(Alg::Es256);
    let mut credential = key.register(&options);
    // webauthn-rs's own shape: `extensions`, no L3 extras; padded standard base64.
    let obj = credential.as_object_mut().unwrap();
    let results = obj.remove("clientExtensionResults").unwrap();
    obj.insert("extensions".into(), results);
    obj.remove("authenticatorAttachment");
    let response = obj["response"].as_object_mut().unwrap();
    response.remove("publicKey");
    response.remove("publicKeyAlgorithm");
    response.remove("authenticatorData");
    for field in ["attestationObject", "clientDataJSON"] {
        let raw = crate::authenticator::unb64(response[field].as_str().unwrap());
        response[field] = json!(base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            raw
        ));
    }
    server
        .register_finish(&ceremony, credential)
        .await
        .assert_status(201);
    server.sign_in(Some("legacy"), &mut key).await;
}

#[tokio::test]
async fn usernames_are_validated_and_unique() {
    let server = TestServer::new().await;
    for bad in ["", "ab", "has space", "semi;colon", &"x".repeat(65)] {
        server
            .post("/auth/register/start", json!({"username": bad}))
            .await
            .assert_error(400, "INVALID_USERNAME");
    }
    server
        .post(
            "/auth/register/start",
            json!({"username": "carol", "displayName": "\u{7}"}),
        )
        .await
        .assert_error(400, "INVALID_REQUEST");
    server.sign_up("carol", Alg::Es256).await;
    server
        .post("/auth/register/start", json!({"username": "CAROL"}))
        .await
        .assert_error(409, "USERNAME_TAKEN");
    assert_eq!(server.ceremonies().await, 0);
}

#[tokio::test]
async fn a_username_taken_between_start_and_finish_changes_nothing() {
    let server = TestServer::new().await;
    let (first, first_options) = server.register_start("dave").await;
    let (second, second_options) = server.register_start("dave").await;
    let mut key1 = SoftKey::generate(Alg::Es256);
    let mut key2 = SoftKey::generate(Alg::Es256);
    server
        .register_finish(&first, key1.register(&first_options))
        .await
        .assert_status(201);
    let before = server.snapshot().await;
    server
        .register_finish(&second, key2.register(&second_options))
        .await
        .assert_error(409, "USERNAME_TAKEN");
    assert_eq!(server.snapshot().await, before);
}

#[tokio::test]
async fn replaying_a_finish_is_refused() {
    let server = TestServer::new().await;
    let (ceremony, options) = server.register_start("erin").await;
    let mut key = SoftKey::generate(Alg::Es256);
    let credential = key.register(&options);
    server
        .register_finish(&ceremony, credential.clone())
        .await
        .assert_status(201);
    let before = server.snapshot().await;
    server
        .register_finish(&ceremony, credential)
        .await
        .assert_error(404, "CEREMONY_NOT_FOUND");
    assert_eq!(server.snapshot().await, before);
}

#[tokio::test]
async fn a_failed_finish_consumes_its_ceremony() {
    let server = TestServer::new().await;
    let (ceremony, options) = server.register_start("frank").await;
    let mut key = SoftKey::generate(Alg::Es256);
    let mut params = key.create_params(&options);
    params.origin = "https://evil.example".into();
    server
        .register_finish(&ceremony, key.attest(&params))
        .await
        .assert_error(400, "VERIFICATION_FAILED");
    // The honest response now comes too late.
    server
        .register_finish(&ceremony, key.register(&options))
        .await
        .assert_error(404, "CEREMONY_NOT_FOUND");
    let after = server.snapshot().await;
    assert_eq!(
        (after.users, after.passkeys.len(), after.sessions),
        (0, 0, 0)
    );
    assert_eq!(server.ceremonies().await, 0);
}

#[tokio::test]
async fn forged_registrations_are_rejected_and_change_nothing() {
    let server = TestServer::new().await;
    type Forge = fn(&mut crate::authenticator::Params);
    let cases: [(&str, Forge); 8] = [
        ("wrong origin", |p| p.origin = "https://evil.example".into()),
        ("wrong port", |p| p.origin = "http://localhost:9999".into()),
        ("wrong rpId", |p| p.rp_id = "evil.example".into()),
        ("wrong type", |p| p.client_type = "webauthn.get".into()),
        ("wrong challenge", |p| p.challenge = b64(&[7; 32])),
        ("missing UP", |p| p.up = false),
        ("missing UV", |p| p.uv = false),
        ("backed up but not eligible", |p| {
            p.be = false;
            p.bs = true;
        }),
    ];
    let runs = cases
        .into_iter()
        .flat_map(|(what, forge)| [(what, forge, Alg::Es256), (what, forge, Alg::EdDsa)]);
    for (what, forge, alg) in runs {
        let (ceremony, options) = server.register_start("grace").await;
        let mut key = SoftKey::generate(alg);
        let mut params = key.create_params(&options);
        forge(&mut params);
        let reply = server.register_finish(&ceremony, key.attest(&params)).await;
        assert_eq!(
            reply.body["error"]["code"], "VERIFICATION_FAILED",
            "{what} {alg:?}: {}",
            reply.text
        );
        reply.assert_error(400, "VERIFICATION_FAILED");
        let after = server.snapshot().await;
        assert_eq!(
            (after.users, after.passkeys.len(), after.sessions),
            (0, 0, 0),
            "{what}"
        );
    }
    assert_eq!(server.ceremonies().await, 0);
}

#[tokio::test]
async fn a_credential_id_registered_twice_is_refused() {
    let server = TestServer::new().await;
    let (mut key, _) = server.sign_up("heidi", Alg::Es256).await;
    let before = server.snapshot().await;
    // Another account presents the same credential id.
    let (ceremony, options) = server.register_start("ivan").await;
    let reply = server
        .register_finish(&ceremony, key.register(&options))
        .await;
    reply.assert_error(409, "CREDENTIAL_EXISTS");
    assert_eq!(server.snapshot().await, before);
}

#[tokio::test]
async fn malformed_credentials_are_invalid_requests_and_keep_the_ceremony() {
    // A credential whose shape is wrong is refused before its ceremony is looked at, so the
    // person can still finish with the passkey their device just made.
    let server = TestServer::new().await;
    type Break = fn(&mut Value);
    let cases: [(&str, Break); 6] = [
        ("not an object", |c| *c = json!("credential")),
        ("bad base64 rawId", |c| c["rawId"] = json!("!!not base64!!")),
        ("bad base64 clientDataJSON", |c| {
            c["response"]["clientDataJSON"] = json!("***");
        }),
        ("id and rawId differ", |c| c["id"] = json!(b64(b"other"))),
        ("missing response", |c| {
            c.as_object_mut().unwrap().remove("response");
        }),
        ("wrong credential type", |c| c["type"] = json!("password")),
    ];
    for (i, (what, breaker)) in cases.iter().enumerate() {
        let mut key = SoftKey::generate(Alg::Es256);
        let (ceremony, options) = server.register_start(&format!("judy{i}")).await;
        let mut credential = key.register(&options);
        breaker(&mut credential);
        let before = server.snapshot().await;
        let reply = server.register_finish(&ceremony, credential).await;
        assert_eq!(
            reply.body["error"]["code"], "INVALID_REQUEST",
            "{what}: {}",
            reply.text
        );
        reply.assert_error(400, "INVALID_REQUEST");
        assert_eq!(server.snapshot().await, before, "{what}");
        server
            .register_finish(&ceremony, key.register(&options))
            .await
            .assert_status(201);
    }
    assert_eq!(server.snapshot().await.users, 6);
}

#[tokio::test]
async fn credentials_that_fail_against_the_ceremony_are_invalid_and_consume_it() {
    let server = TestServer::new().await;
    let mut key = SoftKey::generate(Alg::Es256);
    type Break = fn(&mut Value);
    let cases: [(&str, Break); 2] = [
        ("malformed CBOR", |c| {
            c["response"]["attestationObject"] = json!(b64(&[0xa3, 0x63, 0x66, 0x6d]));
        }),
        ("clientDataJSON not JSON", |c| {
            c["response"]["clientDataJSON"] = json!(b64(b"{not json"));
        }),
    ];
    for (what, breaker) in cases {
        let (ceremony, options) = server.register_start("judy").await;
        let mut credential = key.register(&options);
        breaker(&mut credential);
        let reply = server.register_finish(&ceremony, credential).await;
        assert_eq!(
            reply.body["error"]["code"], "INVALID_REQUEST",
            "{what}: {}",
            reply.text
        );
        reply.assert_error(400, "INVALID_REQUEST");
        server
            .register_finish(&ceremony, key.register(&options))
            .await
            .assert_error(404, "CEREMONY_NOT_FOUND");
    }
    let after = server.snapshot().await;
    assert_eq!(
        (after.users, after.passkeys.len(), after.sessions),
        (0, 0, 0)
    );
}

#[tokio::test]
async fn malformed_request_bodies_get_the_envelope() {
    let server = TestServer::new().await;
    let send = |content_type: Option<&'static str>, body: &'static str| {
        let mut request = axum::http::Request::builder()
            .method(Method::POST)
            .uri("/auth/register/start");
        if let Some(ct) = content_type {
            request = request.header(header::CONTENT_TYPE, ct);
        }
        request.body(axum::body::Body::from(body)).unwrap()
    };
    for (what, request) in [
        ("syntax", send(Some("application/json"), "{\"username\": ")),
        (
            "wrong content type",
            send(Some("text/plain"), "{\"username\":\"kim\"}"),
        ),
        ("no content type", send(None, "{\"username\":\"kim\"}")),
        ("missing field", send(Some("application/json"), "{}")),
        (
            "wrong field type",
            send(Some("application/json"), "{\"username\": 5}"),
        ),
        ("not an object", send(Some("application/json"), "[]")),
    ] {
        let reply = server.request(request).await;
        assert_eq!(
            reply.body["error"]["code"], "INVALID_REQUEST",
            "{what}: {}",
            reply.text
        );
        reply.assert_error(400, "INVALID_REQUEST");
    }
    server
        .post("/auth/register/finish", json!({"credential": {}}))
        .await
        .assert_error(400, "INVALID_REQUEST");
}

#[tokio::test]
async fn an_expired_or_unknown_ceremony_is_not_found() {
    // A TTL of zero: every ceremony has expired by the time it is finished.
    let expiring = TestServer::with(|c| c.ceremony_ttl = std::time::Duration::ZERO).await;
    let (ceremony, options) = expiring.register_start("leo").await;
    let mut key = SoftKey::generate(Alg::Es256);
    expiring
        .register_finish(&ceremony, key.register(&options))
        .await
        .assert_error(404, "CEREMONY_NOT_FOUND");
    assert_eq!(expiring.snapshot().await.users, 0);
    let server = TestServer::new().await;
    let (_, options) = server.register_start("leo").await;
    server
        .register_finish("made-up", key.register(&options))
        .await
        .assert_error(404, "CEREMONY_NOT_FOUND");
    // A login ceremony cannot finish a registration.
    let (login_ceremony, _) = server.login_start(None).await;
    server
        .register_finish(&login_ceremony, key.register(&options))
        .await
        .assert_error(404, "CEREMONY_NOT_FOUND");
    assert_eq!(server.snapshot().await.users, 0);
}

#[tokio::test]
async fn preferred_user_verification_accepts_authenticators_without_uv() {
    let server = TestServer::with(|c| {
        c.user_verification = server::config::UserVerification::Preferred;
    })
    .await;
    let (ceremony, options) = server.register_start("mallory").await;
    assert_eq!(
        options["authenticatorSelection"]["userVerification"],
        "preferred"
    );
    let mut key = SoftKey::generate(Alg::Es256);
    let mut params = key.create_params(&options);
    params.uv = false;
    server
        .register_finish(&ceremony, key.attest(&params))
        .await
        .assert_status(201);
    let (ceremony, options) = server.login_start(Some("mallory")).await;
    let mut params = key.get_params(&options);
    params.uv = false;
    server
        .login_finish(&ceremony, key.assert(&params))
        .await
        .assert_status(200);
}
