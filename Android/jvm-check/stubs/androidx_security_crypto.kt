// androidx.security.crypto, androidx.security:security-crypto 1.1.0-alpha06: MasterKey.Builder
// (context, setKeyScheme, build), MasterKey.KeyScheme.AES256_GCM and the static
// EncryptedSharedPreferences.create(context, fileName, masterKey, keyScheme, valueScheme).
// Source: https://developer.android.com/reference/kotlin/androidx/security/crypto/MasterKey.Builder
// and https://developer.android.com/reference/kotlin/androidx/security/crypto/EncryptedSharedPreferences
// The Keystore is Android only: build() and create() throw here, and the JVM check stores the
// session through an in-memory SecretStore instead.
package androidx.security.crypto

import android.content.Context
import android.content.SharedPreferences

class MasterKey private constructor() {
    enum class KeyScheme { AES256_GCM }

    class Builder(context: Context) {
        fun setKeyScheme(keyScheme: KeyScheme): Builder = this

        fun build(): MasterKey = throw NotImplementedError("the Android Keystore is Android only")
    }
}

class EncryptedSharedPreferences private constructor() {
    enum class PrefKeyEncryptionScheme { AES256_SIV }

    enum class PrefValueEncryptionScheme { AES256_GCM }

    companion object {
        @JvmStatic
        fun create(
            context: Context,
            fileName: String,
            masterKey: MasterKey,
            prefKeyEncryptionScheme: PrefKeyEncryptionScheme,
            prefValueEncryptionScheme: PrefValueEncryptionScheme,
        ): SharedPreferences = throw NotImplementedError("EncryptedSharedPreferences is Android only")
    }
}
