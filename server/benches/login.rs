//! In-process login throughput against the raw ES256 verification rate, in one run.
//!
//! A sign-in here is `POST /auth/login/start` + `POST /auth/login/finish` through the real
//! router (`tower::ServiceExt::oneshot`, no sockets) on a SQLite file with the production
//! settings (WAL, `synchronous = FULL`), one request at a time on a current-thread runtime.
//! Only the server's time is counted: the software authenticator signs between the two
//! calls, outside the clock. The reference is OpenSSL verifying the same kind of signature
//! (P-256, SHA-256 over authenticatorData ‖ SHA-256(clientDataJSON)) on one thread, with the
//! public key parsed once. `cargo xtask bench` runs this and writes docs/benchmarks.md.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code
)]

#[path = "../tests/api/authenticator.rs"]
mod authenticator;
#[path = "common/report.rs"]
mod report;
#[path = "common/storage_calls.rs"]
mod storage_calls;

use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt as _;
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::PKey;
use openssl::sign::{Signer, Verifier};
use serde_json::{Value, json};
use server::{AppState, Config, router};
use tower::ServiceExt as _;

use authenticator::{Alg, SoftKey};

/// Sign-ins timed; bounded by count and by time, whichever comes first.
const LOGINS: usize = 3_000;
const LOGIN_TIME: Duration = Duration::from_secs(8);
const VERIFY_TIME: Duration = Duration::from_secs(3);
const USERS: usize = 16;

