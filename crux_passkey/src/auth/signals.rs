//! The platform's Signal API: after the server has said something the passkey manager should
//! know (a credential it does not know, the credentials it accepts, the account's names), the
//! core tells the platform. Signals are best effort: their answers change nothing, and a
//! signal that lacks what it needs (an rp id, a user handle) is not sent.

use crux_core::Command;
use serde_json::json;

use super::event::{AuthEvent, Reply};
use super::model::{Model, PasskeyList};
use super::Effect;
use crate::passkey::{self, Signal};

type Cmd = Command<Effect, AuthEvent>;

/// `{"rpId", "credentialId"}` for a credential the server does not know, from the options'
/// rp id and the credential the platform answered with.
pub fn unknown_credential(rp_id: Option<&str>, credential: &serde_json::Value) -> Option<String> {
    let credential_id = credential.get("id").and_then(serde_json::Value::as_str)?;
    Some(json!({ "rpId": rp_id?, "credentialId": credential_id }).to_string())
}

/// Every credential the server accepts for the signed-in person: after the list loads, and
/// after a delete.
pub fn all_accepted_credentials(model: &Model) -> Cmd {
    let Some((rp_id, handle)) = account(model) else {
        return Cmd::done();
    };
    if model.passkey_list != PasskeyList::Loaded {
        return Cmd::done();
    }
    let ids: Vec<&str> = model.passkeys.iter().map(|passkey| passkey.id.as_str()).collect();
    send(
        Signal::AllAcceptedCredentials,
        json!({ "rpId": rp_id, "userId": handle, "allAcceptedCredentialIds": ids }).to_string(),
    )
}

/// The account's names as the server has them: after a sign-in, and after a name change.
pub fn current_user_details(model: &Model) -> Cmd {
    let (Some((rp_id, handle)), Some(session)) = (account(model), model.session.as_ref()) else {
        return Cmd::done();
    };
    send(
        Signal::CurrentUserDetails,
        json!({
            "rpId": rp_id,
            "userId": handle,
            "name": session.user.username,
            "displayName": session.user.display_name,
        })
        .to_string(),
    )
}

/// Sends a signal whose JSON is already built.
pub fn send(signal: Signal, json: String) -> Cmd {
    passkey::signal(signal, json).then_send(|_| AuthEvent::answer(0, Reply::Signalled))
}

/// The rp id and the user handle of the signed-in person, when the server gave both.
fn account(model: &Model) -> Option<(&str, &str)> {
    let session = model.session.as_ref()?;
    Some((session.rp_id.as_deref()?, session.user.handle.as_deref()?))
}
