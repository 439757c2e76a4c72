//! The notes app's flows, driven the way its shells would: every effect answered by hand.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::VecDeque;

use crux_core::{App as _, Command, Request};
use crux_http::protocol::{HttpRequest, HttpResponse, HttpResult};
use crux_passkey::auth::{AuthEvent, Screen};
use crux_passkey::passkey::{PasskeyOperation, PasskeyResult};
use crux_passkey::session_store::{SessionStoreOperation, SessionStoreResult};
use crux_time::{TimeRequest, TimeResponse};
use notes::note_store::{NoteStoreOperation, NoteStoreResult};
use notes::{App, Effect, Event, Model, ViewModel};
use serde_json::{Value, json};

const SERVER: &str = "https://notes.example.com/";

/// The notes app's shell in a test: the secret store is in memory, timers are cleared when
/// asked, and everything else waits for the test.
#[derive(Default)]
struct Shell {
    app: App,
    model: Model,
    commands: Vec<Command<Effect, Event>>,
    http: VecDeque<Request<HttpRequest>>,
    passkey: VecDeque<Request<PasskeyOperation>>,
    notes: VecDeque<Request<NoteStoreOperation>>,
    kept_session: Option<String>,
}

impl Shell {
    fn send(&mut self, event: Event) {
        let command = self.app.update(event, &mut self.model);
        self.commands.push(command);
        self.settle();
    }

    fn auth(&mut self, event: AuthEvent) {
        self.send(Event::Auth(event));
    }

    fn settle(&mut self) {
        loop {
            let mut effects = Vec::new();
            let mut events = Vec::new();
            for command in &mut self.commands {
                effects.extend(command.effects());
                events.extend(command.events());
            }
            self.commands.retain_mut(|command| !command.is_done());
            if effects.is_empty() && events.is_empty() {
                break;
            }
            for effect in effects {
                match effect {
                    Effect::Render(_) => {}
                    Effect::Http(request) => self.http.push_back(request),
                    Effect::Passkey(request) => self.passkey.push_back(request),
                    Effect::NoteStore(request) => self.notes.push_back(request),
                    Effect::SessionStore(mut request) => {
                        let answer = match &request.operation {
                            SessionStoreOperation::Load => SessionStoreResult::Loaded {
                                value: self.kept_session.clone(),
                            },
                            SessionStoreOperation::Save { value } => {
                                self.kept_session = Some(value.clone());
                                SessionStoreResult::Done
                            }
                            SessionStoreOperation::Delete => {
                                self.kept_session = None;
                                SessionStoreResult::Done
                            }
                        };
                        request.resolve(answer).unwrap();
                    }
                    Effect::Time(mut request) => {
                        if let TimeRequest::Clear { id } = request.operation {
                            request.resolve(TimeResponse::Cleared { id }).unwrap();
                        }
                    }
                }
            }
            for event in events {
                let command = self.app.update(event, &mut self.model);
                self.commands.push(command);
            }
        }
    }

    fn view(&self) -> ViewModel {
        self.app.view(&self.model)
    }

    fn server(&mut self, status: u16, body: Value) -> HttpRequest {
        let mut request = self.http.pop_front().expect("an HTTP request waits");
        let sent = request.operation.clone();
        request
            .resolve(HttpResult::Ok(HttpResponse {
                status,
                headers: vec![],
                body: serde_json::to_vec(&body).unwrap(),
            }))
            .unwrap();
        self.settle();
        sent
    }

