//! What sign-in and re-authentication share: the `allowCredentials` list, and checking an
//! assertion against the stored passkey of the user it must belong to.

use crux_passkey_api::ErrorCode;
use serde_json::{Value, json};
use uuid::Uuid;
use webauthn_rs_core::proto::{AuthenticationState, Credential, PublicKeyCredential};

use crate::AppState;
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::store::{LoginUpdate, PasskeyRow, UserRow};
use crate::webauthn::normalize;

/// `allowCredentials` naming the user's passkeys; transports only where known.
pub fn set_allow_credentials(options: &mut Value, passkeys: &[(String, Vec<String>)]) {
    let list = passkeys
        .iter()
        .map(|(id, transports)| {
            let mut entry = json!({"type": "public-key", "id": id});
            if !transports.is_empty()
                && let Some(obj) = entry.as_object_mut()
            {
                obj.insert("transports".to_owned(), json!(transports));
            }
            entry
        })
        .collect();
    if let Some(obj) = options.as_object_mut() {
        obj.insert("allowCredentials".to_owned(), Value::Array(list));
    }
}

/// The user the authenticator's user handle names, when it sent one.
pub fn handle_user(response: &PublicKeyCredential) -> Option<Result<String, ()>> {
    response.get_user_unique_id().map(|handle| {
        Uuid::from_slice(handle)
            .map(|u| u.to_string())
            .map_err(|_| ())
    })
}

/// A handle naming someone other than the expected user fails the assertion.
pub fn check_handle(response: &PublicKeyCredential, user_id: &str) -> ApiResult<()> {
    match handle_user(response) {
        Some(handle) if handle.as_deref().ok() != Some(user_id) => Err(ApiError::new(
            ErrorCode::VerificationFailed,
            "verification failed: the user handle names another user",
        )),
        _ => Ok(()),
    }
}

/// A verified assertion, and what recording it changes.
pub struct Verified {
    pub passkey: PasskeyRow,
    pub user: UserRow,
    /// The credential with its new counter and backup state, as stored.
    pub credential: String,
    pub counter: i64,
    pub backed_up: bool,
    pub now: i64,
}

impl Verified {
    pub fn update(&self) -> LoginUpdate {
        LoginUpdate {
            passkey_id: self.passkey.id.clone(),
            expected_counter: self.passkey.counter,
            counter: self.counter,
            credential: self.credential.clone(),
            backed_up: self.backed_up,
            now: self.now,
        }
    }
}

/// Verifies `response` against the stored passkey, which must belong to `owner`.
pub async fn verify(
    app: &AppState,
    response: &PublicKeyCredential,
    owner: &str,
    state: &AuthenticationState,
    challenge: &str,
) -> ApiResult<Verified> {
    let passkey_id = normalize::b64(&response.raw_id);
    let (passkey, user) = app
        .store
        .passkey_with_owner(&passkey_id)
        .await?
        .filter(|(p, _)| p.user_id == owner)
        .ok_or_else(unknown_credential)?;
    let mut credential: Credential =
        serde_json::from_str(&passkey.credential).map_err(ApiError::internal)?;
    let challenge = normalize::decode_b64(challenge)
        .ok_or_else(|| ApiError::internal("stored challenge is not base64url"))?;
    let assertion = app
        .verifier
        .finish_authentication(response, state, &challenge, &credential)?;
    if assertion.counter > credential.counter {
        credential.counter = assertion.counter;
    }
    credential.backup_state = assertion.backup_state;
    Ok(Verified {
        credential: serde_json::to_string(&credential).map_err(ApiError::internal)?,
        counter: i64::from(credential.counter),
        backed_up: assertion.backup_state,
        now: clock::now(),
        passkey,
        user,
    })
}

pub fn unknown_credential() -> ApiError {
    ApiError::new(
        ErrorCode::UnknownCredential,
        "this passkey is not registered here",
    )
}
