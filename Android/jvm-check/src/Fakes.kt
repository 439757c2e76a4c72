// The platform behind the kit's interfaces, scripted by the test: a server whose answers the
// test gives one call at a time, a passkey provider likewise, an in-memory secret store and a
// clock the test moves by hand.

package com.cruxpasskey.jvmcheck

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
