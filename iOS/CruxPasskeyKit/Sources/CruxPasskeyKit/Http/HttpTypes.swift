// The package's own HTTP vocabulary (crux_http's generated HttpRequest / HttpResult live in each
// app's module; the app converts them to and from these).

import Foundation

/// One header line. Names may repeat (several `Set-Cookie`, say), hence a list, not a map.
public struct HttpField: Equatable, Sendable {
    /// The header's name, as sent or received.
    public let name: String
    /// The header's value.
    public let value: String

    /// A header line.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A request as the core asked for it.
public struct HttpCall: Equatable, Sendable {
    /// "GET", "POST", …
    public let method: String
    /// An absolute http(s) URL; anything else fails with ``HttpFailure/url(_:)``.
    public let url: String
    /// The headers to send, in order.
    public let headers: [HttpField]
    /// The body; empty sends none.
    public let body: Data

    /// A request to send.
    public init(method: String, url: String, headers: [HttpField], body: Data) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A response, whatever its status: 4xx and 5xx are responses for the core to read, not errors.
public struct HttpReply: Equatable, Sendable {
    /// The HTTP status code.
    public let status: UInt16
    /// The response headers.
    public let headers: [HttpField]
    /// The response body, possibly empty.
    public let body: Data

    /// A response as received.
    public init(status: UInt16, headers: [HttpField], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// No response came: crux_http's three transport errors.
public enum HttpFailure: Error, Equatable, Sendable {
    /// Not an http(s) URL.
    case url(String)
    /// Anything else that kept the response away (offline, TLS, DNS, a reset).
    case io(String)
    /// The request took too long.
    case timeout
}

/// How an ``HttpCall`` ended.
public typealias HttpOutcome = Result<HttpReply, HttpFailure>
