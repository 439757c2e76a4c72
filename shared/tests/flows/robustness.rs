//! Arbitrary answers from the shell and the server, in any order, never panic the core, and the
//! core never ends up busy with nothing left to wait for.

use crux_http::HttpError;
use proptest::prelude::*;
use shared::auth::AuthEvent;
use shared::ffi::CoreFFI;
use shared::passkey::{PasskeyError, PasskeyErrorKind, PasskeyResult};

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

    #[test]
    fn arbitrary_bytes_through_the_ffi_are_errors_not_panics(
        event in proptest::collection::vec(any::<u8>(), 0..256),
        id in any::<u32>(),
        answer in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        let core = CoreFFI::new();
        let _ = core.update(&event);
        let _ = core.resolve(id, &answer);
        prop_assert!(core.view().is_ok());
    }
}

#[test]
fn the_ffi_reports_undecodable_events_and_unknown_effect_ids() {
    let core = CoreFFI::new();
    assert!(core.update(&[0xff, 0xff, 0xff, 0xff, 0x00]).is_err());
    assert!(core.resolve(12345, &[]).is_err());
    // The fixture is valid JSON, but the bridge speaks bincode.
    assert!(
        core.update(fixture("request_options.json").as_bytes())
            .is_err()
    );
}

#[test]
fn a_wrong_answer_through_the_ffi_leaves_the_request_open() {
    use crux_core::bridge::{BincodeFfiFormat, FfiFormat, Request};
    use shared::app::EffectFfi;

    fn encode<T: serde::Serialize>(value: &T) -> Vec<u8> {
        let mut out = Vec::new();
        BincodeFfiFormat::serialize(&mut out, value).unwrap();
        out
    }
    let core = CoreFFI::new();
    core.update(&encode(&shared::Event::Auth(AuthEvent::Configure {
        base_url: "http://localhost:8080".to_owned(),
    })))
    .unwrap();
    let out = core
        .update(&encode(&shared::Event::Auth(AuthEvent::SignInWithPasskey)))
        .unwrap();
    let requests: Vec<Request<EffectFfi>> = BincodeFfiFormat::deserialize(&out).unwrap();
    let http = requests
        .iter()
        .find(|request| matches!(request.effect, EffectFfi::Http(_)))
        .unwrap();

    let wrong = encode(&PasskeyResult::Ok("{}".to_owned()));
    assert!(core.resolve(http.id.0, &wrong).is_err());
    assert!(core.resolve(http.id.0, &[]).is_err());

    let answer = encode(&crux_http::protocol::HttpResult::Err(HttpError::Timeout));
    core.resolve(http.id.0, &answer)
        .expect("the request is still open");
    assert!(
        core.resolve(http.id.0, &answer).is_err(),
        "and answered only once"
    );
}
