//! Calls to the companion server: URL building, the bearer token, and turning every way a call
//! can fail into one [`ApiFailure`].

use std::future::Future;

use crux_core::{Request, command::RequestBuilder};
use crux_http::{HttpError, HttpRequest, http::Method};
use serde::{Serialize, de::DeserializeOwned};
use url::Url;

use crate::api::ErrorEnvelope;

/// Why a call to the server did not produce the answer the core expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ApiFailure {
    /// The server answered with an error status. `code` is the envelope's code when it sent one.
    Rejected {
        /// The HTTP status.
        status: u16,
        /// The envelope's code; `None` when the answer had no envelope (a proxy's error page).
        code: Option<String>,
        /// The envelope's message, or the status's reason phrase.
        message: String,
    },
    /// The request never got an answer: offline, DNS, TLS, timeout.
    Network(String),
    /// The server answered 2xx, but not with what the API promises.
    BadResponse(String),
    /// The core has no usable server URL.
    NotConfigured,
}

/// The result of one call to the server.
pub(crate) type ApiResult<T> = Result<T, ApiFailure>;

/// Parses and checks a server base URL. Only http(s) URLs that can take path segments are usable.
pub(crate) fn parse_base_url(input: &str) -> Result<Url, String> {
    let url = Url::parse(input.trim()).map_err(|e| format!("not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "the scheme must be http or https, not {}",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) || url.cannot_be_a_base() {
        return Err("the URL has no host".to_owned());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("the URL must not have a query or fragment".to_owned());
    }
    Ok(url)
}

/// A session token is only ever sent back as a header, so it must be a valid header value.
#[must_use]
pub(crate) fn is_usable_token(token: &str) -> bool {
    !token.is_empty() && token.len() <= 512 && token.bytes().all(|b| b.is_ascii_graphic())
}

/// `base` joined with `segments`, each percent-encoded as one path segment.
pub(crate) fn endpoint<'a>(
    base: &Url,
    segments: impl IntoIterator<Item = &'a str>,
) -> Result<Url, ApiFailure> {
    let mut url = base.clone();
    url.path_segments_mut()
        .map_err(|()| ApiFailure::NotConfigured)?
        .pop_if_empty()
        .extend(segments);
    Ok(url)
}

/// One call: method, URL, optional bearer token and optional JSON body.
pub(crate) struct Call<'a, B> {
    pub method: Method,
    pub url: Url,
    pub token: Option<&'a str>,
    pub body: Option<&'a B>,
}

/// Builds the HTTP request for `call` and decodes a JSON answer into `T`.
pub(crate) fn json<Effect, AuthEvent, T, B>(
    call: Call<'_, B>,
) -> Result<
    RequestBuilder<
        Effect,
        AuthEvent,
        impl Future<Output = ApiResult<T>> + use<Effect, AuthEvent, T, B>,
    >,
    ApiFailure,
>
where
    Effect: Send + From<Request<HttpRequest>> + 'static,
    AuthEvent: Send + 'static,
    T: DeserializeOwned + Send + 'static,
    B: Serialize,
{
    let request = prepare(call)?.expect_json::<T>().build();
    Ok(request.map(|result| match result {
        Ok(mut response) => response
            .take_body()
            .ok_or_else(|| ApiFailure::BadResponse("the answer had no body".to_owned())),
        Err(error) => Err(failure_from(&error)),
    }))
}

/// Builds the HTTP request for `call` where success is `204 No Content`. Any other success
/// status is a bad response: a captive portal or a wrong base path answers 200 with a page,
/// and that must not pass for "deleted" or "signed out".
pub(crate) fn no_content<Effect, AuthEvent, B>(
    call: Call<'_, B>,
) -> Result<
    RequestBuilder<
        Effect,
        AuthEvent,
        impl Future<Output = ApiResult<()>> + use<Effect, AuthEvent, B>,
    >,
    ApiFailure,
>
where
    Effect: Send + From<Request<HttpRequest>> + 'static,
    AuthEvent: Send + 'static,
    B: Serialize,
{
    let request = prepare(call)?.build();
    Ok(request.map(|result| match result {
        Ok(response) if response.status() == crux_http::http::StatusCode::NO_CONTENT => Ok(()),
        Ok(response) => Err(ApiFailure::BadResponse(format!(
            "expected 204 No Content, got {}",
            response.status()
        ))),
        Err(error) => Err(failure_from(&error)),
    }))
}

fn prepare<Effect, AuthEvent, B>(
    call: Call<'_, B>,
) -> Result<crux_http::command::RequestBuilder<Effect, AuthEvent>, ApiFailure>
where
    Effect: Send + From<Request<HttpRequest>> + 'static,
    AuthEvent: Send + 'static,
    B: Serialize,
{
    let mut request =
        crux_http::Http::request(call.method, call.url).header("Accept", "application/json");
    if let Some(token) = call.token.filter(|token| is_usable_token(token)) {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    if let Some(body) = call.body {
        request = request
            .body_json(body)
            .map_err(|e| ApiFailure::BadResponse(format!("could not encode the request: {e}")))?;
    }
    Ok(request)
}

fn failure_from(error: &HttpError) -> ApiFailure {
    match error {
        HttpError::Http { code, message, .. } => {
            let envelope = error.body_json::<ErrorEnvelope>().ok();
            // Without an envelope, the status's reason phrase ("502 Bad Gateway") is all we have.
            let reason = message
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim();
            ApiFailure::Rejected {
                status: *code,
                code: envelope.as_ref().map(|e| e.error.code.clone()),
                message: envelope.map_or_else(|| reason.to_owned(), |e| e.error.message),
            }
        }
        HttpError::Url(message) | HttpError::Io(message) => ApiFailure::Network(message.clone()),
        HttpError::Timeout => ApiFailure::Network("the request timed out".to_owned()),
        other => ApiFailure::BadResponse(other.to_string()),
    }
}
