//! What a shell draws: everything in one value, derived from the model.

use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::api::{Passkey, User};
use super::model::{Activity, Autofill, Model, Notice, Screen};

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct AuthViewModel {
    pub screen: Screen,
    pub activity: Activity,
    /// True while `activity` is not `Idle`: disable the buttons that start something.
    pub busy: bool,
    /// Passkeys are on offer in the username field's autofill. When this turns false, a shell
    /// aborts any conditional request it still holds.
    pub autofill_active: bool,
    pub server_configured: bool,
    pub user: Option<User>,
    pub passkeys: Vec<Passkey>,
    /// The server refuses to delete the last passkey; shells may hide the button instead.
    pub can_delete_passkeys: bool,
    pub notice: Option<Notice>,
    /// Native shells keep this (Keychain, EncryptedSharedPreferences) and pass it to
    /// `RestoreSession` on the next launch; `None` means forget the stored one.
    pub session_token: Option<String>,
}

#[must_use]
pub fn view(model: &Model) -> AuthViewModel {
    AuthViewModel {
        screen: model.screen,
        activity: model.activity,
        busy: model.activity != Activity::Idle,
        autofill_active: matches!(model.autofill, Autofill::Waiting { .. }),
        server_configured: model.server.is_some(),
        user: model.user.clone(),
        passkeys: model.passkeys.clone(),
        can_delete_passkeys: model.passkeys.len() > 1,
        notice: model.notice.clone(),
        session_token: model.session_token.clone(),
    }
}
