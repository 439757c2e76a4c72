//! Sign-up: register/start, create a passkey, register/finish.

use crux_core::render::render;
use crux_http::http::Method;

use super::{
    Cmd, api_failed, begin, call, checked_name, endpoint, finish, parse_credential, passkey_failed,
    stop_autofill,
};
use crate::api::{RegisterStartRequest, Registered, RegistrationFinishRequest, paths};
use crate::auth::client::{self, ApiFailure, ApiResult, is_usable_token};
use crate::auth::event::{Answer, AuthEvent, Ceremony};
use crate::auth::model::{Activity, Model, Notice, Screen};
use crate::passkey::{self, PasskeyError};

pub fn start(username: &str, display_name: &str, model: &mut Model) -> Cmd {
    if model.screen == Screen::SignedIn || !model.is_idle() {
        return Cmd::done();
    }
    let username = match checked_name(username, "a username") {
        Ok(username) => username,
        Err(notice) => return finish(model, Some(notice)),
    };
    let display_name = display_name.trim();
    if display_name.chars().count() > 64 {
        return finish(
            model,
            Some(Notice::invalid_input(
                "Use at most 64 characters for your name.",
            )),
        );
    }
    stop_autofill(model);
    begin(model, Activity::SigningUp);

    let body = RegisterStartRequest {
        username,
        display_name: (!display_name.is_empty()).then(|| display_name.to_owned()),
    };
    let built = endpoint(model, paths::REGISTER_START)
        .and_then(|url| client::json(call(model, Method::POST, url, Some(&body))));
    render().and(client::send(built, |result| {
        AuthEvent::answer(Answer::RegistrationStarted(
            result.and_then(Ceremony::from_started),
        ))
    }))
}

pub fn on_started(result: ApiResult<Ceremony>, model: &mut Model) -> Cmd {
    if model.activity != Activity::SigningUp {
        return Cmd::done();
    }
    match result {
        Ok(ceremony) => {
            model.ceremony = Some(ceremony.id);
            passkey::create(ceremony.options_json)
                .then_send(|result| AuthEvent::answer(Answer::RegistrationCredential(result)))
        }
        Err(failure) => api_failed(&failure, model),
    }
}

pub fn on_credential(result: Result<String, PasskeyError>, model: &mut Model) -> Cmd {
    if model.activity != Activity::SigningUp {
        return Cmd::done();
    }
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
            client::send(built, |result| {
                AuthEvent::answer(Answer::Registered(result))
            })
        }
        Err(error) => passkey_failed(&error, model),
    }
}

pub fn on_registered(result: ApiResult<Registered>, model: &mut Model) -> Cmd {
    if model.activity != Activity::SigningUp {
        return Cmd::done();
    }
    match result {
        Ok(registered) if is_usable_token(&registered.session.token) => {
            let welcome = format!(
                "Welcome, {}. Your passkey is saved.",
                registered.user.display_name
            );
            model.session_token = Some(registered.session.token);
            model.user = Some(registered.user);
            model.passkeys = vec![registered.passkey];
            model.screen = Screen::SignedIn;
            finish(model, Some(Notice::info("SIGNED_UP", welcome)))
        }
        Ok(_) => api_failed(
            &ApiFailure::BadResponse("the session token is not usable".to_owned()),
            model,
        ),
        Err(failure) => api_failed(&failure, model),
    }
}
