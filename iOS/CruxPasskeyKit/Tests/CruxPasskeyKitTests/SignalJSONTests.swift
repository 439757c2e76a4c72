// Signal JSON in, the values ASCredentialUpdater takes out: the pure half of a signal.

import AuthenticationServices
import XCTest
@testable import CruxPasskeyKit

final class SignalJSONTests: XCTestCase {
    func testAnUnknownCredentialIsRead() throws {
        let report = try SignalJSON.report(.unknownCredential, from: #"{"rpId":"example.com","credentialId":"AQID"}"#)
        XCTAssertEqual(report, .unknownCredential(relyingPartyID: "example.com", credentialID: Data([1, 2, 3])))
    }

    func testAllAcceptedCredentialsAreRead() throws {
        let json = #"{"rpId":"example.com","userId":"-_8","allAcceptedCredentialIds":["AQ","Ag=="]}"#
        let report = try SignalJSON.report(.allAcceptedCredentials, from: json)
        XCTAssertEqual(report, .allAcceptedCredentials(
            relyingPartyID: "example.com",
            userHandle: Data([0xfb, 0xff]),
            acceptedCredentialIDs: [Data([1]), Data([2])]
        ))
    }

    func testAnEmptyAcceptedListIsPassedOn() throws {
        let json = #"{"rpId":"example.com","userId":"AQ","allAcceptedCredentialIds":[]}"#
        XCTAssertEqual(try SignalJSON.report(.allAcceptedCredentials, from: json),
                       .allAcceptedCredentials(relyingPartyID: "example.com", userHandle: Data([1]), acceptedCredentialIDs: []))
    }

    func testCurrentUserDetailsReportTheUserName() throws {
        let json = #"{"rpId":"example.com","userId":"AQ","name":"alice","displayName":"Alice Liddell"}"#
        XCTAssertEqual(try SignalJSON.report(.currentUserDetails, from: json),
                       .currentUserDetails(relyingPartyID: "example.com", userHandle: Data([1]), name: "alice"))
    }

    func testSignalJSONThatDoesNotReadIsAnInvalidRequest() {
        let cases: [(PasskeySignal, String)] = [
            (.unknownCredential, "not json"),
            (.unknownCredential, #"{"rpId":"example.com"}"#),
            (.unknownCredential, #"{"rpId":"","credentialId":"AQ"}"#),
            (.unknownCredential, #"{"rpId":"example.com","credentialId":"A"}"#),
            (.unknownCredential, #"{"rpId":"example.com","credentialId":""}"#),
            (.allAcceptedCredentials, #"{"rpId":"example.com","userId":"AQ","allAcceptedCredentialIds":["!"]}"#),
            (.allAcceptedCredentials, #"{"rpId":"example.com","allAcceptedCredentialIds":[]}"#),
            (.currentUserDetails, #"{"rpId":"example.com","userId":"AQ","name":" ","displayName":"Alice"}"#),
            // The JSON of another signal.
            (.currentUserDetails, #"{"rpId":"example.com","credentialId":"AQ"}"#),
        ]
        for (signal, json) in cases {
            XCTAssertThrowsError(try SignalJSON.report(signal, from: json)) { error in
                XCTAssertEqual((error as? PasskeyFailure)?.kind, .invalidRequest, json)
            }
        }
    }

    func testTheSignalFailuresAreTheContractsKinds() {
        XCTAssertEqual(PasskeyErrorMapping.kind(for: .invalidSignal), .invalidRequest)
        XCTAssertEqual(PasskeyErrorMapping.kind(for: .signalsUnavailable), .unsupported)
        // The system declining a report it does not handle is Unsupported, as for a ceremony.
        let notHandled = NSError(domain: ASAuthorizationError.errorDomain, code: 1003)
        XCTAssertEqual(PasskeyErrorMapping.failure(from: notHandled, abortedByShell: false).kind, .unsupported)
    }

    func testAMalformedSignalIsAnsweredNotThrown() async {
        let outcome = await PasskeySignals.perform(PasskeySignalRequest(signal: .unknownCredential, json: "{}"))
        guard case .failure(let failure) = outcome else {
            return XCTFail("a malformed signal must fail")
        }
        XCTAssertEqual(failure.kind, .invalidRequest)
    }
}
