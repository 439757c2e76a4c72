//! The server address, session restore, keeping the session, sign-out, and sign-out on every
//! device.

use crux_core::render::render;
use crux_http::http::Method;

use super::Cmd;
use super::flow::{
    api_failed, begin, call, endpoint, finish, forget_kept_session, http_step, preempt,
    session_gone,
};
use crate::api::{CurrentSession, User, paths};
use crate::auth::client::{self, ApiFailure, ApiResult, Call, parse_base_url};
use crate::auth::event::{AuthEvent, Reply};
use crate::auth::model::{
    Activity, Model, Notice, NoticeKind, PasskeyList, Screen, Session,
};
use crate::auth::outcome::Transition;
use crate::auth::{Settings, saved_session, timer};
use crate::session_store::{self, StoreError};

pub fn configure(base_url: &str, model: &mut Model) -> Cmd {
    let url = match parse_base_url(base_url) {
        Ok(url) => url,
        // A bad address changes nothing: the server already configured (if any) stays.
        Err(reason) => {
            model.notice = Some(Notice::error(
                "NOT_CONFIGURED",
                format!("The server address isn't valid: {reason}."),
            ));
            return render();
        }
    };
    if model.notice.as_ref().is_some_and(|n| n.code == "NOT_CONFIGURED") {
        model.notice = None;
    }
    if model.server.as_ref() == Some(&url) {
        return render();
    }
    // Everything under way talks to the old server, and the session is the old server's.
    let was = preempt(model);
    if model.session.is_some() {
        model.forget_session();
        model.report(Transition::SessionEnded);
    } else if was == Activity::RestoringSession {
        model.screen = Screen::SignedOut;
    }
    model.server = Some(url);
    render()
}

/// Reads the kept session, then asks the server about it.
pub fn restore(model: &mut Model, settings: &Settings) -> Cmd {
    if model.is_signed_in() || !model.is_idle() {
        return Cmd::done();
    }
    // Without a server there is nobody to ask; the kept session stays for when there is.
    if model.server.is_none() {
        model.screen = Screen::SignedOut;
        return finish(model, Some(Notice::from_api(&ApiFailure::NotConfigured)));
    }
    begin(model, Activity::RestoringSession);
    let tag = model.next_tag();
    model.wait = Some(tag);
    render()
        .and(
            session_store::load()
                .then_send(move |result| AuthEvent::answer(tag, Reply::SessionLoaded(result))),
        )
        .and(timer::start(tag, settings.http_timeout))
}

/// A storage failure is as good as nothing kept: the web keeps nothing and relies on its cookie.
pub fn on_loaded(
    result: Result<Option<String>, StoreError>,
    model: &mut Model,
    settings: &Settings,
) -> Cmd {
    let token = match (result, model.server.as_ref()) {
        (Ok(Some(value)), Some(server)) => saved_session::token_for(&value, server),
        _ => None,
    };
    let sent = token.clone();
    let built = endpoint(model, paths::SESSION).and_then(|url| {
        client::json(Call::<()> {
            method: Method::GET,
            url,
            token: token.as_deref(),
            body: None,
        })
    });
    http_step(model, settings, built, move |result| {
        Reply::SessionRestored(sent, result)
    })
}

pub fn on_restored(
    token: Option<String>,
    result: ApiResult<CurrentSession>,
    model: &mut Model,
    settings: &Settings,
) -> Cmd {
    match result {
        Ok(current) => {
            model.activity = Activity::LoadingPasskeys;
            // Already kept: nothing to save again.
            let _kept = signed_in(model, current.user, token, current.rp_id);
            render().and(super::passkeys::load(model, settings))
        }
        // No session is the ordinary answer for someone who has not signed in; a kept token the
        // server no longer knows is forgotten.
        Err(failure) if session_gone(&failure) => {
            model.forget_session();
            let forget = if token.is_some() {
                forget_kept_session()
            } else {
                Cmd::done()
            };
            finish(model, None).and(forget)
        }
        // The server may only be unreachable: the kept session stays for the next restore.
        Err(failure) => {
            model.screen = Screen::SignedOut;
            finish(model, Some(Notice::from_api(&failure)))
        }
    }
}

