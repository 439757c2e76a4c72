//! Crux Passkey's WebAuthn backend: the HTTP API of docs/http-api.md with the verification
//! policy of docs/verification-policy.md and the configuration of
//! docs/server-configuration.md. `app` builds the whole router so tests run it
//! in-process; `main.rs` only adds the listener, the purge task and shutdown.

pub mod ceremony;
pub mod clock;
pub mod config;
pub mod error;
pub mod extract;
pub mod metrics;
pub mod origin;
pub mod providers;
pub mod purge;
pub mod rate_limit;
pub mod routes;
pub mod security_headers;
pub mod serve;
pub mod session;
pub mod store;
pub mod validate;
pub mod webauthn;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{from_fn_with_state, map_response};
use axum::routing::{get, patch, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use config::Config;
use store::Store;
use webauthn::Verifier;

/// Everything a handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub verifier: Arc<Verifier>,
    pub config: Arc<Config>,
    /// Seeds the decoy credential ids of unknown usernames; kept in the database.
    pub decoy_secret: Arc<String>,
    /// The ceremony routes' per-client budgets.
    pub rate_limiter: Arc<rate_limit::Limiter>,
}

impl AppState {
    /// Opens (and migrates) the database and checks the configuration.
    pub async fn new(config: Config) -> anyhow::Result<Self> {
        let verifier = Verifier::new(&config)?;
        let store = Store::open(&config.database).await?;
        let decoy_secret = store
            .secret("decoy")
            .await
            .map_err(|e| anyhow::anyhow!("reading the server secret: {e}"))?;
        let rate_limiter = Arc::new(rate_limit::Limiter::new(&config, store.backend()));
        Ok(Self {
            store,
            verifier: Arc::new(verifier),
            config: Arc::new(config),
            decoy_secret: Arc::new(decoy_secret),
            rate_limiter,
        })
    }
}

/// The complete application for `config`.
pub async fn app(config: Config) -> anyhow::Result<Router> {
    Ok(router(AppState::new(config).await?))
}

pub fn router(state: AppState) -> Router {
    use routes::{health, login, passkeys, reauth, register, session, static_files, well_known};

    // Starting and finishing ceremonies is what an attacker would hammer.
    let ceremonies = Router::new()
        .route("/auth/register/start", post(register::start))
        .route("/auth/register/finish", post(register::finish))
        .route("/auth/login/start", post(login::start))
        .route("/auth/login/finish", post(login::finish))
        .route("/auth/passkeys/start", post(passkeys::add_start))
        .route("/auth/passkeys/finish", post(passkeys::add_finish))
        .route("/auth/reauth/start", post(reauth::start))
        .route("/auth/reauth/finish", post(reauth::finish))
        .layer(from_fn_with_state(state.clone(), rate_limit::limit));

    let api = Router::new()
        .merge(ceremonies)
        .route("/auth/session", get(session::current))
        .route("/auth/me", patch(session::update_me))
        .route("/auth/logout", post(session::logout))
        .route("/auth/logout-all", post(session::logout_all))
        .route("/auth/passkeys", get(passkeys::list))
        .route(
            "/auth/passkeys/{id}",
            patch(passkeys::rename).delete(passkeys::delete),
        )
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));

    let served = Router::new()
        .merge(api)
        .route(
            "/.well-known/apple-app-site-association",
            get(well_known::apple_app_site_association),
        )
        .route("/.well-known/assetlinks.json", get(well_known::assetlinks))
        .route("/.well-known/webauthn", get(well_known::webauthn))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .fallback(static_files::serve)
        // Reading the body and answering share one deadline; a handler cut off here drops
        // its open transaction, which rolls back.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.config.request_timeout,
        ))
        .layer(DefaultBodyLimit::max(state.config.body_limit))
        .layer(CatchPanicLayer::new())
        .layer(map_response(error::envelope_foreign_errors))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        );
    let served = if state.config.metrics_bind.is_some() {
        served.layer(axum::middleware::from_fn(metrics::record))
    } else {
        served
    };
    security_headers::add(served).with_state(state)
}
