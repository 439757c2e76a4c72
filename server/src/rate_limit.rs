//! Per-client rate limiting of the ceremony endpoints (tower_governor), keyed by `ClientIp`, answering 429
//! `RATE_LIMITED` in the error envelope.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, Response, header};
use axum::response::IntoResponse;
use crux_passkey_api::ErrorCode;
use ipnet::IpNet;
use tower_governor::GovernorError;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;

use crate::config::Config;
use crate::error::ApiError;

/// Buckets clients by address: the TCP peer, or behind trusted proxies the forwarded client.
#[derive(Clone, Debug)]
pub struct ClientIp {
    trusted_proxies: Arc<[IpNet]>,
}

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<IpAddr, GovernorError> {
        // Without a peer address (in-process tests) every request shares one bucket.
        let peer = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip());
        let client = peer.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |peer| {
            client_address(peer, req.headers(), &self.trusted_proxies)
        });
        Ok(bucket(client))
    }
}

/// The client behind `peer`. Forwarded addresses count only when the peer is a trusted
/// proxy; each proxy appends the address it saw, so the list is read from the right and the
/// first address no trusted proxy owns is the client. Everything left of it was written by
/// the client itself and proves nothing.
#[must_use]
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&canonical(peer)) {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for entry in forwarded.iter().rev() {
        // A malformed entry was not written by a trusted proxy: stop at the last good hop.
        let Ok(ip) = entry.parse::<IpAddr>() else {
            break;
        };
        client = ip;
        if !is_trusted(&canonical(ip)) {
            break;
        }
    }
    client
}

/// IPv4-mapped IPv6 addresses are their IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// The rate-limit bucket of a client: its IPv4 address, or its IPv6 /64, since one
/// subscriber usually gets a whole /64 and could otherwise rotate through it.
#[must_use]
pub fn bucket(ip: IpAddr) -> IpAddr {
    match canonical(ip) {
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1_u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(prefix))
        }
        v4 => v4,
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
            trusted_proxies: config.trusted_proxies.clone().into(),
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
