// The shell's side of the bridge (docs/bridge-protocol.md), in plain Kotlin so the JVM check
// can run it: owns the core (uniffi CoreFfi, bincode messages typed by the generated types),
// dispatches every effect to EffectHandlers and answers each request exactly once, by its id.
// A refused call (undecodable bytes, an unknown id, a core panic surfaced by uniffi) is shown in
// `bridgeError`; nothing here can crash the app. Everything runs on `parentScope`'s dispatcher
// (the main thread in the app), so no state here needs a lock.

package com.cruxpasskey.android.core

import com.cruxpasskey.shared.types.Activity
import com.cruxpasskey.shared.types.AuthEvent
import com.cruxpasskey.shared.types.AuthViewModel
import com.cruxpasskey.shared.types.Effect
import com.cruxpasskey.shared.types.Event
import com.cruxpasskey.shared.types.HttpError
import com.cruxpasskey.shared.types.HttpResult
import com.cruxpasskey.shared.types.Mediation
import com.cruxpasskey.shared.types.PasskeyError
import com.cruxpasskey.shared.types.PasskeyErrorKind
import com.cruxpasskey.shared.types.PasskeyList
import com.cruxpasskey.shared.types.PasskeyOperation
import com.cruxpasskey.shared.types.PasskeyResult
import com.cruxpasskey.shared.types.Request
import com.cruxpasskey.shared.types.Requests
import com.cruxpasskey.shared.types.Screen
import com.cruxpasskey.shared.types.SessionStoreResult
import com.cruxpasskey.shared.types.TimeRequest
import com.cruxpasskey.shared.types.TimerId
import com.cruxpasskey.shared.types.ViewModel
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import uniffi.shared.CoreException
import uniffi.shared.CoreFfi
import kotlin.coroutines.cancellation.CancellationException

