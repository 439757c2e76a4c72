// The shell's side of the bridge: sends events to the Rust core (uniffi `CoreFfi`, bincode
// messages typed by the generated Kotlin types), runs the effects it asks for and answers each
// one by its id. A failed bridge call (undecodable bytes, an unknown id, a core panic surfaced
// by uniffi as InternalException) is shown in `bridgeError`; nothing here can crash the app.

package com.cruxpasskey.android

import android.app.Activity
import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import com.cruxpasskey.shared.types.AuthEvent
import com.cruxpasskey.shared.types.AuthViewModel
import com.cruxpasskey.shared.types.Effect
import com.cruxpasskey.shared.types.Event
import com.cruxpasskey.shared.types.Mediation
import com.cruxpasskey.shared.types.PasskeyOperation
import com.cruxpasskey.shared.types.PasskeyResult
import com.cruxpasskey.shared.types.Request
import com.cruxpasskey.shared.types.Requests
import com.cruxpasskey.shared.types.Screen
import com.cruxpasskey.shared.types.ViewModel
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import uniffi.shared.CoreException
import uniffi.shared.CoreFfi
import kotlin.coroutines.cancellation.CancellationException

class Core(application: Application) : AndroidViewModel(application) {
    private val _bridgeError = MutableStateFlow<String?>(null)

    /** The last bridge failure, for the UI to show; null when all is well. */
    val bridgeError: StateFlow<String?> = _bridgeError.asStateFlow()

    // JNA throws UnsatisfiedLinkError (an Error) when libshared.so is missing.
    private val core: CoreFfi? = try {
        CoreFfi()
    } catch (e: Throwable) {
        _bridgeError.value = "The core could not be loaded: $e"
        null
    }

    private val _view = MutableStateFlow(PLACEHOLDER_VIEW)
    val view: StateFlow<ViewModel> = _view.asStateFlow()

    private val http = HttpEffect()
    private val passkeys = PasskeyEffect()
    private val sessionStore = SessionStore(application)

    /** The token last written to (or read from) encrypted storage. */
    private var storedToken: String? = null

    /** False until RestoreSession has been sent, so the first renders cannot erase the stored token. */
    private var persistSession = false
    private var started = false

    /** The open conditional (autofill) passkey request, cancelled when autofill_active turns false. */
    private var conditionalJob: Job? = null

    init {
        refreshView()
    }

    fun attach(activity: Activity) = passkeys.attach(activity)

    fun detach(activity: Activity) = passkeys.detach(activity)

    /** Points the core at the server and restores the session kept on this device. */
    fun start() {
        if (started) return
        started = true
        send(AuthEvent.Configure(BuildConfig.SERVER_BASE_URL))
        val token = sessionStore.load()
        storedToken = token
        persistSession = true
        send(AuthEvent.RestoreSession(token))
    }

    fun send(event: AuthEvent) = update(Event.Auth(event))

    fun dismissBridgeError() {
        _bridgeError.value = null
    }

    fun update(event: Event) {
        val ffi = core ?: return
        try {
            process(ffi.update(event.bincodeSerialize()))
        } catch (e: Exception) {
            report("sending an event to the core", e)
        }
    }

    // --- Effects ---------------------------------------------------------------------------

    private fun process(requestBytes: ByteArray) {
        val requests = try {
            Requests.bincodeDeserialize(requestBytes).value
        } catch (e: Exception) {
            report("reading the core's requests", e)
            return
        }
        requests.forEach(::handle)
    }

    /**
     * Every effect the core can ask for. `when` over the sealed Effect is exhaustive, so a new
     * core effect is a compile error here (and a failure of shells_check), never ignored.
     */
    private fun handle(request: Request) {
        val id = request.id
        when (val effect = request.effect) {
            is Effect.Render -> refreshView()
            is Effect.Http -> viewModelScope.launch {
                val result = http.perform(effect.value)
                resolve(id) { result.bincodeSerialize() }
            }
            is Effect.Passkey -> startPasskey(id, effect.value)
        }
    }

    private fun startPasskey(id: UInt, operation: PasskeyOperation) {
        // One request at a time: a new one replaces an open autofill request.
        conditionalJob?.cancel()
        conditionalJob = null
        val conditional = operation is PasskeyOperation.Get && operation.mediation == Mediation.CONDITIONAL
        // UNDISPATCHED: the try below is entered before anyone can cancel the job, so a
        // cancelled request still answers its effect (Aborted) instead of leaving it open.
        val job = viewModelScope.launch(start = CoroutineStart.UNDISPATCHED) {
            val result = try {
                passkeys.perform(operation)
            } catch (e: CancellationException) {
                PasskeyResult.Err(PasskeyMapping.shellError(ShellFailure.ABORTED_BY_SHELL, "the app cancelled this passkey request"))
            }
            resolve(id) { result.bincodeSerialize() }
        }
        if (conditional && job.isActive) {
            conditionalJob = job
        }
    }

    private fun resolve(id: UInt, answer: () -> ByteArray) {
        val ffi = core ?: return
        try {
            process(ffi.resolve(id, answer()))
        } catch (e: Exception) {
            report("answering effect $id", e)
        }
    }

    // --- View ------------------------------------------------------------------------------

    private fun refreshView() {
        val ffi = core ?: return
        val view = try {
            ViewModel.bincodeDeserialize(ffi.view())
        } catch (e: Exception) {
            report("reading the view model", e)
            return
        }
        _view.value = view
        afterRender(view.auth)
    }

    private fun afterRender(auth: AuthViewModel) {
        // DESIGN notes: when autofill_active turns false, abort the conditional request.
        if (!auth.autofillActive) {
            conditionalJob?.cancel()
            conditionalJob = null
        }
        if (persistSession && auth.sessionToken != storedToken) {
            val token = auth.sessionToken
            if (token != null) sessionStore.save(token) else sessionStore.delete()
            storedToken = token
        }
    }

    private fun report(what: String, error: Exception) {
        val detail = when (error) {
            is CoreException -> error.message ?: error.toString()
            else -> error.toString()
        }
        _bridgeError.value = "Something went wrong $what: $detail"
    }

    private companion object {
        /** What is drawn until the core's first view model has been read. */
        val PLACEHOLDER_VIEW = ViewModel(
            auth = AuthViewModel(
                screen = Screen.STARTING,
                activity = com.cruxpasskey.shared.types.Activity.IDLE,
                busy = false,
                autofillActive = false,
                serverConfigured = false,
                user = null,
                passkeys = emptyList(),
                canDeletePasskeys = false,
                notice = null,
                sessionToken = null,
            ),
            home = null,
        )
    }
}
