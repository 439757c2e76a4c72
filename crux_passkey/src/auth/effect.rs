//! The effects the auth sub-app asks its shell (through its host) to perform.
// `#[effect]` generates `EffectFfi` and helper methods that carry no docs of their own.
#![allow(missing_docs)]

use crux_core::{Request, macros::effect, render::RenderOperation};
use crux_http::HttpRequest;
use crux_time::TimeRequest;

use super::Auth;
use crate::bridge::{Pending, ShellEffect};
use crate::passkey::PasskeyOperation;
use crate::session_store::SessionStoreOperation;

/// The effects the auth sub-app asks for. A host's effect type needs a variant for each.
#[effect(facet_typegen)]
#[derive(Debug)]
pub enum Effect {
    /// Redraw from the view model.
    Render(RenderOperation),
    /// Call the companion server.
    Http(HttpRequest),
    /// Create or use a passkey with the platform authenticator.
    Passkey(PasskeyOperation),
    /// Keep, read or forget the session in the platform's secret storage.
    SessionStore(SessionStoreOperation),
    /// Bound how long a flow waits (crux_time's protocol).
    Time(TimeRequest),
}

impl Effect {
    /// Re-wraps this effect as the host app's effect. Any host whose effect type carries
    /// render, HTTP, passkey, session store and time requests can nest the auth sub-app.
    pub fn into_host<Host>(self) -> Host
    where
        Host: From<Request<RenderOperation>>
            + From<Request<HttpRequest>>
            + From<Request<PasskeyOperation>>
            + From<Request<SessionStoreOperation>>
            + From<Request<TimeRequest>>,
    {
        match self {
            Self::Render(request) => request.into(),
            Self::Http(request) => request.into(),
            Self::Passkey(request) => request.into(),
            Self::SessionStore(request) => request.into(),
            Self::Time(request) => request.into(),
        }
    }
}

/// Lets a shell run the auth sub-app on its own behind a [`CheckedBridge`](crate::bridge::CheckedBridge).
impl ShellEffect<Auth> for Effect {
    type Ffi = EffectFfi;

    fn into_shell(self) -> (EffectFfi, Option<Pending<Auth>>) {
        match self {
            Self::Render(request) => Pending::split(request, EffectFfi::Render),
            Self::Http(request) => Pending::split(request, EffectFfi::Http),
            Self::Passkey(request) => Pending::split(request, EffectFfi::Passkey),
            Self::SessionStore(request) => Pending::split(request, EffectFfi::SessionStore),
            Self::Time(request) => Pending::split(request, EffectFfi::Time),
        }
    }
}

