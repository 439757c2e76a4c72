//! The platform's Signal API: the moments the core tells the passkey manager what the server
//! knows, and that a platform without it changes nothing.

use crux_passkey::auth::{Activity, AuthEvent, Transition};
use crux_passkey::passkey::Signal;
use serde_json::{Value, json};

use crate::harness::{
    BASE, Harness, ceremony_json, error_json, passkey_json, session_json, user_json,
};

const HANDLE: &str = "Tn9sQ1pYYQ8AAAAAAAAAAA";
const FIRST: &str = "q1Zb5bC2W8m1t1wQm3y1Sg";
const SECOND: &str = "c2Vjb25k";

fn user_with_handle(display_name: &str) -> Value {
    let mut user = user_json();
    user["handle"] = json!(HANDLE);
    user["displayName"] = json!(display_name);
    user
}

/// Signed in with a modal, usernameless sign-in; the server names its rp id and the handle.
fn signed_in() -> Harness {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    h.reply(
        200,
        json!({"user": user_with_handle("Alice Liddell"), "session": session_json(), "rpId": "example.com"}),
    );
    h
}

#[test]
fn a_sign_in_tells_the_manager_the_names_and_then_the_accepted_credentials() {
    let mut h = signed_in();
    assert_eq!(
        h.signals,
        [(
            Signal::CurrentUserDetails,
            json!({"rpId": "example.com", "userId": HANDLE, "name": "alice", "displayName": "Alice Liddell"})
        )]
    );
    h.reply(200, json!([passkey_json(FIRST, "MacBook"), passkey_json(SECOND, "Phone")]));
    assert_eq!(
        h.signals.last(),
        Some(&(
            Signal::AllAcceptedCredentials,
            json!({"rpId": "example.com", "userId": HANDLE, "allAcceptedCredentialIds": [FIRST, SECOND]})
        ))
    );
}

#[test]
fn a_list_that_failed_to_load_is_not_sent_as_the_accepted_credentials() {
    let mut h = signed_in();
    h.reply(500, error_json("INTERNAL", "database is down"));
    assert!(
        h.signals
            .iter()
            .all(|(signal, _)| *signal != Signal::AllAcceptedCredentials),
        "a partial list would make the manager hide good passkeys"
    );
}

#[test]
fn a_credential_the_server_does_not_know_is_signalled_with_the_id_the_platform_used() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    h.reply(401, error_json("UNKNOWN_CREDENTIAL", "no such credential"));
    assert_eq!(
        h.signals,
        [(
            Signal::UnknownCredential,
            json!({"rpId": "localhost", "credentialId": FIRST})
        )]
    );
    assert_eq!(h.auth().notice.unwrap().code, "UNKNOWN_CREDENTIAL");
}

