//! The AAGUID of a registration: which make of authenticator created the credential. It is
//! in the attested credential data of the attestation object's authenticator data; with
//! attestation `none`, webauthn-rs keeps no copy of it.

use serde_cbor_2::Value as Cbor;
use uuid::Uuid;
use webauthn_rs_core::proto::RegisterPublicKeyCredential;

const FLAG_AT: u8 = 0x40;

/// The AAGUID, lowercase and hyphenated; `None` when there is none to name (all zeros, as
/// many authenticators send under attestation `none`) or the data is not what it should be.
/// Only called after the registration verified, so the data has been checked already.
#[must_use]
pub fn of(registration: &RegisterPublicKeyCredential) -> Option<String> {
    let object: Cbor = serde_cbor_2::from_slice(&registration.response.attestation_object).ok()?;
    let Cbor::Map(object) = object else {
        return None;
    };
    let Some(Cbor::Bytes(auth_data)) = object.get(&Cbor::Text("authData".to_owned())) else {
        return None;
    };
    // rpIdHash (32), flags (1), signCount (4), then the AAGUID (16) when AT is set.
    if auth_data.get(32).is_none_or(|flags| flags & FLAG_AT == 0) {
        return None;
    }
    let aaguid = Uuid::from_slice(auth_data.get(37..53)?).ok()?;
    (!aaguid.is_nil()).then(|| aaguid.hyphenated().to_string())
}
