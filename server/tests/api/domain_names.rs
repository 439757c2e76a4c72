//! Internationalised domain names are configured in their ASCII (`xn--`) form: the workspace
//! builds `url` without Unicode IDNA tables (web-leptos/Cargo.toml says why).

use server::{AppState, Config};

use crate::authenticator::{Alg, SoftKey};
use crate::harness::TestServer;

#[tokio::test]
async fn a_unicode_origin_is_refused_at_start_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::local_default();
    config.database = format!("sqlite://{}/db.sqlite", dir.path().display());
    config.origins = vec!["https://bücher.example".to_owned()];
    let Err(err) = AppState::new(config).await else {
        panic!("a Unicode origin was accepted");
    };
    assert!(format!("{err:#}").contains("bücher.example"), "{err:#}");
}

#[tokio::test]
async fn the_ascii_form_of_an_international_domain_signs_up() {
    let origin = "https://xn--bcher-kva.example";
    let server = TestServer::with(|c| {
        c.rp_id = "xn--bcher-kva.example".to_owned();
        c.origins = vec![origin.to_owned()];
    })
    .await;
    let mut key = SoftKey::generate(Alg::Es256);
    let (ceremony, options) = server.register_start("alice").await;
    let mut params = key.create_params(&options);
    params.origin = origin.to_owned();
    server
        .register_finish(&ceremony, key.attest(&params))
        .await
        .assert_status(201);
}
