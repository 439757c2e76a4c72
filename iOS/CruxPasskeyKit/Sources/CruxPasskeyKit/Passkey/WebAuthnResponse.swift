// Assembles the RegistrationResponseJSON / AuthenticationResponseJSON the core forwards to the
// server, from the raw fields an ASAuthorization credential carries. Pure, like WebAuthnOptions.

import Foundation

enum WebAuthnResponse {
    /// `attachment` is "platform" or "cross-platform" when the OS says which.
    static func registrationJSON(
        credentialID: Data,
        clientDataJSON: Data,
        attestationObject: Data?,
        attachment: String?,
        transports: [String]
    ) throws -> String {
        guard let attestationObject else {
            throw PasskeyErrorMapping.failure(.missingResponseField, "the platform returned no attestationObject")
        }
        let response: [String: Any] = [
            "clientDataJSON": Base64URL.encode(clientDataJSON),
            "attestationObject": Base64URL.encode(attestationObject),
            "transports": transports,
        ]
        return try json(credentialID: credentialID, attachment: attachment, response: response)
    }

    /// The assertion's data fields are implicitly unwrapped in the SDK, so they arrive here as
    /// optionals: a missing one is a failure, never a crash.
    static func authenticationJSON(
        credentialID: Data,
        clientDataJSON: Data,
        authenticatorData: Data?,
        signature: Data?,
        userHandle: Data?,
        attachment: String?
    ) throws -> String {
        guard let authenticatorData, let signature else {
            throw PasskeyErrorMapping.failure(.missingResponseField, "the platform returned no authenticatorData or signature")
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
            throw PasskeyErrorMapping.failure(.missingResponseField, "the response JSON could not be written")
        }
        return text
    }
}
