// Small rules the screens follow, kept out of Compose so the JVM check can run them.

package com.cruxpasskey.android.core

import com.cruxpasskey.shared.types.Activity
import com.cruxpasskey.shared.types.AuthViewModel
import com.cruxpasskey.shared.types.Passkey
import com.cruxpasskey.shared.types.PasskeyList
import com.cruxpasskey.shared.types.Screen

object ViewRules {
    /** What is under way, in words; null when nothing is. An exhaustive `when`: a new activity is a compile error. */
    fun activityLabel(activity: Activity): String? = when (activity) {
        Activity.IDLE -> null
        Activity.RESTORINGSESSION -> "Checking your session…"
        Activity.SIGNINGUP -> "Creating your account…"
        Activity.SIGNINGIN -> "Signing in…"
        Activity.SIGNINGOUT -> "Signing out…"
        Activity.SIGNINGOUTEVERYWHERE -> "Signing out everywhere…"
        Activity.LOADINGPASSKEYS -> "Loading passkeys…"
        Activity.ADDINGPASSKEY -> "Adding a passkey…"
        Activity.CHANGINGDISPLAYNAME -> "Changing your name…"
        Activity.RENAMINGPASSKEY -> "Renaming…"
        Activity.DELETINGPASSKEY -> "Deleting…"
        Activity.REAUTHENTICATING -> "Confirming it's you…"
    }

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

    /**
     * A new display name may be sent when nothing is under way, it is not blank and it differs
     * from the current one (the core checks it again and the server has the last word).
     */
    fun canChangeDisplayName(auth: AuthViewModel, newName: String): Boolean =
        auth.screen == Screen.SIGNEDIN && !auth.busy && newName.isNotBlank() && newName.trim() != auth.user?.displayName

    /** The passkey manager or authenticator holding a passkey, when the server knows it; nothing otherwise. */
    fun providerLabel(passkey: Passkey): String? = passkey.provider?.name?.takeIf { it.isNotBlank() }
}
