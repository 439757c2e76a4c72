// Signals (WebAuthn's Signal API) and the display name, through the real core: what the core
// asks the platform to signal, when, with which JSON; that the platform's answer, taken or
// Unsupported, changes nothing on screen; and that a signal runs beside an open autofill
// request without cancelling it.

package com.cruxpasskey.jvmcheck

import com.cruxpasskey.android.core.ViewRules
import com.cruxpasskey.kit.PasskeyFailureKind
import com.cruxpasskey.kit.PasskeyOutcome
import com.cruxpasskey.kit.PasskeyRequest
import com.cruxpasskey.kit.PasskeySignal
import com.cruxpasskey.shared.types.Activity
import com.cruxpasskey.shared.types.AuthEvent
import com.cruxpasskey.shared.types.Effect
import com.cruxpasskey.shared.types.PasskeyList
import com.cruxpasskey.shared.types.PasskeyOperation
import com.cruxpasskey.shared.types.PasskeyResult
import com.cruxpasskey.shared.types.Request
import com.cruxpasskey.shared.types.Screen
import com.cruxpasskey.shared.types.Signal
import uniffi.shared.CoreFfi

/** The user handle the server reports (base64url), and the relying party id it answers with. */
const val HANDLE = "mF1Ii0xkS0mZ2cE1x6U8yA"
const val RP_ID = "example.com"
const val GOOGLE = """{"aaguid":"ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4","name":"Google Password Manager","iconLight":"data:image/svg+xml;base64,PHN2Zy8+"}"""

fun userWithHandle(display: String = "Alice Liddell") =
    """{"id":"u_alice","username":"alice","displayName":"$display","handle":"$HANDLE"}"""

