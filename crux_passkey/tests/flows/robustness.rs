//! Arbitrary events, and arbitrary answers from the shell and the server in any order (late,
//! for flows that have ended, newest first), never panic the core, and after every step the
//! sub-app's invariants hold:
//!
//! - autofill waits only while nobody is signed in and no flow runs;
//! - the core is never busy with nothing outstanding with the shell;
//! - no request carries a token to a server other than the one that issued it;
//! - the view never offers to delete passkeys from a list it has not loaded;
//! - a user is shown exactly when someone is signed in.

use crux_http::HttpError;
use proptest::prelude::*;
use crux_passkey::auth::{Activity, AuthEvent, PasskeyList, Screen};
use crux_passkey::passkey::{PasskeyError, PasskeyErrorKind, PasskeyResult};

use crate::harness::{BASE, Harness};

#[derive(Debug, Clone)]
enum Step {
    Send(AuthEvent),
    Reply(u16, Vec<u8>),
    ReplyFixtureLike(u16, String),
    FailHttp(u8),
    PasskeyOk(String),
    PasskeyValid,
    PasskeyErr(usize, String),
    /// Answers the newest HTTP request instead of the oldest.
    ReplyNewest(u16, String),
    FireTimers,
    FireOldestTimer,
}

fn any_event() -> impl Strategy<Value = AuthEvent> {
    let text = || ".{0,80}";
    prop_oneof![
        text().prop_map(|base_url| AuthEvent::Configure { base_url }),
        Just(AuthEvent::RestoreSession),
        (text(), text()).prop_map(|(username, display_name)| AuthEvent::SignUp {
            username,
            display_name
        }),
        text().prop_map(|username| AuthEvent::SignIn { username }),
        Just(AuthEvent::SignInWithPasskey),
        Just(AuthEvent::StartAutofill),
        Just(AuthEvent::CancelAutofill),
        Just(AuthEvent::SignOut),
        Just(AuthEvent::SignOutEverywhere),
        Just(AuthEvent::RefreshPasskeys),
        text().prop_map(|name| AuthEvent::AddPasskey { name }),
        (text(), text()).prop_map(|(id, name)| AuthEvent::RenamePasskey { id, name }),
        text().prop_map(|id| AuthEvent::DeletePasskey { id }),
        text().prop_map(|display_name| AuthEvent::ChangeDisplayName { display_name }),
        Just(AuthEvent::DismissNotice),
        Just(AuthEvent::Configure {
            base_url: BASE.to_owned()
        }),
        Just(AuthEvent::Configure {
            base_url: "https://id.other.example/".to_owned()
        }),
    ]
}

