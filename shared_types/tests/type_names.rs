#![allow(clippy::panic)]
//! Typegen names types by their short Rust name, so two types with one name silently become one
//! (and a self-referential one at that). The shells are written against exactly these names.

#[test]
fn every_bridge_type_is_generated_under_its_own_name() {
    let mut names = shared_types::type_names().unwrap_or_else(|e| panic!("{e:#}"));
    names.sort();
    assert_eq!(
        names,
        [
            "Activity",
            "AuthEvent",
            "AuthViewModel",
            "Duration",
            "Effect",
            "Event",
            "HomeView",
            "HttpError",
            "HttpHeader",
            "HttpRequest",
            "HttpResponse",
            "HttpResult",
            "Instant",
            "Mediation",
            "Notice",
            "NoticeKind",
            "Passkey",
            "PasskeyError",
            "PasskeyErrorKind",
            "PasskeyList",
            "PasskeyOperation",
            "PasskeyResult",
            "Provider",
            "RenderOperation",
            "Request",
            "Requests",
            "Screen",
            "SessionStoreOperation",
            "SessionStoreResult",
            "Signal",
            "TimeRequest",
            "TimeResponse",
            "TimerId",
            "User",
            "ViewModel",
        ]
    );
}
