//! The demo core's FFI (`CoreFFI`, over `crux_passkey::bridge::CheckedBridge`): bytes from a
//! shell, good or bad, never panic it, and every refusal is an error the shell can read.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crux_core::bridge::{BincodeFfiFormat, FfiFormat, Request};
use crux_http::HttpError;
use crux_passkey::auth::AuthEvent;
use proptest::prelude::*;
use shared::app::EffectFfi;
use shared::ffi::{CoreError, CoreFFI};

fn encode<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    BincodeFfiFormat::serialize(&mut out, value).unwrap();
    out
}

proptest! {
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
        core.update(include_bytes!("../../crux_passkey/tests/fixtures/request_options.json"))
            .is_err()
    );
}

/// A core asked for a usernameless sign-in: its login/start request is open with the shell.
fn core_waiting_for_http() -> (CoreFFI, u32) {
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
    (core, http.id.0)
}

fn view(core: &CoreFFI) -> shared::ViewModel {
    BincodeFfiFormat::deserialize(&core.view().unwrap()).unwrap()
}

#[test]
fn an_undecodable_answer_ends_the_flow_with_a_notice_and_the_shell_hears_of_it() {
    let (core, id) = core_waiting_for_http();
    assert!(view(&core).auth.busy);

    let Err(CoreError::AnswerUndecodable { detail, requests }) = core.resolve(id, &[0xff; 3]) else {
        panic!("an undecodable answer is reported to the shell");
    };
    assert!(detail.contains("could not decode"), "{detail}");
    let follow_up: Vec<Request<EffectFfi>> = BincodeFfiFormat::deserialize(&requests).unwrap();
    assert!(
        follow_up.iter().any(|request| matches!(request.effect, EffectFfi::Render(_))),
        "the shell is asked to redraw"
    );
    let auth = view(&core).auth;
    assert!(!auth.busy, "the flow ended instead of waiting forever");
    assert_eq!(auth.notice.unwrap().code, "NETWORK");

    let answer = encode(&crux_http::protocol::HttpResult::Err(HttpError::Timeout));
    assert!(
        matches!(core.resolve(id, &answer), Err(CoreError::Bridge { .. })),
        "the request was resolved once, by the failure"
    );
}

#[test]
fn a_good_answer_resolves_once() {
    let (core, id) = core_waiting_for_http();
    let answer = encode(&crux_http::protocol::HttpResult::Err(HttpError::Timeout));
    core.resolve(id, &answer).expect("the request is open");
    assert!(matches!(core.resolve(id, &answer), Err(CoreError::Bridge { .. })));
    assert!(!view(&core).auth.busy);
}
