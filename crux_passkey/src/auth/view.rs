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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use crux_core::bridge::{BincodeFfiFormat, FfiFormat};

    use super::AuthViewModel;
    use crate::api::{Passkey, Provider, User};
    use crate::auth::{Activity, PasskeyList, Screen};

    /// The view crosses the bridge in bincode, which has no optional fields: a member serde
    /// skips when it is `None` would shift everything after it for the shells.
    #[test]
    fn the_view_survives_bincode_with_every_optional_member_empty_or_full() {
        let passkey = |provider| Passkey {
            id: "cDE".to_owned(),
            name: "Phone".to_owned(),
            created_at: "2026-12-01T10:00:00Z".to_owned(),
            last_used_at: None,
            backup_eligible: true,
            backed_up: false,
            transports: vec![],
            provider,
        };
        let view = AuthViewModel {
            screen: Screen::SignedIn,
            activity: Activity::Idle,
            busy: false,
            autofill_active: false,
            server_configured: true,
            user: Some(User {
                id: "u".to_owned(),
                username: "alice".to_owned(),
                display_name: "Alice".to_owned(),
                handle: None,
            }),
            passkeys: vec![
                passkey(None),
                passkey(Some(Provider {
                    aaguid: "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4".to_owned(),
                    name: "Google Password Manager".to_owned(),
                    icon_light: None,
                    icon_dark: Some("data:image/svg+xml;base64,PHN2Zy8+".to_owned()),
                })),
            ],
            passkey_list: PasskeyList::Loaded,
            can_delete_passkeys: true,
            notice: None,
        };
        let mut bytes = Vec::new();
        BincodeFfiFormat::serialize(&mut bytes, &view).unwrap();
        let back: AuthViewModel = BincodeFfiFormat::deserialize(&bytes).unwrap();
        assert_eq!(back, view);
    }
}
