//! What the auth sub-app reacts to: intents from the shell, and answers to its own requests.

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::client::ApiResult;
use crate::api::{CeremonyStarted, CurrentSession, LoggedIn, Passkey, Registered};
use crate::passkey::PasskeyError;
use crate::session_store::StoreError;

/// The intents a shell (or host app) sends to the auth sub-app.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum AuthEvent {
    /// Point the core at the companion server, e.g. `https://example.com/`. Pointing it at
    /// another server ends what was under way and the session, which belonged to the old one.
    Configure {
        /// An http(s) URL without query or fragment; API paths are joined to it.
        base_url: String,
    },
    /// Read the kept session (the session store) and ask the server whether it is still good.
    /// Send once at launch, after `Configure`.
    RestoreSession,
    /// Create an account with a new passkey.
    SignUp {
        /// The name to sign in with.
        username: String,
        /// The name to greet the person with; empty lets the server use the username.
        display_name: String,
    },
    /// Sign in to this account with one of its passkeys.
    SignIn {
        /// The account's username.
        username: String,
    },
    /// Usernameless: the platform offers every passkey it holds for this site.
    SignInWithPasskey,
    /// Offer passkeys in the username field's autofill until one is picked or this is cancelled.
    StartAutofill,
    /// Stop offering passkeys in autofill.
    CancelAutofill,
    /// Sign out on this device at once, whatever is under way, and tell the server.
    SignOut,
    /// End every session of the account, on every device, this one included. Unlike `SignOut`
    /// this is an ordinary intent (dropped while busy) and waits for the server: should it
    /// fail, the person stays signed in here and a notice says why.
    SignOutEverywhere,
    /// Load the signed-in person's passkeys again.
    RefreshPasskeys,
    /// Register another passkey for the signed-in person.
    AddPasskey {
        /// Empty lets the server choose.
        name: String,
    },
    /// Rename one of the signed-in person's passkeys.
    RenamePasskey {
        /// The passkey's id (base64url).
        id: String,
        /// The new name.
        name: String,
    },
    /// Delete one of the signed-in person's passkeys (never the last one).
    DeletePasskey {
        /// The passkey's id (base64url).
        id: String,
    },
    /// Change the name the signed-in person is greeted with (and their passkey managers show).
    ChangeDisplayName {
        /// The new name.
        display_name: String,
    },
    /// The person has read the notice.
    DismissNotice,

    /// Answers to the core's own requests; never sent by a shell.
    #[serde(skip)]
    #[facet(skip)]
    Answer(#[facet(opaque)] Box<Answer>),
}

/// An answer to one of the sub-app's own requests, tagged with the request it answers so a
/// late answer for a flow that has ended is recognised and dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub(crate) tag: u64,
    pub(crate) reply: Reply,
}

impl AuthEvent {
    pub(crate) fn answer(tag: u64, reply: Reply) -> Self {
        Self::Answer(Box::new(Answer { tag, reply }))
    }
}

/// The outcome of each step of each flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Reply {
    SessionLoaded(Result<Option<String>, StoreError>),
    /// The server's answer about the kept session, with the token that was sent.
    SessionRestored(Option<String>, ApiResult<CurrentSession>),
    SessionSaved(Result<(), StoreError>),
    SessionDeleted(Result<(), StoreError>),
    SignedOut(ApiResult<()>),
    SignedOutEverywhere(ApiResult<()>),

    RegistrationStarted(ApiResult<Ceremony>),
    RegistrationCredential(Result<String, PasskeyError>),
    Registered(ApiResult<Registered>),

    LoginStarted(ApiResult<Ceremony>),
    LoginCredential(Result<String, PasskeyError>),
    /// With the unknown-credential signal to send if the server does not know the credential.
    LoggedIn(Option<String>, ApiResult<LoggedIn>),

    AutofillStarted(ApiResult<Ceremony>),
    AutofillCredential(Result<String, PasskeyError>),

    PasskeysLoaded(ApiResult<Vec<Passkey>>),
    AddStarted(ApiResult<Ceremony>),
    AddCredential(Result<String, PasskeyError>),
    PasskeyAdded(ApiResult<Passkey>),
    PasskeyRenamed(String, ApiResult<Passkey>),
    PasskeyDeleted(String, ApiResult<()>),
    DisplayNameChanged(ApiResult<CurrentSession>),

    ReauthStarted(ApiResult<Ceremony>),
    ReauthCredential(Result<String, PasskeyError>),
    Reauthenticated(ApiResult<CurrentSession>),

    /// The platform took a signal, or did not; either way nothing changes.
    Signalled,

    /// The shell did not answer the flow's request within its bound.
    TimedOut,
}

/// A started ceremony whose options are already checked and serialised for the shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ceremony {
    pub id: String,
    pub options_json: String,
    /// The options' `rpId`, when they name it.
    pub rp_id: Option<String>,
}

impl Ceremony {
    /// The options must be a JSON object: anything else would only fail later, in the platform.
    pub fn from_started(started: CeremonyStarted) -> ApiResult<Self> {
        if !started.options.is_object() || started.ceremony_id.is_empty() {
            return Err(super::client::ApiFailure::BadResponse(
                "the ceremony options were not a JSON object".to_owned(),
            ));
        }
        let rp_id = started
            .options
            .get("rpId")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        Ok(Self {
            id: started.ceremony_id,
            options_json: started.options.to_string(),
            rp_id,
        })
    }
}
