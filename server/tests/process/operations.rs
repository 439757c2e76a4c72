//! Running the server in a fleet: metrics on their own address, JSON log lines, a graceful
//! SIGTERM under load, and rate limits shared by the instances of one PostgreSQL database.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::{Value, json};

use crate::authenticator::SoftKey;
use crate::flows::{finish, sign_in, sign_up, start};
use crate::pg::{self, TempDatabase};
use crate::process::{Client, ServerProcess};

/// `name{labels} value` lines of a Prometheus text page, keyed by name and sorted labels.
fn samples(page: &str) -> BTreeMap<(String, BTreeMap<String, String>), f64> {
    let mut out = BTreeMap::new();
    for line in page
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (series, value) = line.rsplit_once(' ').unwrap();
        let (name, labels) = match series.split_once('{') {
            Some((name, labels)) => (name, labels.trim_end_matches('}')),
            None => (series, ""),
        };
        let labels = labels
            .split(',')
            .filter(|l| !l.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (k.to_owned(), v.trim_matches('"').to_owned())
            })
            .collect();
        out.insert((name.to_owned(), labels), value.parse().unwrap());
    }
    out
}

fn sample(page: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let labels = labels
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    samples(page).get(&(name.to_owned(), labels)).copied()
}

#[test]
fn metrics_count_requests_ceremonies_and_refusals_on_their_own_address() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/db.sqlite", dir.path().display());
    let server = ServerProcess::start_with(
        "metrics",
        &db,
        dir.path(),
        &[
            "--metrics-bind",
            "127.0.0.1:0",
            "--rate-limit-burst",
            "6",
            "--rate-limit-per-minute",
            "1",
        ],
    );
    let client = server.client();
    let (mut key, reply) = sign_up(&client, "alice").unwrap();
    reply.assert_status(201);
    sign_in(&client, "alice", &mut key).assert_status(200);
    let (_, options) = start(&client, "/auth/login/start", &json!({"username": "alice"})).unwrap();
    finish(
        &client,
        "/auth/login/finish",
        "no-such-ceremony",
        &key.sign_in(&options),
    )
    .assert_error(404, "CEREMONY_NOT_FOUND");
    // The sixth ceremony request used the burst up; the seventh is refused.
    let (_, refused) = sign_up(&client, "bob").unwrap();
    refused.assert_error(429, "RATE_LIMITED");
    client
        .call("GET", "/healthz", None, None)
        .unwrap()
        .assert_status(200);

    let metrics = server
        .logged_address("metrics on http://")
        .expect("the metrics address in the log");
    let page = Client::new(&format!("http://{metrics}"))
        .call("GET", "/metrics", None, None)
        .unwrap();
    assert_eq!(page.status, 200);
    let page = page.text;
    assert_eq!(sample(&page, "sign_ups_total", &[]), Some(1.0), "{page}");
    assert_eq!(sample(&page, "sign_ins_total", &[]), Some(1.0), "{page}");
    assert_eq!(
        sample(&page, "ceremonies_started_total", &[("kind", "login")]),
        Some(2.0)
    );
    assert_eq!(
        sample(&page, "ceremonies_finished_total", &[("kind", "register")]),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &page,
            "ceremonies_failed_total",
            &[("kind", "login"), ("code", "CEREMONY_NOT_FOUND")]
        ),
        Some(1.0),
        "{page}"
    );
    assert_eq!(
        sample(
            &page,
            "rate_limited_requests_total",
            &[("route", "/auth/register/start")]
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &page,
            "http_requests_total",
            &[
                ("route", "/auth/register/finish"),
                ("method", "POST"),
                ("status", "201")
            ]
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &page,
            "http_request_duration_seconds_count",
            &[("route", "/auth/login/finish"), ("method", "POST")]
        ),
        Some(2.0)
    );
    assert!(
        page.contains("http_request_duration_seconds_bucket{"),
        "{page}"
    );
    assert!(
        sample(
            &page,
            "db_pool_connections",
            &[("pool", "sqlx"), ("state", "idle")]
        )
        .is_some(),
        "{page}"
    );
    // The login started and then finished under a wrong id is still pending.
    assert_eq!(
        sample(&page, "ceremonies_pending", &[]),
        Some(1.0),
        "{page}"
    );
    // The purge at start, the sign-up and the sign-in, one after the other: three write
    // batches of one write each.
    assert_eq!(
        sample(&page, "sqlite_write_batch_size_count", &[]),
        Some(3.0),
        "{page}"
    );
    assert_eq!(sample(&page, "sqlite_write_batch_size_sum", &[]), Some(3.0));
    // The public port does not serve them.
    client
        .call("GET", "/metrics", None, None)
        .unwrap()
        .assert_error(404, "NOT_FOUND");
}

