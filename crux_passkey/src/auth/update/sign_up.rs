//! Sign-up: register/start, create a passkey, register/finish.

use crux_core::render::render;
use crux_http::http::Method;

use super::Cmd;
use super::flow::{
    api_failed, begin, call, checked_name, endpoint, finish, http_step, parse_credential,
    passkey_failed, passkey_step,
};
use super::session::signed_in;
use crate::api::{RegisterStartRequest, Registered, RegistrationFinishRequest, paths};
use crate::auth::Settings;
use crate::auth::client::{self, ApiFailure, ApiResult, is_usable_token};
use crate::auth::event::{Ceremony, Reply};
use crate::auth::model::{Activity, Model, Notice, PasskeyList};
use crate::auth::outcome::Transition;
use crate::passkey::{self, PasskeyError};

/// Longest display name the core sends.
const MAX_DISPLAY_NAME_CHARS: usize = 64;

pub fn start(username: &str, display_name: &str, model: &mut Model, settings: &Settings) -> Cmd {
    if model.is_signed_in() || !model.is_idle() {
        return Cmd::done();
    }
    let username = match checked_name(username, "a username") {
        Ok(username) => username,
        Err(notice) => return finish(model, Some(notice)),
    };
    let display_name = display_name.trim();
    if display_name.chars().count() > MAX_DISPLAY_NAME_CHARS {
        return finish(
            model,
            Some(Notice::invalid_input(format!(
                "Use at most {MAX_DISPLAY_NAME_CHARS} characters for your name."
            ))),
        );
    }
    begin(model, Activity::SigningUp);
    let body = RegisterStartRequest {
        username,
        display_name: (!display_name.is_empty()).then(|| display_name.to_owned()),
    };
    let built = endpoint(model, paths::REGISTER_START)
        .and_then(|url| client::json(call(model, Method::POST, url, Some(&body))));
    render().and(http_step(model, settings, built, |result| {
        Reply::RegistrationStarted(result.and_then(Ceremony::from_started))
    }))
}

pub fn on_started(result: ApiResult<Ceremony>, model: &mut Model, settings: &Settings) -> Cmd {
    match result {
        Ok(ceremony) => {
            model.ceremony = Some(ceremony.id);
            let request = passkey::create(ceremony.options_json);
            passkey_step(model, settings, request, Reply::RegistrationCredential)
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
        Ok(credential) => {
            let body = RegistrationFinishRequest {
                ceremony_id,
                credential,
                name: None,
            };
            let built = endpoint(model, paths::REGISTER_FINISH)
                .and_then(|url| client::json(call(model, Method::POST, url, Some(&body))));
            http_step(model, settings, built, Reply::Registered)
        }
        Err(error) => passkey_failed(&error, model),
    }
}

pub fn on_registered(result: ApiResult<Registered>, model: &mut Model) -> Cmd {
    match result {
        Ok(registered) => {
            let token = registered.session.token;
            if token.as_deref().is_some_and(|token| !is_usable_token(token)) {
                return api_failed(
                    &ApiFailure::BadResponse("the session token is not usable".to_owned()),
                    model,
                );
            }
            let welcome = format!(
                "Welcome, {}. Your passkey is saved.",
                registered.user.display_name
            );
            let user = registered.user;
            let keep = signed_in(model, user.clone(), token);
            model.report(Transition::SignedUp { user });
            // A new account has exactly the one passkey the server just returned.
            model.passkeys = vec![registered.passkey];
            model.passkey_list = PasskeyList::Loaded;
            finish(model, Some(Notice::info("SIGNED_UP", welcome))).and(keep)
        }
        Err(failure) => api_failed(&failure, model),
    }
}
