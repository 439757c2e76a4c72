// The screens, drawn from the core's view model only: starting, signed out (sign in / create
// an account) and signed in (display name; passkeys with their provider: add, rename, delete;
// sign out). Buttons send AuthEvents; nothing here decides anything the core decides. When
// buttons are enabled, what the passkey heading says, the activity labels and the provider
// names come from ViewRules (core/), which the JVM check runs. Provider icons (SVG data URIs)
// are not drawn: Compose has no SVG decoder without another dependency; the name is shown.
// Edge to edge (targetSdk 35): the Scaffold pads the content by WindowInsets.safeDrawing, so
// nothing sits under the status or navigation bars or the cutout, and the keyboard (part of
// safeDrawing) shrinks the content instead of covering a field; the forms scroll.

package com.cruxpasskey.android.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.WindowInsets
import androidx.compose.foundation.layout.consumeWindowInsets
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawing
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.autofill.ContentType
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.semantics.contentType
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.KeyboardCapitalization
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import com.cruxpasskey.android.CoreViewModel
import com.cruxpasskey.android.core.ViewRules
import com.cruxpasskey.shared.types.Activity
import com.cruxpasskey.shared.types.AuthEvent
import com.cruxpasskey.shared.types.AuthViewModel
import com.cruxpasskey.shared.types.NoticeKind
import com.cruxpasskey.shared.types.Passkey
import com.cruxpasskey.shared.types.Screen
import com.cruxpasskey.shared.types.ViewModel
import java.time.OffsetDateTime
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException
import java.time.format.FormatStyle

@Composable
fun CruxPasskeyApp(core: CoreViewModel) {
    val view by core.view.collectAsStateWithLifecycle()
    val bridgeError by core.bridgeError.collectAsStateWithLifecycle()
    val auth = view.auth
    val send: (AuthEvent) -> Unit = core::send

    Scaffold(contentWindowInsets = WindowInsets.safeDrawing) { insets ->
        Column(
            Modifier.fillMaxSize().padding(insets).consumeWindowInsets(insets).padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp),
        ) {
            Text("Crux Passkey", style = MaterialTheme.typography.headlineSmall)
            bridgeError?.let { Banner(it, isError = true, onDismiss = core::dismissBridgeError) }
            auth.notice?.let { notice ->
                Banner(notice.text, isError = notice.kind == NoticeKind.ERROR) { send(AuthEvent.DismissNotice) }
            }
            if (!auth.serverConfigured && auth.screen != Screen.STARTING) {
                Text(
                    "No server is configured: set cruxServerBaseUrl in gradle.properties.",
                    style = MaterialTheme.typography.bodySmall,
                )
            }
            when (auth.screen) {
                Screen.STARTING -> Row(verticalAlignment = Alignment.CenterVertically) {
                    CircularProgressIndicator(Modifier.size(20.dp))
                    Text("  " + (activityLabel(auth.activity) ?: "Starting…"))
                }
                Screen.SIGNEDOUT -> SignedOut(auth, send)
                Screen.SIGNEDIN -> SignedIn(view, send, onSignOut = core::signOut, onSignOutEverywhere = core::signOutEverywhere)
            }
        }
    }
}

fun activityLabel(activity: Activity): String? = ViewRules.activityLabel(activity)

@Composable
fun Banner(text: String, isError: Boolean, onDismiss: () -> Unit) {
    val tint = if (isError) Color(0x22FF0000) else Color(0x220000FF)
    Row(
        Modifier.fillMaxWidth().background(tint, RoundedCornerShape(8.dp)).padding(8.dp),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        Text(text, Modifier.weight(1f))
        TextButton(onClick = onDismiss) { Text("Dismiss") }
    }
}

@Composable
fun BusyLine(auth: AuthViewModel) {
    val label = activityLabel(auth.activity)
    if (auth.busy && label != null) {
        Row(verticalAlignment = Alignment.CenterVertically) {
            CircularProgressIndicator(Modifier.size(16.dp))
            Text("  $label")
        }
    }
}

// --- Signed out ----------------------------------------------------------------------------

