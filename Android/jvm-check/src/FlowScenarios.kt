// Whole flows through the real core: restore, autofill, sign-up, sign-out, sign-in, a kept
// session at the next launch, and the odd answers (time-outs, undecodable answers, failures).

package com.cruxpasskey.jvmcheck

import com.cruxpasskey.android.core.ViewRules
import com.cruxpasskey.kit.HttpFailureKind
import com.cruxpasskey.kit.HttpOutcome
import com.cruxpasskey.kit.PasskeyFailureKind
import com.cruxpasskey.kit.PasskeyOutcome
import com.cruxpasskey.kit.PasskeyRequest
import com.cruxpasskey.shared.types.Activity
import com.cruxpasskey.shared.types.AuthEvent
import com.cruxpasskey.shared.types.Effect
import com.cruxpasskey.shared.types.NoticeKind
import com.cruxpasskey.shared.types.PasskeyList
import com.cruxpasskey.shared.types.Screen

const val TOKEN = "sess_jvm_signup_0123456789"
const val TOKEN_2 = "sess_jvm_signin_9876543210"

fun kept(token: String) = """{"server":"$BASE","token":"$token"}"""

fun flowScenarios(suite: Suite) {
    suite.scenario("launch, autofill, sign-up, sign-out, sign-in, sign-out while busy") {
        withShell {
            launchSignedOut()
            offeredAutofill()
            signUp()
            signOut(TOKEN)
            signIn()
            signOutWhileBusy()
            everyBoundPassesQuietly()
        }
    }

    suite.scenario("a kept session is restored at the next launch") {
        val store = MemoryStore(kept(TOKEN_2))
        withShell(store) {
            bridge.start(BASE)
            settle()
            expectEqual(store.operations.firstOrNull(), "load", "the first store operation")
            val restore = nextCall()
            restore.expect("GET", "auth/session")
            expectEqual(restore.header("Authorization"), "Bearer $TOKEN_2", "the restore's bearer token")
            expectEqual(auth.activity, Activity.RESTORINGSESSION, "activity")
            restore.respond(200, """{"user":${user()}}""")
            settle()
            expectEqual(auth.screen, Screen.SIGNEDIN, "screen")
            expectEqual(auth.passkeyList, PasskeyList.LOADING, "passkey list")
            val list = nextCall()
            list.expect("GET", "auth/passkeys")
            list.respond(200, "[${passkeyJson("q1", "Pixel")}]")
            settle()
            expectEqual(auth.passkeyList, PasskeyList.LOADED, "passkey list")
            expectEqual(ViewRules.passkeyHeading(auth), "Your passkeys (1)", "heading")
            noCallWaiting("a signed-in launch offers no autofill")
        }
        // The session survives the shell; a new one reads it again.
        expectEqual(store.value, kept(TOKEN_2), "the kept value")
    }

    suite.scenario("a request that is never answered times out at its bound; its late answer is dropped") {
        withShell {
            passkeyUi = false
            launchSignedOut()
            bridge.send(AuthEvent.SignInWithPasskey)
            val start = nextCall()
            start.expect("POST", "auth/login/start")
            settle()
            check(timers.active >= 1) { "no timer guards the request" }
            clock.advance(29 * SECOND)
            settle()
            check(auth.busy) { "timed out before 30 s" }
            clock.advance(1 * SECOND)
            settle()
            check(!auth.busy) { "still busy after the 30 s bound" }
            expectEqual(auth.notice?.code, "TIMED_OUT", "notice")
            start.respond(200, ceremony("cer_late", "request_options.json"))
            settle()
            check(passkeys.requests.tryReceive().getOrNull() == null) { "the late answer started a passkey sheet" }
            check(bridge.bridgeError.value == null) { "bridge error: ${bridge.bridgeError.value}" }
            expectEqual(openEffects(), emptyList<String>(), "open requests")
        }
    }

    suite.scenario("an undecodable answer is reported and the core's follow-up requests are handled") {
        withShell {
            passkeyUi = false
            launchSignedOut()
            bridge.send(AuthEvent.SignInWithPasskey)
            val start = nextCall()
            settle()
            check(auth.busy) { "not busy" }
            bridge.resolve(openId(Effect.Http::class.java), byteArrayOf(-1, -1, -1))
            settle()
            val error = bridge.bridgeError.value ?: throw CheckFailed("the undecodable answer was not reported")
            check("could not be decoded" in error && "could not decode" in error) { "the report lacks the core's detail: $error" }
            // Only the follow-up requests (a Render, a Clear) can have brought these about.
            check(!auth.busy) { "the follow-up render was not handled: still busy" }
            expectEqual(auth.notice?.code, "NETWORK", "notice")
            bridge.dismissBridgeError()
            start.respond(200, ceremony("cer_x", "request_options.json"))
            settle()
            expectEqual(bridge.bridgeError.value, null, "a second answer to the same request")
            everyBoundPassesQuietly()
        }
    }

    suite.scenario("a failing secret store: restore by cookie alone, then SESSION_NOT_KEPT") {
        val store = MemoryStore().apply { failure = "java.security.KeyStoreException: the Keystore is locked" }
        withShell(store) {
            passkeyUi = false
            bridge.start(BASE)
            val restore = nextCall()
            expectEqual(restore.header("Authorization"), null, "a bearer token without a kept session")
            restore.respond(401, envelope("UNAUTHENTICATED", "no session"))
            settle()
            expectEqual(auth.screen, Screen.SIGNEDOUT, "screen")
            bridge.send(AuthEvent.SignIn("alice"))
            nextCall().respond(200, ceremony("cer_s", "request_options.json"))
            nextPasskey().answer.complete(PasskeyOutcome.Success(fixture("authentication_response.json")))
            nextCall().respond(200, """{"user":${user()},"session":${session(TOKEN_2)}}""")
            nextCall().respond(200, "[${passkeyJson("q1", "Pixel")}]")
            settle()
            expectEqual(auth.screen, Screen.SIGNEDIN, "screen")
            expectEqual(auth.notice?.code, "SESSION_NOT_KEPT", "notice")
            expectEqual(auth.notice?.kind, NoticeKind.INFO, "notice kind")
            expectEqual(store.operations, listOf("load", "save"), "store operations")
        }
    }

    suite.scenario("every passkey failure kind reaches the core as its notice") {
        withShell {
            passkeyUi = false
            launchSignedOut()
            for (kind in PasskeyFailureKind.entries) {
                bridge.send(AuthEvent.SignIn("alice"))
                nextCall().respond(200, ceremony("cer_${kind.name}", "request_options.json"))
                nextPasskey().answer.complete(PasskeyOutcome.Failure(kind, "test: ${kind.name}"))
                settle()
                check(!auth.busy) { "$kind: still busy" }
                val expected = if (kind == PasskeyFailureKind.ABORTED) null else "PASSKEY_${kind.name}"
                expectEqual(auth.notice?.code, expected, "$kind: notice")
                if (kind == PasskeyFailureKind.CANCELLED) expectEqual(auth.notice?.kind, NoticeKind.INFO, "a cancel is calm")
            }
        }
    }

    suite.scenario("a transport failure is a NETWORK notice; an error status is a response") {
        withShell {
            passkeyUi = false
            launchSignedOut()
            bridge.send(AuthEvent.SignInWithPasskey)
            nextCall().answer.complete(HttpOutcome.Failure(HttpFailureKind.IO, "java.net.ConnectException: refused"))
            settle()
            expectEqual(auth.notice?.code, "NETWORK", "notice")
            bridge.send(AuthEvent.SignUp("bob", ""))
            nextCall().respond(409, envelope("USERNAME_TAKEN", "taken"))
            settle()
            expectEqual(auth.notice?.code, "USERNAME_TAKEN", "notice")
            bridge.send(AuthEvent.SignInWithPasskey)
            nextCall().answer.complete(HttpOutcome.Failure(HttpFailureKind.TIMEOUT, "timeout"))
            settle()
            expectEqual(auth.notice?.code, "NETWORK", "notice")
        }
    }

    suite.scenario("closing the bridge stops its timers and refuses nothing loudly") {
        withShell {
            passkeyUi = false
            launchSignedOut()
            bridge.send(AuthEvent.SignInWithPasskey)
            nextCall()
            settle()
            check(timers.active >= 1) { "no timer running" }
            bridge.close()
            expectEqual(timers.active, 0, "timers after close")
            bridge.send(AuthEvent.SignOut)
            bridge.close()
            expectEqual(bridge.bridgeError.value, null, "bridge error after close")
        }
    }
}

