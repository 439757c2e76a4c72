package com.cruxpasskey.android

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.viewModels
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import com.cruxpasskey.android.ui.CruxPasskeyApp

class MainActivity : ComponentActivity() {
    private val core: Core by viewModels()

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        core.attach(this)
        core.start()
        setContent {
            MaterialTheme {
                Surface {
                    CruxPasskeyApp(core)
                }
            }
        }
    }

    override fun onDestroy() {
        core.detach(this)
        super.onDestroy()
    }
}
