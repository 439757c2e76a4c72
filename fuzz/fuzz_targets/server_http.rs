//! Arbitrary requests through the real router (`server::router`, every layer included) on an
//! in-memory SQLite database: a route or an arbitrary path, a method, a content type, a
//! session or a forged one, and arbitrary body bytes.
//!
//! A body may contain the placeholder `CEREMONY`; it is replaced by the id of a ceremony
//! started just before (sign-up, sign-in or add-passkey), so the finish handlers get past
//! the ceremony lookup and parse the fuzzed credential. One user is signed up at start, so
//! the authenticated routes are reachable with its session.
//!
//! Asserted: no panic (the router's `CatchPanicLayer` would turn a handler panic into a 500,
//! so a 500 is a failure too), and every non-2xx answer is the JSON error envelope with a code
//! `ErrorCode::parse` knows and a message (for HEAD: the JSON content type and no body).

#![no_main]

use std::cell::{Cell, RefCell};

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, header};
use http_body_util::BodyExt as _;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use server::webauthn::normalize;
use server::{AppState, Config, router};
use crux_passkey::api::{ErrorCode, ErrorEnvelope};
use tokio::runtime::Runtime;
use tower::ServiceExt as _;

const ORIGIN: &str = "http://localhost:8080";
const REGISTRATION_FIXTURE: &str = include_str!("../../server/tests/fixtures/chromium-registration.json");

struct World {
    runtime: Runtime,
    state: AppState,
    app: Router,
    token: String,
    passkey_id: String,
}

thread_local! {
    static WORLD: RefCell<Option<World>> = const { RefCell::new(None) };
    static ITERATIONS: Cell<u64> = const { Cell::new(0) };
}

async fn call(app: &Router, request: Request<Body>) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let response = app.clone().oneshot(request).await.expect("the router is infallible");
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let body = response.into_body().collect().await.map(|b| b.to_bytes().to_vec()).unwrap_or_default();
    (status, headers, body)
}

fn post_json(path: &str, body: &Value, token: Option<&str>) -> Request<Body> {
    let mut builder = Request::post(path).header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    builder.body(Body::from(body.to_string())).expect("request")
}

fn setup() -> World {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let mut config = Config::local_default();
    config.database = "sqlite::memory:".to_owned();
    config.web_root = "/nonexistent/crux-passkey-fuzz".into();
    // The limiter would answer 429 to nearly every ceremony request of a fuzzing run.
    config.rate_limit_burst = u32::MAX;
    config.rate_limit_per_minute = 60_000;
    let (state, app, token, passkey_id) = runtime.block_on(async {
        let state = AppState::new(config).await.expect("state");
        let app = router(state.clone());
        // Sign up alice with the Chromium fixture (attestation `none`) and this run's challenge.
        let (_, _, body) = call(&app, post_json("/auth/register/start", &json!({"username": "alice"}), None)).await;
        let started: Value = serde_json::from_slice(&body).expect("start answer");
        let challenge = started["options"]["challenge"].as_str().expect("challenge").to_owned();
        let mut credential: Value = serde_json::from_str(REGISTRATION_FIXTURE).expect("fixture");
        let client_data = json!({"type": "webauthn.create", "challenge": challenge, "origin": ORIGIN});
        credential["response"]["clientDataJSON"] = json!(normalize::b64(client_data.to_string().as_bytes()));
        let (status, _, body) = call(
            &app,
            post_json(
                "/auth/register/finish",
                &json!({"ceremonyId": started["ceremonyId"], "credential": credential}),
                None,
            ),
        )
        .await;
        assert_eq!(status, 201, "sign-up: {}", String::from_utf8_lossy(&body));
        let registered: Value = serde_json::from_slice(&body).expect("registered");
        let token = registered["session"]["token"].as_str().expect("token").to_owned();
        let passkey_id = registered["passkey"]["id"].as_str().expect("passkey id").to_owned();
        (state, app, token, passkey_id)
    });
    World { runtime, state, app, token, passkey_id }
}

#[derive(Debug)]
enum Path {
    RegisterStart,
    RegisterFinish,
    LoginStart,
    LoginFinish,
    PasskeysStart,
    PasskeysFinish,
    Session,
    Logout,
    Passkeys,
    OwnPasskey,
    SomePasskey(String),
    AppleAssociation,
    AssetLinks,
    WellKnownWebauthn,
    Root,
    Raw(String),
}

