// The package's own HTTP vocabulary (crux_http's generated HttpRequest / HttpResult live in each
// app's module; the app converts them to and from these).

import Foundation

/// One header line. Names may repeat (several `Set-Cookie`, say), hence a list, not a map.
public struct HttpField: Equatable, Sendable {
    public let name: String
    public let value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A request as the core asked for it.
public struct HttpCall: Equatable, Sendable {
    public let method: String
    public let url: String
    public let headers: [HttpField]
    public let body: Data

    public init(method: String, url: String, headers: [HttpField], body: Data) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A response, whatever its status: 4xx and 5xx are responses for the core to read, not errors.
public struct HttpReply: Equatable, Sendable {
    public let status: UInt16
    public let headers: [HttpField]
    public let body: Data

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
