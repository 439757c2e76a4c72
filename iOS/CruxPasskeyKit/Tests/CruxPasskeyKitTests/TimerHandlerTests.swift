// crux_time's protocol: immediate answers, fired timers, and cleared timers that never answer.

import XCTest
@testable import CruxPasskeyKit

@MainActor
final class TimerHandlerTests: XCTestCase {
    func testNowAndClearAnswerAtOnce() {
        let timers = TimerHandler()
        var answers: [TimerAnswer] = []
        timers.handle(.now) { answers.append($0) }
        timers.handle(.clear(id: 9)) { answers.append($0) }
        XCTAssertEqual(answers.count, 2)
        XCTAssertEqual(answers.last, .cleared(id: 9))
    }

    func testATimerFires() async throws {
        let timers = TimerHandler()
        let fired = expectation(description: "fired")
        timers.handle(.notifyAfter(id: 1, nanoseconds: 10_000_000)) { answer in
            XCTAssertEqual(answer, .durationElapsed(id: 1))
            fired.fulfill()
        }
        await fulfillment(of: [fired], timeout: 2)
        // The handler's tasks hold it weakly, so the test keeps it alive while waiting.
        withExtendedLifetime(timers) {}
    }

    func testAClearedTimerNeverAnswers() async throws {
        let timers = TimerHandler()
        let fired = expectation(description: "fired")
        fired.isInverted = true
        timers.handle(.notifyAfter(id: 2, nanoseconds: 50_000_000)) { _ in fired.fulfill() }
        timers.handle(.clear(id: 2)) { _ in }
        await fulfillment(of: [fired], timeout: 0.3)
        withExtendedLifetime(timers) {}
    }

    func testWallClockArithmeticNeverTraps() {
        XCTAssertEqual(TimerHandler.wallClock(Date(timeIntervalSince1970: -5)).seconds, 0)
        let wall = TimerHandler.wallClock(Date(timeIntervalSince1970: 12.5))
        XCTAssertEqual(wall.seconds, 12)
        XCTAssertEqual(wall.nanos, 500_000_000)
        XCTAssertEqual(TimerHandler.nanoseconds(until: 10, 0, from: Date(timeIntervalSince1970: 20)), 0)
        XCTAssertEqual(TimerHandler.nanoseconds(until: UInt64.max, 0, from: Date()), TimerHandler.longestDelay)
    }
}
