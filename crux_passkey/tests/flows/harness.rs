//! Drives an app that nests the auth sub-app the way a shell does: sends events, runs the
//! commands they return, and holds the HTTP and passkey requests until a test answers them.
//!
//! The library's own tests drive [`Auth`] itself ([`Harness`]); the demo app's tests include
//! this file and drive their host through the same [`Nests`] trait.

use std::collections::VecDeque;

use crux_core::{App, Command, Request};
use crux_http::HttpError;
use crux_http::protocol::{HttpHeader, HttpRequest, HttpResponse, HttpResult};
use crux_passkey::auth::{self, Auth, AuthViewModel, Transition};
use crux_passkey::passkey::{
    PasskeyError, PasskeyErrorKind, PasskeyOperation, PasskeyResult, Signal,
};
use crux_passkey::session_store::{SessionStoreOperation, SessionStoreResult};
use crux_time::{TimeRequest, TimeResponse, TimerId};
use serde_json::{Value, json};

pub const BASE: &str = "https://auth.example.com/";
pub const TOKEN: &str = "sess_4f1c2a9be07d4c53a1f0e2d9c8b7a6f5";

pub fn fixture(name: &str) -> String {
    match name {
        "creation_options.json" => include_str!("../fixtures/creation_options.json"),
        "request_options.json" => include_str!("../fixtures/request_options.json"),
        "registration_response.json" => include_str!("../fixtures/registration_response.json"),
        "authentication_response.json" => {
            include_str!("../fixtures/authentication_response.json")
        }
        other => panic!("no fixture named {other}"),
    }
    .to_owned()
}

pub fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

pub fn user() -> crux_passkey::api::User {
    serde_json::from_value(user_json()).expect("the user fixture is a User")
}

pub fn user_json() -> Value {
    json!({"id": "u_01J9Z8Q6XK", "username": "alice", "displayName": "Alice Liddell"})
}

pub fn passkey_json(id: &str, name: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "createdAt": "2026-11-01T09:30:00Z",
        "lastUsedAt": null,
        "backupEligible": true,
        "backedUp": true,
        "transports": ["internal", "hybrid"]
    })
}

pub fn session_json() -> Value {
    json!({"token": TOKEN, "expiresAt": "2026-12-01T09:30:00Z"})
}

pub fn ceremony_json(id: &str, options_fixture: &str) -> Value {
    json!({"ceremonyId": id, "options": fixture_json(options_fixture)})
}

pub fn error_json(code: &str, message: &str) -> Value {
    json!({"error": {"code": code, "message": message}})
}

/// An effect of the app under test, sorted by what the harness does with it.
pub enum Sorted {
    Render,
    Http(Request<HttpRequest>),
    Passkey(Request<PasskeyOperation>),
    Store(Request<SessionStoreOperation>),
    Time(Request<TimeRequest>),
    /// An effect of the host's own.
    Other,
}

/// An app that nests the auth sub-app: how to reach it and what its effects are.
pub trait Nests: App<Model: Default> + Default {
    fn auth_event(event: auth::AuthEvent) -> Self::Event;
    fn auth_view(view: &Self::ViewModel) -> AuthViewModel;
    fn sort(effect: Self::Effect) -> Sorted;

    /// Runs one event; the sub-app itself also says what it reported to its host.
    fn run(
        &self,
        event: Self::Event,
        model: &mut Self::Model,
    ) -> (Command<Self::Effect, Self::Event>, Option<Transition>) {
        (self.update(event, model), None)
    }
}

impl Nests for Auth {
    fn auth_event(event: auth::AuthEvent) -> auth::AuthEvent {
        event
    }

    fn auth_view(view: &AuthViewModel) -> AuthViewModel {
        view.clone()
    }

    fn sort(effect: auth::Effect) -> Sorted {
        match effect {
            auth::Effect::Render(_) => Sorted::Render,
            auth::Effect::Http(request) => Sorted::Http(request),
            auth::Effect::Passkey(request) => Sorted::Passkey(request),
            auth::Effect::SessionStore(request) => Sorted::Store(request),
            auth::Effect::Time(request) => Sorted::Time(request),
        }
    }

    fn run(
        &self,
        event: auth::AuthEvent,
        model: &mut auth::Model,
    ) -> (Command<auth::Effect, auth::AuthEvent>, Option<Transition>) {
        self.handle(event, model).into_parts().swap()
    }
}

trait Swap<A, B> {
    fn swap(self) -> (B, A);
}

impl<A, B> Swap<A, B> for (A, B) {
    fn swap(self) -> (B, A) {
        (self.1, self.0)
    }
}

