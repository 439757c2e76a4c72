// androidx.credentials.exceptions.publickeycredential, androidx.credentials 1.6.0: the DOM
// exceptions, `type` = the library's prefix constant (ending in "/") + the DomError's type, and
// (new in 1.6.0) the signal exceptions.
// Source: https://developer.android.com/reference/kotlin/androidx/credentials/exceptions/publickeycredential/CreatePublicKeyCredentialDomException
// and GetPublicKeyCredentialDomException; the parents' constructors are internal upstream.
// The signal family: .../publickeycredential/SignalCredentialStateException and its subclasses
// SignalCredentialStateProviderConfigurationException, SignalCredentialSecurityException,
// SignalCredentialUnknownException, SignalCredentialRateLimitExceededException (androidx's
// restricted_1.6.0-rc01.txt and the classes' sources, whose TYPE_… constants are the strings
// below). The kit names a signal exception by its class.
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

// `type` is a constructor parameter only: upstream's property is @RestrictTo(LIBRARY_GROUP) (lint's
// RestrictedApi), so a kit that read it would compile on Android and fail lint; here it fails.
abstract class SignalCredentialStateException internal constructor(
    @Suppress("UNUSED_PARAMETER") type: String,
    errorMessage: CharSequence? = null,
) : Exception(errorMessage?.toString())

class SignalCredentialStateProviderConfigurationException @JvmOverloads constructor(errorMessage: CharSequence? = null) :
    SignalCredentialStateException("androidx.credentials.SignalCredentialStateException.TYPE_PROVIDER_CONFIGURATION", errorMessage)

class SignalCredentialSecurityException @JvmOverloads constructor(errorMessage: CharSequence? = null) :
    SignalCredentialStateException("androidx.credentials.SignalCredentialStateException.TYPE_SECURITY", errorMessage)

class SignalCredentialUnknownException @JvmOverloads constructor(errorMessage: CharSequence? = null) :
    SignalCredentialStateException("androidx.credentials.SignalCredentialStateException.TYPE_UNKNOWN", errorMessage)

class SignalCredentialRateLimitExceededException @JvmOverloads constructor(
    val retryMillis: Long,
    errorMessage: CharSequence? = null,
) : SignalCredentialStateException("androidx.credentials.SignalCredentialStateException.RATE_LIMIT_EXCEEDED", errorMessage)
