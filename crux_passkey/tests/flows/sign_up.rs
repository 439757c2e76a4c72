use insta::assert_json_snapshot;
use serde_json::json;
use crux_passkey::auth::{Activity, AuthEvent, Screen, Transition};
use crux_passkey::passkey::{PasskeyErrorKind, PasskeyOperation};

use crate::harness::{
    BASE, Harness, TOKEN, ceremony_json, error_json, fixture_json, passkey_json, session_json,
    user, user_json,
};

fn sign_up(h: &mut Harness) {
    h.send(AuthEvent::SignUp {
        username: "  alice ".to_owned(),
        display_name: "Alice Liddell".to_owned(),
    });
}

#[test]
fn sign_up_registers_a_passkey_and_signs_in() {
    let mut h = Harness::configured();
    assert_json_snapshot!("sign_up_0_configured", h.view());

    sign_up(&mut h);
    assert_eq!(h.http().method, "POST");
    assert_eq!(h.http().url, format!("{BASE}auth/register/start"));
    assert_eq!(
        h.http_header("content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(h.http_header("authorization"), None);
    assert_eq!(
        h.http_body(),
        json!({"username": "alice", "displayName": "Alice Liddell"})
    );
    assert_json_snapshot!("sign_up_1_starting", h.view());

    h.reply(200, ceremony_json("cer_reg_1", "creation_options.json"));
    let PasskeyOperation::Create { options_json } = h.passkey().clone() else {
        panic!("expected a create request, got {:?}", h.passkey());
    };
    let sent: serde_json::Value = serde_json::from_str(&options_json).unwrap();
    assert_eq!(
        sent,
        fixture_json("creation_options.json"),
        "options pass through untouched"
    );
    assert_eq!(h.auth().activity, Activity::SigningUp);

    h.passkey_ok("registration_response.json");
    assert_eq!(h.http().url, format!("{BASE}auth/register/finish"));
    assert_eq!(
        h.http_body(),
        json!({"ceremonyId": "cer_reg_1", "credential": fixture_json("registration_response.json")})
    );

    h.reply(
        201,
        json!({"user": user_json(), "passkey": passkey_json("q1Zb5bC2W8m1t1wQm3y1Sg", "Passkey 1"), "session": session_json()}),
    );
    assert_json_snapshot!("sign_up_2_signed_in", h.view());
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedIn);
    assert_eq!(
        h.kept.as_deref(),
        Some(format!(r#"{{"server":"{BASE}","token":"{TOKEN}"}}"#).as_str()),
        "the session is kept in the shell's secure storage"
    );
    assert_eq!(h.transitions, [Transition::SignedUp { user: user() }]);
    assert!(!view.busy);
}

#[test]
fn signed_up_person_is_sent_with_a_bearer_token_afterwards() {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::RefreshPasskeys);
    assert_eq!(h.http().method, "GET");
    assert_eq!(h.http().url, format!("{BASE}auth/passkeys"));
    assert_eq!(
        h.http_header("authorization"),
        Some(format!("Bearer {TOKEN}"))
    );
}

#[test]
fn an_empty_display_name_is_left_for_the_server_to_choose() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignUp {
        username: "bob".to_owned(),
        display_name: "   ".to_owned(),
    });
    assert_eq!(h.http_body(), json!({"username": "bob"}));
}

#[test]
fn an_empty_username_is_refused_without_calling_the_server() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignUp {
        username: "   ".to_owned(),
        display_name: "Nobody".to_owned(),
    });
    assert_eq!(h.pending_http(), 0);
    assert_json_snapshot!("sign_up_empty_username", h.view());
}

#[test]
fn an_overlong_username_or_display_name_is_refused_locally() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignUp {
        username: "a".repeat(65),
        display_name: String::new(),
    });
    assert_eq!(h.pending_http(), 0);
    assert_eq!(h.auth().notice.unwrap().code, "INVALID_INPUT");

    h.send(AuthEvent::SignUp {
        username: "alice".to_owned(),
        display_name: "é".repeat(65),
    });
    assert_eq!(h.pending_http(), 0);
    assert_eq!(h.auth().notice.unwrap().code, "INVALID_INPUT");
}

