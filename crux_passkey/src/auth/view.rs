//! What a shell draws: everything in one value, derived from the model.

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::model::{Activity, Autofill, Model, Notice, PasskeyList, Screen};
use crate::api::{Passkey, User};

/// The auth sub-app's view model.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct AuthViewModel {
    /// Which screen to draw.
    pub screen: Screen,
    /// What is under way.
    pub activity: Activity,
    /// True while `activity` is not `Idle`: disable the buttons that start something (sign-out
    /// excepted: it always works).
    pub busy: bool,
    /// Passkeys are on offer in the username field's autofill. When this turns false, a shell
    /// aborts any conditional request it still holds.
    pub autofill_active: bool,
    /// A usable server address has been configured.
    pub server_configured: bool,
    /// Who is signed in.
    pub user: Option<User>,
    /// The signed-in person's passkeys; see `passkey_list` for how current they are.
    pub passkeys: Vec<Passkey>,
    /// Whether `passkeys` is the server's list: never show a count that is not `Loaded`.
    pub passkey_list: PasskeyList,
    /// The server refuses to delete the last passkey, so this is true only while more than one
    /// is known for sure; shells may hide the delete buttons otherwise.
    pub can_delete_passkeys: bool,
    /// One message to show, if any.
    pub notice: Option<Notice>,
}

pub fn view(model: &Model) -> AuthViewModel {
    AuthViewModel {
        screen: model.screen,
        activity: model.activity,
        busy: !model.is_idle(),
        autofill_active: matches!(model.autofill, Autofill::Waiting { .. }),
        server_configured: model.server.is_some(),
        user: model.session.as_ref().map(|session| session.user.clone()),
        passkeys: model.passkeys.clone(),
        passkey_list: model.passkey_list,
        can_delete_passkeys: model.passkey_list == PasskeyList::Loaded
            && model.passkeys.len() > 1,
        notice: model.notice.clone(),
    }
}
