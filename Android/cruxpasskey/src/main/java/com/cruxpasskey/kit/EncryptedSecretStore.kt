// Keeps the secret in EncryptedSharedPreferences (keys in the Android Keystore). Failures are
// answered as StoreOutcome.Failed with the platform's exception, never thrown: the core then
// signs in without keeping the session (SESSION_NOT_KEPT) or restores by cookie alone.
//
// androidx.security:security-crypto is deprecated upstream; it is still the simplest encrypted
// store. The app's manifest must turn backups off: a restore on another device could not read
// a value encrypted with this device's Keystore key.

package com.cruxpasskey.kit

import android.content.Context
import android.content.SharedPreferences
import androidx.security.crypto.EncryptedSharedPreferences
import androidx.security.crypto.MasterKey
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import kotlin.coroutines.cancellation.CancellationException

class EncryptedSecretStore(
    context: Context,
    private val fileName: String = "crux_passkey_session",
    private val key: String = "session",
) : SecretStore {
    private val appContext: Context = context.applicationContext

    // Opened on first use, off the main thread: creating the master key touches the Keystore.
    private var preferences: SharedPreferences? = null

    override suspend fun load(): StoreOutcome = io { prefs -> StoreOutcome.Loaded(prefs.getString(key, null)) }

    override suspend fun save(value: String): StoreOutcome = io { prefs ->
        // commit, not apply: the core must hear whether the value was really kept.
        if (prefs.edit().putString(key, value).commit()) StoreOutcome.Done else StoreOutcome.Failed("the write was not committed")
    }

    override suspend fun delete(): StoreOutcome = io { prefs ->
        if (prefs.edit().remove(key).commit()) StoreOutcome.Done else StoreOutcome.Failed("the delete was not committed")
    }

    private suspend fun io(action: (SharedPreferences) -> StoreOutcome): StoreOutcome = withContext(Dispatchers.IO) {
        try {
            action(open())
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            // GeneralSecurityException and IOException from the Keystore or the file, or a
            // corrupt value (SecurityException / IllegalStateException from the decryption).
            StoreOutcome.Failed(e.toString())
        }
    }

    @Synchronized
    private fun open(): SharedPreferences = preferences ?: run {
        val masterKey = MasterKey.Builder(appContext).setKeyScheme(MasterKey.KeyScheme.AES256_GCM).build()
        EncryptedSharedPreferences.create(
            appContext,
            fileName,
            masterKey,
            EncryptedSharedPreferences.PrefKeyEncryptionScheme.AES256_SIV,
            EncryptedSharedPreferences.PrefValueEncryptionScheme.AES256_GCM,
        ).also { preferences = it }
    }
}
