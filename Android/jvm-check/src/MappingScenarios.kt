// The kit's error mapping, table-driven: every androidx exception and DomError the mapping
// names (the signal exceptions through the kit's real signal call, on a fake Credential
// Manager), the text signals and the shell's own failures, each with the kind expected. The
// table is this file's, not the code's; it must also name every row of the Android table in
// shells_check/ERROR_MAPPING.md, so the document, the code and this test cannot drift apart.

package com.cruxpasskey.jvmcheck

import androidx.credentials.CreatePublicKeyCredentialResponse
import androidx.credentials.PublicKeyCredential
import androidx.credentials.SignalAllAcceptedCredentialIdsRequest
import androidx.credentials.SignalCredentialStateResponse
import androidx.credentials.SignalCurrentUserDetailsRequest
import androidx.credentials.SignalUnknownCredentialRequest
import androidx.credentials.exceptions.CreateCredentialCancellationException
import androidx.credentials.exceptions.CreateCredentialCustomException
import androidx.credentials.exceptions.CreateCredentialException
import androidx.credentials.exceptions.CreateCredentialInterruptedException
import androidx.credentials.exceptions.CreateCredentialNoCreateOptionException
import androidx.credentials.exceptions.CreateCredentialProviderConfigurationException
import androidx.credentials.exceptions.CreateCredentialUnknownException
import androidx.credentials.exceptions.CreateCredentialUnsupportedException
import androidx.credentials.exceptions.GetCredentialCancellationException
import androidx.credentials.exceptions.GetCredentialCustomException
import androidx.credentials.exceptions.GetCredentialException
import androidx.credentials.exceptions.GetCredentialInterruptedException
import androidx.credentials.exceptions.GetCredentialProviderConfigurationException
import androidx.credentials.exceptions.GetCredentialUnknownException
import androidx.credentials.exceptions.GetCredentialUnsupportedException
import androidx.credentials.exceptions.NoCredentialException
import androidx.credentials.exceptions.domerrors.AbortError
import androidx.credentials.exceptions.domerrors.ConstraintError
import androidx.credentials.exceptions.domerrors.DataCloneError
import androidx.credentials.exceptions.domerrors.DataError
import androidx.credentials.exceptions.domerrors.DomError
import androidx.credentials.exceptions.domerrors.EncodingError
import androidx.credentials.exceptions.domerrors.HierarchyRequestError
import androidx.credentials.exceptions.domerrors.InUseAttributeError
import androidx.credentials.exceptions.domerrors.InvalidCharacterError
import androidx.credentials.exceptions.domerrors.InvalidModificationError
import androidx.credentials.exceptions.domerrors.InvalidNodeTypeError
import androidx.credentials.exceptions.domerrors.InvalidStateError
import androidx.credentials.exceptions.domerrors.NamespaceError
import androidx.credentials.exceptions.domerrors.NetworkError
import androidx.credentials.exceptions.domerrors.NoModificationAllowedError
import androidx.credentials.exceptions.domerrors.NotAllowedError
import androidx.credentials.exceptions.domerrors.NotFoundError
import androidx.credentials.exceptions.domerrors.NotReadableError
import androidx.credentials.exceptions.domerrors.NotSupportedError
import androidx.credentials.exceptions.domerrors.OperationError
import androidx.credentials.exceptions.domerrors.OptOutError
import androidx.credentials.exceptions.domerrors.QuotaExceededError
import androidx.credentials.exceptions.domerrors.ReadOnlyError
import androidx.credentials.exceptions.domerrors.SecurityError
import androidx.credentials.exceptions.domerrors.SyntaxError
import androidx.credentials.exceptions.domerrors.TimeoutError
import androidx.credentials.exceptions.domerrors.TransactionInactiveError
import androidx.credentials.exceptions.domerrors.UnknownError
import androidx.credentials.exceptions.domerrors.VersionError
import androidx.credentials.exceptions.domerrors.WrongDocumentError
import androidx.credentials.exceptions.publickeycredential.CreatePublicKeyCredentialDomException
import androidx.credentials.exceptions.publickeycredential.GetPublicKeyCredentialDomException
import androidx.credentials.exceptions.publickeycredential.SignalCredentialRateLimitExceededException
import androidx.credentials.exceptions.publickeycredential.SignalCredentialSecurityException
import androidx.credentials.exceptions.publickeycredential.SignalCredentialStateException
import androidx.credentials.exceptions.publickeycredential.SignalCredentialStateProviderConfigurationException
import androidx.credentials.exceptions.publickeycredential.SignalCredentialUnknownException
import com.cruxpasskey.android.core.KitEffects
import com.cruxpasskey.kit.PasskeyFailureKind
import com.cruxpasskey.kit.PasskeyFailureKind.ABORTED
import com.cruxpasskey.kit.PasskeyFailureKind.CANCELLED
import com.cruxpasskey.kit.PasskeyFailureKind.EXCLUDED_CREDENTIAL_EXISTS
import com.cruxpasskey.kit.PasskeyFailureKind.INTERRUPTED
import com.cruxpasskey.kit.PasskeyFailureKind.INVALID_REQUEST
import com.cruxpasskey.kit.PasskeyFailureKind.NO_CREDENTIALS
import com.cruxpasskey.kit.PasskeyFailureKind.RP_MISCONFIGURED
import com.cruxpasskey.kit.PasskeyFailureKind.UNKNOWN
import com.cruxpasskey.kit.PasskeyFailureKind.UNSUPPORTED
import com.cruxpasskey.kit.CredentialManagerPasskeys
import com.cruxpasskey.kit.PasskeyMapping
import com.cruxpasskey.kit.PasskeyOutcome
import com.cruxpasskey.kit.PasskeyRequest
import com.cruxpasskey.kit.PasskeySignal
import com.cruxpasskey.kit.ShellFailure
import com.cruxpasskey.kit.TextSignal
import com.cruxpasskey.kit.Timers
import com.cruxpasskey.shared.types.PasskeyError
import com.cruxpasskey.shared.types.PasskeyErrorKind
import com.cruxpasskey.shared.types.PasskeyOperation
import com.cruxpasskey.shared.types.PasskeyResult
import com.cruxpasskey.shared.types.Signal
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.runBlocking
import java.io.File

