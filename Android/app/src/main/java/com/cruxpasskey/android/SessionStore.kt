// Keeps the view model's session token in EncryptedSharedPreferences (keys in the Android
// Keystore). Failures are logged and otherwise ignored: at worst the person signs in again.

package com.cruxpasskey.android

import android.content.Context
import android.content.SharedPreferences
import android.util.Log
import androidx.security.crypto.EncryptedSharedPreferences
import androidx.security.crypto.MasterKey

class SessionStore(context: Context) {
    private val preferences: SharedPreferences? = try {
        val key = MasterKey.Builder(context).setKeyScheme(MasterKey.KeyScheme.AES256_GCM).build()
        EncryptedSharedPreferences.create(
            context,
            FILE,
            key,
            EncryptedSharedPreferences.PrefKeyEncryptionScheme.AES256_SIV,
            EncryptedSharedPreferences.PrefValueEncryptionScheme.AES256_GCM,
        )
    } catch (e: Exception) {
        Log.w(TAG, "encrypted preferences are unavailable; the session will not be kept", e)
        null
    }

    fun load(): String? = try {
        preferences?.getString(KEY, null)
    } catch (e: Exception) {
        Log.w(TAG, "reading the session token failed", e)
        null
    }

    fun save(token: String) {
        try {
            preferences?.edit()?.putString(KEY, token)?.apply()
        } catch (e: Exception) {
            Log.w(TAG, "storing the session token failed", e)
        }
    }

    fun delete() {
        try {
            preferences?.edit()?.remove(KEY)?.apply()
        } catch (e: Exception) {
            Log.w(TAG, "deleting the session token failed", e)
        }
    }

    private companion object {
        const val FILE = "crux_passkey_session"
        const val KEY = "session_token"
        const val TAG = "SessionStore"
    }
}
