//! What a client can do to the real listener: trickle a request head, stall a body, or rotate
//! `X-Forwarded-For` to escape the rate limit.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::process::ServerProcess;

fn connect(server: &ServerProcess) -> TcpStream {
    let address = server.base.trim_start_matches("http://");
    let stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
}

/// Reads until the server closes the connection or the read times out; `true` when closed.
fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut buffer = [0_u8; 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

/// One request on a fresh connection; answers the status line's code.
fn status_of(server: &ServerProcess, request: &str) -> u16 {
    let mut stream = connect(server);
    stream.write_all(request.as_bytes()).unwrap();
    let mut reply = String::new();
    let mut buffer = [0_u8; 4096];
    while !reply.contains("\r\n\r\n") {
        let n = stream.read(&mut buffer).unwrap();
        assert!(n > 0, "closed before answering: {reply:?}");
        reply.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
    reply
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status in {reply:?}"))
}

#[test]
fn a_request_head_trickled_byte_by_byte_is_cut_off() {
    let logs = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/db.sqlite", logs.path().display());
    let server = ServerProcess::start_with(
        "slowloris",
        &db,
        logs.path(),
        &["--header-read-timeout", "1s"],
    );
    let mut stream = connect(&server);
    let started = Instant::now();
    let head = b"GET /auth/session HTTP/1.1\r\nHost: localhost\r\nX-Padding: ";
    let mut cut_off = false;
    // One byte every 200 ms: the head would take minutes to complete.
    for byte in head.iter().chain(std::iter::repeat_n(&b'a', 100)) {
        if stream.write_all(&[*byte]).is_err() {
            cut_off = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
        if started.elapsed() > Duration::from_secs(6) {
            break;
        }
    }
    assert!(
        cut_off || closed_by_server(&mut stream),
        "the connection was still open after {:?}",
        started.elapsed()
    );
    assert!(started.elapsed() < Duration::from_secs(8));
    // A client that sends its head at once is served as usual.
    assert_eq!(
        status_of(
            &server,
            "GET /auth/session HTTP/1.1\r\nHost: localhost\r\n\r\n"
        ),
        401
    );
}

#[test]
fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
    let logs = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/db.sqlite", logs.path().display());
    let server =
        ServerProcess::start_with("idle", &db, logs.path(), &["--header-read-timeout", "1s"]);
    let mut stream = connect(&server);
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut buffer = [0_u8; 4096];
    let n = stream.read(&mut buffer).unwrap();
    assert!(String::from_utf8_lossy(&buffer[..n]).starts_with("HTTP/1.1 200"));
    let started = Instant::now();
    assert!(
        closed_by_server(&mut stream),
        "the idle connection stayed open"
    );
    assert!(started.elapsed() < Duration::from_secs(8));
}

#[test]
fn a_stalled_request_body_times_out() {
    let logs = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/db.sqlite", logs.path().display());
    let server = ServerProcess::start_with("stall", &db, logs.path(), &["--request-timeout", "1s"]);
    let started = Instant::now();
    let status = status_of(
        &server,
        "POST /auth/login/start HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: 100\r\n\r\n{\"user",
    );
    assert_eq!(status, 408);
    assert!(started.elapsed() < Duration::from_secs(10));
}

fn login_start_from(server: &ServerProcess, forwarded_for: Option<&str>) -> u16 {
    let body = "{}";
    let forwarded = forwarded_for
        .map(|f| format!("X-Forwarded-For: {f}\r\n"))
        .unwrap_or_default();
    status_of(
        server,
        &format!(
            "POST /auth/login/start HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
             {forwarded}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

const TIGHT: [&str; 4] = ["--rate-limit-burst", "2", "--rate-limit-per-minute", "1"];

#[test]
fn forwarded_addresses_count_only_from_trusted_proxies() {
    let logs = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/db.sqlite", logs.path().display());
    let server = ServerProcess::start_with("direct", &db, logs.path(), &TIGHT);
    // The peer is the client: a new X-Forwarded-For each time buys nothing.
    let statuses: Vec<u16> = (1..=3)
        .map(|i| login_start_from(&server, Some(&format!("198.51.100.{i}"))))
        .collect();
    assert_eq!(statuses, [200, 200, 429]);
}

#[test]
fn behind_a_trusted_proxy_the_rightmost_untrusted_address_is_the_client() {
    let logs = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/db.sqlite", logs.path().display());
    let mut flags = TIGHT.to_vec();
    flags.extend([
        "--trusted-proxy",
        "127.0.0.0/8",
        "--trusted-proxy",
        "10.0.0.0/8",
    ]);
    let server = ServerProcess::start_with("proxied", &db, logs.path(), &flags);
    let from = |chain: &str| login_start_from(&server, Some(chain));

    // Each client behind the proxy has its own budget.
    assert_eq!([from("198.51.100.1"), from("198.51.100.1")], [200, 200]);
    assert_eq!(from("198.51.100.1"), 429);
    assert_eq!(from("198.51.100.2"), 200);
    // What the client writes to the left of it changes nothing; another trusted hop to the
    // right is skipped.
    assert_eq!(from("203.0.113.7, 198.51.100.1"), 429);
    assert_eq!(from("198.51.100.1, 10.1.2.3"), 429);
    // IPv6 clients are keyed by their /64.
    assert_eq!([from("2001:db8::1"), from("2001:db8::2")], [200, 200]);
    assert_eq!(from("2001:db8::ffff:1"), 429);
    assert_eq!(from("2001:db8:0:1::1"), 200);
}
