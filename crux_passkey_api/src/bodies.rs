//! Request bodies and answers of every route.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `POST /auth/register/start`: the account to create.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RegisterStartRequest {
    /// The name the person signs in with; the server normalises and checks it.
    pub username: String,
    /// The name shown to people; the server uses the username when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

/// `POST /auth/login/start`; no username asks for a discoverable (usernameless) ceremony.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct LoginStartRequest {
    /// The account to sign in to, or `None` to let the platform offer every passkey it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// `POST /auth/passkeys/start` takes an empty object.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct AddPasskeyStartRequest {}

/// `POST /auth/reauth/start` takes an empty object too.
pub type ReauthStartRequest = AddPasskeyStartRequest;

/// The answer to every `…/start`: a ceremony handle and the bare WebAuthn L3 options object.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CeremonyStarted {
    /// Opaque and single-use: the matching `…/finish` sends it back.
    pub ceremony_id: String,
    /// `PublicKeyCredentialCreationOptionsJSON` or `PublicKeyCredentialRequestOptionsJSON`.
    pub options: Value,
}

/// `POST /auth/register/finish` and `POST /auth/passkeys/finish`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationFinishRequest {
    /// From the [`CeremonyStarted`] answer.
    pub ceremony_id: String,
    /// The platform's `RegistrationResponseJSON`, untouched.
    pub credential: Value,
    /// A name for the new passkey; the server picks one when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `POST /auth/login/finish`
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LoginFinishRequest {
    /// From the [`CeremonyStarted`] answer.
    pub ceremony_id: String,
    /// The platform's `AuthenticationResponseJSON`, untouched.
    pub credential: Value,
}

/// `POST /auth/reauth/finish`: an assertion by one of the signed-in account's passkeys, the
/// same body as a sign-in's finish; the answer is a [`CurrentSession`].
pub type ReauthFinishRequest = LoginFinishRequest;

/// 201 from `POST /auth/register/finish`: the new account, its first passkey and a session.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Registered {
    /// The account just created.
    pub user: User,
    /// Its first passkey.
    pub passkey: Passkey,
    /// The session the sign-up opened.
    pub session: Session,
    /// The relying party id the account's passkeys are bound to (for the platform's signals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rp_id: Option<String>,
}

/// 200 from `POST /auth/login/finish`
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct LoggedIn {
    /// The account signed in to.
    pub user: User,
    /// The session the sign-in opened.
    pub session: Session,
    /// The relying party id the account's passkeys are bound to (for the platform's signals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rp_id: Option<String>,
}

/// 200 from `GET /auth/session` and from `PATCH /auth/me`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CurrentSession {
    /// Whom the session belongs to.
    pub user: User,
    /// The relying party id the account's passkeys are bound to (for the platform's signals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rp_id: Option<String>,
}

/// `PATCH /auth/me`: the signed-in person's new display name.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct UpdateMeRequest {
    /// The name to greet the person with.
    pub display_name: String,
}

/// `PATCH /auth/passkeys/{id}`
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RenamePasskeyRequest {
    /// The new name.
    pub name: String,
}

/// An account.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Stable and opaque.
    pub id: String,
    /// Normalised as the server stores it.
    pub username: String,
    /// The name to greet the person with.
    pub display_name: String,
    /// The user handle as the authenticator keeps it (`user.id` in the creation options),
    /// base64url: what the platform's signals name the account by. (Never skipped when
    /// `None`: this type crosses the Crux bridge in bincode, which has no missing fields.)
    #[serde(default)]
    pub handle: Option<String>,
}

/// A session the server opened.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// The bearer token for `Authorization: Bearer …`. Absent where the session lives in the
    /// HttpOnly cookie alone (answers to a web origin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// RFC 3339.
    pub expires_at: String,
}

/// A passkey registered to the signed-in account.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[serde(rename_all = "camelCase")]
pub struct Passkey {
    /// The credential id, base64url without padding.
    pub id: String,
    /// Chosen by the person, or by the server when they did not.
    pub name: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339; absent until the passkey is first used to sign in.
    pub last_used_at: Option<String>,
    /// The authenticator may sync this passkey (the BE flag).
    pub backup_eligible: bool,
    /// The passkey is synced now (the BS flag).
    pub backed_up: bool,
    /// How the authenticator can be reached (`internal`, `hybrid`, `usb`, …), as it reported.
    pub transports: Vec<String>,
    /// Which passkey manager or authenticator holds it, from the AAGUID it registered with;
    /// `None` when its AAGUID is unknown (or all zeros, as many authenticators send).
    #[serde(default)]
    pub provider: Option<Provider>,
}

/// A passkey manager or authenticator, known by its AAGUID.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[serde(rename_all = "camelCase")]
pub struct Provider {
    /// The AAGUID, lowercase with hyphens.
    pub aaguid: String,
    /// Its name for people ("iCloud Keychain", "Google Password Manager", "YubiKey 5").
    pub name: String,
    /// An SVG data URI for light backgrounds, when the list has one.
    #[serde(default)]
    pub icon_light: Option<String>,
    /// An SVG data URI for dark backgrounds, when the list has one.
    #[serde(default)]
    pub icon_dark: Option<String>,
}
