//! The HTTP effect: `fetch` with the request's method, headers and body. Every status comes back
//! as a response; only a failure to get one is an error.

use crux_http::HttpError;
use crux_http::protocol::{HttpHeader, HttpRequest, HttpResponse, HttpResult};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestCredentials, RequestInit, Response};

pub async fn send(request: HttpRequest) -> HttpResult {
    match fetch(&request).await {
        Ok(response) => HttpResult::Ok(response),
        Err(error) => HttpResult::Err(error),
    }
}

fn describe(value: &JsValue) -> String {
    js_sys::Reflect::get(value, &JsValue::from_str("message"))
        .ok()
        .and_then(|message| message.as_string())
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

async fn fetch(request: &HttpRequest) -> Result<HttpResponse, HttpError> {
    let headers = Headers::new().map_err(|e| HttpError::Io(describe(&e)))?;
    for header in &request.headers {
        headers
            .append(&header.name, &header.value)
            .map_err(|e| HttpError::Io(format!("header {}: {}", header.name, describe(&e))))?;
    }
    let init = RequestInit::new();
    init.set_method(&request.method);
    init.set_headers(&headers);
    // The session cookie goes with same-origin calls, so the web needs no bearer token.
    init.set_credentials(RequestCredentials::SameOrigin);
    if !request.body.is_empty() {
        init.set_body(&Uint8Array::from(request.body.as_slice()));
    }
    let fetch_request = Request::new_with_str_and_init(&request.url, &init)
        .map_err(|e| HttpError::Url(describe(&e)))?;
    let window = web_sys::window().ok_or_else(|| HttpError::Io("no window".to_owned()))?;
    let response: Response = JsFuture::from(window.fetch_with_request(&fetch_request))
        .await
        .map_err(|e| HttpError::Io(describe(&e)))?
        .dyn_into()
        .map_err(|e| HttpError::Io(describe(&e)))?;

    let mut response_headers = Vec::new();
    if let Ok(Some(entries)) = js_sys::try_iter(&response.headers()) {
        for entry in entries.flatten() {
            let pair: Array = entry.unchecked_into();
            if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                response_headers.push(HttpHeader { name, value });
            }
        }
    }
    let buffer = response
        .array_buffer()
        .map_err(|e| HttpError::Io(describe(&e)))?;
    let body = JsFuture::from(buffer)
        .await
        .map_err(|e| HttpError::Io(describe(&e)))?;
    Ok(HttpResponse {
        status: response.status(),
        headers: response_headers,
        body: Uint8Array::new(&body).to_vec(),
    })
}
