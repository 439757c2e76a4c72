//! Per-client rate limiting of the ceremony endpoints, answering 429 `RATE_LIMITED` in the
//! error envelope. The budget is a GCRA bucket per client address (`client_address`,
//! `bucket`): in the process (governor) on SQLite, which is one instance, and in the
//! database on PostgreSQL, so that N instances do not give a client N budgets.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use crux_passkey_api::ErrorCode;
use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use ipnet::IpNet;

use crate::AppState;
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::store::{Backend, Store};

/// Where the buckets live.
pub enum Limiter {
    Local(DefaultKeyedRateLimiter<IpAddr>),
    Shared(SharedQuota),
}

/// A GCRA quota in milliseconds, for the buckets kept in the database.
#[derive(Clone, Copy, Debug)]
pub struct SharedQuota {
    /// One request's worth of budget comes back every this many milliseconds.
    pub emission_ms: i64,
    /// How far ahead of now a bucket's theoretical arrival time may run: the burst.
    pub tolerance_ms: i64,
}

impl Limiter {
    pub fn new(config: &Config, backend: Backend) -> Self {
        let per_minute = u64::from(config.rate_limit_per_minute.max(1));
        let emission = Duration::from_millis((60_000 / per_minute).max(1));
        let burst = NonZeroU32::new(config.rate_limit_burst.max(1)).unwrap_or(NonZeroU32::MIN);
        match backend {
            Backend::Sqlite => {
                let quota = Quota::with_period(emission)
                    .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
                    .allow_burst(burst);
                Self::Local(RateLimiter::keyed(quota))
            }
            Backend::Postgres => {
                let emission_ms = i64::try_from(emission.as_millis()).unwrap_or(i64::MAX);
                Self::Shared(SharedQuota {
                    emission_ms,
                    tolerance_ms: emission_ms.saturating_mul(i64::from(burst.get()) - 1),
                })
            }
        }
    }

    /// Takes one request from the client's budget; `Err(wait)` when it is spent.
    async fn check(&self, store: &Store, client: IpAddr) -> ApiResult<Result<(), Duration>> {
        match self {
            Self::Local(limiter) => Ok(limiter
                .check_key(&client)
                .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))),
            Self::Shared(quota) => store.take_rate_budget(&client.to_string(), *quota).await,
        }
    }

    /// Forgets buckets of clients that went quiet (the purge task calls this).
    pub async fn forget_idle(&self, store: &Store) {
        match self {
            Self::Local(limiter) => limiter.retain_recent(),
            Self::Shared(_) => {
                if let Err(err) = store.purge_rate_budgets().await {
                    tracing::warn!(%err, "purging rate-limit buckets failed");
                }
            }
        }
    }
}

/// The middleware in front of the ceremony routes.
pub async fn limit(State(app): State<AppState>, request: Request, next: Next) -> Response {
    // Without a peer address (in-process tests) every request shares one bucket.
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let client = peer.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |peer| {
        client_address(peer, request.headers(), &app.config.trusted_proxies)
    });
    match app.rate_limiter.check(&app.store, bucket(client)).await {
        Ok(Ok(())) => next.run(request).await,
        Ok(Err(wait)) => limited(wait),
        Err(err) => err.into_response(),
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

fn limited(wait: Duration) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let seconds = seconds.max(1);
    let mut response = ApiError::new(
        ErrorCode::RateLimited,
        format!("too many requests; retry in {seconds} s"),
    )
    .into_response();
    if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn forwarded(chain: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_str(chain).unwrap());
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn a_malformed_hop_stops_the_walk_at_the_last_good_one() {
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        let headers = forwarded("198.51.100.7, not-an-address, 10.0.0.2");
        assert_eq!(
            client_address(ip("10.0.0.1"), &headers, &trusted),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn a_chain_of_trusted_proxies_only_names_its_leftmost() {
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        let headers = forwarded("10.9.9.9, 10.0.0.2");
        assert_eq!(
            client_address(ip("10.0.0.1"), &headers, &trusted),
            ip("10.9.9.9")
        );
    }

    #[test]
    fn an_ipv4_mapped_peer_is_matched_as_ipv4() {
        let trusted = ["127.0.0.0/8".parse().unwrap()];
        let headers = forwarded("198.51.100.7");
        assert_eq!(
            client_address(ip("::ffff:127.0.0.1"), &headers, &trusted),
            ip("198.51.100.7")
        );
        assert_eq!(bucket(ip("::ffff:198.51.100.7")), ip("198.51.100.7"));
    }
}
