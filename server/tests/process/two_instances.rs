//! Two server processes on one PostgreSQL database: ceremonies and sessions started on one
//! finish on the other, and a ceremony consumed on one cannot be replayed on the other.

use std::sync::Barrier;

use serde_json::json;

use crate::authenticator::{Alg, SoftKey};
use crate::flows::{finish, start};
use crate::pg::{self, TempDatabase};
use crate::process::ServerProcess;

#[test]
fn two_instances_share_ceremonies_and_sessions() {
    let Some(admin) = pg::admin_url("two_instances_share_ceremonies_and_sessions") else {
        return;
    };
    let db = TempDatabase::create(&admin);
    let logs = tempfile::tempdir().unwrap();
    // Started together on an empty database, so both race to apply the migrations and to
    // create the decoy secret.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| ServerProcess::start("a", &db.url, logs.path()));
        let b = s.spawn(|| ServerProcess::start("b", &db.url, logs.path()));
        (a.join().unwrap(), b.join().unwrap())
    });
    let (on_a, on_b) = (a.client(), b.client());

    // Sign-up started on A, finished on B; the session B opened works on A.
    let mut key = SoftKey::generate(Alg::Es256);
    let (ceremony, options) =
        start(&on_a, "/auth/register/start", &json!({"username": "alice"})).unwrap();
    let credential = key.register(&options);
    let signed_up = finish(&on_b, "/auth/register/finish", &ceremony, &credential);
    let token = signed_up.assert_status(201)["session"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = on_a.get_as(&token, "/auth/session");
    assert_eq!(me.assert_status(200)["user"]["username"], "alice");
    // The sign-up consumed on B cannot be replayed on A.
    finish(&on_a, "/auth/register/finish", &ceremony, &credential)
        .assert_error(404, "CEREMONY_NOT_FOUND");

    // Sign-in started on B, finished on A; replaying it on B fails.
    let (ceremony, options) =
        start(&on_b, "/auth/login/start", &json!({"username": "alice"})).unwrap();
    let assertion = key.sign_in(&options);
    let signed_in = finish(&on_a, "/auth/login/finish", &ceremony, &assertion);
    let token = signed_in.assert_status(200)["session"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    on_b.get_as(&token, "/auth/session").assert_status(200);
    finish(&on_b, "/auth/login/finish", &ceremony, &assertion)
        .assert_error(404, "CEREMONY_NOT_FOUND");

    // The same ceremony finished on both at the same moment: exactly one wins.
    for round in 0..5 {
        let (ceremony, options) = start(&on_a, "/auth/login/start", &json!({})).unwrap();
        let assertion = key.sign_in(&options);
        let barrier = Barrier::new(2);
        let race = |client: &crate::process::Client| {
            barrier.wait();
            finish(client, "/auth/login/finish", &ceremony, &assertion)
        };
        let (x, y) = std::thread::scope(|s| {
            let x = s.spawn(|| race(&on_a));
            let y = s.spawn(|| race(&on_b));
            (x.join().unwrap(), y.join().unwrap())
        });
        let mut statuses = [x.status, y.status];
        statuses.sort_unstable();
        assert_eq!(
            statuses,
            [200, 404],
            "round {round}: {} / {}",
            x.text,
            y.text
        );
        let loser = if x.status == 404 { x } else { y };
        loser.assert_error(404, "CEREMONY_NOT_FOUND");
    }

    // An unknown username gets the same decoy from both: the secret is in the database.
    let decoy = |client| {
        start(
            client,
            "/auth/login/start",
            &json!({"username": "nobody-here"}),
        )
        .unwrap()
        .1["allowCredentials"]
            .clone()
    };
    let from_a = decoy(&on_a);
    assert!(from_a.as_array().is_some_and(|list| !list.is_empty()));
    assert_eq!(from_a, decoy(&on_b));
    drop((a, b));
}
