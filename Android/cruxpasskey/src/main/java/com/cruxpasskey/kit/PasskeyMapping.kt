// The pure passkey mapping, in one file so it is easy to review:
//   1. options JSON     -> Credential Manager requests (the JSON passes through unchanged);
//   2. platform result  -> RegistrationResponseJSON / AuthenticationResponseJSON (unchanged);
//   3. platform error   -> PasskeyFailureKind, the exception type and message kept.
// Signals (WebAuthn's Signal API, androidx.credentials 1.6) go the same way: their JSON to a
// Signal…Request (1), and the SignalCredentialStateException family to a kind (3).
// The kinds and what the core shows for each: docs/bridge-protocol.md ("Passkey").
// shells_check/test_shells.py reads the `is X -> PasskeyFailureKind.Y` lines below to check them
// and to write shells_check/ERROR_MAPPING.md; the JVM check (Android/jvm-check) runs them.

package com.cruxpasskey.kit

import androidx.credentials.CreateCredentialResponse
import androidx.credentials.CreatePublicKeyCredentialRequest
import androidx.credentials.CreatePublicKeyCredentialResponse
import androidx.credentials.Credential
import androidx.credentials.GetCredentialRequest
import androidx.credentials.GetPublicKeyCredentialOption
import androidx.credentials.PublicKeyCredential
import androidx.credentials.SignalAllAcceptedCredentialIdsRequest
import androidx.credentials.SignalCredentialStateRequest
import androidx.credentials.SignalCurrentUserDetailsRequest
import androidx.credentials.SignalUnknownCredentialRequest
import androidx.credentials.exceptions.CreateCredentialCancellationException
import androidx.credentials.exceptions.CreateCredentialCustomException
import androidx.credentials.exceptions.CreateCredentialException
import androidx.credentials.exceptions.CreateCredentialInterruptedException
import androidx.credentials.exceptions.CreateCredentialNoCreateOptionException
import androidx.credentials.exceptions.CreateCredentialProviderConfigurationException
import androidx.credentials.exceptions.CreateCredentialUnknownException
import androidx.credentials.exceptions.CreateCredentialUnsupportedException
import androidx.credentials.exceptions.GetCredentialCancellationException
import androidx.credentials.exceptions.GetCredentialCustomException
import androidx.credentials.exceptions.GetCredentialException
import androidx.credentials.exceptions.GetCredentialInterruptedException
import androidx.credentials.exceptions.GetCredentialProviderConfigurationException
import androidx.credentials.exceptions.GetCredentialUnknownException
import androidx.credentials.exceptions.GetCredentialUnsupportedException
import androidx.credentials.exceptions.NoCredentialException
import androidx.credentials.exceptions.domerrors.AbortError
import androidx.credentials.exceptions.domerrors.ConstraintError
import androidx.credentials.exceptions.domerrors.DataCloneError
import androidx.credentials.exceptions.domerrors.DataError
import androidx.credentials.exceptions.domerrors.DomError
import androidx.credentials.exceptions.domerrors.EncodingError
import androidx.credentials.exceptions.domerrors.HierarchyRequestError
import androidx.credentials.exceptions.domerrors.InUseAttributeError
import androidx.credentials.exceptions.domerrors.InvalidCharacterError
import androidx.credentials.exceptions.domerrors.InvalidModificationError
import androidx.credentials.exceptions.domerrors.InvalidNodeTypeError
import androidx.credentials.exceptions.domerrors.InvalidStateError
import androidx.credentials.exceptions.domerrors.NamespaceError
import androidx.credentials.exceptions.domerrors.NetworkError
import androidx.credentials.exceptions.domerrors.NoModificationAllowedError
import androidx.credentials.exceptions.domerrors.NotAllowedError
import androidx.credentials.exceptions.domerrors.NotFoundError
import androidx.credentials.exceptions.domerrors.NotReadableError
import androidx.credentials.exceptions.domerrors.NotSupportedError
import androidx.credentials.exceptions.domerrors.OperationError
import androidx.credentials.exceptions.domerrors.OptOutError
import androidx.credentials.exceptions.domerrors.QuotaExceededError
import androidx.credentials.exceptions.domerrors.ReadOnlyError
import androidx.credentials.exceptions.domerrors.SecurityError
import androidx.credentials.exceptions.domerrors.SyntaxError
import androidx.credentials.exceptions.domerrors.TimeoutError
import androidx.credentials.exceptions.domerrors.TransactionInactiveError
import androidx.credentials.exceptions.domerrors.UnknownError
import androidx.credentials.exceptions.domerrors.VersionError
import androidx.credentials.exceptions.domerrors.WrongDocumentError
import androidx.credentials.exceptions.publickeycredential.CreatePublicKeyCredentialDomException
import androidx.credentials.exceptions.publickeycredential.GetPublicKeyCredentialDomException
import androidx.credentials.exceptions.publickeycredential.SignalCredentialRateLimitExceededException
import androidx.credentials.exceptions.publickeycredential.SignalCredentialSecurityException
import androidx.credentials.exceptions.publickeycredential.SignalCredentialStateException
import androidx.credentials.exceptions.publickeycredential.SignalCredentialStateProviderConfigurationException
import androidx.credentials.exceptions.publickeycredential.SignalCredentialUnknownException

