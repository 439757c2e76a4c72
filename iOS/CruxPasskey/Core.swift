// The shell's side of the bridge (docs/bridge-protocol.md): sends events to the Rust core
// (uniffi `CoreFfi`, bincode messages typed by SharedTypes), hands every effect to a
// CruxPasskeyKit handler through EffectAdapters.swift and answers each one by its id.
// A refused bridge call is shown in `bridgeError`; nothing here can crash the app.

import Combine
import CruxPasskeyKit
import Foundation
import SharedTypes

@MainActor
final class Core: ObservableObject {
    @Published private(set) var view: ViewModel
    /// The last bridge failure, for the UI to show; nil when all is well.
    @Published private(set) var bridgeError: String?

    private let core: CoreFfi
    private let configuration: AppConfiguration
    private let http = HttpHandler()
    private let passkeys = PasskeyHandler()
    private let secrets: KeychainSecretStore
    private let timers = TimerHandler()
    private var started = false
    private var wasBusy = false
    /// Passkey AutoFill belongs to the sign-in form's `.username` field alone: offered while
    /// that form is on screen, never while someone is creating an account.
    private var signInFormShown = false

    init(configuration: AppConfiguration = .fromBundle()) {
        self.configuration = configuration
        self.core = CoreFfi()
        // The account the shell's own token persistence used, so a token an older build kept
        // is overwritten or deleted by the core instead of lingering.
        self.secrets = KeychainSecretStore(service: configuration.keychainService, account: "session-token")
        self.view = Core.placeholderView
        refreshView()
    }

    /// Points the core at the server; the core then restores the session it kept itself.
    func start() {
        guard !started else { return }
        started = true
        send(.configure(baseUrl: configuration.serverBaseURL))
        send(.restoreSession)
    }

    func send(_ event: AuthEvent) {
        update(.auth(event))
    }

    func dismissBridgeError() {
        bridgeError = nil
    }

    /// The sign-in form appeared or went away (signed in, or the person switched to creating
    /// an account).
    func signInForm(shown: Bool) {
        signInFormShown = shown
        if shown {
            offerAutofill()
        } else {
            send(.cancelAutofill)
        }
    }

    /// Back in the foreground: offer passkeys in the username field again.
    func becameActive() {
        if view.auth.screen == .signedOut {
            offerAutofill()
        }
    }

    func update(_ event: Event) {
        bridge("sending an event to the core") {
            try core.update(event: Data(try event.bincodeSerialize()))
        }
    }

    // MARK: Effects

    private func process(_ requestBytes: Data) {
        let requests: [Request]
        do {
            requests = try Requests.bincodeDeserialize(input: [UInt8](requestBytes)).value
        } catch {
            report("reading the core's requests", String(describing: error))
            return
        }
        for request in requests {
            handle(request)
        }
    }

    /// Every effect the core can ask for, with no default: a new core effect is a compile error
    /// here (and a failure of shells_check/test_shells.py), never silently ignored.
    private func handle(_ request: Request) {
        let id = request.id
        switch request.effect {
        case .render:
            refreshView()
        case .http(let operation):
            let call = HttpCall(operation)
            Task { [http] in
                let result = HttpResult(await http.perform(call))
                self.resolve(id) { try result.bincodeSerialize() }
            }
        case .passkey(let operation):
            switch PasskeyWork(operation) {
            case .ceremony(let passkeyRequest):
                Task { [passkeys] in
                    let result = PasskeyResult(await passkeys.perform(passkeyRequest))
                    self.resolve(id) { try result.bincodeSerialize() }
                }
            case .signal(let signalRequest):
                // Best effort, beside the open ceremony (an AutoFill request stays open); the
                // core ignores its errors, but every request is answered.
                Task { [passkeys] in
                    let result = PasskeyResult(await passkeys.signal(signalRequest))
                    self.resolve(id) { try result.bincodeSerialize() }
                }
            }
        case .sessionStore(let operation):
            let storeRequest = SecretStoreRequest(operation)
            Task { [secrets] in
                let result = SessionStoreResult(await secrets.perform(storeRequest))
                self.resolve(id) { try result.bincodeSerialize() }
            }
        case .time(let operation):
            timers.handle(TimerCommand(operation)) { answer in
                self.resolve(id) { try TimeResponse(answer).bincodeSerialize() }
            }
        }
    }

    private func resolve(_ id: UInt32, _ answer: () throws -> [UInt8]) {
        bridge("answering effect \(id)") {
            try core.resolve(id: id, answer: Data(try answer()))
        }
    }

    /// One call into the core, and the requests it returns. An undecodable answer has already
    /// been resolved with a failure in the core, and its follow-up requests still need handling.
    private func bridge(_ what: String, _ call: () throws -> Data) {
        do {
            process(try call())
        } catch CoreError.AnswerUndecodable(let detail, let requests) {
            report(what, detail)
            process(requests)
        } catch CoreError.Bridge(let detail) {
            report(what, detail)
        } catch {
            // A panic in the core arrives here as uniffi's internal error.
            report(what, String(describing: error))
        }
    }

    // MARK: View

    private func refreshView() {
        do {
            view = try ViewModel.bincodeDeserialize(input: [UInt8](core.view()))
        } catch {
            report("reading the view model", String(describing: error))
            return
        }
        afterRender(view.auth)
    }

    private func afterRender(_ auth: AuthViewModel) {
        // The bridge protocol: when autofill_active turns false, abort the conditional request.
        if !auth.autofillActive {
            passkeys.cancelConditional()
        }
        // Offer passkeys again whenever the signed-out screen becomes idle (after restore, or a
        // sign-in that did not sign anyone in). Only a change of `busy` triggers it, so a
        // failing autofill cannot loop; the Task lets this render finish first.
        if wasBusy && !auth.busy && auth.screen == .signedOut && auth.serverConfigured && !auth.autofillActive {
            Task { self.offerAutofill() }
        }
        wasBusy = auth.busy
    }

    /// The one place StartAutofill is sent (the core ignores it unless it is signed out and idle).
    private func offerAutofill() {
        guard signInFormShown else { return }
        send(.startAutofill)
    }

    private func report(_ what: String, _ detail: String) {
        bridgeError = "Something went wrong \(what): \(detail)"
    }

    /// What is drawn until the core's first view model has been read.
    static let placeholderView = ViewModel(
        auth: AuthViewModel(
            screen: .starting,
            activity: .idle,
            busy: false,
            autofillActive: false,
            serverConfigured: false,
            user: nil,
            passkeys: [],
            passkeyList: .unknown,
            canDeletePasskeys: false,
            notice: nil
        ),
        home: nil
    )
}
