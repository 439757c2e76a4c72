//! Modal sign-in, with a username or usernameless: login/start, get a passkey, login/finish.
//! Autofill sign-in joins this flow at login/finish.

use crux_core::render::render;
use crux_http::http::Method;

use super::Cmd;
use super::flow::{
    api_failed, begin, call, checked_name, endpoint, finish, http_step, parse_credential,
    passkey_failed, passkey_step,
};
use super::session::signed_in;
use crate::api::{LoggedIn, LoginFinishRequest, LoginStartRequest, paths};
use crate::auth::Settings;
use crate::auth::client::{self, ApiFailure, ApiResult, is_usable_token};
use crate::auth::event::{Ceremony, Reply};
use crate::auth::model::{Activity, Model};
use crate::passkey::{self, Mediation, PasskeyError};

/// `username: None` asks for a discoverable credential.
pub fn start(username: Option<&str>, model: &mut Model, settings: &Settings) -> Cmd {
    if model.is_signed_in() || !model.is_idle() {
        return Cmd::done();
    }
    let username = match username.map(|name| checked_name(name, "your username")) {
        Some(Err(notice)) => return finish(model, Some(notice)),
        Some(Ok(name)) => Some(name),
        None => None,
    };
    // A modal request replaces autofill (begin turns it off).
    begin(model, Activity::SigningIn);
    let body = LoginStartRequest { username };
    let built = endpoint(model, paths::LOGIN_START)
        .and_then(|url| client::json(call(model, Method::POST, url, Some(&body))));
    render().and(http_step(model, settings, built, |result| {
        Reply::LoginStarted(result.and_then(Ceremony::from_started))
    }))
}

pub fn on_started(result: ApiResult<Ceremony>, model: &mut Model, settings: &Settings) -> Cmd {
    match result {
        Ok(ceremony) => {
            model.ceremony = Some(ceremony.id);
            let request = passkey::get(ceremony.options_json, Mediation::Modal);
            passkey_step(model, settings, request, Reply::LoginCredential)
        }
        Err(failure) => api_failed(&failure, model),
    }
}

pub fn on_credential(
    result: Result<String, PasskeyError>,
    model: &mut Model,
    settings: &Settings,
) -> Cmd {
    let Some(ceremony_id) = model.ceremony.take() else {
        return finish(model, None);
    };
    match parse_credential(result) {
        Ok(credential) => finish_login(ceremony_id, credential, model, settings),
        Err(error) => passkey_failed(&error, model),
    }
}

/// Sends the chosen credential to login/finish, for modal and autofill sign-in alike.
pub fn finish_login(
    ceremony_id: String,
    credential: serde_json::Value,
    model: &mut Model,
    settings: &Settings,
) -> Cmd {
    let body = LoginFinishRequest {
        ceremony_id,
        credential,
    };
    let built = endpoint(model, paths::LOGIN_FINISH)
        .and_then(|url| client::json(call(model, Method::POST, url, Some(&body))));
    http_step(model, settings, built, Reply::LoggedIn)
}

pub fn on_logged_in(result: ApiResult<LoggedIn>, model: &mut Model, settings: &Settings) -> Cmd {
    match result {
        Ok(logged_in) => {
            let token = logged_in.session.token;
            // No token is the web's answer (the cookie is the session); a token must be usable.
            if token.as_deref().is_some_and(|token| !is_usable_token(token)) {
                return api_failed(
                    &ApiFailure::BadResponse("the session token is not usable".to_owned()),
                    model,
                );
            }
            let keep = signed_in(model, logged_in.user, token);
            model.activity = Activity::LoadingPasskeys;
            render()
                .and(keep)
                .and(super::passkeys::load(model, settings))
        }
        Err(failure) => api_failed(&failure, model),
    }
}
