//! The signed-in person's own details: their display name.

use crux_core::render::render;
use crux_http::http::Method;

use super::Cmd;
use super::flow::{api_failed, begin, call, checked_name, endpoint, finish, http_step};
use crate::api::{CurrentSession, UpdateMeRequest, paths};
use crate::auth::client::{self, ApiFailure, ApiResult};
use crate::auth::event::Reply;
use crate::auth::model::{Activity, Model, Notice};
use crate::auth::outcome::Transition;
use crate::auth::{Settings, signals};

pub fn change_display_name(display_name: &str, model: &mut Model, settings: &Settings) -> Cmd {
    if !model.is_signed_in() || !model.is_idle() {
        return Cmd::done();
    }
    let display_name = match checked_name(display_name, "your name") {
        Ok(name) => name,
        Err(notice) => return finish(model, Some(notice)),
    };
    begin(model, Activity::ChangingDisplayName);
    let body = UpdateMeRequest { display_name };
    let built = endpoint(model, paths::ME)
        .and_then(|url| client::json(call(model, Method::PATCH, url, Some(&body))));
    render().and(http_step(model, settings, built, Reply::DisplayNameChanged))
}

pub fn on_changed(result: ApiResult<CurrentSession>, model: &mut Model) -> Cmd {
    let current = match result {
        Ok(current) => current,
        Err(failure) => return api_failed(&failure, model),
    };
    let Some(session) = model.session.as_mut() else {
        return finish(model, None);
    };
    if current.user.id != session.user.id {
        return api_failed(
            &ApiFailure::BadResponse("the server answered for another account".to_owned()),
            model,
        );
    }
    let text = format!("You're now \u{201c}{}\u{201d}.", current.user.display_name);
    session.user = current.user.clone();
    if current.rp_id.is_some() {
        session.rp_id = current.rp_id;
    }
    model.report(Transition::UserUpdated { user: current.user });
    finish(model, Some(Notice::info("DISPLAY_NAME_CHANGED", text)))
        .and(signals::current_user_details(model))
}
