// android.content.Context (getApplicationContext) and SharedPreferences with its Editor
// (getString, edit, putString, remove, commit, apply), android.jar API 35.
// Source: https://developer.android.com/reference/android/content/Context,
// https://developer.android.com/reference/android/content/SharedPreferences
package android.content

abstract class Context {
    abstract val applicationContext: Context
}

interface SharedPreferences {
    fun getString(key: String, defValue: String?): String?

    fun edit(): Editor

    interface Editor {
        fun putString(key: String, value: String?): Editor

        fun remove(key: String): Editor

        fun commit(): Boolean

        fun apply()
    }
}
