//! The server address, session restore and sign-out.

use crux_core::render::render;
use crux_http::http::Method;

use super::{Cmd, begin, call, endpoint, finish, is_unauthenticated};
use crate::api::{CurrentSession, paths};
use crate::auth::client::{self, ApiFailure, ApiResult, is_usable_token, parse_base_url};
use crate::auth::event::{Answer, AuthEvent};
use crate::auth::model::{Activity, Model, Notice, Screen};

pub fn configure(base_url: &str, model: &mut Model) -> Cmd {
    if !model.is_idle() {
        return Cmd::done();
    }
    match parse_base_url(base_url) {
        Ok(url) => {
            model.server = Some(url);
            if model
                .notice
                .as_ref()
                .is_some_and(|n| n.code == "NOT_CONFIGURED")
            {
                model.notice = None;
            }
        }
        Err(reason) => {
            model.notice = Some(Notice::error(
                "NOT_CONFIGURED",
                format!("The server address isn't valid: {reason}."),
            ));
        }
    }
    render()
}

pub fn restore(session_token: Option<String>, model: &mut Model) -> Cmd {
    if model.screen == Screen::SignedIn || !model.is_idle() {
        return Cmd::done();
    }
    if model.server.is_none() {
        model.screen = Screen::SignedOut;
        return finish(model, Some(Notice::from_api(&ApiFailure::NotConfigured)));
    }
    // A token the core could not send is as good as none.
    model.session_token = session_token.filter(|token| is_usable_token(token));
    begin(model, Activity::RestoringSession);
    let built = endpoint(model, paths::SESSION)
        .and_then(|url| client::json(call::<()>(model, Method::GET, url, None)));
    render().and(client::send(built, |result| {
        AuthEvent::answer(Answer::SessionRestored(result))
    }))
}

pub fn on_restored(result: ApiResult<CurrentSession>, model: &mut Model) -> Cmd {
    if model.activity != Activity::RestoringSession {
        return Cmd::done();
    }
    match result {
        Ok(current) => {
            model.user = Some(current.user);
            model.screen = Screen::SignedIn;
            model.activity = Activity::LoadingPasskeys;
            render().and(super::passkeys::load(model))
        }
        // No session is the ordinary answer for someone who has not signed in.
        Err(failure) if is_unauthenticated(&failure) => {
            model.sign_out_locally();
            finish(model, None)
        }
        // Keep the token: the server may only be unreachable, and the next restore can use it.
        Err(failure) => {
            model.screen = Screen::SignedOut;
            finish(model, Some(Notice::from_api(&failure)))
        }
    }
}

pub fn sign_out(model: &mut Model) -> Cmd {
    if model.screen != Screen::SignedIn || !begin(model, Activity::SigningOut) {
        return Cmd::done();
    }
    let built = endpoint(model, paths::LOGOUT)
        .and_then(|url| client::empty(call::<()>(model, Method::POST, url, None)));
    render().and(client::send(built, |result| {
        AuthEvent::answer(Answer::SignedOut(result))
    }))
}

/// The person asked to leave, so they leave on this device whatever the server said.
pub fn on_signed_out(result: ApiResult<()>, model: &mut Model) -> Cmd {
    if model.activity != Activity::SigningOut {
        return Cmd::done();
    }
    model.sign_out_locally();
    match result {
        Ok(()) => finish(model, None),
        Err(failure) if is_unauthenticated(&failure) => finish(model, None),
        Err(failure) => {
            let detail = Notice::from_api(&failure).text;
            finish(
                model,
                Some(Notice::info(
                    "SIGNED_OUT",
                    format!(
                        "You're signed out on this device, but the server could not be told. {detail}"
                    ),
                )),
            )
        }
    }
}
