//! The signed-in person's passkeys: list, add another, rename, delete. After a failure that
//! shows the list is out of date (a passkey already gone, the last one refused), the list is
//! loaded again and the notice stays. An add or a delete the server will make only after the
//! person confirms it's them (`REAUTH_REQUIRED`) goes through re-authentication (`reauth`) and
//! is made once more.

use crux_core::render::render;
use crux_http::http::Method;

use super::reauth;
use super::Cmd;
use super::flow::{
    self, api_failed, begin, call, checked_name, endpoint, finish, has_code, http_step,
};
use crate::api::{
    AddPasskeyStartRequest, ErrorCode, Passkey, RegistrationFinishRequest, RenamePasskeyRequest,
    paths,
};
use crate::auth::{Settings, signals};
use crate::auth::client::{self, ApiFailure, ApiResult};
use crate::auth::event::{Ceremony, Reply};
use crate::auth::model::{Activity, Model, Notice, PasskeyChange, PasskeyList};
use crate::auth::outcome::Transition;
use crate::passkey::{self, PasskeyError};

/// A credential id longer than this is not one: WebAuthn caps ids at 1,023 bytes, which is
/// 1,364 characters of base64url.
const MAX_ID_CHARS: usize = 1_364;

/// The list request; the caller has already set `Activity::LoadingPasskeys`.
pub fn load(model: &mut Model, settings: &Settings) -> Cmd {
    model.passkey_list = PasskeyList::Loading;
    let built = endpoint(model, paths::PASSKEYS)
        .and_then(|url| client::json(call::<()>(model, Method::GET, url, None)));
    http_step(model, settings, built, Reply::PasskeysLoaded)
}

pub fn refresh(model: &mut Model, settings: &Settings) -> Cmd {
    if !model.is_signed_in() || !begin(model, Activity::LoadingPasskeys) {
        return Cmd::done();
    }
    render().and(load(model, settings))
}

/// Loads the list again after a failure showed it is out of date, keeping `notice`.
fn reconcile(failure: &ApiFailure, model: &mut Model, settings: &Settings) -> Cmd {
    model.notice = Some(Notice::from_api(failure));
    model.activity = Activity::LoadingPasskeys;
    render().and(load(model, settings))
}

pub fn on_loaded(result: ApiResult<Vec<Passkey>>, model: &mut Model) -> Cmd {
    match result {
        Ok(passkeys) => {
            if model.passkey_list == PasskeyList::Loading && !model.passkeys.is_empty()
                && model.passkeys != passkeys
            {
                model.report(Transition::PasskeysChanged);
            }
            model.passkeys = passkeys;
            model.passkey_list = PasskeyList::Loaded;
            // A notice that led to this load (a reconciliation) stays.
            let notice = model.notice.take();
            finish(model, notice).and(signals::all_accepted_credentials(model))
        }
        Err(failure) => {
            model.passkey_list = PasskeyList::Failed;
            api_failed(&failure, model)
        }
    }
}

