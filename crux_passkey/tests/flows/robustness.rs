//! Arbitrary answers from the shell and the server, in any order, never panic the core, and the
//! core never ends up busy with nothing left to wait for.

use crux_http::HttpError;
use proptest::prelude::*;
use crux_passkey::auth::AuthEvent;
use crux_passkey::passkey::{PasskeyError, PasskeyErrorKind, PasskeyResult};

use crate::harness::{Harness, fixture};

#[derive(Debug, Clone)]
enum Step {
    Send(AuthEvent),
    Reply(u16, Vec<u8>),
    ReplyFixtureLike(u16, String),
    FailHttp(u8),
    PasskeyOk(String),
    PasskeyValid,
    PasskeyErr(usize, String),
}

fn any_event() -> impl Strategy<Value = AuthEvent> {
    let text = || ".{0,80}";
    prop_oneof![
        text().prop_map(|base_url| AuthEvent::Configure { base_url }),
        proptest::option::of(text())
            .prop_map(|session_token| AuthEvent::RestoreSession { session_token }),
        (text(), text()).prop_map(|(username, display_name)| AuthEvent::SignUp {
            username,
            display_name
        }),
        text().prop_map(|username| AuthEvent::SignIn { username }),
        Just(AuthEvent::SignInWithPasskey),
        Just(AuthEvent::StartAutofill),
        Just(AuthEvent::CancelAutofill),
        Just(AuthEvent::SignOut),
        Just(AuthEvent::RefreshPasskeys),
        text().prop_map(|name| AuthEvent::AddPasskey { name }),
        (text(), text()).prop_map(|(id, name)| AuthEvent::RenamePasskey { id, name }),
        text().prop_map(|id| AuthEvent::DeletePasskey { id }),
        Just(AuthEvent::DismissNotice),
    ]
}

/// JSON-ish bodies that get past the first parse more often than random bytes do.
fn jsonish() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(r#"{"ceremonyId":"c","options":{}}"#.to_owned()),
        Just(r#"{"user":{"id":"u","username":"a","displayName":"A"},"session":{"token":"t","expiresAt":"x"}}"#.to_owned()),
        Just(r#"{"user":{"id":"u","username":"a","displayName":"A"}}"#.to_owned()),
        Just(r#"{"error":{"code":"UNAUTHENTICATED","message":"m"}}"#.to_owned()),
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
            prop_oneof![Just(200u16), Just(201), Just(401), Just(409)],
            jsonish()
        )
            .prop_map(|(status, body)| Step::ReplyFixtureLike(status, body)),
        any::<u8>().prop_map(Step::FailHttp),
        ".{0,100}".prop_map(Step::PasskeyOk),
        Just(Step::PasskeyValid),
        (0..PasskeyErrorKind::ALL.len(), ".{0,40}")
            .prop_map(|(kind, message)| Step::PasskeyErr(kind, message)),
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
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_answers_never_panic_or_wedge_the_core(steps in proptest::collection::vec(any_step(), 1..40)) {
        let mut h = Harness::configured();
        for step in steps {
            run(&mut h, step);
        }
        let view = h.auth();
        // Busy always means something is still out with the shell.
        if view.busy {
            prop_assert!(h.pending_http() + h.pending_passkey() > 0, "busy with nothing pending: {view:?}");
        }
    }
}
