//! The byte-level surface the shells call: events in, effect requests out, answers in, view out.
//!
//! Messages are bincode, typed on the shell side by the generated `shared_types`. Nothing a shell
//! sends can panic the core: the checks are `crux_passkey::bridge::CheckedBridge`'s, and its
//! errors reach the shell as [`CoreError`].

use crux_passkey::bridge::{BridgeError, CheckedBridge};

use crate::App;

/// Why a call across the FFI did not go through as asked.
///
/// Fields are named `detail`, never `message`: uniffi's Kotlin error classes would turn a
/// `message` field into a property that clashes with `Throwable.message`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Error))]
pub enum CoreError {
    /// The bytes could not be decoded, or an effect id was unknown or already resolved.
    /// Nothing changed.
    Bridge { detail: String },
    /// The answer could not be decoded, so the request was resolved with a failure in its place
    /// and the flow waiting for it has ended with a notice. `requests` are the core's follow-up
    /// requests: handle them like the ones `update` and `resolve` return.
    AnswerUndecodable { detail: String, requests: Vec<u8> },
}

impl From<BridgeError> for CoreError {
    fn from(error: BridgeError) -> Self {
        match error {
            BridgeError::Refused { detail } => Self::Bridge { detail },
            BridgeError::AnswerUndecodable { detail, requests } => {
                Self::AnswerUndecodable { detail, requests }
            }
        }
    }
}

impl std::fmt::Display for CoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Bridge { detail } => write!(f, "bridge error: {detail}"),
            Self::AnswerUndecodable { detail, .. } => {
                write!(f, "an answer could not be decoded and was replaced by a failure: {detail}")
            }
        }
    }
}

impl std::error::Error for CoreError {}

/// One running core. Shells keep one for the life of the app.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct CoreFFI {
    bridge: CheckedBridge<App>,
}

impl Default for CoreFFI {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl CoreFFI {
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    #[must_use]
    pub fn new() -> Self {
        Self {
            bridge: CheckedBridge::default(),
        }
    }

    /// Sends a bincode `Event`; returns the bincode `Requests` of effects to run.
    pub fn update(&self, event: &[u8]) -> Result<Vec<u8>, CoreError> {
        Ok(self.bridge.update(event)?)
    }

    /// Resolves effect `id` with a bincode answer; returns any new requests.
    pub fn resolve(&self, id: u32, answer: &[u8]) -> Result<Vec<u8>, CoreError> {
        Ok(self.bridge.resolve(id, answer)?)
    }

    /// The bincode `ViewModel`.
    pub fn view(&self) -> Result<Vec<u8>, CoreError> {
        Ok(self.bridge.view()?)
    }
}

/// Panics on purpose. Only in test builds of the library: the FFI test calls it to prove that a
/// panic reaches the shell as an error instead of aborting the app.
#[cfg(feature = "ffi-panic-probe")]
#[uniffi::export]
#[allow(clippy::panic)]
pub fn panic_probe() {
    panic!("panic probe");
}

#[cfg(feature = "wasm_bindgen")]
pub mod wasm {
    //! The same surface for JavaScript shells; errors become thrown `Error`s. An
    //! `AnswerUndecodable` error carries the follow-up requests as its `requests` property
    //! (a `Uint8Array`).

    use wasm_bindgen::prelude::*;

    use super::CoreError;

    #[wasm_bindgen]
    pub struct CoreWasm {
        core: super::CoreFFI,
    }

    #[wasm_bindgen]
    impl CoreWasm {
        #[wasm_bindgen(constructor)]
        #[must_use]
        pub fn new() -> Self {
            Self {
                core: super::CoreFFI::new(),
            }
        }

        pub fn update(&self, event: &[u8]) -> Result<Vec<u8>, JsValue> {
            self.core.update(event).map_err(thrown)
        }

        pub fn resolve(&self, id: u32, answer: &[u8]) -> Result<Vec<u8>, JsValue> {
            self.core.resolve(id, answer).map_err(thrown)
        }

        pub fn view(&self) -> Result<Vec<u8>, JsValue> {
            self.core.view().map_err(thrown)
        }
    }

    impl Default for CoreWasm {
        fn default() -> Self {
            Self::new()
        }
    }

    fn thrown(error: CoreError) -> JsValue {
        let thrown = js_sys::Error::new(&error.to_string());
        if let CoreError::AnswerUndecodable { requests, .. } = &error {
            // Setting a property on a fresh Error object cannot fail.
            let _ = js_sys::Reflect::set(
                &thrown,
                &JsValue::from_str("requests"),
                &js_sys::Uint8Array::from(requests.as_slice()),
            );
        }
        thrown.into()
    }
}
