// The error table on real NSErrors, the way the delegate receives them.

import AuthenticationServices
import XCTest
@testable import CruxPasskeyKit

final class PasskeyErrorMappingTests: XCTestCase {
    private func authorizationError(_ code: Int, _ description: String = "") -> NSError {
        NSError(domain: ASAuthorizationError.errorDomain, code: code, userInfo: [NSLocalizedDescriptionKey: description])
    }

    func testTheCodesAreApples() {
        XCTAssertEqual(PasskeyErrorMapping.AuthorizationErrorCode.canceled.rawValue, ASAuthorizationError.Code.canceled.rawValue)
        XCTAssertEqual(PasskeyErrorMapping.AuthorizationErrorCode.failed.rawValue, ASAuthorizationError.Code.failed.rawValue)
        XCTAssertEqual(PasskeyErrorMapping.AuthorizationErrorCode.notInteractive.rawValue, ASAuthorizationError.Code.notInteractive.rawValue)
    }

    func testCancelledIsThePersonsNo() {
        let failure = PasskeyErrorMapping.failure(from: authorizationError(1001), abortedByShell: false)
        XCTAssertEqual(failure.kind, .cancelled)
        XCTAssertTrue(failure.message.contains("1001"))
    }

    func testAnAbortByTheAppIsAbortedWhateverTheCode() {
        XCTAssertEqual(PasskeyErrorMapping.failure(from: authorizationError(1001), abortedByShell: true).kind, .aborted)
    }

    func testAMissingAssociationIsRpMisconfigured() {
        let error = authorizationError(1004, "Application with identifier ABC.com.example is not associated with domain example.com")
        XCTAssertEqual(PasskeyErrorMapping.failure(from: error, abortedByShell: false).kind, .rpMisconfigured)
    }

    func testTheReasonIsFoundInAnUnderlyingError() {
        let underlying = NSError(domain: "WKErrorDomain", code: 8, userInfo: [NSLocalizedFailureReasonErrorKey: "is not associated with domain"])
        let error = NSError(domain: ASAuthorizationError.errorDomain, code: 1004, userInfo: [NSUnderlyingErrorKey: underlying])
        XCTAssertEqual(PasskeyErrorMapping.failure(from: error, abortedByShell: false).kind, .rpMisconfigured)
    }

    func testTextNeverOverridesACancel() {
        let error = authorizationError(1001, "not associated with domain")
        XCTAssertEqual(PasskeyErrorMapping.failure(from: error, abortedByShell: false).kind, .cancelled)
    }

    func testANewerCodeIsUnknownNotACrash() {
        XCTAssertEqual(PasskeyErrorMapping.failure(from: authorizationError(1999), abortedByShell: false).kind, .unknown)
    }

    func testEveryKindCanBeProduced() {
        var kinds = Set<PasskeyFailureKind>()
        for code in PasskeyErrorMapping.AuthorizationErrorCode.allCases {
            kinds.insert(PasskeyErrorMapping.kind(for: code))
        }
        for signal in PasskeyErrorMapping.TextSignal.allCases {
            kinds.insert(PasskeyErrorMapping.kind(for: signal))
        }
        for failure: PasskeyErrorMapping.ShellFailure in [.abortedByShell, .noPresentationAnchor, .invalidOptions] {
            kinds.insert(PasskeyErrorMapping.kind(for: failure))
        }
        XCTAssertEqual(kinds, Set(PasskeyFailureKind.allCases))
    }
}
