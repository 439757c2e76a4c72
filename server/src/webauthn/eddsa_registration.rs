//! Registration of Ed25519 credentials. webauthn-rs-core 0.6 checks the client data, rpIdHash
//! and flags of a registration and only then refuses the Ed25519 key it cannot validate
//! (`COSEKeyEDUnsupported`). When that happens every earlier check has passed, and this
//! module finishes the job: parse and validate the key, check a packed self-attestation
//! signature if one was sent, and build the same `Credential` webauthn-rs would have.

use std::collections::BTreeMap;

use crux_passkey_api::ErrorCode;
use ed25519_dalek::{Signature, VerifyingKey};
use serde_cbor_2::Value as Cbor;
use sha2::{Digest, Sha256};
use webauthn_rs_core::proto::{
    AttestationFormat, AttestationMetadata, COSEAlgorithm, COSEKey, COSEKeyType, COSEOKPKey,
    Credential, EDDSACurve, ParsedAttestation, ParsedAttestationData, RegisterPublicKeyCredential,
    RegisteredExtensions, UserVerificationPolicy,
};

use crate::error::{ApiError, ApiResult};

const FLAG_UV: u8 = 0x04;
const FLAG_BE: u8 = 0x08;
const FLAG_BS: u8 = 0x10;
const FLAG_AT: u8 = 0x40;

pub fn complete(
    registration: &RegisterPublicKeyCredential,
    policy: UserVerificationPolicy,
) -> ApiResult<Credential> {
    let object: Cbor = serde_cbor_2::from_slice(&registration.response.attestation_object)
        .map_err(|e| ApiError::invalid_request(format!("malformed attestationObject: {e}")))?;
    let Cbor::Map(object) = object else {
        return Err(ApiError::invalid_request("attestationObject is not a map"));
    };
    let text = |key: &str| object.get(&Cbor::Text(key.to_owned()));
    let Some(Cbor::Text(fmt)) = text("fmt") else {
        return Err(ApiError::invalid_request("attestationObject has no fmt"));
    };
    let Some(Cbor::Bytes(auth_data)) = text("authData") else {
        return Err(ApiError::invalid_request(
            "attestationObject has no authData",
        ));
    };
    let parsed = parse_auth_data(auth_data)?;

    let (format, attestation) = match (fmt.as_str(), text("attStmt")) {
        ("none", _) => (AttestationFormat::None, ParsedAttestationData::None),
        ("packed", Some(Cbor::Map(statement))) => {
            verify_packed_self(
                statement,
                auth_data,
                &registration.response.client_data_json,
                &parsed.key,
            )?;
            (AttestationFormat::Packed, ParsedAttestationData::Self_)
        }
        _ => {
            return Err(failed(
                "this attestation format is not supported for Ed25519 keys",
            ));
        }
    };
    if parsed.flags & FLAG_BS != 0 && parsed.flags & FLAG_BE == 0 {
        return Err(failed("backed up but not backup eligible"));
    }
    Ok(Credential {
        cred_id: parsed.cred_id,
        cred: COSEKey {
            type_: COSEAlgorithm::EDDSA,
            key: COSEKeyType::EC_OKP(COSEOKPKey {
                curve: EDDSACurve::ED25519,
                x: parsed.key.to_bytes().to_vec(),
            }),
        },
        counter: parsed.counter,
        transports: None,
        user_verified: parsed.flags & FLAG_UV != 0,
        backup_eligible: parsed.flags & FLAG_BE != 0,
        backup_state: parsed.flags & FLAG_BS != 0,
        registration_policy: policy,
        extensions: RegisteredExtensions::none(),
        attestation: ParsedAttestation {
            data: attestation,
            metadata: AttestationMetadata::None,
        },
        attestation_format: format,
    })
}

struct AttestedData {
    flags: u8,
    counter: u32,
    cred_id: Vec<u8>,
    key: VerifyingKey,
}

