//! Drives an app that nests the auth sub-app the way a shell does: sends events, runs the
//! commands they return, and holds the HTTP and passkey requests until a test answers them.
//!
//! The library's own tests drive [`Auth`] itself ([`Harness`]); the demo app's tests include
//! this file and drive their host through the same [`Nests`] trait.

use std::collections::VecDeque;

use crux_core::{App, Command, Request};
use crux_http::HttpError;
use crux_http::protocol::{HttpHeader, HttpRequest, HttpResponse, HttpResult};
use crux_passkey::auth::{self, Auth, AuthViewModel};
use crux_passkey::passkey::{PasskeyError, PasskeyErrorKind, PasskeyOperation, PasskeyResult};
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
}

/// An app that nests the auth sub-app: how to reach it and what its effects are.
pub trait Nests: App<Model: Default> + Default {
    fn auth_event(event: auth::AuthEvent) -> Self::Event;
    fn auth_view(view: &Self::ViewModel) -> AuthViewModel;
    fn sort(effect: Self::Effect) -> Sorted;
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
        }
    }
}

/// The library's tests drive the auth sub-app itself.
pub type Harness = Driver<Auth>;

pub struct Driver<A: Nests> {
    app: A,
    pub model: A::Model,
    commands: Vec<Command<A::Effect, A::Event>>,
    http: VecDeque<Request<HttpRequest>>,
    passkey: VecDeque<Request<PasskeyOperation>>,
    pub renders: usize,
}

impl<A: Nests> Default for Driver<A> {
    fn default() -> Self {
        Self {
            app: A::default(),
            model: A::Model::default(),
            commands: Vec::new(),
            http: VecDeque::new(),
            passkey: VecDeque::new(),
            renders: 0,
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
        let command = self.app.update(A::auth_event(event), &mut self.model);
        self.commands.push(command);
        self.settle();
    }

    /// Runs every command until each one is waiting on the shell or done.
    fn settle(&mut self) {
        loop {
            let mut progressed = false;
            let mut spawned = Vec::new();
            for command in &mut self.commands {
                for effect in command.effects() {
                    progressed = true;
                    match A::sort(effect) {
                        Sorted::Render => self.renders += 1,
                        Sorted::Http(request) => self.http.push_back(request),
                        Sorted::Passkey(request) => self.passkey.push_back(request),
                    }
                }
                for event in command.events() {
                    progressed = true;
                    spawned.push(self.app.update(event, &mut self.model));
                }
            }
            self.commands.retain_mut(|command| !command.is_done());
            self.commands.extend(spawned);
            if !progressed {
                break;
            }
        }
    }

    pub fn view(&self) -> A::ViewModel {
        self.app.view(&self.model)
    }

    pub fn auth(&self) -> AuthViewModel {
        A::auth_view(&self.view())
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
