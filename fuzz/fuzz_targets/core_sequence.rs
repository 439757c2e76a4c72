//! Structured sessions with the core, through the same FFI the shells use: `arbitrary` picks
//! shell events, and answers to whichever requests are open — HTTP statuses with bodies that
//! are the server's real shapes filled with fuzzed values (ceremonies, sign-up and sign-in
//! results, sessions, passkey lists, error envelopes with known or unknown codes) or raw bytes,
//! transport failures, passkey results (the real fixtures, fuzzed JSON, every error kind), and
//! answers of the wrong type.
//!
//! The shell answers the session store at once (from what it kept) and holds the core's timers
//! until a step fires one.
//!
//! Asserted after every step: no panic; `view()` succeeds and decodes as a `ViewModel`; and a
//! core that says it is busy has an HTTP or passkey request still open with the shell (the
//! invariant of crux_passkey/tests/flows/robustness.rs).

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use crux_core::bridge::{BincodeFfiFormat, FfiFormat, Request};
use crux_http::HttpError;
use crux_http::protocol::{HttpHeader, HttpResponse, HttpResult};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use shared::ViewModel;
use shared::app::EffectFfi;
use crux_passkey::auth::AuthEvent;
use crux_passkey::api::ErrorCode;
use shared::ffi::CoreFFI;
use crux_passkey::passkey::{PasskeyError, PasskeyErrorKind, PasskeyResult};
use crux_passkey::session_store::{SessionStoreOperation, SessionStoreResult};
use crux_time::{TimeRequest, TimeResponse, TimerId};

const CREATION_OPTIONS: &str = include_str!("../../crux_passkey/tests/fixtures/creation_options.json");
const REQUEST_OPTIONS: &str = include_str!("../../crux_passkey/tests/fixtures/request_options.json");
const REGISTRATION_RESPONSE: &str = include_str!("../../crux_passkey/tests/fixtures/registration_response.json");
const AUTHENTICATION_RESPONSE: &str = include_str!("../../crux_passkey/tests/fixtures/authentication_response.json");

fn encode<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    BincodeFfiFormat::serialize(&mut out, value).expect("encodes");
    out
}

#[derive(Arbitrary, Debug)]
enum Event {
    Configure(String),
    ConfigureGood,
    RestoreSession,
    /// The shell answers the session store's `Load` with this kept value.
    KeptSession(Option<String>),
    SignUp(String, String),
    SignIn(String),
    SignInWithPasskey,
    StartAutofill,
    CancelAutofill,
    SignOut,
    RefreshPasskeys,
    AddPasskey(String),
    RenamePasskey(String, String),
    DeletePasskey(String),
    DismissNotice,
    ChangeDisplayName(String),
}

#[derive(Arbitrary, Debug)]
enum Options {
    Creation,
    Request,
    Other(String),
}

#[derive(Arbitrary, Debug)]
struct Fields {
    id: String,
    username: String,
    display_name: String,
    token: String,
    expires_at: String,
    passkey_name: String,
    created_at: String,
    last_used_at: Option<String>,
    backup_eligible: bool,
    backed_up: bool,
    transports: Vec<String>,
}

