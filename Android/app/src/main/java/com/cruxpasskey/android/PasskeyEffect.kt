// Runs the core's Passkey effect with Credential Manager. The options JSON goes to the platform
// and the response JSON comes back unchanged (PasskeyMapping); every exception becomes a
// PasskeyError, so each request answers exactly once. Cancelling the coroutine (autofill turned
// off, or a newer request) cancels the Credential Manager call; Core answers it Aborted.
//
// Conditional mediation: Credential Manager's in-field autofill (PendingGetCredentialRequest)
// attaches to classic Views only, not Compose text fields. So, as Android's documentation
// recommends for a sign-in screen, the conditional request is a getCredential call made when
// the screen opens, restricted to credentials already on this device
// (preferImmediatelyAvailableCredentials): the selector appears only if this device holds a
// passkey for the site, and otherwise NoCredentials comes back at once, which the core treats
// quietly for autofill.

package com.cruxpasskey.android

import android.app.Activity
import androidx.credentials.CredentialManager
import androidx.credentials.exceptions.CreateCredentialException
import androidx.credentials.exceptions.GetCredentialException
import com.cruxpasskey.shared.types.Mediation
import com.cruxpasskey.shared.types.PasskeyOperation
import com.cruxpasskey.shared.types.PasskeyResult
import java.lang.ref.WeakReference
import kotlin.coroutines.cancellation.CancellationException

class PasskeyEffect {
    private var activityRef: WeakReference<Activity>? = null

    /** Credential Manager shows its UI from an activity; MainActivity registers itself. */
    fun attach(activity: Activity) {
        activityRef = WeakReference(activity)
    }

    fun detach(activity: Activity) {
        if (activityRef?.get() === activity) {
            activityRef = null
        }
    }

    suspend fun perform(operation: PasskeyOperation): PasskeyResult {
        val activity = activityRef?.get()
            ?: return PasskeyResult.Err(PasskeyMapping.shellError(ShellFailure.NO_ACTIVITY, "no activity to show the passkey UI from"))
        val manager = CredentialManager.create(activity)
        return when (operation) {
            is PasskeyOperation.Create -> create(manager, activity, operation.optionsJson)
            is PasskeyOperation.Get -> when (operation.mediation) {
                Mediation.MODAL -> get(manager, activity, operation.optionsJson, conditional = false)
                Mediation.CONDITIONAL -> get(manager, activity, operation.optionsJson, conditional = true)
            }
        }
    }

    private suspend fun create(manager: CredentialManager, activity: Activity, optionsJson: String): PasskeyResult =
        try {
            val request = PasskeyMapping.createRequest(optionsJson)
            PasskeyMapping.registrationResult(manager.createCredential(activity, request))
        } catch (e: CreateCredentialException) {
            PasskeyResult.Err(PasskeyMapping.createError(e))
        } catch (e: CancellationException) {
            throw e
        } catch (e: IllegalArgumentException) {
            PasskeyResult.Err(PasskeyMapping.shellError(ShellFailure.INVALID_OPTIONS, e.message ?: e.toString()))
        } catch (e: Exception) {
            PasskeyResult.Err(PasskeyMapping.shellError(ShellFailure.OTHER_EXCEPTION, e.toString()))
        }

    private suspend fun get(manager: CredentialManager, activity: Activity, optionsJson: String, conditional: Boolean): PasskeyResult =
        try {
            val request = PasskeyMapping.getRequest(optionsJson, conditional)
            PasskeyMapping.authenticationResult(manager.getCredential(activity, request).credential)
        } catch (e: GetCredentialException) {
            PasskeyResult.Err(PasskeyMapping.getError(e))
        } catch (e: CancellationException) {
            throw e
        } catch (e: IllegalArgumentException) {
            PasskeyResult.Err(PasskeyMapping.shellError(ShellFailure.INVALID_OPTIONS, e.message ?: e.toString()))
        } catch (e: Exception) {
            PasskeyResult.Err(PasskeyMapping.shellError(ShellFailure.OTHER_EXCEPTION, e.toString()))
        }
}
