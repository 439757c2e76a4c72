//! Sign-up: register/start, create a passkey, register/finish.

use crux_core::render::render;
use crux_http::http::Method;

use super::Cmd;
use super::flow::{
    self, api_failed, begin, call, checked_name, checked_token, endpoint, finish, http_step,
};
use super::session::signed_in;
use crate::api::{RegisterStartRequest, Registered, RegistrationFinishRequest, paths};
use crate::auth::Settings;
use crate::auth::client::{self, ApiResult};
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
    flow::on_ceremony(
        result,
        model,
        settings,
        passkey::create,
        Reply::RegistrationCredential,
    )
}

pub fn on_credential(
    result: Result<String, PasskeyError>,
    model: &mut Model,
    settings: &Settings,
) -> Cmd {
    flow::on_credential(result, model, |ceremony, credential, model| {
        let body = RegistrationFinishRequest {
            ceremony_id: ceremony.id,
            credential,
            name: None,
        };
        let built = endpoint(model, paths::REGISTER_FINISH)
            .and_then(|url| client::json(call(model, Method::POST, url, Some(&body))));
        http_step(model, settings, built, Reply::Registered)
    })
}

pub fn on_registered(result: ApiResult<Registered>, model: &mut Model) -> Cmd {
    match result {
        Ok(registered) => {
            let token = match checked_token(registered.session.token) {
                Ok(token) => token,
                Err(failure) => return api_failed(&failure, model),
            };
            let welcome = format!(
                "Welcome, {}. Your passkey is saved.",
                registered.user.display_name
            );
            let user = registered.user;
            let keep = signed_in(model, user.clone(), token, registered.rp_id);
            model.report(Transition::SignedUp { user });
            // A new account has exactly the one passkey the server just returned.
            model.passkeys = vec![registered.passkey];
            model.passkey_list = PasskeyList::Loaded;
            finish(model, Some(Notice::info("SIGNED_UP", welcome))).and(keep)
        }
        Err(failure) => api_failed(&failure, model),
    }
}
