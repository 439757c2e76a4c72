// The Android shell's pure passkey mapping, kept in one file so it is easy to review:
//   1. L3 options JSON  -> Credential Manager requests (the JSON is passed through unchanged);
//   2. platform result  -> RegistrationResponseJSON / AuthenticationResponseJSON (unchanged);
//   3. platform error   -> PasskeyError (DESIGN §2), the exception type and message kept.
// shells_check/test_shells.py reads the `is X -> PasskeyErrorKind.Y` lines below to check and
// print the error table.

package com.cruxpasskey.android

import androidx.credentials.CreateCredentialResponse
import androidx.credentials.CreatePublicKeyCredentialRequest
import androidx.credentials.CreatePublicKeyCredentialResponse
import androidx.credentials.Credential
import androidx.credentials.GetCredentialRequest
import androidx.credentials.GetPublicKeyCredentialOption
import androidx.credentials.PublicKeyCredential
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
import androidx.credentials.exceptions.publickeycredential.CreatePublicKeyCredentialException
import androidx.credentials.exceptions.publickeycredential.GetPublicKeyCredentialDomException
import androidx.credentials.exceptions.publickeycredential.GetPublicKeyCredentialException
import com.cruxpasskey.shared.types.PasskeyError
import com.cruxpasskey.shared.types.PasskeyErrorKind
import com.cruxpasskey.shared.types.PasskeyResult

/** Failures the shell itself detects. */
enum class ShellFailure {
    /** Autofill turned off, or a newer request replaced this one: the job was cancelled. */
    ABORTED_BY_SHELL,

    /** No activity to show Credential Manager's UI from (the app is in the background). */
    NO_ACTIVITY,

    /** CreatePublicKeyCredentialRequest / GetPublicKeyCredentialOption rejected the JSON. */
    INVALID_OPTIONS,

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
    // 1. Options JSON -> requests: Credential Manager takes the L3 JSON as it is (DESIGN §2).

    fun createRequest(optionsJson: String) = CreatePublicKeyCredentialRequest(optionsJson)

    /**
     * Conditional mediation asks only for credentials already on this device, so Credential
     * Manager answers NoCredentials at once instead of offering other devices (see PasskeyEffect).
     */
    fun getRequest(optionsJson: String, conditional: Boolean) = GetCredentialRequest(
        credentialOptions = listOf(GetPublicKeyCredentialOption(optionsJson)),
        preferImmediatelyAvailableCredentials = conditional,
    )

    // 2. Results -> response JSON, passed through unchanged.

    fun registrationResult(response: CreateCredentialResponse): PasskeyResult = when (response) {
        is CreatePublicKeyCredentialResponse -> PasskeyResult.Ok(response.registrationResponseJson)
        else -> PasskeyResult.Err(shellError(ShellFailure.UNEXPECTED_CREDENTIAL, "unexpected response ${response.type}"))
    }

    fun authenticationResult(credential: Credential): PasskeyResult = when (credential) {
        is PublicKeyCredential -> PasskeyResult.Ok(credential.authenticationResponseJson)
        else -> PasskeyResult.Err(shellError(ShellFailure.UNEXPECTED_CREDENTIAL, "unexpected credential ${credential.type}"))
    }

    // 3. Errors -> PasskeyError.

    fun createError(e: CreateCredentialException): PasskeyError {
        val kind = when (e) {
            is CreateCredentialCancellationException -> PasskeyErrorKind.CANCELLED
            is CreateCredentialInterruptedException -> PasskeyErrorKind.INTERRUPTED
            is CreateCredentialProviderConfigurationException -> PasskeyErrorKind.UNSUPPORTED
            is CreateCredentialUnsupportedException -> PasskeyErrorKind.UNSUPPORTED
            is CreateCredentialNoCreateOptionException -> PasskeyErrorKind.UNSUPPORTED
            is CreatePublicKeyCredentialDomException -> domErrorKind(e.domError, creating = true)
            is CreateCredentialUnknownException -> signalKind(e.errorMessage) ?: PasskeyErrorKind.UNKNOWN
            is CreateCredentialCustomException -> signalKind(e.errorMessage) ?: PasskeyErrorKind.UNKNOWN
            is CreatePublicKeyCredentialException -> PasskeyErrorKind.UNKNOWN
            else -> PasskeyErrorKind.UNKNOWN
        }
        return PasskeyError(kind, describe(e, e.type, e.errorMessage))
    }

