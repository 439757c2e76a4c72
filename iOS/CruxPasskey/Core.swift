// The shell's side of the bridge: sends events to the Rust core (uniffi `CoreFfi`, bincode
// messages typed by SharedTypes), runs the effects it asks for and answers each one by its id.
// A failed bridge call (undecodable bytes, an unknown id, a core panic surfaced by uniffi) is
// shown in `bridgeError`; nothing here can crash the app.

import Combine
import Foundation
import SharedTypes

@MainActor
final class Core: ObservableObject {
    @Published private(set) var view: ViewModel
    /// The last bridge failure, for the UI to show; nil when all is well.
    @Published private(set) var bridgeError: String?

    private let core: CoreFfi
    private let configuration: AppConfiguration
    private let http = HttpEffect()
    private let passkeys = PasskeyEffect()
    private let sessionStore: SessionStore
    /// The token last written to (or read from) the Keychain.
    private var storedToken: String?
    /// False until RestoreSession has been sent, so the empty token of the first renders
    /// cannot erase the stored one before the core has seen it.
    private var persistSession = false
    private var wasBusy = false
    private var started = false

    init(configuration: AppConfiguration = .fromBundle()) {
        self.configuration = configuration
        self.core = CoreFfi()
        self.sessionStore = SessionStore(service: configuration.keychainService)
        self.view = Core.placeholderView
        refreshView()
    }

    /// Points the core at the server and restores the session kept in the Keychain.
    func start() {
        guard !started else { return }
        started = true
        send(.configure(baseUrl: configuration.serverBaseURL))
        let token = sessionStore.load()
        storedToken = token
        persistSession = true
        send(.restoreSession(sessionToken: token))
    }

    func send(_ event: AuthEvent) {
        update(.auth(event))
    }

    func dismissBridgeError() {
        bridgeError = nil
    }

    func update(_ event: Event) {
        do {
            let bytes = try event.bincodeSerialize()
            let requests = try core.update(event: Data(bytes))
            process(requests)
        } catch {
            report("sending an event to the core", error)
        }
    }

    // MARK: Effects

    private func process(_ requestBytes: Data) {
        let requests: [Request]
        do {
            requests = try Requests.bincodeDeserialize(input: [UInt8](requestBytes)).value
        } catch {
            report("reading the core's requests", error)
            return
        }
        for request in requests {
            handle(request)
        }
    }

    /// Every effect the core can ask for. A new core effect is a compile error here (and a
    /// failure of shells_check/test_shells.py), never silently ignored.
    private func handle(_ request: Request) {
        let id = request.id
        switch request.effect {
        case .render:
            refreshView()
        case .http(let httpRequest):
            Task { [http] in
                let result = await http.perform(httpRequest)
                self.resolve(id) { try result.bincodeSerialize() }
            }
        case .passkey(let operation):
            Task { [passkeys] in
                let result = await passkeys.perform(operation)
                self.resolve(id) { try result.bincodeSerialize() }
            }
        }
    }

    private func resolve(_ id: UInt32, _ answer: () throws -> [UInt8]) {
        do {
            let requests = try core.resolve(id: id, answer: Data(try answer()))
            process(requests)
        } catch {
            report("answering effect \(id)", error)
        }
    }

    // MARK: View

    private func refreshView() {
        do {
            view = try ViewModel.bincodeDeserialize(input: [UInt8](core.view()))
        } catch {
            report("reading the view model", error)
            return
        }
        afterRender(view.auth)
    }

    private func afterRender(_ auth: AuthViewModel) {
        // DESIGN notes: when autofill_active turns false, abort the conditional request.
        if !auth.autofillActive {
            passkeys.cancelConditional()
        }
        if persistSession && auth.sessionToken != storedToken {
            if let token = auth.sessionToken {
                sessionStore.save(token)
            } else {
                sessionStore.delete()
            }
            storedToken = auth.sessionToken
        }
        // Offer passkeys in the username field again whenever the signed-out screen becomes
        // idle (after restore, or after a sign-in or sign-up that did not sign anyone in).
        // Only a change of `busy` triggers it, so a failing autofill cannot loop.
        if wasBusy && !auth.busy && auth.screen == .signedOut && auth.serverConfigured && !auth.autofillActive {
            Task { self.send(.startAutofill) }
        }
        wasBusy = auth.busy
    }

    private func report(_ what: String, _ error: Error) {
        let detail: String
        if let bridge = error as? CoreError {
            switch bridge {
            case .Bridge(let message):
                detail = message
            }
        } else {
            detail = String(describing: error)
        }
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
            canDeletePasskeys: false,
            notice: nil,
            sessionToken: nil
        ),
        home: nil
    )
}
