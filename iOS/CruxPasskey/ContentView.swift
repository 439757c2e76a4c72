// The root screen, drawn from the core's view model only: a bridge failure and the core's
// notice on top, then starting, signed out or signed in. Nothing here decides what the core
// decides.

import SharedTypes
import SwiftUI

struct ContentView: View {
    @ObservedObject var core: Core
    @Environment(\.scenePhase) private var scenePhase

    var body: some View {
        NavigationStack {
            VStack(spacing: 12) {
                if let error = core.bridgeError {
                    Banner(text: error, isError: true) { core.dismissBridgeError() }
                }
                // Every notice code (TIMED_OUT and SESSION_NOT_KEPT included) is shown the same
                // way: the core has already worded it.
                if let notice = core.view.auth.notice {
                    Banner(text: notice.text, isError: notice.kind == .error) { core.send(.dismissNotice) }
                }
                if !core.view.auth.serverConfigured && core.view.auth.screen != .starting {
                    Text("No server is configured. Set CRUX_SERVER_BASE_URL in Config/App.xcconfig.")
                        .font(.footnote)
                        .foregroundStyle(.secondary)
                }
                switch core.view.auth.screen {
                case .starting:
                    Spacer()
                    ProgressView(ActivityLabel.text(core.view.auth.activity) ?? "Starting…")
                    Spacer()
                case .signedOut:
                    SignedOutView(core: core)
                case .signedIn:
                    SignedInView(core: core)
                }
            }
            .padding()
            .navigationTitle("Crux Passkey")
        }
        .onAppear { core.start() }
        .onChange(of: scenePhase) { phase in
            if phase == .active {
                core.becameActive()
            }
        }
    }
}
