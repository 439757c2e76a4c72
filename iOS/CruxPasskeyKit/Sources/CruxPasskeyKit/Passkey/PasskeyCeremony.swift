// One ASAuthorizationController run, answered exactly once.

import AuthenticationServices
import Foundation

/// Its continuation is resumed exactly once: by the delegate's success or error callback, or
/// by `abort()`, whichever comes first. The `resumed` flag, under a lock, turns every later
/// callback into a no-op, because a cancelled controller still reports `.canceled` afterwards.
final class PasskeyCeremony: NSObject, ASAuthorizationControllerDelegate, ASAuthorizationControllerPresentationContextProviding {
    enum Style {
        /// `performRequests()`: a sheet now.
        case modal
        /// `performAutoFillAssistedRequests()`: passkeys in the `.username` field's AutoFill.
        case autoFill
    }

    let style: Style
    private let requests: [ASAuthorizationRequest]
    private let anchor: ASPresentationAnchor
    private let lock = NSLock()
    private var continuation: CheckedContinuation<PasskeyOutcome, Never>?
    private var controller: ASAuthorizationController?
    private var resumed = false
    private var abortedByShell = false

    init(requests: [ASAuthorizationRequest], style: Style, anchor: ASPresentationAnchor) {
        self.requests = requests
        self.style = style
        self.anchor = anchor
    }

    @MainActor
    func run() async -> PasskeyOutcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<PasskeyOutcome, Never>) in
            lock.lock()
            self.continuation = continuation
            let alreadyAborted = abortedByShell
            lock.unlock()
            if alreadyAborted {
                finish(.failure(Self.abortedFailure()))
                return
            }
            let controller = ASAuthorizationController(authorizationRequests: requests)
            controller.delegate = self
            controller.presentationContextProvider = self
            lock.lock()
            self.controller = controller
            lock.unlock()
            switch style {
            case .modal:
                controller.performRequests()
            case .autoFill:
                Self.performAutoFill(controller)
            }
        }
    }

    /// Cancels the controller and answers Aborted now.
    @MainActor
    func abort() {
        lock.lock()
        abortedByShell = true
        let controller = self.controller
        lock.unlock()
        controller?.cancel()
        finish(.failure(Self.abortedFailure()))
    }

    @MainActor
    private static func performAutoFill(_ controller: ASAuthorizationController) {
        #if os(iOS) && !targetEnvironment(macCatalyst)
        controller.performAutoFillAssistedRequests()
        #endif
        // macOS and Mac Catalyst have no AutoFill-assisted requests. The request then stays
        // open without UI until the core turns autofill off and `abort()` answers it: the
        // protocol lets a conditional request wait indefinitely, and failing it instead would
        // show an error notice on every launch.
    }

    private static func abortedFailure() -> PasskeyFailure {
        PasskeyErrorMapping.failure(.abortedByShell, "the app cancelled this passkey request")
    }

    /// The single place the continuation is resumed.
    private func finish(_ outcome: PasskeyOutcome) {
        lock.lock()
        guard !resumed, let continuation else {
            lock.unlock()
            return
        }
        resumed = true
        self.continuation = nil
        self.controller = nil
        lock.unlock()
        continuation.resume(returning: outcome)
    }

    // MARK: ASAuthorizationControllerDelegate

    func authorizationController(controller: ASAuthorizationController, didCompleteWithAuthorization authorization: ASAuthorization) {
        finish(CredentialResponse.outcome(for: authorization.credential))
    }

    func authorizationController(controller: ASAuthorizationController, didCompleteWithError error: Error) {
        lock.lock()
        let aborted = abortedByShell
        lock.unlock()
        finish(.failure(PasskeyErrorMapping.failure(from: error, abortedByShell: aborted)))
    }

    // MARK: ASAuthorizationControllerPresentationContextProviding

    func presentationAnchor(for controller: ASAuthorizationController) -> ASPresentationAnchor {
        anchor
    }
}
