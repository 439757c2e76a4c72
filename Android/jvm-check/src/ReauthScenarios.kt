// Re-authentication and signing out everywhere, through the real core: a change to the passkeys
// the server answers REAUTH_REQUIRED for asks the platform for a modal Get, then is made again;
// "Sign out everywhere" waits for the server, and its sign-in screen stays quiet.

package com.cruxpasskey.jvmcheck

import com.cruxpasskey.android.core.ViewRules
import com.cruxpasskey.kit.PasskeyFailureKind
import com.cruxpasskey.kit.PasskeyOutcome
import com.cruxpasskey.kit.PasskeyRequest
import com.cruxpasskey.shared.types.Activity
import com.cruxpasskey.shared.types.AuthEvent
import com.cruxpasskey.shared.types.NoticeKind
import com.cruxpasskey.shared.types.Screen

const val TOKEN_3 = "sess_jvm_reauth_0123456789"

fun reauthScenarios(suite: Suite) {
    suite.scenario("a delete that needs re-authentication confirms it's you, then deletes; a cancel changes nothing") {
        withShell {
            passkeyUi = false
            launchSignedOut()
            signInWithTwoPasskeys()

            bridge.send(AuthEvent.DeletePasskey("q2"))
            val delete = nextCall()
            delete.expect("DELETE", "auth/passkeys/q2")
            delete.respond(403, envelope("REAUTH_REQUIRED", "confirm it's you"))
            confirmWithAPasskey(answer = PasskeyOutcome.Success(fixture("authentication_response.json")))
            val finish = nextCall()
            finish.expect("POST", "auth/reauth/finish")
            val body = parseJson(finish.body) as? Map<*, *> ?: throw CheckFailed("reauth/finish body is not an object")
            expectEqual(body["ceremonyId"], "cer_reauth", "ceremonyId")
            expectEqual(body["credential"], parseJson(fixture("authentication_response.json")), "the credential, untouched")
            finish.respond(200, """{"user":${user()}}""")
            val again = nextCall()
            again.expect("DELETE", "auth/passkeys/q2")
            expectEqual(auth.activity, Activity.DELETINGPASSKEY, "activity while deleting again")
            again.respond(204)
            settle()
            check(!auth.busy) { "busy after the delete" }
            expectEqual(auth.passkeys.map { it.id }, listOf("q1"), "passkeys")
            expectEqual(auth.notice?.code, "PASSKEY_DELETED", "notice")

            bridge.send(AuthEvent.AddPasskey("Laptop"))
            val add = nextCall()
            add.expect("POST", "auth/passkeys/start")
            add.respond(403, envelope("REAUTH_REQUIRED", "confirm it's you"))
            confirmWithAPasskey(answer = PasskeyOutcome.Failure(PasskeyFailureKind.CANCELLED, "GetCredentialCancellationException"))
            settle()
            check(!auth.busy) { "busy after the cancelled confirmation" }
            expectEqual(auth.notice?.code, "REAUTH_CANCELLED", "notice")
            expectEqual(auth.notice?.kind, NoticeKind.INFO, "notice kind")
            expectEqual(auth.passkeys.map { it.id }, listOf("q1"), "passkeys")
            noCallWaiting("nothing is sent after a cancelled confirmation")
            everyBoundPassesQuietly()
        }
    }

    suite.scenario("sign out everywhere waits for the server; a failure keeps the session; then a quiet sign-in screen") {
        withShell {
            passkeyUi = false
            launchSignedOut()
            signInWithTwoPasskeys()
            passkeyUi = true

            bridge.signOutEverywhere()
            val failing = nextCall()
            failing.expect("POST", "auth/logout-all")
            expectEqual(failing.header("Authorization"), "Bearer $TOKEN_3", "the bearer token")
            settle()
            expectEqual(auth.activity, Activity.SIGNINGOUTEVERYWHERE, "activity")
            expectEqual(ViewRules.activityLabel(auth.activity), "Signing out everywhere…", "label")
            expectEqual(auth.screen, Screen.SIGNEDIN, "still signed in while the server works")
            check(!ViewRules.canStart(auth)) { "buttons enabled while busy" }
            check(ViewRules.canSignOut(auth)) { "sign-out disabled while busy" }
            failing.respond(500, envelope("INTERNAL", "database is down"))
            settle()
            expectEqual(auth.screen, Screen.SIGNEDIN, "a failure keeps the session")
            expectEqual(auth.notice?.code, "INTERNAL", "notice")
            expectEqual(store.value, kept(TOKEN_3), "the kept session")

            bridge.signOutEverywhere()
            val ending = nextCall()
            ending.expect("POST", "auth/logout-all")
            ending.respond(204)
            settle()
            expectEqual(auth.screen, Screen.SIGNEDOUT, "screen")
            expectEqual(store.value, null, "the kept session")
            expectEqual(auth.notice?.code, "SIGNED_OUT_EVERYWHERE", "notice")
            check(!auth.autofillActive) { "autofill right after the person signed out everywhere" }
            noCallWaiting("no logout after logout-all, and no autofill right after the person signed out")
        }
    }
}

/** Signs alice in with a session token; the list has two passkeys. */
private suspend fun Shell.signInWithTwoPasskeys() {
    bridge.send(AuthEvent.SignIn("alice"))
    nextCall().respond(200, ceremony("cer_in", "request_options.json"))
    nextPasskey().answer.complete(PasskeyOutcome.Success(fixture("authentication_response.json")))
    nextCall().respond(200, """{"user":${user()},"session":${session(TOKEN_3)}}""")
    val list = nextCall()
    list.expect("GET", "auth/passkeys")
    list.respond(200, "[${passkeyJson("q1", "Pixel")},${passkeyJson("q2", "YubiKey")}]")
    settle()
    expectEqual(auth.screen, Screen.SIGNEDIN, "screen")
    check(auth.canDeletePasskeys) { "two passkeys and none may be deleted" }
}

/** reauth/start, then the modal Get with its options, answered `answer`. */
private suspend fun Shell.confirmWithAPasskey(answer: PasskeyOutcome) {
    val start = nextCall()
    start.expect("POST", "auth/reauth/start")
    expectEqual(parseJson(start.body), emptyMap<String, Any?>(), "reauth/start body")
    expectEqual(start.header("Authorization"), "Bearer $TOKEN_3", "the bearer token")
    settle()
    expectEqual(auth.activity, Activity.REAUTHENTICATING, "activity")
    expectEqual(ViewRules.activityLabel(auth.activity), "Confirming it's you…", "label")
    start.respond(200, ceremony("cer_reauth", "request_options.json"))
    val get = nextPasskey()
    val request = get.request as? PasskeyRequest.Get ?: throw CheckFailed("re-authentication asked for ${get.request}")
    check(!request.conditional) { "re-authentication asked for a conditional Get" }
    expectEqual(parseJson(request.optionsJson), parseJson(fixture("request_options.json")), "the reauth options")
    get.answer.complete(answer)
}