pub fn add(name: &str, model: &mut Model, settings: &Settings) -> Cmd {
    if !model.is_signed_in() || !model.is_idle() {
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
    render().and(request_add(model, settings))
}

/// The add again, after the person confirmed it's them.
pub fn retry_add(name: Option<String>, model: &mut Model, settings: &Settings) -> Cmd {
    model.activity = Activity::AddingPasskey;
    model.pending_name = name;
    render().and(request_add(model, settings))
}

/// passkeys/start for the add under way; its name waits in `pending_name`.
fn request_add(model: &mut Model, settings: &Settings) -> Cmd {
    let built = endpoint(model, paths::PASSKEYS_START).and_then(|url| {
        client::json(call(
            model,
            Method::POST,
            url,
            Some(&AddPasskeyStartRequest {}),
        ))
    });
    http_step(model, settings, built, |result| {
        Reply::AddStarted(result.and_then(Ceremony::from_started))
    })
}

pub fn on_add_started(result: ApiResult<Ceremony>, model: &mut Model, settings: &Settings) -> Cmd {
    match result {
        Err(failure) if reauth::needed(&failure, model) => {
            let name = model.pending_name.clone();
            reauth::start(PasskeyChange::Add { name }, model, settings)
        }
        result => flow::on_ceremony(result, model, settings, passkey::create, Reply::AddCredential),
    }
}

pub fn on_add_credential(
    result: Result<String, PasskeyError>,
    model: &mut Model,
    settings: &Settings,
) -> Cmd {
    flow::on_credential(result, model, |ceremony, credential, model| {
        let body = RegistrationFinishRequest {
            ceremony_id: ceremony.id,
            credential,
            name: model.pending_name.clone(),
        };
        let built = endpoint(model, paths::PASSKEYS_FINISH)
            .and_then(|url| client::json(call(model, Method::POST, url, Some(&body))));
        http_step(model, settings, built, Reply::PasskeyAdded)
    })
}

pub fn on_added(result: ApiResult<Passkey>, model: &mut Model) -> Cmd {
    match result {
        Ok(added) => {
            let text = format!("Passkey \u{201c}{}\u{201d} added.", added.name);
            upsert(&mut model.passkeys, added);
            model.report(Transition::PasskeysChanged);
            finish(model, Some(Notice::info("PASSKEY_ADDED", text)))
        }
        Err(failure) => api_failed(&failure, model),
    }
}

pub fn rename(id: String, name: &str, model: &mut Model, settings: &Settings) -> Cmd {
    if !model.is_signed_in() || !model.is_idle() {
        return Cmd::done();
    }
    if let Err(notice) = checked_id(&id, "rename") {
        return finish(model, Some(notice));
    }
    let name = match checked_name(name, "the passkey's name") {
        Ok(name) => name,
        Err(notice) => return finish(model, Some(notice)),
    };
    begin(model, Activity::RenamingPasskey);
    let body = RenamePasskeyRequest { name };
    let built = endpoint(model, paths::passkey(&id))
        .and_then(|url| client::json(call(model, Method::PATCH, url, Some(&body))));
    render().and(http_step(model, settings, built, move |result| {
        Reply::PasskeyRenamed(id, result)
    }))
}

pub fn on_renamed(
    id: &str,
    result: ApiResult<Passkey>,
    model: &mut Model,
    settings: &Settings,
) -> Cmd {
    match result {
        Ok(renamed) if renamed.id == id => {
            upsert(&mut model.passkeys, renamed);
            model.report(Transition::PasskeysChanged);
            finish(model, None)
        }
        Ok(other) => api_failed(
            &ApiFailure::BadResponse(format!(
                "asked to rename passkey {id}, the server answered with {}",
                other.id
            )),
            model,
        ),
        Err(failure) => on_refused(id, &failure, model, settings),
    }
}

pub fn delete(id: String, model: &mut Model, settings: &Settings) -> Cmd {
    if !model.is_signed_in() || !model.is_idle() {
        return Cmd::done();
    }
    if let Err(notice) = checked_id(&id, "delete") {
        return finish(model, Some(notice));
    }
    begin(model, Activity::DeletingPasskey);
    render().and(request_delete(id, model, settings))
}

/// The delete again, after the person confirmed it's them.
pub fn retry_delete(id: String, model: &mut Model, settings: &Settings) -> Cmd {
    model.activity = Activity::DeletingPasskey;
    render().and(request_delete(id, model, settings))
}

fn request_delete(id: String, model: &mut Model, settings: &Settings) -> Cmd {
    let built = endpoint(model, paths::passkey(&id))
        .and_then(|url| client::no_content(call::<()>(model, Method::DELETE, url, None)));
    http_step(model, settings, built, move |result| {
        Reply::PasskeyDeleted(id, result)
    })
}

pub fn on_deleted(id: &str, result: ApiResult<()>, model: &mut Model, settings: &Settings) -> Cmd {
    match result {
        Ok(()) => {
            model.passkeys.retain(|passkey| passkey.id != id);
            model.report(Transition::PasskeysChanged);
            finish(
                model,
                Some(Notice::info("PASSKEY_DELETED", "Passkey deleted.")),
            )
            .and(signals::all_accepted_credentials(model))
        }
        Err(failure) if reauth::needed(&failure, model) => {
            let id = id.to_owned();
            reauth::start(PasskeyChange::Delete { id }, model, settings)
        }
        Err(failure) => on_refused(id, &failure, model, settings),
    }
}

/// A rename or delete the server refused. When the refusal shows the list is out of date, the
/// list is brought back in line with the server's.
fn on_refused(id: &str, failure: &ApiFailure, model: &mut Model, settings: &Settings) -> Cmd {
    if has_code(failure, ErrorCode::NotFound) {
        // Already gone on the server: the list should say so too.
        model.passkeys.retain(|passkey| passkey.id != id);
        model.report(Transition::PasskeysChanged);
        return reconcile(failure, model, settings);
    }
    if has_code(failure, ErrorCode::LastPasskey) {
        // The server knows fewer passkeys than the list shows.
        return reconcile(failure, model, settings);
    }
    api_failed(failure, model)
}

/// Passkey ids are base64url: anything else could not stay one path segment.
fn checked_id(id: &str, verb: &str) -> Result<(), Notice> {
    let valid = !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(Notice::invalid_input(format!(
            "Choose a passkey to {verb}: that one's id isn't valid."
        )))
    }
}

fn upsert(passkeys: &mut Vec<Passkey>, passkey: Passkey) {
    match passkeys.iter_mut().find(|known| known.id == passkey.id) {
        Some(known) => *known = passkey,
        None => passkeys.push(passkey),
    }
}
