//! Sequences a host app, a shell or a server can produce that once broke the sub-app, one test
//! each (issue 15), and the two weaknesses behind them: answers matched by activity alone, and
//! no bound on waiting.

use crux_http::HttpError;
use crux_passkey::auth::{Activity, AuthEvent, PasskeyList, Screen, Transition};
use crux_passkey::passkey::PasskeyOperation;
use serde_json::json;

use crate::harness::{
    BASE, Harness, TOKEN, ceremony_json, error_json, passkey_json, session_json, user,
    user_json,
};

const FIRST: &str = "q1Zb5bC2W8m1t1wQm3y1Sg";
const OTHER_SERVER: &str = "https://id.other.example/";

fn with_two_passkeys() -> Harness {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::RefreshPasskeys);
    h.reply(
        200,
        json!([passkey_json(FIRST, "Passkey 1"), passkey_json("c2Vjb25k", "Phone")]),
    );
    assert!(h.auth().can_delete_passkeys);
    h
}

/// Defect 1: The web's answers carry no token: the cookie is the session.
#[test]
fn a_session_without_a_token_in_the_body_signs_in() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    h.reply(
        200,
        json!({"user": user_json(), "session": {"expiresAt": "2026-12-01T09:30:00Z"}}),
    );
    assert_eq!(h.auth().screen, Screen::SignedIn);
    assert_eq!(h.transitions, [Transition::SignedIn { user: user() }]);
    assert_eq!(h.http_header("authorization"), None, "the list rides on the cookie");
    assert_eq!(h.kept, None, "nothing to keep");

    let mut h = Harness::configured();
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
    assert_eq!(h.auth().notice.unwrap().code, "SIGNED_UP");
}

/// Defect 2: A restore ends autofill; the person's pick during the restore is not sent afterwards.
#[test]
fn a_restore_ends_autofill_and_a_late_pick_is_dropped() {
    let mut h = Harness::configured();
    h.send(AuthEvent::StartAutofill);
    h.reply(200, ceremony_json("cer_auto_1", "request_options.json"));
    assert!(h.auth().autofill_active);

    h.keep_session(TOKEN);
    h.send(AuthEvent::RestoreSession);
    let view = h.auth();
    assert!(!view.autofill_active, "a flow ends autofill: the shell aborts its request");
    assert_eq!(view.activity, Activity::RestoringSession);

    // The session check answers first, then the pick arrives late.
    assert_eq!(h.http().url, format!("{BASE}auth/session"));
    h.reply(200, json!({"user": user_json()}));
    h.reply(200, json!([passkey_json(FIRST, "MacBook")]));
    assert_eq!(h.auth().screen, Screen::SignedIn);
    h.passkey_ok("authentication_response.json");
    assert_eq!(h.pending_http(), 0, "no login/finish while signed in");
    assert_eq!(h.transitions.len(), 1, "signed in once, by the restore");
    assert!(!h.auth().autofill_active);
}

/// Defect 2: After a restore that finds nobody, autofill can start again at once.
#[test]
fn autofill_starts_after_a_restore_that_found_nobody() {
    let mut h = Harness::configured();
    h.send(AuthEvent::StartAutofill);
    h.send(AuthEvent::RestoreSession);
    // The autofill request's answer arrives after the restore began: it is stale.
    h.reply(200, ceremony_json("cer_auto_1", "request_options.json"));
    assert_eq!(h.pending_passkey(), 0);
    h.reply(401, error_json("UNAUTHENTICATED", "no session"));
    assert!(!h.auth().busy);

    h.send(AuthEvent::StartAutofill);
    assert!(h.auth().autofill_active, "not refused");
    assert_eq!(h.http().url, format!("{BASE}auth/login/start"));
}

/// Defect 3: A new server ends the old server's session: its token never goes to the new one.
#[test]
fn configure_while_signed_in_ends_the_session() {
    let mut h = Harness::signed_up();
    h.transitions.clear();
    h.send(AuthEvent::Configure {
        base_url: OTHER_SERVER.to_owned(),
    });
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedOut);
    assert_eq!(view.user, None);
    assert!(view.passkeys.is_empty());
    assert_eq!(h.transitions, [Transition::SessionEnded]);

    h.send(AuthEvent::RefreshPasskeys);
    assert_eq!(h.pending_http(), 0, "nobody is signed in any more");
    h.send(AuthEvent::SignInWithPasskey);
    assert_eq!(h.http().url, format!("{OTHER_SERVER}auth/login/start"));
    assert_eq!(h.http_header("authorization"), None);
    assert!(h.leaks.is_empty(), "{:?}", h.leaks);
}

