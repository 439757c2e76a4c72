//! The built web shell from `--web-root`, or a page explaining how to build it.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_SECURITY_POLICY;
use axum::http::{Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

use crate::AppState;
use crate::error::ApiError;

/// Checked per request so building the shell while the server runs needs no restart.
pub async fn serve(State(app): State<AppState>, request: Request) -> Response {
    let root = &app.config.web_root;
    let is_api = request.uri().path().starts_with("/auth/")
        || request.uri().path().starts_with("/.well-known/");
    if is_api {
        return ApiError::not_found("route").into_response();
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            ApiError::invalid_request("method not allowed on this resource"),
        )
            .into_response();
    }
    if root.join("index.html").is_file() {
        return match ServeDir::new(root).oneshot(request).await {
            Ok(response) => response.map(Body::new),
            Err(err) => ApiError::internal(err).into_response(),
        };
    }
    if request.uri().path() == "/" {
        let root = root.display().to_string();
        // Its one inline style needs a policy of its own.
        return (
            [(
                CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
            )],
            Html(build_help(&escape_html(&root))),
        )
            .into_response();
    }
    ApiError::not_found("file").into_response()
}

fn build_help(root: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Crux Passkey server</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}}
code,pre{{background:#f3f3f3;padding:.1rem .3rem;border-radius:4px}}</style></head>
<body>
<h1>Crux Passkey server is running</h1>
<p>The web shell has not been built: there is no <code>{root}/index.html</code>.</p>
<p>Build it from the repository root, then reload this page:</p>
<pre>cargo xtask build-web</pre>
<p>(or <code>cargo xtask run</code>, which builds it and starts this server).</p>
<p>Or point the server at another build with <code>--web-root &lt;dir&gt;</code>
(environment <code>CRUX_WEB_ROOT</code>).</p>
<p>The API lives under <code>/auth/</code>; see <code>server/README.md</code>.</p>
</body></html>
"#
    )
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
