//! Re-authentication: adding or deleting a passkey that the server answers `REAUTH_REQUIRED`
//! runs reauth/start, a passkey `Get` and reauth/finish, then makes the change once more.

use crux_http::HttpError;
use crux_passkey::auth::{Activity, AuthEvent, NoticeKind, Screen, Transition};
use crux_passkey::passkey::{Mediation, PasskeyErrorKind, PasskeyOperation};
use insta::assert_json_snapshot;
use serde_json::{Value, json};

use crate::harness::{
    Harness, TOKEN, ceremony_json, error_json, fixture_json, passkey_json, user, user_json,
};

const FIRST: &str = "q1Zb5bC2W8m1t1wQm3y1Sg";
const SECOND: &str = "c2Vjb25k";

fn with_two_passkeys() -> Harness {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::RefreshPasskeys);
    h.reply(
        200,
        json!([
            passkey_json(FIRST, "Passkey 1"),
            passkey_json(SECOND, "Phone")
        ]),
    );
    assert!(h.auth().can_delete_passkeys);
    forget_the_past(&mut h);
    h
}

fn signed_up() -> Harness {
    let mut h = Harness::signed_up();
    forget_the_past(&mut h);
    h
}

/// Starts each test from a quiet core: the timers of the steps that led here fire (they are
/// stale, so nothing changes), and what was sent and reported so far is cleared.
fn forget_the_past(h: &mut Harness) {
    let view = h.auth();
    h.fire_timers();
    assert_eq!(h.auth(), view, "a stale timer changed the view");
    h.transitions.clear();
    h.sent.clear();
}

fn reauth_required() -> Value {
    error_json("REAUTH_REQUIRED", "sign in again with a passkey first")
}

fn request(method: &str, path: &str, body: Option<Value>) -> (String, String, Option<Value>) {
    (method.to_owned(), path.to_owned(), body)
}

fn reauth_finish_body(ceremony: &str) -> Value {
    json!({"ceremonyId": ceremony, "credential": fixture_json("authentication_response.json")})
}

/// From a waiting reauth/start to a waiting reauth/finish: the server's options go to the
/// platform as a modal `Get`, untouched.
fn confirm_with_a_passkey(h: &mut Harness) {
    assert_eq!(h.auth().activity, Activity::Reauthenticating);
    h.reply(200, ceremony_json("cer_reauth_1", "request_options.json"));
    match h.passkey() {
        PasskeyOperation::Get {
            options_json,
            mediation,
        } => {
            assert_eq!(*mediation, Mediation::Modal);
            assert_eq!(
                serde_json::from_str::<Value>(options_json).unwrap(),
                fixture_json("request_options.json")
            );
        }
        other => panic!("expected a Get, got {other:?}"),
    }
    assert_eq!(h.auth().activity, Activity::Reauthenticating);
    h.passkey_ok("authentication_response.json");
}

fn assert_idle_with_nothing_waiting(h: &Harness) {
    let view = h.auth();
    assert_eq!(view.activity, Activity::Idle);
    assert!(!view.busy);
    assert_eq!(
        h.pending_http() + h.pending_passkey(),
        0,
        "nothing left waiting"
    );
}

