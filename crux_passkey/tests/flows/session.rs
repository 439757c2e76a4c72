use crux_http::HttpError;
use insta::assert_json_snapshot;
use serde_json::json;
use crux_passkey::auth::{Activity, AuthEvent, Screen, Transition};
use crux_passkey::session_store::{SessionStoreOperation, SessionStoreResult};

use crate::harness::{BASE, Harness, TOKEN, error_json, passkey_json, user, user_json};

/// A launch: the shell's store holds `token` (if any), and the shell asks for a restore.
fn restore(h: &mut Harness, token: Option<&str>) {
    if let Some(token) = token {
        h.keep_session(token);
    }
    h.send(AuthEvent::RestoreSession);
}

#[test]
fn restoring_a_live_session_signs_in_and_loads_passkeys() {
    let mut h = Harness::configured();
    restore(&mut h, Some(TOKEN));
    assert_eq!(h.http().method, "GET");
    assert_eq!(h.http().url, format!("{BASE}auth/session"));
    assert_eq!(
        h.http_header("authorization"),
        Some(format!("Bearer {TOKEN}"))
    );
    assert!(h.http().body.is_empty());
    assert_json_snapshot!("restore_1_checking", h.view());

    h.reply(200, json!({"user": user_json()}));
    assert_eq!(h.auth().activity, Activity::LoadingPasskeys);
    assert_eq!(h.transitions, [Transition::SignedIn { user: user() }]);
    h.reply(
        200,
        json!([passkey_json("q1Zb5bC2W8m1t1wQm3y1Sg", "MacBook")]),
    );
    assert_json_snapshot!("restore_2_signed_in", h.view());
}

#[test]
fn the_restore_reads_the_store_first() {
    let mut h = Harness::configured();
    h.hold_store = true;
    h.send(AuthEvent::RestoreSession);
    assert_eq!(h.store_request(), &SessionStoreOperation::Load);
    assert_eq!(h.pending_http(), 0, "nothing is asked of the server before the store answers");
    assert!(h.auth().busy);
    h.resolve_store(SessionStoreResult::Loaded { value: None });
    assert_eq!(h.http().url, format!("{BASE}auth/session"));
}

#[test]
fn a_failing_store_restores_by_cookie_alone() {
    let mut h = Harness::configured();
    h.hold_store = true;
    h.send(AuthEvent::RestoreSession);
    h.resolve_store(SessionStoreResult::Failed {
        detail: "errSecInteractionNotAllowed (-25308)".to_owned(),
    });
    assert_eq!(h.http_header("authorization"), None);
}

#[test]
fn the_web_restores_by_cookie_without_a_token() {
    let mut h = Harness::configured();
    restore(&mut h, None);
    assert_eq!(h.http_header("authorization"), None);
    h.reply(200, json!({"user": user_json()}));
    h.reply(200, json!([]));
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedIn);
    assert_eq!(h.kept, None, "a cookie session keeps nothing in the store");
}

#[test]
fn no_session_is_the_quiet_signed_out_screen() {
    let mut h = Harness::configured();
    restore(&mut h, Some(TOKEN));
    h.reply(401, error_json("UNAUTHENTICATED", "no session"));
    assert_json_snapshot!("restore_no_session", h.view());
    assert_eq!(h.kept, None, "the stale token is forgotten");
    assert!(h.transitions.is_empty(), "nobody was signed in, so nothing ended");
}

#[test]
fn an_unreachable_server_keeps_the_token_for_the_next_try() {
    let mut h = Harness::configured();
    restore(&mut h, Some(TOKEN));
    h.fail_http(HttpError::Timeout);
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedOut);
    assert!(h.kept.is_some(), "an outage never signs anyone out");
    assert_eq!(view.notice.unwrap().code, "NETWORK");

    h.send(AuthEvent::RestoreSession);
    assert_eq!(
        h.http_header("authorization"),
        Some(format!("Bearer {TOKEN}"))
    );
}

#[test]
fn a_token_that_is_not_a_header_value_is_not_sent() {
    let mut h = Harness::configured();
    restore(&mut h, Some("evil\r\nX-Injected: 1"));
    assert_eq!(h.http_header("authorization"), None);
    assert_eq!(h.http_header("x-injected"), None);
}

