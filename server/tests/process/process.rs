//! A server child process with its own log file, killed when the guard goes (also when a
//! test fails), and a small blocking HTTP client for it.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const READY_TIMEOUT: Duration = Duration::from_secs(60);

pub struct ServerProcess {
    child: Child,
    pub name: String,
    pub base: String,
    log: PathBuf,
}

impl ServerProcess {
    /// Starts the binary on an OS-chosen loopback port and waits until it answers. The load
    /// tests are one client, so the rate limit is raised: it is not what they measure.
    pub fn start(name: &str, database: &str, log_dir: &Path) -> Self {
        Self::start_with(
            name,
            database,
            log_dir,
            &[
                "--rate-limit-burst",
                "1000000",
                "--rate-limit-per-minute",
                "1000000",
            ],
        )
    }

    /// `start` with the server's own defaults plus `flags`.
    pub fn start_with(name: &str, database: &str, log_dir: &Path, flags: &[&str]) -> Self {
        let log = log_dir.join(format!("{name}.log"));
        let out = File::create(&log).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["--bind", "127.0.0.1:0", "--database", database])
            .args(["--web-root", "/nonexistent/web-root"])
            .args(flags)
            // The "listening on" line (server=info) carries the port; per-request logs stay off.
            .env("RUST_LOG", "warn,server=info")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap();
        let mut server = Self {
            child,
            name: name.to_owned(),
            base: String::new(),
            log,
        };
        server.base = format!("http://{}", server.wait_for_address());
        server.wait_until_ready();
        server
    }

    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: no graceful shutdown, nothing flushed that was not already committed.
    pub fn kill(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }

    /// SIGTERM: the graceful shutdown.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the process to exit by itself; `None` if it is still running after `within`.
    pub fn exit_status(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// The address after `prefix` in the log (e.g. "metrics on http://").
    pub fn logged_address(&self, prefix: &str) -> Option<String> {
        let log = self.log();
        let rest = log.split(prefix).nth(1)?;
        Some(
            rest.chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
                .collect(),
        )
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The address from the "listening on http://…" line of the log.
    fn wait_for_address(&mut self) -> String {
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            let log = self.log();
            if let Some(rest) = log.split("listening on http://").nth(1) {
                return rest
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
                    .collect();
            }
            self.assert_alive(deadline);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Polls `GET /auth/session` until it answers 401.
    fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + READY_TIMEOUT;
        let client = self.client();
        loop {
            if let Ok(reply) = client.call("GET", "/auth/session", None, None)
                && reply.status == 401
            {
                return;
            }
            self.assert_alive(deadline);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn assert_alive(&mut self, deadline: Instant) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!("server {} exited with {status}:\n{}", self.name, self.log());
        }
        assert!(
            Instant::now() < deadline,
            "server {} not ready in time:\n{}",
            self.name,
            self.log()
        );
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub text: String,
}

impl Reply {
    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &Value {
        assert_eq!(self.status, status, "unexpected reply: {}", self.text);
        &self.body
    }

    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            (self.status, self.body["error"]["code"].as_str()),
            (status, Some(code)),
            "unexpected reply: {}",
            self.text
        );
    }
}

/// Blocking HTTP to one server. No proxy, whatever the environment says: loopback only.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    base: String,
}

impl Client {
    pub fn new(base: &str) -> Self {
        assert!(
            base.starts_with("http://127.0.0.1:"),
            "not loopback: {base}"
        );
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .new_agent();
        Self {
            agent,
            base: base.to_owned(),
        }
    }

    /// One request; `Err` when the connection failed (e.g. the server was killed).
    pub fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        token: Option<&str>,
    ) -> Result<Reply, ureq::Error> {
        let url = format!("{}{path}", self.base);
        let auth = token.map(|t| format!("Bearer {t}"));
        let mut response = match (method, body) {
            ("GET", _) => {
                let mut request = self.agent.get(&url);
                if let Some(auth) = &auth {
                    request = request.header("Authorization", auth);
                }
                request.call()?
            }
            (_, body) => {
                let mut request = self.agent.post(&url);
                if let Some(auth) = &auth {
                    request = request.header("Authorization", auth);
                }
                match body {
                    Some(json) => request.send_json(json)?,
                    None => request.send_empty()?,
                }
            }
        };
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string()?;
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(Reply { status, body, text })
    }

    pub fn post(&self, path: &str, body: &Value) -> Reply {
        self.call("POST", path, Some(body), None).unwrap()
    }

    pub fn get_as(&self, token: &str, path: &str) -> Reply {
        self.call("GET", path, None, Some(token)).unwrap()
    }
}
