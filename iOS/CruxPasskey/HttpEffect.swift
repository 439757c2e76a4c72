// Runs the core's Http effect with URLSession. Every status, 4xx and 5xx included, goes back as
// HttpResult.ok(HttpResponse); only transport failures are HttpResult.err(HttpError).

import Foundation
import SharedTypes

struct HttpEffect {
    /// No cookies: the native shells authenticate with the bearer token the core adds, and a
    /// stray session cookie must not sign anyone back in after a local sign-out.
    let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.timeoutIntervalForRequest = 30
        return URLSession(configuration: configuration)
    }()

    func perform(_ request: HttpRequest) async -> HttpResult {
        guard let url = URL(string: request.url), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()) else {
            return .err(.url("not an http(s) URL: \(request.url)"))
        }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        for header in request.headers {
            urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.body.isEmpty {
            urlRequest.httpBody = Data(request.body)
        }
        do {
            let (data, response) = try await session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else {
                return .err(.io("the response was not HTTP"))
            }
            let headers = http.allHeaderFields.compactMap { name, value -> HttpHeader? in
                guard let name = name as? String else { return nil }
                return HttpHeader(name: name, value: "\(value)")
            }
            return .ok(HttpResponse(status: UInt16(clamping: http.statusCode), headers: headers, body: [UInt8](data)))
        } catch let error as URLError {
            return .err(Self.httpError(from: error))
        } catch {
            return .err(.io(String(describing: error)))
        }
    }

    /// URLError -> crux_http's HttpError: timeouts, bad URLs, and everything else as io.
    static func httpError(from error: URLError) -> HttpError {
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