    fn platform(&mut self) {
        let mut request = self.passkey.pop_front().expect("a passkey request waits");
        // The core passes the platform's JSON to the server untouched; any object will do here.
        request
            .resolve(PasskeyResult::Ok(r#"{"id":"Y3JlZA","type":"public-key"}"#.to_owned()))
            .unwrap();
        self.settle();
    }

    fn note_store(&mut self, answer: NoteStoreResult) -> NoteStoreOperation {
        let mut request = self.notes.pop_front().expect("a note store request waits");
        let sent = request.operation.clone();
        request.resolve(answer).unwrap();
        self.settle();
        sent
    }
}

fn user() -> Value {
    json!({"id": "u_ada", "username": "ada", "displayName": "Ada"})
}

fn ceremony() -> Value {
    json!({"ceremonyId": "cer_1", "options": {"challenge": "Y2hhbGxlbmdl"}})
}

/// Configured and signed up as ada, with her (empty) notes loaded.
fn signed_up() -> Shell {
    let mut shell = Shell::default();
    shell.auth(AuthEvent::Configure {
        base_url: SERVER.to_owned(),
    });
    shell.auth(AuthEvent::SignUp {
        username: "ada".to_owned(),
        display_name: "Ada".to_owned(),
    });
    shell.server(200, ceremony());
    shell.platform();
    shell.server(
        201,
        json!({
            "user": user(),
            "passkey": {"id": "Y3JlZA", "name": "Passkey 1", "createdAt": "2026-12-01T10:00:00Z",
                        "lastUsedAt": null, "backupEligible": true, "backedUp": true,
                        "transports": ["internal"]},
            "session": {"token": "sess_ada", "expiresAt": "2026-12-31T10:00:00Z"}
        }),
    );
    let load = shell.note_store(NoteStoreResult::Loaded { notes: vec![] });
    assert_eq!(
        load,
        NoteStoreOperation::Load {
            owner: "u_ada".to_owned()
        },
        "signing up loads the new person's notes"
    );
    shell
}

#[test]
fn a_new_account_writes_notes_of_its_own() {
    let mut shell = signed_up();
    assert_eq!(shell.view().auth.screen, Screen::SignedIn);
    assert!(shell.view().can_write);

    shell.send(Event::AddNote {
        text: " Buy milk ".to_owned(),
    });
    assert_eq!(shell.view().notes, ["Buy milk"]);
    let saved = shell.note_store(NoteStoreResult::Saved);
    assert_eq!(
        saved,
        NoteStoreOperation::Save {
            owner: "u_ada".to_owned(),
            notes: vec!["Buy milk".to_owned()]
        }
    );
}

#[test]
fn the_session_is_kept_through_the_session_store_and_restored_on_the_next_launch() {
    let shell = signed_up();
    let kept = shell.kept_session.clone().expect("the session was kept");

    let mut next_launch = Shell {
        kept_session: Some(kept),
        ..Shell::default()
    };
    next_launch.auth(AuthEvent::Configure {
        base_url: SERVER.to_owned(),
    });
    next_launch.auth(AuthEvent::RestoreSession);
    let check = next_launch.server(200, json!({"user": user()}));
    assert_eq!(check.url, format!("{SERVER}auth/session"));
    assert!(
        check
            .headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case("authorization") && h.value == "Bearer sess_ada")
    );
    let load = next_launch.note_store(NoteStoreResult::Loaded {
        notes: vec!["from last time".to_owned()],
    });
    assert!(matches!(load, NoteStoreOperation::Load { owner } if owner == "u_ada"));
    assert_eq!(next_launch.view().notes, ["from last time"]);
}

#[test]
fn signing_out_puts_the_notes_away() {
    let mut shell = signed_up();
    shell.send(Event::AddNote {
        text: "secret".to_owned(),
    });
    shell.note_store(NoteStoreResult::Saved);

    shell.auth(AuthEvent::SignOut);
    let view = shell.view();
    assert!(view.notes.is_empty());
    assert!(!view.can_write);
    assert_eq!(shell.kept_session, None, "the kept session is forgotten");

    shell.send(Event::AddNote {
        text: "after sign-out".to_owned(),
    });
    assert!(shell.notes.is_empty(), "nobody to write for");
}

#[test]
fn a_session_the_server_ended_puts_the_notes_away() {
    let mut shell = signed_up();
    shell.send(Event::AddNote {
        text: "secret".to_owned(),
    });
    shell.note_store(NoteStoreResult::Saved);
    shell.auth(AuthEvent::RefreshPasskeys);
    shell.server(
        401,
        json!({"error": {"code": "UNAUTHENTICATED", "message": "session expired"}}),
    );
    assert!(shell.view().notes.is_empty());
    assert!(!shell.view().can_write);
}

#[test]
fn notes_that_arrive_after_a_sign_out_are_not_shown() {
    let mut shell = Shell::default();
    shell.auth(AuthEvent::Configure {
        base_url: SERVER.to_owned(),
    });
    shell.auth(AuthEvent::SignInWithPasskey);
    shell.server(200, ceremony());
    shell.platform();
    shell.server(
        200,
        json!({"user": user(), "session": {"token": "sess_ada", "expiresAt": "2026-12-31T10:00:00Z"}}),
    );
    shell.auth(AuthEvent::SignOut);
    shell.note_store(NoteStoreResult::Loaded {
        notes: vec!["ada's".to_owned()],
    });
    assert!(shell.view().notes.is_empty());
}
