//! What the auth sub-app reacts to: intents from the shell, and answers to its own effects.

use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::api::{CeremonyStarted, CurrentSession, LoggedIn, Passkey, Registered};
use super::client::ApiResult;
use crate::passkey::PasskeyError;

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum AuthEvent {
    /// Point the core at the companion server, e.g. `https://example.com/`.
    Configure {
        base_url: String,
    },
    /// Ask the server who is signed in. Native shells pass the token they kept; the web relies
    /// on the session cookie and passes none.
    RestoreSession {
        session_token: Option<String>,
    },
    SignUp {
        username: String,
        display_name: String,
    },
    SignIn {
        username: String,
    },
    /// Usernameless: the platform offers every passkey it holds for this site.
    SignInWithPasskey,
    /// Offer passkeys in the username field's autofill until one is picked or this is cancelled.
    StartAutofill,
    CancelAutofill,
    SignOut,
    RefreshPasskeys,
    /// Register another passkey for the signed-in person. An empty name lets the server choose.
    AddPasskey {
        name: String,
    },
    RenamePasskey {
        id: String,
        name: String,
    },
    DeletePasskey {
        id: String,
    },
    DismissNotice,

    /// Answers to the core's own requests; never sent by a shell.
    #[serde(skip)]
    #[facet(skip)]
    Answer(#[facet(opaque)] Box<Answer>),
}

impl AuthEvent {
    /// Boxed so the events a shell sends stay small.
    #[must_use]
    pub fn answer(answer: Answer) -> Self {
        Self::Answer(Box::new(answer))
    }
}

/// The outcome of each step of each flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    RegistrationStarted(ApiResult<Ceremony>),
    RegistrationCredential(Result<String, PasskeyError>),
    Registered(ApiResult<Registered>),

    LoginStarted(ApiResult<Ceremony>),
    LoginCredential(Result<String, PasskeyError>),
    LoggedIn(ApiResult<LoggedIn>),

    /// Autofill answers carry the attempt they belong to, so a cancelled attempt's late answer
    /// is recognised and dropped.
    AutofillStarted(u64, ApiResult<Ceremony>),
    AutofillCredential(u64, Result<String, PasskeyError>),

    SessionRestored(ApiResult<CurrentSession>),
    SignedOut(ApiResult<()>),

    PasskeysLoaded(ApiResult<Vec<Passkey>>),
    AddStarted(ApiResult<Ceremony>),
    AddCredential(Result<String, PasskeyError>),
    PasskeyAdded(ApiResult<Passkey>),
    PasskeyRenamed(ApiResult<Passkey>),
    PasskeyDeleted(String, ApiResult<()>),
}

/// A started ceremony whose options are already checked and serialised for the shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ceremony {
    pub id: String,
    pub options_json: String,
}

impl Ceremony {
    /// The options must be a JSON object: anything else would only fail later, in the platform.
    pub fn from_started(started: CeremonyStarted) -> ApiResult<Self> {
        if !started.options.is_object() || started.ceremony_id.is_empty() {
            return Err(super::client::ApiFailure::BadResponse(
                "the ceremony options were not a JSON object".to_owned(),
            ));
        }
        Ok(Self {
            id: started.ceremony_id,
            options_json: started.options.to_string(),
        })
    }
}
