//! The demo core's FFI (`CoreFFI`, over `crux_passkey::bridge::CheckedBridge`): bytes from a
//! shell, good or bad, never panic it, and every refusal is an error the shell can read.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

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

/// What the FFI test's shell does next.
#[derive(Debug, Clone)]
enum Act {
    Send(AuthEvent),
    /// Answers the `nth` id ever handed out (open or not) with an answer of its own type.
    Answer { nth: usize, status: u16, body: String },
    /// Answers the `nth` id ever handed out with any bytes at all.
    Garbage { nth: usize, bytes: Vec<u8> },
}

fn any_act() -> impl Strategy<Value = Act> {
    prop_oneof![
        prop_oneof![
            Just(AuthEvent::RestoreSession),
            Just(AuthEvent::SignInWithPasskey),
            Just(AuthEvent::StartAutofill),
            Just(AuthEvent::SignOut),
            Just(AuthEvent::SignOutEverywhere),
            Just(AuthEvent::RefreshPasskeys),
            Just(AuthEvent::AddPasskey { name: String::new() }),
            Just(AuthEvent::DeletePasskey { id: "cDE".to_owned() }),
        ]
        .prop_map(Act::Send),
        (
            0usize..64,
            prop_oneof![Just(200u16), Just(204), Just(401), Just(500)],
            prop_oneof![
                Just(r#"{"ceremonyId":"c","options":{}}"#.to_owned()),
                Just(r#"{"user":{"id":"u","username":"a","displayName":"A"},"session":{"token":"t","expiresAt":"x"}}"#.to_owned()),
                Just(r#"{"user":{"id":"u","username":"a","displayName":"A"}}"#.to_owned()),
                Just(r#"{"error":{"code":"REAUTH_REQUIRED","message":"m"}}"#.to_owned()),
                Just("[]".to_owned()),
                ".{0,20}",
            ],
        )
            .prop_map(|(nth, status, body)| Act::Answer { nth, status, body }),
        (0usize..64, proptest::collection::vec(any::<u8>(), 0..16))
            .prop_map(|(nth, bytes)| Act::Garbage { nth, bytes }),
    ]
}

/// Every request the core handed out, with whether it is still open.
#[derive(Default)]
struct Handed {
    requests: Vec<(u32, EffectFfi, bool)>,
}

impl Handed {
    fn record(&mut self, out: Result<Vec<u8>, CoreError>) {
        let bytes = match out {
            Ok(bytes) | Err(CoreError::AnswerUndecodable { requests: bytes, .. }) => bytes,
            Err(CoreError::Bridge { .. }) => return,
        };
        let requests: Vec<Request<EffectFfi>> = BincodeFfiFormat::deserialize(&bytes).unwrap();
        for request in requests {
            let open = !matches!(request.effect, EffectFfi::Render(_));
            self.requests.push((request.id.0, request.effect, open));
        }
    }

    fn answer_for(effect: &EffectFfi, status: u16, body: &str) -> Vec<u8> {
        use crux_passkey::passkey::PasskeyResult;
        use crux_passkey::session_store::SessionStoreResult;
        match effect {
            EffectFfi::Http(_) => encode(&crux_http::protocol::HttpResult::Ok(
                crux_http::protocol::HttpResponse {
                    status,
                    headers: vec![],
                    body: body.as_bytes().to_vec(),
                },
            )),
            EffectFfi::Passkey(_) => encode(&PasskeyResult::Ok(body.to_owned())),
            EffectFfi::SessionStore(_) => encode(&SessionStoreResult::Loaded {
                value: Some(body.to_owned()),
            }),
            EffectFfi::Time(crux_time::TimeRequest::NotifyAfter { id, .. }) => {
                encode(&crux_time::TimeResponse::DurationElapsed { id: *id })
            }
            EffectFfi::Time(_) | EffectFfi::Render(_) => {
                encode(&crux_time::TimeResponse::Cleared { id: crux_time::TimerId(0) })
            }
        }
    }

    fn answer(&mut self, core: &CoreFFI, nth: usize, bytes: impl FnOnce(&EffectFfi) -> Vec<u8>) {
        if self.requests.is_empty() {
            return;
        }
        let index = nth % self.requests.len();
        let (id, effect, _) = &self.requests[index];
        let (id, answer) = (*id, bytes(effect));
        let out = core.resolve(id, &answer);
        if !matches!(out, Err(CoreError::Bridge { .. })) {
            self.requests[index].2 = false;
        }
        self.record(out);
    }

    /// Open requests the core waits on to make progress (timers aside).
    fn waiting(&self) -> usize {
        self.requests
            .iter()
            .filter(|(_, effect, open)| *open && !matches!(effect, EffectFfi::Time(_)))
            .count()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Answers late, twice, for flows that ended, or undecodable: the core stays usable and is
    /// never busy without a request it waits on.
    #[test]
    fn answers_in_any_order_through_the_ffi_keep_the_core_sound(acts in proptest::collection::vec(any_act(), 1..50)) {
        let core = CoreFFI::new();
        let mut handed = Handed::default();
        handed.record(core.update(&encode(&shared::Event::Auth(AuthEvent::Configure {
            base_url: "https://auth.example.com/".to_owned(),
        }))));
        for act in acts {
            match act {
                Act::Send(event) => handed.record(core.update(&encode(&shared::Event::Auth(event)))),
                Act::Answer { nth, status, body } => {
                    handed.answer(&core, nth, |effect| Handed::answer_for(effect, status, &body));
                }
                Act::Garbage { nth, bytes } => handed.answer(&core, nth, |_| bytes),
            }
            let auth = view(&core).auth;
            prop_assert!(!auth.busy || handed.waiting() > 0, "busy with nothing to wait on: {auth:?}");
        }
    }
}
