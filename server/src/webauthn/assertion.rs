//! The checks every assertion gets whatever its algorithm (WebAuthn L3 §7.2), in
//! webauthn-rs-core 0.6.2's order (`verify_credential_internal`) and with its parsers and
//! error variants, so `map_webauthn_error` gives each rejection the same code on every path.
//! Only the signature differs by algorithm (`es256.rs`, `eddsa.rs`, webauthn-rs for others).

use url::Url;
use webauthn_rs_core::error::WebauthnError;
use webauthn_rs_core::internals::AuthenticatorData;
use webauthn_rs_core::proto::{
    Authentication, CollectedClientData, Credential, PublicKeyCredential, UserVerificationPolicy,
};
use webauthn_rs_proto::origin::origins_match;

use super::Assertion;

/// What the ceremony and the relying party expect of an assertion.
pub struct Expectations<'a> {
    pub rp_id_hash: &'a [u8; 32],
    pub origins: &'a [Url],
    pub challenge: &'a [u8],
    /// The ceremony's policy: the verifier's, as `start_authentication` puts it in the state.
    pub policy: UserVerificationPolicy,
}

/// Everything before the signature; answers the parsed authenticator data.
pub fn check(
    expect: &Expectations<'_>,
    response: &PublicKeyCredential,
    credential: &Credential,
) -> Result<AuthenticatorData<Authentication>, WebauthnError> {
    if credential.cred_id.as_slice() != response.raw_id.as_slice() {
        return Err(WebauthnError::CredentialNotFound);
    }
    // `AuthenticatorAssertionResponse::try_from`: authenticator data first, then client data.
    let auth_data_bytes = response.response.authenticator_data.as_slice();
    let auth_data = AuthenticatorData::<Authentication>::try_from(auth_data_bytes)?;
    let client: CollectedClientData =
        serde_json::from_slice(response.response.client_data_json.as_slice())
            .map_err(WebauthnError::ParseJSONFailure)?;

    if client.type_ != "webauthn.get" {
        return Err(WebauthnError::InvalidClientDataType);
    }
    if client.challenge.as_slice() != expect.challenge {
        return Err(WebauthnError::MismatchedChallenge);
    }
    // The core is built with allow_subdomains_origin = false and allow_any_port = false.
    if !expect
        .origins
        .iter()
        .any(|origin| origins_match(false, false, &client.origin, origin))
    {
        return Err(WebauthnError::InvalidRPOrigin);
    }
    // webauthn-rs refuses this at registration only; L3 §7.2 asks the relying party whether
    // it expects an iframe of another origin, and this one never does.
    if client.cross_origin == Some(true) {
        return Err(WebauthnError::CredentialCrossOrigin);
    }
    // No appid is ever requested, so only the RP id's hash matches. The parser succeeded, so
    // the first 32 bytes are the hash (its field is private to webauthn-rs).
    if auth_data_bytes.get(..32) != Some(expect.rp_id_hash.as_slice()) {
        return Err(WebauthnError::InvalidRPIDHash);
    }
    if !auth_data.user_present {
        return Err(WebauthnError::UserNotPresent);
    }
    match (&expect.policy, &credential.registration_policy) {
        (_, UserVerificationPolicy::Required) | (UserVerificationPolicy::Required, _)
            if !auth_data.user_verified =>
        {
            return Err(WebauthnError::UserNotVerified);
        }
        (_, UserVerificationPolicy::Preferred)
            if credential.user_verified && !auth_data.user_verified =>
        {
            return Err(WebauthnError::UserNotVerified);
        }
        _ => {}
    }
    // `allow_backup_eligible_upgrade(false)` in `start_authentication`.
    if credential.backup_eligible != auth_data.backup_eligible {
        return Err(WebauthnError::CredentialBackupEligibilityInconsistent);
    }
    if auth_data.backup_state && !credential.backup_eligible {
        return Err(WebauthnError::CredentialMayNotBeHardwareBound);
    }
    Ok(auth_data)
}

/// What the signature covers: authenticatorData ‖ SHA-256(clientDataJSON).
#[must_use]
pub fn signed_bytes(response: &PublicKeyCredential) -> Vec<u8> {
    use sha2::{Digest as _, Sha256};
    let auth_data = response.response.authenticator_data.as_slice();
    let mut signed = Vec::with_capacity(auth_data.len() + 32);
    signed.extend_from_slice(auth_data);
    signed.extend_from_slice(&Sha256::digest(&response.response.client_data_json));
    signed
}

/// After a valid signature: the counter rule of `authenticate_single_credential`
/// (require_valid_counter_value is always on in webauthn-rs-core 0.6).
pub fn counted(
    auth_data: &AuthenticatorData<Authentication>,
    credential: &Credential,
) -> Result<Assertion, WebauthnError> {
    let counter = auth_data.counter;
    if (counter > 0 || credential.counter > 0) && counter <= credential.counter {
        return Err(WebauthnError::CredentialPossibleCompromise);
    }
    Ok(Assertion {
        counter,
        user_verified: auth_data.user_verified,
        backup_eligible: auth_data.backup_eligible,
        backup_state: auth_data.backup_state,
    })
}
