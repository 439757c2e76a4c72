//! Credentials arrive as browsers' `toJSON()` (`clientExtensionResults`), Android Credential
//! Manager JSON, or the older webauthn-rs shape (`extensions`), with base64url that may be
//! padded or standard base64. They are rewritten into the one shape webauthn-rs parses.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use webauthn_rs_core::proto::{PublicKeyCredential, RegisterPublicKeyCredential};

use crate::error::{ApiError, ApiResult};

/// WebAuthn L3 §7.1 step 25: a registration whose credential id is longer fails. Also
/// bounds what `login/start` lists per passkey.
pub const MAX_CREDENTIAL_ID: usize = 1023;

/// Base64url without padding, the encoding of everything this server sends.
#[must_use]
pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Accepts base64url or standard base64, padded or not.
#[must_use]
pub fn decode_b64(text: &str) -> Option<Vec<u8>> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            other => other,
        })
        .collect();
    URL_SAFE_NO_PAD.decode(cleaned).ok()
}

pub fn registration(credential: &Value) -> ApiResult<RegisterPublicKeyCredential> {
    let normalized = normalize(
        credential,
        &["attestationObject", "clientDataJSON"],
        &[],
        true,
    )?;
    parse(normalized)
}

pub fn assertion(credential: &Value) -> ApiResult<PublicKeyCredential> {
    let normalized = normalize(
        credential,
        &["authenticatorData", "clientDataJSON", "signature"],
        &["userHandle"],
        false,
    )?;
    parse(normalized)
}

fn normalize(
    credential: &Value,
    required: &[&str],
    optional: &[&str],
    keep_transports: bool,
) -> ApiResult<Map<String, Value>> {
    let obj = credential
        .as_object()
        .ok_or_else(|| malformed("the credential must be a JSON object"))?;

    let id_bytes = obj.get("id").map(|v| binary(v, "id")).transpose()?;
    let raw_bytes = obj.get("rawId").map(|v| binary(v, "rawId")).transpose()?;
    let raw_id = match (id_bytes, raw_bytes) {
        (Some(id), Some(raw)) if id != raw => {
            return Err(malformed("the credential's id and rawId differ"));
        }
        (_, Some(raw)) => raw,
        (Some(id), None) => id,
        (None, None) => return Err(malformed("the credential has no id")),
    };
    if raw_id.is_empty() {
        return Err(malformed("the credential id is empty"));
    }
    if raw_id.len() > MAX_CREDENTIAL_ID {
        return Err(malformed(format!(
            "the credential id is longer than {MAX_CREDENTIAL_ID} bytes"
        )));
    }
    match obj.get("type").and_then(Value::as_str) {
        Some("public-key") => {}
        _ => return Err(malformed("the credential's type must be \"public-key\"")),
    }

    let response = obj
        .get("response")
        .and_then(Value::as_object)
        .ok_or_else(|| malformed("the credential has no response object"))?;
    let mut out_response = Map::new();
    for field in required {
        let value = response
            .get(*field)
            .ok_or_else(|| malformed(format!("response.{field} is missing")))?;
        out_response.insert(
            (*field).to_owned(),
            Value::String(b64(&binary(value, field)?)),
        );
    }
    for field in optional {
        match response.get(*field) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if s.is_empty() => {}
            Some(value) => {
                out_response.insert(
                    (*field).to_owned(),
                    Value::String(b64(&binary(value, field)?)),
                );
            }
        }
    }
    if keep_transports && let Some(Value::Array(items)) = response.get("transports") {
        let transports: Vec<Value> = items.iter().filter(|t| t.is_string()).cloned().collect();
        out_response.insert("transports".to_owned(), Value::Array(transports));
    }

    let extensions = obj
        .get("clientExtensionResults")
        .or_else(|| obj.get("extensions"))
        .filter(|v| v.is_object())
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));

    let mut out = Map::new();
    out.insert("id".to_owned(), Value::String(b64(&raw_id)));
    out.insert("rawId".to_owned(), Value::String(b64(&raw_id)));
    out.insert("type".to_owned(), Value::String("public-key".to_owned()));
    out.insert("response".to_owned(), Value::Object(out_response));
    out.insert("extensions".to_owned(), extensions);
    Ok(out)
}

/// Client extension outputs are unsigned hints; a shape webauthn-rs does not know must not
/// sink an otherwise valid credential, so a second attempt drops them.
fn parse<T: DeserializeOwned>(mut normalized: Map<String, Value>) -> ApiResult<T> {
    match serde_json::from_value(Value::Object(normalized.clone())) {
        Ok(parsed) => Ok(parsed),
        Err(first) => {
            normalized.insert("extensions".to_owned(), Value::Object(Map::new()));
            serde_json::from_value(Value::Object(normalized))
                .map_err(|_| malformed(format!("the credential could not be parsed: {first}")))
        }
    }
}

fn binary(value: &Value, field: &str) -> ApiResult<Vec<u8>> {
    value
        .as_str()
        .and_then(decode_b64)
        .ok_or_else(|| malformed(format!("{field} is not valid base64url")))
}

fn malformed(message: impl Into<String>) -> ApiError {
    ApiError::invalid_request(message)
}

/// Removes `null` members: WebIDL dictionaries reject `null` for enum-typed members, so
/// `PublicKeyCredential.parseCreationOptionsFromJSON` would throw on them.
pub fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}
