//! How webauthn-rs's verdicts map onto the API's error codes.

use crux_passkey_api::ErrorCode;
use webauthn_rs_core::error::WebauthnError;

use crate::error::ApiError;

pub fn map_webauthn_error(err: WebauthnError) -> ApiError {
    use WebauthnError as E;
    let code = match &err {
        E::CredentialPossibleCompromise => ErrorCode::CounterRegression,
        E::CredentialNotFound => ErrorCode::UnknownCredential,
        E::CredentialAlreadyExists => ErrorCode::CredentialExists,
        E::ParseBase64Failure(_)
        | E::ParseCBORFailure(_)
        | E::ParseJSONFailure(_)
        | E::ParseNOMFailure
        | E::ParseInsufficientBytesAvailable
        | E::COSEKeyInvalidCBORValue
        | E::MissingAttestationCredentialData => ErrorCode::InvalidRequest,
        _ => ErrorCode::VerificationFailed,
    };
    tracing::info!(error = %err, code = %code, "webauthn verification rejected");
    let message = match code {
        ErrorCode::CounterRegression => {
            "the authenticator's signature counter went backwards; it may have been cloned"
                .to_owned()
        }
        ErrorCode::UnknownCredential => "this passkey is not registered here".to_owned(),
        ErrorCode::InvalidRequest => format!("malformed credential: {err}"),
        _ => format!("verification failed: {err}"),
    };
    ApiError::new(code, message)
}