/// The library's tests drive the auth sub-app itself.
pub type Harness = Driver<Auth>;

/// A shell in a test: it holds HTTP and passkey requests until the test answers them, keeps
/// the session store in memory and answers it at once (unless told to hold it), and holds
/// timers until the test fires them.
pub struct Driver<A: Nests> {
    app: A,
    pub model: A::Model,
    commands: Vec<Command<A::Effect, A::Event>>,
    http: VecDeque<Request<HttpRequest>>,
    passkey: VecDeque<Request<PasskeyOperation>>,
    store: VecDeque<Request<SessionStoreOperation>>,
    timers: Vec<(TimerId, Request<TimeRequest>)>,
    /// The shell's secure storage.
    pub kept: Option<String>,
    /// Hold session store requests for the test to answer, instead of answering at once.
    pub hold_store: bool,
    /// Every signal the core sent the platform, in order.
    pub signals: Vec<(Signal, Value)>,
    /// The platform has no Signal API: signals are answered `Unsupported`.
    pub signals_unsupported: bool,
    pub renders: usize,
    /// Everything the sub-app reported to its host, in order.
    pub transitions: Vec<Transition>,
    /// Which server issued each session token the test handed out.
    issued: Vec<(String, String)>,
    /// Requests that carried a token to a server other than the one that issued it.
    pub leaks: Vec<String>,
    /// Every HTTP request the core sent, in order: method, URL and JSON body (`None` when
    /// there was no body).
    pub sent: Vec<(String, String, Option<Value>)>,
}

impl<A: Nests> Default for Driver<A> {
    fn default() -> Self {
        Self {
            app: A::default(),
            model: A::Model::default(),
            commands: Vec::new(),
            http: VecDeque::new(),
            passkey: VecDeque::new(),
            store: VecDeque::new(),
            timers: Vec::new(),
            kept: None,
            hold_store: false,
            signals: Vec::new(),
            signals_unsupported: false,
            renders: 0,
            transitions: Vec::new(),
            issued: Vec::new(),
            leaks: Vec::new(),
            sent: Vec::new(),
        }
    }
}

impl<A: Nests> Driver<A> {
    /// A core pointed at the test server, with nobody signed in yet.
    pub fn configured() -> Self {
        let mut harness = Self::default();
        harness.send(auth::AuthEvent::Configure {
            base_url: BASE.to_owned(),
        });
        harness
    }

    pub fn send(&mut self, event: auth::AuthEvent) {
        self.run(A::auth_event(event));
        self.settle();
    }

    fn run(&mut self, event: A::Event) {
        let (command, transition) = self.app.run(event, &mut self.model);
        self.transitions.extend(transition);
        self.commands.push(command);
    }

    /// Runs every command until each one is waiting on the shell or done.
    fn settle(&mut self) {
        loop {
            let mut effects = Vec::new();
            let mut events = Vec::new();
            for command in &mut self.commands {
                effects.extend(command.effects());
                events.extend(command.events());
            }
            let mut progressed = !effects.is_empty() || !events.is_empty();
            for effect in effects {
                match A::sort(effect) {
                    Sorted::Render => self.renders += 1,
                    Sorted::Http(request) => {
                        self.check_token(&request.operation);
                        self.note_sent(&request.operation);
                        self.http.push_back(request);
                    }
                    Sorted::Passkey(request) => self.passkey_request(request),
                    Sorted::Store(request) => self.store.push_back(request),
                    Sorted::Time(request) => self.time(request),
                    Sorted::Other => {}
                }
            }
            for event in events {
                self.run(event);
            }
            self.commands.retain_mut(|command| !command.is_done());
            if !self.hold_store {
                progressed |= self.answer_store();
            }
            if !progressed {
                break;
            }
        }
    }

    /// Signals go to the platform's passkey manager at once (and are noted); the rest wait for
    /// the test.
    fn passkey_request(&mut self, mut request: Request<PasskeyOperation>) {
        let PasskeyOperation::Signal { signal, json } = &request.operation else {
            self.passkey.push_back(request);
            return;
        };
        let json: Value = serde_json::from_str(json).expect("a signal's JSON is JSON");
        self.signals.push((*signal, json));
        let answer = if self.signals_unsupported {
            PasskeyResult::Err(PasskeyError::new(
                PasskeyErrorKind::Unsupported,
                "NotSupportedError: no signal API",
            ))
        } else {
            PasskeyResult::Signalled
        };
        request.resolve(answer).expect("signal resolves");
    }

