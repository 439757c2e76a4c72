// Signed out: sign in (passkey AutoFill in the username field, or the passkey sheet) or create
// an account. Passkey AutoFill runs only while the sign-in form is on screen.

import SharedTypes
import SwiftUI

struct SignedOutView: View {
    @ObservedObject var core: Core
    @State private var creatingAccount = false

    var body: some View {
        Form {
            Picker("", selection: $creatingAccount) {
                Text("Sign in").tag(false)
                Text("Create account").tag(true)
            }
            .pickerStyle(.segmented)

            if creatingAccount {
                SignUpForm(core: core)
            } else {
                SignInForm(core: core)
            }
            BusyLine(auth: core.view.auth)
        }
        .onAppear { core.signInForm(shown: !creatingAccount) }
        .onDisappear { core.signInForm(shown: false) }
        // Switching to "Create account" ends autofill, so no sign-in is offered while someone
        // is making a new account; switching back offers it again.
        .onChange(of: creatingAccount) { creating in core.signInForm(shown: !creating) }
    }
}

/// The sign-in form: its username field is the app's only one tagged `.username`.
struct SignInForm: View {
    @ObservedObject var core: Core
    @State private var username = ""

    private var auth: AuthViewModel { core.view.auth }

    var body: some View {
        Section("Sign in") {
            // `.username` lets iOS offer this site's passkeys in the QuickType bar while the
            // core's conditional (AutoFill-assisted) request is open.
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
}

/// The create-account form.
struct SignUpForm: View {
    @ObservedObject var core: Core
    @State private var username = ""
    @State private var displayName = ""

    private var auth: AuthViewModel { core.view.auth }

    var body: some View {
        Section("Create an account") {
            // Not `.username`: iOS offers existing sign-ins (passkeys and passwords) in fields of
            // that type, and UIKit has no content type for a name still to be chosen. Tagging the
            // field explicitly also keeps Password AutoFill's heuristics from taking the
            // "Username" label for a sign-in field.
            TextField("Username", text: $username)
                .textContentType(.nickname)
                .textInputAutocapitalization(.never)
                .autocorrectionDisabled()
            TextField("Display name", text: $displayName)
                .textContentType(.name)
            Button("Create account with a passkey") {
                core.send(.signUp(username: username, displayName: displayName))
            }
            .disabled(auth.busy || username.isEmpty)
        }
    }
}