@Composable
fun SignedOut(auth: AuthViewModel, send: (AuthEvent) -> Unit) {
    var creatingAccount by rememberSaveable { mutableStateOf(false) }
    var username by rememberSaveable { mutableStateOf("") }
    var displayName by rememberSaveable { mutableStateOf("") }

    // The core's autofill request is started by CoreBridge (AutofillPolicy: once per visit,
    // not after the person's own sign-out). Creating an account is not signing in: stop it.
    Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            ModeButton("Sign in", selected = !creatingAccount) { creatingAccount = false }
            ModeButton("Create account", selected = creatingAccount) {
                creatingAccount = true
                if (auth.autofillActive) send(AuthEvent.CancelAutofill)
            }
        }
        OutlinedTextField(
            value = username,
            onValueChange = { username = it },
            label = { Text("Username") },
            singleLine = true,
            keyboardOptions = KeyboardOptions(
                capitalization = KeyboardCapitalization.None,
                autoCorrectEnabled = false,
                keyboardType = KeyboardType.Ascii,
            ),
            modifier = Modifier.fillMaxWidth().semantics { contentType = ContentType.Username },
        )
        if (creatingAccount) {
            OutlinedTextField(
                value = displayName,
                onValueChange = { displayName = it },
                label = { Text("Display name") },
                singleLine = true,
                modifier = Modifier.fillMaxWidth(),
            )
            Button(
                onClick = { send(AuthEvent.SignUp(username, displayName)) },
                enabled = ViewRules.canStart(auth) && username.isNotBlank(),
            ) { Text("Create account with a passkey") }
        } else {
            Button(
                onClick = { send(AuthEvent.SignIn(username)) },
                enabled = ViewRules.canStart(auth) && username.isNotBlank(),
            ) { Text("Sign in") }
            OutlinedButton(
                onClick = { send(AuthEvent.SignInWithPasskey) },
                enabled = ViewRules.canStart(auth),
            ) { Text("Sign in with a passkey") }
        }
        BusyLine(auth)
    }
}

@Composable
private fun ModeButton(label: String, selected: Boolean, onClick: () -> Unit) {
    if (selected) {
        Button(onClick = onClick) { Text(label) }
    } else {
        OutlinedButton(onClick = onClick) { Text(label) }
    }
}

// --- Signed in -----------------------------------------------------------------------------

