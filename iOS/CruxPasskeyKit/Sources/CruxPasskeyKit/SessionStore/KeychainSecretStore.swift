// The SessionStore effect with the Keychain.

import Foundation
import Security

/// Keeps one secret string (the core's session) in the Keychain: a generic password, readable
/// after the first unlock, on this device only (never in backups or iCloud Keychain).
///
/// The core asks for no more than that, and a bearer credential is not a key-value setting:
/// that is why this is not a `crux_kv` handler over UserDefaults.
public struct KeychainSecretStore: Sendable {
    /// The Keychain service, e.g. the bundle id plus ".session".
    public let service: String
    /// The Keychain account under `service`.
    public let account: String

    /// One app should use one service and account for its session, and keep them across releases:
    /// a new pair forgets the session kept under the old one.
    public init(service: String, account: String = "session") {
        self.service = service
        self.account = account
    }

    /// Runs the request and answers it. Never throws: a Keychain failure is `failed`, with its
    /// OSStatus, and the core carries on (signed in but not kept, or a restore without it).
    ///
    /// `async` and not isolated to any actor, so the Keychain, which may block, is called off
    /// the main thread.
    public func perform(_ request: SecretStoreRequest) async -> SecretStoreOutcome {
        switch request {
        case .load:
            return load()
        case .save(let value):
            return save(value)
        case .delete:
            return delete()
        }
    }

    private func load() -> SecretStoreOutcome {
        var query = baseQuery()
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        var item: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &item)
        switch status {
        case errSecSuccess:
            guard let data = item as? Data, let value = String(data: data, encoding: .utf8) else {
                return .failed(detail: "the kept item is not UTF-8 text")
            }
            return .loaded(value: value)
        case errSecItemNotFound:
            return .loaded(value: nil)
        default:
            return .failed(detail: Self.describe(status, "reading"))
        }
    }

    private func save(_ value: String) -> SecretStoreOutcome {
        let data = Data(value.utf8)
        // Updating the accessibility too moves an item an older build wrote under another class.
        let update: [String: Any] = [
            kSecValueData as String: data,
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
        ]
        var status = SecItemUpdate(baseQuery() as CFDictionary, update as CFDictionary)
        if status == errSecItemNotFound {
            var add = baseQuery()
            add[kSecValueData as String] = data
            add[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
            status = SecItemAdd(add as CFDictionary, nil)
        }
        return status == errSecSuccess ? .done : .failed(detail: Self.describe(status, "saving"))
    }

    private func delete() -> SecretStoreOutcome {
        let status = SecItemDelete(baseQuery() as CFDictionary)
        return status == errSecSuccess || status == errSecItemNotFound ? .done : .failed(detail: Self.describe(status, "deleting"))
    }

    private func baseQuery() -> [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: account,
            // macOS's file-based keychain ignores the accessibility class; the data protection
            // keychain honours it (iOS has no other). On macOS this needs a signed app.
            kSecUseDataProtectionKeychain as String: true,
        ]
    }

    private static func describe(_ status: OSStatus, _ what: String) -> String {
        let message = SecCopyErrorMessageString(status, nil).map { $0 as String } ?? "no description"
        return "Keychain \(what) failed: OSStatus \(status) (\(message))"
    }
}
