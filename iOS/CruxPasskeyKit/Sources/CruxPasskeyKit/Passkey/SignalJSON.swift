// Reads the core's WebAuthn Level 3 signal JSON into the values the platform's Signal API calls
// take. Pure (no platform call), like WebAuthnOptions, so the tests run it anywhere. JSON that does
// not read is an `InvalidRequest` failure, never a crash.

import Foundation

/// A signal, read: the relying party and the bytes the platform call takes.
enum SignalReport: Equatable {
    case unknownCredential(relyingPartyID: String, credentialID: Data)
    case allAcceptedCredentials(relyingPartyID: String, userHandle: Data, acceptedCredentialIDs: [Data])
    /// Apple's passkey managers label a passkey with its user name (WebAuthn's `user.name`), and
    /// their call takes that name alone: the JSON's `displayName` has nowhere to go.
    case currentUserDetails(relyingPartyID: String, userHandle: Data, name: String)
}

private struct UnknownCredentialJSON: Decodable {
    let rpId: String
    let credentialId: String
}

private struct AllAcceptedCredentialsJSON: Decodable {
    let rpId: String
    let userId: String
    let allAcceptedCredentialIds: [String]
}

private struct CurrentUserDetailsJSON: Decodable {
    let rpId: String
    let userId: String
    let name: String
    // `displayName` is part of the JSON but not read: see SignalReport.currentUserDetails.
}

enum SignalJSON {
    static func report(_ signal: PasskeySignal, from json: String) throws -> SignalReport {
        switch signal {
        case .unknownCredential:
            let object: UnknownCredentialJSON = try decode(json, signal)
            return .unknownCredential(
                relyingPartyID: try relyingParty(object.rpId),
                credentialID: try bytes(object.credentialId, "credentialId")
            )
        case .allAcceptedCredentials:
            let object: AllAcceptedCredentialsJSON = try decode(json, signal)
            // An empty list is a real answer (no passkey is accepted any more), so it is passed on.
            return .allAcceptedCredentials(
                relyingPartyID: try relyingParty(object.rpId),
                userHandle: try bytes(object.userId, "userId"),
                acceptedCredentialIDs: try object.allAcceptedCredentialIds.map { try bytes($0, "allAcceptedCredentialIds[]") }
            )
        case .currentUserDetails:
            let object: CurrentUserDetailsJSON = try decode(json, signal)
            // An empty name would blank the label the managers show for the passkey.
            guard !object.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw PasskeyErrorMapping.failure(.invalidSignal, "the \(signal.rawValue) signal has an empty name")
            }
            return .currentUserDetails(
                relyingPartyID: try relyingParty(object.rpId),
                userHandle: try bytes(object.userId, "userId"),
                name: object.name
            )
        }
    }

    private static func decode<T: Decodable>(_ json: String, _ signal: PasskeySignal) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(json.utf8))
        } catch {
            throw PasskeyErrorMapping.failure(.invalidSignal, "the \(signal.rawValue) signal JSON could not be read: \(error)")
        }
    }

    private static func relyingParty(_ rpID: String) throws -> String {
        guard !rpID.isEmpty else {
            throw PasskeyErrorMapping.failure(.invalidSignal, "the signal has an empty rpId")
        }
        return rpID
    }

    /// Base64url (padded and standard base64 read too); an empty id or handle names nothing.
    private static func bytes(_ text: String, _ field: String) throws -> Data {
        guard let data = Base64URL.decode(text), !data.isEmpty else {
            throw PasskeyErrorMapping.failure(.invalidSignal, "\(field) is not non-empty base64url")
        }
        return data
    }
}
