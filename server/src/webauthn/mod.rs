//! WebAuthn ceremonies on top of webauthn-rs-core, with this project's policy
//! (docs/verification-policy.md): ES256/EdDSA/RS256, attestation `none`, discoverable
//! credentials, UV as configured, the backup-eligibility flag frozen at registration.

pub mod aaguid;
mod assertion;
mod eddsa;
mod eddsa_registration;
mod errors;
mod es256;
pub mod normalize;

use std::time::Duration;

use anyhow::Context as _;
use serde_json::Value;
use sha2::{Digest, Sha256};
use url::Url;
use uuid::Uuid;
use webauthn_rs_core::WebauthnCore;
use webauthn_rs_core::error::WebauthnError;
use webauthn_rs_core::proto::{
    AttestationConveyancePreference, AuthenticationState, AuthenticatorTransport, COSEAlgorithm,
    Credential, PublicKeyCredential, RegisterPublicKeyCredential, RegistrationState,
    RequestRegistrationExtensions, UserVerificationPolicy,
};

use crate::config::{Config, UserVerification};
use crate::error::{ApiError, ApiResult};

pub use errors::map_webauthn_error;

/// The algorithms offered to authenticators, in order of preference.
pub const ALGORITHMS: [COSEAlgorithm; 3] = [
    COSEAlgorithm::ES256,
    COSEAlgorithm::EDDSA,
    COSEAlgorithm::RS256,
];

const AUTHENTICATOR_TIMEOUT: Duration = Duration::from_secs(300);

pub struct Verifier {
    core: WebauthnCore,
    policy: UserVerificationPolicy,
    rp_id_hash: [u8; 32],
    origins: Vec<Url>,
}

/// What a verified assertion says about its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assertion {
    pub counter: u32,
    pub user_verified: bool,
    pub backup_eligible: bool,
    pub backup_state: bool,
}

impl Verifier {
    pub fn new(config: &Config) -> anyhow::Result<Self> {
        let origins = config
            .all_origins()
            .iter()
            .map(|o| Url::parse(o).with_context(|| format!("invalid origin {o:?}")))
            .collect::<anyhow::Result<Vec<Url>>>()?;
        if origins.is_empty() {
            anyhow::bail!("at least one --origin is required");
        }
        let policy = match config.user_verification {
            UserVerification::Required => UserVerificationPolicy::Required,
            UserVerification::Preferred => UserVerificationPolicy::Preferred,
        };
        // The high-level `webauthn_rs::Webauthn` fixes the algorithm list (no EdDSA), UV
        // (always required) and resident keys (discouraged); the core lets us set all three.
        let core = WebauthnCore::new_unsafe_experts_only(
            &config.rp_name,
            &config.rp_id,
            origins.clone(),
            AUTHENTICATOR_TIMEOUT,
            Some(false),
            Some(false),
        );
        Ok(Self {
            core,
            policy,
            rp_id_hash: Sha256::digest(config.rp_id.as_bytes()).into(),
            origins,
        })
    }

    /// Options for `navigator.credentials.create()` (the bare L3 object) and the state to keep.
    pub fn start_registration(
        &self,
        user_id: Uuid,
        username: &str,
        display_name: &str,
        exclude: &[Vec<u8>],
    ) -> ApiResult<(Value, RegistrationState)> {
        let extensions = RequestRegistrationExtensions {
            cred_props: Some(true),
            ..RequestRegistrationExtensions::default()
        };
        let builder = self
            .core
            .new_challenge_register_builder(user_id.as_bytes(), username, display_name)
            .map_err(|e| ApiError::internal(format!("registration builder: {e}")))?
            .attestation(AttestationConveyancePreference::None)
            .credential_algorithms(ALGORITHMS.to_vec())
            .require_resident_key(true)
            .authenticator_attachment(None)
            .user_verification_policy(self.policy)
            .reject_synchronised_authenticators(false)
            // Duplicates are refused by our own store lookup (CREDENTIAL_EXISTS); keeping
            // them out of the state stops webauthn-rs reporting them as an algorithm error.
            .exclude_credentials(None)
            .extensions(Some(extensions));
        let (ccr, state) = self
            .core
            .generate_challenge_register(builder)
            .map_err(|e| ApiError::internal(format!("registration challenge: {e}")))?;
        let mut options = serde_json::to_value(&ccr.public_key).map_err(ApiError::internal)?;
        if !exclude.is_empty() {
            let list: Vec<Value> = exclude
                .iter()
                .map(|id| serde_json::json!({"type": "public-key", "id": normalize::b64(id)}))
                .collect();
            if let Some(obj) = options.as_object_mut() {
                obj.insert("excludeCredentials".to_owned(), Value::Array(list));
            }
        }
        normalize::strip_nulls(&mut options);
        Ok((options, state))
    }

