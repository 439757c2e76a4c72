// androidx.credentials.exceptions, androidx.credentials 1.5.0: the create and get exceptions the
// kit maps. Constructors and public `type` / `errorMessage` as documented at
// https://developer.android.com/reference/kotlin/androidx/credentials/exceptions/ ; each `type`
// string is the library's constant, as CreateCredentialException.createFrom and
// GetCredentialException.createFrom match them (androidx source, credentials/credentials/src/
// main/java/androidx/credentials/exceptions/).
package androidx.credentials.exceptions

abstract class CreateCredentialException internal constructor(
    open val type: String,
    open val errorMessage: CharSequence? = null,
) : Exception(errorMessage?.toString())

class CreateCredentialCancellationException @JvmOverloads constructor(errorMessage: CharSequence? = null) :
    CreateCredentialException("android.credentials.CreateCredentialException.TYPE_USER_CANCELED", errorMessage)

class CreateCredentialInterruptedException @JvmOverloads constructor(errorMessage: CharSequence? = null) :
    CreateCredentialException("android.credentials.CreateCredentialException.TYPE_INTERRUPTED", errorMessage)

class CreateCredentialNoCreateOptionException @JvmOverloads constructor(errorMessage: CharSequence? = null) :
    CreateCredentialException("android.credentials.CreateCredentialException.TYPE_NO_CREATE_OPTIONS", errorMessage)

class CreateCredentialProviderConfigurationException @JvmOverloads constructor(errorMessage: CharSequence? = null) :
    CreateCredentialException("androidx.credentials.TYPE_CREATE_CREDENTIAL_PROVIDER_CONFIGURATION_EXCEPTION", errorMessage)

class CreateCredentialUnknownException @JvmOverloads constructor(errorMessage: CharSequence? = null) :
    CreateCredentialException("android.credentials.CreateCredentialException.TYPE_UNKNOWN", errorMessage)

class CreateCredentialUnsupportedException @JvmOverloads constructor(errorMessage: CharSequence? = null) :
    CreateCredentialException("androidx.credentials.TYPE_CREATE_CREDENTIAL_UNSUPPORTED_EXCEPTION", errorMessage)

class CreateCredentialCustomException @JvmOverloads constructor(
    override val type: String,
    errorMessage: CharSequence? = null,
) : CreateCredentialException(type, errorMessage)

abstract class GetCredentialException internal constructor(
    open val type: String,
    open val errorMessage: CharSequence? = null,
) : Exception(errorMessage?.toString())

class GetCredentialCancellationException @JvmOverloads constructor(errorMessage: CharSequence? = null) :
    GetCredentialException("android.credentials.GetCredentialException.TYPE_USER_CANCELED", errorMessage)

class GetCredentialInterruptedException @JvmOverloads constructor(errorMessage: CharSequence? = null) :
    GetCredentialException("android.credentials.GetCredentialException.TYPE_INTERRUPTED", errorMessage)

class NoCredentialException @JvmOverloads constructor(errorMessage: CharSequence? = null) :
    GetCredentialException("android.credentials.GetCredentialException.TYPE_NO_CREDENTIAL", errorMessage)

class GetCredentialProviderConfigurationException @JvmOverloads constructor(errorMessage: CharSequence? = null) :
    GetCredentialException("androidx.credentials.TYPE_GET_CREDENTIAL_PROVIDER_CONFIGURATION_EXCEPTION", errorMessage)

class GetCredentialUnknownException @JvmOverloads constructor(errorMessage: CharSequence? = null) :
    GetCredentialException("android.credentials.GetCredentialException.TYPE_UNKNOWN", errorMessage)

class GetCredentialUnsupportedException @JvmOverloads constructor(errorMessage: CharSequence? = null) :
    GetCredentialException("androidx.credentials.TYPE_GET_CREDENTIAL_UNSUPPORTED_EXCEPTION", errorMessage)

class GetCredentialCustomException @JvmOverloads constructor(
    override val type: String,
    errorMessage: CharSequence? = null,
) : GetCredentialException(type, errorMessage)