#[test]
fn an_add_that_needs_reauthentication_confirms_then_adds() {
    let mut h = signed_up();
    h.send(AuthEvent::AddPasskey {
        name: " Work laptop ".to_owned(),
    });
    h.reply(403, reauth_required());
    assert_eq!(
        h.http_header("authorization"),
        Some(format!("Bearer {TOKEN}")),
        "reauth/start is for the signed-in session"
    );
    assert_json_snapshot!("add_reauthenticating", h.view());
    confirm_with_a_passkey(&mut h);
    assert_eq!(
        h.http_header("authorization"),
        Some(format!("Bearer {TOKEN}"))
    );
    assert!(
        h.transitions.is_empty(),
        "confirming reports nothing of its own"
    );
    h.reply(200, json!({"user": user_json(), "rpId": "localhost"}));

    // The add again, with the name the person gave.
    assert_eq!(h.auth().activity, Activity::AddingPasskey);
    h.reply(200, ceremony_json("cer_add_2", "creation_options.json"));
    assert!(matches!(h.passkey(), PasskeyOperation::Create { .. }));
    h.passkey_ok("registration_response.json");
    h.reply(201, passkey_json(SECOND, "Work laptop"));

    assert_eq!(
        h.sent_here(),
        [
            request("POST", "auth/passkeys/start", Some(json!({}))),
            request("POST", "auth/reauth/start", Some(json!({}))),
            request(
                "POST",
                "auth/reauth/finish",
                Some(reauth_finish_body("cer_reauth_1"))
            ),
            request("POST", "auth/passkeys/start", Some(json!({}))),
            request(
                "POST",
                "auth/passkeys/finish",
                Some(json!({
                    "ceremonyId": "cer_add_2",
                    "credential": fixture_json("registration_response.json"),
                    "name": "Work laptop"
                }))
            ),
        ]
    );
    assert_idle_with_nothing_waiting(&h);
    let view = h.auth();
    assert_eq!(view.notice.unwrap().code, "PASSKEY_ADDED");
    assert_eq!(view.passkeys.len(), 2);
    assert_eq!(view.screen, Screen::SignedIn);
    assert_eq!(h.transitions, [Transition::PasskeysChanged]);
}

#[test]
fn an_add_without_a_name_is_retried_without_one() {
    let mut h = signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(403, reauth_required());
    confirm_with_a_passkey(&mut h);
    h.reply(200, json!({"user": user_json()}));
    h.reply(200, ceremony_json("cer_add_2", "creation_options.json"));
    h.passkey_ok("registration_response.json");
    assert_eq!(h.http_body().get("name"), None);
}

#[test]
fn a_delete_that_needs_reauthentication_confirms_then_deletes() {
    let mut h = with_two_passkeys();
    h.send(AuthEvent::DeletePasskey {
        id: SECOND.to_owned(),
    });
    h.reply(403, reauth_required());
    assert_eq!(h.auth().passkeys.len(), 2, "nothing deleted yet");
    confirm_with_a_passkey(&mut h);
    h.reply(200, json!({"user": user_json(), "rpId": "localhost"}));
    assert_eq!(h.auth().activity, Activity::DeletingPasskey);
    h.reply_empty(204);

    assert_eq!(
        h.sent_here(),
        [
            request("DELETE", &format!("auth/passkeys/{SECOND}"), None),
            request("POST", "auth/reauth/start", Some(json!({}))),
            request(
                "POST",
                "auth/reauth/finish",
                Some(reauth_finish_body("cer_reauth_1"))
            ),
            request("DELETE", &format!("auth/passkeys/{SECOND}"), None),
        ]
    );
    assert_idle_with_nothing_waiting(&h);
    let view = h.auth();
    assert_eq!(view.notice.unwrap().code, "PASSKEY_DELETED");
    assert_eq!(view.passkeys.len(), 1);
    assert_eq!(view.passkeys[0].id, FIRST);
    assert_eq!(h.transitions, [Transition::PasskeysChanged]);
}

#[test]
fn cancelling_the_reauth_prompt_changes_nothing_and_says_so() {
    let mut h = with_two_passkeys();
    h.send(AuthEvent::DeletePasskey {
        id: SECOND.to_owned(),
    });
    h.reply(403, reauth_required());
    h.reply(200, ceremony_json("cer_reauth_1", "request_options.json"));
    h.passkey_err(PasskeyErrorKind::Cancelled);

    assert_idle_with_nothing_waiting(&h);
    assert_eq!(
        h.sent_here(),
        [
            request("DELETE", &format!("auth/passkeys/{SECOND}"), None),
            request("POST", "auth/reauth/start", Some(json!({}))),
        ],
        "no reauth/finish, no second delete"
    );
    let view = h.auth();
    let notice = view.notice.unwrap();
    assert_eq!(notice.code, "REAUTH_CANCELLED");
    assert_eq!(notice.kind, NoticeKind::Info);
    assert_eq!(
        notice.text,
        "Confirm it's you with one of your passkeys to change your passkeys. Nothing was changed."
    );
    assert_eq!(view.passkeys.len(), 2);
    assert!(h.transitions.is_empty());

    // The person can try again at once.
    h.send(AuthEvent::DeletePasskey {
        id: SECOND.to_owned(),
    });
    assert_eq!(h.pending_http(), 1);
}

