//! Autofill (conditional mediation): passkeys offered in the username field while the person
//! does something else. It waits only while nobody is signed in and no flow runs, and never
//! makes the core busy until a passkey is picked.

use crux_core::render::render;
use crux_http::http::Method;

use super::Cmd;
use super::flow::{begin, call, endpoint, parse_credential};
use super::sign_in;
use crate::api::{LoginStartRequest, paths};
use crate::auth::client;
use crate::auth::event::{AuthEvent, Ceremony, Reply};
use crate::auth::model::{Activity, Autofill, Model, Notice, OpenCeremony};
use crate::auth::{Settings, timer};
use crate::passkey::{self, Mediation, PasskeyErrorKind};

pub fn start(model: &mut Model, settings: &Settings) -> Cmd {
    let can_start = !model.is_signed_in()
        && model.is_idle()
        && model.autofill.is_off()
        && model.server.is_some();
    if !can_start {
        return Cmd::done();
    }
    let tag = model.next_tag();
    let body = LoginStartRequest::default();
    let built = endpoint(model, paths::LOGIN_START)
        .and_then(|url| client::json(call(model, Method::POST, url, Some(&body))));
    let Ok(request) = built else {
        return Cmd::done();
    };
    // The server's options must come within the HTTP bound; the person may then take as long
    // as they like to pick a passkey.
    model.autofill = Autofill::Waiting {
        tag,
        ceremony: None,
    };
    render()
        .and(request.then_send(move |result| {
            AuthEvent::answer(
                tag,
                Reply::AutofillStarted(result.and_then(Ceremony::from_started)),
            )
        }))
        .and(timer::start(tag, settings.http_timeout))
}

pub fn cancel(model: &mut Model) -> Cmd {
    if model.autofill.is_off() {
        return Cmd::done();
    }
    model.autofill = Autofill::Off;
    render()
}

pub fn is_waiting_for(tag: u64, model: &Model) -> bool {
    matches!(model.autofill, Autofill::Waiting { tag: current, .. } if current == tag)
}

/// An answer to autofill's own request (the caller checked the tag).
pub fn on_reply(reply: Reply, model: &mut Model, settings: &Settings) -> Cmd {
    match reply {
        Reply::AutofillStarted(Ok(ceremony)) => {
            let tag = model.next_tag();
            model.autofill = Autofill::Waiting {
                tag,
                ceremony: Some(OpenCeremony {
                    id: ceremony.id,
                    rp_id: ceremony.rp_id,
                }),
            };
            passkey::get(ceremony.options_json, Mediation::Conditional).then_send(move |result| {
                AuthEvent::answer(tag, Reply::AutofillCredential(result))
            })
        }
        Reply::AutofillStarted(Err(failure)) => {
            model.autofill = Autofill::Off;
            model.notice = Some(Notice::from_api(&failure));
            render()
        }
        Reply::AutofillCredential(result) => on_credential(result, model, settings),
        // The server did not give options in time; nobody asked out loud, so nothing is said.
        _ => {
            model.autofill = Autofill::Off;
            render()
        }
    }
}

fn on_credential(
    result: Result<String, crate::passkey::PasskeyError>,
    model: &mut Model,
    settings: &Settings,
) -> Cmd {
    let ceremony = match std::mem::take(&mut model.autofill) {
        Autofill::Waiting {
            ceremony: Some(ceremony),
            ..
        } => ceremony,
        _ => return render(),
    };
    match parse_credential(result) {
        Ok(credential) => {
            if !begin(model, Activity::SigningIn) {
                return render();
            }
            render().and(sign_in::finish_login(ceremony, credential, model, settings))
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
