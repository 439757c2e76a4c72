// Performs passkey requests with Credential Manager. The options JSON goes to the platform and
// the response JSON comes back unchanged (PasskeyMapping); every exception becomes a failure
// kind, so each request is answered exactly once. Cancelling the coroutine (autofill turned off,
// or a newer request) cancels the Credential Manager call; the caller answers it Aborted.
//
// Conditional mediation: Credential Manager's in-field autofill (PendingGetCredentialRequest,
// androidx.credentials 1.5 on Android 15+) attaches to classic Views only, not to Compose text
// fields, and reports no errors. So, as Android's documentation recommends for a sign-in screen,
// a conditional request is a getCredential call made when the screen opens, restricted to
// credentials already on this device (preferImmediatelyAvailableCredentials): the selector
// appears only if this device holds a passkey for the site; otherwise NoCredentialException
// comes back at once, which the core treats quietly for autofill.

package com.cruxpasskey.kit

import android.app.Activity
import androidx.credentials.CredentialManager
import androidx.credentials.exceptions.CreateCredentialException
import androidx.credentials.exceptions.GetCredentialException
import java.lang.ref.WeakReference
import kotlin.coroutines.cancellation.CancellationException

class CredentialManagerPasskeys : PasskeyProvider {
    private var activityRef: WeakReference<Activity>? = null

    /** Credential Manager shows its UI from an activity; the app registers its current one. */
    fun attach(activity: Activity) {
        activityRef = WeakReference(activity)
    }

    fun detach(activity: Activity) {
        if (activityRef?.get() === activity) {
            activityRef = null
        }
    }

    /** False while no activity is attached: a request now would fail with NO_ACTIVITY. */
    val canShowUi: Boolean get() = activityRef?.get() != null

    override suspend fun perform(request: PasskeyRequest): PasskeyOutcome {
        val activity = activityRef?.get()
            ?: return PasskeyMapping.shellFailure(ShellFailure.NO_ACTIVITY, "no activity to show the passkey UI from")
        val manager = CredentialManager.create(activity)
        return try {
            when (request) {
                is PasskeyRequest.Create -> PasskeyMapping.registrationOutcome(
                    manager.createCredential(activity, PasskeyMapping.createRequest(request.optionsJson)),
                )
                is PasskeyRequest.Get -> PasskeyMapping.authenticationOutcome(
                    manager.getCredential(activity, PasskeyMapping.getRequest(request.optionsJson, request.conditional)).credential,
                )
            }
        } catch (e: CreateCredentialException) {
            PasskeyMapping.createError(e)
        } catch (e: GetCredentialException) {
            PasskeyMapping.getError(e)
        } catch (e: CancellationException) {
            throw e
        } catch (e: IllegalArgumentException) {
            // CreatePublicKeyCredentialRequest and GetPublicKeyCredentialOption validate the JSON.
            PasskeyMapping.shellFailure(ShellFailure.INVALID_OPTIONS, e.message ?: e.toString())
        } catch (e: Exception) {
            PasskeyMapping.shellFailure(ShellFailure.OTHER_EXCEPTION, e.toString())
        }
    }
}