class CoreBridge(
    parentScope: CoroutineScope,
    private val handlers: EffectHandlers,
    private val log: (String) -> Unit = {},
    newCore: () -> CoreFfi = ::CoreFfi,
) : AutoCloseable {
    // A child of the caller's scope, so close() ends this bridge's work and nothing else.
    private val scope = CoroutineScope(parentScope.coroutineContext + SupervisorJob(parentScope.coroutineContext[Job]))

    private val _bridgeError = MutableStateFlow<String?>(null)

    /** The last refused call, for the UI to show; null when all is well. */
    val bridgeError: StateFlow<String?> = _bridgeError.asStateFlow()

    private val core: CoreFfi? = try {
        newCore()
    } catch (e: LinkageError) {
        // JNA's UnsatisfiedLinkError when libshared.so is missing or for another ABI.
        report("loading the core", e.toString())
        null
    } catch (e: Exception) {
        // uniffi's checksum or contract-version check failed: bindings and library disagree.
        report("loading the core", e.toString())
        null
    }

    private val _view = MutableStateFlow(PLACEHOLDER_VIEW)
    val view: StateFlow<ViewModel> = _view.asStateFlow()

    /** Requests handed to a handler and not answered yet. */
    private val open = HashMap<UInt, Effect>()

    /** The open conditional (autofill) passkey request, cancelled when autofill_active turns false. */
    private var conditionalJob: Job? = null

    private val autofill = AutofillPolicy()
    private var started = false
    private var closed = false

    init {
        refreshView()
    }

    /** Points the core at the server and restores the session it keeps, once. */
    fun start(baseUrl: String) {
        if (started) return
        started = true
        send(AuthEvent.Configure(baseUrl))
        send(AuthEvent.RestoreSession)
    }

    fun send(event: AuthEvent) = update(Event.Auth(event))

    /** The person's own sign-out: always sent, busy or not; no autofill on the screen it leads to. */
    fun signOut() {
        autofill.signOutRequested()
        send(AuthEvent.SignOut)
    }

    /**
     * Ends every session of the account, this device's too, once the server has. An ordinary
     * intent (the core drops it while busy); should it succeed, the sign-in screen it leads to
     * stays quiet, as after "Sign out".
     */
    fun signOutEverywhere() {
        if (ViewRules.canStart(_view.value.auth)) autofill.signOutRequested()
        send(AuthEvent.SignOutEverywhere)
    }

    /** An activity came or went: autofill may be offered now. */
    fun passkeyUiChanged() = maybeStartAutofill(_view.value.auth)

    fun dismissBridgeError() {
        _bridgeError.value = null
    }

    fun update(event: Event) {
        val ffi = live() ?: return
        call("sending an event to the core") { ffi.update(event.bincodeSerialize()) }
    }

    /** Requests still waiting for an answer, by id (the JVM check reads it). */
    internal fun openRequests(): Map<UInt, Effect> = HashMap(open)

    /** Answers request `id` once; a second answer for it is dropped here. */
    internal fun resolve(id: UInt, answer: ByteArray) {
        val ffi = live() ?: return
        if (open.remove(id) == null) return
        call("answering request $id") { ffi.resolve(id, answer) }
    }

    override fun close() {
        if (closed) return
        closed = true
        conditionalJob = null
        open.clear()
        handlers.close()
        scope.cancel()
        // uniffi objects hold a Rust allocation until closed (or until a cleaner runs).
        core?.close()
    }

    private fun live(): CoreFfi? = if (closed) null else core

    private inline fun call(what: String, block: () -> ByteArray) {
        val requests = try {
            block()
        } catch (e: CoreException.AnswerUndecodable) {
            // The core put a failure in the answer's place; its next requests still need handling.
            report(what, "the answer could not be decoded (${e.detail}); the core used a failure instead")
            e.requests
        } catch (e: CoreException.Bridge) {
            report(what, e.detail)
            return
        } catch (e: Exception) {
            // uniffi's InternalException (a panic in the core) or a bincode error.
            report(what, e.toString())
            return
        }
        process(requests)
    }

    // --- Effects ---------------------------------------------------------------------------

    private fun process(requestBytes: ByteArray) {
        val requests = try {
            Requests.bincodeDeserialize(requestBytes).value
        } catch (e: Exception) {
            report("reading the core's requests", e.toString())
            return
        }
        requests.forEach(::handle)
    }

    /**
     * Every effect the core can ask for. `when` over the sealed Effect has no `else`, so a new
     * core effect is a compile error here (and a failure of shells_check), never ignored.
     */
    private fun handle(request: Request) {
        val id = request.id
        when (val effect = request.effect) {
            is Effect.Render -> refreshView()
            is Effect.Http -> answerLater(id, effect, { handlers.http(effect.value).bincodeSerialize() }) { e ->
                HttpResult.Err(HttpError.Io("the shell failed: $e")).bincodeSerialize()
            }
            is Effect.Passkey -> startPasskey(id, effect)
            is Effect.SessionStore -> answerLater(id, effect, { handlers.sessionStore(effect.value).bincodeSerialize() }) { e ->
                SessionStoreResult.Failed("the shell failed: $e").bincodeSerialize()
            }
            is Effect.Time -> {
                val timer = effect.value
                if (timer is TimeRequest.Clear) {
                    // The protocol never answers a cleared timer's request: stop waiting for it.
                    open.entries.removeAll { (_, waiting) -> waiting is Effect.Time && timerId(waiting.value) == timer.id }
                }
                open[id] = effect
                try {
                    // Answered on a later turn, never inside this loop over the core's requests.
                    handlers.time(effect.value) { response -> scope.launch { resolve(id, response.bincodeSerialize()) } }
                } catch (e: Exception) {
                    // A timer has no failure to answer with; the flow ends at its own bound.
                    report("starting timer request $id", e.toString())
                }
            }
        }
    }

    private fun timerId(request: TimeRequest): TimerId? = when (request) {
        is TimeRequest.NotifyAfter -> request.id
        is TimeRequest.NotifyAt -> request.id
        is TimeRequest.Clear, is TimeRequest.Now -> null
    }

    private fun answerLater(id: UInt, effect: Effect, run: suspend () -> ByteArray, failed: (Exception) -> ByteArray) {
        open[id] = effect
        scope.launch {
            val answer = try {
                run()
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                // Handlers answer every failure themselves; this is a bug, still answered.
                log("effect $id failed: $e")
                failed(e)
            }
            resolve(id, answer)
        }
    }

    private fun startPasskey(id: UInt, effect: Effect.Passkey) {
        val operation = effect.value
        // One sheet at a time: a new create or get replaces an open autofill request. A signal
        // shows no sheet: it runs beside the autofill request and never cancels it.
        if (operation !is PasskeyOperation.Signal) {
            conditionalJob?.cancel()
            conditionalJob = null
        }
        val conditional = operation is PasskeyOperation.Get && operation.mediation == Mediation.CONDITIONAL
        open[id] = effect
        // UNDISPATCHED: the try below is entered before anyone can cancel the job, so a
        // cancelled request still answers its effect (Aborted) instead of leaving it open.
        val job = scope.launch(start = CoroutineStart.UNDISPATCHED) {
            val result = try {
                handlers.passkey(operation)
            } catch (e: CancellationException) {
                handlers.passkeyAborted("the app cancelled this passkey request")
            } catch (e: Exception) {
                PasskeyResult.Err(PasskeyError(PasskeyErrorKind.UNKNOWN, "the shell failed: $e"))
            }
            resolve(id, result.bincodeSerialize())
        }
        if (conditional && job.isActive) {
            conditionalJob = job
        }
    }

    // --- View ------------------------------------------------------------------------------

    private fun refreshView() {
        val ffi = live() ?: return
        val view = try {
            ViewModel.bincodeDeserialize(ffi.view())
        } catch (e: Exception) {
            report("reading the view model", e.toString())
            return
        }
        _view.value = view
        afterRender(view.auth)
    }

    private fun afterRender(auth: AuthViewModel) {
        // The contract: when autofill_active turns false, abort the conditional request.
        if (!auth.autofillActive) {
            conditionalJob?.cancel()
            conditionalJob = null
        }
        maybeStartAutofill(auth)
    }

    private fun maybeStartAutofill(auth: AuthViewModel) {
        if (autofill.shouldStart(auth, handlers.canShowPasskeyUi)) {
            // On a later turn: this may run inside the loop over the core's requests.
            scope.launch { send(AuthEvent.StartAutofill) }
        }
    }

    private fun report(what: String, detail: String) {
        val message = "Something went wrong $what: $detail"
        _bridgeError.value = message
        log(message)
    }

    private companion object {
        /** What is drawn until the core's first view model has been read. */
        val PLACEHOLDER_VIEW = ViewModel(
            auth = AuthViewModel(
                screen = Screen.STARTING,
                activity = Activity.IDLE,
                busy = false,
                autofillActive = false,
                serverConfigured = false,
                user = null,
                passkeys = emptyList(),
                passkeyList = PasskeyList.UNKNOWN,
                canDeletePasskeys = false,
                notice = null,
            ),
            home = null,
        )
    }
}
