//! ES256 (P-256) assertions with OpenSSL checking the signature.
//!
//! Why: webauthn-rs-core 0.6 verifies P-256 with RustCrypto's portable `p256`, and that one
//! step made up most of a sign-in: `cargo xtask bench` measured a whole in-process sign-in
//! at about a fifth of OpenSSL's raw verification rate before this. OpenSSL has
//! constant-time assembly for P-256 and verifies several times faster.
//!
//! What stays the same: every check before the signature and the counter rule after it
//! are `assertion.rs`, shared with every algorithm. Only the signature is OpenSSL's: a DER
//! signature (OpenSSL refuses non-canonical DER and trailing bytes) and a public key checked
//! to be on the curve. Credentials of any other shape go through webauthn-rs (`usable`).

use std::sync::OnceLock;

use openssl::bn::BigNumContext;
use openssl::ec::{EcGroup, EcGroupRef, EcKey, EcPoint};
use openssl::ecdsa::EcdsaSig;
use openssl::nid::Nid;
use openssl::pkey::Public;
use sha2::{Digest, Sha256};
use webauthn_rs_core::error::WebauthnError;
use webauthn_rs_core::proto::{
    COSEAlgorithm, COSEEC2Key, COSEKeyType, Credential, ECDSACurve, PublicKeyCredential,
};

use super::Assertion;
use super::assertion::{self, Expectations};

/// The credential's key when it is an ES256 key this module handles: P-256, 32-byte
/// coordinates. Anything else (even a malformed ES256 key) goes to webauthn-rs.
pub fn usable(credential: &Credential) -> Option<&COSEEC2Key> {
    match &credential.cred.key {
        COSEKeyType::EC_EC2(key)
            if credential.cred.type_ == COSEAlgorithm::ES256
                && key.curve == ECDSACurve::SECP256R1
                && key.x.len() == 32
                && key.y.len() == 32 =>
        {
            Some(key)
        }
        _ => None,
    }
}

pub fn verify(
    expect: &Expectations<'_>,
    response: &PublicKeyCredential,
    credential: &Credential,
    key: &COSEEC2Key,
) -> Result<Assertion, WebauthnError> {
    let auth_data = assertion::check(expect, response, credential)?;
    if !signature_valid(
        key,
        &response.response.signature,
        &assertion::signed_bytes(response),
    )? {
        return Err(WebauthnError::AuthenticationFailure);
    }
    assertion::counted(&auth_data, credential)
}

/// ECDSA P-256 with SHA-256. A key that is not a point on the curve, or a signature that is
/// not canonical DER, is refused as webauthn-rs refuses them.
fn signature_valid(key: &COSEEC2Key, signature: &[u8], data: &[u8]) -> Result<bool, WebauthnError> {
    let public = public_key(key)?;
    let parsed = EcdsaSig::from_der(signature).map_err(|_| WebauthnError::SignatureInvalid)?;
    // `from_der` tolerates trailing bytes and BER forms; webauthn-rs (RustCrypto) does not.
    // Re-encoding and comparing keeps only the canonical DER encoding.
    if parsed
        .to_der()
        .map_err(|_| WebauthnError::SignatureInvalid)?
        != signature
    {
        return Err(WebauthnError::SignatureInvalid);
    }
    let digest = Sha256::digest(data);
    parsed
        .verify(&digest, &public)
        .map_err(|_| WebauthnError::AuthenticationFailure)
}

/// The P-256 group, built once: building it per call was a measurable part of a sign-in.
fn p256() -> Result<&'static EcGroupRef, WebauthnError> {
    static GROUP: OnceLock<Option<EcGroup>> = OnceLock::new();
    GROUP
        .get_or_init(|| EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).ok())
        .as_deref()
        .ok_or(WebauthnError::EcdsaPointInvalid)
}

