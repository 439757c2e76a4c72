// android.os.Build: the fields uniffi's bindings read to pick a cleaner.
// Source: https://developer.android.com/reference/android/os/Build.VERSION and
// Build.VERSION_CODES (UPSIDE_DOWN_CAKE = 34), android.jar API 35.
// On the JVM SDK_INT is 0, so the bindings take their JNA cleaner, as below API 34.
package android.os

object Build {
    object VERSION {
        @JvmField val SDK_INT: Int = 0
    }

    object VERSION_CODES {
        const val UPSIDE_DOWN_CAKE: Int = 34
    }
}
