//! Rate-limit buckets in PostgreSQL, so every instance draws on one budget per client. One
//! statement per request (GCRA): the bucket's theoretical arrival time moves one emission
//! interval ahead, unless that would run further ahead of now than the burst allows, in
//! which case nothing is written and the request is refused. The database's clock is used,
//! so instances with skewed clocks still agree.

use std::time::Duration;

use sqlx::Row as _;

use super::Store;
use crate::error::ApiResult;
use crate::rate_limit::SharedQuota;

// `now()` is fixed for the statement, so every mention below reads the same instant.
const NOW_MS: &str = "CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT)";

impl Store {
    /// Takes one request from `bucket`; `Err(wait)` when its budget is spent.
    pub async fn take_rate_budget(
        &self,
        bucket: &str,
        quota: SharedQuota,
    ) -> ApiResult<Result<(), Duration>> {
        let taken = sqlx::query(&format!(
            "INSERT INTO rate_limits (bucket, tat) VALUES ($1, {NOW_MS} + $2) \
             ON CONFLICT (bucket) DO UPDATE \
             SET tat = GREATEST(rate_limits.tat, {NOW_MS}) + $2 \
             WHERE GREATEST(rate_limits.tat, {NOW_MS}) - {NOW_MS} <= $3 \
             RETURNING tat"
        ))
        .bind(bucket)
        .bind(quota.emission_ms)
        .bind(quota.tolerance_ms)
        .fetch_optional(&self.pool)
        .await?;
        if taken.is_some() {
            return Ok(Ok(()));
        }
        let wait_ms: i64 = sqlx::query(&format!(
            "SELECT tat - {NOW_MS} - $2 AS wait FROM rate_limits WHERE bucket = $1"
        ))
        .bind(bucket)
        .bind(quota.tolerance_ms)
        .fetch_optional(&self.pool)
        .await?
        .map(|row| row.try_get("wait"))
        .transpose()?
        .unwrap_or(quota.emission_ms);
        Ok(Err(Duration::from_millis(
            u64::try_from(wait_ms).unwrap_or(0).max(1),
        )))
    }

    /// Removes buckets whose budget is whole again.
    pub async fn purge_rate_budgets(&self) -> ApiResult<u64> {
        Ok(
            sqlx::query(&format!("DELETE FROM rate_limits WHERE tat < {NOW_MS}"))
                .execute(&self.pool)
                .await?
                .rows_affected(),
        )
    }
}
