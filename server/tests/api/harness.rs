//! Drives the router like an HTTP client and looks into the database behind it.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use server::{AppState, Config, router};
use sqlx::Row as _;
use tempfile::TempDir;
use tower::ServiceExt as _;

use crate::authenticator::{Alg, SoftKey};
use crate::pg::{self, TempDatabase};

pub struct TestServer {
    pub state: AppState,
    app: Router,
    _dir: TempDir,
    /// Dropped last: the PostgreSQL database behind `state`, if any.
    _db: Option<TempDatabase>,
}

/// The database a test runs against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    /// Asserts an error envelope with this status and code.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            (self.status.as_u16(), self.body["error"]["code"].as_str()),
            (status, Some(code)),
            "unexpected reply: {}",
            self.text
        );
        assert!(
            self.body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "error without message: {}",
            self.text
        );
        assert_eq!(
            self.headers.get(header::CONTENT_TYPE).unwrap(),
            "application/json"
        );
    }

    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected reply: {}",
            self.text
        );
        &self.body
    }
}

/// Counts of everything a failed request must leave untouched.
#[derive(Debug, PartialEq, Eq, Clone)]
pub struct Snapshot {
    pub users: i64,
    pub passkeys: Vec<(String, i64, Option<i64>, i64)>,
    pub sessions: i64,
}

/// Set to `1` to run every API test on PostgreSQL instead of SQLite.
pub const ALL_ON_POSTGRES: &str = "CRUX_TEST_API_ON_POSTGRES";

pub fn test_config() -> Config {
    let mut config = Config::local_default();
    config.rate_limit_burst = 100_000;
    config.rate_limit_per_minute = 100_000;
    config.web_root = "/nonexistent/web-root".into();
    config
}

impl TestServer {
    pub async fn new() -> Self {
        Self::with(|_| {}).await
    }

    /// A server on a fresh SQLite file, or, when `CRUX_TEST_API_ON_POSTGRES=1`, on a fresh
    /// PostgreSQL database: the test command runs the whole API suite once on each.
    pub async fn with(adjust: impl FnOnce(&mut Config)) -> Self {
        if std::env::var(ALL_ON_POSTGRES).is_ok_and(|v| v == "1") {
            let admin = pg::admin_url("the whole API suite")
                .unwrap_or_else(|| panic!("{ALL_ON_POSTGRES}=1 needs {}", pg::ENV));
            let database = TempDatabase::create(&admin);
            let mut config = test_config();
            adjust(&mut config);
            config.database.clone_from(&database.url);
            return Self::start(config, tempfile::tempdir().unwrap(), Some(database)).await;
        }
        Self::on_sqlite(adjust).await
    }

    async fn on_sqlite(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut config = test_config();
        config.database = format!("sqlite://{}/test.db", dir.path().display());
        adjust(&mut config);
        Self::start(config, dir, None).await
    }

    /// A server on `db`; `None` (after a SKIPPED line) when PostgreSQL is not configured.
    pub async fn on(db: Db, test: &str) -> Option<Self> {
        match db {
            Db::Sqlite => Some(Self::on_sqlite(|_| {}).await),
            Db::Postgres => {
                let database = TempDatabase::create(&pg::admin_url(test)?);
                Some(Self::on_url(database).await)
            }
        }
    }

    /// A server on an existing PostgreSQL test database, which it then owns.
    pub async fn on_url(database: TempDatabase) -> Self {
        let mut config = test_config();
        config.database.clone_from(&database.url);
        Self::start(config, tempfile::tempdir().unwrap(), Some(database)).await
    }

    /// A second instance on the same database as `self`, sharing nothing else with it.
    /// It must be dropped before `self`, which owns the database.
    pub async fn sibling(&self) -> Self {
        let mut config = test_config();
        config.database.clone_from(&self.state.config.database);
        Self::start(config, tempfile::tempdir().unwrap(), None).await
    }

    async fn start(config: Config, dir: TempDir, db: Option<TempDatabase>) -> Self {
        let state = AppState::new(config).await.unwrap();
        Self {
            app: router(state.clone()),
            state,
            _dir: dir,
            _db: db,
        }
    }

    pub async fn request(&self, request: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
            text,
        }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> Reply {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(json) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        self.request(builder.body(body).unwrap()).await
    }

