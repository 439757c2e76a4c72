// When the shell offers this device's passkeys (the core's StartAutofill): at most once per
// visit of the signed-out screen, and never on the visit that follows a sign-out the person
// asked for. It lives as long as the ViewModel, so a rotation is not a new visit.

package com.cruxpasskey.android.core

import com.cruxpasskey.shared.types.AuthViewModel
import com.cruxpasskey.shared.types.Screen

class AutofillPolicy {
    private var screen: Screen? = null
    private var offeredThisVisit = false
    private var personSignedOut = false

    /** The person tapped "Sign out": the sign-in screen they land on stays quiet. */
    fun signOutRequested() {
        personSignedOut = true
    }

    /** Called with every view; true when StartAutofill should be sent now. */
    fun shouldStart(auth: AuthViewModel, canShowUi: Boolean): Boolean {
        if (auth.screen != screen) {
            screen = auth.screen
            if (auth.screen == Screen.SIGNEDOUT) {
                offeredThisVisit = personSignedOut
                personSignedOut = false
            }
        }
        val ready = auth.screen == Screen.SIGNEDOUT && auth.serverConfigured && !auth.busy && !auth.autofillActive && canShowUi
        if (!ready || offeredThisVisit) return false
        offeredThisVisit = true
        return true
    }
}
