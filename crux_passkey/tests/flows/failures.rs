//! Every way the server, the network and the platform can say no, at every step that can meet it.

use crux_http::HttpError;
use insta::assert_json_snapshot;
use serde_json::json;
use crux_passkey::api::ErrorCode;
use crux_passkey::auth::{Activity, AuthEvent, Notice, NoticeKind, Screen};
use crux_passkey::passkey::PasskeyErrorKind;

use crate::harness::{Harness, ceremony_json, error_json, session_json, user_json};

/// Starts a usernameless sign-in and brings it to the step where the server answers
/// `login/finish`.
fn at_login_finish() -> Harness {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_1", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    h
}

fn assert_ended_with(h: &Harness, code: &str) -> Notice {
    let view = h.auth();
    assert_eq!(view.activity, Activity::Idle, "{code}: the flow ends");
    assert_eq!(
        h.pending_http() + h.pending_passkey(),
        0,
        "{code}: nothing left waiting"
    );
    let notice = view.notice.unwrap_or_else(|| panic!("{code}: no notice"));
    assert_eq!(notice.code, code);
    notice
}

#[test]
fn every_server_error_code_reaches_the_view_in_words() {
    let mut notices = Vec::new();
    for code in ErrorCode::ALL {
        let mut h = at_login_finish();
        h.reply(
            code.status(),
            error_json(code.as_str(), "detail from the server"),
        );
        let notice = assert_ended_with(&h, code.as_str());
        assert_eq!(notice.kind, NoticeKind::Error);
        assert_ne!(h.auth().screen, Screen::SignedIn);
        notices.push((code.as_str(), notice.text));
    }
    assert_json_snapshot!("server_error_notices", notices);
}

#[test]
fn every_passkey_error_kind_is_handled_and_a_cancel_is_calm() {
    let mut notices = Vec::new();
    for kind in PasskeyErrorKind::ALL {
        let mut h = Harness::configured();
        h.send(AuthEvent::SignInWithPasskey);
        h.reply(200, ceremony_json("cer_1", "request_options.json"));
        h.passkey_err(kind);
        let view = h.auth();
        assert_eq!(view.activity, Activity::Idle, "{kind:?}");
        assert_eq!(h.pending_http(), 0, "{kind:?}: login/finish is not called");
        match kind {
            PasskeyErrorKind::Aborted => assert_eq!(view.notice, None, "an abort says nothing"),
            PasskeyErrorKind::Cancelled => {
                let notice = view.notice.unwrap();
                assert_eq!(notice.kind, NoticeKind::Info, "a cancel is not an error");
                notices.push((kind.code(), notice.text));
            }
            _ => {
                let notice = view.notice.unwrap();
                assert_eq!(notice.code, kind.code());
                assert_eq!(notice.kind, NoticeKind::Error);
                notices.push((kind.code(), notice.text));
            }
        }
        // The person can try again straight away.
        h.send(AuthEvent::SignInWithPasskey);
        assert_eq!(h.pending_http(), 1, "{kind:?}: can retry");
    }
    assert_json_snapshot!("passkey_error_notices", notices);
}

#[test]
fn transport_failures_are_network_notices() {
    for error in [
        HttpError::Io("connection refused".to_owned()),
        HttpError::Timeout,
        HttpError::Url("bad url".to_owned()),
    ] {
        let mut h = Harness::configured();
        h.send(AuthEvent::SignInWithPasskey);
        h.fail_http(error.clone());
        let notice = assert_ended_with(&h, "NETWORK");
        assert!(
            notice.text.starts_with("Can't reach the server"),
            "{error:?}"
        );
    }
}

#[test]
fn an_error_status_without_an_envelope_keeps_its_status() {
    let mut h = at_login_finish();
    h.reply_raw(502, b"<html>Bad gateway</html>");
    let notice = assert_ended_with(&h, "HTTP_502");
    assert_eq!(
        notice.text,
        "The server refused the request (502): Bad Gateway"
    );
}

#[test]
fn an_unknown_error_code_is_shown_with_the_servers_message() {
    let mut h = at_login_finish();
    h.reply(418, error_json("TEAPOT", "short and stout"));
    let notice = assert_ended_with(&h, "TEAPOT");
    assert!(notice.text.contains("short and stout"));
}

#[test]
fn success_bodies_that_are_not_json_or_the_wrong_shape_are_bad_responses() {
    let bodies: [&[u8]; 7] = [
        b"",
        b"not json",
        b"{\"user\": 1}",
        b"[]",
        b"null",
        b"{\"user\": {\"id\": \"u\"}, \"session\": {}}",
        &[0xff, 0xfe, 0x00, 0x01],
    ];
    for body in bodies {
        let mut h = at_login_finish();
        h.reply_raw(200, body);
        assert_ended_with(&h, "BAD_RESPONSE");
        assert_eq!(h.kept, None);
        assert_eq!(h.auth().user, None);
    }
}

#[test]
fn wrong_shapes_at_every_step_are_bad_responses() {
    // register/start
    let mut h = Harness::configured();
    h.send(AuthEvent::SignUp {
        username: "alice".to_owned(),
        display_name: String::new(),
    });
    h.reply(200, json!({"ceremonyId": 7}));
    assert_ended_with(&h, "BAD_RESPONSE");

    // register/finish
    let mut h = Harness::configured();
    h.send(AuthEvent::SignUp {
        username: "alice".to_owned(),
        display_name: String::new(),
    });
    h.reply(200, ceremony_json("cer_1", "creation_options.json"));
    h.passkey_ok("registration_response.json");
    h.reply(201, json!({"user": user_json(), "session": session_json()}));
    assert_ended_with(&h, "BAD_RESPONSE");

    // session
    let mut h = Harness::configured();
    h.send(AuthEvent::RestoreSession);
    h.reply(200, json!({"username": "alice"}));
    assert_ended_with(&h, "BAD_RESPONSE");

    // passkey list
    let mut h = Harness::signed_up();
    h.send(AuthEvent::RefreshPasskeys);
    h.reply(200, json!({"passkeys": []}));
    assert_ended_with(&h, "BAD_RESPONSE");
    assert_eq!(h.auth().passkeys.len(), 1, "the list is kept");
}

#[test]
fn a_failed_ceremony_start_never_asks_the_platform() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(429, error_json("RATE_LIMITED", "slow down"));
    assert_ended_with(&h, "RATE_LIMITED");
}
