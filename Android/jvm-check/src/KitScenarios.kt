// The kit's pieces on their own: timers on the real clock, the time protocol through the
// adapter, HTTP failure kinds, and the app's small rules (autofill policy, view rules).

package com.cruxpasskey.jvmcheck

import com.cruxpasskey.android.core.AutofillPolicy
import com.cruxpasskey.android.core.KitEffects
import com.cruxpasskey.android.core.ViewRules
import com.cruxpasskey.kit.HttpFailureKind
import com.cruxpasskey.kit.HttpOutcome
import com.cruxpasskey.kit.OkHttpTransport
import com.cruxpasskey.kit.StoreOutcome
import com.cruxpasskey.kit.Timers
import com.cruxpasskey.shared.types.Activity
import com.cruxpasskey.shared.types.AuthViewModel
import com.cruxpasskey.shared.types.Duration
import com.cruxpasskey.shared.types.HttpError
import com.cruxpasskey.shared.types.HttpRequest
import com.cruxpasskey.shared.types.HttpResult
import com.cruxpasskey.shared.types.Instant
import com.cruxpasskey.shared.types.Passkey
import com.cruxpasskey.shared.types.PasskeyList
import com.cruxpasskey.shared.types.Provider
import com.cruxpasskey.shared.types.Screen
import com.cruxpasskey.shared.types.SessionStoreOperation
import com.cruxpasskey.shared.types.SessionStoreResult
import com.cruxpasskey.shared.types.TimeRequest
import com.cruxpasskey.shared.types.TimeResponse
import com.cruxpasskey.shared.types.TimerId
import com.novi.serde.Bytes
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import java.io.IOException
import java.io.InterruptedIOException
import java.net.MalformedURLException
import java.net.SocketTimeoutException