async fn post(app: &Router, path: &str, body: &Value) -> (u16, Value) {
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// CPU seconds used by this process so far, all threads (the SQLite worker included).
fn process_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (USER_HZ=100).
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Rate of `verify` over `VERIFY_TIME`, in calls per second.
fn rate_of(mut verify: impl FnMut()) -> f64 {
    let started = Instant::now();
    let mut n = 0_u32;
    while started.elapsed() < VERIFY_TIME {
        for _ in 0..50 {
            verify();
        }
        n += 50;
    }
    f64::from(n) / started.elapsed().as_secs_f64()
}

/// Verifying one honest assertion, again and again: webauthn-rs-core's
/// `authenticate_single_credential` (RustCrypto P-256) against the server's
/// `Verifier::finish_authentication` (the same checks, OpenSSL for the signature).
fn finish_rates() -> (f64, f64) {
    use server::webauthn::{Verifier, normalize, options_challenge};
    let config = Config::local_default();
    let verifier = Verifier::new(&config).unwrap();
    let (options, reg_state) = verifier
        .start_registration(uuid::Uuid::new_v4(), "bench", "Bench", &[])
        .unwrap();
    let mut key = SoftKey::generate(Alg::Es256);
    let registration = normalize::registration(&key.register(&options)).unwrap();
    let credential = verifier
        .finish_registration(&registration, &reg_state)
        .unwrap();
    let (options, state) = verifier
        .start_authentication(vec![credential.clone()])
        .unwrap();
    let response = normalize::assertion(&key.sign_in(&options)).unwrap();
    let challenge = options_challenge(&options).unwrap();
    // Built exactly as `Verifier::new` builds its core.
    let core = webauthn_rs_core::WebauthnCore::new_unsafe_experts_only(
        &config.rp_name,
        &config.rp_id,
        vec![url::Url::parse(&config.origins[0]).unwrap()],
        Duration::from_secs(300),
        Some(false),
        Some(false),
    );
    let webauthn_rs = rate_of(|| {
        core.authenticate_single_credential(&response, &state, &credential)
            .unwrap();
    });
    let ours = rate_of(|| {
        verifier
            .finish_authentication(&response, &state, &challenge, &credential)
            .unwrap();
    });
    (webauthn_rs, ours)
}

fn raw_verify_rate() -> (f64, usize) {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
    let public = PKey::public_key_from_der(&key.public_key_to_der().unwrap()).unwrap();
    // authenticatorData (37 bytes) ‖ SHA-256(clientDataJSON), like an assertion.
    let message = [0x5a_u8; 69];
    let mut signer = Signer::new(MessageDigest::sha256(), &key).unwrap();
    signer.update(&message).unwrap();
    let signature = signer.sign_to_vec().unwrap();
    let started = Instant::now();
    let mut n = 0;
    while started.elapsed() < VERIFY_TIME {
        for _ in 0..100 {
            let mut verifier = Verifier::new(MessageDigest::sha256(), &public).unwrap();
            verifier.update(&message).unwrap();
            assert!(verifier.verify(&signature).unwrap());
        }
        n += 100;
    }
    (n as f64 / started.elapsed().as_secs_f64(), n)
}

struct LoginFigures {
    rate: f64,
    cpu_per_login: f64,
    n: usize,
    start_us: f64,
    finish_us: f64,
}

async fn login_rate(dir: tempfile::TempDir) -> LoginFigures {
    let mut config = Config::local_default();
    config.rate_limit_burst = u32::MAX / 2;
    config.rate_limit_per_minute = u32::MAX / 2;
    config.web_root = "/nonexistent/web-root".into();
    config.database = format!("sqlite://{}/bench.db", dir.path().display());
    let app = router(AppState::new(config).await.unwrap());

    let mut keys = Vec::new();
    for i in 0..USERS {
        let name = format!("bench-user-{i}");
        let (status, body) = post(&app, "/auth/register/start", &json!({"username": name})).await;
        assert_eq!(status, 200, "{body}");
        let mut key = SoftKey::generate(Alg::Es256);
        let credential = key.register(&body["options"]);
        let (status, body) = post(
            &app,
            "/auth/register/finish",
            &json!({"ceremonyId": body["ceremonyId"], "credential": credential}),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        keys.push((name, key));
    }

    let (mut in_start, mut in_finish) = (Duration::ZERO, Duration::ZERO);
    let cpu_before = process_cpu();
    let wall = Instant::now();
    let mut n = 0;
    while n < LOGINS && wall.elapsed() < LOGIN_TIME {
        let (name, key) = &mut keys[n % USERS];
        let t = Instant::now();
        let (status, started) = post(&app, "/auth/login/start", &json!({"username": name})).await;
        in_start += t.elapsed();
        assert_eq!(status, 200, "{started}");
        let credential = key.sign_in(&started["options"]);
        let request = json!({"ceremonyId": started["ceremonyId"], "credential": credential});
        let t = Instant::now();
        let (status, body) = post(&app, "/auth/login/finish", &request).await;
        in_finish += t.elapsed();
        assert_eq!(status, 200, "{body}");
        n += 1;
    }
    // The authenticator's signing ran outside the clock but inside the CPU figure; it is
    // small next to the server's work and makes that figure a slight overestimate.
    let cpu = process_cpu() - cpu_before;
    let server_time = (in_start + in_finish).as_secs_f64();
    LoginFigures {
        rate: n as f64 / server_time,
        cpu_per_login: cpu / n as f64,
        n,
        start_us: in_start.as_secs_f64() * 1e6 / n as f64,
        finish_us: in_finish.as_secs_f64() * 1e6 / n as f64,
    }
}

fn main() {
    let (verify_rate, verifies) = raw_verify_rate();
    println!("raw ES256 verify: {verify_rate:.0}/s ({verifies} verifications, 1 thread)");
    let (webauthn_rs_finish, our_finish) = finish_rates();
    println!(
        "assertion verification alone: webauthn-rs {webauthn_rs_finish:.0}/s ({:.3} of raw), \
         server {our_finish:.0}/s ({:.3} of raw)",
        webauthn_rs_finish / verify_rate,
        our_finish / verify_rate
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let login = runtime.block_on(login_rate(tempfile::tempdir().unwrap()));
    // The same on tmpfs, where fsync costs nothing: what is left is the CPU work.
    let shm = tempfile::tempdir_in("/dev/shm")
        .ok()
        .map(|dir| runtime.block_on(login_rate(dir)));
    let ratio = login.rate / verify_rate;
    let cpu_rate = 1.0 / login.cpu_per_login;
    println!(
        "in-process login: {:.0}/s over {} sign-ins (start {:.0} µs + finish {:.0} µs); \
         {:.3} of the raw verify rate; {:.0}/s per CPU-second",
        login.rate, login.n, login.start_us, login.finish_us, ratio, cpu_rate
    );
    if let Some(shm) = &shm {
        println!(
            "in-process login on tmpfs: {:.0}/s, {:.3} of raw",
            shm.rate,
            shm.rate / verify_rate
        );
    }
    let storage_dir = tempfile::tempdir().unwrap();
    let storage = runtime.block_on(storage_calls::per_call(&format!(
        "sqlite://{}/calls.db",
        storage_dir.path().display()
    )));
    let storage_us: f64 = storage.iter().map(|(_, us)| us).sum();
    for (call, us) in &storage {
        println!("storage call: {call}: {us:.0} µs");
    }
    let (verify_rate_after, _) = raw_verify_rate();
    println!("raw ES256 verify again: {verify_rate_after:.0}/s");

    let mut md = String::new();
    md.push_str("## In-process login throughput (no HTTP)\n\n");
    md.push_str(
        "Sign-in = `login/start` + `login/finish` through the real router \
         (`tower::ServiceExt::oneshot`), with storage: a SQLite file in WAL mode with \
         `synchronous = FULL`, as in production. One sign-in at a time on a current-thread \
         runtime; the authenticator's signing is outside the clock. Reference: OpenSSL \
         verifying a P-256/SHA-256 signature over the same 69 bytes an assertion signs, public \
         key parsed once, one thread, measured before and after in the same run.\n\n",
    );
    md.push_str("| Figure | Value | Measured against | Ratio |\n|---|---|---|---|\n");
    md.push_str(&format!(
        "| Raw ES256 verify (OpenSSL, 1 thread) | {verify_rate:.0}/s (after: {verify_rate_after:.0}/s) | – | 1 |\n"
    ));
    md.push_str(&format!(
        "| Assertion verification alone: webauthn-rs-core `authenticate_single_credential` (RustCrypto P-256), the path before this bench | {webauthn_rs_finish:.0}/s | raw ES256 verify | {:.3} |\n",
        webauthn_rs_finish / verify_rate
    ));
    md.push_str(&format!(
        "| Assertion verification alone: the server's `Verifier::finish_authentication` (same checks, OpenSSL signature, `webauthn/es256.rs`) | {our_finish:.0}/s | raw ES256 verify | {:.3} |\n",
        our_finish / verify_rate
    ));
    md.push_str(&format!(
        "| In-process sign-in (start + finish + storage), server wall time | {:.0}/s ({} sign-ins; start {:.0} µs, finish {:.0} µs) | raw ES256 verify | **{ratio:.3}** |\n",
        login.rate, login.n, login.start_us, login.finish_us
    ));
    md.push_str(&format!(
        "| In-process sign-in per CPU-second (all threads incl. SQLite's and the authenticator's signing) | {cpu_rate:.0}/s | raw ES256 verify | {:.3} |\n\n",
        cpu_rate / verify_rate
    ));
    if let Some(shm) = &shm {
        md.pop();
        md.push_str(&format!(
            "| The same with the SQLite file on tmpfs (`/dev/shm`: fsync is free, so this is the CPU and thread hand-off cost) | {:.0}/s ({} sign-ins; start {:.0} µs, finish {:.0} µs) | raw ES256 verify | **{:.3}** |\n\n",
            shm.rate, shm.n, shm.start_us, shm.finish_us, shm.rate / verify_rate
        ));
    }
    md.push_str(
        "### Where a sign-in's time goes\n\n\
         Each storage call a sign-in makes, timed alone (1,000 calls each, one at a time) on \
         a fresh SQLite file with the production settings, next to the whole sign-in above.\n\n\
         | Part | µs per sign-in | Share of the sign-in |\n|---|---|---|\n",
    );
    let sign_in_us = 1e6 / login.rate;
    let verify_us = 1e6 / our_finish;
    md.push_str(&format!(
        "| Whole sign-in (start + finish), from the table above | {sign_in_us:.0} | 100% |\n\
         | Assertion verification (`finish_authentication`, timed alone) | {verify_us:.0} | {:.0}% |\n",
        100.0 * verify_us / sign_in_us
    ));
    for (call, us) in &storage {
        md.push_str(&format!(
            "| Storage: {call} | {us:.0} | {:.0}% |\n",
            100.0 * us / sign_in_us
        ));
    }
    let rest = sign_in_us - verify_us - storage_us;
    md.push_str(&format!(
        "| The rest: routing, JSON in and out, challenge and session generation, the \
         sqlx pool's hand-offs between calls | {rest:.0} | {:.0}% |\n\n",
        100.0 * rest / sign_in_us
    ));
    report::write("1-login", &md);
}
