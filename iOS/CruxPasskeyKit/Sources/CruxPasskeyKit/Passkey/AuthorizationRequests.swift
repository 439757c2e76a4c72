// Builds the AuthenticationServices requests for a ceremony: the platform provider (iCloud
// Keychain and other passkey managers) and, beside it, the security-key provider, so a person
// with a hardware key can use it from the same sheet.

import AuthenticationServices
import Foundation

enum AuthorizationRequests {
    static func registration(_ parameters: RegistrationParameters) -> [ASAuthorizationRequest] {
        let platform = ASAuthorizationPlatformPublicKeyCredentialProvider(relyingPartyIdentifier: parameters.relyingPartyID)
        let request = platform.createCredentialRegistrationRequest(
            challenge: parameters.challenge,
            name: parameters.userName,
            userID: parameters.userID
        )
        request.displayName = parameters.userDisplayName
        if let userVerification = parameters.userVerification {
            request.userVerificationPreference = .init(rawValue: userVerification)
        }
        if let attestation = parameters.attestation {
            request.attestationPreference = .init(rawValue: attestation)
        }
        // Earlier systems cannot exclude platform credentials; the server still refuses a
        // second passkey for the same authenticator.
        if #available(iOS 17.4, macOS 13.5, *) {
            request.excludedCredentials = parameters.excludedCredentials.map {
                ASAuthorizationPlatformPublicKeyCredentialDescriptor(credentialID: $0.id)
            }
        }
        var requests: [ASAuthorizationRequest] = [request]

        // Security keys sign with ES256 here; offer them only when the server accepts it.
        let es256 = ASCOSEAlgorithmIdentifier.ES256.rawValue
        if parameters.algorithms.contains(es256) {
            let securityKey = ASAuthorizationSecurityKeyPublicKeyCredentialProvider(relyingPartyIdentifier: parameters.relyingPartyID)
            let keyRequest = securityKey.createCredentialRegistrationRequest(
                challenge: parameters.challenge,
                displayName: parameters.userDisplayName,
                name: parameters.userName,
                userID: parameters.userID
            )
            keyRequest.credentialParameters = [
                ASAuthorizationPublicKeyCredentialParameters(algorithm: ASCOSEAlgorithmIdentifier(rawValue: es256)),
            ]
            keyRequest.excludedCredentials = parameters.excludedCredentials.map {
                ASAuthorizationSecurityKeyPublicKeyCredentialDescriptor(
                    credentialID: $0.id,
                    transports: securityKeyTransports($0.transports)
                )
            }
            if let residentKey = parameters.residentKey {
                keyRequest.residentKeyPreference = .init(rawValue: residentKey)
            }
            if let userVerification = parameters.userVerification {
                keyRequest.userVerificationPreference = .init(rawValue: userVerification)
            }
            if let attestation = parameters.attestation {
                keyRequest.attestationPreference = .init(rawValue: attestation)
            }
            requests.append(keyRequest)
        }
        return requests
    }

    /// AutoFill-assisted requests take platform assertions only, so a conditional sign-in
    /// leaves the security key out.
    static func assertion(_ parameters: AssertionParameters, includeSecurityKey: Bool) -> [ASAuthorizationRequest] {
        let platform = ASAuthorizationPlatformPublicKeyCredentialProvider(relyingPartyIdentifier: parameters.relyingPartyID)
        let request = platform.createCredentialAssertionRequest(challenge: parameters.challenge)
        request.allowedCredentials = parameters.allowedCredentials.map {
            ASAuthorizationPlatformPublicKeyCredentialDescriptor(credentialID: $0.id)
        }
        if let userVerification = parameters.userVerification {
            request.userVerificationPreference = .init(rawValue: userVerification)
        }
        var requests: [ASAuthorizationRequest] = [request]
        if includeSecurityKey {
            let securityKey = ASAuthorizationSecurityKeyPublicKeyCredentialProvider(relyingPartyIdentifier: parameters.relyingPartyID)
            let keyRequest = securityKey.createCredentialAssertionRequest(challenge: parameters.challenge)
            keyRequest.allowedCredentials = parameters.allowedCredentials.map {
                ASAuthorizationSecurityKeyPublicKeyCredentialDescriptor(
                    credentialID: $0.id,
                    transports: securityKeyTransports($0.transports)
                )
            }
            if let userVerification = parameters.userVerification {
                keyRequest.userVerificationPreference = .init(rawValue: userVerification)
            }
            requests.append(keyRequest)
        }
        return requests
    }

    /// The transports of the options JSON that a security-key descriptor can carry; none known
    /// means "try them all" rather than "none".
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
}