#[test]
fn an_autofill_pick_the_server_does_not_know_is_signalled_too() {
    let mut h = Harness::configured();
    h.send(AuthEvent::StartAutofill);
    h.reply(200, ceremony_json("cer_auto_1", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    h.reply(401, error_json("UNKNOWN_CREDENTIAL", "no such credential"));
    assert_eq!(h.signals.len(), 1);
    assert_eq!(h.signals[0].0, Signal::UnknownCredential);
}

#[test]
fn other_sign_in_failures_signal_nothing() {
    for (status, code) in [(400, "VERIFICATION_FAILED"), (401, "COUNTER_REGRESSION"), (404, "CEREMONY_NOT_FOUND")] {
        let mut h = Harness::configured();
        h.send(AuthEvent::SignInWithPasskey);
        h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
        h.passkey_ok("authentication_response.json");
        h.reply(status, error_json(code, "no"));
        assert!(h.signals.is_empty(), "{code}");
    }
}

#[test]
fn a_delete_tells_the_manager_what_remains() {
    let mut h = signed_in();
    h.reply(200, json!([passkey_json(FIRST, "MacBook"), passkey_json(SECOND, "Phone")]));
    h.send(AuthEvent::DeletePasskey {
        id: SECOND.to_owned(),
    });
    h.reply_empty(204);
    assert_eq!(
        h.signals.last(),
        Some(&(
            Signal::AllAcceptedCredentials,
            json!({"rpId": "example.com", "userId": HANDLE, "allAcceptedCredentialIds": [FIRST]})
        ))
    );
}

#[test]
fn a_new_display_name_reaches_the_server_the_host_and_the_manager() {
    let mut h = signed_in();
    h.reply(200, json!([passkey_json(FIRST, "MacBook")]));
    h.transitions.clear();
    h.send(AuthEvent::ChangeDisplayName {
        display_name: " Alice Pleasance ".to_owned(),
    });
    assert_eq!(h.auth().activity, Activity::ChangingDisplayName);
    assert_eq!(h.http().method, "PATCH");
    assert_eq!(h.http().url, format!("{BASE}auth/me"));
    assert_eq!(h.http_body(), json!({"displayName": "Alice Pleasance"}));
    h.reply(200, json!({"user": user_with_handle("Alice Pleasance"), "rpId": "example.com"}));

    let view = h.auth();
    assert_eq!(view.user.unwrap().display_name, "Alice Pleasance");
    assert_eq!(view.notice.unwrap().code, "DISPLAY_NAME_CHANGED");
    assert!(matches!(&h.transitions[..], [Transition::UserUpdated { user }] if user.display_name == "Alice Pleasance"));
    assert_eq!(
        h.signals.last(),
        Some(&(
            Signal::CurrentUserDetails,
            json!({"rpId": "example.com", "userId": HANDLE, "name": "alice", "displayName": "Alice Pleasance"})
        ))
    );
}

#[test]
fn a_refused_or_empty_display_name_changes_nothing() {
    let mut h = signed_in();
    h.reply(200, json!([passkey_json(FIRST, "MacBook")]));
    let before = h.signals.len();
    h.send(AuthEvent::ChangeDisplayName {
        display_name: "  ".to_owned(),
    });
    assert_eq!(h.pending_http(), 0);
    assert_eq!(h.auth().notice.unwrap().code, "INVALID_INPUT");

    h.send(AuthEvent::ChangeDisplayName {
        display_name: "Mallory".to_owned(),
    });
    h.reply(400, error_json("INVALID_REQUEST", "display name has control characters"));
    assert_eq!(h.auth().user.unwrap().display_name, "Alice Liddell");
    assert_eq!(h.signals.len(), before, "no signal for a change the server refused");
}

#[test]
fn an_answer_for_another_account_is_refused() {
    let mut h = signed_in();
    h.reply(200, json!([passkey_json(FIRST, "MacBook")]));
    h.send(AuthEvent::ChangeDisplayName {
        display_name: "Bob".to_owned(),
    });
    h.reply(200, json!({"user": {"id": "u_other", "username": "bob", "displayName": "Bob"}}));
    let view = h.auth();
    assert_eq!(view.notice.unwrap().code, "BAD_RESPONSE");
    assert_eq!(view.user.unwrap().username, "alice");
}

#[test]
fn a_platform_without_the_signal_api_changes_nothing() {
    let mut h = Harness::configured();
    h.signals_unsupported = true;
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    h.reply(
        200,
        json!({"user": user_with_handle("Alice Liddell"), "session": session_json(), "rpId": "example.com"}),
    );
    h.reply(200, json!([passkey_json(FIRST, "MacBook")]));
    let view = h.auth();
    assert_eq!(h.signals.len(), 2, "both were tried");
    assert_eq!(view.notice, None, "a signal never shows an error");
    assert!(!view.busy);
}

#[test]
fn without_an_rp_id_or_a_handle_nothing_is_signalled() {
    // An older server: no rpId, no handle.
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    h.reply(200, json!({"user": user_json(), "session": session_json()}));
    h.reply(200, json!([passkey_json(FIRST, "MacBook")]));
    assert!(h.signals.is_empty());
}
