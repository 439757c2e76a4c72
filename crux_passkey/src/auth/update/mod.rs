//! `update`: routes each event to the flow it belongs to, and the few rules every flow shares.

mod autofill;
mod passkeys;
mod session;
mod sign_in;
mod sign_up;

use crux_core::{Command, render::render};
use crux_http::http::Method;
use serde::Serialize;
use serde_json::Value;
use url::Url;

use super::Effect;
use crate::api::ErrorCode;
use super::client::{self, ApiFailure, Call};
use super::event::{Answer, AuthEvent};
use super::model::{Activity, Autofill, Model, Notice, Screen};
use crate::passkey::{PasskeyError, PasskeyErrorKind};

type Cmd = Command<Effect, AuthEvent>;

/// Longest username or passkey name the core sends; the server has its own, stricter, rules.
const MAX_NAME_CHARS: usize = 64;

pub fn update(event: AuthEvent, model: &mut Model) -> Cmd {
    match event {
        AuthEvent::Configure { base_url } => session::configure(&base_url, model),
        AuthEvent::RestoreSession { session_token } => session::restore(session_token, model),
        AuthEvent::SignUp {
            username,
            display_name,
        } => sign_up::start(&username, &display_name, model),
        AuthEvent::SignIn { username } => sign_in::start(Some(&username), model),
        AuthEvent::SignInWithPasskey => sign_in::start(None, model),
        AuthEvent::StartAutofill => autofill::start(model),
        AuthEvent::CancelAutofill => autofill::cancel(model),
        AuthEvent::SignOut => session::sign_out(model),
        AuthEvent::RefreshPasskeys => passkeys::refresh(model),
        AuthEvent::AddPasskey { name } => passkeys::add(&name, model),
        AuthEvent::RenamePasskey { id, name } => passkeys::rename(&id, &name, model),
        AuthEvent::DeletePasskey { id } => passkeys::delete(id, model),
        AuthEvent::DismissNotice => {
            model.notice = None;
            render()
        }
        AuthEvent::Answer(answer) => on_answer(*answer, model),
    }
}

fn on_answer(answer: Answer, model: &mut Model) -> Cmd {
    match answer {
        Answer::RegistrationStarted(result) => sign_up::on_started(result, model),
        Answer::RegistrationCredential(result) => sign_up::on_credential(result, model),
        Answer::Registered(result) => sign_up::on_registered(result, model),
        Answer::LoginStarted(result) => sign_in::on_started(result, model),
        Answer::LoginCredential(result) => sign_in::on_credential(result, model),
        Answer::LoggedIn(result) => sign_in::on_logged_in(result, model),
        Answer::AutofillStarted(attempt, result) => autofill::on_started(attempt, result, model),
        Answer::AutofillCredential(attempt, result) => {
            autofill::on_credential(attempt, result, model)
        }
        Answer::SessionRestored(result) => session::on_restored(result, model),
        Answer::SignedOut(result) => session::on_signed_out(result, model),
        Answer::PasskeysLoaded(result) => passkeys::on_loaded(result, model),
        Answer::AddStarted(result) => passkeys::on_add_started(result, model),
        Answer::AddCredential(result) => passkeys::on_add_credential(result, model),
        Answer::PasskeyAdded(result) => passkeys::on_added(result, model),
        Answer::PasskeyRenamed(result) => passkeys::on_renamed(result, model),
        Answer::PasskeyDeleted(id, result) => passkeys::on_deleted(&id, result, model),
    }
}

/// Starts `activity` if nothing else is under way. Intents that arrive while the core is busy
/// are dropped, so a double tap cannot start two ceremonies.
fn begin(model: &mut Model, activity: Activity) -> bool {
    if !model.is_idle() {
        return false;
    }
    model.activity = activity;
    model.notice = None;
    true
}

fn finish(model: &mut Model, notice: Option<Notice>) -> Cmd {
    model.activity = Activity::Idle;
    model.ceremony = None;
    model.pending_name = None;
    model.notice = notice;
    render()
}

/// A server or network failure ends the flow. A server that no longer knows the session means
/// the person is signed out, whatever they were doing.
fn api_failed(failure: &ApiFailure, model: &mut Model) -> Cmd {
    if is_unauthenticated(failure) && model.screen == Screen::SignedIn {
        model.sign_out_locally();
    }
    finish(model, Some(Notice::from_api(failure)))
}

fn is_unauthenticated(failure: &ApiFailure) -> bool {
    has_code(failure, ErrorCode::Unauthenticated)
}

fn has_code(failure: &ApiFailure, wanted: ErrorCode) -> bool {
    matches!(failure, ApiFailure::Rejected { code: Some(code), .. }
        if ErrorCode::parse(code) == Some(wanted))
}

/// A cancelled passkey sheet returns calmly to where the person was, with a word of what
/// happened; an abort is the app's own doing and says nothing.
fn passkey_failed(error: &PasskeyError, model: &mut Model) -> Cmd {
    let notice = (error.kind != PasskeyErrorKind::Aborted).then(|| Notice::from_passkey(error));
    finish(model, notice)
}

/// The platform's response goes to the server untouched, but it must at least be a JSON object.
fn parse_credential(result: Result<String, PasskeyError>) -> Result<Value, PasskeyError> {
    let json = result?;
    match serde_json::from_str::<Value>(&json) {
        Ok(value) if value.is_object() => Ok(value),
        _ => Err(PasskeyError::new(
            PasskeyErrorKind::Unknown,
            "the device's answer was not a JSON object",
        )),
    }
}

fn endpoint<'a>(
    model: &Model,
    segments: impl IntoIterator<Item = &'a str>,
) -> Result<Url, ApiFailure> {
    let base = model.server.as_ref().ok_or(ApiFailure::NotConfigured)?;
    client::endpoint(base, segments)
}

/// Builds a call to the server, carrying the session token when there is one.
fn call<'a, B: Serialize>(
    model: &'a Model,
    method: Method,
    url: Url,
    body: Option<&'a B>,
) -> Call<'a, B> {
    Call {
        method,
        url,
        token: model.token(),
        body,
    }
}

/// Trimmed, non-empty and not too long; otherwise the notice to show.
fn checked_name(input: &str, what: &str) -> Result<String, Notice> {
    let name = input.trim();
    if name.is_empty() {
        return Err(Notice::invalid_input(format!("Enter {what}.")));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Notice::invalid_input(format!(
            "That's too long: use at most {MAX_NAME_CHARS} characters for {what}."
        )));
    }
    Ok(name.to_owned())
}

fn stop_autofill(model: &mut Model) {
    model.autofill = Autofill::Off;
}
