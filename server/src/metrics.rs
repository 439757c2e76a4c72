//! Prometheus metrics (the `metrics` facade and its Prometheus exporter), served on their own
//! address (`--metrics-bind`) and off by default: they describe traffic and accounts, which
//! the public API port should not tell anyone, and a scraper can reach an internal address.

use std::net::SocketAddr;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use crux_passkey_api::ErrorCode;
use metrics::{counter, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::store::Store;

/// Latency buckets in seconds: a sign-in takes about a millisecond alone, tens under load.
const LATENCY_BUCKETS: [f64; 12] = [
    0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// Installs the process-wide recorder; without it every metric below is a no-op.
pub fn install() -> anyhow::Result<PrometheusHandle> {
    Ok(PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full("http_request_duration_seconds".to_owned()),
            &LATENCY_BUCKETS,
        )?
        .install_recorder()?)
}

/// Counts every request by route, method and status, times it, and derives the ceremony,
/// sign-in, sign-up and rate-limit counters from the route and the answer's error code.
pub async fn record(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "static".to_owned(), |path| path.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status();
    histogram!("http_request_duration_seconds", "route" => route.clone(), "method" => method.clone())
        .record(started.elapsed().as_secs_f64());
    counter!(
        "http_requests_total",
        "route" => route.clone(),
        "method" => method,
        "status" => status.as_str().to_owned()
    )
    .increment(1);
    let code = response.extensions().get::<ErrorCode>().copied();
    if code == Some(ErrorCode::RateLimited) {
        counter!("rate_limited_requests_total", "route" => route.clone()).increment(1);
        return response;
    }
    let ok = status.is_success();
    if let Some((kind, step)) = ceremony_route(&route) {
        match (step, ok) {
            ("start", true) => counter!("ceremonies_started_total", "kind" => kind).increment(1),
            ("finish", true) => counter!("ceremonies_finished_total", "kind" => kind).increment(1),
            ("finish", false) => counter!(
                "ceremonies_failed_total",
                "kind" => kind,
                "code" => code.map_or("NONE", ErrorCode::as_str)
            )
            .increment(1),
            _ => {}
        }
        match (kind, step, ok) {
            ("login", "finish", true) => counter!("sign_ins_total").increment(1),
            ("register", "finish", true) => counter!("sign_ups_total").increment(1),
            _ => {}
        }
    }
    response
}

/// `/auth/{kind}/{start|finish}` for the ceremony routes.
fn ceremony_route(route: &str) -> Option<(&'static str, &'static str)> {
    let rest = route.strip_prefix("/auth/")?;
    let (kind, step) = rest.split_once('/')?;
    let kind = match kind {
        "register" => "register",
        "login" => "login",
        "passkeys" => "add_passkey",
        "reauth" => "reauth",
        _ => return None,
    };
    let step = match step {
        "start" => "start",
        "finish" => "finish",
        _ => return None,
    };
    Some((kind, step))
}

#[derive(Clone)]
struct Exporter {
    handle: PrometheusHandle,
    store: Store,
}

/// The gauges are read when scraped, so they are current without a sampling task.
async fn render(State(exporter): State<Exporter>) -> String {
    let pool = exporter.store.pool();
    let size = f64::from(pool.size());
    let idle = f64::from(u32::try_from(pool.num_idle()).unwrap_or(u32::MAX));
    gauge!("db_pool_connections", "pool" => "sqlx", "state" => "idle").set(idle);
    gauge!("db_pool_connections", "pool" => "sqlx", "state" => "in_use").set(size - idle);
    if let Ok(pending) = exporter.store.count_ceremonies().await {
        #[allow(clippy::cast_precision_loss)] // Exact below 2^53 ceremonies.
        gauge!("ceremonies_pending").set(pending as f64);
    }
    exporter.handle.render()
}

/// Serves `GET /metrics` on `bind` until the process ends.
pub async fn serve(bind: SocketAddr, handle: PrometheusHandle, store: Store) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind).await?;
    tracing::info!("metrics on http://{}/metrics", listener.local_addr()?);
    let app = Router::new()
        .route("/metrics", get(render))
        .with_state(Exporter { handle, store });
    tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, app).await {
            tracing::error!(%err, "the metrics listener stopped");
        }
    });
    Ok(())
}