#[test]
fn every_passkey_failure_at_the_reauth_prompt_changes_nothing() {
    let mut notices = Vec::new();
    for kind in PasskeyErrorKind::ALL {
        let mut h = signed_up();
        h.send(AuthEvent::AddPasskey {
            name: "Work laptop".to_owned(),
        });
        h.reply(403, reauth_required());
        h.reply(200, ceremony_json("cer_reauth_1", "request_options.json"));
        h.passkey_err(kind);
        assert_idle_with_nothing_waiting(&h);
        assert_eq!(h.sent.len(), 2, "{kind:?}: nothing sent after reauth/start");
        assert!(h.transitions.is_empty(), "{kind:?}");
        let notice = h
            .auth()
            .notice
            .unwrap_or_else(|| panic!("{kind:?}: no notice"));
        match kind {
            PasskeyErrorKind::Cancelled | PasskeyErrorKind::Aborted => {
                assert_eq!(notice.code, "REAUTH_CANCELLED", "{kind:?}");
                assert_eq!(notice.kind, NoticeKind::Info, "{kind:?}");
            }
            _ => {
                assert_eq!(notice.code, kind.code());
                assert_eq!(notice.kind, NoticeKind::Error, "{kind:?}");
            }
        }
        assert!(notice.text.contains("changed"), "{kind:?}: {}", notice.text);
        notices.push((kind.code(), notice.code, notice.text));
    }
    assert_json_snapshot!("reauth_passkey_failure_notices", notices);
}

#[test]
fn a_device_answer_that_is_not_json_is_not_sent_to_reauth_finish() {
    let mut h = signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(403, reauth_required());
    h.reply(200, ceremony_json("cer_reauth_1", "request_options.json"));
    h.resolve_passkey(crux_passkey::passkey::PasskeyResult::Ok(
        "not json".to_owned(),
    ));
    assert_idle_with_nothing_waiting(&h);
    assert_eq!(h.sent.len(), 2);
    assert_eq!(h.auth().notice.unwrap().code, "PASSKEY_UNKNOWN");
}

#[test]
fn a_failed_reauth_finish_is_not_retried() {
    let mut h = signed_up();
    h.send(AuthEvent::AddPasskey {
        name: "Work laptop".to_owned(),
    });
    h.reply(403, reauth_required());
    confirm_with_a_passkey(&mut h);
    h.reply(400, error_json("VERIFICATION_FAILED", "bad signature"));

    assert_idle_with_nothing_waiting(&h);
    assert_eq!(
        h.sent_here(),
        [
            request("POST", "auth/passkeys/start", Some(json!({}))),
            request("POST", "auth/reauth/start", Some(json!({}))),
            request(
                "POST",
                "auth/reauth/finish",
                Some(reauth_finish_body("cer_reauth_1"))
            ),
        ]
    );
    let view = h.auth();
    assert_eq!(view.notice.unwrap().code, "VERIFICATION_FAILED");
    assert_eq!(view.passkeys.len(), 1);
    assert_eq!(view.screen, Screen::SignedIn);
    assert!(h.transitions.is_empty());
}

