// androidx.credentials 1.5.0 (artifact androidx.credentials:credentials): the classes the kit
// builds and reads. Signatures from https://developer.android.com/reference/kotlin/androidx/credentials/
// (CredentialManager, CreatePublicKeyCredentialRequest, GetCredentialRequest,
// GetPublicKeyCredentialOption, GetCredentialResponse, CreateCredentialResponse,
// CreatePublicKeyCredentialResponse, Credential, PublicKeyCredential). Parameters the kit never
// passes (Bundle data, ComponentName sets, client data hashes) are left out; the type strings
// are the library's constants. The requests do not validate their JSON here (the real ones do):
// no test relies on that.
package androidx.credentials

import android.content.Context

interface CredentialManager {
    suspend fun createCredential(context: Context, request: CreateCredentialRequest): CreateCredentialResponse

    suspend fun getCredential(context: Context, request: GetCredentialRequest): GetCredentialResponse

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
