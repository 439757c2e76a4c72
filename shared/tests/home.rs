//! The demo app's home page, over the auth sub-app it nests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../../crux_passkey/tests/flows/harness.rs"]
#[allow(dead_code)]
mod harness;

use crux_passkey::auth::{AuthEvent, AuthViewModel, Screen};
use harness::{Driver, Nests, Sorted, ceremony_json, passkey_json, session_json, user_json};
use serde_json::json;
use shared::{App, Effect, Event, ViewModel};

impl Nests for App {
    fn auth_event(event: AuthEvent) -> Event {
        Event::Auth(event)
    }

    fn auth_view(view: &ViewModel) -> AuthViewModel {
        view.auth.clone()
    }

    fn sort(effect: Effect) -> Sorted {
        match effect {
            Effect::Render(_) => Sorted::Render,
            Effect::Http(request) => Sorted::Http(request),
            Effect::Passkey(request) => Sorted::Passkey(request),
            Effect::SessionStore(request) => Sorted::Store(request),
            Effect::Time(request) => Sorted::Time(request),
        }
    }
}

type Demo = Driver<App>;

fn signed_in_with(passkeys: serde_json::Value) -> Demo {
    let mut h = Demo::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    h.reply(200, json!({"user": user_json(), "session": session_json()}));
    h.reply(200, passkeys);
    h
}

#[test]
fn the_home_page_greets_and_counts_the_passkeys() {
    let h = signed_in_with(json!([
        passkey_json("q1Zb5bC2W8m1t1wQm3y1Sg", "MacBook"),
        passkey_json("c2Vjb25k", "Phone")
    ]));
    let view = h.view();
    assert_eq!(view.auth.screen, Screen::SignedIn);
    let home = view.home.expect("a signed-in person has a home page");
    assert_eq!(home.greeting, "Hello, Alice Liddell");
    assert_eq!(home.passkey_summary, "You have 2 passkeys.");
}

#[test]
fn one_passkey_is_singular() {
    let h = signed_in_with(json!([passkey_json("q1Zb5bC2W8m1t1wQm3y1Sg", "MacBook")]));
    assert_eq!(h.view().home.unwrap().passkey_summary, "You have 1 passkey.");
}

#[test]
fn no_count_is_claimed_while_the_list_loads_or_after_it_failed() {
    let mut h = Demo::configured();
    h.send(AuthEvent::SignInWithPasskey);
    h.reply(200, ceremony_json("cer_login_1", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    h.reply(200, json!({"user": user_json(), "session": session_json()}));
    assert_eq!(
        h.view().home.unwrap().passkey_summary,
        "Loading your passkeys…"
    );
    h.reply(500, harness::error_json("INTERNAL", "database is down"));
    assert_eq!(
        h.view().home.unwrap().passkey_summary,
        "Your passkeys couldn't be loaded."
    );
}

#[test]
fn nobody_signed_in_has_no_home_page() {
    let h = Demo::configured();
    assert!(h.view().home.is_none());
}

#[test]
fn the_home_page_goes_when_the_session_ends() {
    let mut h = signed_in_with(json!([passkey_json("q1Zb5bC2W8m1t1wQm3y1Sg", "MacBook")]));
    h.send(AuthEvent::RefreshPasskeys);
    h.reply(401, harness::error_json("UNAUTHENTICATED", "expired"));
    assert!(h.view().home.is_none());

    let mut h = signed_in_with(json!([passkey_json("q1Zb5bC2W8m1t1wQm3y1Sg", "MacBook")]));
    h.send(AuthEvent::SignOut);
    assert!(h.view().home.is_none(), "at once, before the server answers");
}

#[test]
fn signing_out_everywhere_keeps_the_home_page_until_the_server_has_ended_every_session() {
    let mut h = signed_in_with(json!([passkey_json("q1Zb5bC2W8m1t1wQm3y1Sg", "MacBook")]));
    h.send(AuthEvent::SignOutEverywhere);
    assert!(h.view().home.is_some(), "still signed in while the server works");
    h.reply(500, harness::error_json("INTERNAL", "database is down"));
    assert!(h.view().home.is_some(), "a failure keeps the session");

    h.send(AuthEvent::SignOutEverywhere);
    h.reply_empty(204);
    assert!(h.view().home.is_none());
    assert_eq!(h.view().auth.screen, Screen::SignedOut);
}

#[test]
fn a_passkey_added_after_confirming_its_you_is_counted() {
    let mut h = signed_in_with(json!([passkey_json("q1Zb5bC2W8m1t1wQm3y1Sg", "MacBook")]));
    h.send(AuthEvent::AddPasskey {
        name: "Phone".to_owned(),
    });
    h.reply(403, harness::error_json("REAUTH_REQUIRED", "confirm it's you"));
    assert_eq!(h.http().url, format!("{}auth/reauth/start", harness::BASE));
    h.reply(200, ceremony_json("cer_reauth_1", "request_options.json"));
    h.passkey_ok("authentication_response.json");
    assert_eq!(h.http().url, format!("{}auth/reauth/finish", harness::BASE));
    h.reply(200, json!({"user": user_json()}));
    h.reply(200, ceremony_json("cer_add_1", "creation_options.json"));
    h.passkey_ok("registration_response.json");
    h.reply(201, passkey_json("c2Vjb25k", "Phone"));
    let view = h.view();
    assert_eq!(view.home.unwrap().passkey_summary, "You have 2 passkeys.");
    assert_eq!(view.auth.notice.unwrap().code, "PASSKEY_ADDED");
}