#[test]
fn a_failed_reauth_start_never_asks_the_platform() {
    for (status, code) in [(429, "RATE_LIMITED"), (500, "INTERNAL"), (404, "NOT_FOUND")] {
        let mut h = with_two_passkeys();
        h.send(AuthEvent::DeletePasskey {
            id: SECOND.to_owned(),
        });
        h.reply(403, reauth_required());
        h.reply(status, error_json(code, "no"));
        assert_idle_with_nothing_waiting(&h);
        assert_eq!(h.sent.len(), 2, "{code}");
        assert_eq!(h.auth().notice.unwrap().code, code);
        assert_eq!(h.auth().passkeys.len(), 2, "{code}");
    }

    // Options that are not a JSON object never reach the platform either.
    let mut h = signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(403, reauth_required());
    h.reply(
        200,
        json!({"ceremonyId": "cer_reauth_1", "options": "nope"}),
    );
    assert_idle_with_nothing_waiting(&h);
    assert_eq!(h.auth().notice.unwrap().code, "BAD_RESPONSE");
}

#[test]
fn another_accounts_passkey_is_refused_without_a_signal() {
    let mut h = signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(403, reauth_required());
    confirm_with_a_passkey(&mut h);
    h.reply(
        401,
        error_json("UNKNOWN_CREDENTIAL", "not this account's passkey"),
    );
    assert_idle_with_nothing_waiting(&h);
    let view = h.auth();
    let notice = view.notice.unwrap();
    assert_eq!(notice.code, "UNKNOWN_CREDENTIAL");
    assert!(
        notice.text.contains("nothing was changed"),
        "{}",
        notice.text
    );
    assert_eq!(
        view.screen,
        Screen::SignedIn,
        "a 401 about the credential keeps the session"
    );
    assert!(h.kept.is_some());
    // The passkey may be another account's: the platform must not be told to forget it.
    assert!(h.signals.is_empty(), "{:?}", h.signals);
}

#[test]
fn a_session_that_ended_during_reauthentication_signs_out() {
    let mut h = signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(403, reauth_required());
    confirm_with_a_passkey(&mut h);
    h.reply(401, error_json("UNAUTHENTICATED", "session expired"));
    assert_idle_with_nothing_waiting(&h);
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedOut);
    assert_eq!(view.user, None);
    assert_eq!(h.kept, None);
    assert_eq!(h.transitions, [Transition::SessionEnded]);
}

#[test]
fn an_answer_for_another_account_is_a_bad_response() {
    let mut h = signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(403, reauth_required());
    confirm_with_a_passkey(&mut h);
    h.reply(
        200,
        json!({"user": {"id": "u_someone_else", "username": "bob", "displayName": "Bob"}}),
    );
    assert_idle_with_nothing_waiting(&h);
    assert_eq!(h.sent.len(), 3, "no retry");
    assert_eq!(h.auth().notice.unwrap().code, "BAD_RESPONSE");
}

#[test]
fn reauth_required_again_after_confirming_is_shown_not_looped() {
    // Adding.
    let mut h = signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(403, reauth_required());
    confirm_with_a_passkey(&mut h);
    h.reply(200, json!({"user": user_json()}));
    h.reply(403, reauth_required());
    assert_idle_with_nothing_waiting(&h);
    assert_eq!(
        h.sent_here(),
        [
            request("POST", "auth/passkeys/start", Some(json!({}))),
            request("POST", "auth/reauth/start", Some(json!({}))),
            request(
                "POST",
                "auth/reauth/finish",
                Some(reauth_finish_body("cer_reauth_1"))
            ),
            request("POST", "auth/passkeys/start", Some(json!({}))),
        ]
    );
    let notice = h.auth().notice.unwrap();
    assert_eq!(notice.code, "REAUTH_REQUIRED");
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(h.transitions.is_empty());

    // Deleting.
    let mut h = with_two_passkeys();
    h.send(AuthEvent::DeletePasskey {
        id: SECOND.to_owned(),
    });
    h.reply(403, reauth_required());
    confirm_with_a_passkey(&mut h);
    h.reply(200, json!({"user": user_json()}));
    h.reply(403, reauth_required());
    assert_idle_with_nothing_waiting(&h);
    assert_eq!(h.sent.len(), 4, "{:?}", h.sent_here());
    assert_eq!(h.auth().notice.unwrap().code, "REAUTH_REQUIRED");
    assert_eq!(h.auth().passkeys.len(), 2);

    // …and the next change may confirm again: the one retry belonged to the flow that ended.
    h.send(AuthEvent::DeletePasskey {
        id: SECOND.to_owned(),
    });
    h.reply(403, reauth_required());
    assert_eq!(h.auth().activity, Activity::Reauthenticating);
}

