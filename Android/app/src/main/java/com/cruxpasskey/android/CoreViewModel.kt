// Wires the plain-Kotlin CoreBridge (core/) to Android: the cruxpasskey kit's Credential
// Manager, OkHttp, EncryptedSharedPreferences and timers, on the ViewModel's scope (the main
// thread). It outlives rotations, so autofill's once-per-visit state does too. Not compiled by
// the JVM check; everything it calls is.

package com.cruxpasskey.android

import android.app.Activity
import android.app.Application
import android.util.Log
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import com.cruxpasskey.android.core.CoreBridge
import com.cruxpasskey.android.core.KitEffects
import com.cruxpasskey.kit.CredentialManagerPasskeys
import com.cruxpasskey.kit.EncryptedSecretStore
import com.cruxpasskey.kit.OkHttpTransport
import com.cruxpasskey.kit.Timers
import com.cruxpasskey.shared.types.AuthEvent
import com.cruxpasskey.shared.types.ViewModel
import kotlinx.coroutines.flow.StateFlow

class CoreViewModel(application: Application) : AndroidViewModel(application) {
    // Signals need no activity: they go out from the application context.
    private val passkeys = CredentialManagerPasskeys(appContext = application)

    private val bridge = CoreBridge(
        parentScope = viewModelScope,
        handlers = KitEffects(
            transport = OkHttpTransport(),
            passkeys = passkeys,
            // The file and key the earlier shell used, so an old value is replaced, not left behind.
            store = EncryptedSecretStore(application, fileName = "crux_passkey_session", key = "session_token"),
            timers = Timers(viewModelScope),
            passkeyUi = { passkeys.canShowUi },
        ),
        log = { Log.w(TAG, it) },
    )

    val view: StateFlow<ViewModel> = bridge.view
    val bridgeError: StateFlow<String?> = bridge.bridgeError

    /** Credential Manager shows its sheets from the current activity. */
    fun attach(activity: Activity) {
        passkeys.attach(activity)
        bridge.passkeyUiChanged()
    }

    fun detach(activity: Activity) = passkeys.detach(activity)

    fun start() = bridge.start(BuildConfig.SERVER_BASE_URL)

    fun send(event: AuthEvent) = bridge.send(event)

    fun signOut() = bridge.signOut()

    fun signOutEverywhere() = bridge.signOutEverywhere()

    fun dismissBridgeError() = bridge.dismissBridgeError()

    override fun onCleared() {
        // Frees the Rust core and stops the timers; the scope itself is cancelled by AndroidX.
        bridge.close()
        super.onCleared()
    }

    private companion object {
        const val TAG = "CruxPasskey"
    }
}
