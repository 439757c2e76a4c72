//! Limits that keep one account from making the server store or send megabytes: passkeys
//! per account, credential id length, no attestation certificates kept.

use serde_json::json;

use crate::authenticator::{Alg, SoftKey};
use crate::harness::TestServer;

#[tokio::test]
async fn one_passkey_past_the_cap_is_refused_at_start() {
    let server = TestServer::with(|c| c.max_passkeys = 3).await;
    let (_key, token) = server.sign_up("alice", Alg::Es256).await;
    for _ in 0..2 {
        let mut key = SoftKey::generate(Alg::Es256);
        server
            .add_passkey(&token, &mut key)
            .await
            .assert_status(201);
    }
    let before = server.snapshot().await;
    let ceremonies = server.ceremonies().await;
    server
        .post_as(&token, "/auth/passkeys/start", json!({}))
        .await
        .assert_error(409, "TOO_MANY_PASSKEYS");
    assert_eq!(server.snapshot().await, before);
    assert_eq!(server.ceremonies().await, ceremonies);
}

#[tokio::test]
async fn ceremonies_started_below_the_cap_cannot_finish_past_it() {
    let server = TestServer::with(|c| c.max_passkeys = 2).await;
    let (_key, token) = server.sign_up("alice", Alg::Es256).await;
    let a = server
        .post_as(&token, "/auth/passkeys/start", json!({}))
        .await;
    let b = server
        .post_as(&token, "/auth/passkeys/start", json!({}))
        .await;
    let (a, b) = (a.assert_status(200).clone(), b.assert_status(200).clone());
    let finish = |body: &serde_json::Value, key: &mut SoftKey| json!({"ceremonyId": body["ceremonyId"], "credential": key.register(&body["options"])});
    let mut first = SoftKey::generate(Alg::Es256);
    server
        .post_as(&token, "/auth/passkeys/finish", finish(&a, &mut first))
        .await
        .assert_status(201);
    let before = server.snapshot().await;
    let mut second = SoftKey::generate(Alg::Es256);
    server
        .post_as(&token, "/auth/passkeys/finish", finish(&b, &mut second))
        .await
        .assert_error(409, "TOO_MANY_PASSKEYS");
    assert_eq!(server.snapshot().await, before);
}

#[tokio::test]
async fn the_default_cap_is_twenty() {
    assert_eq!(server::Config::local_default().max_passkeys, 20);
}

#[tokio::test]
async fn a_credential_id_over_1023_bytes_is_refused_and_nothing_is_stored() {
    let server = TestServer::new().await;
    let mut long = SoftKey::generate(Alg::Es256);
    long.cred_id = vec![7; 1024];
    let (ceremony, options) = server.register_start("alice").await;
    let before = server.snapshot().await;
    server
        .register_finish(&ceremony, long.register(&options))
        .await
        .assert_error(400, "INVALID_REQUEST");
    assert_eq!(server.snapshot().await, before);

    // 1,023 bytes is the most WebAuthn allows, and works.
    let mut longest = SoftKey::generate(Alg::Es256);
    longest.cred_id = vec![8; 1023];
    server.sign_up_with("bob", &mut longest).await;
    server.sign_in(Some("bob"), &mut longest).await;
}

#[tokio::test]
async fn an_id_in_the_attested_data_over_1023_bytes_is_refused_too() {
    // The JSON's rawId may be short while the authenticator data names a long id.
    let server = TestServer::new().await;
    let mut key = SoftKey::generate(Alg::Es256);
    key.cred_id = vec![9; 2048];
    let (ceremony, options) = server.register_start("alice").await;
    let mut credential = key.register(&options);
    credential["id"] = json!("AAAA");
    credential["rawId"] = json!("AAAA");
    let before = server.snapshot().await;
    let reply = server.register_finish(&ceremony, credential).await;
    assert_eq!(reply.status.as_u16(), 400, "{}", reply.text);
    assert_eq!(server.snapshot().await, before);
}

#[tokio::test]
async fn attestation_data_is_not_stored() {
    let server = TestServer::new().await;
    let mut key = SoftKey::generate(Alg::Es256);
    let (ceremony, options) = server.register_start("alice").await;
    let mut params = key.create_params(&options);
    params.packed = true;
    server
        .register_finish(&ceremony, key.attest(&params))
        .await
        .assert_status(201);
    let stored = server
        .state
        .store
        .passkey(&key.id())
        .await
        .unwrap()
        .unwrap()
        .credential;
    let stored: serde_json::Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(stored["attestation"]["data"], json!("None"), "{stored}");
    assert_eq!(stored["attestation"]["metadata"], json!("None"), "{stored}");
    // And the passkey still signs in.
    server.sign_in(Some("alice"), &mut key).await;
}
