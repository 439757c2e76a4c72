//! Paths of the API, relative to the server's base URL, as segments.

/// `POST`: start a sign-up ceremony.
pub const REGISTER_START: [&str; 3] = ["auth", "register", "start"];
/// `POST`: finish a sign-up ceremony.
pub const REGISTER_FINISH: [&str; 3] = ["auth", "register", "finish"];
/// `POST`: start a sign-in ceremony.
pub const LOGIN_START: [&str; 3] = ["auth", "login", "start"];
/// `POST`: finish a sign-in ceremony.
pub const LOGIN_FINISH: [&str; 3] = ["auth", "login", "finish"];
/// `GET`: who the session belongs to.
pub const SESSION: [&str; 2] = ["auth", "session"];
/// `PATCH`: change the signed-in person's display name.
pub const ME: [&str; 2] = ["auth", "me"];
/// `POST`: end this session.
pub const LOGOUT: [&str; 2] = ["auth", "logout"];
/// `POST`: end every session of the signed-in account.
pub const LOGOUT_ALL: [&str; 2] = ["auth", "logout-all"];
/// `POST`: start re-authenticating the signed-in person with one of their passkeys.
pub const REAUTH_START: [&str; 3] = ["auth", "reauth", "start"];
/// `POST`: finish re-authenticating; the session then counts as recently authenticated.
pub const REAUTH_FINISH: [&str; 3] = ["auth", "reauth", "finish"];
/// `GET`: the signed-in account's passkeys.
pub const PASSKEYS: [&str; 2] = ["auth", "passkeys"];
/// `POST`: start adding a passkey to the signed-in account.
pub const PASSKEYS_START: [&str; 3] = ["auth", "passkeys", "start"];
/// `POST`: finish adding a passkey.
pub const PASSKEYS_FINISH: [&str; 3] = ["auth", "passkeys", "finish"];

/// `auth/passkeys/{id}`; the id is percent-encoded as one segment when joined to a URL.
#[must_use]
pub const fn passkey(id: &str) -> [&str; 3] {
    ["auth", "passkeys", id]
}
