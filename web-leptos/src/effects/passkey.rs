//! The passkey effect: `navigator.credentials` through `passkey.js`, every failure mapped.

use js_sys::Reflect;
use crux_passkey::passkey::{
    Mediation, PasskeyError, PasskeyErrorKind, PasskeyOperation, PasskeyResult, Signal,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::error_names::{Call, kind_for};

#[wasm_bindgen(module = "/src/effects/passkey.js")]
extern "C" {
    #[wasm_bindgen(js_name = passkeyCreate)]
    fn passkey_create(options_json: &str) -> js_sys::Promise;

    #[wasm_bindgen(js_name = passkeyGet)]
    fn passkey_get(options_json: &str, conditional: bool) -> js_sys::Promise;

    #[wasm_bindgen(js_name = passkeySignal)]
    fn passkey_signal(signal: &str, json: &str) -> js_sys::Promise;

    #[wasm_bindgen(js_name = abortConditional)]
    pub fn abort_conditional();

    #[wasm_bindgen(js_name = conditionalMediationAvailable)]
    fn conditional_mediation_available() -> js_sys::Promise;
}

pub async fn perform(operation: PasskeyOperation) -> PasskeyResult {
    let (promise, call) = match &operation {
        PasskeyOperation::Create { options_json } => (passkey_create(options_json), Call::Create),
        PasskeyOperation::Get {
            options_json,
            mediation,
        } => (
            passkey_get(options_json, *mediation == Mediation::Conditional),
            Call::Get,
        ),
        PasskeyOperation::Signal { signal, json } => {
            (passkey_signal(signal_name(*signal), json), Call::Signal)
        }
    };
    match (JsFuture::from(promise).await, call) {
        (Ok(_), Call::Signal) => PasskeyResult::Signalled,
        (Ok(value), Call::Create | Call::Get) => match value.as_string() {
            Some(json) => PasskeyResult::Ok(json),
            None => PasskeyResult::Err(PasskeyError::new(
                PasskeyErrorKind::Unknown,
                "the browser answered with something other than JSON text",
            )),
        },
        (Err(error), call) => PasskeyResult::Err(mapped(&error, call)),
    }
}

/// The name `passkey.js` knows each signal by.
const fn signal_name(signal: Signal) -> &'static str {
    match signal {
        Signal::UnknownCredential => "UnknownCredential",
        Signal::AllAcceptedCredentials => "AllAcceptedCredentials",
        Signal::CurrentUserDetails => "CurrentUserDetails",
    }
}

pub async fn autofill_available() -> bool {
    JsFuture::from(conditional_mediation_available())
        .await
        .ok()
        .and_then(|value| value.as_bool())
        .unwrap_or(false)
}

/// The error's `name` decides the kind; `name: message` is kept for the person and the logs.
fn mapped(error: &JsValue, call: Call) -> PasskeyError {
    let field = |key: &str| {
        Reflect::get(error, &JsValue::from_str(key))
            .ok()
            .and_then(|value| value.as_string())
            .unwrap_or_default()
    };
    let name = field("name");
    let message = field("message");
    let message = if message.is_empty() {
        error.as_string().unwrap_or_else(|| "no detail".to_owned())
    } else {
        message
    };
    PasskeyError::new(kind_for(&name, call), format!("{name}: {message}"))
}
