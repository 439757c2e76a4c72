import org.jetbrains.kotlin.gradle.dsl.JvmTarget

plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}

// The repository root (this Gradle project lives in <root>/Android).
val repoRoot: File = rootProject.projectDir.parentFile
val generated = File(repoRoot, "shared_types/generated")
val rustJniLibs = layout.buildDirectory.dir("rustJniLibs")
val rustProfile = providers.gradleProperty("cruxRustProfile").getOrElse("release")
val serverBaseUrl = providers.gradleProperty("cruxServerBaseUrl").getOrElse("http://10.0.2.2:8080/")

android {
    namespace = "com.cruxpasskey.android"
    compileSdk = 35

    defaultConfig {
        applicationId = providers.gradleProperty("cruxApplicationId").getOrElse("com.example.cruxpasskey")
        // Credential Manager passkeys need Android 9 (API 28) with Google Play services.
        minSdk = 28
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        buildConfigField("String", "SERVER_BASE_URL", "\"$serverBaseUrl\"")
    }

    buildTypes {
        debug {
            manifestPlaceholders["usesCleartextTraffic"] = "true"
        }
        release {
            manifestPlaceholders["usesCleartextTraffic"] = "false"
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    buildFeatures {
        compose = true
        buildConfig = true
    }

    sourceSets {
        getByName("main") {
            // The generated bincode types (package com.cruxpasskey.shared.types, plus the
            // com.novi serde runtime) and uniffi's Kotlin bindings (package uniffi.shared).
            // `kotlin/com` rather than `kotlin`: that folder also holds a build.gradle.kts.
            kotlin.srcDirs(File(generated, "kotlin/com"), File(generated, "uniffi/kotlin"))
            // libshared.so for each ABI, from cargoNdkBuild.
            jniLibs.srcDir(rustJniLibs)
        }
    }
}

kotlin {
    compilerOptions {
        jvmTarget = JvmTarget.JVM_17
    }
}

dependencies {
    // Credential Manager passkeys, the error mapping, the session store, HTTP and timers, with
    // its own small types; core/KitEffects.kt maps this app's generated types to them.
    implementation(project(":cruxpasskey"))
    implementation(libs.androidx.core.ktx)
    implementation(libs.androidx.activity.compose)
    implementation(libs.androidx.lifecycle.viewmodel.compose)
    implementation(libs.androidx.lifecycle.runtime.compose)
    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.compose.ui)
    implementation(libs.androidx.compose.material3)
    // uniffi's Kotlin bindings call the core through JNA; the AAR carries its native parts.
    // 5.17.0+ only: earlier AARs ship libjnidispatch.so aligned for 4 KB pages (see README).
    implementation(libs.jna) {
        artifact { type = "aar" }
    }
}

// --- The Rust core -------------------------------------------------------------------------

// The Rust sources every core build reads: a change to any of them rebuilds.
val rustSources = listOf(
    "shared/src", "shared/Cargo.toml", "shared/uniffi.toml",
    "crux_passkey/src", "crux_passkey/Cargo.toml",
    "crux_passkey_api/src", "crux_passkey_api/Cargo.toml",
    "Cargo.toml", "Cargo.lock", ".cargo/config.toml",
).map { File(repoRoot, it) }.filter { it.exists() }

// Regenerates shared_types/generated/{kotlin,uniffi/kotlin}. Skip with -PcruxSkipGenerate.
// Declared inputs and outputs let Gradle skip it while the core's sources are unchanged.
val generateCoreBindings by tasks.registering(Exec::class) {
    group = "rust"
    description = "Regenerates the Kotlin types and uniffi bindings (cargo xtask generate)."
    workingDir = repoRoot
    val script = File(rootProject.projectDir, "scripts/generate-bindings.sh")
    commandLine("bash", script.path)
    inputs.files(rustSources)
    inputs.files(File(repoRoot, "shared_types/src"), File(repoRoot, "shared_types/Cargo.toml"), File(repoRoot, "xtask/src"), script)
    outputs.dir(File(generated, "kotlin"))
    outputs.dir(File(generated, "uniffi/kotlin"))
    onlyIf { !providers.gradleProperty("cruxSkipGenerate").isPresent }
}

// Builds libshared.so for every ABI into build/rustJniLibs/<abi>/ with cargo-ndk.
// Needs: cargo install cargo-ndk; rustup target add aarch64-linux-android armv7-linux-androideabi
// x86_64-linux-android i686-linux-android; ANDROID_NDK_HOME (or the SDK's ndk/) set.
val cargoNdkBuild by tasks.registering(Exec::class) {
    group = "rust"
    description = "Builds the Rust core for the Android ABIs with cargo-ndk."
    dependsOn(generateCoreBindings)
    workingDir = repoRoot
    val profile = if (rustProfile == "release") listOf("--release") else emptyList()
    commandLine(
        listOf(
            "cargo", "ndk",
            "-t", "arm64-v8a", "-t", "armeabi-v7a", "-t", "x86_64", "-t", "x86",
            "-o", rustJniLibs.get().asFile.path,
            "build", "--locked", "-p", "shared", "--lib", "--features", "uniffi",
        ) + profile,
    )
    // 16 KB pages (Android 15+, required by Google Play for targetSdk 35): cargo-ndk 4+ links
    // 64-bit ABIs with max-page-size=16384 for NDK r27 and older, NDK r28+ does so itself, and
    // the repository's .cargo/config.toml sets it for every Android triple besides.
    inputs.files(rustSources)
    inputs.property("rustProfile", rustProfile)
    outputs.dir(rustJniLibs)
}

tasks.named("preBuild") { dependsOn(cargoNdkBuild) }
tasks.matching { it.name.matches(Regex("merge.*JniLibFolders")) }.configureEach {
    dependsOn(cargoNdkBuild)
}