#[derive(Arbitrary, Debug)]
enum Body {
    Ceremony(String, Options),
    Registered(Fields),
    LoggedIn(Fields),
    CurrentSession(Fields),
    Passkeys(Vec<Fields>),
    Error(Option<u8>, String, String),
    Empty,
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum Status {
    Ok,
    Created,
    NoContent,
    BadRequest,
    Unauthorized,
    NotFound,
    Conflict,
    TooMany,
    Internal,
    Any(u16),
}

#[derive(Arbitrary, Debug)]
enum Credential {
    Registration,
    Authentication,
    Json(String),
}

#[derive(Arbitrary, Debug)]
enum Step {
    Send(Event),
    Reply { which: u8, status: Status, json_header: bool, body: Body },
    Fail { which: u8, kind: u8, message: String },
    PasskeyOk { which: u8, credential: Credential },
    PasskeyErr { which: u8, kind: u8, message: String },
    /// A passkey result to an HTTP request or the other way round.
    WrongType { which: u8, http: bool },
    RawAnswer { which: u8, bytes: Vec<u8> },
    /// One of the core's timers fires (it bounds how long a flow waits).
    FireTimer { which: u8 },
}

fn user(f: &Fields) -> Value {
    json!({"id": f.id, "username": f.username, "displayName": f.display_name})
}

fn session(f: &Fields) -> Value {
    json!({"token": f.token, "expiresAt": f.expires_at})
}

fn passkey(f: &Fields) -> Value {
    json!({
        "id": f.id, "name": f.passkey_name, "createdAt": f.created_at, "lastUsedAt": f.last_used_at,
        "backupEligible": f.backup_eligible, "backedUp": f.backed_up, "transports": f.transports,
    })
}

fn body_bytes(body: &Body) -> Vec<u8> {
    let value = match body {
        Body::Ceremony(id, options) => {
            let options: Value = match options {
                Options::Creation => serde_json::from_str(CREATION_OPTIONS).unwrap_or_default(),
                Options::Request => serde_json::from_str(REQUEST_OPTIONS).unwrap_or_default(),
                Options::Other(text) => serde_json::from_str(text).unwrap_or_else(|_| json!(text)),
            };
            json!({"ceremonyId": id, "options": options})
        }
        Body::Registered(f) => json!({"user": user(f), "passkey": passkey(f), "session": session(f)}),
        Body::LoggedIn(f) => json!({"user": user(f), "session": session(f)}),
        Body::CurrentSession(f) => json!({"user": user(f)}),
        Body::Passkeys(list) => Value::Array(list.iter().map(passkey).collect()),
        Body::Error(code, other, message) => {
            let code = match code {
                Some(i) => ErrorCode::ALL[usize::from(*i) % ErrorCode::ALL.len()].as_str().to_owned(),
                None => other.clone(),
            };
            json!({"error": {"code": code, "message": message}})
        }
        Body::Empty => return Vec::new(),
        Body::Raw(bytes) => return bytes.clone(),
    };
    serde_json::to_vec(&value).unwrap_or_default()
}

fn status(status: &Status) -> u16 {
    match status {
        Status::Ok => 200,
        Status::Created => 201,
        Status::NoContent => 204,
        Status::BadRequest => 400,
        Status::Unauthorized => 401,
        Status::NotFound => 404,
        Status::Conflict => 409,
        Status::TooMany => 429,
        Status::Internal => 500,
        Status::Any(code) => *code,
    }
}

fn event(event: Event) -> AuthEvent {
    match event {
        Event::Configure(base_url) => AuthEvent::Configure { base_url },
        Event::ConfigureGood => AuthEvent::Configure { base_url: "https://auth.example.com/".to_owned() },
        Event::RestoreSession | Event::KeptSession(_) => AuthEvent::RestoreSession,
        Event::SignUp(username, display_name) => AuthEvent::SignUp { username, display_name },
        Event::SignIn(username) => AuthEvent::SignIn { username },
        Event::SignInWithPasskey => AuthEvent::SignInWithPasskey,
        Event::StartAutofill => AuthEvent::StartAutofill,
        Event::CancelAutofill => AuthEvent::CancelAutofill,
        Event::SignOut => AuthEvent::SignOut,
        Event::RefreshPasskeys => AuthEvent::RefreshPasskeys,
        Event::AddPasskey(name) => AuthEvent::AddPasskey { name },
        Event::RenamePasskey(id, name) => AuthEvent::RenamePasskey { id, name },
        Event::DeletePasskey(id) => AuthEvent::DeletePasskey { id },
        Event::DismissNotice => AuthEvent::DismissNotice,
        Event::ChangeDisplayName(display_name) => AuthEvent::ChangeDisplayName { display_name },
    }
}

/// The requests the core handed out and the shell has not answered yet. The session store is
/// answered at once from `kept`, as a real shell would; timers wait until a step fires them.
#[derive(Default)]
struct Open {
    http: Vec<u32>,
    passkey: Vec<u32>,
    timers: Vec<(u32, TimerId)>,
    kept: Option<String>,
}

impl Open {
    fn take(list: &mut Vec<u32>, which: u8) -> Option<u32> {
        (!list.is_empty()).then(|| list[usize::from(which) % list.len()])
    }

    fn record(&mut self, core: &CoreFFI, out: Result<Vec<u8>, shared::ffi::CoreError>) {
        // An undecodable answer still hands out the core's follow-up requests.
        let (Ok(bytes) | Err(shared::ffi::CoreError::AnswerUndecodable { requests: bytes, .. })) = out
        else {
            return;
        };
        let requests: Vec<Request<EffectFfi>> =
            BincodeFfiFormat::deserialize(&bytes).expect("the core's own requests decode");
        for request in requests {
            let id = request.id.0;
            match request.effect {
                EffectFfi::Http(_) => self.http.push(id),
                EffectFfi::Passkey(_) => self.passkey.push(id),
                EffectFfi::Render(_) => {}
                EffectFfi::SessionStore(operation) => {
                    let answer = match operation {
                        SessionStoreOperation::Load => SessionStoreResult::Loaded { value: self.kept.clone() },
                        SessionStoreOperation::Save { value } => {
                            self.kept = Some(value);
                            SessionStoreResult::Done
                        }
                        SessionStoreOperation::Delete => {
                            self.kept = None;
                            SessionStoreResult::Done
                        }
                    };
                    let out = core.resolve(id, &encode(&answer));
                    self.record(core, out);
                }
                EffectFfi::Time(TimeRequest::NotifyAfter { id: timer, .. } | TimeRequest::NotifyAt { id: timer, .. }) => {
                    self.timers.push((id, timer));
                }
                EffectFfi::Time(TimeRequest::Clear { id: timer }) => {
                    self.timers.retain(|(_, open)| *open != timer);
                    let out = core.resolve(id, &encode(&TimeResponse::Cleared { id: timer }));
                    self.record(core, out);
                }
                EffectFfi::Time(TimeRequest::Now) => {}
            }
        }
    }