fun signalScenarios(suite: Suite) {
    suite.scenario("a sign-in signals the account's details, and the loaded list every accepted credential") {
        withShell {
            passkeyUi = false
            launchSignedOut()
            signInWithHandle(answerAccepted = PasskeyOutcome.Signalled)
            everyBoundPassesQuietly()
        }
    }

    suite.scenario("a sign-in the server answers UNKNOWN_CREDENTIAL signals that credential; Unsupported changes nothing") {
        withShell {
            passkeyUi = false
            launchSignedOut()
            bridge.send(AuthEvent.SignIn("alice"))
            nextCall().respond(200, ceremony("cer_unknown", "request_options.json"))
            val get = nextPasskey()
            check(get.request is PasskeyRequest.Get) { "sign-in asked for ${get.request}" }
            get.answer.complete(PasskeyOutcome.Success(fixture("authentication_response.json")))
            val finish = nextCall()
            finish.expect("POST", "auth/login/finish")
            finish.respond(401, envelope("UNKNOWN_CREDENTIAL", "this passkey is not registered here"))
            val unknown = nextSignal(PasskeySignal.UNKNOWN_CREDENTIAL)
            expectEqual(unknown.second, mapOf("rpId" to optionsRpId(), "credentialId" to platformCredentialId()), "the UnknownCredential JSON")
            settle()
            expectEqual(auth.screen, Screen.SIGNEDOUT, "screen")
            check(!auth.busy) { "busy after the refused sign-in" }
            expectEqual(auth.notice?.code, "UNKNOWN_CREDENTIAL", "notice")
            answerChangesNothing(unknown.first, PasskeyOutcome.Failure(PasskeyFailureKind.UNSUPPORTED, "SignalCredentialStateProviderConfigurationException: none"))
            noCallWaiting("a refused signal starts nothing")
            everyBoundPassesQuietly()
        }
    }

    suite.scenario("an autofill sign-in the server answers UNKNOWN_CREDENTIAL signals that credential too") {
        withShell {
            launchSignedOut()
            nextCall().respond(200, ceremony("cer_auto", "request_options.json"))
            val get = nextPasskey()
            check((get.request as? PasskeyRequest.Get)?.conditional == true) { "autofill asked for ${get.request}" }
            get.answer.complete(PasskeyOutcome.Success(fixture("authentication_response.json")))
            val finish = nextCall()
            finish.expect("POST", "auth/login/finish")
            finish.respond(401, envelope("UNKNOWN_CREDENTIAL", "this passkey is not registered here"))
            val unknown = nextSignal(PasskeySignal.UNKNOWN_CREDENTIAL)
            expectEqual(unknown.second, mapOf("rpId" to optionsRpId(), "credentialId" to platformCredentialId()), "the UnknownCredential JSON")
            answerChangesNothing(unknown.first, PasskeyOutcome.Signalled)
            everyBoundPassesQuietly()
        }
    }

    suite.scenario("a display-name change shows the new name and signals the account's details") {
        withShell {
            passkeyUi = false
            launchSignedOut()
            signInWithHandle(answerAccepted = PasskeyOutcome.Failure(PasskeyFailureKind.UNSUPPORTED, "UNSUPPORTED_CALL: no signals"))
            check(ViewRules.canChangeDisplayName(auth, "Alice Pleasance")) { "a new name cannot be sent" }
            check(!ViewRules.canChangeDisplayName(auth, "Alice Liddell")) { "the same name can be sent" }
            check(!ViewRules.canChangeDisplayName(auth, "   ")) { "a blank name can be sent" }
            bridge.send(AuthEvent.ChangeDisplayName("Alice Pleasance"))
            val patch = nextCall()
            patch.expect("PATCH", "auth/me")
            expectEqual(parseJson(patch.body), mapOf("displayName" to "Alice Pleasance"), "PATCH auth/me body")
            expectEqual(patch.header("Authorization"), "Bearer $TOKEN_2", "the bearer token")
            settle()
            expectEqual(auth.activity, Activity.CHANGINGDISPLAYNAME, "activity")
            check(auth.busy) { "not busy while changing the name" }
            expectEqual(ViewRules.activityLabel(auth.activity), "Changing your name…", "the activity's label")
            check(!ViewRules.canChangeDisplayName(auth, "Alice P.")) { "a second change offered while busy" }
            check(ViewRules.canSignOut(auth)) { "sign-out disabled while busy" }
            patch.respond(200, """{"user":${userWithHandle("Alice Pleasance")}}""")
            val details = nextSignal(PasskeySignal.CURRENT_USER_DETAILS)
            expectEqual(
                details.second,
                mapOf("rpId" to RP_ID, "userId" to HANDLE, "name" to "alice", "displayName" to "Alice Pleasance"),
                "the CurrentUserDetails JSON after the change",
            )
            settle()
            check(!auth.busy) { "busy after the change" }
            expectEqual(auth.user?.displayName, "Alice Pleasance", "the display name shown")
            expectEqual(bridge.view.value.home?.greeting, "Hello, Alice Pleasance", "greeting")
            expectEqual(auth.notice?.code, "DISPLAY_NAME_CHANGED", "notice")
            answerChangesNothing(details.first, PasskeyOutcome.Signalled)
            everyBoundPassesQuietly()
        }
    }

    suite.scenario("a signal runs beside the open autofill request and never cancels it") {
        val core = InjectingCore(CoreFfi())
        withShell(newCore = { core }) {
            launchSignedOut()
            nextCall().respond(200, ceremony("cer_auto", "request_options.json"))
            val get = nextPasskey()
            check((get.request as? PasskeyRequest.Get)?.conditional == true) { "autofill asked for ${get.request}" }
            settle()
            check(auth.autofillActive) { "autofill is not active" }
            val getId = openId(Effect.Passkey::class.java)
            // The core signals only while signed in or after a sign-in; slip one in now.
            val signalId = 1_000_000u
            val json = """{"rpId":"localhost","credentialId":"${platformCredentialId()}"}"""
            core.inject(Request(signalId, Effect.Passkey(PasskeyOperation.Signal(Signal.UNKNOWNCREDENTIAL, json))))
            bridge.send(AuthEvent.DismissNotice)
            val signal = nextPasskey()
            expectEqual(signal.request, PasskeyRequest.Signal(PasskeySignal.UNKNOWN_CREDENTIAL, json), "the slipped-in signal")
            settle()
            check(auth.autofillActive) { "the signal ended autofill" }
            check(getId in bridge.openRequests()) { "the signal cancelled the autofill request: open ${openEffects()}" }
            signal.answer.complete(PasskeyOutcome.Signalled)
            settle()
            check(core.answers[signalId]?.contentEquals(PasskeyResult.Signalled.bincodeSerialize()) == true) { "the signal was not answered Signalled" }
            check(getId in bridge.openRequests()) { "the autofill request ended with the signal's answer" }
            // The autofill request still signs the person in.
            get.answer.complete(PasskeyOutcome.Success(fixture("authentication_response.json")))
            val finish = nextCall()
            finish.expect("POST", "auth/login/finish")
            finish.respond(200, """{"user":${user()},"session":${session(TOKEN_2)}}""")
            nextCall().respond(200, "[${passkeyJson("q1", "Pixel")}]")
            settle()
            expectEqual(auth.screen, Screen.SIGNEDIN, "screen after the autofill sign-in")
            expectEqual(bridge.bridgeError.value, null, "bridge error")
        }
    }
}