// --- Steps ------------------------------------------------------------------------------------

/**
 * The core never clears its timers (docs/bridge-protocol.md, "Time"): each bound fires once,
 * and when the step it guarded was answered, the core drops it. So, once every bound has
 * passed, no timer runs, nothing is left open and nothing on screen has changed.
 */
suspend fun Shell.everyBoundPassesQuietly() {
    settle()
    val before = bridge.view.value
    clock.advance(10 * 60 * SECOND)
    settle()
    expectEqual(timers.active, 0, "timers still running after every bound")
    expectEqual(openEffects(), emptyList<String>(), "requests left open")
    expectEqual(bridge.view.value, before, "the view after the late timers")
    expectEqual(bridge.bridgeError.value, null, "bridge error")
}

/** Configure, RestoreSession; nothing kept; the server knows no session. */
suspend fun Shell.launchSignedOut() {
    bridge.start(BASE)
    bridge.start(BASE) // a second start (a recreated activity) sends nothing more
    val restore = nextCall()
    restore.expect("GET", "auth/session")
    expectEqual(restore.header("Authorization"), null, "a bearer token with nothing kept")
    expectEqual(store.operations, listOf("load"), "store operations")
    check(auth.busy) { "not busy while restoring" }
    restore.respond(401, envelope("UNAUTHENTICATED", "no session"))
    settle()
    expectEqual(auth.screen, Screen.SIGNEDOUT, "screen")
    check(!auth.busy) { "busy after the restore" }
    expectEqual(auth.notice, null, "notice")
    check(!ViewRules.canSignOut(auth)) { "sign-out offered while signed out" }
}

