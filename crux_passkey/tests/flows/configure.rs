use insta::assert_json_snapshot;
use crux_passkey::auth::{AuthEvent, Screen};

use crate::harness::Harness;

#[test]
fn nothing_is_called_before_a_server_is_configured() {
    let mut h = Harness::default();
    h.send(AuthEvent::SignUp {
        username: "alice".to_owned(),
        display_name: String::new(),
    });
    assert_eq!(h.pending_http(), 0);
    assert_eq!(h.auth().notice.unwrap().code, "NOT_CONFIGURED");
    assert!(!h.auth().busy);
}

#[test]
fn bad_server_addresses_are_refused_without_panicking() {
    for bad in [
        "",
        "not a url",
        "ftp://example.com",
        "mailto:someone@example.com",
        "https://",
        "http://[::1",
        "https://example.com/?q=1",
        "data:text/plain,hi",
        "\u{0}",
    ] {
        let mut h = Harness::default();
        h.send(AuthEvent::Configure {
            base_url: bad.to_owned(),
        });
        let view = h.auth();
        assert!(!view.server_configured, "{bad:?} was accepted");
        assert_eq!(view.notice.unwrap().code, "NOT_CONFIGURED", "{bad:?}");
    }
}

#[test]
fn a_base_url_with_a_path_keeps_it() {
    let mut h = Harness::default();
    h.send(AuthEvent::Configure {
        base_url: "https://example.com/api".to_owned(),
    });
    h.send(AuthEvent::SignInWithPasskey);
    assert_eq!(h.http().url, "https://example.com/api/auth/login/start");
}

#[test]
fn a_good_address_clears_the_complaint_about_a_bad_one() {
    let mut h = Harness::default();
    h.send(AuthEvent::Configure {
        base_url: "nope".to_owned(),
    });
    h.send(AuthEvent::Configure {
        base_url: "http://localhost:8080".to_owned(),
    });
    let view = h.auth();
    assert!(view.server_configured);
    assert_eq!(view.notice, None);
    assert_eq!(view.screen, Screen::Starting);
    assert_json_snapshot!("configured", h.view());
}
