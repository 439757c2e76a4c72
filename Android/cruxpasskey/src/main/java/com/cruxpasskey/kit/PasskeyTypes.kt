// The passkey half of the bridge contract (docs/bridge-protocol.md, "Passkey") in the kit's own
// types, so the kit never depends on an app's generated package. An app maps its generated
// PasskeyOperation / PasskeyResult to these in a few lines.

package com.cruxpasskey.kit

/** What the core asks the platform for. The WebAuthn L3 JSON crosses untouched. */
sealed interface PasskeyRequest {
    /** A bare PublicKeyCredentialCreationOptionsJSON. */
    data class Create(val optionsJson: String) : PasskeyRequest

    /** A bare PublicKeyCredentialRequestOptionsJSON; `conditional` is the core's autofill mediation. */
    data class Get(val optionsJson: String, val conditional: Boolean) : PasskeyRequest

    /**
     * Tell the passkey manager what the server knows (WebAuthn's Signal API): `json` is the
     * signal's L3 JSON. No sheet, no activity; best effort. It runs beside an open conditional
     * Get and never replaces it.
     */
    data class Signal(val signal: PasskeySignal, val json: String) : PasskeyRequest
}

/** The three signals of WebAuthn's Signal API, one to one with the contract's `Signal`. */
enum class PasskeySignal {
    /** `{"rpId", "credentialId"}`: the server does not know this credential. */
    UNKNOWN_CREDENTIAL,

    /** `{"rpId", "userId", "allAcceptedCredentialIds"}`: every credential the server accepts. */
    ALL_ACCEPTED_CREDENTIALS,

    /** `{"rpId", "userId", "name", "displayName"}`: the account's names as the server has them. */
    CURRENT_USER_DETAILS,
}

/** The answer: the platform's response JSON, or one of the contract's failure kinds. */
sealed interface PasskeyOutcome {
    data class Success(val responseJson: String) : PasskeyOutcome

    /** The answer to a Signal: the platform took it. */
    data object Signalled : PasskeyOutcome

    /** `message` keeps the platform's raw exception type and text, for logs. */
    data class Failure(val kind: PasskeyFailureKind, val message: String) : PasskeyOutcome
}

/** The nine kinds of the contract's PasskeyErrorKind, one to one. */
enum class PasskeyFailureKind {
    CANCELLED,
    NO_CREDENTIALS,
    EXCLUDED_CREDENTIAL_EXISTS,
    RP_MISCONFIGURED,
    UNSUPPORTED,
    INTERRUPTED,
    ABORTED,
    INVALID_REQUEST,
    UNKNOWN,
}

/**
 * Performs one passkey request. Implementations answer every request with an outcome and never
 * throw, except CancellationException when the caller cancels (the caller answers Aborted).
 */
fun interface PasskeyProvider {
    suspend fun perform(request: PasskeyRequest): PasskeyOutcome
}