/// The credential's public key as an OpenSSL key, refused unless it is a valid P-256 point.
///
/// Why not `EcKey::from_public_key_affine_coordinates`: it runs `EC_KEY_check_key`, which
/// multiplies the point by the group order, as costly as half a signature check, to rule
/// out points outside the prime-order subgroup. P-256 has cofactor 1, so every point on the
/// curve is in that subgroup. Decoding the uncompressed point (`0x04 ‖ x ‖ y`) already
/// refuses coordinates not below the field prime and points not on the curve, and that
/// encoding cannot name the point at infinity.
fn public_key(key: &COSEEC2Key) -> Result<EcKey<Public>, WebauthnError> {
    let group = p256()?;
    let encoded = [&[0x04_u8][..], key.x.as_slice(), key.y.as_slice()].concat();
    let mut ctx = BigNumContext::new().map_err(|_| WebauthnError::EcdsaPointInvalid)?;
    let point = EcPoint::from_bytes(group, &encoded, &mut ctx)
        .map_err(|_| WebauthnError::EcdsaPointInvalid)?;
    // Belt and braces: cheap next to the signature, and independent of how a given OpenSSL
    // version decodes points.
    if !point
        .is_on_curve(group, &mut ctx)
        .map_err(|_| WebauthnError::EcdsaPointInvalid)?
    {
        return Err(WebauthnError::EcdsaPointInvalid);
    }
    EcKey::from_public_key(group, &point).map_err(|_| WebauthnError::EcdsaPointInvalid)
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use openssl::bn::BigNum;
    use openssl::ec::{EcGroup, EcKey, PointConversionForm};
    use openssl::nid::Nid;
    use webauthn_rs_core::error::WebauthnError;
    use webauthn_rs_core::proto::{COSEEC2Key, ECDSACurve};

    use super::public_key;

    fn cose(x: Vec<u8>, y: Vec<u8>) -> COSEEC2Key {
        COSEEC2Key {
            curve: ECDSACurve::SECP256R1,
            x,
            y,
        }
    }

    fn real_key() -> (Vec<u8>, Vec<u8>) {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).expect("group");
        let key = EcKey::generate(&group).expect("key");
        let mut ctx = openssl::bn::BigNumContext::new().expect("ctx");
        let bytes = key
            .public_key()
            .to_bytes(&group, PointConversionForm::UNCOMPRESSED, &mut ctx)
            .expect("encode");
        let (x, y) = bytes.get(1..).expect("65 bytes").split_at(32);
        (x.to_vec(), y.to_vec())
    }

    fn refused(key: &COSEEC2Key) -> bool {
        matches!(public_key(key), Err(WebauthnError::EcdsaPointInvalid))
    }

    #[test]
    fn a_point_on_the_curve_is_accepted() {
        let (x, y) = real_key();
        assert!(public_key(&cose(x, y)).is_ok());
    }

    #[test]
    fn a_point_off_the_curve_is_refused() {
        let (x, mut y) = real_key();
        if let Some(last) = y.last_mut() {
            *last ^= 1;
        }
        assert!(refused(&cose(x, y)));
    }

    #[test]
    fn coordinates_at_or_above_the_field_prime_are_refused() {
        let (x, y) = real_key();
        // x + p names the same residue as x; a lax decoder would reduce it and accept.
        let p = BigNum::from_hex_str(
            "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF",
        )
        .expect("prime");
        let mut shifted = BigNum::new().expect("bn");
        shifted
            .checked_add(&BigNum::from_slice(&x).expect("x"), &p)
            .expect("add");
        // Only when x + p still fits 32 bytes is it a candidate encoding at all.
        if let Ok(wide) = shifted.to_vec_padded(32) {
            assert!(refused(&cose(wide, y.clone())));
        }
        assert!(refused(&cose(p.to_vec(), y)));
    }

    #[test]
    fn the_zero_point_is_refused() {
        assert!(refused(&cose(vec![0; 32], vec![0; 32])));
    }
}