/** The policy offered autofill once: a conditional Get waits with the platform. */
private suspend fun Shell.offeredAutofill() {
    val start = nextCall()
    start.expect("POST", "auth/login/start")
    expectEqual(parseJson(start.body), emptyMap<String, Any?>(), "an autofill login/start body")
    start.respond(200, ceremony("cer_auto", "request_options.json"))
    val get = nextPasskey()
    val request = get.request as? PasskeyRequest.Get ?: throw CheckFailed("autofill asked for ${get.request}")
    check(request.conditional) { "autofill's Get is not conditional" }
    expectEqual(parseJson(request.optionsJson), parseJson(fixture("request_options.json")), "autofill options")
    settle()
    check(auth.autofillActive) { "autofill is not active" }
    check(!auth.busy) { "autofill made the core busy" }
    noCallWaiting("autofill is offered once")
}

private suspend fun Shell.signUp() {
    bridge.send(AuthEvent.SignUp("alice", "Alice Liddell"))
    val start = nextCall()
    start.expect("POST", "auth/register/start")
    expectEqual(parseJson(start.body), mapOf("username" to "alice", "displayName" to "Alice Liddell"), "register/start body")
    expectEqual(start.header("Accept"), "application/json", "Accept")
    settle()
    check(!auth.autofillActive) { "autofill still active during sign-up" }
    check("Passkey" !in openEffects()) { "the autofill request was not answered Aborted: open ${openEffects()}" }
    check(auth.busy) { "not busy while signing up" }
    expectEqual(auth.activity, Activity.SIGNINGUP, "activity")
    check(!ViewRules.canStart(auth)) { "buttons enabled while busy" }
    start.respond(200, ceremony("cer_1", "creation_options.json"))

    val create = nextPasskey()
    val request = create.request as? PasskeyRequest.Create ?: throw CheckFailed("sign-up asked for ${create.request}")
    expectEqual(parseJson(request.optionsJson), parseJson(fixture("creation_options.json")), "creation options")
    create.answer.complete(PasskeyOutcome.Success(fixture("registration_response.json")))

    val finish = nextCall()
    finish.expect("POST", "auth/register/finish")
    val body = parseJson(finish.body) as? Map<*, *> ?: throw CheckFailed("register/finish body is not an object")
    expectEqual(body["ceremonyId"], "cer_1", "ceremonyId")
    expectEqual(body["credential"], parseJson(fixture("registration_response.json")), "the credential, untouched")
    finish.respond(
        201,
        """{"user":${user()},"passkey":${passkeyJson("q1Zb5bC2W8m1t1wQm3y1Sg", "Passkey 1")},"session":${session(TOKEN)}}""",
    )
    settle()
    expectEqual(auth.screen, Screen.SIGNEDIN, "screen")
    check(!auth.busy) { "busy after sign-up" }
    expectEqual(auth.user?.username, "alice", "user")
    expectEqual(auth.passkeyList, PasskeyList.LOADED, "passkey list")
    expectEqual(auth.passkeys.map { it.name }, listOf("Passkey 1"), "passkeys")
    check(!auth.canDeletePasskeys) { "the only passkey may be deleted" }
    expectEqual(auth.notice?.code, "SIGNED_UP", "notice")
    expectEqual(bridge.view.value.home?.greeting, "Hello, Alice Liddell", "greeting")
    expectEqual(ViewRules.passkeyHeading(auth), "Your passkeys (1)", "heading")
    expectEqual(store.value, kept(TOKEN), "the kept session")
    noCallWaiting("a signed-in core offers no autofill")
}

