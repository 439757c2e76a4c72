//! Assertion verification for Ed25519 credentials. webauthn-rs-core 0.6 registers them but
//! cannot check their signatures, so the shared checks (`assertion.rs`) run first and
//! ed25519-dalek checks the signature.

use crux_passkey_api::ErrorCode;
use ed25519_dalek::{Signature, VerifyingKey};
use webauthn_rs_core::proto::{COSEKeyType, Credential, EDDSACurve, PublicKeyCredential};

use super::Assertion;
use super::assertion::{self, Expectations};
use super::map_webauthn_error;
use crate::error::{ApiError, ApiResult};

pub fn verify(
    expect: &Expectations<'_>,
    response: &PublicKeyCredential,
    credential: &Credential,
) -> ApiResult<Assertion> {
    let auth_data = assertion::check(expect, response, credential).map_err(map_webauthn_error)?;
    let COSEKeyType::EC_OKP(key) = &credential.cred.key else {
        return Err(ApiError::internal("EdDSA credential without an OKP key"));
    };
    if key.curve != EDDSACurve::ED25519 {
        return Err(failed("only Ed25519 is supported for EdDSA"));
    }
    let public: [u8; 32] = key
        .x
        .as_slice()
        .try_into()
        .map_err(|_| ApiError::internal("stored Ed25519 key has the wrong length"))?;
    let public =
        VerifyingKey::from_bytes(&public).map_err(|_| failed("stored Ed25519 key is invalid"))?;
    let signature = Signature::from_slice(&response.response.signature)
        .map_err(|_| failed("the signature is not an Ed25519 signature"))?;
    public
        .verify_strict(&assertion::signed_bytes(response), &signature)
        .map_err(|_| failed("the signature is invalid"))?;
    assertion::counted(&auth_data, credential).map_err(map_webauthn_error)
}

fn failed(why: &str) -> ApiError {
    ApiError::new(
        ErrorCode::VerificationFailed,
        format!("verification failed: {why}"),
    )
}
