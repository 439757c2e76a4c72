// Runs the core's Passkey effect with ASAuthorizationController: the platform (iCloud Keychain)
// provider and the security-key provider side by side, AutoFill-assisted requests for
// conditional mediation. Every request ends in exactly one PasskeyResult: success, a mapped
// platform error, or Aborted when this shell cancels it. The pure mapping is in PasskeyMapping.

import AuthenticationServices
import Foundation
import SharedTypes
import UIKit

@MainActor
final class PasskeyEffect {
    /// The request on screen (or waiting in the username field's AutoFill), if any.
    private var current: PasskeyCeremony?

    func perform(_ operation: PasskeyOperation) async -> PasskeyResult {
        // One request at a time: a new one (a modal sign-in replacing autofill, say) aborts the
        // open one, which still answers its own effect, with Aborted.
        current?.abort()
        current = nil

        let requests: [ASAuthorizationRequest]
        let conditional: Bool
        do {
            switch operation {
            case .create(let optionsJson):
                let parameters = try PasskeyMapping.registrationParameters(from: optionsJson)
                requests = registrationRequests(parameters)
                conditional = false
            case .get(let optionsJson, let mediation):
                let parameters = try PasskeyMapping.assertionParameters(from: optionsJson)
                switch mediation {
                case .modal:
                    requests = assertionRequests(parameters, includeSecurityKey: true)
                    conditional = false
                case .conditional:
                    // AutoFill-assisted requests take platform assertions only.
                    requests = assertionRequests(parameters, includeSecurityKey: false)
                    conditional = true
                }
            }
        } catch {
            return .err(PasskeyMapping.passkeyError(from: error, abortedByShell: false))
        }

        guard let anchor = Self.presentationAnchor() else {
            return .err(PasskeyMapping.failure(.noPresentationAnchor, "there is no window to present the passkey sheet in").error)
        }
        let ceremony = PasskeyCeremony(requests: requests, conditional: conditional, anchor: anchor)
        current = ceremony
        let result = await ceremony.run()
        if current === ceremony {
            current = nil
        }
        return result
    }

    /// The view model's `autofill_active` turned false: abort an open AutoFill request.
    func cancelConditional() {
        if let current, current.conditional {
            current.abort()
            self.current = nil
        }
    }

    private static func presentationAnchor() -> ASPresentationAnchor? {
        let windows = UIApplication.shared.connectedScenes
            .compactMap { $0 as? UIWindowScene }
            .flatMap(\.windows)
        return windows.first(where: \.isKeyWindow) ?? windows.first
    }

    // MARK: Building the requests from the mapped parameters

    private func registrationRequests(_ parameters: RegistrationParameters) -> [ASAuthorizationRequest] {
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
        if #available(iOS 17.4, *) {
            request.excludedCredentials = parameters.excludedCredentials.map {
                ASAuthorizationPlatformPublicKeyCredentialDescriptor(credentialID: $0.id)
            }
        }
        var requests: [ASAuthorizationRequest] = [request]

        // Security keys on iOS sign with ES256; offer them only when the server accepts it.
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
                    transports: PasskeyMapping.securityKeyTransports($0.transports)
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

    private func assertionRequests(_ parameters: AssertionParameters, includeSecurityKey: Bool) -> [ASAuthorizationRequest] {
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
                    transports: PasskeyMapping.securityKeyTransports($0.transports)
                )
            }
            if let userVerification = parameters.userVerification {
                keyRequest.userVerificationPreference = .init(rawValue: userVerification)
            }
            requests.append(keyRequest)
        }
        return requests
    }
}

/// One ASAuthorizationController run. Its continuation is resumed exactly once: by the
/// delegate's success or error callback, or by `abort()`, whichever comes first; the `resumed`
/// flag (under a lock) turns every later callback into a no-op.
final class PasskeyCeremony: NSObject, ASAuthorizationControllerDelegate, ASAuthorizationControllerPresentationContextProviding {
    let conditional: Bool
    private let requests: [ASAuthorizationRequest]
    private let anchor: ASPresentationAnchor
    private let lock = NSLock()
    private var continuation: CheckedContinuation<PasskeyResult, Never>?
    private var controller: ASAuthorizationController?
    private var resumed = false
    private var abortedByShell = false

    init(requests: [ASAuthorizationRequest], conditional: Bool, anchor: ASPresentationAnchor) {
        self.requests = requests
        self.conditional = conditional
        self.anchor = anchor
    }