private const val MESSAGE = "the platform's own words"
private const val ASSET_LINKS = "RP ID cannot be validated: check the Digital Asset Links of example.com"

private val CREATE: List<Pair<CreateCredentialException, PasskeyFailureKind>> = listOf(
    CreateCredentialCancellationException(MESSAGE) to CANCELLED,
    CreateCredentialInterruptedException(MESSAGE) to INTERRUPTED,
    CreateCredentialProviderConfigurationException(MESSAGE) to UNSUPPORTED,
    CreateCredentialUnsupportedException(MESSAGE) to UNSUPPORTED,
    CreateCredentialNoCreateOptionException(MESSAGE) to UNSUPPORTED,
    CreatePublicKeyCredentialDomException(NotAllowedError(), MESSAGE) to CANCELLED,
    CreateCredentialUnknownException(MESSAGE) to UNKNOWN,
    CreateCredentialCustomException("com.example.TYPE_OTHER", MESSAGE) to UNKNOWN,
)

private val GET: List<Pair<GetCredentialException, PasskeyFailureKind>> = listOf(
    GetCredentialCancellationException(MESSAGE) to CANCELLED,
    GetCredentialInterruptedException(MESSAGE) to INTERRUPTED,
    NoCredentialException(MESSAGE) to NO_CREDENTIALS,
    GetCredentialProviderConfigurationException(MESSAGE) to UNSUPPORTED,
    GetCredentialUnsupportedException(MESSAGE) to UNSUPPORTED,
    GetPublicKeyCredentialDomException(NotAllowedError(), MESSAGE) to CANCELLED,
    GetCredentialUnknownException(MESSAGE) to UNKNOWN,
    GetCredentialCustomException("com.example.TYPE_OTHER", MESSAGE) to UNKNOWN,
)