fn parse_auth_data(data: &[u8]) -> ApiResult<AttestedData> {
    let short = || ApiError::invalid_request("authenticatorData is too short");
    let (_rp_id_hash, rest) = data.split_first_chunk::<32>().ok_or_else(short)?;
    let (&flags, rest) = rest.split_first().ok_or_else(short)?;
    let (counter, rest) = rest.split_first_chunk::<4>().ok_or_else(short)?;
    if flags & FLAG_AT == 0 {
        return Err(ApiError::invalid_request("no attested credential data"));
    }
    let (_aaguid, rest) = rest.split_first_chunk::<16>().ok_or_else(short)?;
    let (length, rest) = rest.split_first_chunk::<2>().ok_or_else(short)?;
    let length = usize::from(u16::from_be_bytes(*length));
    if rest.len() < length {
        return Err(short());
    }
    let (cred_id, rest) = rest.split_at(length);
    // The key is the first CBOR item; extensions may follow it.
    let mut items = serde_cbor_2::Deserializer::from_slice(rest).into_iter::<Cbor>();
    let cose = items
        .next()
        .ok_or_else(short)?
        .map_err(|e| ApiError::invalid_request(format!("malformed credential key: {e}")))?;
    Ok(AttestedData {
        flags,
        counter: u32::from_be_bytes(*counter),
        cred_id: cred_id.to_vec(),
        key: ed25519_key(&cose)?,
    })
}

/// RFC 9053 OKP key: kty 1, alg -8, crv 6 (Ed25519), x the 32-byte public key.
fn ed25519_key(cose: &Cbor) -> ApiResult<VerifyingKey> {
    let Cbor::Map(map) = cose else {
        return Err(ApiError::invalid_request(
            "credential key is not a COSE map",
        ));
    };
    let int = |label: i128| map.get(&Cbor::Integer(label));
    let expected = [(1, 1), (3, -8), (-1, 6)];
    for (label, value) in expected {
        if int(label) != Some(&Cbor::Integer(value)) {
            return Err(failed("credential key is not an Ed25519 EdDSA key"));
        }
    }
    let Some(Cbor::Bytes(x)) = int(-2) else {
        return Err(failed("credential key has no x coordinate"));
    };
    let x: [u8; 32] = x
        .as_slice()
        .try_into()
        .map_err(|_| failed("Ed25519 key has the wrong length"))?;
    let key = VerifyingKey::from_bytes(&x).map_err(|_| failed("invalid Ed25519 public key"))?;
    if key.is_weak() {
        return Err(failed("weak Ed25519 public key"));
    }
    Ok(key)
}

/// Packed self-attestation: signed by the credential key itself, no certificate chain.
fn verify_packed_self(
    statement: &BTreeMap<Cbor, Cbor>,
    auth_data: &[u8],
    client_data_json: &[u8],
    key: &VerifyingKey,
) -> ApiResult<()> {
    let field = |name: &str| statement.get(&Cbor::Text(name.to_owned()));
    if field("x5c").is_some() {
        return Err(failed(
            "certificate attestation of Ed25519 keys is not supported",
        ));
    }
    if field("alg") != Some(&Cbor::Integer(-8)) {
        return Err(failed("the attestation algorithm does not match the key"));
    }
    let Some(Cbor::Bytes(sig)) = field("sig") else {
        return Err(failed("the attestation has no signature"));
    };
    let signature =
        Signature::from_slice(sig).map_err(|_| failed("malformed attestation signature"))?;
    let mut signed = auth_data.to_vec();
    signed.extend_from_slice(&Sha256::digest(client_data_json));
    key.verify_strict(&signed, &signature)
        .map_err(|_| failed("the attestation signature is invalid"))
}

fn failed(why: &str) -> ApiError {
    ApiError::new(
        ErrorCode::VerificationFailed,
        format!("verification failed: {why}"),
    )
}