/** Failures the shell itself detects. */
enum class ShellFailure {
    /** Autofill turned off, or a newer request replaced this one: the job was cancelled. */
    ABORTED_BY_SHELL,

    /** No activity to show Credential Manager's UI from (the app is in the background). */
    NO_ACTIVITY,

    /** CreatePublicKeyCredentialRequest / GetPublicKeyCredentialOption / a Signal…Request rejected the JSON. */
    INVALID_OPTIONS,

    /** This CredentialManager has no such call (UnsupportedOperationException), e.g. no signals. */
    UNSUPPORTED_CALL,

    /** Credential Manager answered with a credential type we did not ask for. */
    UNEXPECTED_CREDENTIAL,

    /** Any other exception thrown on the way. */
    OTHER_EXCEPTION,
}

/** What an exception's text says when its type alone does not. */
enum class TextSignal(val needles: List<String>) {
    /** The app is not in the RP's assetlinks.json (or the RP id does not match the app). */
    NOT_ASSOCIATED(listOf("asset link", "assetlinks", "digital asset", "cannot be validated", "not associated", "rp id")),
}

object PasskeyMapping {
    // 1. Options JSON -> requests: Credential Manager takes the L3 JSON as it is.

    fun createRequest(optionsJson: String) = CreatePublicKeyCredentialRequest(optionsJson)

    /**
     * Conditional mediation asks only for credentials already on this device, so Credential
     * Manager answers NoCredentialException at once instead of offering other devices (see
     * CredentialManagerPasskeys).
     */
    fun getRequest(optionsJson: String, conditional: Boolean) = GetCredentialRequest(
        credentialOptions = listOf(GetPublicKeyCredentialOption(optionsJson)),
        preferImmediatelyAvailableCredentials = conditional,
    )

    /**
     * A signal's L3 JSON -> its Signal…Request (androidx.credentials 1.6). The one-argument
     * constructors: `origin` is only for browsers and privileged apps acting for another app.
     * Each constructor validates the JSON (the keys WebAuthn names, base64url ids) and throws
     * IllegalArgumentException when it does not pass.
     */
    fun signalStateRequest(signal: PasskeySignal, json: String): SignalCredentialStateRequest = when (signal) {
        PasskeySignal.UNKNOWN_CREDENTIAL -> SignalUnknownCredentialRequest(json)
        PasskeySignal.ALL_ACCEPTED_CREDENTIALS -> SignalAllAcceptedCredentialIdsRequest(json)
        PasskeySignal.CURRENT_USER_DETAILS -> SignalCurrentUserDetailsRequest(json)
    }

    // 2. Results -> response JSON, passed through unchanged.

    fun registrationOutcome(response: CreateCredentialResponse): PasskeyOutcome = when (response) {
        is CreatePublicKeyCredentialResponse -> PasskeyOutcome.Success(response.registrationResponseJson)
        else -> shellFailure(ShellFailure.UNEXPECTED_CREDENTIAL, "unexpected response ${response.type}")
    }