/** Each DomError with its kind when creating and when getting. */
private val DOM: List<Triple<DomError, PasskeyFailureKind, PasskeyFailureKind>> = listOf(
    Triple(NotAllowedError(), CANCELLED, CANCELLED),
    Triple(AbortError(), ABORTED, ABORTED),
    Triple(InvalidStateError(), EXCLUDED_CREDENTIAL_EXISTS, INVALID_REQUEST),
    Triple(SecurityError(), RP_MISCONFIGURED, RP_MISCONFIGURED),
    Triple(NotSupportedError(), UNSUPPORTED, UNSUPPORTED),
    Triple(ConstraintError(), UNSUPPORTED, UNSUPPORTED),
    Triple(OptOutError(), CANCELLED, CANCELLED),
    Triple(TimeoutError(), INTERRUPTED, INTERRUPTED),
    Triple(NetworkError(), INTERRUPTED, INTERRUPTED),
    Triple(NotReadableError(), INTERRUPTED, INTERRUPTED),
    Triple(DataError(), INVALID_REQUEST, INVALID_REQUEST),
    Triple(EncodingError(), INVALID_REQUEST, INVALID_REQUEST),
    Triple(SyntaxError(), INVALID_REQUEST, INVALID_REQUEST),
    Triple(InvalidCharacterError(), INVALID_REQUEST, INVALID_REQUEST),
    Triple(DataCloneError(), UNKNOWN, UNKNOWN),
    Triple(HierarchyRequestError(), UNKNOWN, UNKNOWN),
    Triple(InUseAttributeError(), UNKNOWN, UNKNOWN),
    Triple(InvalidModificationError(), UNKNOWN, UNKNOWN),
    Triple(InvalidNodeTypeError(), UNKNOWN, UNKNOWN),
    Triple(NamespaceError(), UNKNOWN, UNKNOWN),
    Triple(NoModificationAllowedError(), UNKNOWN, UNKNOWN),
    Triple(NotFoundError(), UNKNOWN, UNKNOWN),
    Triple(OperationError(), UNKNOWN, UNKNOWN),
    Triple(QuotaExceededError(), UNKNOWN, UNKNOWN),
    Triple(ReadOnlyError(), UNKNOWN, UNKNOWN),
    Triple(TransactionInactiveError(), UNKNOWN, UNKNOWN),
    Triple(UnknownError(), UNKNOWN, UNKNOWN),
    Triple(VersionError(), UNKNOWN, UNKNOWN),
    Triple(WrongDocumentError(), UNKNOWN, UNKNOWN),
)

/** What signalCredentialState throws (androidx.credentials 1.6.0), each with its kind. */
private val SIGNAL: List<Pair<SignalCredentialStateException, PasskeyFailureKind>> = listOf(
    SignalCredentialStateProviderConfigurationException(MESSAGE) to UNSUPPORTED,
    SignalCredentialSecurityException(MESSAGE) to RP_MISCONFIGURED,
    SignalCredentialRateLimitExceededException(30_000, MESSAGE) to INTERRUPTED,
    SignalCredentialUnknownException(MESSAGE) to UNKNOWN,
)

/** A signal exception a later androidx might add: the mapping's `else`. */
private class FutureSignalException : SignalCredentialStateException("androidx.credentials.SignalCredentialStateException.TYPE_FUTURE", MESSAGE)

private const val UNKNOWN_JSON = """{"rpId":"example.com","credentialId":"q1Zb5bC2W8m1t1wQm3y1Sg"}"""

private val SHELL = listOf(
    ShellFailure.ABORTED_BY_SHELL to ABORTED,
    ShellFailure.NO_ACTIVITY to INTERRUPTED,
    ShellFailure.INVALID_OPTIONS to INVALID_REQUEST,
    ShellFailure.UNSUPPORTED_CALL to UNSUPPORTED,
    ShellFailure.UNEXPECTED_CREDENTIAL to UNKNOWN,
    ShellFailure.OTHER_EXCEPTION to UNKNOWN,
)

