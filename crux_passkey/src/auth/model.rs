//! The auth sub-app's state.

use facet::Facet;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::api::{Passkey, User};

#[derive(Debug, Default)]
pub struct Model {
    pub(crate) server: Option<Url>,
    /// Sent as the bearer token; native shells keep it between launches.
    pub(crate) session_token: Option<String>,
    pub(crate) user: Option<User>,
    pub(crate) passkeys: Vec<Passkey>,
    pub(crate) screen: Screen,
    pub(crate) activity: Activity,
    pub(crate) notice: Option<Notice>,
    pub(crate) autofill: Autofill,
    /// Numbers autofill attempts so answers to a cancelled one are ignored.
    pub(crate) autofill_attempts: u64,
    /// The ceremony the next credential belongs to.
    pub(crate) ceremony: Option<String>,
    /// The name asked for the passkey being registered or added.
    pub(crate) pending_name: Option<String>,
}

/// Which screen the shell should draw.
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub enum Screen {
    /// Not yet known whether someone is signed in.
    #[default]
    Starting,
    SignedOut,
    SignedIn,
}

/// What the core is busy doing on the person's behalf; `Idle` when nothing.
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub enum Activity {
    #[default]
    Idle,
    RestoringSession,
    SigningUp,
    SigningIn,
    SigningOut,
    LoadingPasskeys,
    AddingPasskey,
    RenamingPasskey,
    DeletingPasskey,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Autofill {
    #[default]
    Off,
    /// Asking the server for options, or waiting for the person to pick a passkey.
    Waiting {
        attempt: u64,
        /// Known once the server has answered with options.
        ceremony: Option<String>,
    },
}

/// One message a person can act on.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    /// Stable: a server error code, a `PASSKEY_*` kind, or one of the core's own
    /// (`NETWORK`, `BAD_RESPONSE`, `NOT_CONFIGURED`, `INVALID_INPUT`, `SIGNED_OUT`).
    pub code: String,
    pub text: String,
}

#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum NoticeKind {
    Info,
    Error,
}

impl Model {
    pub(crate) fn token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    pub(crate) fn is_idle(&self) -> bool {
        self.activity == Activity::Idle
    }

    /// Forgets everything about the signed-in person.
    pub(crate) fn sign_out_locally(&mut self) {
        self.session_token = None;
        self.user = None;
        self.passkeys.clear();
        self.screen = Screen::SignedOut;
        self.ceremony = None;
        self.pending_name = None;
    }
}