#[test]
fn restoring_without_a_server_says_so() {
    let mut h = Harness::default();
    restore(&mut h, Some(TOKEN));
    assert_eq!(h.pending_http(), 0);
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedOut);
    assert_eq!(view.notice.unwrap().code, "NOT_CONFIGURED");
}

#[test]
fn sign_out_tells_the_server_and_forgets_everything() {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::SignOut);
    assert_eq!(h.http().method, "POST");
    assert_eq!(h.http().url, format!("{BASE}auth/logout"));
    assert_eq!(
        h.http_header("authorization"),
        Some(format!("Bearer {TOKEN}"))
    );
    assert_eq!(h.auth().activity, Activity::SigningOut);
    assert_eq!(h.auth().screen, Screen::SignedOut, "signed out here at once");
    assert_eq!(h.kept, None);
    h.reply_empty(204);
    assert_json_snapshot!("signed_out", h.view());
    assert_eq!(
        h.transitions.last(),
        Some(&Transition::SignedOut),
        "the host hears of it"
    );
}

#[test]
fn sign_out_still_happens_on_this_device_when_the_server_is_unreachable() {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::SignOut);
    h.fail_http(HttpError::Io("offline".to_owned()));
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedOut);
    assert_eq!(h.kept, None);
    assert_eq!(view.user, None);
    assert_eq!(view.notice.unwrap().code, "SIGNED_OUT");
}

#[test]
fn sign_out_when_the_session_already_ended_is_quiet() {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::SignOut);
    h.reply(401, error_json("UNAUTHENTICATED", "expired"));
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedOut);
    assert_eq!(view.notice, None);
}

#[test]
fn sign_out_is_ignored_when_nobody_is_signed_in() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignOut);
    assert_eq!(h.pending_http(), 0);
}

#[test]
fn dismissing_a_notice_clears_it() {
    let mut h = Harness::configured();
    h.send(AuthEvent::SignIn {
        username: String::new(),
    });
    assert!(h.auth().notice.is_some());
    h.send(AuthEvent::DismissNotice);
    assert_eq!(h.auth().notice, None);
}

#[test]
fn a_store_that_cannot_keep_the_session_says_so() {
    let mut h = Harness::configured();
    h.hold_store = true;
    h.send(AuthEvent::SignUp {
        username: "alice".to_owned(),
        display_name: String::new(),
    });
    h.reply(200, crate::harness::ceremony_json("cer_reg_1", "creation_options.json"));
    h.passkey_ok("registration_response.json");
    h.reply(
        201,
        json!({"user": user_json(), "passkey": passkey_json("q1Zb5bC2W8m1t1wQm3y1Sg", "Passkey 1"), "session": crate::harness::session_json()}),
    );
    assert_eq!(h.auth().notice.unwrap().code, "SIGNED_UP");
    assert!(matches!(h.store_request(), SessionStoreOperation::Save { .. }));
    h.resolve_store(SessionStoreResult::Failed {
        detail: "errSecNotAvailable (-25291)".to_owned(),
    });
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedIn, "still signed in for now");
    assert_eq!(view.notice.unwrap().code, "SESSION_NOT_KEPT");
}

#[test]
fn a_kept_session_the_store_answers_oddly_is_as_good_as_none() {
    let mut h = Harness::configured();
    h.hold_store = true;
    h.send(AuthEvent::RestoreSession);
    // A shell that answers Load with Done is wrong; the core carries on without a token.
    h.resolve_store(SessionStoreResult::Done);
    assert_eq!(h.http().url, format!("{BASE}auth/session"));
    assert_eq!(h.http_header("authorization"), None);
}

#[test]
fn sign_out_everywhere_waits_for_the_server_then_signs_out() {
    let mut h = Harness::signed_up();
    h.transitions.clear();
    h.sent.clear();
    h.send(AuthEvent::SignOutEverywhere);
    assert_eq!(h.http().method, "POST");
    assert_eq!(h.http().url, format!("{BASE}auth/logout-all"));
    assert!(h.http().body.is_empty());
    assert_eq!(
        h.http_header("authorization"),
        Some(format!("Bearer {TOKEN}"))
    );
    let view = h.auth();
    assert_eq!(view.activity, Activity::SigningOutEverywhere);
    assert_eq!(view.screen, Screen::SignedIn, "still signed in until the server has ended them all");
    assert!(h.kept.is_some());
    assert!(h.transitions.is_empty());

    h.reply_empty(204);
    assert_json_snapshot!("signed_out_everywhere", h.view());
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedOut);
    assert_eq!(view.user, None);
    assert!(view.passkeys.is_empty());
    assert!(!view.busy);
    assert_eq!(h.kept, None, "the kept session is forgotten");
    assert_eq!(h.transitions, [Transition::SignedOut]);
    assert_eq!(h.pending_http(), 0, "no separate logout");
    assert_eq!(h.sent.len(), 1);
}

