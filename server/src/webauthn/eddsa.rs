//! Assertion verification for Ed25519 credentials. webauthn-rs-core 0.6 registers them but
//! cannot check their signatures, so this repeats its assertion checks in the same order
//! (WebAuthn L3 §7.2) with ed25519-dalek doing the signature.

use ed25519_dalek::{Signature, VerifyingKey};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use shared::auth::api::ErrorCode;
use url::Url;
use webauthn_rs_core::proto::{
    COSEKeyType, Credential, EDDSACurve, PublicKeyCredential, UserVerificationPolicy,
};
use webauthn_rs_proto::origin::origins_match;

use super::Assertion;
use super::normalize::decode_b64;
use crate::error::{ApiError, ApiResult};

pub struct Expectations<'a> {
    pub rp_id_hash: &'a [u8; 32],
    pub origins: &'a [Url],
    pub challenge: &'a [u8],
    pub policy: UserVerificationPolicy,
}

#[derive(Deserialize)]
struct ClientData {
    #[serde(rename = "type")]
    type_: String,
    challenge: String,
    origin: String,
    #[serde(rename = "crossOrigin", default)]
    cross_origin: Option<bool>,
}

const FLAG_UP: u8 = 0x01;
const FLAG_UV: u8 = 0x04;
const FLAG_BE: u8 = 0x08;
const FLAG_BS: u8 = 0x10;

pub fn verify(
    expect: &Expectations<'_>,
    response: &PublicKeyCredential,
    credential: &Credential,
) -> ApiResult<Assertion> {
    if credential.cred_id.as_slice() != response.raw_id.as_slice() {
        return Err(ApiError::new(
            ErrorCode::UnknownCredential,
            "this passkey is not registered here",
        ));
    }
    let client: ClientData = serde_json::from_slice(&response.response.client_data_json)
        .map_err(|e| ApiError::invalid_request(format!("malformed clientDataJSON: {e}")))?;
    if client.type_ != "webauthn.get" {
        return Err(failed("clientDataJSON.type is not webauthn.get"));
    }
    if decode_b64(&client.challenge).as_deref() != Some(expect.challenge) {
        return Err(failed("the challenge does not match"));
    }
    let origin_ok = Url::parse(&client.origin).ok().is_some_and(|o| {
        expect
            .origins
            .iter()
            .any(|a| origins_match(false, false, &o, a))
    });
    if !origin_ok {
        return Err(failed("the origin is not one of this server's origins"));
    }
    if client.cross_origin == Some(true) {
        return Err(failed("cross-origin use is not allowed"));
    }

    let auth_data = response.response.authenticator_data.as_slice();
    let (rp_id_hash, rest) = auth_data
        .split_first_chunk::<32>()
        .ok_or_else(|| ApiError::invalid_request("authenticatorData is too short"))?;
    let (&flags, rest) = rest
        .split_first()
        .ok_or_else(|| ApiError::invalid_request("authenticatorData is too short"))?;
    let (counter, _) = rest
        .split_first_chunk::<4>()
        .ok_or_else(|| ApiError::invalid_request("authenticatorData is too short"))?;
    let counter = u32::from_be_bytes(*counter);
    let up = flags & FLAG_UP != 0;
    let uv = flags & FLAG_UV != 0;
    let be = flags & FLAG_BE != 0;
    let bs = flags & FLAG_BS != 0;

    if rp_id_hash != expect.rp_id_hash {
        return Err(failed("the rpIdHash does not match this relying party"));
    }
    if !up {
        return Err(failed("the user was not present"));
    }
    let uv_needed = expect.policy == UserVerificationPolicy::Required
        || credential.registration_policy == UserVerificationPolicy::Required
        || credential.user_verified;
    if uv_needed && !uv {
        return Err(failed("the user was not verified"));
    }
    if be != credential.backup_eligible {
        return Err(failed("the credential's backup eligibility changed"));
    }
    if bs && !be {
        return Err(failed("backed up but not backup eligible"));
    }

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
    let mut signed = auth_data.to_vec();
    signed.extend_from_slice(&Sha256::digest(&response.response.client_data_json));
    public
        .verify_strict(&signed, &signature)
        .map_err(|_| failed("the signature is invalid"))?;

    if (counter > 0 || credential.counter > 0) && counter <= credential.counter {
        return Err(ApiError::new(
            ErrorCode::CounterRegression,
            "the authenticator's signature counter went backwards; it may have been cloned",
        ));
    }
    Ok(Assertion {
        counter,
        user_verified: uv,
        backup_eligible: be,
        backup_state: bs,
    })
}

fn failed(why: &str) -> ApiError {
    ApiError::new(
        ErrorCode::VerificationFailed,
        format!("verification failed: {why}"),
    )
}
