// The passkey half of the bridge contract (docs/bridge-protocol.md, "Passkey") in the kit's own
// types, so the kit never depends on an app's generated package. An app maps its generated
// PasskeyOperation / PasskeyResult to these in a few lines.

package com.cruxpasskey.kit

/** What the core asks the platform for. The WebAuthn L3 JSON crosses untouched. */
sealed interface PasskeyRequest {
    val optionsJson: String

    /** A bare PublicKeyCredentialCreationOptionsJSON. */
    data class Create(override val optionsJson: String) : PasskeyRequest

    /** A bare PublicKeyCredentialRequestOptionsJSON; `conditional` is the core's autofill mediation. */
    data class Get(override val optionsJson: String, val conditional: Boolean) : PasskeyRequest
}

/** The answer: the platform's response JSON, or one of the contract's failure kinds. */
sealed interface PasskeyOutcome {
    data class Success(val responseJson: String) : PasskeyOutcome

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
