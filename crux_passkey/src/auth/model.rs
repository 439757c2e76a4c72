//! The auth sub-app's state.

use facet::Facet;
use serde::{Deserialize, Serialize};
use url::Url;

use super::outcome::Transition;
use crate::api::{Passkey, User};

/// Everything the auth sub-app knows. A host keeps one inside its own model.
#[derive(Debug, Default)]
pub struct Model {
    pub(crate) server: Option<Url>,
    /// Present while someone is signed in.
    pub(crate) session: Option<Session>,
    pub(crate) passkeys: Vec<Passkey>,
    pub(crate) passkey_list: PasskeyList,
    pub(crate) screen: Screen,
    pub(crate) activity: Activity,
    pub(crate) notice: Option<Notice>,
    /// The tag of the answer the running flow waits for; answers with any other tag are stale.
    pub(crate) wait: Option<u64>,
    pub(crate) autofill: Autofill,
    /// Numbers every request the core sends, so each answer can be matched to its flow.
    pub(crate) last_tag: u64,
    /// The ceremony the next credential belongs to.
    pub(crate) ceremony: Option<OpenCeremony>,
    /// The name asked for the passkey being registered or added.
    pub(crate) pending_name: Option<String>,
    /// Where a change to the passkeys stands with re-authentication (`REAUTH_REQUIRED`).
    pub(crate) reauth: Reauth,
    /// What this update tells the host; taken by `Auth::handle` before it returns.
    pub(crate) transition: Option<Transition>,
}

/// The signed-in session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Session {
    pub user: User,
    /// The server that opened the session: the token is never sent anywhere else.
    pub server: Url,
    /// The bearer token; `None` where the server keeps the session in a cookie (the web).
    pub token: Option<String>,
    /// The relying party id the account's passkeys are bound to, when the server said; the
    /// platform's signals need it.
    pub rp_id: Option<String>,
}

/// A ceremony the server started and the platform is answering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpenCeremony {
    pub id: String,
    /// From the options (`rpId`), when they name it.
    pub rp_id: Option<String>,
}

/// A change to the passkeys that the server makes only for a person who has recently used one
/// of them: when it answers `REAUTH_REQUIRED`, the core confirms it's them, then makes the
/// change once more.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Reauth {
    /// The change under way has not met `REAUTH_REQUIRED`.
    #[default]
    None,
    /// Confirming it's the person; then this change is made again.
    Confirming(PasskeyChange),
    /// Confirmed: the change under way is the retry, and is not retried again.
    Confirmed,
}

/// A change to the passkeys that needs a recent passkey assertion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PasskeyChange {
    /// Add a passkey, with the name the person gave (if any).
    Add { name: Option<String> },
    /// Delete this passkey.
    Delete { id: String },
}

/// Which screen the shell should draw.
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub enum Screen {
    /// Not yet known whether someone is signed in.
    #[default]
    Starting,
    /// Nobody is signed in: offer sign-in and sign-up.
    SignedOut,
    /// Someone is signed in: [`AuthViewModel::user`](super::AuthViewModel::user) says who.
    SignedIn,
}

/// What the core is busy doing on the person's behalf; `Idle` when nothing.
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub enum Activity {
    /// Nothing is under way: every intent is accepted.
    #[default]
    Idle,
    /// Reading the kept session and asking the server whether it is still good.
    RestoringSession,
    /// Creating an account and its first passkey.
    SigningUp,
    /// Signing in with a passkey (modal, usernameless, or picked from autofill).
    SigningIn,
    /// Telling the server about a sign-out that already happened on this device.
    SigningOut,
    /// Asking the server to end every session of the account; still signed in here until it
    /// has.
    SigningOutEverywhere,
    /// Loading the signed-in person's passkeys.
    LoadingPasskeys,
    /// Registering another passkey for the signed-in person.
    AddingPasskey,
    /// Changing the signed-in person's display name.
    ChangingDisplayName,
    /// Renaming a passkey.
    RenamingPasskey,
    /// Deleting a passkey.
    DeletingPasskey,
    /// Confirming it's the person, with one of their passkeys, before a change to their
    /// passkeys that the server asked this for; the change is made once this succeeds.
    Reauthenticating,
}

/// How far the passkey list can be trusted.
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub enum PasskeyList {
    /// Not loaded (nobody signed in, or loading has not started).
    #[default]
    Unknown,
    /// Being loaded; what is listed may be out of date.
    Loading,
    /// As the server last said.
    Loaded,
    /// The last load failed; what is listed may be incomplete.
    Failed,
}

#[derive(Debug, Default)]
pub(crate) enum Autofill {
    #[default]
    Off,
    /// Asking the server for options, or waiting for the person to pick a passkey.
    Waiting {
        /// The tag of the autofill request in flight.
        tag: u64,
        /// Known once the server has answered with options.
        ceremony: Option<OpenCeremony>,
    },
}

impl Autofill {
    pub(crate) const fn is_off(&self) -> bool {
        matches!(self, Self::Off)
    }
}

/// One message a person can act on.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Whether this reports a failure or just says what happened.
    pub kind: NoticeKind,
    /// Stable: a server error code, a `PASSKEY_*` kind, or one of the core's own
    /// (docs/notices.md).
    pub code: String,
    /// For the person, in words they can act on.
    pub text: String,
}

/// Whether a [`Notice`] reports a failure.
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum NoticeKind {
    /// What happened, nothing went wrong.
    Info,
    /// Something failed; the text says what to do.
    Error,
}

impl Model {
    pub(crate) fn is_idle(&self) -> bool {
        self.activity == Activity::Idle
    }

    pub(crate) fn is_signed_in(&self) -> bool {
        self.screen == Screen::SignedIn
    }

    /// The token to send, when the session belongs to the configured server.
    pub(crate) fn token(&self) -> Option<&str> {
        let session = self.session.as_ref()?;
        (Some(&session.server) == self.server.as_ref())
            .then_some(session.token.as_deref())
            .flatten()
    }

    /// A fresh tag for the next request.
    pub(crate) fn next_tag(&mut self) -> u64 {
        self.last_tag = self.last_tag.wrapping_add(1);
        self.last_tag
    }

    /// Forgets everything about the signed-in person on this device.
    pub(crate) fn forget_session(&mut self) {
        self.session = None;
        self.passkeys.clear();
        self.passkey_list = PasskeyList::Unknown;
        self.screen = Screen::SignedOut;
        self.ceremony = None;
        self.pending_name = None;
        self.reauth = Reauth::None;
    }

    pub(crate) fn report(&mut self, transition: Transition) {
        self.transition = Some(transition);
    }
}
