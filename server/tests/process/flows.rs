//! Sign-up and sign-in over HTTP with the software authenticator, split at the points where
//! the tests switch instances.

use serde_json::{Value, json};

use crate::authenticator::{Alg, SoftKey};
use crate::process::{Client, Reply};

/// `…/start`: answers `(ceremonyId, options)`.
pub fn start(client: &Client, path: &str, body: &Value) -> Result<(String, Value), String> {
    let reply = client
        .call("POST", path, Some(body), None)
        .map_err(|e| e.to_string())?;
    if reply.status != 200 {
        return Err(format!("{path}: {} {}", reply.status, reply.text));
    }
    Ok((
        reply.body["ceremonyId"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        reply.body["options"].clone(),
    ))
}

pub fn finish(client: &Client, path: &str, ceremony: &str, credential: &Value) -> Reply {
    client.post(
        path,
        &json!({"ceremonyId": ceremony, "credential": credential}),
    )
}

/// A whole sign-up on one server. `Err` only when the connection failed (the server died);
/// any answer, including a refused `register/start`, comes back as the reply.
pub fn sign_up(client: &Client, username: &str) -> Result<(SoftKey, Reply), ureq::Error> {
    let mut key = SoftKey::generate(Alg::Es256);
    let started = client.call(
        "POST",
        "/auth/register/start",
        Some(&json!({"username": username})),
        None,
    )?;
    if started.status != 200 {
        return Ok((key, started));
    }
    let credential = key.register(&started.body["options"]);
    let reply = client.call(
        "POST",
        "/auth/register/finish",
        Some(&json!({"ceremonyId": started.body["ceremonyId"], "credential": credential})),
        None,
    )?;
    Ok((key, reply))
}

/// A whole sign-in with a username; answers the reply of `login/finish`.
pub fn sign_in(client: &Client, username: &str, key: &mut SoftKey) -> Reply {
    let (ceremony, options) =
        start(client, "/auth/login/start", &json!({"username": username})).unwrap();
    finish(
        client,
        "/auth/login/finish",
        &ceremony,
        &key.sign_in(&options),
    )
}