@Composable
fun SignedIn(view: ViewModel, send: (AuthEvent) -> Unit, onSignOut: () -> Unit, onSignOutEverywhere: () -> Unit) {
    val auth = view.auth
    var newName by rememberSaveable { mutableStateOf("") }
    var renaming by remember { mutableStateOf<Passkey?>(null) }
    var deleting by remember { mutableStateOf<Passkey?>(null) }
    var changingName by rememberSaveable { mutableStateOf(false) }

    LazyColumn(verticalArrangement = Arrangement.spacedBy(8.dp)) {
        item {
            Column {
                Text(
                    view.home?.greeting ?: "Hello, ${auth.user?.displayName ?: ""}",
                    style = MaterialTheme.typography.titleLarge,
                )
                Row(verticalAlignment = Alignment.CenterVertically) {
                    auth.user?.let { Text("@${it.username}", style = MaterialTheme.typography.bodyMedium, modifier = Modifier.weight(1f)) }
                    TextButton(onClick = { changingName = true }, enabled = ViewRules.canStart(auth)) { Text("Change name") }
                }
                view.home?.passkeySummary?.let { Text(it) }
                BusyLine(auth)
            }
        }
        item {
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Text(ViewRules.passkeyHeading(auth), style = MaterialTheme.typography.titleMedium, modifier = Modifier.weight(1f))
                TextButton(onClick = { send(AuthEvent.RefreshPasskeys) }, enabled = ViewRules.canStart(auth)) { Text("Refresh") }
            }
        }
        ViewRules.passkeyListNote(auth)?.let { note ->
            item { Text(note, style = MaterialTheme.typography.bodySmall) }
        }
        items(auth.passkeys, key = { it.id }) { passkey ->
            Column {
                PasskeyRow(
                    passkey = passkey,
                    canDelete = auth.canDeletePasskeys,
                    enabled = ViewRules.canStart(auth),
                    onRename = { renaming = passkey },
                    onDelete = { deleting = passkey },
                )
                HorizontalDivider()
            }
        }
        item {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                Spacer(Modifier.height(8.dp))
                OutlinedTextField(
                    value = newName,
                    onValueChange = { newName = it },
                    label = { Text("New passkey name (optional)") },
                    singleLine = true,
                    modifier = Modifier.fillMaxWidth(),
                )
                Button(
                    onClick = {
                        send(AuthEvent.AddPasskey(newName))
                        newName = ""
                    },
                    enabled = ViewRules.canStart(auth),
                ) { Text("Add a passkey") }
            }
        }
        item {
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                // Always enabled while signed in, busy or not: sign-out ends whatever is under way.
                OutlinedButton(onClick = onSignOut, enabled = ViewRules.canSignOut(auth)) { Text("Sign out") }
                // Ends every session once the server has; an ordinary intent, so it waits while busy.
                OutlinedButton(onClick = onSignOutEverywhere, enabled = ViewRules.canStart(auth)) { Text("Sign out everywhere") }
            }
        }
    }

    renaming?.let { passkey ->
        var name by remember(passkey.id) { mutableStateOf(passkey.name) }
        AlertDialog(
            onDismissRequest = { renaming = null },
            title = { Text("Rename passkey") },
            text = { OutlinedTextField(value = name, onValueChange = { name = it }, singleLine = true) },
            confirmButton = {
                TextButton(onClick = {
                    send(AuthEvent.RenamePasskey(passkey.id, name))
                    renaming = null
                }) { Text("Save") }
            },
            dismissButton = { TextButton(onClick = { renaming = null }) { Text("Cancel") } },
        )
    }

    if (changingName) {
        var name by rememberSaveable { mutableStateOf(auth.user?.displayName ?: "") }
        AlertDialog(
            onDismissRequest = { changingName = false },
            title = { Text("Change your name") },
            text = {
                OutlinedTextField(
                    value = name,
                    onValueChange = { name = it },
                    label = { Text("Display name") },
                    singleLine = true,
                    keyboardOptions = KeyboardOptions(capitalization = KeyboardCapitalization.Words),
                )
            },
            confirmButton = {
                TextButton(
                    onClick = {
                        send(AuthEvent.ChangeDisplayName(name.trim()))
                        changingName = false
                    },
                    enabled = ViewRules.canChangeDisplayName(auth, name),
                ) { Text("Save") }
            },
            dismissButton = { TextButton(onClick = { changingName = false }) { Text("Cancel") } },
        )
    }

    deleting?.let { passkey ->
        AlertDialog(
            onDismissRequest = { deleting = null },
            title = { Text("Delete “${passkey.name}”?") },
            text = { Text("You can no longer sign in with it. It stays in your password manager until you remove it there.") },
            confirmButton = {
                TextButton(onClick = {
                    send(AuthEvent.DeletePasskey(passkey.id))
                    deleting = null
                }) { Text("Delete") }
            },
            dismissButton = { TextButton(onClick = { deleting = null }) { Text("Cancel") } },
        )
    }
}

@Composable
fun PasskeyRow(passkey: Passkey, canDelete: Boolean, enabled: Boolean, onRename: () -> Unit, onDelete: () -> Unit) {
    Column(Modifier.fillMaxWidth().padding(vertical = 4.dp)) {
        Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(passkey.name, style = MaterialTheme.typography.titleSmall, modifier = Modifier.weight(1f))
            // Which passkey manager or authenticator holds it; nothing when the server does not know.
            ViewRules.providerLabel(passkey)?.let { Badge(it) }
            Badge(
                when {
                    passkey.backedUp -> "Synced"
                    passkey.backupEligible -> "Can sync"
                    else -> "This device only"
                },
            )
        }
        Text("Created ${formatDate(passkey.createdAt)}", style = MaterialTheme.typography.bodySmall)
        Text(
            passkey.lastUsedAt?.let { "Last used ${formatDate(it)}" } ?: "Never used to sign in",
            style = MaterialTheme.typography.bodySmall,
        )
        if (passkey.transports.isNotEmpty()) {
            Text(passkey.transports.joinToString(", "), style = MaterialTheme.typography.labelSmall)
        }
        Row {
            TextButton(onClick = onRename, enabled = enabled) { Text("Rename") }
            if (canDelete) {
                TextButton(onClick = onDelete, enabled = enabled) { Text("Delete") }
            }
        }
    }
}

@Composable
fun Badge(text: String) {
    Text(
        text,
        style = MaterialTheme.typography.labelSmall,
        modifier = Modifier.background(Color(0x22000000), RoundedCornerShape(50)).padding(horizontal = 6.dp, vertical = 2.dp),
    )
}

/** RFC 3339 from the server, shown in the person's locale; the raw text if it does not parse. */
fun formatDate(rfc3339: String): String = try {
    OffsetDateTime.parse(rfc3339).format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT))
} catch (e: DateTimeParseException) {
    rfc3339
}
