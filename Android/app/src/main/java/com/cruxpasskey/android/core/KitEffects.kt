// The thin adapter between this app's generated types (com.cruxpasskey.shared.types) and the
// cruxpasskey kit's own types: a few lines per effect. Another Crux app writes the same file
// against its own generated package.

package com.cruxpasskey.android.core

import com.cruxpasskey.kit.HttpCall
import com.cruxpasskey.kit.HttpFailureKind
import com.cruxpasskey.kit.HttpOutcome
import com.cruxpasskey.kit.HttpTransport
import com.cruxpasskey.kit.PasskeyFailureKind
import com.cruxpasskey.kit.PasskeyMapping
import com.cruxpasskey.kit.PasskeyOutcome
import com.cruxpasskey.kit.PasskeyProvider
import com.cruxpasskey.kit.PasskeyRequest
import com.cruxpasskey.kit.PasskeySignal
import com.cruxpasskey.kit.SecretStore
import com.cruxpasskey.kit.ShellFailure
import com.cruxpasskey.kit.StoreOutcome
import com.cruxpasskey.kit.Timers
import com.cruxpasskey.shared.types.HttpError
import com.cruxpasskey.shared.types.HttpHeader
import com.cruxpasskey.shared.types.HttpRequest
import com.cruxpasskey.shared.types.HttpResponse
import com.cruxpasskey.shared.types.HttpResult
import com.cruxpasskey.shared.types.Instant
import com.cruxpasskey.shared.types.Mediation
import com.cruxpasskey.shared.types.PasskeyError
import com.cruxpasskey.shared.types.PasskeyErrorKind
import com.cruxpasskey.shared.types.PasskeyOperation
import com.cruxpasskey.shared.types.PasskeyResult
import com.cruxpasskey.shared.types.SessionStoreOperation
import com.cruxpasskey.shared.types.SessionStoreResult
import com.cruxpasskey.shared.types.Signal
import com.cruxpasskey.shared.types.TimeRequest
import com.cruxpasskey.shared.types.TimeResponse
import com.novi.serde.Bytes