    pub fn finish_registration(
        &self,
        credential: &RegisterPublicKeyCredential,
        state: &RegistrationState,
    ) -> ApiResult<Credential> {
        let mut verified = match self.core.register_credential(credential, state, None) {
            Ok(verified) => verified,
            // Raised only after the client data, rpIdHash and flags were all accepted.
            Err(WebauthnError::COSEKeyEDUnsupported | WebauthnError::SshPublicKeyEDUnsupported) => {
                eddsa_registration::complete(credential, self.policy)?
            }
            Err(err) => return Err(map_webauthn_error(err)),
        };
        // webauthn-rs keeps transports only from attested authenticators; as allowCredentials
        // hints they are harmless, and the passkey list shows them.
        verified.transports = credential.response.transports.as_ref().map(|list| {
            list.iter()
                .filter(|t| **t != AuthenticatorTransport::Unknown)
                .cloned()
                .collect()
        });
        Ok(verified)
    }

    /// Options for `navigator.credentials.get()`; an empty `allow` asks for a discoverable
    /// credential (and suits conditional mediation).
    pub fn start_authentication(
        &self,
        allow: Vec<Credential>,
    ) -> ApiResult<(Value, AuthenticationState)> {
        let builder = self
            .core
            .new_challenge_authenticate_builder(allow, Some(self.policy))
            .map_err(|e| ApiError::internal(format!("authentication builder: {e}")))?
            .allow_backup_eligible_upgrade(false)
            .extensions(None)
            .hints(None);
        let (rcr, state) = self
            .core
            .generate_challenge_authenticate(builder)
            .map_err(|e| ApiError::internal(format!("authentication challenge: {e}")))?;
        let mut options = serde_json::to_value(&rcr.public_key).map_err(ApiError::internal)?;
        normalize::strip_nulls(&mut options);
        Ok((options, state))
    }

    /// Verifies an assertion made with `credential` (the stored, current copy).
    pub fn finish_authentication(
        &self,
        response: &PublicKeyCredential,
        state: &AuthenticationState,
        challenge: &[u8],
        credential: &Credential,
    ) -> ApiResult<Assertion> {
        let expect = assertion::Expectations {
            rp_id_hash: &self.rp_id_hash,
            origins: &self.origins,
            challenge,
            policy: self.policy,
        };
        if credential.cred.type_ == COSEAlgorithm::EDDSA {
            // webauthn-rs-core 0.6 parses Ed25519 keys but cannot verify their signatures.
            return eddsa::verify(&expect, response, credential);
        }
        if let Some(key) = es256::usable(credential) {
            // The same checks as webauthn-rs, with OpenSSL doing the signature (es256.rs).
            return es256::verify(&expect, response, credential, key).map_err(map_webauthn_error);
        }
        // webauthn-rs repeats these checks, but not the cross-origin one at sign-in; running
        // them first keeps every algorithm to one policy.
        assertion::check(&expect, response, credential).map_err(map_webauthn_error)?;
        let result = self
            .core
            .authenticate_single_credential(response, state, credential)
            .map_err(map_webauthn_error)?;
        Ok(Assertion {
            counter: result.counter(),
            user_verified: result.user_verified(),
            backup_eligible: result.backup_eligible(),
            backup_state: result.backup_state(),
        })
    }
}

/// The challenge of options produced by [`Verifier`], as bytes.
pub fn options_challenge(options: &Value) -> ApiResult<Vec<u8>> {
    options
        .get("challenge")
        .and_then(Value::as_str)
        .and_then(normalize::decode_b64)
        .ok_or_else(|| ApiError::internal("options without a challenge"))
}
