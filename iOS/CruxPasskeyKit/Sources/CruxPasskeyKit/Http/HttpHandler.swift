// The Http effect with URLSession.

import Foundation

/// Runs the core's HTTP requests with `URLSession`.
///
/// Every status, 4xx and 5xx included, is a ``HttpReply``; only a missing response is a
/// ``HttpFailure``. The default session keeps no cookies: native shells authenticate with the
/// bearer token the core adds, and a stray session cookie must not sign anyone back in after a
/// sign-out on this device.
public struct HttpHandler: Sendable {
    private let session: URLSession

    /// - Parameter session: by default ``cookielessSession(timeout:)``.
    public init(session: URLSession = HttpHandler.cookielessSession()) {
        self.session = session
    }

    /// An ephemeral session that neither sends nor stores cookies.
    ///
    /// - Parameter timeout: URLSession's idle timeout. It is longer than crux_passkey's own
    ///   30-second bound on purpose, so the core's `TIMED_OUT` is what people see; this one only
    ///   stops a stalled connection in an app without such a bound.
    public static func cookielessSession(timeout: TimeInterval = 60) -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpCookieStorage = nil
        configuration.timeoutIntervalForRequest = timeout
        return URLSession(configuration: configuration)
    }

    /// Sends the request and returns the response, or why there is none. Never throws.
    public func perform(_ call: HttpCall) async -> HttpOutcome {
        guard let url = URL(string: call.url), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()) else {
            return .failure(.url("not an http(s) URL: \(call.url)"))
        }
        var request = URLRequest(url: url)
        request.httpMethod = call.method
        for header in call.headers {
            request.addValue(header.value, forHTTPHeaderField: header.name)
        }
        if !call.body.isEmpty {
            request.httpBody = call.body
        }
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else {
                return .failure(.io("the response was not HTTP"))
            }
            let headers = http.allHeaderFields.compactMap { name, value -> HttpField? in
                guard let name = name as? String else { return nil }
                return HttpField(name: name, value: "\(value)")
            }
            return .success(HttpReply(status: UInt16(clamping: http.statusCode), headers: headers, body: data))
        } catch let error as URLError {
            return .failure(Self.failure(from: error))
        } catch {
            return .failure(.io(String(describing: error)))
        }
    }

    /// URLError to crux_http's error: timeouts, bad URLs, and everything else as io, with the
    /// code kept in the text for the logs.
    static func failure(from error: URLError) -> HttpFailure {
        let detail = "URLError \(error.code.rawValue): \(error.localizedDescription)"
        switch error.code {
        case .timedOut:
            return .timeout
        case .badURL, .unsupportedURL:
            return .url(detail)
        default:
            return .io(detail)
        }
    }
}