fun kitScenarios(suite: Suite) {
    suite.scenario("timers on the system clock fire once, and a cleared one never") {
        runBlocking {
            val timers = Timers(this)
            val fired = mutableListOf<ULong>()
            timers.notifyAfter(1u, 20_000_000u) { fired += 1u }
            timers.notifyAfter(2u, 60_000_000u) { fired += 2u }
            timers.notifyAt(3u, timers.now().plusMillis(30)) { fired += 3u }
            timers.notifyAfter(4u, 0u) { fired += 4u }
            expectEqual(timers.clear(2u), true, "clearing a running timer")
            expectEqual(timers.clear(99u), false, "clearing an unknown timer")
            delay(200)
            expectEqual(fired.sorted(), listOf<ULong>(1u, 3u, 4u), "timers fired")
            expectEqual(timers.active, 0, "timers left")
        }
    }

    suite.scenario("the time protocol through the adapter: each request answered at most once") {
        runBlocking {
            val clock = ManualClock()
            val timers = Timers(this, clock)
            val effects = KitEffects(FakeServer(), FakePasskeys(), MemoryStore(), timers)
            val answers = mutableListOf<TimeResponse>()
            effects.time(TimeRequest.NotifyAfter(TimerId(7u), Duration((5 * SECOND).toULong()))) { answers += it }
            effects.time(TimeRequest.NotifyAfter(TimerId(8u), Duration((5 * SECOND).toULong()))) { answers += it }
            val at = KitEffects.coreInstant(clock.now().plusSeconds(2))
            effects.time(TimeRequest.NotifyAt(TimerId(9u), at)) { answers += it }
            effects.time(TimeRequest.Clear(TimerId(8u))) { answers += it }
            effects.time(TimeRequest.Now) { answers += it }
            expectEqual(answers.toList(), listOf(TimeResponse.Cleared(TimerId(8u)), TimeResponse.Now(KitEffects.coreInstant(clock.now()))), "immediate answers")
            clock.advance(2 * SECOND)
            settleAll()
            expectEqual(answers.last(), TimeResponse.InstantArrived(TimerId(9u)), "NotifyAt")
            clock.advance(3 * SECOND)
            settleAll()
            expectEqual(answers.drop(2), listOf(TimeResponse.InstantArrived(TimerId(9u)), TimeResponse.DurationElapsed(TimerId(7u))), "fired")
            clock.advance(60 * SECOND)
            settleAll()
            expectEqual(answers.size, 4, "answers after the cleared timer's time")
            val past = KitEffects.coreInstant(java.time.Instant.EPOCH)
            effects.time(TimeRequest.NotifyAt(TimerId(10u), past)) { answers += it }
            effects.time(TimeRequest.NotifyAt(TimerId(11u), Instant(ULong.MAX_VALUE, 0u))) { answers += it }
            settleAll()
            expectEqual(answers.last(), TimeResponse.InstantArrived(TimerId(10u)), "an instant in the past fires at once")
            effects.close()
            expectEqual(timers.active, 0, "timers after close")
        }
    }

    suite.scenario("HTTP: exceptions to failure kinds, failure kinds to crux_http errors, statuses are responses") {
        val cases = listOf(
            SocketTimeoutException("read timed out") to HttpFailureKind.TIMEOUT,
            InterruptedIOException("timeout") to HttpFailureKind.TIMEOUT,
            InterruptedIOException("interrupted") to HttpFailureKind.IO,
            MalformedURLException("no protocol") to HttpFailureKind.URL,
            IOException("connection reset") to HttpFailureKind.IO,
            IllegalArgumentException("Unexpected char 0x0a in header value") to HttpFailureKind.IO,
            IllegalStateException("odd") to HttpFailureKind.IO,
        )
        for ((e, kind) in cases) {
            expectEqual(OkHttpTransport.failure(e).kind, kind, e.toString())
        }
        runBlocking {
            val results = HttpFailureKind.entries.map { kind ->
                val effects = KitEffects({ HttpOutcome.Failure(kind, "detail") }, FakePasskeys(), MemoryStore(), Timers(this))
                effects.http(HttpRequest("GET", BASE, emptyList(), Bytes.empty()))
            }
            expectEqual(results, listOf(HttpResult.Err(HttpError.Url("detail")), HttpResult.Err(HttpError.Io("detail")), HttpResult.Err(HttpError.Timeout)), "errors")
            val effects = KitEffects({ HttpOutcome.Response(503, listOf("retry-after" to "5"), "down".toByteArray()) }, FakePasskeys(), MemoryStore(), Timers(this))
            val result = effects.http(HttpRequest("GET", BASE, emptyList(), Bytes.empty()))
            val ok = result as? HttpResult.Ok ?: throw CheckFailed("a 503 is not a response: $result")
            expectEqual(ok.value.status.toInt(), 503, "status")
            expectEqual(ok.value.body.content.decodeToString(), "down", "body")
        }
    }

    suite.scenario("the session store through the adapter keeps the value byte for byte") {
        runBlocking {
            val store = MemoryStore()
            val effects = KitEffects(FakeServer(), FakePasskeys(), store, Timers(this))
            val value = """{"server":"https://ünïcode.example/","token":"a+b/c=="}"""
            expectEqual(effects.sessionStore(SessionStoreOperation.Load), SessionStoreResult.Loaded(null), "load of nothing")
            expectEqual(effects.sessionStore(SessionStoreOperation.Save(value)), SessionStoreResult.Done, "save")
            expectEqual(effects.sessionStore(SessionStoreOperation.Load), SessionStoreResult.Loaded(value), "load")
            expectEqual(effects.sessionStore(SessionStoreOperation.Delete), SessionStoreResult.Done, "delete")
            expectEqual(effects.sessionStore(SessionStoreOperation.Delete), SessionStoreResult.Done, "delete of nothing")
            store.failure = "KeyStoreException"
            expectEqual(effects.sessionStore(SessionStoreOperation.Save(value)), SessionStoreResult.Failed("KeyStoreException"), "a failing save")
            expectEqual(StoreOutcome.Loaded(null), StoreOutcome.Loaded(null), "outcomes compare by value")
        }
    }

    suite.scenario("autofill: once per visit, not again on a re-render, never after the person's sign-out") {
        val policy = AutofillPolicy()
        val starting = authView(Screen.STARTING)
        val signedOut = authView(Screen.SIGNEDOUT)
        val signedIn = authView(Screen.SIGNEDIN)
        check(!policy.shouldStart(starting, canShowUi = true)) { "offered while starting" }
        check(!policy.shouldStart(signedOut, canShowUi = false)) { "offered without an activity" }
        check(policy.shouldStart(signedOut, canShowUi = true)) { "not offered on the first visit" }
        check(!policy.shouldStart(signedOut, canShowUi = true)) { "offered twice in one visit (a rotation re-renders)" }
        check(!policy.shouldStart(signedOut.copy(autofillActive = false, busy = true), canShowUi = true)) { "offered while busy" }
        check(!policy.shouldStart(signedIn, canShowUi = true)) { "offered while signed in" }
        policy.signOutRequested()
        check(!policy.shouldStart(signedOut, canShowUi = true)) { "offered right after the person signed out" }
        check(!policy.shouldStart(signedOut, canShowUi = true)) { "offered later in that visit" }
        check(!policy.shouldStart(signedIn, canShowUi = true)) { "offered while signed in" }
        check(policy.shouldStart(signedOut, canShowUi = true)) { "not offered after the server ended the session" }
        check(!policy.shouldStart(signedOut.copy(serverConfigured = false), canShowUi = true)) { "offered twice" }
        val fresh = AutofillPolicy()
        check(!fresh.shouldStart(signedOut.copy(busy = true), canShowUi = true)) { "offered while busy" }
        check(fresh.shouldStart(signedOut, canShowUi = true)) { "not offered once idle" }
    }

    suite.scenario("view rules: counts only when loaded, sign-out whenever signed in, every activity labelled, providers") {
        for (list in PasskeyList.entries) {
            val heading = ViewRules.passkeyHeading(authView(Screen.SIGNEDIN, list = list))
            expectEqual(heading.contains("("), list == PasskeyList.LOADED, "a count in '$heading' for $list")
            expectEqual(ViewRules.passkeyListNote(authView(Screen.SIGNEDIN, list = list)) == null, list == PasskeyList.LOADED, "a note for $list")
        }
        for (activity in Activity.entries) {
            val label = ViewRules.activityLabel(activity)
            expectEqual(label == null, activity == Activity.IDLE, "a label for $activity ($label)")
        }
        val labels = Activity.entries.mapNotNull { ViewRules.activityLabel(it) }
        expectEqual(labels.toSet().size, labels.size, "activities with the same label")
        val none = Passkey("q1", "Pixel", "2026-11-01T09:30:00Z", null, true, false, emptyList(), provider = null)
        expectEqual(ViewRules.providerLabel(none), null, "a passkey without a provider")
        expectEqual(ViewRules.providerLabel(none.copy(provider = Provider("00000000-0000-0000-0000-000000000001", " "))), null, "a blank provider name")
        expectEqual(ViewRules.providerLabel(none.copy(provider = Provider("fbfc3007-154e-4ecc-8c0b-6e020557d7bd", "iCloud Keychain"))), "iCloud Keychain", "a provider")
        for (screen in Screen.entries) {
            for (busy in listOf(false, true)) {
                val auth = authView(screen, busy = busy)
                expectEqual(ViewRules.canSignOut(auth), screen == Screen.SIGNEDIN, "sign-out on $screen, busy=$busy")
                expectEqual(ViewRules.canStart(auth), !busy, "start on $screen, busy=$busy")
            }
        }
    }
}

private suspend fun settleAll() = repeat(200) { kotlinx.coroutines.yield() }

private fun authView(screen: Screen, busy: Boolean = false, list: PasskeyList = PasskeyList.UNKNOWN) = AuthViewModel(
    screen = screen,
    activity = if (busy) Activity.LOADINGPASSKEYS else Activity.IDLE,
    busy = busy,
    autofillActive = false,
    serverConfigured = true,
    user = null,
    passkeys = emptyList(),
    passkeyList = list,
    canDeletePasskeys = false,
    notice = null,
)
