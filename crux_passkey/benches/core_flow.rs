//! Time of one full sign-up → sign-out → usernameless sign-in flow through the core, with every
//! HTTP and passkey answer given in-process. This is the core's own cost, without a network or
//! a platform authenticator.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../tests/flows/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::time::Instant;

use harness::{Harness, ceremony_json, passkey_json, session_json, user_json};
use serde_json::json;
use crux_passkey::auth::{AuthEvent, Screen};

fn one_flow() {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::SignOut);
    h.reply_empty(204);
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_login", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    h.reply(200, json!({"user": user_json(), "session": session_json()}));
    h.reply(
        200,
        json!([passkey_json("q1Zb5bC2W8m1t1wQm3y1Sg", "Passkey 1")]),
    );
    assert_eq!(h.auth().screen, Screen::SignedIn);
}

fn main() {
    for _ in 0..50 {
        one_flow();
    }
    let rounds = 2_000u32;
    let started = Instant::now();
    for _ in 0..rounds {
        one_flow();
    }
    let elapsed = started.elapsed();
    let per_flow = elapsed / rounds;
    println!(
        "core flow (sign-up → sign-out → sign-in, 11 effects answered): {per_flow:?} per flow over {rounds} flows ({:.0} flows/s)",
        f64::from(rounds) / elapsed.as_secs_f64()
    );
}