/// Defect 3: A flow under way against the old server ends too; its answer is dropped.
#[test]
fn configure_during_a_flow_ends_it() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.send(AuthEvent::Configure {
        base_url: OTHER_SERVER.to_owned(),
    });
    assert!(!h.auth().busy);
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    assert_eq!(h.pending_passkey(), 0, "the old server's ceremony is not used");
}

/// Defect 4: Without a usable server the kept session stays, so a bad configuration never signs
/// anyone out for good.
#[test]
fn a_restore_without_a_usable_server_keeps_the_kept_session() {
    let mut h = Harness::default();
    h.keep_session(TOKEN);
    h.send(AuthEvent::Configure {
        base_url: "not a url".to_owned(),
    });
    h.send(AuthEvent::RestoreSession);
    assert_eq!(h.auth().notice.unwrap().code, "NOT_CONFIGURED");
    assert_eq!(h.pending_http(), 0);
    assert!(h.kept.is_some(), "the kept session survives");

    h.send(AuthEvent::Configure {
        base_url: BASE.to_owned(),
    });
    h.send(AuthEvent::RestoreSession);
    assert_eq!(h.http_header("authorization"), Some(format!("Bearer {TOKEN}")));
}

/// Defect 5: A 200 page (captive portal, wrong base path) is not a deletion.
#[test]
fn a_200_page_is_not_a_deletion() {
    let mut h = with_two_passkeys();
    h.send(AuthEvent::DeletePasskey {
        id: FIRST.to_owned(),
    });
    h.reply_raw(200, b"<html>Welcome to the hotel wifi</html>");
    let view = h.auth();
    assert_eq!(view.notice.unwrap().code, "BAD_RESPONSE");
    assert_eq!(view.passkeys.len(), 2, "still listed");
}

/// Defect 5: …nor proof the server heard a sign-out (which still happens on this device).
#[test]
fn a_200_page_is_not_a_sign_out_the_server_heard() {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::SignOut);
    h.reply_raw(200, b"<html>Sign in to the wifi</html>");
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedOut);
    let notice = view.notice.unwrap();
    assert_eq!(notice.code, "SIGNED_OUT");
    assert!(notice.text.contains("could not be told"), "{}", notice.text);
}

/// Defect 6: A rename of a passkey the server no longer has drops it and reloads the list.
#[test]
fn a_rename_answered_not_found_reconciles_the_list() {
    let mut h = with_two_passkeys();
    h.send(AuthEvent::RenamePasskey {
        id: FIRST.to_owned(),
        name: "Old laptop".to_owned(),
    });
    h.reply(404, error_json("NOT_FOUND", "no such passkey"));
    let view = h.auth();
    assert!(view.passkeys.iter().all(|p| p.id != FIRST), "dropped at once");
    assert_eq!(view.passkey_list, PasskeyList::Loading);
    assert_eq!(h.http().url, format!("{BASE}auth/passkeys"));
    h.reply(200, json!([passkey_json("c2Vjb25k", "Phone")]));
    let view = h.auth();
    assert_eq!(view.passkeys.len(), 1);
    assert_eq!(view.notice.unwrap().code, "NOT_FOUND", "the notice stays");
    assert!(h.transitions.contains(&Transition::PasskeysChanged));
}

/// Defect 6: LAST_PASSKEY while two are listed: the list was wrong, and deleting is no longer offered.
#[test]
fn last_passkey_while_two_are_listed_reconciles_the_list() {
    let mut h = with_two_passkeys();
    h.send(AuthEvent::DeletePasskey {
        id: FIRST.to_owned(),
    });
    h.reply(409, error_json("LAST_PASSKEY", "only one left"));
    assert!(!h.auth().can_delete_passkeys, "not while the list is being checked");
    h.reply(200, json!([passkey_json(FIRST, "Passkey 1")]));
    let view = h.auth();
    assert_eq!(view.passkeys.len(), 1);
    assert!(!view.can_delete_passkeys);
    assert_eq!(view.notice.unwrap().code, "LAST_PASSKEY");
}

/// Defect 7: Ids outside base64url are refused before any request: they could not stay one segment.
#[test]
fn ids_outside_base64url_are_refused_before_any_request() {
    let mut h = with_two_passkeys();
    for id in ["..", "\t..", ".", "a\nb", "../../admin?x=1#y", "a/b", "a b", "é", "a=", "a+b"] {
        h.send(AuthEvent::DeletePasskey { id: id.to_owned() });
        assert_eq!(h.pending_http(), 0, "{id:?} was sent");
        assert_eq!(h.auth().notice.unwrap().code, "INVALID_INPUT");
        h.send(AuthEvent::RenamePasskey {
            id: id.to_owned(),
            name: "x".to_owned(),
        });
        assert_eq!(h.pending_http(), 0, "{id:?} was sent");
    }
    h.send(AuthEvent::DeletePasskey {
        id: "A".repeat(1_365),
    });
    assert_eq!(h.pending_http(), 0, "longer than any credential id");
}

