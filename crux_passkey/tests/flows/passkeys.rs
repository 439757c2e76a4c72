use insta::assert_json_snapshot;
use serde_json::json;
use crux_passkey::auth::{Activity, AuthEvent, Screen};
use crux_passkey::passkey::{PasskeyErrorKind, PasskeyOperation};

use crate::harness::{BASE, Harness, TOKEN, ceremony_json, error_json, fixture_json, passkey_json};

const FIRST: &str = "q1Zb5bC2W8m1t1wQm3y1Sg";

fn with_two_passkeys() -> Harness {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::RefreshPasskeys);
    h.reply(
        200,
        json!([
            passkey_json(FIRST, "Passkey 1"),
            passkey_json("c2Vjb25k", "Phone")
        ]),
    );
    h
}

#[test]
fn add_another_passkey() {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::AddPasskey {
        name: " Work laptop ".to_owned(),
    });
    assert_eq!(h.http().url, format!("{BASE}auth/passkeys/start"));
    assert_eq!(h.http_body(), json!({}));
    assert_eq!(
        h.http_header("authorization"),
        Some(format!("Bearer {TOKEN}"))
    );
    assert_json_snapshot!("add_1_starting", h.view());

    h.reply(200, ceremony_json("cer_add_1", "creation_options.json"));
    assert!(matches!(h.passkey(), PasskeyOperation::Create { .. }));
    h.passkey_ok("registration_response.json");
    assert_eq!(h.http().url, format!("{BASE}auth/passkeys/finish"));
    assert_eq!(
        h.http_body(),
        json!({"ceremonyId": "cer_add_1", "credential": fixture_json("registration_response.json"), "name": "Work laptop"})
    );
    h.reply(201, passkey_json("c2Vjb25k", "Work laptop"));
    assert_json_snapshot!("add_2_added", h.view());
}

#[test]
fn adding_without_a_name_lets_the_server_choose() {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(200, ceremony_json("cer_add_1", "creation_options.json"));
    h.passkey_ok("registration_response.json");
    assert_eq!(h.http_body().get("name"), None);
}

#[test]
fn adding_a_passkey_the_device_already_has_is_explained() {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(200, ceremony_json("cer_add_1", "creation_options.json"));
    h.passkey_err(PasskeyErrorKind::ExcludedCredentialExists);
    let view = h.auth();
    assert_eq!(
        view.notice.unwrap().code,
        "PASSKEY_EXCLUDED_CREDENTIAL_EXISTS"
    );
    assert_eq!(view.passkeys.len(), 1);
    assert_eq!(view.activity, Activity::Idle);
}

#[test]
fn a_duplicate_credential_refused_by_the_server_adds_nothing() {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.reply(200, ceremony_json("cer_add_1", "creation_options.json"));
    h.passkey_ok("registration_response.json");
    h.reply(409, error_json("CREDENTIAL_EXISTS", "already registered"));
    let view = h.auth();
    assert_eq!(view.passkeys.len(), 1);
    assert_eq!(view.notice.unwrap().code, "CREDENTIAL_EXISTS");
}

#[test]
fn rename_a_passkey() {
    let mut h = with_two_passkeys();
    h.send(AuthEvent::RenamePasskey {
        id: "c2Vjb25k".to_owned(),
        name: "Pixel 9".to_owned(),
    });
    assert_eq!(h.http().method, "PATCH");
    assert_eq!(h.http().url, format!("{BASE}auth/passkeys/c2Vjb25k"));
    assert_eq!(h.http_body(), json!({"name": "Pixel 9"}));
    h.reply(200, passkey_json("c2Vjb25k", "Pixel 9"));
    assert_json_snapshot!("renamed", h.view());
}

#[test]
fn a_base64url_id_is_sent_as_one_path_segment() {
    let mut h = with_two_passkeys();
    h.send(AuthEvent::DeletePasskey {
        id: "c2Vjb25k-_9".to_owned(),
    });
    assert_eq!(h.http().url, format!("{BASE}auth/passkeys/c2Vjb25k-_9"));
}