    fun authenticationOutcome(credential: Credential): PasskeyOutcome = when (credential) {
        is PublicKeyCredential -> PasskeyOutcome.Success(credential.authenticationResponseJson)
        else -> shellFailure(ShellFailure.UNEXPECTED_CREDENTIAL, "unexpected credential ${credential.type}")
    }

    // 3. Errors -> failure kinds. `else` is a subclass a later androidx adds.

    fun createError(e: CreateCredentialException): PasskeyOutcome.Failure {
        val kind = when (e) {
            is CreateCredentialCancellationException -> PasskeyFailureKind.CANCELLED
            is CreateCredentialInterruptedException -> PasskeyFailureKind.INTERRUPTED
            is CreateCredentialProviderConfigurationException -> PasskeyFailureKind.UNSUPPORTED
            is CreateCredentialUnsupportedException -> PasskeyFailureKind.UNSUPPORTED
            is CreateCredentialNoCreateOptionException -> PasskeyFailureKind.UNSUPPORTED
            is CreatePublicKeyCredentialDomException -> domErrorKind(e.domError, creating = true)
            is CreateCredentialUnknownException -> signalKind(e.errorMessage) ?: PasskeyFailureKind.UNKNOWN
            is CreateCredentialCustomException -> signalKind(e.errorMessage) ?: PasskeyFailureKind.UNKNOWN
            else -> PasskeyFailureKind.UNKNOWN
        }
        return PasskeyOutcome.Failure(kind, describe(e, e.type, e.errorMessage))
    }

    fun getError(e: GetCredentialException): PasskeyOutcome.Failure {
        val kind = when (e) {
            is GetCredentialCancellationException -> PasskeyFailureKind.CANCELLED
            is GetCredentialInterruptedException -> PasskeyFailureKind.INTERRUPTED
            is NoCredentialException -> PasskeyFailureKind.NO_CREDENTIALS
            is GetCredentialProviderConfigurationException -> PasskeyFailureKind.UNSUPPORTED
            is GetCredentialUnsupportedException -> PasskeyFailureKind.UNSUPPORTED
            is GetPublicKeyCredentialDomException -> domErrorKind(e.domError, creating = false)
            is GetCredentialUnknownException -> signalKind(e.errorMessage) ?: PasskeyFailureKind.UNKNOWN
            is GetCredentialCustomException -> signalKind(e.errorMessage) ?: PasskeyFailureKind.UNKNOWN
            else -> PasskeyFailureKind.UNKNOWN
        }
        return PasskeyOutcome.Failure(kind, describe(e, e.type, e.errorMessage))
    }

    /**
     * A signal the platform refused. No provider that takes signals (below Android 15, or the
     * provider dependency missing) is UNSUPPORTED; a refusal (not allowed, a permission missing)
     * reads like SecurityError; a rate limit is transient. The core ignores every one of them.
     */
    fun signalStateError(e: SignalCredentialStateException): PasskeyOutcome.Failure {
        val kind = when (e) {
            is SignalCredentialStateProviderConfigurationException -> PasskeyFailureKind.UNSUPPORTED
            is SignalCredentialSecurityException -> PasskeyFailureKind.RP_MISCONFIGURED
            is SignalCredentialRateLimitExceededException -> PasskeyFailureKind.INTERRUPTED
            is SignalCredentialUnknownException -> signalKind(e.message) ?: PasskeyFailureKind.UNKNOWN
            else -> PasskeyFailureKind.UNKNOWN
        }
        // The exception's `type` is restricted to androidx itself (@RestrictTo): its class names it.
        val retry = if (e is SignalCredentialRateLimitExceededException) " (retry after ${e.retryMillis} ms)" else ""
        return PasskeyOutcome.Failure(kind, "${e.javaClass.simpleName}$retry: ${e.message ?: ""}")
    }

