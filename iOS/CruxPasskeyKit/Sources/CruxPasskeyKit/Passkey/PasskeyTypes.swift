// The package's own passkey vocabulary. A Crux app's generated types live in that app's module,
// so the app converts its `PasskeyOperation` and `PasskeyResult` to and from these: a ceremony
// (`Create`, `Get`) is a `PasskeyRequest` answered by a `PasskeyOutcome`, a `Signal` is a
// `PasskeySignalRequest` answered by a `PasskeySignalOutcome`.

/// A WebAuthn ceremony the core asked for. The options are WebAuthn Level 3 JSON, passed
/// through untouched: bare options objects, without a `{ "publicKey": … }` wrapper.
public enum PasskeyRequest: Equatable, Sendable {
    /// Register a passkey: `optionsJSON` is a `PublicKeyCredentialCreationOptionsJSON`.
    case create(optionsJSON: String)
    /// Sign in: `optionsJSON` is a `PublicKeyCredentialRequestOptionsJSON`.
    case get(optionsJSON: String, mediation: PasskeyMediation)
}

/// How a sign-in asks the person.
public enum PasskeyMediation: Equatable, Sendable {
    /// A sheet, now.
    case modal
    /// Passkeys offered in the AutoFill of a text field tagged `.username`. It may wait
    /// indefinitely, and ends when the app calls ``PasskeyHandler/cancelConditional()``.
    case conditional
}

/// Why a ceremony failed: the nine kinds of the bridge protocol, named as crux_passkey's
/// generated `PasskeyErrorKind` names them, so an app's adapter maps them one to one.
public enum PasskeyFailureKind: String, CaseIterable, Equatable, Sendable {
    /// The person dismissed the sheet.
    case cancelled
    /// No passkey on this device matches.
    case noCredentials
    /// The authenticator already holds one of `excludeCredentials`.
    case excludedCredentialExists
    /// The app is not associated with the relying party id (apple-app-site-association).
    case rpMisconfigured
    /// This device cannot do passkeys.
    case unsupported
    /// Something else took over, or there was no window to present in.
    case interrupted
    /// The app aborted the request on purpose (autofill turned off, a newer request).
    case aborted
    /// The options could not be turned into a platform request.
    case invalidRequest
    /// Anything else; the message says what.
    case unknown
}

/// A failed ceremony: the kind the core acts on, and the platform's raw domain, code and text.
public struct PasskeyFailure: Error, Equatable, Sendable {
    /// What the core decides on.
    public let kind: PasskeyFailureKind
    /// The platform's own words, for logs and for the `Unknown` notice.
    public let message: String

    /// A failure of `kind`, with the platform's words in `message`.
    public init(kind: PasskeyFailureKind, message: String) {
        self.kind = kind
        self.message = message
    }
}

/// A ceremony's end: the `RegistrationResponseJSON` / `AuthenticationResponseJSON` string, or
/// why there is none.
public typealias PasskeyOutcome = Result<String, PasskeyFailure>

/// Which WebAuthn Level 3 signal (the Signal API) the core sends, named as crux_passkey's
/// generated `Signal` names them.
public enum PasskeySignal: String, CaseIterable, Equatable, Sendable {
    /// `{"rpId", "credentialId"}`: the server does not know this credential (any more).
    case unknownCredential
    /// `{"rpId", "userId", "allAcceptedCredentialIds"}`: every credential the server accepts for
    /// this user; the managers may hide or remove the others.
    case allAcceptedCredentials
    /// `{"rpId", "userId", "name", "displayName"}`: the account's names as the server has them.
    case currentUserDetails
}

/// Tell the system's passkey managers what the server knows. Best effort, and apart from the
/// ceremonies: it never cancels or replaces the open request (an AutoFill request stays open).
/// Ids and the user id in the JSON are base64url.
public struct PasskeySignalRequest: Equatable, Sendable {
    /// Which signal.
    public let signal: PasskeySignal
    /// The signal's WebAuthn Level 3 JSON object, as the core sent it.
    public let json: String

    /// A signal with its JSON.
    public init(signal: PasskeySignal, json: String) {
        self.signal = signal
        self.json = json
    }
}

/// A signal's end: the system took it, or why not (`unsupported` before iOS 26 / macOS 26,
/// `invalidRequest` for JSON that does not read).
public typealias PasskeySignalOutcome = Result<Void, PasskeyFailure>
