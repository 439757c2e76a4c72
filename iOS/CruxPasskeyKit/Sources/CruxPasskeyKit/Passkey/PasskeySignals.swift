// The Signal half of the Passkey effect: WebAuthn's Signal API through AuthenticationServices'
// `ASCredentialUpdater` (iOS 26 / macOS 26). Best effort, and no UI: nothing here knows about a
// ceremony, so an open one (an AutoFill request) is left as it is.
//
// Which OS takes which signal (Apple's documentation of ASCredentialUpdater):
//   UnknownCredential       reportUnknownPublicKeyCredential(relyingPartyIdentifier:credentialID:)
//   AllAcceptedCredentials  reportAllAcceptedPublicKeyCredentials(relyingPartyIdentifier:userHandle:acceptedCredentialIDs:)
//   CurrentUserDetails      reportPublicKeyCredentialUpdate(relyingPartyIdentifier:userHandle:newName:)
// all three `async throws`, iOS / iPadOS / Mac Catalyst / macOS 26.0 and later. Before that, and
// in a build with an SDK older than Xcode 26's, every signal answers `Unsupported`.
// Apple deprecates ASCredentialUpdater in the 26.2 SDKs in favour of ASCredentialDataManager
// (26.2+, the same three methods); a build with such an SDK warns here, and the class keeps working.

import AuthenticationServices
import Foundation

enum PasskeySignals {
    /// Reads the signal's JSON and reports it to the system's passkey managers. Never throws.
    static func perform(_ request: PasskeySignalRequest) async -> PasskeySignalOutcome {
        let report: SignalReport
        do {
            report = try SignalJSON.report(request.signal, from: request.json)
        } catch {
            return .failure(PasskeyErrorMapping.failure(from: error, abortedByShell: false))
        }
        #if compiler(>=6.2) && (os(iOS) || os(macOS))
        if #available(iOS 26.0, macOS 26.0, *) {
            do {
                try await send(report)
                return .success(())
            } catch {
                // `notHandled` (the system took no such report) is `Unsupported` in the error
                // table; every other error maps as a ceremony's would.
                return .failure(PasskeyErrorMapping.failure(from: error, abortedByShell: false))
            }
        }
        #endif
        return .failure(PasskeyErrorMapping.failure(
            .signalsUnavailable,
            "the \(request.signal.rawValue) signal needs iOS 26 or macOS 26 (ASCredentialUpdater)"
        ))
    }

    #if compiler(>=6.2) && (os(iOS) || os(macOS))
    /// The updater is made here and used once, so it never crosses an actor.
    @available(iOS 26.0, macOS 26.0, *)
    private static func send(_ report: SignalReport) async throws {
        let updater = ASCredentialUpdater()
        switch report {
        case .unknownCredential(let relyingPartyID, let credentialID):
            try await updater.reportUnknownPublicKeyCredential(
                relyingPartyIdentifier: relyingPartyID,
                credentialID: credentialID
            )
        case .allAcceptedCredentials(let relyingPartyID, let userHandle, let acceptedCredentialIDs):
            try await updater.reportAllAcceptedPublicKeyCredentials(
                relyingPartyIdentifier: relyingPartyID,
                userHandle: userHandle,
                acceptedCredentialIDs: acceptedCredentialIDs
            )
        case .currentUserDetails(let relyingPartyID, let userHandle, let name):
            try await updater.reportPublicKeyCredentialUpdate(
                relyingPartyIdentifier: relyingPartyID,
                userHandle: userHandle,
                newName: name
            )
        }
    }
    #endif
}
