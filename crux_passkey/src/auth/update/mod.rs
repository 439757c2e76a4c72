//! `update`: routes each event to the flow it belongs to.
//!
//! Every request a flow sends carries a fresh tag and becomes the one answer the model waits
//! for (`Model::wait`); an answer with any other tag belongs to a flow that has ended and is
//! dropped. Autofill waits beside the flows with tags of its own.

mod autofill;
mod flow;
mod passkeys;
mod profile;
mod reauth;
mod session;
mod sign_in;
mod sign_up;

use crux_core::Command;
use crux_core::render::render;

use super::event::{Answer, AuthEvent, Reply};
use super::model::Model;
use super::{Effect, Settings};

type Cmd = Command<Effect, AuthEvent>;

pub fn update(event: AuthEvent, model: &mut Model, settings: &Settings) -> Cmd {
    match event {
        AuthEvent::Configure { base_url } => session::configure(&base_url, model),
        AuthEvent::RestoreSession => session::restore(model, settings),
        AuthEvent::SignUp {
            username,
            display_name,
        } => sign_up::start(&username, &display_name, model, settings),
        AuthEvent::SignIn { username } => sign_in::start(Some(&username), model, settings),
        AuthEvent::SignInWithPasskey => sign_in::start(None, model, settings),
        AuthEvent::StartAutofill => autofill::start(model, settings),
        AuthEvent::CancelAutofill => autofill::cancel(model),
        AuthEvent::SignOut => session::sign_out(model, settings),
        AuthEvent::SignOutEverywhere => session::sign_out_everywhere(model, settings),
        AuthEvent::RefreshPasskeys => passkeys::refresh(model, settings),
        AuthEvent::AddPasskey { name } => passkeys::add(&name, model, settings),
        AuthEvent::RenamePasskey { id, name } => passkeys::rename(id, &name, model, settings),
        AuthEvent::DeletePasskey { id } => passkeys::delete(id, model, settings),
        AuthEvent::ChangeDisplayName { display_name } => {
            profile::change_display_name(&display_name, model, settings)
        }
        AuthEvent::DismissNotice => {
            model.notice = None;
            render()
        }
        AuthEvent::Answer(answer) => on_answer(*answer, model, settings),
    }
}

fn on_answer(Answer { tag, reply }: Answer, model: &mut Model, settings: &Settings) -> Cmd {
    match reply {
        // Keeping and forgetting the session, and signals, run beside the flows, never as a
        // step of one.
        Reply::SessionSaved(result) => session::on_saved(result, model),
        Reply::SessionDeleted(_) | Reply::Signalled => Cmd::done(),
        reply if autofill::is_waiting_for(tag, model) => autofill::on_reply(reply, model, settings),
        reply if flow::take_wait(tag, model) => on_step(reply, model, settings),
        // A late answer for a flow that has ended.
        _ => Cmd::done(),
    }
}

/// The answer the running flow was waiting for.
fn on_step(reply: Reply, model: &mut Model, settings: &Settings) -> Cmd {
    match reply {
        Reply::SessionLoaded(result) => session::on_loaded(result, model, settings),
        Reply::SessionRestored(token, result) => {
            session::on_restored(token, result, model, settings)
        }
        Reply::SignedOut(result) => session::on_signed_out(&result, model),
        Reply::SignedOutEverywhere(result) => session::on_signed_out_everywhere(&result, model),
        Reply::RegistrationStarted(result) => sign_up::on_started(result, model, settings),
        Reply::RegistrationCredential(result) => sign_up::on_credential(result, model, settings),
        Reply::Registered(result) => sign_up::on_registered(result, model),
        Reply::LoginStarted(result) => sign_in::on_started(result, model, settings),
        Reply::LoginCredential(result) => sign_in::on_credential(result, model, settings),
        Reply::LoggedIn(unknown, result) => {
            sign_in::on_logged_in(unknown, result, model, settings)
        }
        Reply::PasskeysLoaded(result) => passkeys::on_loaded(result, model),
        Reply::AddStarted(result) => passkeys::on_add_started(result, model, settings),
        Reply::AddCredential(result) => passkeys::on_add_credential(result, model, settings),
        Reply::PasskeyAdded(result) => passkeys::on_added(result, model),
        Reply::PasskeyRenamed(id, result) => passkeys::on_renamed(&id, result, model, settings),
        Reply::PasskeyDeleted(id, result) => passkeys::on_deleted(&id, result, model, settings),
        Reply::DisplayNameChanged(result) => profile::on_changed(result, model),
        Reply::ReauthStarted(result) => reauth::on_started(result, model, settings),
        Reply::ReauthCredential(result) => reauth::on_credential(result, model, settings),
        Reply::Reauthenticated(result) => reauth::on_finished(result, model, settings),
        Reply::TimedOut => flow::timed_out(model),
        // Autofill's answers carry autofill's tags, never the flow's.
        Reply::AutofillStarted(_)
        | Reply::AutofillCredential(_)
        | Reply::SessionSaved(_)
        | Reply::SessionDeleted(_)
        | Reply::Signalled => Cmd::done(),
    }
}
