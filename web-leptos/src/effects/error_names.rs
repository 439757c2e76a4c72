//! Browser failures, by their DOMException (or JS error) name, as `PasskeyError` kinds.
//! Pure, so it is tested natively.

use crux_passkey::passkey::PasskeyErrorKind;

/// Which call failed: some names mean different things for create and get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    Create,
    Get,
    /// One of the Signal API's calls.
    Signal,
}

#[must_use]
pub fn kind_for(name: &str, call: Call) -> PasskeyErrorKind {
    match (name, call) {
        // The person dismissed the dialog, it timed out, or the browser will not say which.
        ("NotAllowedError", _) => PasskeyErrorKind::Cancelled,
        ("AbortError", _) => PasskeyErrorKind::Aborted,
        // On create: the authenticator holds one of excludeCredentials.
        ("InvalidStateError", Call::Create) => PasskeyErrorKind::ExcludedCredentialExists,
        ("InvalidStateError", Call::Get | Call::Signal) => PasskeyErrorKind::InvalidRequest,
        // The rpId does not match this origin, or the page is not a secure context.
        ("SecurityError", _) => PasskeyErrorKind::RpMisconfigured,
        ("NotSupportedError" | "ConstraintError", _) => PasskeyErrorKind::Unsupported,
        ("TypeError" | "SyntaxError" | "DataError" | "EncodingError", _) => {
            PasskeyErrorKind::InvalidRequest
        }
        ("NotReadableError", _) => PasskeyErrorKind::Interrupted,
        _ => PasskeyErrorKind::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::{Call, kind_for};
    use crux_passkey::passkey::PasskeyErrorKind as Kind;

    #[test]
    fn every_dom_exception_the_spec_names_has_a_kind() {
        let table = [
            ("NotAllowedError", Call::Get, Kind::Cancelled),
            ("NotAllowedError", Call::Create, Kind::Cancelled),
            ("AbortError", Call::Get, Kind::Aborted),
            (
                "InvalidStateError",
                Call::Create,
                Kind::ExcludedCredentialExists,
            ),
            ("InvalidStateError", Call::Get, Kind::InvalidRequest),
            ("InvalidStateError", Call::Signal, Kind::InvalidRequest),
            ("NotSupportedError", Call::Signal, Kind::Unsupported),
            ("SecurityError", Call::Signal, Kind::RpMisconfigured),
            ("TypeError", Call::Signal, Kind::InvalidRequest),
            ("SecurityError", Call::Create, Kind::RpMisconfigured),
            ("SecurityError", Call::Get, Kind::RpMisconfigured),
            ("ConstraintError", Call::Create, Kind::Unsupported),
            ("NotSupportedError", Call::Get, Kind::Unsupported),
            ("TypeError", Call::Create, Kind::InvalidRequest),
            ("SyntaxError", Call::Get, Kind::InvalidRequest),
            ("DataError", Call::Get, Kind::InvalidRequest),
            ("EncodingError", Call::Create, Kind::InvalidRequest),
            ("NotReadableError", Call::Get, Kind::Interrupted),
            ("UnknownError", Call::Get, Kind::Unknown),
            ("", Call::Create, Kind::Unknown),
        ];
        for (name, call, kind) in table {
            assert_eq!(kind_for(name, call), kind, "{name} on {call:?}");
        }
    }
}
