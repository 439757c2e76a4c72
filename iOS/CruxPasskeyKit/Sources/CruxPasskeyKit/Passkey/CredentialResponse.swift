// Turns the credential the OS returned into the response JSON the core expects. Which fields
// exist depends on the OS version, hence the availability checks.

import AuthenticationServices
import Foundation

enum CredentialResponse {
    static func outcome(for credential: ASAuthorizationCredential) -> PasskeyOutcome {
        do {
            return .success(try json(for: credential))
        } catch {
            return .failure(PasskeyErrorMapping.failure(from: error, abortedByShell: false))
        }
    }

    private static func json(for credential: ASAuthorizationCredential) throws -> String {
        switch credential {
        case let registration as ASAuthorizationPlatformPublicKeyCredentialRegistration:
            var attachment: String?
            if #available(iOS 16.6, macOS 13.5, *) {
                attachment = registration.attachment == .crossPlatform ? "cross-platform" : "platform"
            }
            // A synced passkey is usable on this device and, from a phone, over hybrid.
            let transports = attachment == "cross-platform" ? ["hybrid"] : ["hybrid", "internal"]
            return try WebAuthnResponse.registrationJSON(
                credentialID: registration.credentialID,
                clientDataJSON: registration.rawClientDataJSON,
                attestationObject: registration.rawAttestationObject,
                attachment: attachment,
                transports: transports
            )
        case let registration as ASAuthorizationSecurityKeyPublicKeyCredentialRegistration:
            var transports: [String] = []
            if #available(iOS 17.5, macOS 14.5, *) {
                transports = registration.transports.map(transportName)
            }
            return try WebAuthnResponse.registrationJSON(
                credentialID: registration.credentialID,
                clientDataJSON: registration.rawClientDataJSON,
                attestationObject: registration.rawAttestationObject,
                attachment: "cross-platform",
                transports: transports
            )
        case let assertion as ASAuthorizationPlatformPublicKeyCredentialAssertion:
            var attachment: String?
            if #available(iOS 16.6, macOS 13.5, *) {
                attachment = assertion.attachment == .crossPlatform ? "cross-platform" : "platform"
            }
            return try WebAuthnResponse.authenticationJSON(
                credentialID: assertion.credentialID,
                clientDataJSON: assertion.rawClientDataJSON,
                authenticatorData: assertion.rawAuthenticatorData,
                signature: assertion.signature,
                userHandle: assertion.userID,
                attachment: attachment
            )
        case let assertion as ASAuthorizationSecurityKeyPublicKeyCredentialAssertion:
            return try WebAuthnResponse.authenticationJSON(
                credentialID: assertion.credentialID,
                clientDataJSON: assertion.rawClientDataJSON,
                authenticatorData: assertion.rawAuthenticatorData,
                signature: assertion.signature,
                userHandle: assertion.userID,
                attachment: "cross-platform"
            )
        default:
            throw PasskeyErrorMapping.failure(.unexpectedCredential, "unexpected credential \(type(of: credential))")
        }
    }

    /// WebAuthn's names for the security-key transports the OS reports.
    static func transportName(_ transport: ASAuthorizationSecurityKeyPublicKeyCredentialDescriptor.Transport) -> String {
        switch transport {
        case .usb: return "usb"
        case .nfc: return "nfc"
        case .bluetooth: return "ble"
        default: return transport.rawValue
        }
    }
}