#[test]
fn a_taken_username_says_so_and_stays_signed_out() {
    let mut h = Harness::configured();
    sign_up(&mut h);
    h.reply(409, error_json("USERNAME_TAKEN", "alice is taken"));
    assert_json_snapshot!("sign_up_username_taken", h.view());
    assert_eq!(h.pending_passkey(), 0);
}

#[test]
fn cancelling_the_passkey_sheet_returns_calmly_to_idle() {
    let mut h = Harness::configured();
    sign_up(&mut h);
    h.reply(200, ceremony_json("cer_reg_1", "creation_options.json"));
    h.passkey_err(PasskeyErrorKind::Cancelled);
    assert_eq!(h.pending_http(), 0, "a cancelled ceremony is not finished");
    assert_json_snapshot!("sign_up_cancelled", h.view());
}

#[test]
fn an_existing_passkey_on_the_device_is_explained() {
    let mut h = Harness::configured();
    sign_up(&mut h);
    h.reply(200, ceremony_json("cer_reg_1", "creation_options.json"));
    h.passkey_err(PasskeyErrorKind::ExcludedCredentialExists);
    let notice = h.auth().notice.unwrap();
    assert_eq!(notice.code, "PASSKEY_EXCLUDED_CREDENTIAL_EXISTS");
    assert!(!h.auth().busy);
}

#[test]
fn a_credential_the_server_rejects_leaves_the_person_signed_out() {
    let mut h = Harness::configured();
    sign_up(&mut h);
    h.reply(200, ceremony_json("cer_reg_1", "creation_options.json"));
    h.passkey_ok("registration_response.json");
    h.reply(400, error_json("VERIFICATION_FAILED", "origin mismatch"));
    let view = h.auth();
    assert_eq!(view.screen, Screen::Starting);
    assert_eq!(h.kept, None);
    assert!(h.transitions.is_empty());
    assert_eq!(view.notice.unwrap().code, "VERIFICATION_FAILED");
}

#[test]
fn a_second_sign_up_while_busy_is_ignored() {
    let mut h = Harness::configured();
    sign_up(&mut h);
    sign_up(&mut h);
    assert_eq!(h.pending_http(), 1, "one ceremony only");
}

#[test]
fn options_that_are_not_an_object_are_refused_before_the_platform_sees_them() {
    let mut h = Harness::configured();
    sign_up(&mut h);
    h.reply(
        200,
        json!({"ceremonyId": "cer_1", "options": "not an object"}),
    );
    assert_eq!(h.pending_passkey(), 0);
    assert_eq!(h.auth().notice.unwrap().code, "BAD_RESPONSE");
}

#[test]
fn a_session_token_that_cannot_be_sent_back_is_refused() {
    let mut h = Harness::configured();
    sign_up(&mut h);
    h.reply(200, ceremony_json("cer_reg_1", "creation_options.json"));
    h.passkey_ok("registration_response.json");
    h.reply(
        201,
        json!({"user": user_json(), "passkey": passkey_json("p1", "Passkey 1"), "session": {"token": "bad token\n", "expiresAt": "2026-12-01T00:00:00Z"}}),
    );
    assert_eq!(h.auth().screen, Screen::Starting);
    assert_eq!(h.auth().notice.unwrap().code, "BAD_RESPONSE");
}

#[test]
fn a_platform_answer_that_is_not_json_is_not_sent_to_the_server() {
    let mut h = Harness::configured();
    sign_up(&mut h);
    h.reply(200, ceremony_json("cer_reg_1", "creation_options.json"));
    h.resolve_passkey(crux_passkey::passkey::PasskeyResult::Ok("<html>".to_owned()));
    assert_eq!(h.pending_http(), 0);
    assert_eq!(h.auth().notice.unwrap().code, "PASSKEY_UNKNOWN");
}
