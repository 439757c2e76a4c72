// The shell under test: the real CoreBridge and KitEffects, the real core through uniffi, and
// the kit's Timers on a clock the test moves; the platform behind the kit is Fakes.kt.

package com.cruxpasskey.jvmcheck

import com.cruxpasskey.android.core.CoreBridge
import com.cruxpasskey.android.core.KitEffects
import com.cruxpasskey.kit.HttpCall
import com.cruxpasskey.kit.HttpOutcome
import com.cruxpasskey.kit.PasskeyOutcome
import com.cruxpasskey.kit.PasskeyRequest
import com.cruxpasskey.kit.Timers
import com.cruxpasskey.shared.types.AuthViewModel
import com.cruxpasskey.shared.types.Effect
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import uniffi.shared.CoreFfi
import java.io.File

const val BASE = "http://localhost:8080/"
const val SECOND = 1_000_000_000L

class Shell(scope: CoroutineScope, val store: MemoryStore = MemoryStore(), newCore: () -> CoreFfi = ::CoreFfi) {
    val server = FakeServer()
    val passkeys = FakePasskeys()
    val clock = ManualClock()
    val timers = Timers(scope, clock)
    var passkeyUi = true
    val logs = mutableListOf<String>()
    val bridge = CoreBridge(scope, KitEffects(server, passkeys, store, timers) { passkeyUi }, log = { logs += it }, newCore = newCore)

    val auth: AuthViewModel get() = bridge.view.value.auth

    /** Lets every coroutine that can run, run (all of them share the test's one thread). */
    suspend fun settle() = repeat(200) { yield() }

    suspend fun nextCall(): PendingCall<HttpCall, HttpOutcome> = withTimeout(20_000) { server.calls.receive() }

    suspend fun nextPasskey(): PendingCall<PasskeyRequest, PasskeyOutcome> = withTimeout(20_000) { passkeys.requests.receive() }

    suspend fun noCallWaiting(what: String) {
        settle()
        val call = server.calls.tryReceive().getOrNull()
        check(call == null) { "$what: unexpected ${call?.request?.method} ${call?.request?.url}" }
    }

    fun openEffects(): List<String> = bridge.openRequests().values.map { it.javaClass.simpleName }

    fun openId(kind: Class<out Effect>): UInt =
        bridge.openRequests().entries.firstOrNull { kind.isInstance(it.value) }?.key
            ?: throw CheckFailed("no open ${kind.simpleName} request; open: ${openEffects()}")
}

/** Runs `body` with a fresh shell, and closes it after, as the ViewModel does when cleared. */
fun withShell(store: MemoryStore = MemoryStore(), newCore: () -> CoreFfi = ::CoreFfi, body: suspend Shell.() -> Unit) = runBlocking {
    val shell = Shell(this, store, newCore)
    try {
        shell.body()
    } finally {
        shell.bridge.close()
    }
}

// --- Server answers ---------------------------------------------------------------------------

fun fixture(name: String): String =
    File(System.getProperty("crux.fixtures") ?: error("-Dcrux.fixtures is not set"), name).readText()

fun PendingCall<HttpCall, HttpOutcome>.respond(status: Int, json: String = "") {
    val headers = if (json.isEmpty()) emptyList() else listOf("content-type" to "application/json")
    answer.complete(HttpOutcome.Response(status, headers, json.toByteArray()))
}

val PendingCall<HttpCall, HttpOutcome>.body: String get() = request.body.decodeToString()

fun PendingCall<HttpCall, HttpOutcome>.header(name: String): String? =
    request.headers.firstOrNull { it.first.equals(name, ignoreCase = true) }?.second

fun PendingCall<HttpCall, HttpOutcome>.expect(method: String, path: String) {
    expectEqual("${request.method} ${request.url}", "$method $BASE$path", "the request")
}

fun ceremony(id: String, optionsFixture: String) = """{"ceremonyId":"$id","options":${fixture(optionsFixture)}}"""

fun user(name: String = "alice", display: String = "Alice Liddell") =
    """{"id":"u_$name","username":"$name","displayName":"$display"}"""

fun passkeyJson(id: String, name: String, lastUsed: String? = null, provider: String? = null) =
    """{"id":"$id","name":"$name","createdAt":"2026-11-01T09:30:00Z","lastUsedAt":${lastUsed?.let { "\"$it\"" } ?: "null"},""" +
        """"backupEligible":true,"backedUp":false,"transports":["internal","hybrid"]""" +
        (provider?.let { ""","provider":$it}""" } ?: "}")

fun session(token: String) = """{"token":"$token","expiresAt":"2026-12-01T09:30:00Z"}"""

fun envelope(code: String, message: String) = """{"error":{"code":"$code","message":"$message"}}"""

/** The JSON value of `text` (maps, lists, strings, numbers as text, booleans, null), to compare
 * what the core re-serialised (serde_json sorts object keys) with the fixture. */
fun parseJson(text: String): Any? = JsonReader(text).run { value().also { end() } }

private class JsonReader(private val s: String) {
    private var i = 0

    fun value(): Any? {
        skip()
        return when (val c = s.getOrNull(i)) {
            '{' -> obj()
            '[' -> arr()
            '"' -> str()
            't' -> word("true", true)
            'f' -> word("false", false)
            'n' -> word("null", null)
            null -> throw IllegalArgumentException("JSON ended early")
            else -> if (c == '-' || c.isDigit()) num() else throw IllegalArgumentException("unexpected '$c' at $i")
        }
    }

    fun end() {
        skip()
        require(i == s.length) { "trailing text at $i" }
    }

    private fun obj(): Map<String, Any?> {
        val map = LinkedHashMap<String, Any?>()
        i += 1
        skip()
        if (s[i] == '}') return map.also { i += 1 }
        while (true) {
            skip()
            val key = str()
            skip()
            require(s[i] == ':') { "expected ':' at $i" }
            i += 1
            map[key] = value()
            skip()
            when (s[i]) {
                ',' -> i += 1
                '}' -> return map.also { i += 1 }
                else -> throw IllegalArgumentException("expected ',' or '}' at $i")
            }
        }
    }

    private fun arr(): List<Any?> {
        val list = ArrayList<Any?>()
        i += 1
        skip()
        if (s[i] == ']') return list.also { i += 1 }
        while (true) {
            list += value()
            skip()
            when (s[i]) {
                ',' -> i += 1
                ']' -> return list.also { i += 1 }
                else -> throw IllegalArgumentException("expected ',' or ']' at $i")
            }
        }
    }

    private fun str(): String {
        require(s[i] == '"') { "expected a string at $i" }
        val out = StringBuilder()
        i += 1
        while (s[i] != '"') {
            if (s[i] == '\\') {
                i += 1
                when (val e = s[i]) {
                    'n' -> out.append('\n')
                    't' -> out.append('\t')
                    'r' -> out.append('\r')
                    'b' -> out.append('\b')
                    'f' -> out.append('\u000c')
                    'u' -> out.append(s.substring(i + 1, i + 5).toInt(16).toChar()).also { i += 4 }
                    else -> out.append(e)
                }
            } else {
                out.append(s[i])
            }
            i += 1
        }
        i += 1
        return out.toString()
    }

    private fun num(): String {
        val start = i
        while (i < s.length && (s[i].isDigit() || s[i] in "+-.eE")) i += 1
        return s.substring(start, i)
    }

    private fun word(word: String, value: Any?): Any? {
        require(s.startsWith(word, i)) { "expected $word at $i" }
        i += word.length
        return value
    }

    private fun skip() {
        while (i < s.length && s[i].isWhitespace()) i += 1
    }
}