    /// Answers `id`; an answer the core took (or replaced by a failure) closes it, a refused
    /// one leaves it open.
    fn answer(&mut self, core: &CoreFFI, id: u32, answer: &[u8]) {
        let out = core.resolve(id, answer);
        if !matches!(out, Err(shared::ffi::CoreError::Bridge { .. })) {
            self.http.retain(|open| *open != id);
            self.passkey.retain(|open| *open != id);
        }
        self.record(core, out);
    }
}

fn step(core: &CoreFFI, open: &mut Open, step: Step) {
    match step {
        Step::Send(e) => {
            if let Event::KeptSession(value) = &e {
                open.kept.clone_from(value);
            }
            let out = core.update(&encode(&shared::Event::Auth(event(e))));
            open.record(core, out);
        }
        Step::FireTimer { which } => {
            if !open.timers.is_empty() {
                let (id, timer) = open.timers.remove(usize::from(which) % open.timers.len());
                let out = core.resolve(id, &encode(&TimeResponse::DurationElapsed { id: timer }));
                open.record(core, out);
            }
        }
        Step::Reply { which, status: s, json_header, body } => {
            if let Some(id) = Open::take(&mut open.http, which) {
                let headers = if json_header {
                    vec![HttpHeader { name: "content-type".to_owned(), value: "application/json".to_owned() }]
                } else {
                    vec![]
                };
                let answer = HttpResult::Ok(HttpResponse { status: status(&s), headers, body: body_bytes(&body) });
                open.answer(core, id, &encode(&answer));
            }
        }
        Step::Fail { which, kind, message } => {
            if let Some(id) = Open::take(&mut open.http, which) {
                let error = match kind % 3 {
                    0 => HttpError::Timeout,
                    1 => HttpError::Io(message),
                    _ => HttpError::Url(message),
                };
                open.answer(core, id, &encode(&HttpResult::Err(error)));
            }
        }
        Step::PasskeyOk { which, credential } => {
            if let Some(id) = Open::take(&mut open.passkey, which) {
                let json = match credential {
                    Credential::Registration => REGISTRATION_RESPONSE.to_owned(),
                    Credential::Authentication => AUTHENTICATION_RESPONSE.to_owned(),
                    Credential::Json(text) => text,
                };
                open.answer(core, id, &encode(&PasskeyResult::Ok(json)));
            }
        }
        Step::PasskeyErr { which, kind, message } => {
            if let Some(id) = Open::take(&mut open.passkey, which) {
                let kind = PasskeyErrorKind::ALL[usize::from(kind) % PasskeyErrorKind::ALL.len()];
                open.answer(core, id, &encode(&PasskeyResult::Err(PasskeyError::new(kind, message))));
            }
        }
        Step::WrongType { which, http } => {
            if http {
                if let Some(id) = Open::take(&mut open.http, which) {
                    open.answer(core, id, &encode(&PasskeyResult::Ok("{}".to_owned())));
                }
            } else if let Some(id) = Open::take(&mut open.passkey, which) {
                open.answer(core, id, &encode(&HttpResult::Err(HttpError::Timeout)));
            }
        }
        Step::RawAnswer { which, bytes } => {
            let mut all: Vec<u32> = open.http.iter().chain(&open.passkey).copied().collect();
            if let Some(id) = Open::take(&mut all, which) {
                open.answer(core, id, &bytes);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let core = CoreFFI::new();
    let mut open = Open::default();
    let out = core.update(&encode(&shared::Event::Auth(event(Event::ConfigureGood))));
    open.record(&core, out);
    while let Ok(next) = u.arbitrary::<Step>() {
        step(&core, &mut open, next);
        let bytes = core.view().expect("the view is always readable");
        let view: ViewModel = BincodeFfiFormat::deserialize(&bytes).expect("the view decodes");
        if view.auth.busy {
            assert!(
                !open.http.is_empty() || !open.passkey.is_empty(),
                "busy with nothing open: {view:?}"
            );
        }
        if u.is_empty() {
            break;
        }
    }
});
