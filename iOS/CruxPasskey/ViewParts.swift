// Small views and formatters the screens share.

import SharedTypes
import SwiftUI

enum ActivityLabel {
    static func text(_ activity: Activity) -> String? {
        switch activity {
        case .idle: return nil
        case .restoringSession: return "Checking your session…"
        case .signingUp: return "Creating your account…"
        case .signingIn: return "Signing in…"
        case .signingOut: return "Signing out…"
        case .signingOutEverywhere: return "Signing out everywhere…"
        case .loadingPasskeys: return "Loading passkeys…"
        case .addingPasskey: return "Adding a passkey…"
        case .changingDisplayName: return "Saving your name…"
        case .renamingPasskey: return "Renaming…"
        case .deletingPasskey: return "Deleting…"
        case .reauthenticating: return "Confirming it's you…"
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
