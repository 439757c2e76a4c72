//! The rules every flow shares: starting and ending, the one answer a flow waits for and its
//! time bound, and how failures end a flow.

use std::future::Future;

use crux_core::command::RequestBuilder;
use crux_core::render::render;
use crux_http::http::Method;
use serde::Serialize;
use serde_json::Value;
use url::Url;

use super::Cmd;
use crate::api::ErrorCode;
use crate::auth::client::{self, ApiFailure, ApiResult, Call, is_usable_token};
use crate::auth::event::{AuthEvent, Ceremony, Reply};
use crate::auth::model::{
    Activity, Autofill, Model, Notice, OpenCeremony, PasskeyList, Reauth, Screen,
};
use crate::auth::outcome::Transition;
use crate::auth::{Effect, Settings, timer};
use crate::passkey::{PasskeyError, PasskeyErrorKind};
use crate::session_store;

/// Longest username or passkey name the core sends; the server has its own, stricter, rules.
const MAX_NAME_CHARS: usize = 64;

/// Starts `activity` if nothing else is under way. Intents that arrive while the core is busy
/// are dropped, so a double tap cannot start two ceremonies. Any flow ends autofill: the shell
/// aborts its conditional request when it sees `autofill_active` turn false.
pub fn begin(model: &mut Model, activity: Activity) -> bool {
    if !model.is_idle() {
        return false;
    }
    model.autofill = Autofill::Off;
    model.activity = activity;
    model.notice = None;
    true
}

pub fn finish(model: &mut Model, notice: Option<Notice>) -> Cmd {
    end_flow(model);
    model.notice = notice;
    render()
}

/// Ends the running flow; its late answers will be dropped. Returns what was under way.
pub fn end_flow(model: &mut Model) -> Activity {
    let was = model.activity;
    model.activity = Activity::Idle;
    model.wait = None;
    model.ceremony = None;
    model.pending_name = None;
    model.reauth = Reauth::None;
    was
}

/// Stops everything under way, autofill included: what a sign-out or a new server does.
pub fn preempt(model: &mut Model) -> Activity {
    model.autofill = Autofill::Off;
    end_flow(model)
}

/// True, and the wait is over, when `tag` is what the running flow waits for.
pub fn take_wait(tag: u64, model: &mut Model) -> bool {
    if model.wait == Some(tag) {
        model.wait = None;
        return true;
    }
    false
}

/// The flow's request went unanswered for too long.
pub fn timed_out(model: &mut Model) -> Cmd {
    let activity = model.activity;
    if activity == Activity::RestoringSession {
        model.screen = Screen::SignedOut;
    }
    if activity == Activity::LoadingPasskeys {
        model.passkey_list = PasskeyList::Failed;
    }
    let notice = match activity {
        Activity::SigningOut => Notice::signed_out_unheard("The server didn't answer in time."),
        other => Notice::timed_out(other),
    };
    finish(model, Some(notice))
}

/// Sends the flow's next HTTP request and waits for its answer, for at most the HTTP bound.
pub fn http_step<T, F>(
    model: &mut Model,
    settings: &Settings,
    built: Result<RequestBuilder<Effect, AuthEvent, F>, ApiFailure>,
    reply: impl FnOnce(ApiResult<T>) -> Reply + Send + 'static,
) -> Cmd
where
    F: Future<Output = ApiResult<T>> + Send + 'static,
    T: Send + 'static,
{
    let tag = model.next_tag();
    match built {
        Ok(request) => {
            model.wait = Some(tag);
            request
                .then_send(move |result| AuthEvent::answer(tag, reply(result)))
                .and(timer::start(tag, settings.http_timeout))
        }
        // Nothing was sent, so nothing needs a bound: the failure is the answer.
        Err(failure) => {
            model.wait = Some(tag);
            Cmd::event(AuthEvent::answer(tag, reply(Err(failure))))
        }
    }
}

/// Asks the platform for a passkey and waits for its answer, for at most the passkey bound.
pub fn passkey_step<F>(
    model: &mut Model,
    settings: &Settings,
    request: RequestBuilder<Effect, AuthEvent, F>,
    reply: impl FnOnce(Result<String, PasskeyError>) -> Reply + Send + 'static,
) -> Cmd
where
    F: Future<Output = Result<String, PasskeyError>> + Send + 'static,
{
    let tag = model.next_tag();
    model.wait = Some(tag);
    request
        .then_send(move |result| AuthEvent::answer(tag, reply(result)))
        .and(timer::start(tag, settings.passkey_timeout))
}

