// The HTTP half of the bridge contract (docs/bridge-protocol.md, "Effects": crux_http's
// protocol) in the kit's own types. Every status, 4xx and 5xx included, is a Response; a
// Failure means no response came.

package com.cruxpasskey.kit

class HttpCall(
    val method: String,
    val url: String,
    val headers: List<Pair<String, String>>,
    val body: ByteArray,
)

sealed interface HttpOutcome {
    class Response(val status: Int, val headers: List<Pair<String, String>>, val body: ByteArray) : HttpOutcome

    data class Failure(val kind: HttpFailureKind, val detail: String) : HttpOutcome
}

/** crux_http's HttpError variants a shell produces. */
enum class HttpFailureKind { URL, IO, TIMEOUT }

/** Sends one request. Implementations never throw, except CancellationException. */
fun interface HttpTransport {
    suspend fun send(call: HttpCall): HttpOutcome
}