    /// Answers the session store requests from the in-memory store.
    fn answer_store(&mut self) -> bool {
        let mut answered = false;
        while let Some(mut request) = self.store.pop_front() {
            let result = match &request.operation {
                SessionStoreOperation::Load => SessionStoreResult::Loaded {
                    value: self.kept.clone(),
                },
                SessionStoreOperation::Save { value } => {
                    self.kept = Some(value.clone());
                    SessionStoreResult::Done
                }
                SessionStoreOperation::Delete => {
                    self.kept = None;
                    SessionStoreResult::Done
                }
            };
            request.resolve(result).expect("store request resolves");
            answered = true;
        }
        answered
    }

    /// A shell's timers (crux_time's protocol): `Clear` cancels one and is answered at once; the
    /// rest wait for the test to fire them.
    fn time(&mut self, mut request: Request<TimeRequest>) {
        match request.operation.clone() {
            TimeRequest::NotifyAfter { id, .. } | TimeRequest::NotifyAt { id, .. } => {
                self.timers.push((id, request));
            }
            TimeRequest::Clear { id } => {
                self.timers.retain(|(timer, _)| *timer != id);
                request
                    .resolve(TimeResponse::Cleared { id })
                    .expect("clear resolves");
            }
            TimeRequest::Now => {
                request
                    .resolve(TimeResponse::Now {
                        instant: crux_time::Instant::new(1_800_000_000, 0),
                    })
                    .expect("now resolves");
            }
        }
    }

    /// Every timer the core is waiting on fires.
    pub fn fire_timers(&mut self) {
        for (id, mut request) in std::mem::take(&mut self.timers) {
            request
                .resolve(TimeResponse::DurationElapsed { id })
                .expect("timer resolves");
        }
        self.settle();
    }

    /// The oldest timer the core is waiting on fires.
    pub fn fire_oldest_timer(&mut self) {
        if self.timers.is_empty() {
            return;
        }
        let (id, mut request) = self.timers.remove(0);
        request
            .resolve(TimeResponse::DurationElapsed { id })
            .expect("timer resolves");
        self.settle();
    }

    pub fn pending_timers(&self) -> usize {
        self.timers.len()
    }

    /// Keeps a session for the test server, as an earlier run of the app would have.
    pub fn keep_session(&mut self, token: &str) {
        self.kept = Some(json!({"server": BASE, "token": token}).to_string());
    }

    pub fn pending_store(&self) -> usize {
        self.store.len()
    }

    /// The oldest session store request still waiting (with `hold_store`).
    pub fn store_request(&self) -> &SessionStoreOperation {
        &self
            .store
            .front()
            .expect("expected a session store request to be waiting")
            .operation
    }

    pub fn resolve_store(&mut self, result: SessionStoreResult) {
        let mut request = self.store.pop_front().expect("expected a store request");
        request.resolve(result).expect("store request resolves");
        self.settle();
    }

    /// A request that carries a token must go to the server that issued it.
    fn check_token(&mut self, request: &HttpRequest) {
        let Some(token) = request
            .headers
            .iter()
            .find(|header| header.name.eq_ignore_ascii_case("authorization"))
            .and_then(|header| header.value.strip_prefix("Bearer "))
        else {
            return;
        };
        let Some(origin) = origin_of(&request.url) else {
            self.leaks.push(format!("{token} sent to unparsable {}", request.url));
            return;
        };
        let issued_here = self
            .issued
            .iter()
            .any(|(issued, by)| issued == token && *by == origin);
        let issued_anywhere = self.issued.iter().any(|(issued, _)| issued == token);
        // Tokens a test keeps by hand (`keep_session`) belong to the test server.
        let kept_for_base = !issued_anywhere && origin_of(BASE).as_deref() == Some(&*origin);
        if !issued_here && !kept_for_base {
            self.leaks.push(format!("{token} sent to {}", request.url));
        }
    }

    fn note_sent(&mut self, request: &HttpRequest) {
        let body = (!request.body.is_empty()).then(|| {
            serde_json::from_slice(&request.body).unwrap_or_else(|_| {
                Value::String(String::from_utf8_lossy(&request.body).into_owned())
            })
        });
        self.sent
            .push((request.method.clone(), request.url.clone(), body));
    }

    /// The requests sent so far, with URLs relative to the test server.
    pub fn sent_here(&self) -> Vec<(String, String, Option<Value>)> {
        self.sent
            .iter()
            .map(|(method, url, body)| {
                let path = url.strip_prefix(BASE).unwrap_or(url);
                (method.clone(), path.to_owned(), body.clone())
            })
            .collect()
    }

