// Signed in: who (and a new display name), the passkeys (created, last used, synced, where they
// are kept; rename, delete, add), sign out, and sign out everywhere.

import SharedTypes
import SwiftUI

struct SignedInView: View {
    @ObservedObject var core: Core
    @State private var newPasskeyName = ""
    @State private var renaming: Passkey?
    @State private var renameText = ""
    @State private var deleting: Passkey?
    @State private var changingDisplayName = false

    private var auth: AuthViewModel { core.view.auth }

    var body: some View {
        List {
            Section {
                Text(core.view.home?.greeting ?? "Hello, \(auth.user?.displayName ?? "")")
                    .font(.title2)
                if let user = auth.user {
                    Text("@\(user.username)").foregroundStyle(.secondary)
                    Button("Change display name") { changingDisplayName = true }
                        .disabled(auth.busy)
                }
                // The core words the count, and only once the list is `Loaded`.
                if let summary = core.view.home?.passkeySummary {
                    Text(summary)
                }
                BusyLine(auth: auth)
            }

            Section {
                ForEach(auth.passkeys, id: \.id) { passkey in
                    PasskeyRow(passkey: passkey)
                        .swipeActions {
                            if auth.canDeletePasskeys {
                                Button("Delete", role: .destructive) { deleting = passkey }
                            }
                            Button("Rename") { startRenaming(passkey) }
                        }
                        .contextMenu {
                            Button("Rename") { startRenaming(passkey) }
                            if auth.canDeletePasskeys {
                                Button("Delete", role: .destructive) { deleting = passkey }
                            }
                        }
                }
            } header: {
                PasskeyListHeader(state: auth.passkeyList)
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
                // Never disabled: sign-out works even while something is under way, which it ends.
                Button("Sign out", role: .destructive) { core.send(.signOut) }
                // Ends every session, this one too, once the server has: an ordinary intent, so it
                // waits while something is under way.
                Button("Sign out everywhere", role: .destructive) { core.send(.signOutEverywhere) }
                    .disabled(auth.busy)
            }
        }
        // `refreshable` runs its action off the main actor, and Core is @MainActor: hence await.
        .refreshable { await core.send(.refreshPasskeys) }
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
        .sheet(isPresented: $changingDisplayName) {
            DisplayNameSheet(current: auth.user?.displayName ?? "", busy: auth.busy) { displayName in
                // The core trims and checks it, and says how it went in a notice.
                core.send(.changeDisplayName(displayName: displayName))
            }
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

    private func startRenaming(_ passkey: Passkey) {
        renameText = passkey.name
        renaming = passkey
    }
}

/// A new display name: the name the app greets the person with. Save sends it; the sheet closes.
struct DisplayNameSheet: View {
    let current: String
    let busy: Bool
    let save: (String) -> Void
    @Environment(\.dismiss) private var dismiss
    @State private var displayName = ""

    var body: some View {
        NavigationStack {
            Form {
                TextField("Display name", text: $displayName)
                    .textContentType(.name)
                    .submitLabel(.done)
                    .onSubmit(submit)
            }
            .navigationTitle("Display name")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("Cancel") { dismiss() }
                }
                ToolbarItem(placement: .confirmationAction) {
                    Button("Save", action: submit)
                        .disabled(busy)
                }
            }
        }
        .onAppear { displayName = current }
        .presentationDetents([.medium])
    }

    private func submit() {
        guard !busy else { return }
        save(displayName)
        dismiss()
    }
}

/// Says how current the list below is; never a count (that is the core's `passkeySummary`).
struct PasskeyListHeader: View {
    let state: PasskeyList

    var body: some View {
        switch state {
        case .unknown:
            Text("Your passkeys")
        case .loading:
            HStack {
                Text("Your passkeys")
                ProgressView()
            }
        case .loaded:
            Text("Your passkeys")
        case .failed:
            Text("Your passkeys (the latest list could not be loaded)")
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
            // Where the passkey is kept, when its AAGUID is known. The provider's icons are SVG
            // data URIs, which SwiftUI cannot draw without an SVG renderer, so the name alone.
            if let provider = passkey.provider {
                Text(provider.name)
                    .font(.subheadline)
                    .foregroundStyle(.secondary)
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
