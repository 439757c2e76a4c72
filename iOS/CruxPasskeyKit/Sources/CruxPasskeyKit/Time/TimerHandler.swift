// The Time effect (crux_time's protocol) with Swift concurrency.

import Foundation

/// Runs crux_time timers.
///
/// `now` and `clear` are answered at once; a `notifyAt` / `notifyAfter` is answered when it
/// fires, or never when it is cleared first. Answers are a callback and not an `async` return
/// because a cleared timer has no answer at all: an awaiting caller would wait forever.
@MainActor
public final class TimerHandler {
    /// No timer waits longer (about ten years): a longer wait never fires in an app's life,
    /// and the cap keeps the arithmetic far from overflow.
    static let longestDelay: UInt64 = 10 * 366 * 24 * 3600 * 1_000_000_000

    private var pending: [UInt64: Task<Void, Never>] = [:]

    /// A handler with no timers running.
    public init() {}

    /// Handles one command; `answer` runs on the main actor, at most once.
    public func handle(_ command: TimerCommand, answer: @escaping @MainActor (TimerAnswer) -> Void) {
        switch command {
        case .now:
            let now = Self.wallClock(Date())
            answer(.now(seconds: now.seconds, nanos: now.nanos))
        case .notifyAt(let id, let seconds, let nanos):
            let delay = Self.nanoseconds(until: seconds, nanos, from: Date())
            schedule(id: id, after: delay) { answer(.instantArrived(id: id)) }
        case .notifyAfter(let id, let nanoseconds):
            schedule(id: id, after: nanoseconds) { answer(.durationElapsed(id: id)) }
        case .clear(let id):
            // Also fine when it already fired: the core asks to clear whatever it no longer needs.
            pending.removeValue(forKey: id)?.cancel()
            answer(.cleared(id: id))
        }
    }

    /// Cancels every timer without answering any (the core they belong to is going away).
    public func cancelAll() {
        for task in pending.values {
            task.cancel()
        }
        pending.removeAll()
    }

    private func schedule(id: UInt64, after nanoseconds: UInt64, fire: @escaping @MainActor () -> Void) {
        // crux_time ids are unique; a repeated one replaces the older timer.
        pending.removeValue(forKey: id)?.cancel()
        let delay = Duration.nanoseconds(Int64(clamping: min(nanoseconds, Self.longestDelay)))
        pending[id] = Task { @MainActor [weak self] in
            // The continuous clock keeps counting while the device sleeps, so a bound that has
            // passed in real time fires as soon as the app runs again.
            do {
                try await Task.sleep(for: delay, clock: ContinuousClock())
            } catch {
                return // cancelled: cleared, so never answered
            }
            // A clear can land between the wake-up and this line; cancellation says so.
            guard let self, !Task.isCancelled else { return }
            self.pending.removeValue(forKey: id)
            fire()
        }
    }

    /// Seconds and nanoseconds since 1970; zero for a clock set before 1970.
    static func wallClock(_ date: Date) -> (seconds: UInt64, nanos: UInt32) {
        let since = date.timeIntervalSince1970
        guard since > 0, since.isFinite else { return (0, 0) }
        let whole = since.rounded(.down)
        let fraction = min(999_999_999, ((since - whole) * 1_000_000_000).rounded(.down))
        return (UInt64(whole), UInt32(fraction))
    }

    /// How long until a wall-clock instant; zero when it has passed.
    static func nanoseconds(until seconds: UInt64, _ nanos: UInt32, from now: Date) -> UInt64 {
        let target = Double(seconds) + Double(nanos) / 1_000_000_000
        let remaining = target - now.timeIntervalSince1970
        guard remaining > 0 else { return 0 }
        return UInt64(min(remaining * 1_000_000_000, Double(longestDelay)))
    }
}
