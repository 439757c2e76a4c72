//! Modal sign-in, with a username or usernameless: login/start, get a passkey, login/finish.
//! Autofill sign-in joins this flow at login/finish.

use crux_core::render::render;
use crux_http::http::Method;

use super::Cmd;
use super::flow::{
    self, api_failed, begin, call, checked_name, checked_token, endpoint, finish, has_code,
    http_step,
};
use super::session::signed_in;
use crate::api::{ErrorCode, LoggedIn, LoginFinishRequest, LoginStartRequest, paths};
use crate::auth::{Settings, signals};
use crate::auth::client::{self, ApiResult};
use crate::auth::event::{Ceremony, Reply};
use crate::auth::model::{Activity, Model, OpenCeremony};
use crate::passkey::{self, Mediation, PasskeyError, Signal};

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
    let ask = |options| passkey::get(options, Mediation::Modal);
    flow::on_ceremony(result, model, settings, ask, Reply::LoginCredential)
}

pub fn on_credential(
    result: Result<String, PasskeyError>,
    model: &mut Model,
    settings: &Settings,
) -> Cmd {
    flow::on_credential(result, model, |ceremony, credential, model| {
        finish_login(ceremony, credential, model, settings)
    })
}

/// Sends the chosen credential to login/finish, for modal and autofill sign-in alike.
pub fn finish_login(
    ceremony: OpenCeremony,
    credential: serde_json::Value,
    model: &mut Model,
    settings: &Settings,
) -> Cmd {
    // Should the server not know the credential, the platform hears of it.
    let unknown = signals::unknown_credential(ceremony.rp_id.as_deref(), &credential);
    let body = LoginFinishRequest {
        ceremony_id: ceremony.id,
        credential,
    };
    let built = endpoint(model, paths::LOGIN_FINISH)
        .and_then(|url| client::json(call(model, Method::POST, url, Some(&body))));
    http_step(model, settings, built, move |result| {
        Reply::LoggedIn(unknown, result)
    })
}

pub fn on_logged_in(
    unknown: Option<String>,
    result: ApiResult<LoggedIn>,
    model: &mut Model,
    settings: &Settings,
) -> Cmd {
    match result {
        Ok(logged_in) => {
            let token = match checked_token(logged_in.session.token) {
                Ok(token) => token,
                Err(failure) => return api_failed(&failure, model),
            };
            let keep = signed_in(model, logged_in.user, token, logged_in.rp_id);
            model.activity = Activity::LoadingPasskeys;
            render()
                .and(keep)
                .and(signals::current_user_details(model))
                .and(super::passkeys::load(model, settings))
        }
        Err(failure) => {
            let signal = match unknown {
                Some(json) if has_code(&failure, ErrorCode::UnknownCredential) => {
                    signals::send(Signal::UnknownCredential, json)
                }
                _ => Cmd::done(),
            };
            api_failed(&failure, model).and(signal)
        }
    }
}