private suspend fun Shell.signOut(token: String) {
    check(ViewRules.canSignOut(auth)) { "sign-out not offered" }
    bridge.signOut()
    settle()
    expectEqual(auth.screen, Screen.SIGNEDOUT, "screen right after sign-out")
    expectEqual(store.value, null, "the kept session after sign-out")
    val logout = nextCall()
    logout.expect("POST", "auth/logout")
    expectEqual(logout.header("Authorization"), "Bearer $token", "the logout's bearer token")
    logout.respond(204)
    settle()
    check(!auth.busy) { "busy after sign-out" }
    expectEqual(auth.notice, null, "notice")
    check(!auth.autofillActive) { "autofill right after the person signed out" }
    noCallWaiting("no autofill right after the person signed out")
}

private suspend fun Shell.signIn() {
    bridge.send(AuthEvent.SignIn("alice"))
    val start = nextCall()
    start.expect("POST", "auth/login/start")
    expectEqual(parseJson(start.body), mapOf("username" to "alice"), "login/start body")
    start.respond(200, ceremony("cer_2", "request_options.json"))
    val get = nextPasskey()
    val request = get.request as? PasskeyRequest.Get ?: throw CheckFailed("sign-in asked for ${get.request}")
    check(!request.conditional) { "a modal sign-in asked for a conditional Get" }
    get.answer.complete(PasskeyOutcome.Success(fixture("authentication_response.json")))
    val finish = nextCall()
    finish.expect("POST", "auth/login/finish")
    val body = parseJson(finish.body) as? Map<*, *> ?: throw CheckFailed("login/finish body is not an object")
    expectEqual(body["ceremonyId"], "cer_2", "ceremonyId")
    expectEqual(body["credential"], parseJson(fixture("authentication_response.json")), "the credential, untouched")
    finish.respond(200, """{"user":${user()},"session":${session(TOKEN_2)}}""")
    settle()
    expectEqual(auth.screen, Screen.SIGNEDIN, "screen")
    expectEqual(auth.passkeyList, PasskeyList.LOADING, "passkey list while loading")
    expectEqual(ViewRules.passkeyHeading(auth), "Your passkeys", "heading while loading")
    check(ViewRules.canSignOut(auth) && auth.busy) { "sign-out must be offered while loading" }
    val list = nextCall()
    list.expect("GET", "auth/passkeys")
    expectEqual(list.header("Authorization"), "Bearer $TOKEN_2", "the list's bearer token")
    list.respond(200, "[${passkeyJson("q1", "Pixel", "2026-11-02T10:00:00Z")},${passkeyJson("q2", "YubiKey")}]")
    settle()
    expectEqual(auth.passkeyList, PasskeyList.LOADED, "passkey list")
    expectEqual(auth.passkeys.map { it.id }, listOf("q1", "q2"), "passkeys")
    check(auth.canDeletePasskeys) { "two passkeys and none may be deleted" }
    expectEqual(ViewRules.passkeyHeading(auth), "Your passkeys (2)", "heading")
    expectEqual(store.value, kept(TOKEN_2), "the kept session")
}

private suspend fun Shell.signOutWhileBusy() {
    bridge.send(AuthEvent.RefreshPasskeys)
    val refresh = nextCall()
    refresh.expect("GET", "auth/passkeys")
    settle()
    check(auth.busy) { "not busy while refreshing" }
    check(ViewRules.canSignOut(auth)) { "sign-out disabled while busy" }
    bridge.signOut()
    settle()
    expectEqual(auth.screen, Screen.SIGNEDOUT, "screen right after a busy sign-out")
    expectEqual(store.value, null, "the kept session")
    val logout = nextCall()
    logout.expect("POST", "auth/logout")
    logout.respond(204)
    refresh.respond(200, "[${passkeyJson("q1", "Pixel")}]")
    settle()
    expectEqual(auth.screen, Screen.SIGNEDOUT, "screen after the late list")
    expectEqual(auth.passkeys, emptyList<Any>(), "passkeys after sign-out")
    noCallWaiting("no autofill after a busy sign-out")
}