    /// A request with any headers (`Cookie`, `Origin`, …) and an optional JSON body.
    pub async fn call_with(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut builder = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let body = match body {
            Some(json) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        self.request(builder.body(body).unwrap()).await
    }

    /// Adds `key` to the account of `token`: `passkeys/start` and `finish`.
    pub async fn add_passkey(&self, token: &str, key: &mut SoftKey) -> Reply {
        let start = self.post_as(token, "/auth/passkeys/start", json!({})).await;
        if start.status != StatusCode::OK {
            return start;
        }
        let credential = key.register(&start.body["options"]);
        self.post_as(
            token,
            "/auth/passkeys/finish",
            json!({"ceremonyId": start.body["ceremonyId"], "credential": credential}),
        )
        .await
    }

    /// Re-authenticates the session `token` with `key`: `reauth/start` and `finish`.
    pub async fn reauth(&self, token: &str, key: &mut SoftKey) -> Reply {
        let start = self.post_as(token, "/auth/reauth/start", json!({})).await;
        let body = start.assert_status(200);
        let credential = key.sign_in(&body["options"]);
        self.post_as(
            token,
            "/auth/reauth/finish",
            json!({"ceremonyId": body["ceremonyId"], "credential": credential}),
        )
        .await
    }

    /// Makes every session's last passkey assertion an hour old.
    pub async fn age_sessions(&self) {
        self.exec("UPDATE sessions SET authenticated_at = authenticated_at - 3600")
            .await;
    }

    /// When the session of `token` last saw a passkey assertion; `None` once it has ended.
    pub async fn authenticated_at(&self, token: &str) -> Option<i64> {
        sqlx::query("SELECT authenticated_at FROM sessions WHERE token_hash = $1")
            .bind(server::session::hash_token(token))
            .fetch_optional(self.state.store.pool())
            .await
            .unwrap()
            .map(|row| row.get("authenticated_at"))
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(body), None).await
    }

    pub async fn post_as(&self, token: &str, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(body), Some(token)).await
    }

    pub async fn get_as(&self, token: &str, path: &str) -> Reply {
        self.call(Method::GET, path, None, Some(token)).await
    }

    /// `register/start`, answering `(ceremonyId, options)`.
    pub async fn register_start(&self, username: &str) -> (String, Value) {
        let reply = self
            .post("/auth/register/start", json!({"username": username}))
            .await;
        let body = reply.assert_status(200);
        (
            body["ceremonyId"].as_str().unwrap().to_owned(),
            body["options"].clone(),
        )
    }

    pub async fn register_finish(&self, ceremony_id: &str, credential: Value) -> Reply {
        self.post(
            "/auth/register/finish",
            json!({"ceremonyId": ceremony_id, "credential": credential}),
        )
        .await
    }

    /// A complete sign-up; answers the key and the session token.
    pub async fn sign_up(&self, username: &str, alg: Alg) -> (SoftKey, String) {
        let mut key = SoftKey::generate(alg);
        let token = self.sign_up_with(username, &mut key).await;
        (key, token)
    }

    pub async fn sign_up_with(&self, username: &str, key: &mut SoftKey) -> String {
        let (ceremony, options) = self.register_start(username).await;
        let credential = key.register(&options);
        let reply = self.register_finish(&ceremony, credential).await;
        reply.assert_status(201)["session"]["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// `login/start`, with a username or usernameless.
    pub async fn login_start(&self, username: Option<&str>) -> (String, Value) {
        let body = match username {
            Some(name) => json!({"username": name}),
            None => json!({}),
        };
        let reply = self.post("/auth/login/start", body).await;
        let body = reply.assert_status(200);
        (
            body["ceremonyId"].as_str().unwrap().to_owned(),
            body["options"].clone(),
        )
    }

    pub async fn login_finish(&self, ceremony_id: &str, credential: Value) -> Reply {
        self.post(
            "/auth/login/finish",
            json!({"ceremonyId": ceremony_id, "credential": credential}),
        )
        .await
    }

    /// A complete sign-in; answers the session token.
    pub async fn sign_in(&self, username: Option<&str>, key: &mut SoftKey) -> String {
        let (ceremony, options) = self.login_start(username).await;
        let credential = key.sign_in(&options);
        let reply = self.login_finish(&ceremony, credential).await;
        reply.assert_status(200)["session"]["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn snapshot(&self) -> Snapshot {
        let pool = self.state.store.pool();
        let users: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(pool)
            .await
            .unwrap()
            .get("n");
        let sessions: i64 = sqlx::query("SELECT COUNT(*) AS n FROM sessions")
            .fetch_one(pool)
            .await
            .unwrap()
            .get("n");
        let passkeys =
            sqlx::query("SELECT id, counter, last_used_at, backed_up FROM passkeys ORDER BY id")
                .fetch_all(pool)
                .await
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r.get("id"),
                        r.get("counter"),
                        r.get("last_used_at"),
                        r.get("backed_up"),
                    )
                })
                .collect();
        Snapshot {
            users,
            passkeys,
            sessions,
        }
    }

    pub async fn ceremonies(&self) -> i64 {
        self.state.store.count_ceremonies().await.unwrap()
    }

    pub async fn exec(&self, sql: &str) {
        sqlx::query(sql)
            .execute(self.state.store.pool())
            .await
            .unwrap();
    }

    pub async fn stored_counter(&self, passkey_id: &str) -> i64 {
        sqlx::query("SELECT counter FROM passkeys WHERE id = $1")
            .bind(passkey_id)
            .fetch_one(self.state.store.pool())
            .await
            .unwrap()
            .get("counter")
    }
}