#[derive(Debug)]
enum Verb {
    Get,
    Post,
    Patch,
    Delete,
    Put,
    Head,
    Options,
}

#[derive(Debug)]
enum ContentType {
    Json,
    JsonCharset,
    ProblemJson,
    None,
    Raw(String),
}

#[derive(Debug)]
enum Auth {
    None,
    /// Alice's real session (never sent to `/auth/logout`, so it stays valid).
    Valid,
    Bearer(String),
    Cookie(String),
}

#[derive(Debug)]
enum Flow {
    Register,
    Login,
    AddPasskey,
}

/// Decoded from the input bytes by [`parse`]: six selector bytes (path, method, content
/// type, credentials, ceremony, oversize), a length-prefixed string for each selector that
/// wants one, then the body. A plain layout rather than `arbitrary`'s, so the seed corpus can
/// be written from the fixtures (see `fuzz/seeds.py`).
#[derive(Debug)]
struct Input {
    path: Path,
    verb: Verb,
    content_type: ContentType,
    auth: Auth,
    ceremony: Option<Flow>,
    /// Pads the body past the body limit.
    oversize: bool,
    body: Vec<u8>,
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

async fn start_ceremony(w: &World, flow: &Flow, n: u64) -> Option<String> {
    let request = match flow {
        Flow::Register => post_json("/auth/register/start", &json!({"username": format!("fuzz{n}")}), None),
        Flow::Login => post_json("/auth/login/start", &json!({}), None),
        Flow::AddPasskey => post_json("/auth/passkeys/start", &json!({}), Some(&w.token)),
    };
    let (_, _, body) = call(&w.app, request).await;
    let started: Value = serde_json::from_slice(&body).ok()?;
    started["ceremonyId"].as_str().map(str::to_owned)
}

async fn one(w: &World, input: Input, n: u64) {
    let path = match &input.path {
        Path::RegisterStart => "/auth/register/start".to_owned(),
        Path::RegisterFinish => "/auth/register/finish".to_owned(),
        Path::LoginStart => "/auth/login/start".to_owned(),
        Path::LoginFinish => "/auth/login/finish".to_owned(),
        Path::PasskeysStart => "/auth/passkeys/start".to_owned(),
        Path::PasskeysFinish => "/auth/passkeys/finish".to_owned(),
        Path::Session => "/auth/session".to_owned(),
        Path::Logout => "/auth/logout".to_owned(),
        Path::Passkeys => "/auth/passkeys".to_owned(),
        Path::OwnPasskey => format!("/auth/passkeys/{}", w.passkey_id),
        Path::SomePasskey(id) => format!("/auth/passkeys/{}", percent_encode(id)),
        Path::AppleAssociation => "/.well-known/apple-app-site-association".to_owned(),
        Path::AssetLinks => "/.well-known/assetlinks.json".to_owned(),
        Path::WellKnownWebauthn => "/.well-known/webauthn".to_owned(),
        Path::Root => "/".to_owned(),
        Path::Raw(raw) => raw.clone(),
    };
    let method = match input.verb {
        Verb::Get => Method::GET,
        Verb::Post => Method::POST,
        Verb::Patch => Method::PATCH,
        Verb::Delete => Method::DELETE,
        Verb::Put => Method::PUT,
        Verb::Head => Method::HEAD,
        Verb::Options => Method::OPTIONS,
    };
    let is_logout = matches!(input.path, Path::Logout);
    // Deleting alice's passkey would answer LAST_PASSKEY anyway; logging out would end the
    // session later inputs rely on, so that one combination is never sent.
    let auth = match input.auth {
        Auth::Valid if is_logout => Auth::None,
        other => other,
    };

    let mut body = input.body;
    if let Some(flow) = &input.ceremony
        && let Some(id) = start_ceremony(w, flow, n).await
    {
        let needle = b"CEREMONY";
        if let Some(at) = body.windows(needle.len()).position(|win| win == needle) {
            body.splice(at..at + needle.len(), id.into_bytes());
        }
    }
    if input.oversize {
        body.resize(w.state.config.body_limit + 1, b' ');
    }

    let mut builder = Request::builder().method(method.clone()).uri(path.as_str());
    builder = match &input.content_type {
        ContentType::Json => builder.header(header::CONTENT_TYPE, "application/json"),
        ContentType::JsonCharset => builder.header(header::CONTENT_TYPE, "application/json; charset=utf-8"),
        ContentType::ProblemJson => builder.header(header::CONTENT_TYPE, "application/problem+json"),
        ContentType::None => builder,
        ContentType::Raw(raw) => builder.header(header::CONTENT_TYPE, raw.as_str()),
    };
    builder = match &auth {
        Auth::None => builder,
        Auth::Valid => builder.header(header::AUTHORIZATION, format!("Bearer {}", w.token)),
        Auth::Bearer(token) => builder.header(header::AUTHORIZATION, format!("Bearer {token}")),
        Auth::Cookie(token) => builder.header(header::COOKIE, format!("crux_passkey_session={token}")),
    };
    // Paths and header values the HTTP types refuse never reach a server.
    let Ok(request) = builder.body(Body::from(body)) else {
        return;
    };
    let (status, headers, body) = call(&w.app, request).await;
    let text = String::from_utf8_lossy(&body);
    assert!(status != 500, "500 for {method} {path}: {text}");
    if (200..300).contains(&status) {
        return;
    }
    let content_type = headers
        .iter()
        .find(|(name, _)| name == "content-type")
        .map(|(_, value)| value.as_str());
    assert_eq!(content_type, Some("application/json"), "{status} for {method} {path} without JSON: {text}");
    if method == Method::HEAD {
        // HEAD answers carry the headers of the envelope but, by HTTP, no body; axum drops it.
        assert!(body.is_empty(), "{status} for HEAD {path} has a body: {text}");
        return;
    }
    let envelope: ErrorEnvelope =
        serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{status} for {method} {path} is not the envelope ({e}): {text}"));
    assert!(ErrorCode::parse(&envelope.error.code).is_some(), "unknown code in {text}");
    assert!(!envelope.error.message.is_empty(), "empty message in {text}");
}

fn take_str(rest: &mut &[u8]) -> String {
    let Some((&len, tail)) = rest.split_first() else {
        return String::new();
    };
    let (text, tail) = tail.split_at(usize::from(len).min(tail.len()));
    *rest = tail;
    String::from_utf8_lossy(text).into_owned()
}

fn parse(data: &[u8]) -> Option<Input> {
    let (&[p, v, c, a, f, o], mut rest) = data.split_first_chunk::<6>()?;
    let path = match p % 16 {
        0 => Path::RegisterStart,
        1 => Path::RegisterFinish,
        2 => Path::LoginStart,
        3 => Path::LoginFinish,
        4 => Path::PasskeysStart,
        5 => Path::PasskeysFinish,
        6 => Path::Session,
        7 => Path::Logout,
        8 => Path::Passkeys,
        9 => Path::OwnPasskey,
        10 => Path::SomePasskey(take_str(&mut rest)),
        11 => Path::AppleAssociation,
        12 => Path::AssetLinks,
        13 => Path::WellKnownWebauthn,
        14 => Path::Root,
        _ => Path::Raw(take_str(&mut rest)),
    };
    let verb = match v % 7 {
        0 => Verb::Post,
        1 => Verb::Get,
        2 => Verb::Patch,
        3 => Verb::Delete,
        4 => Verb::Put,
        5 => Verb::Head,
        _ => Verb::Options,
    };
    let content_type = match c % 5 {
        0 => ContentType::Json,
        1 => ContentType::JsonCharset,
        2 => ContentType::ProblemJson,
        3 => ContentType::None,
        _ => ContentType::Raw(take_str(&mut rest)),
    };
    let auth = match a % 4 {
        0 => Auth::None,
        1 => Auth::Valid,
        2 => Auth::Bearer(take_str(&mut rest)),
        _ => Auth::Cookie(take_str(&mut rest)),
    };
    let ceremony = match f % 4 {
        0 => None,
        1 => Some(Flow::Register),
        2 => Some(Flow::Login),
        _ => Some(Flow::AddPasskey),
    };
    Some(Input { path, verb, content_type, auth, ceremony, oversize: o == 0xff, body: rest.to_vec() })
}

fuzz_target!(|data: &[u8]| {
    let Some(input) = parse(data) else {
        return;
    };
    WORLD.with(|cell| {
        let mut world = cell.borrow_mut();
        let w: &World = world.get_or_insert_with(setup);
        let n = ITERATIONS.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        w.runtime.block_on(async {
            one(w, input, n).await;
            // Started ceremonies are never finished; drop them now and then so the in-memory
            // database (and the run's memory) stays small. Sessions and users stay.
            if n % 512 == 0 {
                let _ = sqlx::query("DELETE FROM ceremonies").execute(w.state.store.pool()).await;
            }
        });
    });
});
