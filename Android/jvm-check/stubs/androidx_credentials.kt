// androidx.credentials 1.6.0 (artifact androidx.credentials:credentials): the classes the kit
// builds and reads. Signatures from https://developer.android.com/reference/kotlin/androidx/credentials/
// (CredentialManager, CreatePublicKeyCredentialRequest, GetCredentialRequest,
// GetPublicKeyCredentialOption, GetCredentialResponse, CreateCredentialResponse,
// CreatePublicKeyCredentialResponse, Credential, PublicKeyCredential, SignalCredentialStateRequest
// and its three subclasses, SignalCredentialStateResponse) and androidx's API signature file
// credentials/credentials/api/restricted_1.6.0-rc01.txt (1.6.0 is that release candidate).
// Parameters the kit never passes (Bundle data, ComponentName sets, client data hashes) are left
// out; the type strings are the library's constants (androidx source,
// credentials/credentials/src/main/java/androidx/credentials/Signal*Request.kt). The requests do
// not validate their JSON here (the real ones do, throwing IllegalArgumentException): no test
// relies on that; the JVM check's fake manager throws what they would.
package androidx.credentials

import android.content.Context

interface CredentialManager {
    suspend fun createCredential(context: Context, request: CreateCredentialRequest): CreateCredentialResponse

    suspend fun getCredential(context: Context, request: GetCredentialRequest): GetCredentialResponse

    /**
     * 1.6.0: a `default` method (no context: signals show no UI). Throws the
     * SignalCredentialStateException family (androidx.credentials.exceptions.publickeycredential).
     */
    suspend fun signalCredentialState(request: SignalCredentialStateRequest): SignalCredentialStateResponse =
        throw NotImplementedError("Credential Manager is Android only")

    companion object {
        @JvmStatic
        fun create(context: Context): CredentialManager = throw NotImplementedError("Credential Manager is Android only")
    }
}

abstract class CreateCredentialRequest internal constructor(val type: String)

class CreatePublicKeyCredentialRequest @JvmOverloads constructor(
    val requestJson: String,
    val clientDataHash: ByteArray? = null,
    val preferImmediatelyAvailableCredentials: Boolean = false,
    val origin: String? = null,
    val isAutoSelectAllowed: Boolean = false,
    val isConditional: Boolean = false,
) : CreateCredentialRequest("androidx.credentials.TYPE_PUBLIC_KEY_CREDENTIAL")

abstract class CredentialOption internal constructor(val type: String)

class GetPublicKeyCredentialOption @JvmOverloads constructor(
    val requestJson: String,
    val clientDataHash: ByteArray? = null,
) : CredentialOption("androidx.credentials.TYPE_PUBLIC_KEY_CREDENTIAL")

class GetCredentialRequest @JvmOverloads constructor(
    val credentialOptions: List<CredentialOption>,
    val origin: String? = null,
    val preferIdentityDocUi: Boolean = false,
    val preferImmediatelyAvailableCredentials: Boolean = false,
)

class GetCredentialResponse(val credential: Credential)

abstract class CreateCredentialResponse internal constructor(val type: String)

class CreatePublicKeyCredentialResponse(
    val registrationResponseJson: String,
) : CreateCredentialResponse("androidx.credentials.TYPE_PUBLIC_KEY_CREDENTIAL")

abstract class Credential internal constructor(val type: String)

class PublicKeyCredential(
    val authenticationResponseJson: String,
) : Credential("androidx.credentials.TYPE_PUBLIC_KEY_CREDENTIAL")

abstract class SignalCredentialStateRequest internal constructor(
    val type: String,
    val requestJson: String,
    val origin: String? = null,
)

class SignalUnknownCredentialRequest(requestJson: String, origin: String?) :
    SignalCredentialStateRequest("androidx.credentials.SIGNAL_UNKNOWN_CREDENTIAL_STATE_REQUEST_TYPE", requestJson, origin) {
    constructor(requestJson: String) : this(requestJson, null)
}

class SignalAllAcceptedCredentialIdsRequest(requestJson: String, origin: String?) :
    SignalCredentialStateRequest("androidx.credentials.SIGNAL_ALL_ACCEPTED_CREDENTIALS_REQUEST_TYPE", requestJson, origin) {
    constructor(requestJson: String) : this(requestJson, null)
}

class SignalCurrentUserDetailsRequest(requestJson: String, origin: String?) :
    SignalCredentialStateRequest("androidx.credentials.SIGNAL_CURRENT_USER_DETAILS_STATE_REQUEST_TYPE", requestJson, origin) {
    constructor(requestJson: String) : this(requestJson, null)
}

class SignalCredentialStateResponse
