// The package's own timer vocabulary, crux_time's protocol in plain numbers (crux_time's
// generated TimeRequest / TimeResponse live in each app's module; the app converts them).

/// What the core asks of the clock.
public enum TimerCommand: Equatable, Sendable {
    /// The wall-clock time, now.
    case now
    /// Answer `instantArrived(id:)` at this wall-clock time (seconds and nanoseconds since 1970).
    case notifyAt(id: UInt64, seconds: UInt64, nanos: UInt32)
    /// Answer `durationElapsed(id:)` after this long.
    case notifyAfter(id: UInt64, nanoseconds: UInt64)
    /// Cancel timer `id` without answering it, and answer this command `cleared(id:)`.
    case clear(id: UInt64)
}

/// An answer to a ``TimerCommand``.
public enum TimerAnswer: Equatable, Sendable {
    /// The wall-clock time, in seconds and nanoseconds since 1970.
    case now(seconds: UInt64, nanos: UInt32)
    /// A `notifyAt` timer fired.
    case instantArrived(id: UInt64)
    /// A `notifyAfter` timer fired.
    case durationElapsed(id: UInt64)
    /// The answer to a `clear`.
    case cleared(id: UInt64)
}
