// Runs the core's Http effect with OkHttp (HttpURLConnection cannot send PATCH). Every status,
// 4xx and 5xx included, goes back as HttpResult.Ok; only transport failures are HttpError.

package com.cruxpasskey.android

import com.cruxpasskey.shared.types.HttpError
import com.cruxpasskey.shared.types.HttpHeader
import com.cruxpasskey.shared.types.HttpRequest
import com.cruxpasskey.shared.types.HttpResponse
import com.cruxpasskey.shared.types.HttpResult
import com.novi.serde.Bytes
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import okhttp3.HttpUrl.Companion.toHttpUrlOrNull
import okhttp3.OkHttpClient
import okhttp3.RequestBody.Companion.toRequestBody
import java.io.IOException
import java.io.InterruptedIOException
import java.net.MalformedURLException
import java.net.SocketTimeoutException
import java.util.concurrent.TimeUnit
import kotlin.coroutines.cancellation.CancellationException
import okhttp3.Request as OkRequest

class HttpEffect(
    // No cookie jar: the native shells authenticate with the bearer token the core adds.
    private val client: OkHttpClient = OkHttpClient.Builder()
        .callTimeout(30, TimeUnit.SECONDS)
        .build(),
) {
    suspend fun perform(request: HttpRequest): HttpResult = withContext(Dispatchers.IO) {
        val url = request.url.toHttpUrlOrNull()
            ?: return@withContext HttpResult.Err(HttpError.Url("not an http(s) URL: ${request.url}"))
        try {
            val method = request.method.uppercase()
            // OkHttp refuses a body on GET/HEAD and requires one on POST/PUT/PATCH.
            val body = if (method == "GET" || method == "HEAD") null else request.body.content.toRequestBody(null)
            val builder = OkRequest.Builder().url(url).method(method, body)
            for (header in request.headers) {
                builder.addHeader(header.name, header.value)
            }
            client.newCall(builder.build()).execute().use { response ->
                val headers = response.headers.map { (name, value) -> HttpHeader(name, value) }
                val bytes = response.body?.bytes() ?: ByteArray(0)
                HttpResult.Ok(HttpResponse(response.code.toUShort(), headers, Bytes(bytes)))
            }
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            HttpResult.Err(httpError(e))
        }
    }

    companion object {
        /** Exceptions -> crux_http's HttpError: timeouts, bad URLs, and everything else as io. */
        fun httpError(e: Exception): HttpError = when (e) {
            is SocketTimeoutException -> HttpError.Timeout
            is InterruptedIOException -> if (e.message == "timeout") HttpError.Timeout else HttpError.Io(e.toString())
            is MalformedURLException -> HttpError.Url(e.toString())
            // OkHttp's builder rejects a malformed header name or value or an unknown method.
            is IllegalArgumentException -> HttpError.Io("the request was rejected: $e")
            is IOException -> HttpError.Io(e.toString())
            else -> HttpError.Io(e.toString())
        }
    }
}
