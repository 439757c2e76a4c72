// android.system.SystemCleaner (API 33): `public static Cleaner cleaner()`.
// Source: https://developer.android.com/reference/android/system/SystemCleaner
// Never called on the JVM (Build.VERSION.SDK_INT is 0 there).
package android.system

object SystemCleaner {
    @JvmStatic
    fun cleaner(): java.lang.ref.Cleaner = throw NotImplementedError("android.system.SystemCleaner is Android only")
}
