//! The session store effect on the web: nothing is kept. The HttpOnly session cookie is the
//! web's session, and a token in page storage would undo HttpOnly for any script on the page.

use crux_passkey::session_store::{SessionStoreOperation, SessionStoreResult};

#[must_use]
pub fn perform(operation: &SessionStoreOperation) -> SessionStoreResult {
    match operation {
        SessionStoreOperation::Load => SessionStoreResult::Loaded { value: None },
        SessionStoreOperation::Save { .. } | SessionStoreOperation::Delete => {
            SessionStoreResult::Done
        }
    }
}

#[cfg(test)]
mod tests {
    use super::perform;
    use crux_passkey::session_store::{SessionStoreOperation, SessionStoreResult};

    #[test]
    fn nothing_is_kept_in_the_page() {
        assert_eq!(
            perform(&SessionStoreOperation::Save {
                value: "secret".to_owned()
            }),
            SessionStoreResult::Done
        );
        assert_eq!(
            perform(&SessionStoreOperation::Load),
            SessionStoreResult::Loaded { value: None }
        );
        assert_eq!(
            perform(&SessionStoreOperation::Delete),
            SessionStoreResult::Done
        );
    }
}