class KitEffects(
    private val transport: HttpTransport,
    private val passkeys: PasskeyProvider,
    private val store: SecretStore,
    private val timers: Timers,
    private val passkeyUi: () -> Boolean = { true },
) : EffectHandlers {
    // --- Http ------------------------------------------------------------------------------

    override suspend fun http(request: HttpRequest): HttpResult {
        val call = HttpCall(request.method, request.url, request.headers.map { it.name to it.value }, request.body.content)
        return when (val outcome = transport.send(call)) {
            is HttpOutcome.Response -> HttpResult.Ok(
                HttpResponse(outcome.status.toUShort(), outcome.headers.map { (name, value) -> HttpHeader(name, value) }, Bytes(outcome.body)),
            )
            is HttpOutcome.Failure -> HttpResult.Err(
                when (outcome.kind) {
                    HttpFailureKind.URL -> HttpError.Url(outcome.detail)
                    HttpFailureKind.IO -> HttpError.Io(outcome.detail)
                    HttpFailureKind.TIMEOUT -> HttpError.Timeout
                },
            )
        }
    }

    // --- Passkey ---------------------------------------------------------------------------

    override suspend fun passkey(operation: PasskeyOperation): PasskeyResult {
        val request = when (operation) {
            is PasskeyOperation.Create -> PasskeyRequest.Create(operation.optionsJson)
            is PasskeyOperation.Get -> PasskeyRequest.Get(
                operation.optionsJson,
                conditional = when (operation.mediation) {
                    Mediation.MODAL -> false
                    Mediation.CONDITIONAL -> true
                },
            )
            is PasskeyOperation.Signal -> PasskeyRequest.Signal(
                when (operation.signal) {
                    Signal.UNKNOWNCREDENTIAL -> PasskeySignal.UNKNOWN_CREDENTIAL
                    Signal.ALLACCEPTEDCREDENTIALS -> PasskeySignal.ALL_ACCEPTED_CREDENTIALS
                    Signal.CURRENTUSERDETAILS -> PasskeySignal.CURRENT_USER_DETAILS
                },
                operation.json,
            )
        }
        return passkeyResult(passkeys.perform(request))
    }

    override fun passkeyAborted(why: String): PasskeyResult =
        passkeyResult(PasskeyMapping.shellFailure(ShellFailure.ABORTED_BY_SHELL, why))

    override val canShowPasskeyUi: Boolean get() = passkeyUi()

    private fun passkeyResult(outcome: PasskeyOutcome): PasskeyResult = when (outcome) {
        is PasskeyOutcome.Success -> PasskeyResult.Ok(outcome.responseJson)
        is PasskeyOutcome.Signalled -> PasskeyResult.Signalled
        is PasskeyOutcome.Failure -> PasskeyResult.Err(PasskeyError(errorKind(outcome.kind), outcome.message))
    }

    // --- SessionStore ----------------------------------------------------------------------

    override suspend fun sessionStore(operation: SessionStoreOperation): SessionStoreResult {
        val outcome = when (operation) {
            is SessionStoreOperation.Load -> store.load()
            is SessionStoreOperation.Save -> store.save(operation.value)
            is SessionStoreOperation.Delete -> store.delete()
        }
        return when (outcome) {
            is StoreOutcome.Loaded -> SessionStoreResult.Loaded(outcome.value)
            is StoreOutcome.Done -> SessionStoreResult.Done
            is StoreOutcome.Failed -> SessionStoreResult.Failed(outcome.detail)
        }
    }

    // --- Time ------------------------------------------------------------------------------

    override fun time(request: TimeRequest, answer: (TimeResponse) -> Unit) {
        when (request) {
            is TimeRequest.NotifyAfter -> timers.notifyAfter(request.id.value, request.duration.nanos) {
                answer(TimeResponse.DurationElapsed(request.id))
            }
            is TimeRequest.NotifyAt -> timers.notifyAt(request.id.value, javaInstant(request.instant)) {
                answer(TimeResponse.InstantArrived(request.id))
            }
            is TimeRequest.Clear -> {
                timers.clear(request.id.value)
                answer(TimeResponse.Cleared(request.id))
            }
            is TimeRequest.Now -> answer(TimeResponse.Now(coreInstant(timers.now())))
        }
    }

    override fun close() = timers.cancelAll()

    companion object {
        fun errorKind(kind: PasskeyFailureKind): PasskeyErrorKind = when (kind) {
            PasskeyFailureKind.CANCELLED -> PasskeyErrorKind.CANCELLED
            PasskeyFailureKind.NO_CREDENTIALS -> PasskeyErrorKind.NOCREDENTIALS
            PasskeyFailureKind.EXCLUDED_CREDENTIAL_EXISTS -> PasskeyErrorKind.EXCLUDEDCREDENTIALEXISTS
            PasskeyFailureKind.RP_MISCONFIGURED -> PasskeyErrorKind.RPMISCONFIGURED
            PasskeyFailureKind.UNSUPPORTED -> PasskeyErrorKind.UNSUPPORTED
            PasskeyFailureKind.INTERRUPTED -> PasskeyErrorKind.INTERRUPTED
            PasskeyFailureKind.ABORTED -> PasskeyErrorKind.ABORTED
            PasskeyFailureKind.INVALID_REQUEST -> PasskeyErrorKind.INVALIDREQUEST
            PasskeyFailureKind.UNKNOWN -> PasskeyErrorKind.UNKNOWN
        }

        fun javaInstant(instant: Instant): java.time.Instant =
            // Clamped: an instant past java.time's range is "never" for a timer.
            java.time.Instant.ofEpochSecond(
                instant.seconds.coerceAtMost(java.time.Instant.MAX.epochSecond.toULong()).toLong(),
                instant.nanos.toLong(),
            )

        fun coreInstant(instant: java.time.Instant): Instant =
            Instant(instant.epochSecond.coerceAtLeast(0).toULong(), instant.nano.toUInt())
    }
}