/// Someone is signed in with `token` (none where a cookie carries the session): the model
/// says so, the host hears of it, and the returned command keeps the token.
pub fn signed_in(
    model: &mut Model,
    user: User,
    token: Option<String>,
    rp_id: Option<String>,
) -> Cmd {
    let Some(server) = model.server.clone() else {
        return Cmd::done();
    };
    model.report(Transition::SignedIn { user: user.clone() });
    let keep = token.as_deref().map_or_else(Cmd::done, |token| {
        session_store::save(saved_session::encode(&server, token))
            .then_send(|result| AuthEvent::answer(0, Reply::SessionSaved(result)))
    });
    model.session = Some(Session {
        user,
        server,
        token,
        rp_id,
    });
    model.screen = Screen::SignedIn;
    model.passkey_list = PasskeyList::Unknown;
    model.ceremony = None;
    keep
}

/// The session could not be kept: say so, unless an error is being shown (a welcome can wait).
pub fn on_saved(result: Result<(), StoreError>, model: &mut Model) -> Cmd {
    let quiet = model
        .notice
        .as_ref()
        .is_none_or(|notice| notice.kind == NoticeKind::Info);
    if result.is_err() && quiet && model.is_signed_in() {
        model.notice = Some(Notice::session_not_kept());
        return render();
    }
    Cmd::done()
}

/// Signs out on this device at once, whatever is under way, then tells the server.
pub fn sign_out(model: &mut Model, settings: &Settings) -> Cmd {
    preempt(model);
    let session = model.session.take();
    model.forget_session();
    let forget = forget_kept_session();
    let Some(session) = session else {
        return finish(model, None).and(forget);
    };
    model.report(Transition::SignedOut);
    begin(model, Activity::SigningOut);
    // The person may sign in again only after the server has heard: on the web its answer
    // clears the session cookie, and must not clear a newer one.
    let built = client::endpoint(&session.server, paths::LOGOUT).and_then(|url| {
        client::no_content(Call::<()> {
            method: Method::POST,
            url,
            token: session.token.as_deref(),
            body: None,
        })
    });
    render()
        .and(http_step(model, settings, built, Reply::SignedOut))
        .and(forget)
}

/// The person is already signed out here; this only says whether the server heard.
pub fn on_signed_out(result: &ApiResult<()>, model: &mut Model) -> Cmd {
    match result {
        Ok(()) => finish(model, None),
        Err(failure) if session_gone(failure) => finish(model, None),
        Err(failure) => {
            let detail = Notice::from_api(failure).text;
            finish(model, Some(Notice::signed_out_unheard(&detail)))
        }
    }
}

/// Asks the server to end every session of the account. Unlike a sign-out this waits for the
/// server: the person is signed out here only once it has ended them all.
pub fn sign_out_everywhere(model: &mut Model, settings: &Settings) -> Cmd {
    if !model.is_signed_in() || !begin(model, Activity::SigningOutEverywhere) {
        return Cmd::done();
    }
    let built = endpoint(model, paths::LOGOUT_ALL)
        .and_then(|url| client::no_content(call::<()>(model, Method::POST, url, None)));
    render().and(http_step(
        model,
        settings,
        built,
        Reply::SignedOutEverywhere,
    ))
}

/// Every session ended: signed out here as a sign-out signs out. Otherwise the session stays
/// (unless the server no longer knows it) and the notice says why.
pub fn on_signed_out_everywhere(result: &ApiResult<()>, model: &mut Model) -> Cmd {
    match result {
        Ok(()) => {
            model.forget_session();
            model.report(Transition::SignedOut);
            finish(model, Some(Notice::signed_out_everywhere())).and(forget_kept_session())
        }
        Err(failure) => api_failed(failure, model),
    }
}
