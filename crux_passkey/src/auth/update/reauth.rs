//! Re-authentication: the server makes a change to the passkeys (adding one, deleting one) only
//! for a person who has used one of them recently, and otherwise answers `REAUTH_REQUIRED`.
//! The core then confirms it's them (reauth/start, get a passkey, reauth/finish) and makes the
//! change once more. A second `REAUTH_REQUIRED` ends the flow with its notice: never a loop.
//!
//! Nothing here reports a transition: the change, once made, reports its own.

use crux_core::render::render;
use crux_http::http::Method;

use super::Cmd;
use super::flow::{
    self, api_failed, call, endpoint, finish, has_code, http_step, parse_credential,
};
use super::passkeys;
use crate::api::{CurrentSession, ErrorCode, ReauthFinishRequest, ReauthStartRequest, paths};
use crate::auth::Settings;
use crate::auth::client::{self, ApiFailure, ApiResult};
use crate::auth::event::{Ceremony, Reply};
use crate::auth::model::{Activity, Model, Notice, PasskeyChange, Reauth};
use crate::passkey::{self, Mediation, PasskeyError};

/// The server wants the person to confirm it's them before `failure`'s change, and the change
/// under way is not already the retry after confirming.
pub fn needed(failure: &ApiFailure, model: &Model) -> bool {
    has_code(failure, ErrorCode::ReauthRequired) && model.reauth == Reauth::None
}

/// Starts confirming it's the person; `change` is made again once they have.
pub fn start(change: PasskeyChange, model: &mut Model, settings: &Settings) -> Cmd {
    model.reauth = Reauth::Confirming(change);
    model.activity = Activity::Reauthenticating;
    model.ceremony = None;
    let built = endpoint(model, paths::REAUTH_START)
        .and_then(|url| client::json(call(model, Method::POST, url, Some(&ReauthStartRequest {}))));
    render().and(http_step(model, settings, built, |result| {
        Reply::ReauthStarted(result.and_then(Ceremony::from_started))
    }))
}

/// The server's options (naming the account's passkeys): ask the platform, as a sign-in does.
pub fn on_started(result: ApiResult<Ceremony>, model: &mut Model, settings: &Settings) -> Cmd {
    let ask = |options| passkey::get(options, Mediation::Modal);
    flow::on_ceremony(result, model, settings, ask, Reply::ReauthCredential)
}

/// The platform answered: send the assertion to reauth/finish. Any platform failure (a
/// dismissed sheet above all) ends the flow with nothing changed, and says so.
pub fn on_credential(
    result: Result<String, PasskeyError>,
    model: &mut Model,
    settings: &Settings,
) -> Cmd {
    let Some(ceremony) = model.ceremony.take() else {
        return finish(model, None);
    };
    let credential = match parse_credential(result) {
        Ok(credential) => credential,
        Err(error) => return finish(model, Some(Notice::reauth_not_confirmed(&error))),
    };
    let body = ReauthFinishRequest {
        ceremony_id: ceremony.id,
        credential,
    };
    let built = endpoint(model, paths::REAUTH_FINISH)
        .and_then(|url| client::json(call(model, Method::POST, url, Some(&body))));
    http_step(model, settings, built, Reply::Reauthenticated)
}

/// Confirmed: make the change again, once. A failure ends the flow with its notice.
pub fn on_finished(
    result: ApiResult<CurrentSession>,
    model: &mut Model,
    settings: &Settings,
) -> Cmd {
    let current = match result {
        Ok(current) => current,
        // Not a signal to the platform: the passkey may well be another account's, here.
        Err(failure) if has_code(&failure, ErrorCode::UnknownCredential) => {
            return finish(model, Some(Notice::reauth_wrong_account()));
        }
        Err(failure) => return api_failed(&failure, model),
    };
    let same_account = model
        .session
        .as_ref()
        .is_some_and(|session| session.user.id == current.user.id);
    if !same_account {
        return api_failed(
            &ApiFailure::BadResponse("the server answered for another account".to_owned()),
            model,
        );
    }
    match std::mem::replace(&mut model.reauth, Reauth::Confirmed) {
        Reauth::Confirming(PasskeyChange::Add { name }) => {
            passkeys::retry_add(name, model, settings)
        }
        Reauth::Confirming(PasskeyChange::Delete { id }) => {
            passkeys::retry_delete(id, model, settings)
        }
        // Nothing to make again: cannot happen while this flow waits, but ends calmly.
        Reauth::None | Reauth::Confirmed => finish(model, None),
    }
}