    /// Remembers the tokens in an answer to `request`, with the server that issued them.
    fn note_issued(&mut self, request: &HttpRequest, body: &[u8]) {
        let Ok(value) = serde_json::from_slice::<Value>(body) else {
            return;
        };
        let Some(token) = value.pointer("/session/token").and_then(Value::as_str) else {
            return;
        };
        if let Some(origin) = origin_of(&request.url) {
            self.issued.push((token.to_owned(), origin));
        }
    }

    pub fn view(&self) -> A::ViewModel {
        self.app.view(&self.model)
    }

    pub fn auth(&self) -> AuthViewModel {
        A::auth_view(&self.view())
    }

    /// Something is out with the shell that the core waits for (timers aside).
    pub fn outstanding(&self) -> usize {
        self.http.len() + self.passkey.len() + self.store.len()
    }

    pub fn pending_http(&self) -> usize {
        self.http.len()
    }

    pub fn pending_passkey(&self) -> usize {
        self.passkey.len()
    }

    /// The oldest HTTP request still waiting for an answer.
    pub fn http(&self) -> &HttpRequest {
        &self
            .http
            .front()
            .expect("expected an HTTP request to be waiting")
            .operation
    }

    pub fn http_body(&self) -> Value {
        serde_json::from_slice(&self.http().body).expect("request body is JSON")
    }

    pub fn http_header(&self, name: &str) -> Option<String> {
        self.http()
            .headers
            .iter()
            .find(|header| header.name.eq_ignore_ascii_case(name))
            .map(|header| header.value.clone())
    }

    pub fn resolve_http(&mut self, result: HttpResult) {
        let mut request = self.http.pop_front().expect("expected an HTTP request");
        if let HttpResult::Ok(response) = &result {
            self.note_issued(&request.operation, &response.body);
        }
        request.resolve(result).expect("HTTP request resolves");
        self.settle();
    }

    pub fn reply(&mut self, status: u16, body: Value) {
        self.reply_raw(status, &serde_json::to_vec(&body).expect("JSON"));
    }

    pub fn reply_raw(&mut self, status: u16, body: &[u8]) {
        self.resolve_http(HttpResult::Ok(HttpResponse {
            status,
            headers: vec![HttpHeader {
                name: "content-type".to_owned(),
                value: "application/json".to_owned(),
            }],
            body: body.to_vec(),
        }));
    }

    /// Answers the newest HTTP request waiting, not the oldest.
    pub fn reply_newest(&mut self, status: u16, body: &[u8]) {
        if let Some(newest) = self.http.pop_back() {
            self.http.push_front(newest);
        }
        self.reply_raw(status, body);
    }

    pub fn reply_empty(&mut self, status: u16) {
        self.resolve_http(HttpResult::Ok(HttpResponse {
            status,
            headers: vec![],
            body: vec![],
        }));
    }

    pub fn fail_http(&mut self, error: HttpError) {
        self.resolve_http(HttpResult::Err(error));
    }

    /// The oldest passkey request still waiting for the platform.
    pub fn passkey(&self) -> &PasskeyOperation {
        &self
            .passkey
            .front()
            .expect("expected a passkey request to be waiting")
            .operation
    }

    pub fn resolve_passkey(&mut self, result: PasskeyResult) {
        let mut request = self
            .passkey
            .pop_front()
            .expect("expected a passkey request");
        request.resolve(result).expect("passkey request resolves");
        self.settle();
    }

    pub fn passkey_ok(&mut self, response_fixture: &str) {
        self.resolve_passkey(PasskeyResult::Ok(fixture(response_fixture)));
    }

    pub fn passkey_err(&mut self, kind: PasskeyErrorKind) {
        self.resolve_passkey(PasskeyResult::Err(PasskeyError::new(
            kind,
            "platform said no (NotAllowedError)",
        )));
    }

    /// Signs up alice end to end and checks nothing is left waiting.
    pub fn signed_up() -> Self {
        let mut h = Self::configured();
        h.send(auth::AuthEvent::SignUp {
            username: "alice".to_owned(),
            display_name: "Alice Liddell".to_owned(),
        });
        h.reply(200, ceremony_json("cer_reg_1", "creation_options.json"));
        h.passkey_ok("registration_response.json");
        h.reply(
            201,
            json!({"user": user_json(), "passkey": passkey_json("q1Zb5bC2W8m1t1wQm3y1Sg", "Passkey 1"), "session": session_json()}),
        );
        assert_eq!(h.pending_http() + h.pending_passkey(), 0);
        h
    }
}

/// `scheme://host:port` of a URL.
pub fn origin_of(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    Some(url.origin().ascii_serialization())
}
