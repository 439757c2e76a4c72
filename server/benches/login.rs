//! In-process login throughput against the raw ES256 verification rate, in one run.
//!
//! A sign-in here is `POST /auth/login/start` + `POST /auth/login/finish` through the real
//! router (`tower::ServiceExt::oneshot`, no sockets) on a SQLite file with the production
//! settings (WAL, `synchronous = FULL`), one request at a time on a current-thread runtime.
//! Only the server's time is counted: the software authenticator signs between the two
//! calls, outside the clock. The reference is OpenSSL verifying the same kind of signature
//! (P-256, SHA-256 over authenticatorData ‖ SHA-256(clientDataJSON)) on one thread, with the
//! public key parsed once. Then the same sign-ins concurrently on a multi-thread runtime,
//! against that verification on every core at once. `cargo xtask bench` runs this and
//! writes docs/benchmarks.md.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code
)]

#[path = "../tests/api/authenticator.rs"]
mod authenticator;
#[path = "common/raw_verify.rs"]
mod raw_verify;
#[path = "common/report.rs"]
mod report;
#[path = "common/storage_calls.rs"]
mod storage_calls;

use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use server::{AppState, Config, router};
use tower::ServiceExt as _;

use authenticator::{Alg, SoftKey};
use raw_verify::{VERIFY_TIME, all_cores_verify_rate, cpu_seconds, raw_verify_rate};

/// Sign-ins timed; bounded by count and by time, whichever comes first.
const LOGINS: usize = 3_000;
const LOGIN_TIME: Duration = Duration::from_secs(8);
const USERS: usize = 16;
/// Sign-ins in flight at once in the concurrent run; the last is the goal's figure.
const IN_FLIGHT: [usize; 3] = [1, 8, 64];
const CONCURRENT_TIME: Duration = Duration::from_secs(4);

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

struct LoginFigures {
    rate: f64,
    cpu_per_login: f64,
    n: usize,
    start_us: f64,
    finish_us: f64,
}

/// The router on a SQLite file in `dir` with the production settings, rate limits out of
/// the way (every request comes from one place).
async fn bench_app(dir: &std::path::Path) -> Router {
    let mut config = Config::local_default();
    config.rate_limit_burst = u32::MAX / 2;
    config.rate_limit_per_minute = u32::MAX / 2;
    config.web_root = "/nonexistent/web-root".into();
    config.database = format!("sqlite://{}/bench.db", dir.display());
    router(AppState::new(config).await.unwrap())
}

