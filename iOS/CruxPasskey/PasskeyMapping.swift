// The iOS shell's pure passkey mapping, kept in one file so it is easy to review:
//   1. L3 options JSON  -> the parameters the AuthenticationServices requests are built from;
//   2. platform result  -> RegistrationResponseJSON / AuthenticationResponseJSON;
//   3. platform error   -> PasskeyError (DESIGN §2), the raw domain/code/text kept in the message.
// Nothing here presents UI or touches the core. shells_check/test_shells.py reads the
// `case .x: return .kind` lines below to check and print the error table.

import AuthenticationServices
import Foundation
import SharedTypes

// MARK: - Base64url (DESIGN §2: write without padding; read padded, unpadded and standard base64)

enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> Data? {
        var base64 = text
            .replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
            .trimmingCharacters(in: CharacterSet(charactersIn: "= \n"))
        switch base64.count % 4 {
        case 0: break
        case 2: base64 += "=="
        case 3: base64 += "="
        default: return nil
        }
        return Data(base64Encoded: base64)
    }
}

// MARK: - 1. Options JSON -> request parameters

struct CredentialDescriptor: Equatable {
    let id: Data
    /// WebAuthn transport names: "usb", "nfc", "ble", "internal", "hybrid".
    let transports: [String]
}

struct RegistrationParameters: Equatable {
    let relyingPartyID: String
    let challenge: Data
    let userID: Data
    let userName: String
    let userDisplayName: String
    /// "required" | "preferred" | "discouraged", or nil for the platform default.
    let userVerification: String?
    let residentKey: String?
    let attestation: String?
    /// COSE algorithm identifiers from pubKeyCredParams (used by the security-key request).
    let algorithms: [Int]
    let excludedCredentials: [CredentialDescriptor]
}

struct AssertionParameters: Equatable {
    let relyingPartyID: String
    let challenge: Data
    let allowedCredentials: [CredentialDescriptor]
    let userVerification: String?
}

/// A passkey failure already mapped; thrown by the mapping functions.
struct PasskeyFailure: Error {
    let error: PasskeyError
}

private struct CreationOptionsJSON: Decodable {
    struct RelyingParty: Decodable { let id: String?; let name: String? }
    struct User: Decodable { let id: String; let name: String; let displayName: String? }
    struct Param: Decodable { let type: String?; let alg: Int }
    struct Selection: Decodable { let residentKey: String?; let userVerification: String? }
    let rp: RelyingParty
    let user: User
    let challenge: String
    let pubKeyCredParams: [Param]?
    let excludeCredentials: [DescriptorJSON]?
    let authenticatorSelection: Selection?
    let attestation: String?
}

private struct RequestOptionsJSON: Decodable {
    let rpId: String?
    let challenge: String
    let allowCredentials: [DescriptorJSON]?
    let userVerification: String?
}

private struct DescriptorJSON: Decodable {
    let type: String?
    let id: String
    let transports: [String]?
}

enum PasskeyMapping {
    static func registrationParameters(from optionsJSON: String) throws -> RegistrationParameters {
        let options: CreationOptionsJSON = try decode(optionsJSON)
        guard let rpID = options.rp.id, !rpID.isEmpty else {
            throw failure(.invalidOptions, "the creation options have no rp.id")
        }
        return RegistrationParameters(
            relyingPartyID: rpID,
            challenge: try bytes(options.challenge, "challenge"),
            userID: try bytes(options.user.id, "user.id"),
            userName: options.user.name,
            userDisplayName: options.user.displayName ?? options.user.name,
            userVerification: options.authenticatorSelection?.userVerification,
            residentKey: options.authenticatorSelection?.residentKey,
            attestation: options.attestation,
            algorithms: (options.pubKeyCredParams ?? []).map(\.alg),
            excludedCredentials: try descriptors(options.excludeCredentials, "excludeCredentials")
        )
    }

