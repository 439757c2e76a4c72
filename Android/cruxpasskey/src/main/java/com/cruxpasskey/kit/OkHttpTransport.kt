// Sends the core's HTTP requests with OkHttp (HttpURLConnection cannot send PATCH). No cookie
// jar: native shells authenticate with the bearer token the core adds.

package com.cruxpasskey.kit

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runInterruptible
import okhttp3.HttpUrl.Companion.toHttpUrlOrNull
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody
import java.io.IOException
import java.io.InterruptedIOException
import java.net.MalformedURLException
import java.net.SocketTimeoutException
import java.util.concurrent.TimeUnit
import kotlin.coroutines.cancellation.CancellationException

class OkHttpTransport(
    // Longer than the core's own bound on an HTTP step (30 s by default), so the person sees the
    // core's TIMED_OUT rather than a transport error; this only stops a call nobody waits for.
    private val client: OkHttpClient = OkHttpClient.Builder()
        .callTimeout(60, TimeUnit.SECONDS)
        .build(),
) : HttpTransport {
    override suspend fun send(call: HttpCall): HttpOutcome {
        val url = call.url.toHttpUrlOrNull()
            ?: return HttpOutcome.Failure(HttpFailureKind.URL, "not an http(s) URL: ${call.url}")
        return try {
            val method = call.method.uppercase()
            // OkHttp refuses a body on GET/HEAD and requires one on POST/PUT/PATCH.
            val body = if (method == "GET" || method == "HEAD") null else call.body.toRequestBody(null)
            val builder = Request.Builder().url(url).method(method, body)
            for ((name, value) in call.headers) {
                builder.addHeader(name, value)
            }
            val request = builder.build()
            // Interruptible, so a cancelled coroutine (the app closing) stops the blocking call.
            runInterruptible(Dispatchers.IO) {
                client.newCall(request).execute().use { response ->
                    val bytes = response.body?.bytes() ?: ByteArray(0)
                    HttpOutcome.Response(response.code, response.headers.toList(), bytes)
                }
            }
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            failure(e)
        }
    }

    companion object {
        /** Exceptions -> crux_http's HttpError: timeouts, bad URLs, and everything else as io. */
        fun failure(e: Exception): HttpOutcome.Failure = when (e) {
            is SocketTimeoutException -> HttpOutcome.Failure(HttpFailureKind.TIMEOUT, e.toString())
            // OkHttp's callTimeout reports InterruptedIOException("timeout").
            is InterruptedIOException ->
                if (e.message == "timeout") HttpOutcome.Failure(HttpFailureKind.TIMEOUT, e.toString())
                else HttpOutcome.Failure(HttpFailureKind.IO, e.toString())
            is MalformedURLException -> HttpOutcome.Failure(HttpFailureKind.URL, e.toString())
            // OkHttp's builder rejects a malformed header name or value or an unknown method.
            is IllegalArgumentException -> HttpOutcome.Failure(HttpFailureKind.IO, "the request was rejected: $e")
            is IOException -> HttpOutcome.Failure(HttpFailureKind.IO, e.toString())
            else -> HttpOutcome.Failure(HttpFailureKind.IO, e.toString())
        }
    }
}
