-- Rate-limit buckets shared by every instance (GCRA): a client's theoretical arrival time, in
-- milliseconds of the database's clock. SQLite runs one instance and keeps them in memory.
CREATE TABLE rate_limits (
    bucket TEXT PRIMARY KEY,
    tat    BIGINT NOT NULL
);
CREATE INDEX rate_limits_tat ON rate_limits(tat);
