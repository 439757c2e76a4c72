// The Passkey effect: one WebAuthn ceremony per request, through ASAuthorizationController, and
// the signals (WebAuthn's Signal API), which run beside it.

import AuthenticationServices
import Foundation

/// Runs the core's passkey requests with `ASAuthorizationController`.
///
/// Every call to ``perform(_:)`` returns exactly once: with the response JSON, with a mapped
/// platform error, or with `Aborted` when the app cancels the request itself. One request is
/// open at a time: a new one aborts the open one, which still returns (with `Aborted`).
/// Signals (``signal(_:)``) are not ceremonies: they never abort, replace or wait for one.
@MainActor
public final class PasskeyHandler {
    private let anchor: @MainActor () -> ASPresentationAnchor?
    /// The request on screen, or waiting in the username field's AutoFill.
    private var current: PasskeyCeremony?

    /// - Parameter anchor: the window to present the sheet in; by default the app's key window.
    public init(anchor: @escaping @MainActor () -> ASPresentationAnchor? = PresentationAnchor.keyWindow) {
        self.anchor = anchor
    }

    /// Runs one ceremony and returns how it ended. Never throws: every failure is a
    /// ``PasskeyFailure`` of one of the nine kinds.
    public func perform(_ request: PasskeyRequest) async -> PasskeyOutcome {
        // A modal sign-in replacing autofill, say: the open request answers its own effect.
        current?.abort()
        current = nil

        let requests: [ASAuthorizationRequest]
        let style: PasskeyCeremony.Style
        do {
            switch request {
            case .create(let optionsJSON):
                requests = AuthorizationRequests.registration(try WebAuthnOptions.registration(from: optionsJSON))
                style = .modal
            case .get(let optionsJSON, let mediation):
                let parameters = try WebAuthnOptions.assertion(from: optionsJSON)
                switch mediation {
                case .modal:
                    requests = AuthorizationRequests.assertion(parameters, includeSecurityKey: true)
                    style = .modal
                case .conditional:
                    requests = AuthorizationRequests.assertion(parameters, includeSecurityKey: false)
                    style = .autoFill
                }
            }
        } catch {
            return .failure(PasskeyErrorMapping.failure(from: error, abortedByShell: false))
        }

        guard let anchor = anchor() else {
            return .failure(PasskeyErrorMapping.failure(.noPresentationAnchor, "there is no window to present the passkey sheet in"))
        }
        let ceremony = PasskeyCeremony(requests: requests, style: style, anchor: anchor)
        current = ceremony
        let outcome = await ceremony.run()
        if current === ceremony {
            current = nil
        }
        return outcome
    }

    /// Tells the system's passkey managers what the server knows (WebAuthn's Signal API, through
    /// `ASCredentialUpdater` on iOS 26 / macOS 26). Best effort; returns exactly once: success
    /// when the system took the report, `unsupported` on earlier systems, `invalidRequest` for
    /// JSON that does not read. It leaves the open ceremony alone: an AutoFill request stays
    /// open while a signal runs, and several signals may run at once.
    public func signal(_ request: PasskeySignalRequest) async -> PasskeySignalOutcome {
        await PasskeySignals.perform(request)
    }

    /// Aborts an open conditional (AutoFill) request, which then returns `Aborted`. Call it when
    /// the view model's `autofill_active` turns false.
    public func cancelConditional() {
        if let current, current.style == .autoFill {
            current.abort()
            self.current = nil
        }
    }

    /// Aborts whatever request is open, which then returns `Aborted`.
    public func abort() {
        current?.abort()
        current = nil
    }
}
