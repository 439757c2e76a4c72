//! Per-client rate limiting of the ceremony endpoints (tower_governor), answering 429
//! `RATE_LIMITED` in the error envelope.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, header};
use axum::response::IntoResponse;
use crux_passkey_api::ErrorCode;
use tower_governor::GovernorError;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::{KeyExtractor, SmartIpKeyExtractor};

use crate::config::Config;
use crate::error::ApiError;

/// The client's address: the TCP peer, or the proxy's forwarded address when trusted.
#[derive(Clone, Copy, Debug)]
pub struct ClientIp {
    trust_proxy_headers: bool,
}

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<IpAddr, GovernorError> {
        if self.trust_proxy_headers
            && let Ok(ip) = SmartIpKeyExtractor.extract(req)
        {
            return Ok(ip);
        }
        // Without a peer address (in-process tests) every request shares one bucket.
        Ok(req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip()))
    }
}

pub type Layer = tower_governor::GovernorLayer<
    ClientIp,
    governor::middleware::NoOpMiddleware<governor::clock::QuantaInstant>,
    Body,
>;

/// The layer, and a function that forgets idle clients (called by the purge task).
pub fn layer(config: &Config) -> anyhow::Result<(Layer, Arc<dyn Fn() + Send + Sync>)> {
    let per_minute = u64::from(config.rate_limit_per_minute.max(1));
    let period = Duration::from_millis((60_000 / per_minute).max(1));
    let governor = GovernorConfigBuilder::default()
        .key_extractor(ClientIp {
            trust_proxy_headers: config.trust_proxy_headers,
        })
        .period(period)
        .burst_size(config.rate_limit_burst.max(1))
        .finish()
        .ok_or_else(|| anyhow::anyhow!("invalid rate limit settings"))?;
    let limiter = governor.limiter().clone();
    let forget_idle: Arc<dyn Fn() + Send + Sync> = Arc::new(move || limiter.retain_recent());
    let layer = tower_governor::GovernorLayer::new(governor).error_handler(limited);
    Ok((layer, forget_idle))
}

fn limited(error: GovernorError) -> Response<Body> {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            let mut response = ApiError::new(
                ErrorCode::RateLimited,
                format!("too many requests; retry in {wait_time} s"),
            )
            .into_response();
            if let Ok(value) = wait_time.to_string().parse() {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
        other => ApiError::internal(format!("rate limiter: {other}")).into_response(),
    }
}
