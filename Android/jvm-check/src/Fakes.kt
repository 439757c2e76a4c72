// The platform behind the kit's interfaces, scripted by the test: a server whose answers the
// test gives one call at a time, a passkey provider likewise, an in-memory secret store, a
// clock the test moves by hand, a Credential Manager whose signal answer the test sets, and the
// real core with requests the test slips into its answers.

package com.cruxpasskey.jvmcheck

import android.app.Activity
import android.content.Context
import androidx.credentials.CreateCredentialRequest
import androidx.credentials.CreateCredentialResponse
import androidx.credentials.CredentialManager
import androidx.credentials.GetCredentialRequest
import androidx.credentials.GetCredentialResponse
import androidx.credentials.SignalCredentialStateRequest
import androidx.credentials.SignalCredentialStateResponse
import com.cruxpasskey.shared.types.Request
import com.cruxpasskey.shared.types.Requests
import uniffi.shared.CoreFfi
import uniffi.shared.NoPointer
import com.cruxpasskey.kit.HttpCall
import com.cruxpasskey.kit.HttpOutcome
import com.cruxpasskey.kit.HttpTransport
import com.cruxpasskey.kit.PasskeyOutcome
import com.cruxpasskey.kit.PasskeyProvider
import com.cruxpasskey.kit.PasskeyRequest
import com.cruxpasskey.kit.SecretStore
import com.cruxpasskey.kit.StoreOutcome
import com.cruxpasskey.kit.TimerClock
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.first
import java.time.Instant

/** One call the shell made, waiting for the test's answer. */
class PendingCall<Q, A>(val request: Q) {
    val answer = CompletableDeferred<A>()
}

class FakeServer : HttpTransport {
    val calls = Channel<PendingCall<HttpCall, HttpOutcome>>(Channel.UNLIMITED)

    override suspend fun send(call: HttpCall): HttpOutcome {
        val pending = PendingCall<HttpCall, HttpOutcome>(call)
        calls.send(pending)
        return pending.answer.await()
    }
}

class FakePasskeys : PasskeyProvider {
    val requests = Channel<PendingCall<PasskeyRequest, PasskeyOutcome>>(Channel.UNLIMITED)

    override suspend fun perform(request: PasskeyRequest): PasskeyOutcome {
        val pending = PendingCall<PasskeyRequest, PasskeyOutcome>(request)
        requests.send(pending)
        return pending.answer.await()
    }
}

class MemoryStore(var value: String? = null) : SecretStore {
    /** When set, every operation fails with it, as a broken Keystore would. */
    var failure: String? = null
    val operations = mutableListOf<String>()

    override suspend fun load(): StoreOutcome {
        operations += "load"
        return failure?.let { StoreOutcome.Failed(it) } ?: StoreOutcome.Loaded(value)
    }

    override suspend fun save(value: String): StoreOutcome {
        operations += "save"
        failure?.let { return StoreOutcome.Failed(it) }
        this.value = value
        return StoreOutcome.Done
    }

    override suspend fun delete(): StoreOutcome {
        operations += "delete"
        failure?.let { return StoreOutcome.Failed(it) }
        value = null
        return StoreOutcome.Done
    }
}

/** Time stands still until the test advances it. */
class ManualClock(private val start: Instant = Instant.parse("2026-11-01T09:30:00Z")) : TimerClock {
    private val elapsed = MutableStateFlow(0L)

    override fun now(): Instant = start.plusNanos(elapsed.value)

    override fun monotonicNanos(): Long = elapsed.value

    override suspend fun sleep(nanos: Long) {
        val now = elapsed.value
        val until = if (nanos > Long.MAX_VALUE - now) Long.MAX_VALUE else now + nanos
        elapsed.first { it >= until }
    }

    fun advance(nanos: Long) {
        elapsed.value += nanos
    }
}

/** An application context, standing in for Android's. */
object FakeApplication : Context() {
    override val applicationContext: Context get() = this
}

class FakeActivity : Activity() {
    override val applicationContext: Context get() = FakeApplication
}

/** Credential Manager's signal call, answered as `answer` says (the default: the platform took it). */
class FakeCredentialManager : CredentialManager {
    val signals = mutableListOf<SignalCredentialStateRequest>()
    var answer: () -> SignalCredentialStateResponse = { SignalCredentialStateResponse() }

    override suspend fun signalCredentialState(request: SignalCredentialStateRequest): SignalCredentialStateResponse {
        signals += request
        return answer()
    }

    override suspend fun createCredential(context: Context, request: CreateCredentialRequest): CreateCredentialResponse =
        throw NotImplementedError("only signals here")

    override suspend fun getCredential(context: Context, request: GetCredentialRequest): GetCredentialResponse =
        throw NotImplementedError("only signals here")
}

/**
 * The real core, with requests the test slips into the core's next answer (to see how the shell
 * treats a request the core sends only at other moments). Answers to those requests are kept
 * here, not passed to the core, which never issued them.
 */
class InjectingCore(private val real: CoreFfi) : CoreFfi(NoPointer) {
    private val queued = mutableListOf<Request>()
    private val injected = mutableSetOf<UInt>()
    val answers = HashMap<UInt, ByteArray>()

    fun inject(request: Request) {
        queued += request
        injected += request.id
    }

    override fun update(event: ByteArray): ByteArray = withQueued(real.update(event))

    override fun resolve(id: UInt, answer: ByteArray): ByteArray {
        if (injected.remove(id)) {
            answers[id] = answer
            return Requests(emptyList()).bincodeSerialize()
        }
        return withQueued(real.resolve(id, answer))
    }

    override fun view(): ByteArray = real.view()

    override fun close() {
        real.close()
        super.close()
    }

    private fun withQueued(answer: ByteArray): ByteArray {
        if (queued.isEmpty()) return answer
        val requests = Requests.bincodeDeserialize(answer).value + queued
        queued.clear()
        return Requests(requests).bincodeSerialize()
    }
}
