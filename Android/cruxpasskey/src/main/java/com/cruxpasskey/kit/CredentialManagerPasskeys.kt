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
//
// Signals (WebAuthn's Signal API: CredentialManager.signalCredentialState, androidx.credentials
// 1.6) show no UI: they need a context, not an activity, and run beside an open conditional Get
// without touching it. Providers take them on Android 15+; elsewhere the call fails and the
// answer is UNSUPPORTED (or another kind), which the core ignores.

package com.cruxpasskey.kit

import android.app.Activity
import android.content.Context
import androidx.credentials.CredentialManager
import androidx.credentials.exceptions.CreateCredentialException
import androidx.credentials.exceptions.GetCredentialException
import androidx.credentials.exceptions.publickeycredential.SignalCredentialStateException
import java.lang.ref.WeakReference
import kotlin.coroutines.cancellation.CancellationException

/**
 * @param appContext the application context signals are sent from (they need no activity);
 *   without it, the attached activity's application context.
 * @param managerFor how a CredentialManager is made for a context (the JVM check passes a fake).
 */
class CredentialManagerPasskeys(
    private val appContext: Context? = null,
    private val managerFor: (Context) -> CredentialManager = { CredentialManager.create(it) },
) : PasskeyProvider {
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

    override suspend fun perform(request: PasskeyRequest): PasskeyOutcome = when (request) {
        is PasskeyRequest.Create -> ceremony { activity, manager ->
            PasskeyMapping.registrationOutcome(manager.createCredential(activity, PasskeyMapping.createRequest(request.optionsJson)))
        }
        is PasskeyRequest.Get -> ceremony { activity, manager ->
            PasskeyMapping.authenticationOutcome(
                manager.getCredential(activity, PasskeyMapping.getRequest(request.optionsJson, request.conditional)).credential,
            )
        }
        is PasskeyRequest.Signal -> signal(request)
    }

    /** A create or get: Credential Manager shows its sheet from the attached activity. */
    private suspend fun ceremony(call: suspend (Activity, CredentialManager) -> PasskeyOutcome): PasskeyOutcome {
        val activity = activityRef?.get()
            ?: return PasskeyMapping.shellFailure(ShellFailure.NO_ACTIVITY, "no activity to show the passkey UI from")
        return try {
            call(activity, managerFor(activity))
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

    /** A signal: no sheet, so any context will do; SignalCredentialStateResponse carries nothing. */
    private suspend fun signal(request: PasskeyRequest.Signal): PasskeyOutcome {
        val context = appContext ?: activityRef?.get()?.applicationContext
            ?: return PasskeyMapping.shellFailure(ShellFailure.NO_ACTIVITY, "no context to reach Credential Manager from")
        return try {
            managerFor(context).signalCredentialState(PasskeyMapping.signalStateRequest(request.signal, request.json))
            PasskeyOutcome.Signalled
        } catch (e: SignalCredentialStateException) {
            PasskeyMapping.signalStateError(e)
        } catch (e: CancellationException) {
            throw e
        } catch (e: IllegalArgumentException) {
            // Each Signal…Request validates its JSON in its constructor.
            PasskeyMapping.shellFailure(ShellFailure.INVALID_OPTIONS, e.message ?: e.toString())
        } catch (e: UnsupportedOperationException) {
            // A CredentialManager without signalCredentialState (the interface's default).
            PasskeyMapping.shellFailure(ShellFailure.UNSUPPORTED_CALL, e.toString())
        } catch (e: Exception) {
            PasskeyMapping.shellFailure(ShellFailure.OTHER_EXCEPTION, e.toString())
        }
    }
}