#[test]
fn sign_out_everywhere_that_fails_keeps_the_session() {
    type Fail = fn(&mut Harness);
    let failures: [(&str, Fail); 4] = [
        ("INTERNAL", |h| h.reply(500, error_json("INTERNAL", "database is down"))),
        ("NETWORK", |h| h.fail_http(HttpError::Io("offline".to_owned()))),
        // A captive portal's page is not the server ending every session.
        ("BAD_RESPONSE", |h| h.reply_raw(200, b"<html>Sign in to the wifi</html>")),
        ("ORIGIN_NOT_ALLOWED", |h| {
            h.reply(403, error_json("ORIGIN_NOT_ALLOWED", "wrong origin"));
        }),
    ];
    for (code, fail) in failures {
        let mut h = Harness::signed_up();
        h.transitions.clear();
        h.send(AuthEvent::SignOutEverywhere);
        fail(&mut h);
        let view = h.auth();
        assert_eq!(view.screen, Screen::SignedIn, "{code}");
        assert_eq!(view.user, Some(user()), "{code}");
        assert!(!view.busy, "{code}");
        assert_eq!(view.notice.unwrap().code, code);
        assert!(h.kept.is_some(), "{code}: the kept session stays");
        assert!(h.transitions.is_empty(), "{code}");
        assert_eq!(h.pending_http(), 0, "{code}");
    }
}

#[test]
fn sign_out_everywhere_with_a_session_already_gone_ends_it_here() {
    let mut h = Harness::signed_up();
    h.transitions.clear();
    h.send(AuthEvent::SignOutEverywhere);
    h.reply(401, error_json("UNAUTHENTICATED", "expired"));
    let view = h.auth();
    assert_eq!(view.screen, Screen::SignedOut);
    assert_eq!(h.kept, None);
    assert_eq!(h.transitions, [Transition::SessionEnded]);
}

#[test]
fn sign_out_everywhere_that_times_out_keeps_the_session_and_drops_the_late_answer() {
    let mut h = Harness::signed_up();
    h.transitions.clear();
    h.send(AuthEvent::SignOutEverywhere);
    h.fire_timers();
    let view = h.auth();
    assert_eq!(view.notice.unwrap().code, "TIMED_OUT");
    assert_eq!(view.screen, Screen::SignedIn);
    h.reply_empty(204);
    assert_eq!(h.auth().screen, Screen::SignedIn, "the late answer is dropped");
    assert!(h.transitions.is_empty());
}

#[test]
fn sign_out_everywhere_is_an_ordinary_intent() {
    // Nobody signed in: nothing to end.
    let mut h = Harness::configured();
    h.send(AuthEvent::SignOutEverywhere);
    assert_eq!(h.pending_http(), 0);

    // Busy: dropped, like every intent but sign-out.
    let mut h = Harness::signed_up();
    h.send(AuthEvent::RefreshPasskeys);
    h.send(AuthEvent::SignOutEverywhere);
    assert_eq!(h.pending_http(), 1);
    assert_eq!(h.auth().activity, Activity::LoadingPasskeys);

    // Sign-out still pre-empts it, and its late answer changes nothing.
    let mut h = Harness::signed_up();
    h.transitions.clear();
    h.send(AuthEvent::SignOutEverywhere);
    h.send(AuthEvent::SignOut);
    assert_eq!(h.auth().screen, Screen::SignedOut);
    assert_eq!(h.transitions, [Transition::SignedOut]);
    h.reply_empty(204);
    assert_eq!(h.http().url, format!("{BASE}auth/logout"));
    h.reply_empty(204);
    assert!(!h.auth().busy);
    assert_eq!(h.transitions, [Transition::SignedOut], "reported once");
    assert_eq!(h.auth().notice, None);
}
