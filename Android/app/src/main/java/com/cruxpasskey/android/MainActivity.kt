package com.cruxpasskey.android

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.viewModels
import androidx.compose.material3.MaterialTheme
import com.cruxpasskey.android.ui.CruxPasskeyApp

class MainActivity : ComponentActivity() {
    private val core: CoreViewModel by viewModels()

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        // targetSdk 35 draws edge to edge on Android 15 anyway; this does the same below it, and
        // the screens pad themselves with WindowInsets.safeDrawing (bars, cutout, keyboard).
        enableEdgeToEdge()
        core.attach(this)
        core.start()
        setContent {
            MaterialTheme {
                CruxPasskeyApp(core)
            }
        }
    }

    override fun onDestroy() {
        core.detach(this)
        super.onDestroy()
    }
}
