// okhttp3, com.squareup.okhttp3:okhttp 4.12.0 (Kotlin API): the members OkHttpTransport uses.
// Source: https://square.github.io/okhttp/4.x/okhttp/okhttp3/ (OkHttpClient, OkHttpClient.Builder,
// Call, Request.Builder, Response, ResponseBody, Headers, HttpUrl.Companion.toHttpUrlOrNull,
// RequestBody.Companion.toRequestBody, MediaType). No network here: execute() throws, and the
// JVM check answers HTTP through a fake HttpTransport instead.
package okhttp3

import java.io.Closeable
import java.util.concurrent.TimeUnit

class MediaType private constructor()

class HttpUrl private constructor(private val url: String) {
    override fun toString(): String = url

    companion object {
        @JvmStatic
        @JvmName("parse")
        fun String.toHttpUrlOrNull(): HttpUrl? = throw NotImplementedError("okhttp3 stub")
    }
}

abstract class RequestBody {
    companion object {
        @JvmStatic
        @JvmOverloads
        @JvmName("create")
        fun ByteArray.toRequestBody(contentType: MediaType? = null, offset: Int = 0, byteCount: Int = size): RequestBody =
            throw NotImplementedError("okhttp3 stub")
    }
}

class Request private constructor() {
    class Builder {
        fun url(url: HttpUrl): Builder = this

        fun method(method: String, body: RequestBody?): Builder = this

        fun addHeader(name: String, value: String): Builder = this

        fun build(): Request = Request()
    }
}

class Headers private constructor(private val pairs: List<Pair<String, String>>) : Iterable<Pair<String, String>> {
    override fun iterator(): Iterator<Pair<String, String>> = pairs.iterator()
}

abstract class ResponseBody : Closeable {
    abstract fun bytes(): ByteArray
}

class Response private constructor() : Closeable {
    val code: Int get() = throw NotImplementedError("okhttp3 stub")
    val headers: Headers get() = throw NotImplementedError("okhttp3 stub")
    val body: ResponseBody? get() = throw NotImplementedError("okhttp3 stub")

    override fun close() = Unit
}

interface Call {
    fun execute(): Response
}

class OkHttpClient private constructor() {
    fun newCall(request: Request): Call = throw NotImplementedError("okhttp3 stub")

    class Builder {
        fun callTimeout(timeout: Long, unit: TimeUnit): Builder = this

        fun build(): OkHttpClient = OkHttpClient()
    }
}