    @MainActor
    func run() async -> PasskeyResult {
        await withCheckedContinuation { (continuation: CheckedContinuation<PasskeyResult, Never>) in
            lock.lock()
            self.continuation = continuation
            let alreadyAborted = abortedByShell
            lock.unlock()
            if alreadyAborted {
                finish(Self.abortedResult())
                return
            }
            let controller = ASAuthorizationController(authorizationRequests: requests)
            controller.delegate = self
            controller.presentationContextProvider = self
            lock.lock()
            self.controller = controller
            lock.unlock()
            if conditional {
                controller.performAutoFillAssistedRequests()
            } else {
                controller.performRequests()
            }
        }
    }

    /// Cancels the controller and answers Aborted now; the controller's own `.canceled`
    /// callback, if it ever comes, finds the continuation already resumed.
    @MainActor
    func abort() {
        lock.lock()
        abortedByShell = true
        let controller = self.controller
        lock.unlock()
        controller?.cancel()
        finish(Self.abortedResult())
    }

    private static func abortedResult() -> PasskeyResult {
        .err(PasskeyMapping.failure(.abortedByShell, "the app cancelled this passkey request").error)
    }

    /// The single place the continuation is resumed.
    private func finish(_ result: PasskeyResult) {
        lock.lock()
        guard !resumed, let continuation else {
            lock.unlock()
            return
        }
        resumed = true
        self.continuation = nil
        self.controller = nil
        lock.unlock()
        continuation.resume(returning: result)
    }

    // MARK: ASAuthorizationControllerDelegate

    func authorizationController(controller: ASAuthorizationController, didCompleteWithAuthorization authorization: ASAuthorization) {
        finish(Self.result(for: authorization.credential))
    }

    func authorizationController(controller: ASAuthorizationController, didCompleteWithError error: Error) {
        lock.lock()
        let aborted = abortedByShell
        lock.unlock()
        finish(.err(PasskeyMapping.passkeyError(from: error, abortedByShell: aborted)))
    }

    // MARK: ASAuthorizationControllerPresentationContextProviding

    func presentationAnchor(for controller: ASAuthorizationController) -> ASPresentationAnchor {
        anchor
    }

    // MARK: Reading the credential the OS returned

    private static func result(for credential: ASAuthorizationCredential) -> PasskeyResult {
        do {
            switch credential {
            case let registration as ASAuthorizationPlatformPublicKeyCredentialRegistration:
                var attachment: String?
                if #available(iOS 16.6, *) {
                    attachment = registration.attachment == .crossPlatform ? "cross-platform" : "platform"
                }
                // iCloud Keychain passkeys are usable on this device and, from a phone, over hybrid.
                let transports = attachment == "cross-platform" ? ["hybrid"] : ["hybrid", "internal"]
                return .ok(try PasskeyMapping.registrationResponseJSON(
                    credentialID: registration.credentialID,
                    clientDataJSON: registration.rawClientDataJSON,
                    attestationObject: registration.rawAttestationObject,
                    attachment: attachment,
                    transports: transports
                ))
            case let registration as ASAuthorizationSecurityKeyPublicKeyCredentialRegistration:
                var transports: [String] = []
                if #available(iOS 17.5, *) {
                    transports = registration.transports.map(PasskeyMapping.transportName)
                }
                return .ok(try PasskeyMapping.registrationResponseJSON(
                    credentialID: registration.credentialID,
                    clientDataJSON: registration.rawClientDataJSON,
                    attestationObject: registration.rawAttestationObject,
                    attachment: "cross-platform",
                    transports: transports
                ))
            case let assertion as ASAuthorizationPlatformPublicKeyCredentialAssertion:
                var attachment: String?
                if #available(iOS 16.6, *) {
                    attachment = assertion.attachment == .crossPlatform ? "cross-platform" : "platform"
                }
                return .ok(try PasskeyMapping.authenticationResponseJSON(
                    credentialID: assertion.credentialID,
                    clientDataJSON: assertion.rawClientDataJSON,
                    authenticatorData: assertion.rawAuthenticatorData,
                    signature: assertion.signature,
                    userHandle: assertion.userID,
                    attachment: attachment
                ))
            case let assertion as ASAuthorizationSecurityKeyPublicKeyCredentialAssertion:
                return .ok(try PasskeyMapping.authenticationResponseJSON(
                    credentialID: assertion.credentialID,
                    clientDataJSON: assertion.rawClientDataJSON,
                    authenticatorData: assertion.rawAuthenticatorData,
                    signature: assertion.signature,
                    userHandle: assertion.userID,
                    attachment: "cross-platform"
                ))
            default:
                throw PasskeyMapping.failure(.unexpectedCredential, "unexpected credential \(type(of: credential))")
            }
        } catch {
            return .err(PasskeyMapping.passkeyError(from: error, abortedByShell: false))
        }
    }
}
