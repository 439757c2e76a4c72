//! The byte-level bridge the shells call: events in, effect requests out, answers in, view out.
//!
//! Messages are bincode, typed on the shell side by the generated `shared_types`. Nothing a shell
//! sends can panic the core: undecodable bytes and unknown effect ids come back as [`CoreError`],
//! and a request stays open until it gets an answer it can decode ([`CheckedBridge`]).

mod bridge;

pub use bridge::CheckedBridge;

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Error))]
pub enum CoreError {
    /// The bytes could not be decoded, or an effect id was unknown or already resolved.
    Bridge { message: String },
}

impl std::fmt::Display for CoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Bridge { message } => write!(f, "bridge error: {message}"),
        }
    }
}

impl std::error::Error for CoreError {}

/// One running core. Shells keep one for the life of the app.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct CoreFFI {
    bridge: CheckedBridge,
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

    /// Sends a bincode `Event`; returns the bincode `Vec<Request>` of effects to run.
    pub fn update(&self, event: &[u8]) -> Result<Vec<u8>, CoreError> {
        self.bridge.update(event)
    }

    /// Resolves effect `id` with a bincode answer; returns any new requests.
    pub fn resolve(&self, id: u32, answer: &[u8]) -> Result<Vec<u8>, CoreError> {
        self.bridge.resolve(id, answer)
    }

    /// The bincode `ViewModel`.
    pub fn view(&self) -> Result<Vec<u8>, CoreError> {
        self.bridge.view()
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
    //! The same surface for JavaScript shells; errors become thrown `Error`s.

    use wasm_bindgen::prelude::*;

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

        pub fn update(&self, event: &[u8]) -> Result<Vec<u8>, JsError> {
            self.core
                .update(event)
                .map_err(|e| JsError::new(&e.to_string()))
        }

        pub fn resolve(&self, id: u32, answer: &[u8]) -> Result<Vec<u8>, JsError> {
            self.core
                .resolve(id, answer)
                .map_err(|e| JsError::new(&e.to_string()))
        }

        pub fn view(&self) -> Result<Vec<u8>, JsError> {
            self.core.view().map_err(|e| JsError::new(&e.to_string()))
        }
    }

    impl Default for CoreWasm {
        fn default() -> Self {
            Self::new()
        }
    }
}
