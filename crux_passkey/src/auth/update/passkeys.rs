//! The signed-in person's passkeys: list, add another, rename, delete.

use crux_core::render::render;
use crux_http::http::Method;

use super::{
    Cmd, api_failed, begin, call, checked_name, endpoint, finish, has_code, parse_credential,
    passkey_failed,
};
use crate::api::{
    AddPasskeyStartRequest, ErrorCode, Passkey, RegistrationFinishRequest, RenamePasskeyRequest,
    paths,
};
use crate::auth::client::{self, ApiResult};
use crate::auth::event::{Answer, AuthEvent, Ceremony};
use crate::auth::model::{Activity, Model, Notice, Screen};
use crate::passkey::{self, PasskeyError};

/// The list request; the caller has already set `Activity::LoadingPasskeys`.
pub fn load(model: &Model) -> Cmd {
    let built = endpoint(model, paths::PASSKEYS)
        .and_then(|url| client::json(call::<()>(model, Method::GET, url, None)));
    client::send(built, |result| {
        AuthEvent::answer(Answer::PasskeysLoaded(result))
    })
}

pub fn refresh(model: &mut Model) -> Cmd {
    if model.screen != Screen::SignedIn || !begin(model, Activity::LoadingPasskeys) {
        return Cmd::done();
    }
    render().and(load(model))
}

pub fn on_loaded(result: ApiResult<Vec<Passkey>>, model: &mut Model) -> Cmd {
    if model.activity != Activity::LoadingPasskeys {
        return Cmd::done();
    }
    match result {
        Ok(passkeys) => {
            model.passkeys = passkeys;
            let notice = model.notice.take();
            finish(model, notice)
        }
        Err(failure) => api_failed(&failure, model),
    }
}

pub fn add(name: &str, model: &mut Model) -> Cmd {
    if model.screen != Screen::SignedIn || !model.is_idle() {
        return Cmd::done();
    }
    let name = match name.trim() {
        "" => None,
        given => match checked_name(given, "the passkey's name") {
            Ok(name) => Some(name),
            Err(notice) => return finish(model, Some(notice)),
        },
    };
    begin(model, Activity::AddingPasskey);
    model.pending_name = name;
    let built = endpoint(model, paths::PASSKEYS_START).and_then(|url| {
        client::json(call(
            model,
            Method::POST,
            url,
            Some(&AddPasskeyStartRequest {}),
        ))
    });
    render().and(client::send(built, |result| {
        AuthEvent::answer(Answer::AddStarted(result.and_then(Ceremony::from_started)))
    }))
}

pub fn on_add_started(result: ApiResult<Ceremony>, model: &mut Model) -> Cmd {
    if model.activity != Activity::AddingPasskey {
        return Cmd::done();
    }
    match result {
        Ok(ceremony) => {
            model.ceremony = Some(ceremony.id);
            passkey::create(ceremony.options_json)
                .then_send(|result| AuthEvent::answer(Answer::AddCredential(result)))
        }
        Err(failure) => api_failed(&failure, model),
    }
}

pub fn on_add_credential(result: Result<String, PasskeyError>, model: &mut Model) -> Cmd {
    if model.activity != Activity::AddingPasskey {
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
                name: model.pending_name.clone(),
            };
            let built = endpoint(model, paths::PASSKEYS_FINISH)
                .and_then(|url| client::json(call(model, Method::POST, url, Some(&body))));
            client::send(built, |result| {
                AuthEvent::answer(Answer::PasskeyAdded(result))
            })
        }
        Err(error) => passkey_failed(&error, model),
    }
}

pub fn on_added(result: ApiResult<Passkey>, model: &mut Model) -> Cmd {
    if model.activity != Activity::AddingPasskey {
        return Cmd::done();
    }
    match result {
        Ok(added) => {
            let text = format!("Passkey \u{201c}{}\u{201d} added.", added.name);
            upsert(&mut model.passkeys, added);
            finish(model, Some(Notice::info("PASSKEY_ADDED", text)))
        }
        Err(failure) => api_failed(&failure, model),
    }
}

pub fn rename(id: &str, name: &str, model: &mut Model) -> Cmd {
    if model.screen != Screen::SignedIn || !model.is_idle() {
        return Cmd::done();
    }
    if id.is_empty() {
        return finish(
            model,
            Some(Notice::invalid_input("Choose a passkey to rename.")),
        );
    }
    let name = match checked_name(name, "the passkey's name") {
        Ok(name) => name,
        Err(notice) => return finish(model, Some(notice)),
    };
    begin(model, Activity::RenamingPasskey);
    let body = RenamePasskeyRequest { name };
    let built = endpoint(model, paths::passkey(id))
        .and_then(|url| client::json(call(model, Method::PATCH, url, Some(&body))));
    render().and(client::send(built, |result| {
        AuthEvent::answer(Answer::PasskeyRenamed(result))
    }))
}

pub fn on_renamed(result: ApiResult<Passkey>, model: &mut Model) -> Cmd {
    if model.activity != Activity::RenamingPasskey {
        return Cmd::done();
    }
    match result {
        Ok(renamed) => {
            upsert(&mut model.passkeys, renamed);
            finish(model, None)
        }
        Err(failure) => api_failed(&failure, model),
    }
}

pub fn delete(id: String, model: &mut Model) -> Cmd {
    if model.screen != Screen::SignedIn || !model.is_idle() {
        return Cmd::done();
    }
    if id.is_empty() {
        return finish(
            model,
            Some(Notice::invalid_input("Choose a passkey to delete.")),
        );
    }
    begin(model, Activity::DeletingPasskey);
    let built = endpoint(model, paths::passkey(&id))
        .and_then(|url| client::empty(call::<()>(model, Method::DELETE, url, None)));
    render().and(client::send(built, move |result| {
        AuthEvent::answer(Answer::PasskeyDeleted(id, result))
    }))
}

pub fn on_deleted(id: &str, result: ApiResult<()>, model: &mut Model) -> Cmd {
    if model.activity != Activity::DeletingPasskey {
        return Cmd::done();
    }
    match result {
        Ok(()) => {
            model.passkeys.retain(|passkey| passkey.id != id);
            finish(
                model,
                Some(Notice::info("PASSKEY_DELETED", "Passkey deleted.")),
            )
        }
        Err(failure) => {
            // Already gone on the server: the list should say so too.
            if has_code(&failure, ErrorCode::NotFound) {
                model.passkeys.retain(|passkey| passkey.id != id);
            }
            api_failed(&failure, model)
        }
    }
}

fn upsert(passkeys: &mut Vec<Passkey>, passkey: Passkey) {
    match passkeys.iter_mut().find(|known| known.id == passkey.id) {
        Some(known) => *known = passkey,
        None => passkeys.push(passkey),
    }
}