/// JSON-ish bodies that get past the first parse more often than random bytes do.
fn jsonish() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(r#"{"ceremonyId":"c","options":{}}"#.to_owned()),
        Just(r#"{"user":{"id":"u","username":"a","displayName":"A"},"session":{"token":"t","expiresAt":"x"}}"#.to_owned()),
        Just(r#"{"user":{"id":"u","username":"a","displayName":"A"}}"#.to_owned()),
        Just(r#"{"user":{"id":"u","username":"a","displayName":"A"},"session":{"expiresAt":"x"}}"#.to_owned()),
        Just(r#"{"user":{"id":"u","username":"a","displayName":"A","handle":"aGFuZGxl"},"session":{"token":"t","expiresAt":"x"},"rpId":"example.com"}"#.to_owned()),
        Just(r#"[{"id":"p1","name":"P","createdAt":"t","lastUsedAt":null,"backupEligible":true,"backedUp":true,"transports":[]},{"id":"p2","name":"Q","createdAt":"t","lastUsedAt":null,"backupEligible":false,"backedUp":false,"transports":[]}]"#.to_owned()),
        Just(r#"{"id":"p1","name":"P","createdAt":"t","lastUsedAt":null,"backupEligible":true,"backedUp":true,"transports":[]}"#.to_owned()),
        Just(r#"{"error":{"code":"LAST_PASSKEY","message":"m"}}"#.to_owned()),
        Just(r#"{"error":{"code":"NOT_FOUND","message":"m"}}"#.to_owned()),
        Just(r#"{"error":{"code":"UNAUTHENTICATED","message":"m"}}"#.to_owned()),
        Just(r#"{"error":{"code":"REAUTH_REQUIRED","message":"m"}}"#.to_owned()),
        Just(r#"{"error":{"code":"TOO_MANY_PASSKEYS","message":"m"}}"#.to_owned()),
        Just(r#"{"error":{"code":"UNKNOWN_CREDENTIAL","message":"m"}}"#.to_owned()),
        Just("[]".to_owned()),
        "\\{\"[a-zA-Z]{0,10}\":.{0,20}\\}",
    ]
}

fn any_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        any_event().prop_map(Step::Send),
        (100u16..1000, proptest::collection::vec(any::<u8>(), 0..64))
            .prop_map(|(status, body)| Step::Reply(status, body)),
        (
            prop_oneof![Just(200u16), Just(201), Just(401), Just(403), Just(409)],
            jsonish()
        )
            .prop_map(|(status, body)| Step::ReplyFixtureLike(status, body)),
        any::<u8>().prop_map(Step::FailHttp),
        ".{0,100}".prop_map(Step::PasskeyOk),
        Just(Step::PasskeyValid),
        (0..PasskeyErrorKind::ALL.len(), ".{0,40}")
            .prop_map(|(kind, message)| Step::PasskeyErr(kind, message)),
        (
            prop_oneof![Just(200u16), Just(204), Just(401), Just(403), Just(404)],
            jsonish()
        )
            .prop_map(|(status, body)| Step::ReplyNewest(status, body)),
        Just(Step::FireTimers),
        Just(Step::FireOldestTimer),
    ]
}

fn run(h: &mut Harness, step: Step) {
    match step {
        Step::Send(event) => h.send(event),
        Step::Reply(status, body) if h.pending_http() > 0 => h.reply_raw(status, &body),
        Step::ReplyFixtureLike(status, body) if h.pending_http() > 0 => {
            h.reply_raw(status, body.as_bytes());
        }
        Step::FailHttp(which) if h.pending_http() > 0 => h.fail_http(match which % 3 {
            0 => HttpError::Timeout,
            1 => HttpError::Io("reset".to_owned()),
            _ => HttpError::Url("bad".to_owned()),
        }),
        Step::PasskeyOk(json) if h.pending_passkey() > 0 => {
            h.resolve_passkey(PasskeyResult::Ok(json));
        }
        Step::PasskeyValid if h.pending_passkey() > 0 => {
            h.passkey_ok("authentication_response.json");
        }
        Step::PasskeyErr(kind, message) if h.pending_passkey() > 0 => {
            let kind = PasskeyErrorKind::ALL
                .get(kind)
                .copied()
                .unwrap_or(PasskeyErrorKind::Unknown);
            h.resolve_passkey(PasskeyResult::Err(PasskeyError::new(kind, message)));
        }
        Step::ReplyNewest(status, body) if h.pending_http() > 0 => {
            h.reply_newest(status, body.as_bytes());
        }
        Step::FireTimers => h.fire_timers(),
        Step::FireOldestTimer => h.fire_oldest_timer(),
        _ => {}
    }
}

/// The invariants every step must keep; the reason when one breaks.
fn broken_invariant(h: &Harness) -> Option<String> {
    let view = h.auth();
    if view.autofill_active && (view.screen == Screen::SignedIn || view.busy) {
        return Some(format!("autofill waits while signed in or busy: {view:?}"));
    }
    if view.busy && h.outstanding() == 0 {
        return Some(format!("busy with nothing outstanding: {view:?}"));
    }
    if let Some(leak) = h.leaks.first() {
        return Some(format!("a token went to the wrong server: {leak}"));
    }
    if view.can_delete_passkeys && view.passkey_list != PasskeyList::Loaded {
        return Some(format!("offers deletes from a list it has not loaded: {view:?}"));
    }
    if view.user.is_some() != (view.screen == Screen::SignedIn) {
        return Some(format!("a user without being signed in, or the reverse: {view:?}"));
    }
    None
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_answers_never_panic_or_wedge_the_core(
        signed_in in any::<bool>(),
        steps in proptest::collection::vec(any_step(), 1..40),
    ) {
        // Half the runs start signed in, where the session and its token are at stake.
        let mut h = if signed_in { Harness::signed_up() } else { Harness::configured() };
        for step in steps {
            let shown = format!("{step:?}");
            run(&mut h, step);
            if let Some(broken) = broken_invariant(&h) {
                prop_assert!(false, "after {shown}: {broken}");
            }
        }
    }
}

/// The steps above can bring the core to every activity, the ones re-authentication and
/// signing out everywhere add included, so the property above explores them too.
#[test]
fn the_steps_reach_every_activity() {
    let json = |body: &str| body.to_owned();
    let ceremony = || Step::ReplyFixtureLike(200, json(r#"{"ceremonyId":"c","options":{}}"#));
    let reauth = || {
        Step::ReplyFixtureLike(403, json(r#"{"error":{"code":"REAUTH_REQUIRED","message":"m"}}"#))
    };
    let user = || Step::ReplyNewest(200, json(r#"{"user":{"id":"u_01J9Z8Q6XK","username":"alice","displayName":"A"}}"#));
    let two = r#"[{"id":"p1","name":"P","createdAt":"t","lastUsedAt":null,"backupEligible":true,"backedUp":true,"transports":[]},{"id":"p2","name":"Q","createdAt":"t","lastUsedAt":null,"backupEligible":false,"backedUp":false,"transports":[]}]"#;
    let two_passkeys = || Step::ReplyFixtureLike(200, json(two));
    let refresh = || Step::Send(AuthEvent::RefreshPasskeys);
    let cases: Vec<(Activity, bool, Vec<Step>)> = vec![
        (Activity::RestoringSession, false, vec![Step::Send(AuthEvent::RestoreSession)]),
        (
            Activity::SigningUp,
            false,
            vec![Step::Send(AuthEvent::SignUp {
                username: "alice".to_owned(),
                display_name: String::new(),
            })],
        ),
        (Activity::SigningIn, false, vec![Step::Send(AuthEvent::SignInWithPasskey)]),
        (Activity::SigningOut, true, vec![Step::Send(AuthEvent::SignOut)]),
        (Activity::SigningOutEverywhere, true, vec![Step::Send(AuthEvent::SignOutEverywhere)]),
        (Activity::LoadingPasskeys, true, vec![refresh()]),
        (
            Activity::AddingPasskey,
            true,
            vec![Step::Send(AuthEvent::AddPasskey { name: String::new() })],
        ),
        (
            Activity::ChangingDisplayName,
            true,
            vec![Step::Send(AuthEvent::ChangeDisplayName {
                display_name: "Al".to_owned(),
            })],
        ),
        (
            Activity::RenamingPasskey,
            true,
            vec![
                refresh(),
                two_passkeys(),
                Step::Send(AuthEvent::RenamePasskey {
                    id: "p2".to_owned(),
                    name: "R".to_owned(),
                }),
            ],
        ),
        (
            Activity::DeletingPasskey,
            true,
            vec![refresh(), two_passkeys(), Step::Send(AuthEvent::DeletePasskey { id: "p2".to_owned() })],
        ),
        (
            Activity::Reauthenticating,
            true,
            vec![Step::Send(AuthEvent::AddPasskey { name: String::new() }), reauth()],
        ),
        (
            Activity::Reauthenticating,
            true,
            vec![
                refresh(),
                two_passkeys(),
                Step::Send(AuthEvent::DeletePasskey { id: "p2".to_owned() }),
                reauth(),
                ceremony(),
                Step::PasskeyValid,
            ],
        ),
        // Confirmed, the add is made again.
        (
            Activity::AddingPasskey,
            true,
            vec![
                Step::Send(AuthEvent::AddPasskey { name: String::new() }),
                reauth(),
                ceremony(),
                Step::PasskeyValid,
                user(),
            ],
        ),
    ];
    let mut reached = Vec::new();
    for (activity, signed_in, steps) in cases {
        let mut h = if signed_in { Harness::signed_up() } else { Harness::configured() };
        for step in steps {
            run(&mut h, step);
            assert_eq!(broken_invariant(&h), None);
        }
        assert_eq!(h.auth().activity, activity);
        reached.push(activity);
    }
    let all = [
        Activity::Idle,
        Activity::RestoringSession,
        Activity::SigningUp,
        Activity::SigningIn,
        Activity::SigningOut,
        Activity::SigningOutEverywhere,
        Activity::LoadingPasskeys,
        Activity::AddingPasskey,
        Activity::ChangingDisplayName,
        Activity::RenamingPasskey,
        Activity::DeletingPasskey,
        Activity::Reauthenticating,
    ];
    for activity in all {
        // An exhaustive match: a new activity must be added to `all`, and reached above.
        match activity {
            Activity::Idle
            | Activity::RestoringSession
            | Activity::SigningUp
            | Activity::SigningIn
            | Activity::SigningOut
            | Activity::SigningOutEverywhere
            | Activity::LoadingPasskeys
            | Activity::AddingPasskey
            | Activity::ChangingDisplayName
            | Activity::RenamingPasskey
            | Activity::DeletingPasskey
            | Activity::Reauthenticating => {}
        }
        assert!(activity == Activity::Idle || reached.contains(&activity), "{activity:?} is not reached");
    }
}