    /**
     * The WebAuthn DOMException names, read as WebAuthn and the web shell
     * (web-leptos/src/effects/error_names.rs) read them. InvalidStateError means an excluded
     * credential only when creating.
     */
    fun domErrorKind(error: DomError, creating: Boolean): PasskeyFailureKind = when (error) {
        is NotAllowedError -> PasskeyFailureKind.CANCELLED
        is AbortError -> PasskeyFailureKind.ABORTED
        is InvalidStateError -> if (creating) PasskeyFailureKind.EXCLUDED_CREDENTIAL_EXISTS else PasskeyFailureKind.INVALID_REQUEST
        is SecurityError -> PasskeyFailureKind.RP_MISCONFIGURED
        is NotSupportedError -> PasskeyFailureKind.UNSUPPORTED
        is ConstraintError -> PasskeyFailureKind.UNSUPPORTED
        is OptOutError -> PasskeyFailureKind.CANCELLED
        is TimeoutError -> PasskeyFailureKind.INTERRUPTED
        is NetworkError -> PasskeyFailureKind.INTERRUPTED
        is NotReadableError -> PasskeyFailureKind.INTERRUPTED
        is DataError -> PasskeyFailureKind.INVALID_REQUEST
        is EncodingError -> PasskeyFailureKind.INVALID_REQUEST
        is SyntaxError -> PasskeyFailureKind.INVALID_REQUEST
        is InvalidCharacterError -> PasskeyFailureKind.INVALID_REQUEST
        is DataCloneError -> PasskeyFailureKind.UNKNOWN
        is HierarchyRequestError -> PasskeyFailureKind.UNKNOWN
        is InUseAttributeError -> PasskeyFailureKind.UNKNOWN
        is InvalidModificationError -> PasskeyFailureKind.UNKNOWN
        is InvalidNodeTypeError -> PasskeyFailureKind.UNKNOWN
        is NamespaceError -> PasskeyFailureKind.UNKNOWN
        is NoModificationAllowedError -> PasskeyFailureKind.UNKNOWN
        is NotFoundError -> PasskeyFailureKind.UNKNOWN
        is OperationError -> PasskeyFailureKind.UNKNOWN
        is QuotaExceededError -> PasskeyFailureKind.UNKNOWN
        is ReadOnlyError -> PasskeyFailureKind.UNKNOWN
        is TransactionInactiveError -> PasskeyFailureKind.UNKNOWN
        is UnknownError -> PasskeyFailureKind.UNKNOWN
        is VersionError -> PasskeyFailureKind.UNKNOWN
        is WrongDocumentError -> PasskeyFailureKind.UNKNOWN
        else -> PasskeyFailureKind.UNKNOWN
    }

    fun signalKind(message: CharSequence?): PasskeyFailureKind? {
        val text = message?.toString()?.lowercase() ?: return null
        val signal = TextSignal.entries.firstOrNull { signal -> signal.needles.any { text.contains(it) } }
        return when (signal) {
            TextSignal.NOT_ASSOCIATED -> PasskeyFailureKind.RP_MISCONFIGURED
            null -> null
        }
    }

    fun shellKind(failure: ShellFailure): PasskeyFailureKind = when (failure) {
        ShellFailure.ABORTED_BY_SHELL -> PasskeyFailureKind.ABORTED
        ShellFailure.NO_ACTIVITY -> PasskeyFailureKind.INTERRUPTED
        ShellFailure.INVALID_OPTIONS -> PasskeyFailureKind.INVALID_REQUEST
        ShellFailure.UNSUPPORTED_CALL -> PasskeyFailureKind.UNSUPPORTED
        ShellFailure.UNEXPECTED_CREDENTIAL -> PasskeyFailureKind.UNKNOWN
        ShellFailure.OTHER_EXCEPTION -> PasskeyFailureKind.UNKNOWN
    }

    fun shellFailure(failure: ShellFailure, message: String): PasskeyOutcome.Failure =
        PasskeyOutcome.Failure(shellKind(failure), "${failure.name}: $message")

    private fun describe(e: Exception, type: String, message: CharSequence?): String {
        val dom = when (e) {
            is CreatePublicKeyCredentialDomException -> " ${e.domError.type}"
            is GetPublicKeyCredentialDomException -> " ${e.domError.type}"
            else -> ""
        }
        return "${e.javaClass.simpleName} ($type$dom): ${message ?: ""}"
    }
}
