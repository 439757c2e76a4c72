use insta::assert_json_snapshot;
use serde_json::json;
use crux_passkey::auth::{Activity, AuthEvent, Screen};
use crux_passkey::passkey::{Mediation, PasskeyErrorKind, PasskeyOperation};

use crate::harness::{
    BASE, Harness, TOKEN, ceremony_json, error_json, fixture_json, passkey_json, session_json,
    user_json,
};

fn complete_login(h: &mut Harness) {
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    finish_from_passkey(h);
}

fn finish_from_passkey(h: &mut Harness) {
    h.passkey_ok("authentication_response.json");
    assert_eq!(h.http().url, format!("{BASE}auth/login/finish"));
    assert_eq!(
        h.http_body(),
        json!({"ceremonyId": "cer_login_1", "credential": fixture_json("authentication_response.json")})
    );
    h.reply(200, json!({"user": user_json(), "session": session_json()}));
    assert_eq!(h.auth().activity, Activity::LoadingPasskeys);
    assert_eq!(h.http().url, format!("{BASE}auth/passkeys"));
    assert_eq!(
        h.http_header("authorization"),
        Some(format!("Bearer {TOKEN}"))
    );
    h.reply(
        200,
        json!([
            passkey_json("q1Zb5bC2W8m1t1wQm3y1Sg", "MacBook"),
            passkey_json("c2Vjb25k", "Phone")
        ]),
    );
}

#[test]
fn sign_in_with_a_username() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignIn {
        username: " alice ".to_owned(),
    });
    assert_eq!(h.http().url, format!("{BASE}auth/login/start"));
    assert_eq!(h.http_body(), json!({"username": "alice"}));
    assert_json_snapshot!("sign_in_1_starting", h.view());

    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    let PasskeyOperation::Get {
        options_json,
        mediation,
    } = h.passkey().clone()
    else {
        panic!("expected a get request");
    };
    assert_eq!(mediation, Mediation::Modal);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&options_json).unwrap(),
        fixture_json("request_options.json")
    );
    finish_from_passkey(&mut h);
    assert_json_snapshot!("sign_in_2_signed_in", h.view());
}

#[test]
fn sign_in_without_a_username_asks_for_a_discoverable_credential() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    assert_eq!(h.http_body(), json!({}), "no username key at all");
    complete_login(&mut h);
    let view = h.view();
    assert_eq!(view.screen, Screen::SignedIn);
    assert_eq!(view.passkeys.len(), 2);
    assert!(view.can_delete_passkeys);
}

#[test]
fn an_empty_username_is_refused_locally() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignIn {
        username: String::new(),
    });
    assert_eq!(h.pending_http(), 0);
    assert_json_snapshot!("sign_in_empty_username", h.view());
}

#[test]
fn no_passkey_on_the_device_is_explained() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    h.passkey_err(PasskeyErrorKind::NoCredentials);
    assert_json_snapshot!("sign_in_no_credentials", h.view());
}

#[test]
fn an_unknown_credential_is_refused_and_the_person_can_try_again() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    h.reply(401, error_json("UNKNOWN_CREDENTIAL", "no such credential"));
    let view = h.auth();
    assert_eq!(view.screen, Screen::Starting);
    assert_eq!(view.notice.unwrap().code, "UNKNOWN_CREDENTIAL");
    assert!(!view.busy);

    h.send(AuthEvent::SignInWithPasskey);
    assert_eq!(h.pending_http(), 1, "a new attempt starts");
}

#[test]
fn a_failed_passkey_list_after_sign_in_keeps_the_person_signed_in() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    h.reply(200, json!({"user": user_json(), "session": session_json()}));
    h.reply(500, error_json("INTERNAL", "database is down"));
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedIn);
    assert_eq!(view.notice.unwrap().code, "INTERNAL");
}

#[test]
fn sign_in_is_ignored_when_already_signed_in() {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::SignInWithPasskey);
    h.send(AuthEvent::SignIn {
        username: "alice".to_owned(),
    });
    assert_eq!(h.pending_http(), 0);
}