#[test]
fn without_metrics_bind_no_metrics_are_served() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/db.sqlite", dir.path().display());
    let server = ServerProcess::start("plain", &db, dir.path());
    assert!(server.logged_address("metrics on http://").is_none());
    server
        .client()
        .call("GET", "/metrics", None, None)
        .unwrap()
        .assert_error(404, "NOT_FOUND");
}

#[test]
fn json_log_lines_are_json_objects() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/db.sqlite", dir.path().display());
    let server = ServerProcess::start_with("json", &db, dir.path(), &["--log-format", "json"]);
    let (_key, reply) = sign_up(&server.client(), "alice").unwrap();
    reply.assert_status(201);
    let log = server.log();
    let lines: Vec<Value> = log
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(
        lines
            .iter()
            .all(|l| l["level"].is_string() && l["timestamp"].is_string())
    );
    assert!(
        lines
            .iter()
            .any(|l| l["fields"]["message"] == "signed up" && l["fields"]["user"] == "alice"),
        "{log}"
    );
}

#[test]
fn sigterm_under_sign_up_load_finishes_what_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/db.sqlite", dir.path().display());
    let mut server = ServerProcess::start("sigterm", &db, dir.path());
    let client = server.client();
    let stop = AtomicBool::new(false);
    let answered: Mutex<Vec<(String, SoftKey)>> = Mutex::new(Vec::new());
    let refused = Mutex::new(Vec::new());
    let unexpected = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for worker in 0..8 {
            let (client, stop) = (client.clone(), &stop);
            let (answered, refused, unexpected) = (&answered, &refused, &unexpected);
            s.spawn(move || {
                for n in 0.. {
                    let username = format!("user{worker}x{n}");
                    match sign_up(&client, &username) {
                        Ok((key, reply)) if reply.status == 201 => {
                            answered.lock().unwrap().push((username, key));
                        }
                        Ok((_, reply)) => unexpected.lock().unwrap().push(reply.text),
                        // Refused before it started: the listener is gone.
                        Err(err) => {
                            refused.lock().unwrap().push(err.to_string());
                            if stop.load(Ordering::SeqCst) {
                                return;
                            }
                        }
                    }
                    if stop.load(Ordering::SeqCst) && n > 10_000 {
                        return;
                    }
                }
            });
        }
        std::thread::sleep(Duration::from_millis(800));
        server.terminate();
        stop.store(true, Ordering::SeqCst);
    });
    let status = server
        .exit_status(Duration::from_secs(35))
        .expect("the server exits after SIGTERM");
    assert!(status.success(), "exit status {status}:\n{}", server.log());
    let log = server.log();
    assert!(log.contains("database closed"), "{log}");
    let unexpected = unexpected.into_inner().unwrap();
    assert!(
        unexpected.is_empty(),
        "answers other than 201: {unexpected:?}"
    );
    let mut answered = answered.into_inner().unwrap();
    assert!(!answered.is_empty(), "no sign-up finished before SIGTERM");

    let restarted = ServerProcess::start("sigterm-restarted", &db, dir.path());
    let client = restarted.client();
    for (username, key) in &mut answered {
        sign_in(&client, username, key).assert_status(200);
    }
    println!(
        "SIGTERM test: {} sign-ups answered 201 and all sign in after the restart; {} refused \
         before they started",
        answered.len(),
        refused.into_inner().unwrap().len()
    );
}

#[test]
fn instances_on_one_postgres_database_share_each_clients_budget() {
    let Some(admin) = pg::admin_url("instances_on_one_postgres_database_share_each_clients_budget")
    else {
        return;
    };
    let db = TempDatabase::create(&admin);
    let logs = tempfile::tempdir().unwrap();
    let tight = ["--rate-limit-burst", "3", "--rate-limit-per-minute", "1"];
    let a = ServerProcess::start_with("limit-a", &db.url, logs.path(), &tight);
    let b = ServerProcess::start_with("limit-b", &db.url, logs.path(), &tight);
    let statuses: Vec<u16> = [&a, &b, &a, &b, &a, &b]
        .iter()
        .map(|server| {
            server
                .client()
                .call("POST", "/auth/login/start", Some(&json!({})), None)
                .unwrap()
                .status
        })
        .collect();
    assert_eq!(statuses, [200, 200, 200, 429, 429, 429]);
}
