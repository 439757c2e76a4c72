// The screens, drawn from the core's view model only: starting, signed out (sign in / create
// an account) and signed in (passkeys: add, rename, delete; sign out). Buttons send AuthEvents;
// nothing here decides anything the core decides.

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
            // Back in the foreground: offer passkeys in the username field again (the core
            // ignores this unless it is signed out and idle with no autofill running).
            if phase == .active && core.view.auth.screen == .signedOut {
                core.send(.startAutofill)
            }
        }
    }
}

enum ActivityLabel {
    static func text(_ activity: Activity) -> String? {
        switch activity {
        case .idle: return nil
        case .restoringSession: return "Checking your session…"
        case .signingUp: return "Creating your account…"
        case .signingIn: return "Signing in…"
        case .signingOut: return "Signing out…"
        case .loadingPasskeys: return "Loading passkeys…"
        case .addingPasskey: return "Adding a passkey…"
        case .renamingPasskey: return "Renaming…"
        case .deletingPasskey: return "Deleting…"
        }
    }
}

struct Banner: View {
    let text: String
    let isError: Bool
    let dismiss: () -> Void

    var body: some View {
        HStack(alignment: .top) {
            Image(systemName: isError ? "exclamationmark.triangle.fill" : "info.circle.fill")
            Text(text).frame(maxWidth: .infinity, alignment: .leading)
            Button(action: dismiss) { Image(systemName: "xmark") }
                .accessibilityLabel("Dismiss")
        }
        .padding(10)
        .background((isError ? Color.red : Color.blue).opacity(0.12), in: RoundedRectangle(cornerRadius: 8))
    }
}

struct BusyLine: View {
    let auth: AuthViewModel

    var body: some View {
        if auth.busy, let label = ActivityLabel.text(auth.activity) {
            HStack { ProgressView(); Text(label) }
        }
    }
}

// MARK: Signed out

struct SignedOutView: View {
    @ObservedObject var core: Core
    @State private var creatingAccount = false
    @State private var username = ""
    @State private var displayName = ""

    private var auth: AuthViewModel { core.view.auth }

    var body: some View {
        Form {
            Picker("", selection: $creatingAccount) {
                Text("Sign in").tag(false)
                Text("Create account").tag(true)
            }
            .pickerStyle(.segmented)

            if creatingAccount {
                Section("Create an account") {
                    TextField("Username", text: $username)
                        .textContentType(.username)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                    TextField("Display name", text: $displayName)
                        .textContentType(.name)
                    Button("Create account with a passkey") {
                        core.send(.signUp(username: username, displayName: displayName))
                    }
                    .disabled(auth.busy || username.isEmpty)
                }
            } else {
                Section("Sign in") {
                    // `.username` lets iOS offer this site's passkeys in the QuickType bar while
                    // the core's conditional (AutoFill-assisted) request is open.
                    TextField("Username", text: $username)
                        .textContentType(.username)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                    Button("Sign in") {
                        core.send(.signIn(username: username))
                    }
                    .disabled(auth.busy || username.isEmpty)
                    Button("Sign in with a passkey") {
                        core.send(.signInWithPasskey)
                    }
                    .disabled(auth.busy)
                }
            }
            BusyLine(auth: auth)
        }
        .onAppear { core.send(.startAutofill) }
        .onDisappear { core.send(.cancelAutofill) }
    }
}

// MARK: Signed in

struct SignedInView: View {
    @ObservedObject var core: Core
    @State private var newPasskeyName = ""
    @State private var renaming: Passkey?
    @State private var renameText = ""
    @State private var deleting: Passkey?

    private var auth: AuthViewModel { core.view.auth }

    var body: some View {
        List {
            Section {
                Text(core.view.home?.greeting ?? "Hello, \(auth.user?.displayName ?? "")")
                    .font(.title2)
                if let user = auth.user {
                    Text("@\(user.username)").foregroundStyle(.secondary)
                }
                if let summary = core.view.home?.passkeySummary {
                    Text(summary)
                }
                BusyLine(auth: auth)
            }

            Section("Your passkeys") {
                ForEach(auth.passkeys, id: \.id) { passkey in
                    PasskeyRow(passkey: passkey)
                        .swipeActions {
                            if auth.canDeletePasskeys {
                                Button("Delete", role: .destructive) { deleting = passkey }
                            }
                            Button("Rename") {
                                renameText = passkey.name
                                renaming = passkey
                            }
                        }
                        .contextMenu {
                            Button("Rename") {
                                renameText = passkey.name
                                renaming = passkey
                            }
                            if auth.canDeletePasskeys {
                                Button("Delete", role: .destructive) { deleting = passkey }
                            }
                        }
                }
            }

            Section("Add a passkey") {
                TextField("Name (optional)", text: $newPasskeyName)
                Button("Add a passkey") {
                    core.send(.addPasskey(name: newPasskeyName))
                    newPasskeyName = ""
                }
                .disabled(auth.busy)
            }

            Section {
                Button("Sign out", role: .destructive) { core.send(.signOut) }
                    .disabled(auth.busy)
            }
        }
        .refreshable { core.send(.refreshPasskeys) }
        .toolbar {
            Button { core.send(.refreshPasskeys) } label: { Image(systemName: "arrow.clockwise") }
                .disabled(auth.busy)
                .accessibilityLabel("Refresh passkeys")
        }
        .alert("Rename passkey", isPresented: Binding(get: { renaming != nil }, set: { if !$0 { renaming = nil } })) {
            TextField("Name", text: $renameText)
            Button("Save") {
                if let passkey = renaming {
                    core.send(.renamePasskey(id: passkey.id, name: renameText))
                }
                renaming = nil
            }
            Button("Cancel", role: .cancel) { renaming = nil }
        }
        .confirmationDialog(
            "Delete this passkey?",
            isPresented: Binding(get: { deleting != nil }, set: { if !$0 { deleting = nil } }),
            titleVisibility: .visible
        ) {
            Button("Delete", role: .destructive) {
                if let passkey = deleting {
                    core.send(.deletePasskey(id: passkey.id))
                }
                deleting = nil
            }
        } message: {
            Text("You can no longer sign in with it. The passkey stays in your password manager until you remove it there.")
        }
    }
}

struct PasskeyRow: View {
    let passkey: Passkey

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            HStack {
                Text(passkey.name).font(.headline)
                if passkey.backedUp {
                    Badge(text: "Synced")
                } else if passkey.backupEligible {
                    Badge(text: "Can sync")
                } else {
                    Badge(text: "This device only")
                }
            }
            Text("Created \(DateText.format(passkey.createdAt))")
                .font(.footnote)
            Text(passkey.lastUsedAt.map { "Last used \(DateText.format($0))" } ?? "Never used to sign in")
                .font(.footnote)
                .foregroundStyle(.secondary)
            if !passkey.transports.isEmpty {
                Text(passkey.transports.joined(separator: ", "))
                    .font(.caption2)
                    .foregroundStyle(.secondary)
            }
        }
    }
}

struct Badge: View {
    let text: String

    var body: some View {
        Text(text)
            .font(.caption2.bold())
            .padding(.horizontal, 6)
            .padding(.vertical, 2)
            .background(Color.accentColor.opacity(0.15), in: Capsule())
    }
}

/// RFC 3339 from the server, shown in the person's locale; the raw text if it does not parse.
enum DateText {
    static func format(_ rfc3339: String) -> String {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        guard let date = withFraction.date(from: rfc3339) ?? plain.date(from: rfc3339) else {
            return rfc3339
        }
        return date.formatted(date: .abbreviated, time: .shortened)
    }
}