/// Defect 8: A 401 from a gateway, without the envelope, still means the session is gone.
#[test]
fn a_401_without_an_envelope_signs_out() {
    let mut h = Harness::signed_up();
    h.transitions.clear();
    h.send(AuthEvent::RefreshPasskeys);
    h.reply_raw(401, b"<html>401 Authorization Required</html>");
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedOut);
    assert_eq!(view.user, None);
    assert_eq!(h.kept, None, "the dead token is forgotten");
    assert_eq!(h.transitions, [Transition::SessionEnded]);
}

/// Defect 8: …but a 401 about the credential (an unknown passkey) while signing in is not a session.
#[test]
fn a_401_about_the_credential_is_only_a_notice() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    h.reply(401, error_json("UNKNOWN_CREDENTIAL", "no such credential"));
    assert_eq!(h.auth().notice.unwrap().code, "UNKNOWN_CREDENTIAL");
    assert!(h.transitions.is_empty());
}

/// Defect 9: The list says whether it is loaded: a count is only for a loaded list.
#[test]
fn the_passkey_list_says_whether_it_is_loaded() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    h.reply(200, json!({"user": user_json(), "session": session_json()}));
    assert_eq!(h.auth().passkey_list, PasskeyList::Loading);
    h.reply(500, error_json("INTERNAL", "database is down"));
    let view = h.auth();
    assert_eq!(view.passkey_list, PasskeyList::Failed);
    assert_eq!(view.screen, Screen::SignedIn);
    assert!(!view.can_delete_passkeys);
}

/// Weakness: a hung request kept the core busy forever. Now the flow ends at its bound, and
/// the late answer is dropped.
#[test]
fn a_hung_request_ends_at_its_bound() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    assert_eq!(h.pending_timers(), 1);
    h.fire_timers();
    let view = h.auth();
    assert!(!view.busy);
    assert_eq!(view.notice.unwrap().code, "TIMED_OUT");
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    assert_eq!(h.pending_passkey(), 0, "the late answer is dropped");
}

/// Weakness: each step has its own bound; the timer of a step already answered changes
/// nothing when it fires, and the passkey sheet's own bound still ends the flow.
#[test]
fn a_timer_for_an_answered_step_changes_nothing() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    assert_eq!(h.pending_timers(), 2, "one per step: login/start, then the sheet");
    h.fire_oldest_timer();
    let view = h.auth();
    assert!(view.busy, "still waiting for the sheet");
    assert_eq!(view.notice, None);
    h.fire_oldest_timer();
    assert_eq!(h.auth().notice.unwrap().code, "TIMED_OUT");
    h.passkey_ok("authentication_response.json");
    assert_eq!(h.pending_http(), 0, "the sheet's late answer is dropped");
}

/// Weakness: SignOut was refused while a request hung. It pre-empts whatever is in flight.
#[test]
fn sign_out_preempts_a_hung_request() {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::RefreshPasskeys);
    assert!(h.auth().busy);
    h.send(AuthEvent::SignOut);
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedOut);
    assert_eq!(view.activity, Activity::SigningOut);
    assert_eq!(h.kept, None);
    // The hung list answers now, after the logout request: it is dropped.
    h.reply(200, json!([passkey_json(FIRST, "MacBook")]));
    assert!(h.auth().passkeys.is_empty());
    assert_eq!(h.http().url, format!("{BASE}auth/logout"));
    h.reply_empty(204);
    assert!(!h.auth().busy);
}

/// Weakness: answers are matched by request, not by activity: an old flow's answer that
/// arrives while a new flow of the same kind waits is dropped.
#[test]
fn an_old_flows_answer_is_not_taken_for_the_new_flows() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.fire_timers();
    h.send(AuthEvent::SignInWithPasskey);
    assert_eq!(h.pending_http(), 2, "the old request is still out with the shell");
    // The old request answers first, with another ceremony.
    h.reply(200, ceremony_json("cer_old", "request_options.json"));
    assert_eq!(h.pending_passkey(), 0);
    h.reply(200, ceremony_json("cer_new", "request_options.json"));
    assert!(matches!(h.passkey(), PasskeyOperation::Get { .. }));
    h.passkey_ok("authentication_response.json");
    assert_eq!(h.http_body()["ceremonyId"], "cer_new");
}

/// A failure to reach the server during sign-out still signs out here.
#[test]
fn a_sign_out_that_times_out_is_still_a_sign_out() {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::SignOut);
    h.fire_timers();
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedOut);
    assert!(!view.busy);
    assert_eq!(view.notice.unwrap().code, "SIGNED_OUT");
    h.fail_http(HttpError::Timeout);
    assert_eq!(h.auth().notice.unwrap().code, "SIGNED_OUT", "the late failure changes nothing");
}
