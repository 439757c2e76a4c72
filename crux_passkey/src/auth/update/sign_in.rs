//! Modal sign-in, with a username or usernameless: login/start, get a passkey, login/finish.
//! Autofill sign-in joins this flow at login/finish.

use crux_core::render::render;
use crux_http::http::Method;

use super::{
    Cmd, api_failed, begin, call, checked_name, endpoint, finish, parse_credential, passkey_failed,
    stop_autofill,
};
use crate::api::{LoggedIn, LoginFinishRequest, LoginStartRequest, paths};
use crate::auth::client::{self, ApiFailure, ApiResult, is_usable_token};
use crate::auth::event::{Answer, AuthEvent, Ceremony};
use crate::auth::model::{Activity, Model, Screen};
use crate::passkey::{self, Mediation, PasskeyError};

/// `username: None` asks for a discoverable credential.
pub fn start(username: Option<&str>, model: &mut Model) -> Cmd {
    if model.screen == Screen::SignedIn || !model.is_idle() {
        return Cmd::done();
    }
    let username = match username.map(|name| checked_name(name, "your username")) {
        Some(Err(notice)) => return super::finish(model, Some(notice)),
        Some(Ok(name)) => Some(name),
        None => None,
    };
    // A modal request replaces autofill; the shell aborts its conditional request when it sees
    // `autofill_active` turn false.
    stop_autofill(model);
    begin(model, Activity::SigningIn);

    let body = LoginStartRequest { username };
    let built = endpoint(model, paths::LOGIN_START)
        .and_then(|url| client::json(call(model, Method::POST, url, Some(&body))));
    render().and(client::send(built, |result| {
        AuthEvent::answer(Answer::LoginStarted(
            result.and_then(Ceremony::from_started),
        ))
    }))
}

pub fn on_started(result: ApiResult<Ceremony>, model: &mut Model) -> Cmd {
    if model.activity != Activity::SigningIn {
        return Cmd::done();
    }
    match result {
        Ok(ceremony) => {
            model.ceremony = Some(ceremony.id);
            passkey::get(ceremony.options_json, Mediation::Modal)
                .then_send(|result| AuthEvent::answer(Answer::LoginCredential(result)))
        }
        Err(failure) => api_failed(&failure, model),
    }
}

pub fn on_credential(result: Result<String, PasskeyError>, model: &mut Model) -> Cmd {
    if model.activity != Activity::SigningIn {
        return Cmd::done();
    }
    let Some(ceremony_id) = model.ceremony.take() else {
        return finish(model, None);
    };
    match parse_credential(result) {
        Ok(credential) => finish_login(ceremony_id, credential, model),
        Err(error) => passkey_failed(&error, model),
    }
}

/// Sends the chosen credential to login/finish, for modal and autofill sign-in alike.
pub fn finish_login(ceremony_id: String, credential: serde_json::Value, model: &Model) -> Cmd {
    let body = LoginFinishRequest {
        ceremony_id,
        credential,
    };
    let built = endpoint(model, paths::LOGIN_FINISH)
        .and_then(|url| client::json(call(model, Method::POST, url, Some(&body))));
    client::send(built, |result| AuthEvent::answer(Answer::LoggedIn(result)))
}

pub fn on_logged_in(result: ApiResult<LoggedIn>, model: &mut Model) -> Cmd {
    if model.activity != Activity::SigningIn {
        return Cmd::done();
    }
    match result {
        Ok(logged_in) if is_usable_token(&logged_in.session.token) => {
            model.session_token = Some(logged_in.session.token);
            model.user = Some(logged_in.user);
            model.screen = Screen::SignedIn;
            model.ceremony = None;
            model.activity = Activity::LoadingPasskeys;
            render().and(super::passkeys::load(model))
        }
        Ok(_) => api_failed(
            &ApiFailure::BadResponse("the session token is not usable".to_owned()),
            model,
        ),
        Err(failure) => api_failed(&failure, model),
    }
}
