// Small rules the screens follow, kept out of Compose so the JVM check can run them.

package com.cruxpasskey.android.core

import com.cruxpasskey.shared.types.AuthViewModel
import com.cruxpasskey.shared.types.PasskeyList
import com.cruxpasskey.shared.types.Screen

object ViewRules {
    /** Buttons that start something wait while the core is busy (it would drop the intent). */
    fun canStart(auth: AuthViewModel): Boolean = !auth.busy

    /** Sign-out always works, even while busy: the core ends whatever is under way. */
    fun canSignOut(auth: AuthViewModel): Boolean = auth.screen == Screen.SIGNEDIN

    /** A count only when the list is known for sure. */
    fun passkeyHeading(auth: AuthViewModel): String = when (auth.passkeyList) {
        PasskeyList.LOADED -> "Your passkeys (${auth.passkeys.size})"
        PasskeyList.UNKNOWN, PasskeyList.LOADING, PasskeyList.FAILED -> "Your passkeys"
    }

    /** What to say instead of the list when it is not known. */
    fun passkeyListNote(auth: AuthViewModel): String? = when (auth.passkeyList) {
        PasskeyList.LOADED -> null
        PasskeyList.UNKNOWN, PasskeyList.LOADING -> "Loading your passkeys…"
        PasskeyList.FAILED -> "Your passkeys couldn't be loaded. Try Refresh."
    }
}