// --- Steps ------------------------------------------------------------------------------------

/** The rp id of the fixture's request options, as the core must pass it on. */
private fun optionsRpId(): Any? = (parseJson(fixture("request_options.json")) as? Map<*, *>)?.get("rpId")

/** The id of the credential the platform answered with (the fixture). */
private fun platformCredentialId(): Any? = (parseJson(fixture("authentication_response.json")) as? Map<*, *>)?.get("id")

/** The next passkey request, which must be `signal`; with its JSON parsed. */
private suspend fun Shell.nextSignal(signal: PasskeySignal): Pair<PendingCall<PasskeyRequest, PasskeyOutcome>, Map<*, *>> {
    val pending = nextPasskey()
    val request = pending.request as? PasskeyRequest.Signal ?: throw CheckFailed("expected a $signal signal, got ${pending.request}")
    expectEqual(request.signal, signal, "signal")
    val json = parseJson(request.json) as? Map<*, *> ?: throw CheckFailed("$signal's JSON is not an object: ${request.json}")
    return pending to json
}

/** Answers a signal and checks that nothing changed: the view, the bridge, the open requests. */
private suspend fun Shell.answerChangesNothing(signal: PendingCall<PasskeyRequest, PasskeyOutcome>, outcome: PasskeyOutcome) {
    settle()
    val before = bridge.view.value
    val open = openEffects().filter { it != "Passkey" }
    signal.answer.complete(outcome)
    settle()
    expectEqual(bridge.view.value, before, "the view after the signal's answer ($outcome)")
    expectEqual(bridge.bridgeError.value, null, "bridge error after the signal's answer")
    expectEqual(openEffects().filter { it != "Passkey" }, open, "open requests after the signal's answer")
    check("Passkey" !in openEffects()) { "the signal is still open" }
}

/**
 * A sign-in whose answer carries the user handle and the rp id: CurrentUserDetails right after
 * it, AllAcceptedCredentials once the list has loaded (answered `answerAccepted`). One passkey
 * names its provider, the other does not.
 */
private suspend fun Shell.signInWithHandle(answerAccepted: PasskeyOutcome) {
    bridge.send(AuthEvent.SignIn("alice"))
    nextCall().respond(200, ceremony("cer_handle", "request_options.json"))
    val get = nextPasskey()
    check(get.request is PasskeyRequest.Get) { "sign-in asked for ${get.request}" }
    get.answer.complete(PasskeyOutcome.Success(fixture("authentication_response.json")))
    val finish = nextCall()
    finish.expect("POST", "auth/login/finish")
    finish.respond(200, """{"user":${userWithHandle()},"session":${session(TOKEN_2)},"rpId":"$RP_ID"}""")

    val details = nextSignal(PasskeySignal.CURRENT_USER_DETAILS)
    expectEqual(
        details.second,
        mapOf("rpId" to RP_ID, "userId" to HANDLE, "name" to "alice", "displayName" to "Alice Liddell"),
        "the CurrentUserDetails JSON",
    )
    settle()
    expectEqual(auth.screen, Screen.SIGNEDIN, "screen")
    expectEqual(auth.passkeyList, PasskeyList.LOADING, "the list loads while the signal is out")
    val list = nextCall()
    list.expect("GET", "auth/passkeys")
    answerChangesNothing(details.first, PasskeyOutcome.Signalled)

    list.respond(200, "[${passkeyJson("q1", "Pixel", provider = GOOGLE)},${passkeyJson("q2", "YubiKey")}]")
    val accepted = nextSignal(PasskeySignal.ALL_ACCEPTED_CREDENTIALS)
    expectEqual(
        accepted.second,
        mapOf("rpId" to RP_ID, "userId" to HANDLE, "allAcceptedCredentialIds" to listOf("q1", "q2")),
        "the AllAcceptedCredentials JSON",
    )
    settle()
    expectEqual(auth.passkeyList, PasskeyList.LOADED, "passkey list")
    expectEqual(auth.passkeys.map { ViewRules.providerLabel(it) }, listOf("Google Password Manager", null), "providers shown")
    expectEqual(auth.passkeys.firstOrNull()?.provider?.iconLight, "data:image/svg+xml;base64,PHN2Zy8+", "the provider's light icon")
    answerChangesNothing(accepted.first, answerAccepted)
    noCallWaiting("a signal's answer starts nothing")
}
