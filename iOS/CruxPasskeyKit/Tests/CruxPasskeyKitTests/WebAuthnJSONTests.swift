// Options in, response JSON out: the pure half of the passkey handler.

import XCTest
@testable import CruxPasskeyKit

final class WebAuthnJSONTests: XCTestCase {
    func testBase64URLReadsEveryAlphabetAndWritesWithoutPadding() throws {
        let bytes = Data([0xfb, 0xff, 0x01])
        XCTAssertEqual(Base64URL.encode(bytes), "-_8B")
        XCTAssertEqual(Base64URL.decode("-_8B"), bytes)
        XCTAssertEqual(Base64URL.decode("+/8B"), bytes)
        XCTAssertEqual(Base64URL.decode("AQ=="), Data([0x01]))
        XCTAssertEqual(Base64URL.decode("AQ"), Data([0x01]))
        XCTAssertNil(Base64URL.decode("A"))
    }

    func testCreationOptionsAreRead() throws {
        let json = """
        {"rp":{"id":"example.com","name":"Example"},"user":{"id":"AQID","name":"ada","displayName":"Ada"},
         "challenge":"BAUG","pubKeyCredParams":[{"type":"public-key","alg":-7},{"type":"public-key","alg":-8}],
         "excludeCredentials":[{"type":"public-key","id":"Bwg","transports":["usb"]},{"type":"other","id":"!!"}],
         "authenticatorSelection":{"residentKey":"required","userVerification":"preferred"},"attestation":"none"}
        """
        let parameters = try WebAuthnOptions.registration(from: json)
        XCTAssertEqual(parameters.relyingPartyID, "example.com")
        XCTAssertEqual(parameters.userID, Data([1, 2, 3]))
        XCTAssertEqual(parameters.userDisplayName, "Ada")
        XCTAssertEqual(parameters.algorithms, [-7, -8])
        XCTAssertEqual(parameters.excludedCredentials, [CredentialDescriptor(id: Data([7, 8]), transports: ["usb"])])
        XCTAssertEqual(parameters.residentKey, "required")
    }

    func testMalformedOptionsAreAnInvalidRequest() {
        for json in ["not json", #"{"challenge":"AA"}"#, #"{"rpId":"","challenge":"AA"}"#, #"{"rpId":"example.com","challenge":"A"}"#] {
            XCTAssertThrowsError(try WebAuthnOptions.assertion(from: json)) { error in
                XCTAssertEqual((error as? PasskeyFailure)?.kind, .invalidRequest, json)
            }
        }
    }

    func testTheAuthenticationResponseIsWebAuthnJSON() throws {
        let text = try WebAuthnResponse.authenticationJSON(
            credentialID: Data([1]),
            clientDataJSON: Data([2]),
            authenticatorData: Data([3]),
            signature: Data([4]),
            userHandle: Data(),
            attachment: "platform"
        )
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(object["id"] as? String, "AQ")
        XCTAssertEqual(object["rawId"] as? String, "AQ")
        XCTAssertEqual(object["type"] as? String, "public-key")
        XCTAssertEqual(object["authenticatorAttachment"] as? String, "platform")
        let response = try XCTUnwrap(object["response"] as? [String: Any])
        XCTAssertEqual(response["signature"] as? String, "BA")
        XCTAssertNil(response["userHandle"], "an empty user handle is left out")
    }

    func testAMissingFieldIsAFailureNotACrash() {
        XCTAssertThrowsError(try WebAuthnResponse.authenticationJSON(
            credentialID: Data([1]), clientDataJSON: Data(), authenticatorData: nil, signature: Data(), userHandle: nil, attachment: nil
        )) { error in
            XCTAssertEqual((error as? PasskeyFailure)?.kind, .unknown)
        }
    }
}