/// `n` users with one ES256 passkey each.
async fn register(app: &Router, n: usize) -> Vec<(String, SoftKey)> {
    let mut keys = Vec::new();
    for i in 0..n {
        let name = format!("bench-user-{i}");
        let (status, body) = post(app, "/auth/register/start", &json!({"username": name})).await;
        assert_eq!(status, 200, "{body}");
        let mut key = SoftKey::generate(Alg::Es256);
        let credential = key.register(&body["options"]);
        let (status, body) = post(
            app,
            "/auth/register/finish",
            &json!({"ceremonyId": body["ceremonyId"], "credential": credential}),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        keys.push((name, key));
    }
    keys
}

async fn login_rate(dir: tempfile::TempDir) -> LoginFigures {
    let app = bench_app(dir.path()).await;
    let mut keys = register(&app, USERS).await;

    let (mut in_start, mut in_finish) = (Duration::ZERO, Duration::ZERO);
    let cpu_before = cpu_seconds("self");
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
    let cpu = cpu_seconds("self") - cpu_before;
    let server_time = (in_start + in_finish).as_secs_f64();
    LoginFigures {
        rate: n as f64 / server_time,
        cpu_per_login: cpu / n as f64,
        n,
        start_us: in_start.as_secs_f64() * 1e6 / n as f64,
        finish_us: in_finish.as_secs_f64() * 1e6 / n as f64,
    }
}

/// One sign-in, the authenticator's signing included; false when the server refused it.
/// One sign-in; whether it succeeded, and the CPU seconds the authenticator's signing took
/// (read from this thread's CPU clock, so it is the signing's own, not the server's).
async fn sign_in(app: &Router, name: &str, key: &mut SoftKey) -> (bool, f64) {
    let (status, started) = post(app, "/auth/login/start", &json!({"username": name})).await;
    if status != 200 {
        return (false, 0.0);
    }
    let before = raw_verify::thread_cpu_seconds();
    let credential = key.sign_in(&started["options"]);
    let signing = raw_verify::thread_cpu_seconds() - before;
    let request = json!({"ceremonyId": started["ceremonyId"], "credential": credential});
    (
        post(app, "/auth/login/finish", &request).await.0 == 200,
        signing,
    )
}

struct Concurrent {
    in_flight: usize,
    ok: usize,
    errors: usize,
    rate: f64,
    /// The process's CPU per sign-in without the authenticator's signing: the server's own.
    server_cpu_us: f64,
}

/// Sign-ins with `IN_FLIGHT` tasks at a time, each looping over its own user and key: one
/// key used by two tasks at once would trip the signature counter check.
async fn concurrent_rates(dir: tempfile::TempDir) -> Vec<Concurrent> {
    let app = bench_app(dir.path()).await;
    let most = IN_FLIGHT.iter().copied().max().unwrap_or(1);
    let mut keys = register(&app, most).await;
    let mut figures = Vec::new();
    for in_flight in IN_FLIGHT {
        let started = Instant::now();
        let cpu_before = raw_verify::cpu_seconds("self");
        let tasks: Vec<_> = keys
            .drain(..in_flight)
            .map(|(name, mut key)| {
                let app = app.clone();
                tokio::spawn(async move {
                    let (mut ok, mut errors, mut signing) = (0, 0, 0.0);
                    while started.elapsed() < CONCURRENT_TIME {
                        let (signed_in, signed) = sign_in(&app, &name, &mut key).await;
                        signing += signed;
                        if signed_in {
                            ok += 1;
                        } else {
                            errors += 1;
                        }
                    }
                    (ok, errors, signing, name, key)
                })
            })
            .collect();
        let (mut ok, mut errors, mut signing) = (0, 0, 0.0);
        let mut used = Vec::new();
        for task in tasks {
            let (o, e, s, name, key) = task.await.unwrap();
            ok += o;
            errors += e;
            signing += s;
            used.push((name, key));
        }
        // Until the last sign-in in flight has finished, not just to the deadline.
        let rate = ok as f64 / started.elapsed().as_secs_f64();
        let server_cpu = raw_verify::cpu_seconds("self") - cpu_before - signing;
        let server_cpu_us = server_cpu * 1e6 / ok.max(1) as f64;
        used.append(&mut keys);
        keys = used;
        println!(
            "concurrent sign-ins, {in_flight} in flight: {rate:.0}/s ({ok} ok, {errors} errors); \
             server CPU {server_cpu_us:.0} µs per sign-in"
        );
        figures.push(Concurrent {
            in_flight,
            ok,
            errors,
            rate,
            server_cpu_us,
        });
    }
    figures
}

/// The concurrent section and its goal row.
fn concurrent_section(md: &mut String, goals: &mut String) {
    let (all_cores, threads) = all_cores_verify_rate();
    println!("raw ES256 verify on all {threads} cores: {all_cores:.0}/s");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()
        .unwrap();
    let figures = runtime.block_on(concurrent_rates(tempfile::tempdir().unwrap()));
    drop(runtime);
    let (all_cores_after, _) = all_cores_verify_rate();
    println!("raw ES256 verify on all cores again: {all_cores_after:.0}/s");
    md.push_str(&format!(
        "## In-process concurrent sign-ins (no HTTP)\n\n\
         The same sign-ins through the real router, SQLite file with the production settings, \
         on a multi-thread tokio runtime with {threads} worker threads (one per CPU). With N in \
         flight, N tasks each loop start → the authenticator signs → finish with a user and key \
         of their own, for {}s; the rate counts until the last sign-in in flight has finished. \
         **The authenticator's signing runs inside the clock and on the same cores here**, so \
         it takes a share of the rate. So each row also gives the server's own CPU per sign-in: \
         the process's CPU time (all threads, the SQLite writer included) minus the signing's, \
         which each task reads from its thread's CPU clock around the signing; and from it the \
         server's capacity, {threads} cores ÷ that CPU time. Reference: the raw ES256 verify \
         above on all {threads} cores at once ({threads} threads, rates summed), measured \
         before and after in the same run.\n\n\
         | Figure | Wall rate (signing inside) | Server CPU per sign-in | Server capacity ({threads} cores ÷ CPU) | Wall rate ÷ raw, all cores | Capacity ÷ raw, all cores |\n|---|---|---|---|---|---|\n\
         | Raw ES256 verify (OpenSSL, {threads} threads at once) | {all_cores:.0}/s (after: \
         {all_cores_after:.0}/s) | {:.0} µs per verify per core | – | 1 | 1 |\n",
        CONCURRENT_TIME.as_secs(),
        threads as f64 * 1e6 / all_cores
    ));
    let capacity = |c: &Concurrent| threads as f64 * 1e6 / c.server_cpu_us.max(1.0);
    for c in &figures {
        md.push_str(&format!(
            "| Sign-ins, {} in flight ({} ok, {} errors) | {:.0}/s | {:.0} µs | {:.0}/s | {:.3} | **{:.3}** |\n",
            c.in_flight,
            c.ok,
            c.errors,
            c.rate,
            c.server_cpu_us,
            capacity(c),
            c.rate / all_cores,
            capacity(c) / all_cores
        ));
    }
    md.push('\n');
    if let Some(most) = figures.last() {
        let ratio = capacity(most) / all_cores;
        goals.push_str(&report::goal(
            &format!(
                "2. In-process concurrent sign-ins, SQLite file, {} in flight, ≥ 0.5 × raw verify on all cores",
                most.in_flight
            ),
            &format!(
                "server capacity {:.0}/s ({threads} cores ÷ {:.0} µs of server CPU per sign-in); wall rate with the authenticator on the same cores {:.0}/s ({:.3} of raw)",
                capacity(most),
                most.server_cpu_us,
                most.rate,
                most.rate / all_cores
            ),
            &format!("raw ES256 verify, {threads} threads: {all_cores:.0}/s"),
            ratio,
            ratio >= 0.5,
        ));
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
        "| The rest: routing, JSON in and out, challenge and session generation, and the \
         hand-offs between threads (to and from the database's) | {rest:.0} | {:.0}% |\n\n",
        100.0 * rest / sign_in_us
    ));
    let mut goals = String::new();
    match &shm {
        Some(shm) => goals.push_str(&report::goal(
            "1b. In-process sign-ins one at a time, SQLite on tmpfs, ≥ 0.5 × raw verify",
            &format!("{:.0}/s (server wall time)", shm.rate),
            &format!("raw ES256 verify, 1 thread: {verify_rate:.0}/s"),
            shm.rate / verify_rate,
            shm.rate / verify_rate >= 0.5,
        )),
        None => goals.push_str(
            "| 1b. In-process sign-ins one at a time, SQLite on tmpfs | not measured: no /dev/shm | | | **no** |\n",
        ),
    }
    concurrent_section(&mut md, &mut goals);
    report::write("1-login", &md);
    report::write_goals("1-login", &goals);
}
