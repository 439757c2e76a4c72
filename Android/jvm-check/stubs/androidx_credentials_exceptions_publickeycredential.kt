// androidx.credentials.exceptions.publickeycredential, androidx.credentials 1.5.0: the DOM
// exceptions, `type` = the library's prefix constant (ending in "/") + the DomError's type.
// Source: https://developer.android.com/reference/kotlin/androidx/credentials/exceptions/publickeycredential/CreatePublicKeyCredentialDomException
// and GetPublicKeyCredentialDomException; the parents' constructors are internal upstream.
package androidx.credentials.exceptions.publickeycredential

import androidx.credentials.exceptions.CreateCredentialException
import androidx.credentials.exceptions.GetCredentialException
import androidx.credentials.exceptions.domerrors.DomError

open class CreatePublicKeyCredentialException internal constructor(
    override val type: String,
    errorMessage: CharSequence? = null,
) : CreateCredentialException(type, errorMessage)

class CreatePublicKeyCredentialDomException @JvmOverloads constructor(
    val domError: DomError,
    errorMessage: CharSequence? = null,
) : CreatePublicKeyCredentialException("androidx.credentials.TYPE_CREATE_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION/" + domError.type, errorMessage)

open class GetPublicKeyCredentialException internal constructor(
    override val type: String,
    errorMessage: CharSequence? = null,
) : GetCredentialException(type, errorMessage)

class GetPublicKeyCredentialDomException @JvmOverloads constructor(
    val domError: DomError,
    errorMessage: CharSequence? = null,
) : GetPublicKeyCredentialException("androidx.credentials.TYPE_GET_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION/" + domError.type, errorMessage)
