// Build-time configuration, from Config/App.xcconfig through Info.plist (see project.yml).

import Foundation

struct AppConfiguration {
    /// The companion server, e.g. https://passkeys.example.com/ (CRUX_SERVER_BASE_URL).
    let serverBaseURL: String
    /// Keychain service name for the session the core keeps.
    let keychainService: String

    static func fromBundle(_ bundle: Bundle = .main) -> AppConfiguration {
        let url = (bundle.object(forInfoDictionaryKey: "CruxServerBaseURL") as? String)?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return AppConfiguration(
            // An empty or unexpanded value reaches the core, which answers NOT_CONFIGURED.
            serverBaseURL: url,
            keychainService: (bundle.bundleIdentifier ?? "CruxPasskey") + ".session"
        )
    }
}
