// Where the passkey sheet is presented: a UIWindow on iOS, an NSWindow on macOS
// (ASPresentationAnchor is each platform's window type).

import AuthenticationServices
#if os(iOS)
import UIKit
#elseif os(macOS)
import AppKit
#endif

/// Finds a window for the passkey sheet.
public enum PresentationAnchor {
    /// The key window of the app's foreground scene, else any of its windows; nil before the
    /// first window exists (the handler then answers `Interrupted` instead of waiting).
    @MainActor
    public static func keyWindow() -> ASPresentationAnchor? {
        #if os(iOS)
        let scenes = UIApplication.shared.connectedScenes.compactMap { $0 as? UIWindowScene }
        let foreground = scenes.filter { $0.activationState == .foregroundActive }
        let windows = (foreground.isEmpty ? scenes : foreground).flatMap(\.windows)
        return windows.first(where: \.isKeyWindow) ?? windows.first
        #elseif os(macOS)
        let application = NSApplication.shared
        return application.keyWindow ?? application.mainWindow ?? application.windows.first
        #else
        return nil
        #endif
    }
}