#[test]
fn an_empty_or_overlong_name_is_refused_locally() {
    let mut h = with_two_passkeys();
    for name in [String::new(), "   ".to_owned(), "x".repeat(65)] {
        h.send(AuthEvent::RenamePasskey {
            id: FIRST.to_owned(),
            name,
        });
        assert_eq!(h.pending_http(), 0);
        assert_eq!(h.auth().notice.unwrap().code, "INVALID_INPUT");
    }
    h.send(AuthEvent::AddPasskey {
        name: "y".repeat(65),
    });
    assert_eq!(h.pending_http(), 0);
    h.send(AuthEvent::RenamePasskey {
        id: String::new(),
        name: "ok".to_owned(),
    });
    h.send(AuthEvent::DeletePasskey { id: String::new() });
    assert_eq!(h.pending_http(), 0);
}

#[test]
fn delete_a_passkey() {
    let mut h = with_two_passkeys();
    h.send(AuthEvent::DeletePasskey {
        id: "c2Vjb25k".to_owned(),
    });
    assert_eq!(h.http().method, "DELETE");
    assert_eq!(h.http().url, format!("{BASE}auth/passkeys/c2Vjb25k"));
    h.reply_empty(204);
    let view = h.auth();
    assert_eq!(view.passkeys.len(), 1);
    assert!(!view.can_delete_passkeys);
    assert_eq!(view.notice.unwrap().code, "PASSKEY_DELETED");
}

#[test]
fn deleting_the_last_passkey_is_refused_and_kept() {
    let mut h = Harness::signed_up();
    h.send(AuthEvent::DeletePasskey {
        id: FIRST.to_owned(),
    });
    h.reply(
        409,
        error_json("LAST_PASSKEY", "cannot delete the last passkey"),
    );
    // The list is checked against the server's, keeping the notice.
    h.reply(200, json!([passkey_json(FIRST, "Passkey 1")]));
    assert_json_snapshot!("delete_last_refused", h.view());
}

#[test]
fn deleting_a_passkey_that_is_already_gone_drops_it_from_the_list() {
    let mut h = with_two_passkeys();
    h.send(AuthEvent::DeletePasskey {
        id: "c2Vjb25k".to_owned(),
    });
    h.reply(404, error_json("NOT_FOUND", "no such passkey"));
    let view = h.auth();
    assert_eq!(view.passkeys.len(), 1);
    assert_eq!(view.notice.unwrap().code, "NOT_FOUND");
}

#[test]
fn an_expired_session_during_management_signs_out() {
    let mut h = with_two_passkeys();
    h.send(AuthEvent::RenamePasskey {
        id: FIRST.to_owned(),
        name: "Laptop".to_owned(),
    });
    h.reply(401, error_json("UNAUTHENTICATED", "session expired"));
    assert_json_snapshot!("management_session_expired", h.view());
}

#[test]
fn management_is_ignored_when_signed_out() {
    let mut h = Harness::configured();
    h.send(AuthEvent::RefreshPasskeys);
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    h.send(AuthEvent::RenamePasskey {
        id: FIRST.to_owned(),
        name: "x".to_owned(),
    });
    h.send(AuthEvent::DeletePasskey {
        id: FIRST.to_owned(),
    });
    assert_eq!(h.pending_http(), 0);
    assert_eq!(h.auth().screen, Screen::Starting);
}

#[test]
fn one_management_call_at_a_time() {
    let mut h = with_two_passkeys();
    h.send(AuthEvent::DeletePasskey {
        id: FIRST.to_owned(),
    });
    h.send(AuthEvent::DeletePasskey {
        id: "c2Vjb25k".to_owned(),
    });
    h.send(AuthEvent::AddPasskey {
        name: String::new(),
    });
    assert_eq!(h.pending_http(), 1);
}
