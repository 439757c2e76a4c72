//! A bridge that checks an answer before it consumes the request it answers.
//!
//! crux's own `Bridge` takes a request out of its registry before decoding the shell's answer,
//! so one undecodable answer leaves the core waiting forever for a request that can no longer
//! be resolved. Here the answer is decoded first, and the request stays open until an answer of
//! the right type arrives. The wire format is crux's: bincode `Event`s in, `Vec<Request<EffectFfi>>`
//! out, the operations' outputs back.

use std::collections::HashMap;
use std::sync::Mutex;

use crux_core::Core;
use crux_core::Request;
use crux_core::bridge::{self, BincodeFfiFormat, EffectId, FfiFormat};
use crux_http::protocol::{HttpRequest, HttpResult};
use serde::de::DeserializeOwned;

use super::CoreError;
use crate::app::{App, Effect, EffectFfi, Event};
use crate::passkey::{PasskeyOperation, PasskeyResult};

/// A request handed to the shell and not yet answered.
enum Open {
    Http(Request<HttpRequest>),
    Passkey(Request<PasskeyOperation>),
}

#[derive(Default)]
struct Registry {
    open: HashMap<u32, Open>,
    next_id: u32,
}

impl Registry {
    /// Ids only ascend, so a stale id can never hit a newer request.
    fn issue(&mut self, open: Option<Open>) -> u32 {
        let id = loop {
            let id = self.next_id;
            self.next_id = self.next_id.wrapping_add(1);
            if !self.open.contains_key(&id) {
                break id;
            }
        };
        if let Some(open) = open {
            self.open.insert(id, open);
        }
        id
    }
}

pub struct CheckedBridge {
    core: Core<App>,
    registry: Mutex<Registry>,
}

impl Default for CheckedBridge {
    fn default() -> Self {
        Self {
            core: Core::new(),
            registry: Mutex::new(Registry::default()),
        }
    }
}

impl CheckedBridge {
    pub fn update(&self, event: &[u8]) -> Result<Vec<u8>, CoreError> {
        let event: Event = decode(event, "event")?;
        let effects = self.core.process_event(event);
        self.hand_out(effects)
    }

    pub fn resolve(&self, id: u32, answer: &[u8]) -> Result<Vec<u8>, CoreError> {
        let effects = {
            let mut registry = self.lock()?;
            let effects = match registry.open.get_mut(&id) {
                None => {
                    return Err(CoreError::Bridge {
                        message: format!("no open request has id {id}"),
                    });
                }
                Some(Open::Http(request)) => {
                    let output: HttpResult = decode(answer, "HttpResult")?;
                    self.core.resolve(request, output)
                }
                Some(Open::Passkey(request)) => {
                    let output: PasskeyResult = decode(answer, "PasskeyResult")?;
                    self.core.resolve(request, output)
                }
            }
            .map_err(|e| CoreError::Bridge {
                message: e.to_string(),
            })?;
            registry.open.remove(&id);
            effects
        };
        self.hand_out(effects)
    }

    pub fn view(&self) -> Result<Vec<u8>, CoreError> {
        let mut out = Vec::new();
        BincodeFfiFormat::serialize(&mut out, &self.core.view()).map_err(|e| {
            CoreError::Bridge {
                message: format!("could not encode the view: {e}"),
            }
        })?;
        Ok(out)
    }

    /// Serialises the effects for the shell, keeping the ones that expect an answer.
    fn hand_out(&self, effects: Vec<Effect>) -> Result<Vec<u8>, CoreError> {
        let mut registry = self.lock()?;
        let requests: Vec<bridge::Request<EffectFfi>> = effects
            .into_iter()
            .map(|effect| {
                let (wire, open) = match effect {
                    Effect::Render(request) => (EffectFfi::Render(request.operation), None),
                    Effect::Http(request) => (
                        EffectFfi::Http(request.operation.clone()),
                        Some(Open::Http(request)),
                    ),
                    Effect::Passkey(request) => (
                        EffectFfi::Passkey(request.operation.clone()),
                        Some(Open::Passkey(request)),
                    ),
                };
                bridge::Request {
                    id: EffectId(registry.issue(open)),
                    effect: wire,
                }
            })
            .collect();
        let mut out = Vec::new();
        BincodeFfiFormat::serialize(&mut out, &requests).map_err(|e| CoreError::Bridge {
            message: format!("could not encode the requests: {e}"),
        })?;
        Ok(out)
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Registry>, CoreError> {
        self.registry.lock().map_err(|_| CoreError::Bridge {
            message: "the core is unusable after an earlier panic".to_owned(),
        })
    }
}

fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, CoreError> {
    BincodeFfiFormat::deserialize(bytes).map_err(|e| CoreError::Bridge {
        message: format!("could not decode the {what}: {e}"),
    })
}
