// Reads the core's WebAuthn Level 3 options JSON into the few values AuthenticationServices
// takes. Pure (no UI, no platform call), so the tests run it anywhere. A malformed option is
// an `InvalidRequest` failure, never a crash.

import Foundation

/// A credential named in `allowCredentials` or `excludeCredentials`.
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
    /// "required" | "preferred" | "discouraged", or nil for the platform's default.
    let userVerification: String?
    let residentKey: String?
    let attestation: String?
    /// COSE algorithm identifiers from pubKeyCredParams (the security-key request needs them).
    let algorithms: [Int]
    let excludedCredentials: [CredentialDescriptor]
}

struct AssertionParameters: Equatable {
    let relyingPartyID: String
    let challenge: Data
    let allowedCredentials: [CredentialDescriptor]
    let userVerification: String?
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

enum WebAuthnOptions {
    static func registration(from optionsJSON: String) throws -> RegistrationParameters {
        let options: CreationOptionsJSON = try decode(optionsJSON)
        // AuthenticationServices needs the RP id up front; WebAuthn's "default to the origin's
        // domain" has no meaning in an app.
        guard let rpID = options.rp.id, !rpID.isEmpty else {
            throw PasskeyErrorMapping.failure(.invalidOptions, "the creation options have no rp.id")
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

    static func assertion(from optionsJSON: String) throws -> AssertionParameters {
        let options: RequestOptionsJSON = try decode(optionsJSON)
        guard let rpID = options.rpId, !rpID.isEmpty else {
            throw PasskeyErrorMapping.failure(.invalidOptions, "the request options have no rpId")
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
            throw PasskeyErrorMapping.failure(.invalidOptions, "the options JSON could not be read: \(error)")
        }
    }

    private static func bytes(_ text: String, _ field: String) throws -> Data {
        guard let data = Base64URL.decode(text) else {
            throw PasskeyErrorMapping.failure(.invalidOptions, "\(field) is not base64url")
        }
        return data
    }

    private static func descriptors(_ list: [DescriptorJSON]?, _ field: String) throws -> [CredentialDescriptor] {
        // WebAuthn says to ignore descriptors of types the client does not know.
        try (list ?? [])
            .filter { ($0.type ?? "public-key") == "public-key" }
            .map { CredentialDescriptor(id: try bytes($0.id, "\(field)[].id"), transports: $0.transports ?? []) }
    }
}
