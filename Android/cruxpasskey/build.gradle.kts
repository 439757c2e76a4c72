import org.jetbrains.kotlin.gradle.dsl.JvmTarget

// The reusable half of the Android shell: Credential Manager passkeys, the error mapping, the
// session store, HTTP and timers, with small types of its own. It does not depend on any app's
// generated types (those live in each app's own Kotlin package); each app maps them in a thin
// adapter. See README.md.
plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.android)
}

android {
    namespace = "com.cruxpasskey.kit"
    compileSdk = 35

    defaultConfig {
        // Credential Manager passkeys need Android 9 (API 28) with Google Play services.
        minSdk = 28
        consumerProguardFiles("consumer-rules.pro")
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin {
    compilerOptions {
        jvmTarget = JvmTarget.JVM_17
    }
}

dependencies {
    // In the public API (suspend functions, exceptions mapped, OkHttpClient injected): `api`.
    api(libs.androidx.credentials)
    api(libs.okhttp)
    api(libs.kotlinx.coroutines.android)
    // The Google Play services provider (Google Password Manager) on Android 13 and below.
    implementation(libs.androidx.credentials.play.services)
    implementation(libs.androidx.security.crypto)
}
