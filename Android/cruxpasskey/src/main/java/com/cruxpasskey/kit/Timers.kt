// Timers for crux_time's protocol (docs/bridge-protocol.md, "Time"). A cleared timer never
// fires, so its NotifyAfter/NotifyAt request is never answered, as the protocol asks.

package com.cruxpasskey.kit

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import java.time.Instant
import kotlin.time.Duration.Companion.nanoseconds

/** Wall time, a monotonic count and waiting, apart so a test can drive time by hand. */
interface TimerClock {
    fun now(): Instant

    fun monotonicNanos(): Long

    suspend fun sleep(nanos: Long)
}

object SystemTimerClock : TimerClock {
    override fun now(): Instant = Instant.now()

    override fun monotonicNanos(): Long = System.nanoTime()

    override suspend fun sleep(nanos: Long) = delay(nanos.nanoseconds)
}

class Timers(private val scope: CoroutineScope, private val clock: TimerClock = SystemTimerClock) {
    private val running = HashMap<ULong, Job>()

    /** Calls `fire` once after `nanos`, unless cleared first. */
    fun notifyAfter(id: ULong, nanos: ULong, fire: () -> Unit) {
        start(id, if (nanos > Long.MAX_VALUE.toULong()) Long.MAX_VALUE else nanos.toLong(), fire)
    }

    /** Calls `fire` once at `instant` (at once when it has passed), unless cleared first. */
    fun notifyAt(id: ULong, instant: Instant, fire: () -> Unit) {
        val nanos = try {
            java.time.Duration.between(clock.now(), instant).toNanos()
        } catch (e: ArithmeticException) {
            Long.MAX_VALUE
        }
        start(id, nanos.coerceAtLeast(0), fire)
    }

    /** Cancels timer `id`; true when it was still running. */
    fun clear(id: ULong): Boolean = synchronized(running) { running.remove(id) }?.let { job ->
        job.cancel()
        true
    } ?: false

    fun now(): Instant = clock.now()

    /** How many timers are waiting. */
    val active: Int get() = synchronized(running) { running.size }

    fun cancelAll() {
        val jobs = synchronized(running) { running.values.toList().also { running.clear() } }
        jobs.forEach { it.cancel() }
    }

    private fun start(id: ULong, nanos: Long, fire: () -> Unit) {
        // The deadline counts from the request, not from when the coroutine first runs.
        val startedAt = clock.monotonicNanos()
        // LAZY: registered before it can run, even on an immediate dispatcher with no delay.
        val job = scope.launch(start = CoroutineStart.LAZY) {
            val waited = clock.monotonicNanos() - startedAt
            clock.sleep((nanos - waited).coerceAtLeast(0))
            // Removed before firing, and only if still ours: a cleared timer must not fire.
            val stillOurs = synchronized(running) { running[id] === coroutineContext[Job] && running.remove(id) != null }
            if (stillOurs) fire()
        }
        synchronized(running) { running.put(id, job) }?.cancel()
        job.start()
    }
}
