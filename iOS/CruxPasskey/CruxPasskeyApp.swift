import SwiftUI

@main
@MainActor
struct CruxPasskeyApp: App {
    @StateObject private var core = Core()

    var body: some Scene {
        WindowGroup {
            ContentView(core: core)
        }
    }
}