/** A DomError a later androidx might add: the mapping's `else`. */
private class FutureError : DomError("androidx.credentials.TYPE_FUTURE_ERROR")

fun mappingScenarios(suite: Suite) {
    suite.scenario("every create and get exception maps to its kind, keeping its type and text") {
        for ((e, kind) in CREATE) {
            val failure = PasskeyMapping.createError(e)
            expectEqual(failure.kind, kind, e.javaClass.simpleName)
            check(e.type in failure.message && MESSAGE in failure.message) { "${e.javaClass.simpleName}: message ${failure.message}" }
        }
        for ((e, kind) in GET) {
            val failure = PasskeyMapping.getError(e)
            expectEqual(failure.kind, kind, e.javaClass.simpleName)
            check(e.type in failure.message && MESSAGE in failure.message) { "${e.javaClass.simpleName}: message ${failure.message}" }
        }
    }

    suite.scenario("every DomError maps in both DomExceptions") {
        for ((dom, onCreate, onGet) in DOM) {
            val created = PasskeyMapping.createError(CreatePublicKeyCredentialDomException(dom, MESSAGE))
            expectEqual(created.kind, onCreate, "CreatePublicKeyCredentialDomException(${dom.javaClass.simpleName})")
            check(dom.type in created.message) { "the DomError's type is not in ${created.message}" }
            val got = PasskeyMapping.getError(GetPublicKeyCredentialDomException(dom, MESSAGE))
            expectEqual(got.kind, onGet, "GetPublicKeyCredentialDomException(${dom.javaClass.simpleName})")
        }
        expectEqual(PasskeyMapping.domErrorKind(FutureError(), creating = true), UNKNOWN, "an unknown DomError")
    }

    suite.scenario("text that names asset links is RP_MISCONFIGURED, only in Unknown and Custom exceptions") {
        for (kind in TextSignal.entries) {
            check(kind.needles.isNotEmpty()) { "$kind has no needles" }
        }
        expectEqual(PasskeyMapping.createError(CreateCredentialUnknownException(ASSET_LINKS)).kind, RP_MISCONFIGURED, "create Unknown")
        expectEqual(PasskeyMapping.createError(CreateCredentialCustomException("x.TYPE", ASSET_LINKS)).kind, RP_MISCONFIGURED, "create Custom")
        expectEqual(PasskeyMapping.getError(GetCredentialUnknownException(ASSET_LINKS)).kind, RP_MISCONFIGURED, "get Unknown")
        expectEqual(PasskeyMapping.getError(GetCredentialCustomException("x.TYPE", ASSET_LINKS)).kind, RP_MISCONFIGURED, "get Custom")
        expectEqual(PasskeyMapping.getError(GetCredentialCancellationException(ASSET_LINKS)).kind, CANCELLED, "a cancel stays a cancel")
        expectEqual(PasskeyMapping.getError(GetCredentialUnknownException(null)).kind, UNKNOWN, "no text")
    }

    suite.scenario("signals: each becomes its Signal…Request, JSON untouched, no origin, and Signalled when taken") {
        runBlocking {
            val manager = FakeCredentialManager()
            val contexts = mutableListOf<Any>()
            val kit = CredentialManagerPasskeys(appContext = FakeApplication, managerFor = { contexts += it; manager })
            check(!kit.canShowUi) { "an activity is attached" }
            val expected = mapOf(
                PasskeySignal.UNKNOWN_CREDENTIAL to SignalUnknownCredentialRequest::class.java,
                PasskeySignal.ALL_ACCEPTED_CREDENTIALS to SignalAllAcceptedCredentialIdsRequest::class.java,
                PasskeySignal.CURRENT_USER_DETAILS to SignalCurrentUserDetailsRequest::class.java,
            )
            expectEqual(expected.keys, PasskeySignal.entries.toSet(), "signals in the table")
            for ((signal, type) in expected) {
                val json = """{"rpId":"example.com","signal":"${signal.name}"}"""
                expectEqual(kit.perform(PasskeyRequest.Signal(signal, json)), PasskeyOutcome.Signalled, "$signal without an activity")
                val sent = manager.signals.last()
                expectEqual(sent.javaClass, type, "$signal's request")
                expectEqual(sent.requestJson, json, "$signal's JSON")
                expectEqual(sent.origin, null, "$signal's origin")
            }
            expectEqual(contexts.toSet(), setOf<Any>(FakeApplication), "the context signals go out from")
            // Without an application context, the attached activity's; with neither, none.
            val bare = CredentialManagerPasskeys(managerFor = { contexts += it; manager })
            val none = bare.perform(PasskeyRequest.Signal(PasskeySignal.UNKNOWN_CREDENTIAL, UNKNOWN_JSON))
            expectEqual((none as? PasskeyOutcome.Failure)?.kind, INTERRUPTED, "a signal with no context at all")
            bare.attach(FakeActivity())
            contexts.clear()
            expectEqual(bare.perform(PasskeyRequest.Signal(PasskeySignal.UNKNOWN_CREDENTIAL, UNKNOWN_JSON)), PasskeyOutcome.Signalled, "via the activity")
            expectEqual(contexts.toList(), listOf<Any>(FakeApplication), "the activity's application context")
        }
    }

    suite.scenario("signals: every exception of signalCredentialState maps to its kind, keeping its name and text") {
        runBlocking {
            val manager = FakeCredentialManager()
            val kit = CredentialManagerPasskeys(appContext = FakeApplication, managerFor = { manager })
            suspend fun failure(thrown: Exception): PasskeyOutcome.Failure {
                manager.answer = { throw thrown }
                val outcome = kit.perform(PasskeyRequest.Signal(PasskeySignal.UNKNOWN_CREDENTIAL, UNKNOWN_JSON))
                return outcome as? PasskeyOutcome.Failure ?: throw CheckFailed("$thrown was answered $outcome")
            }
            for ((e, kind) in SIGNAL) {
                val outcome = failure(e)
                expectEqual(outcome.kind, kind, e.javaClass.simpleName)
                check(e.javaClass.simpleName in outcome.message && MESSAGE in outcome.message) { "${e.javaClass.simpleName}: message ${outcome.message}" }
            }
            check("30000 ms" in failure(SignalCredentialRateLimitExceededException(30_000)).message) { "the rate limit's retry time is lost" }
            expectEqual(failure(SignalCredentialUnknownException(ASSET_LINKS)).kind, RP_MISCONFIGURED, "an Unknown naming asset links")
            expectEqual(failure(FutureSignalException()).kind, UNKNOWN, "a signal exception a later androidx adds")
            // What the kit catches around the call: the requests' own JSON validation, a manager
            // without the call, anything else.
            val invalid = failure(IllegalArgumentException("Structural/type validation failed for JSON: '{}'"))
            expectEqual(invalid.kind, INVALID_REQUEST, "malformed signal JSON")
            check(invalid.message.startsWith("INVALID_OPTIONS")) { invalid.message }
            expectEqual(failure(UnsupportedOperationException("signalCredentialState")).kind, UNSUPPORTED, "no signal call")
            expectEqual(failure(IllegalStateException("odd")).kind, UNKNOWN, "anything else")
            expectEqual(failure(SecurityException("CREDENTIAL_MANAGER_SET_ORIGIN")).kind, UNKNOWN, "a platform SecurityException")
            manager.answer = { throw CancellationException("the caller went away") }
            val cancelled = try {
                kit.perform(PasskeyRequest.Signal(PasskeySignal.UNKNOWN_CREDENTIAL, UNKNOWN_JSON))
                false
            } catch (e: CancellationException) {
                true
            }
            check(cancelled) { "a cancellation was swallowed" }
            manager.answer = { SignalCredentialStateResponse() }
            expectEqual(PasskeyMapping.signalStateError(FutureSignalException()).kind, UNKNOWN, "the pure mapping's else")
        }
    }

    suite.scenario("signals through the adapter: each Signal to the kit's, Signalled and Err back") {
        runBlocking {
            val asked = mutableListOf<PasskeyRequest>()
            var outcome: PasskeyOutcome = PasskeyOutcome.Signalled
            val effects = KitEffects(FakeServer(), { request -> asked += request; outcome }, MemoryStore(), Timers(this))
            val json = """{"rpId":"example.com","userId":"dXNlcg","name":"alice","displayName":"Alice"}"""
            for (signal in Signal.entries) {
                expectEqual(effects.passkey(PasskeyOperation.Signal(signal, json)), PasskeyResult.Signalled, "$signal answered")
            }
            expectEqual(
                asked.toList(),
                listOf(
                    PasskeyRequest.Signal(PasskeySignal.UNKNOWN_CREDENTIAL, json),
                    PasskeyRequest.Signal(PasskeySignal.ALL_ACCEPTED_CREDENTIALS, json),
                    PasskeyRequest.Signal(PasskeySignal.CURRENT_USER_DETAILS, json),
                ),
                "the kit's requests, in the contract's order",
            )
            outcome = PasskeyOutcome.Failure(UNSUPPORTED, "UNSUPPORTED_CALL: no signals here")
            expectEqual(
                effects.passkey(PasskeyOperation.Signal(Signal.CURRENTUSERDETAILS, json)),
                PasskeyResult.Err(PasskeyError(PasskeyErrorKind.UNSUPPORTED, "UNSUPPORTED_CALL: no signals here")),
                "an unsupported signal",
            )
        }
    }

    suite.scenario("the shell's own failures") {
        for ((failure, kind) in SHELL) {
            val outcome = PasskeyMapping.shellFailure(failure, MESSAGE)
            expectEqual(outcome.kind, kind, failure.name)
            check(outcome.message.startsWith(failure.name)) { "${failure.name}: message ${outcome.message}" }
        }
        expectEqual(SHELL.map { it.first }, ShellFailure.entries.toList(), "shell failures in the table")
    }

    suite.scenario("responses pass through untouched; every kit kind is a core kind") {
        val registration = fixture("registration_response.json")
        expectEqual(PasskeyMapping.registrationOutcome(CreatePublicKeyCredentialResponse(registration)), PasskeyOutcome.Success(registration), "registration")
        val authentication = fixture("authentication_response.json")
        expectEqual(PasskeyMapping.authenticationOutcome(PublicKeyCredential(authentication)), PasskeyOutcome.Success(authentication), "authentication")
        expectEqual(
            PasskeyFailureKind.entries.map { KitEffects.errorKind(it) },
            PasskeyErrorKind.entries.toList(),
            "the kit's kinds, in the contract's order",
        )
    }

    suite.scenario("the table above covers every Android row of shells_check/ERROR_MAPPING.md") {
        val documented = androidRows()
        check(documented.size > 50) { "only ${documented.size} rows read from ERROR_MAPPING.md" }
        val tested = (CREATE.map { it.first.javaClass.simpleName } + GET.map { it.first.javaClass.simpleName } +
            DOM.map { it.first.javaClass.simpleName } + SIGNAL.map { it.first.javaClass.simpleName } +
            TextSignal.entries.map { it.name } + SHELL.map { it.first.name }).toSet()
        val missing = documented.filter { it !in tested && it != "else" }
        expectEqual(missing, emptyList<String>(), "documented rows this test does not exercise")
    }
}

/** The `| \`Name\` | kind |` rows of the Android section of ERROR_MAPPING.md. */
private fun androidRows(): List<String> {
    val path = System.getProperty("crux.errorMapping") ?: error("-Dcrux.errorMapping is not set")
    val android = File(path).readText().substringAfter("## Android", missingDelimiterValue = "")
    return Regex("""^\| `([\w.]+)` \|""", RegexOption.MULTILINE).findAll(android).map { it.groupValues[1] }.toList()
}
