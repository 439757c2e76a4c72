// Every way a passkey ceremony or signal can fail, mapped to one of the nine PasskeyFailureKinds, with the
// platform's raw domain, code and text kept in the message. Pure, and kept in one file so the
// table is easy to review: shells_check/test_shells.py reads the `case .x: return .kind` lines
// of the three `kind(for:)` switches below, checks them and prints them into
// shells_check/ERROR_MAPPING.md. The kinds are the bridge protocol's (docs/bridge-protocol.md).

import AuthenticationServices
import Foundation

/// Maps platform errors to ``PasskeyFailure``s.
public enum PasskeyErrorMapping {
    /// The raw values of `ASAuthorizationError.Code` (AuthenticationServices/ASAuthorizationError.h).
    /// Matching raw values instead of the SDK's cases keeps this switch exhaustive and
    /// compilable on every SDK, whichever OS version introduced each code.
    enum AuthorizationErrorCode: Int, CaseIterable {
        case unknown = 1000
        case canceled = 1001
        case invalidResponse = 1002
        case notHandled = 1003
        case failed = 1004
        case notInteractive = 1005               // iOS 15: no credential available without UI
        case matchedExcludedCredential = 1006    // iOS 18 / macOS 15
        case credentialImport = 1007             // iOS 18.2
        case credentialExport = 1008             // iOS 18.2
        case preferSignInWithApple = 1009        // iOS 26
        case deviceNotConfiguredForPasskeyCreation = 1010 // iOS 26
    }

    /// What the error's text says when the code alone does not: the "not associated with
    /// domain" failure arrives as `.failed` with the reason only in its description, and a
    /// matched excludeCredentials entry arrives as `.failed`, `.unknown` or a WebKit error on
    /// systems older than code 1006.
    enum TextSignal: CaseIterable {
        case notAssociatedWithDomain
        case matchedExcludedCredentialText

        var needles: [String] {
            switch self {
            case .notAssociatedWithDomain:
                return ["not associated with domain", "is not associated with", "associated domains"]
            case .matchedExcludedCredentialText:
                return ["excludecredentials", "excluded credential"]
            }
        }
    }

    /// Failures the handler itself detects.
    enum ShellFailure {
        case abortedByShell          // autofill turned off, or a newer request replaced this one
        case noPresentationAnchor    // no window to present the sheet in
        case invalidOptions          // the options JSON could not be turned into a request
        case unexpectedCredential    // the OS answered with a credential type nobody asked for
        case missingResponseField    // the OS answered without a field the response JSON needs
        case unknownAuthorizationCode // an ASAuthorizationError code newer than this table
        case otherError              // an error from another domain with no text signal
        case invalidSignal           // a signal's JSON could not be read
        case signalsUnavailable      // no Signal API: before iOS 26 / macOS 26, or an SDK older than Xcode 26's
    }

    static func kind(for code: AuthorizationErrorCode) -> PasskeyFailureKind {
        switch code {
        case .canceled: return .cancelled
        case .failed: return .unknown
        case .invalidResponse: return .unknown
        case .notHandled: return .unsupported
        case .notInteractive: return .noCredentials
        case .unknown: return .unknown
        case .matchedExcludedCredential: return .excludedCredentialExists
        case .credentialImport: return .unknown
        case .credentialExport: return .unknown
        case .preferSignInWithApple: return .cancelled
        case .deviceNotConfiguredForPasskeyCreation: return .unsupported
        }
    }

    static func kind(for signal: TextSignal) -> PasskeyFailureKind {
        switch signal {
        case .notAssociatedWithDomain: return .rpMisconfigured
        case .matchedExcludedCredentialText: return .excludedCredentialExists
        }
    }

    static func kind(for failure: ShellFailure) -> PasskeyFailureKind {
        switch failure {
        case .abortedByShell: return .aborted
        case .noPresentationAnchor: return .interrupted
        case .invalidOptions: return .invalidRequest
        case .unexpectedCredential: return .unknown
        case .missingResponseField: return .unknown
        case .unknownAuthorizationCode: return .unknown
        case .otherError: return .unknown
        case .invalidSignal: return .invalidRequest
        case .signalsUnavailable: return .unsupported
        }
    }

    static func failure(_ failure: ShellFailure, _ message: String) -> PasskeyFailure {
        PasskeyFailure(kind: kind(for: failure), message: message)
    }

    /// Maps whatever an `ASAuthorizationController` delegate, building its requests, or a
    /// signal threw.
    /// `abortedByShell` is true when the app cancelled the controller itself: the OS then
    /// reports `.canceled`, which must not read as the person's "no".
    public static func failure(from error: Error, abortedByShell: Bool) -> PasskeyFailure {
        if let mapped = error as? PasskeyFailure {
            return mapped
        }
        let nsError = error as NSError
        let text = describe(nsError)
        let raw = "\(nsError.domain) \(nsError.code): \(text)"
        if abortedByShell {
            return PasskeyFailure(kind: kind(for: .abortedByShell), message: "aborted by the app (\(raw))")
        }
        let signal = textSignal(in: text)
        guard nsError.domain == ASAuthorizationError.errorDomain else {
            let mapped = signal.map { kind(for: $0) } ?? kind(for: .otherError)
            return PasskeyFailure(kind: mapped, message: raw)
        }
        guard let code = AuthorizationErrorCode(rawValue: nsError.code) else {
            return PasskeyFailure(kind: kind(for: .unknownAuthorizationCode), message: raw)
        }
        // Only the catch-all codes are refined by their text: a `.canceled` that mentions a
        // domain is still the person's "no".
        if let signal, code == .failed || code == .unknown {
            return PasskeyFailure(kind: kind(for: signal), message: "ASAuthorizationError.\(code) \(raw)")
        }
        return PasskeyFailure(kind: kind(for: code), message: "ASAuthorizationError.\(code) \(raw)")
    }

    static func textSignal(in text: String) -> TextSignal? {
        let lowered = text.lowercased()
        return TextSignal.allCases.first { signal in signal.needles.contains { lowered.contains($0) } }
    }

    /// The error's description, failure reason, debug description and those of every
    /// underlying error: the "not associated" reason can sit in any of them.
    static func describe(_ error: NSError, depth: Int = 0) -> String {
        var parts = [error.localizedDescription]
        for key in [NSLocalizedFailureReasonErrorKey, NSDebugDescriptionErrorKey] {
            if let value = error.userInfo[key] as? String { parts.append(value) }
        }
        if depth < 4, let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError {
            parts.append("underlying \(underlying.domain) \(underlying.code): " + describe(underlying, depth: depth + 1))
        }
        return parts.joined(separator: " | ")
    }
}
