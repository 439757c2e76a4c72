// The package's own session-store vocabulary (crux_passkey's generated SessionStoreOperation /
// SessionStoreResult live in each app's module; the app converts them to and from these).

/// What the core asks of its secret storage. The value is opaque: keep it byte for byte.
public enum SecretStoreRequest: Equatable, Sendable {
    /// Read the kept value, if any.
    case load
    /// Keep `value`, replacing any other.
    case save(value: String)
    /// Forget the kept value (also fine when nothing is kept).
    case delete
}

/// The answer to a ``SecretStoreRequest``.
public enum SecretStoreOutcome: Equatable, Sendable {
    /// The kept value, or nil when nothing is kept.
    case loaded(value: String?)
    /// Saved or deleted.
    case done
    /// The platform failed; `detail` has its code and text.
    case failed(detail: String)
}