    static func assertionParameters(from optionsJSON: String) throws -> AssertionParameters {
        let options: RequestOptionsJSON = try decode(optionsJSON)
        guard let rpID = options.rpId, !rpID.isEmpty else {
            throw failure(.invalidOptions, "the request options have no rpId")
        }
        return AssertionParameters(
            relyingPartyID: rpID,
            challenge: try bytes(options.challenge, "challenge"),
            allowedCredentials: try descriptors(options.allowCredentials, "allowCredentials"),
            userVerification: options.userVerification
        )
    }

    private static func decode<T: Decodable>(_ json: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(json.utf8))
        } catch {
            throw failure(.invalidOptions, "the options JSON could not be read: \(error)")
        }
    }

    private static func bytes(_ text: String, _ field: String) throws -> Data {
        guard let data = Base64URL.decode(text) else {
            throw failure(.invalidOptions, "\(field) is not base64url")
        }
        return data
    }

    private static func descriptors(_ list: [DescriptorJSON]?, _ field: String) throws -> [CredentialDescriptor] {
        try (list ?? [])
            .filter { ($0.type ?? "public-key") == "public-key" }
            .map { CredentialDescriptor(id: try bytes($0.id, "\(field)[].id"), transports: $0.transports ?? []) }
    }

    // MARK: - 2. Platform result -> response JSON

    /// RegistrationResponseJSON. `attachment` is "platform" or "cross-platform" when the OS says.
    static func registrationResponseJSON(
        credentialID: Data,
        clientDataJSON: Data,
        attestationObject: Data?,
        attachment: String?,
        transports: [String]
    ) throws -> String {
        guard let attestationObject else {
            throw failure(.missingResponseField, "the platform returned no attestationObject")
        }
        let response: [String: Any] = [
            "clientDataJSON": Base64URL.encode(clientDataJSON),
            "attestationObject": Base64URL.encode(attestationObject),
            "transports": transports,
        ]
        return try json(credentialID: credentialID, attachment: attachment, response: response)
    }

    /// AuthenticationResponseJSON. The assertion's data fields are implicitly unwrapped in the
    /// SDK, so they arrive here as optionals and a missing one is an error, never a crash.
    static func authenticationResponseJSON(
        credentialID: Data,
        clientDataJSON: Data,
        authenticatorData: Data?,
        signature: Data?,
        userHandle: Data?,
        attachment: String?
    ) throws -> String {
        guard let authenticatorData, let signature else {
            throw failure(.missingResponseField, "the platform returned no authenticatorData or signature")
        }
        var response: [String: Any] = [
            "clientDataJSON": Base64URL.encode(clientDataJSON),
            "authenticatorData": Base64URL.encode(authenticatorData),
            "signature": Base64URL.encode(signature),
        ]
        if let userHandle, !userHandle.isEmpty {
            response["userHandle"] = Base64URL.encode(userHandle)
        }
        return try json(credentialID: credentialID, attachment: attachment, response: response)
    }

    private static func json(credentialID: Data, attachment: String?, response: [String: Any]) throws -> String {
        let id = Base64URL.encode(credentialID)
        var object: [String: Any] = [
            "id": id,
            "rawId": id,
            "type": "public-key",
            "response": response,
            "clientExtensionResults": [String: Any](),
        ]
        if let attachment {
            object["authenticatorAttachment"] = attachment
        }
        guard
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
            let text = String(data: data, encoding: .utf8)
        else {
            throw failure(.missingResponseField, "the response JSON could not be written")
        }
        return text
    }

    /// WebAuthn names for the security-key transports iOS reports (17.5+).
    static func transportName(_ transport: ASAuthorizationSecurityKeyPublicKeyCredentialDescriptor.Transport) -> String {
        switch transport {
        case .usb: return "usb"
        case .nfc: return "nfc"
        case .bluetooth: return "ble"
        default: return transport.rawValue
        }
    }

    /// The transports of the options JSON that a security-key descriptor can carry.
    static func securityKeyTransports(_ names: [String]) -> [ASAuthorizationSecurityKeyPublicKeyCredentialDescriptor.Transport] {
        let known = names.compactMap { name -> ASAuthorizationSecurityKeyPublicKeyCredentialDescriptor.Transport? in
            switch name {
            case "usb": return .usb
            case "nfc": return .nfc
            case "ble": return .bluetooth
            default: return nil
            }
        }
        return known.isEmpty ? ASAuthorizationSecurityKeyPublicKeyCredentialDescriptor.Transport.allSupported : known
    }

    // MARK: - 3. Platform error -> PasskeyError

    /// The raw values of `ASAuthorizationError.Code` (AuthenticationServices/ASAuthorizationError.h).
    /// Matching raw values instead of the SDK's cases keeps this switch exhaustive and
    /// compilable on every SDK, whichever iOS version introduced each code.
    enum AuthorizationErrorCode: Int, CaseIterable {
        case unknown = 1000
        case canceled = 1001
        case invalidResponse = 1002
        case notHandled = 1003
        case failed = 1004
        case notInteractive = 1005               // iOS 15: no credential available without UI
        case matchedExcludedCredential = 1006    // iOS 18
        case credentialImport = 1007             // iOS 18.2
        case credentialExport = 1008             // iOS 18.2
        case preferSignInWithApple = 1009        // iOS 26
        case deviceNotConfiguredForPasskeyCreation = 1010 // iOS 26
    }

    /// What the error's text says when the code alone does not (the "not associated with
    /// domain" failure arrives as `.failed` with the reason only in its description, and a
    /// matched excludeCredentials entry arrives as `.failed`, `.unknown` or a WebKit error).
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

    /// Failures the shell itself detects.
    enum ShellFailure {
        case abortedByShell          // autofill turned off, or a newer request replaced this one
        case noPresentationAnchor    // no window to present the sheet in
        case invalidOptions          // the options JSON could not be turned into a request
        case unexpectedCredential    // the OS answered with a credential type we did not ask for
        case missingResponseField    // the OS answered without a field the response JSON needs
        case unknownAuthorizationCode // an ASAuthorizationError code newer than this table
        case otherError              // an error from another domain with no text signal
    }

    static func kind(for code: AuthorizationErrorCode) -> PasskeyErrorKind {
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

    static func kind(for signal: TextSignal) -> PasskeyErrorKind {
        switch signal {
        case .notAssociatedWithDomain: return .rpMisconfigured
        case .matchedExcludedCredentialText: return .excludedCredentialExists
        }
    }

    static func kind(for failure: ShellFailure) -> PasskeyErrorKind {
        switch failure {
        case .abortedByShell: return .aborted
        case .noPresentationAnchor: return .interrupted
        case .invalidOptions: return .invalidRequest
        case .unexpectedCredential: return .unknown
        case .missingResponseField: return .unknown
        case .unknownAuthorizationCode: return .unknown
        case .otherError: return .unknown
        }
    }

    static func failure(_ failure: ShellFailure, _ message: String) -> PasskeyFailure {
        PasskeyFailure(error: PasskeyError(kind: kind(for: failure), message: message))
    }

    /// Maps whatever the delegate or the request building threw. `abortedByShell` is true when
    /// this shell cancelled the controller itself.
    static func passkeyError(from error: Error, abortedByShell: Bool) -> PasskeyError {
        if let mapped = error as? PasskeyFailure {
            return mapped.error
        }
        let nsError = error as NSError
        let text = describe(nsError)
        let raw = "\(nsError.domain) \(nsError.code): \(text)"
        if abortedByShell {
            return PasskeyError(kind: kind(for: .abortedByShell), message: "aborted by the app (\(raw))")
        }
        let signal = textSignal(in: text)
        guard nsError.domain == ASAuthorizationError.errorDomain else {
            let mapped = signal.map { kind(for: $0) } ?? kind(for: .otherError)
            return PasskeyError(kind: mapped, message: raw)
        }
        guard let code = AuthorizationErrorCode(rawValue: nsError.code) else {
            return PasskeyError(kind: kind(for: .unknownAuthorizationCode), message: raw)
        }
        // Only the catch-all codes are refined by their text.
        if let signal, code == .failed || code == .unknown {
            return PasskeyError(kind: kind(for: signal), message: "ASAuthorizationError.\(code) \(raw)")
        }
        return PasskeyError(kind: kind(for: code), message: "ASAuthorizationError.\(code) \(raw)")
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