    fun getError(e: GetCredentialException): PasskeyError {
        val kind = when (e) {
            is GetCredentialCancellationException -> PasskeyErrorKind.CANCELLED
            is GetCredentialInterruptedException -> PasskeyErrorKind.INTERRUPTED
            is NoCredentialException -> PasskeyErrorKind.NOCREDENTIALS
            is GetCredentialProviderConfigurationException -> PasskeyErrorKind.UNSUPPORTED
            is GetCredentialUnsupportedException -> PasskeyErrorKind.UNSUPPORTED
            is GetPublicKeyCredentialDomException -> domErrorKind(e.domError, creating = false)
            is GetCredentialUnknownException -> signalKind(e.errorMessage) ?: PasskeyErrorKind.UNKNOWN
            is GetCredentialCustomException -> signalKind(e.errorMessage) ?: PasskeyErrorKind.UNKNOWN
            is GetPublicKeyCredentialException -> PasskeyErrorKind.UNKNOWN
            else -> PasskeyErrorKind.UNKNOWN
        }
        return PasskeyError(kind, describe(e, e.type, e.errorMessage))
    }

    /**
     * The WebAuthn DOMException names, read as WebAuthn and the web shell (error_names.rs) read
     * them. InvalidStateError means an excluded credential only when creating.
     */
    fun domErrorKind(error: DomError, creating: Boolean): PasskeyErrorKind = when (error) {
        is NotAllowedError -> PasskeyErrorKind.CANCELLED
        is AbortError -> PasskeyErrorKind.ABORTED
        is InvalidStateError -> if (creating) PasskeyErrorKind.EXCLUDEDCREDENTIALEXISTS else PasskeyErrorKind.INVALIDREQUEST
        is SecurityError -> PasskeyErrorKind.RPMISCONFIGURED
        is NotSupportedError -> PasskeyErrorKind.UNSUPPORTED
        is ConstraintError -> PasskeyErrorKind.UNSUPPORTED
        is OptOutError -> PasskeyErrorKind.CANCELLED
        is TimeoutError -> PasskeyErrorKind.INTERRUPTED
        is NetworkError -> PasskeyErrorKind.INTERRUPTED
        is NotReadableError -> PasskeyErrorKind.INTERRUPTED
        is DataError -> PasskeyErrorKind.INVALIDREQUEST
        is EncodingError -> PasskeyErrorKind.INVALIDREQUEST
        is SyntaxError -> PasskeyErrorKind.INVALIDREQUEST
        is InvalidCharacterError -> PasskeyErrorKind.INVALIDREQUEST
        is DataCloneError -> PasskeyErrorKind.UNKNOWN
        is HierarchyRequestError -> PasskeyErrorKind.UNKNOWN
        is InUseAttributeError -> PasskeyErrorKind.UNKNOWN
        is InvalidModificationError -> PasskeyErrorKind.UNKNOWN
        is InvalidNodeTypeError -> PasskeyErrorKind.UNKNOWN
        is NamespaceError -> PasskeyErrorKind.UNKNOWN
        is NoModificationAllowedError -> PasskeyErrorKind.UNKNOWN
        is NotFoundError -> PasskeyErrorKind.UNKNOWN
        is OperationError -> PasskeyErrorKind.UNKNOWN
        is QuotaExceededError -> PasskeyErrorKind.UNKNOWN
        is ReadOnlyError -> PasskeyErrorKind.UNKNOWN
        is TransactionInactiveError -> PasskeyErrorKind.UNKNOWN
        is UnknownError -> PasskeyErrorKind.UNKNOWN
        is VersionError -> PasskeyErrorKind.UNKNOWN
        is WrongDocumentError -> PasskeyErrorKind.UNKNOWN
        else -> PasskeyErrorKind.UNKNOWN
    }

    fun signalKind(message: CharSequence?): PasskeyErrorKind? {
        val text = message?.toString()?.lowercase() ?: return null
        val signal = TextSignal.entries.firstOrNull { signal -> signal.needles.any { text.contains(it) } }
        return when (signal) {
            TextSignal.NOT_ASSOCIATED -> PasskeyErrorKind.RPMISCONFIGURED
            null -> null
        }
    }

    fun shellKind(failure: ShellFailure): PasskeyErrorKind = when (failure) {
        ShellFailure.ABORTED_BY_SHELL -> PasskeyErrorKind.ABORTED
        ShellFailure.NO_ACTIVITY -> PasskeyErrorKind.INTERRUPTED
        ShellFailure.INVALID_OPTIONS -> PasskeyErrorKind.INVALIDREQUEST
        ShellFailure.UNEXPECTED_CREDENTIAL -> PasskeyErrorKind.UNKNOWN
        ShellFailure.OTHER_EXCEPTION -> PasskeyErrorKind.UNKNOWN
    }

    fun shellError(failure: ShellFailure, message: String): PasskeyError =
        PasskeyError(shellKind(failure), "${failure.name}: $message")

    private fun describe(e: Exception, type: String, message: CharSequence?): String {
        val dom = when (e) {
            is CreatePublicKeyCredentialDomException -> " ${e.domError.type}"
            is GetPublicKeyCredentialDomException -> " ${e.domError.type}"
            else -> ""
        }
        return "${e.javaClass.simpleName} ($type$dom): ${message ?: ""}"
    }
}