#[test]
fn other_refusals_of_a_change_do_not_reauthenticate() {
    let mut h = signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(409, error_json("TOO_MANY_PASSKEYS", "at most 10 passkeys"));
    assert_idle_with_nothing_waiting(&h);
    assert_eq!(h.sent.len(), 1);
    let notice = h.auth().notice.unwrap();
    assert_eq!(notice.code, "TOO_MANY_PASSKEYS");
    assert!(notice.text.contains("Delete one"), "{}", notice.text);

    // A rename is not one of the changes that need it: REAUTH_REQUIRED is only shown.
    let mut h = with_two_passkeys();
    h.send(AuthEvent::RenamePasskey {
        id: SECOND.to_owned(),
        name: "Pixel".to_owned(),
    });
    h.reply(403, reauth_required());
    assert_idle_with_nothing_waiting(&h);
    assert_eq!(h.sent.len(), 1);
    assert_eq!(h.auth().notice.unwrap().code, "REAUTH_REQUIRED");
}

#[test]
fn stale_answers_around_reauthentication_are_dropped() {
    // The answered passkeys/start's timer fires while reauth/start waits: nothing changes.
    let mut h = signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(403, reauth_required());
    assert_eq!(h.pending_timers(), 2);
    h.fire_oldest_timer();
    assert_eq!(h.auth().activity, Activity::Reauthenticating);
    assert_eq!(h.auth().notice, None);

    // reauth/start's own bound ends the flow; its late answer never reaches the platform.
    h.fire_oldest_timer();
    assert_eq!(h.auth().notice.unwrap().code, "TIMED_OUT");
    assert!(!h.auth().busy);
    h.reply(200, ceremony_json("cer_reauth_1", "request_options.json"));
    assert_eq!(h.pending_passkey(), 0);

    // The sheet's bound ends the flow; a late assertion is not sent to reauth/finish.
    let mut h = signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(403, reauth_required());
    h.reply(200, ceremony_json("cer_reauth_1", "request_options.json"));
    h.fire_timers();
    assert_eq!(h.auth().notice.unwrap().code, "TIMED_OUT");
    h.passkey_ok("authentication_response.json");
    assert_eq!(h.pending_http(), 0);
    assert_eq!(h.sent.len(), 2);

    // reauth/finish's bound ends the flow; a late success retries nothing.
    let mut h = signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(403, reauth_required());
    confirm_with_a_passkey(&mut h);
    h.fire_timers();
    assert_eq!(h.auth().notice.unwrap().code, "TIMED_OUT");
    h.reply(200, json!({"user": user_json()}));
    assert_eq!(
        h.pending_http(),
        0,
        "no passkeys/start after the flow ended"
    );
    assert_eq!(h.sent.len(), 3);
    assert_idle_with_nothing_waiting(&h);

    // An older flow's REAUTH_REQUIRED, arriving while a newer flow waits, starts nothing.
    let mut h = with_two_passkeys();
    h.send(AuthEvent::DeletePasskey {
        id: SECOND.to_owned(),
    });
    h.fire_timers();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    assert_eq!(h.pending_http(), 2);
    h.reply(403, reauth_required());
    assert_eq!(h.auth().activity, Activity::AddingPasskey);
    assert_eq!(h.pending_http(), 1, "no reauth/start for the old delete");
}

