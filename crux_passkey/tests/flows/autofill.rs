use insta::assert_json_snapshot;
use serde_json::json;
use crux_passkey::auth::{Activity, AuthEvent, Screen};
use crux_passkey::passkey::{Mediation, PasskeyErrorKind, PasskeyOperation};

use crate::harness::{Harness, ceremony_json, passkey_json, session_json, user_json};

fn mediation(h: &Harness) -> Mediation {
    match h.passkey() {
        PasskeyOperation::Get { mediation, .. } => *mediation,
        other => panic!("expected a get request, got {other:?}"),
    }
}

fn autofill_waiting() -> Harness {
    let mut h = Harness::configured();
    h.send(AuthEvent::StartAutofill);
    assert_eq!(h.http_body(), json!({}));
    h.reply(200, ceremony_json("cer_auto_1", "request_options.json"));
    assert_eq!(mediation(&h), Mediation::Conditional);
    h
}

#[test]
fn autofill_waits_quietly_without_making_the_core_busy() {
    let h = autofill_waiting();
    assert_json_snapshot!("autofill_waiting", h.view());
    let view = h.auth();
    assert!(view.autofill_active);
    assert!(!view.busy);
}

#[test]
fn picking_a_passkey_from_autofill_signs_in() {
    let mut h = autofill_waiting();
    h.passkey_ok("authentication_response.json");
    assert_eq!(h.auth().activity, Activity::SigningIn);
    assert_eq!(h.http_body()["ceremonyId"], "cer_auto_1");
    h.reply(200, json!({"user": user_json(), "session": session_json()}));
    h.reply(
        200,
        json!([passkey_json("q1Zb5bC2W8m1t1wQm3y1Sg", "MacBook")]),
    );
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedIn);
    assert!(!view.autofill_active);
    assert!(!view.can_delete_passkeys);
}

#[test]
fn cancelling_autofill_drops_its_late_answer() {
    let mut h = autofill_waiting();
    h.send(AuthEvent::CancelAutofill);
    assert!(!h.auth().autofill_active);
    h.passkey_ok("authentication_response.json");
    assert_eq!(
        h.pending_http(),
        0,
        "a cancelled attempt never reaches login/finish"
    );
    assert_eq!(h.auth().activity, Activity::Idle);
}

#[test]
fn a_modal_sign_in_replaces_autofill() {
    let mut h = autofill_waiting();
    h.send(AuthEvent::SignInWithPasskey);
    assert!(
        !h.auth().autofill_active,
        "the shell aborts its conditional request"
    );
    assert_eq!(h.pending_http(), 1);

    // The aborted conditional request answers late; it must not disturb the modal flow.
    h.passkey_err(PasskeyErrorKind::Aborted);
    assert_eq!(h.auth().activity, Activity::SigningIn);
    assert_eq!(h.auth().notice, None);

    h.reply(200, ceremony_json("cer_modal_1", "request_options.json"));
    assert_eq!(mediation(&h), Mediation::Modal);
}

#[test]
fn autofill_endings_that_nobody_asked_for_say_nothing() {
    for kind in [
        PasskeyErrorKind::Cancelled,
        PasskeyErrorKind::Aborted,
        PasskeyErrorKind::NoCredentials,
    ] {
        let mut h = autofill_waiting();
        h.passkey_err(kind);
        let view = h.auth();
        assert_eq!(view.notice, None, "{kind:?}");
        assert!(!view.autofill_active, "{kind:?}");
    }
}

#[test]
fn an_autofill_failure_the_person_can_act_on_is_shown() {
    let mut h = autofill_waiting();
    h.passkey_err(PasskeyErrorKind::RpMisconfigured);
    assert_eq!(h.auth().notice.unwrap().code, "PASSKEY_RP_MISCONFIGURED");
}

#[test]
fn autofill_can_start_again_after_it_ends() {
    let mut h = autofill_waiting();
    h.send(AuthEvent::CancelAutofill);
    h.send(AuthEvent::StartAutofill);
    assert_eq!(h.pending_http(), 1);
    h.reply(200, ceremony_json("cer_auto_2", "request_options.json"));
    h.passkey_ok("authentication_response.json"); // the first, cancelled, attempt's request
    assert_eq!(h.pending_http(), 0);
    h.passkey_ok("authentication_response.json");
    assert_eq!(h.http_body()["ceremonyId"], "cer_auto_2");
}

#[test]
fn starting_autofill_twice_starts_one_ceremony() {
    let mut h = Harness::configured();
    h.send(AuthEvent::StartAutofill);
    h.send(AuthEvent::StartAutofill);
    assert_eq!(h.pending_http(), 1);
}

#[test]
fn autofill_is_not_offered_to_someone_signed_in_or_before_configuration() {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::StartAutofill);
    assert_eq!(h.pending_http(), 0);

    let mut h = Harness::default();
    h.send(AuthEvent::StartAutofill);
    assert_eq!(h.pending_http(), 0);
}

#[test]
fn an_unreachable_server_ends_autofill_with_a_notice() {
    let mut h = Harness::configured();
    h.send(AuthEvent::StartAutofill);
    h.fail_http(crux_http::HttpError::Io("connection refused".to_owned()));
    let view = h.auth();
    assert!(!view.autofill_active);
    assert_eq!(view.notice.unwrap().code, "NETWORK");
}
