//! Autofill (conditional mediation): passkeys offered in the username field while the person
//! does something else. It never makes the core busy until a passkey is picked.

use crux_core::render::render;
use crux_http::http::Method;

use super::{Cmd, call, endpoint, parse_credential, sign_in};
use crate::api::{LoginStartRequest, paths};
use crate::auth::client::{self, ApiResult};
use crate::auth::event::{Answer, AuthEvent, Ceremony};
use crate::auth::model::{Activity, Autofill, Model, Notice, Screen};
use crate::passkey::{self, Mediation, PasskeyError, PasskeyErrorKind};

pub fn start(model: &mut Model) -> Cmd {
    let can_start = model.screen != Screen::SignedIn
        && model.is_idle()
        && model.autofill == Autofill::Off
        && model.server.is_some();
    if !can_start {
        return Cmd::done();
    }
    model.autofill_attempts += 1;
    let attempt = model.autofill_attempts;
    model.autofill = Autofill::Waiting {
        attempt,
        ceremony: None,
    };

    let body = LoginStartRequest::default();
    let built = endpoint(model, paths::LOGIN_START)
        .and_then(|url| client::json(call(model, Method::POST, url, Some(&body))));
    render().and(client::send(built, move |result| {
        AuthEvent::answer(Answer::AutofillStarted(
            attempt,
            result.and_then(Ceremony::from_started),
        ))
    }))
}

pub fn cancel(model: &mut Model) -> Cmd {
    if model.autofill == Autofill::Off {
        return Cmd::done();
    }
    model.autofill = Autofill::Off;
    render()
}

fn is_current(attempt: u64, model: &Model) -> bool {
    matches!(model.autofill, Autofill::Waiting { attempt: current, .. } if current == attempt)
}

pub fn on_started(attempt: u64, result: ApiResult<Ceremony>, model: &mut Model) -> Cmd {
    if !is_current(attempt, model) {
        return Cmd::done();
    }
    match result {
        Ok(ceremony) => {
            model.autofill = Autofill::Waiting {
                attempt,
                ceremony: Some(ceremony.id),
            };
            passkey::get(ceremony.options_json, Mediation::Conditional).then_send(move |result| {
                AuthEvent::answer(Answer::AutofillCredential(attempt, result))
            })
        }
        Err(failure) => {
            model.autofill = Autofill::Off;
            model.notice = Some(Notice::from_api(&failure));
            render()
        }
    }
}

pub fn on_credential(attempt: u64, result: Result<String, PasskeyError>, model: &mut Model) -> Cmd {
    let Autofill::Waiting {
        attempt: current,
        ceremony: Some(ceremony_id),
    } = model.autofill.clone()
    else {
        return Cmd::done();
    };
    if current != attempt || !model.is_idle() {
        return Cmd::done();
    }
    model.autofill = Autofill::Off;
    match parse_credential(result) {
        Ok(credential) => {
            model.activity = Activity::SigningIn;
            model.notice = None;
            render().and(sign_in::finish_login(ceremony_id, credential, model))
        }
        // Nobody asked for autofill out loud, so its ordinary endings say nothing.
        Err(error) if error.kind.is_quiet() || error.kind == PasskeyErrorKind::NoCredentials => {
            render()
        }
        Err(error) => {
            model.notice = Some(Notice::from_passkey(&error));
            render()
        }
    }
}