#[test]
fn sign_out_during_reauthentication_ends_it() {
    let mut h = signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(403, reauth_required());
    h.reply(200, ceremony_json("cer_reauth_1", "request_options.json"));
    h.send(AuthEvent::SignOut);
    assert_eq!(h.auth().screen, Screen::SignedOut);
    // The sheet answers after the sign-out: nothing goes to reauth/finish.
    h.passkey_ok("authentication_response.json");
    assert_eq!(h.http().url, format!("{}auth/logout", crate::harness::BASE));
    h.reply_empty(204);
    assert_idle_with_nothing_waiting(&h);
    assert!(
        h.sent
            .iter()
            .all(|(_, url, _)| !url.ends_with("auth/reauth/finish"))
    );
}

#[test]
fn intents_wait_while_reauthenticating() {
    let mut h = with_two_passkeys();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(403, reauth_required());
    assert!(h.auth().busy);
    h.send(AuthEvent::DeletePasskey {
        id: SECOND.to_owned(),
    });
    h.send(AuthEvent::SignOutEverywhere);
    h.send(AuthEvent::RefreshPasskeys);
    assert_eq!(h.pending_http(), 1, "only reauth/start");
    assert_eq!(h.auth().activity, Activity::Reauthenticating);
}

/// The web: answers carry no session token (the HttpOnly cookie is the session), so nothing is
/// kept, no request carries a bearer token, and confirming it's the person works the same.
#[test]
fn a_web_session_without_a_token_signs_in_keeps_nothing_and_reauthenticates() {
    let mut h = Harness::configured();
    h.hold_store = true;
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    h.reply(
        200,
        json!({"user": user_json(), "session": {"expiresAt": "2026-12-01T09:30:00Z"}, "rpId": "localhost"}),
    );
    assert_eq!(h.auth().screen, Screen::SignedIn);
    assert_eq!(h.transitions, [Transition::SignedIn { user: user() }]);
    assert_eq!(
        h.pending_store(),
        0,
        "nothing to keep: no Save was asked for"
    );
    assert_eq!(h.kept, None);
    h.reply(200, json!([passkey_json(FIRST, "Passkey 1")]));

    h.send(AuthEvent::AddPasskey {
        name: "Laptop".to_owned(),
    });
    assert_eq!(h.http_header("authorization"), None);
    h.reply(403, reauth_required());
    assert_eq!(
        h.http_header("authorization"),
        None,
        "reauth/start rides on the cookie"
    );
    confirm_with_a_passkey(&mut h);
    assert_eq!(h.http_header("authorization"), None, "reauth/finish too");
    h.reply(200, json!({"user": user_json(), "rpId": "localhost"}));
    assert_eq!(h.http_header("authorization"), None);
    h.reply(200, ceremony_json("cer_add_2", "creation_options.json"));
    h.passkey_ok("registration_response.json");
    h.reply(201, passkey_json(SECOND, "Laptop"));
    assert_eq!(h.auth().notice.unwrap().code, "PASSKEY_ADDED");
    assert_eq!(h.pending_store(), 0);
    assert_eq!(h.kept, None);

    // Signing up on the web keeps nothing either.
    let mut h = Harness::configured();
    h.hold_store = true;
    h.send(AuthEvent::SignUp {
        username: "alice".to_owned(),
        display_name: String::new(),
    });
    h.reply(200, ceremony_json("cer_reg_1", "creation_options.json"));
    h.passkey_ok("registration_response.json");
    h.reply(
        201,
        json!({"user": user_json(), "passkey": passkey_json(FIRST, "Passkey 1"), "session": {"expiresAt": "2026-12-01T09:30:00Z"}}),
    );
    assert_eq!(h.auth().screen, Screen::SignedIn);
    assert_eq!(h.pending_store(), 0, "no Save");
    assert_eq!(h.kept, None);
}

#[test]
fn transport_failures_while_reauthenticating_are_network_notices() {
    let mut h = signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(403, reauth_required());
    h.fail_http(HttpError::Io("offline".to_owned()));
    assert_idle_with_nothing_waiting(&h);
    assert_eq!(h.auth().notice.unwrap().code, "NETWORK");
}