/// The server started a ceremony: ask the platform with its options (or end on the failure).
pub fn on_ceremony<F>(
    result: ApiResult<Ceremony>,
    model: &mut Model,
    settings: &Settings,
    ask: impl FnOnce(String) -> RequestBuilder<Effect, AuthEvent, F>,
    reply: impl FnOnce(Result<String, PasskeyError>) -> Reply + Send + 'static,
) -> Cmd
where
    F: Future<Output = Result<String, PasskeyError>> + Send + 'static,
{
    match result {
        Ok(ceremony) => {
            model.ceremony = Some(OpenCeremony {
                id: ceremony.id,
                rp_id: ceremony.rp_id,
            });
            passkey_step(model, settings, ask(ceremony.options_json), reply)
        }
        Err(failure) => api_failed(&failure, model),
    }
}

/// The platform answered: `finish` sends the credential with its ceremony to the server; a
/// platform failure (or a credential that is not a JSON object) ends the flow.
pub fn on_credential(
    result: Result<String, PasskeyError>,
    model: &mut Model,
    finish_with: impl FnOnce(OpenCeremony, Value, &mut Model) -> Cmd,
) -> Cmd {
    let Some(ceremony) = model.ceremony.take() else {
        return finish(model, None);
    };
    match parse_credential(result) {
        Ok(credential) => finish_with(ceremony, credential, model),
        Err(error) => passkey_failed(&error, model),
    }
}

/// A session the server opened: no token is the web's answer (the cookie is the session), and
/// a token must be something the core can send back as a header.
pub fn checked_token(token: Option<String>) -> Result<Option<String>, ApiFailure> {
    match token {
        Some(token) if !is_usable_token(&token) => Err(ApiFailure::BadResponse(
            "the session token is not usable".to_owned(),
        )),
        token => Ok(token),
    }
}

/// A server or network failure ends the flow. A server that no longer knows the session means
/// the person is signed out, whatever they were doing.
pub fn api_failed(failure: &ApiFailure, model: &mut Model) -> Cmd {
    let forget = if session_gone(failure) && model.session.is_some() {
        end_session(model)
    } else {
        Cmd::done()
    };
    finish(model, Some(Notice::from_api(failure))).and(forget)
}

/// The session ended without the person asking: forget it here and in the session store.
pub fn end_session(model: &mut Model) -> Cmd {
    model.forget_session();
    model.report(Transition::SessionEnded);
    forget_kept_session()
}

/// Deletes the kept session, beside whatever else runs.
pub fn forget_kept_session() -> Cmd {
    session_store::delete()
        .then_send(|result| AuthEvent::answer(0, Reply::SessionDeleted(result)))
}

/// A 401 means the session is gone: the envelope says `UNAUTHENTICATED`, or a gateway answered
/// 401 without one. Other 401 codes (an unknown passkey, a counter regression) are about the
/// credential, not the session.
pub fn session_gone(failure: &ApiFailure) -> bool {
    match failure {
        ApiFailure::Rejected {
            code: Some(code), ..
        } => ErrorCode::parse(code) == Some(ErrorCode::Unauthenticated),
        ApiFailure::Rejected {
            status: 401,
            code: None,
            ..
        } => true,
        _ => false,
    }
}

pub fn has_code(failure: &ApiFailure, wanted: ErrorCode) -> bool {
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
pub fn parse_credential(result: Result<String, PasskeyError>) -> Result<Value, PasskeyError> {
    let json = result?;
    match serde_json::from_str::<Value>(&json) {
        Ok(value) if value.is_object() => Ok(value),
        _ => Err(PasskeyError::new(
            PasskeyErrorKind::Unknown,
            "the device's answer was not a JSON object",
        )),
    }
}

pub fn endpoint<'a>(
    model: &Model,
    segments: impl IntoIterator<Item = &'a str>,
) -> Result<Url, ApiFailure> {
    let base = model.server.as_ref().ok_or(ApiFailure::NotConfigured)?;
    client::endpoint(base, segments)
}

/// Builds a call to the server, carrying the session token when the session is this server's.
pub fn call<'a, B: Serialize>(
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
pub fn checked_name(input: &str, what: &str) -> Result<String, Notice> {
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
