//! A bridge for a host app's FFI that checks each answer before it consumes the request it
//! answers.
//!
//! crux 0.20's `Bridge` takes a request out of its registry before decoding the shell's answer,
//! so one undecodable answer (an encoding bug in one shell handler) leaves the flow that waits
//! for it waiting forever. [`CheckedBridge`] decodes first:
//!
//! - an answer that decodes resolves the request, as usual;
//! - an answer that does not decode resolves the request with a failure of its own type in its
//!   place ([`ShellAnswer::undecodable`]: a transport error for HTTP, `Unknown` for a passkey
//!   request…), so the flow ends with a notice instead of hanging; the shell still hears about
//!   its bug ([`BridgeError::AnswerUndecodable`]);
//! - an answer type with no failure to put in its place keeps the request open until an answer
//!   of the right type arrives ([`BridgeError::Refused`]).
//!
//! The wire format is crux's own (bincode `Event`s in, `Requests` out, operation outputs back),
//! so the shell types crux's typegen generates are unchanged.
//!
//! A host app opts in by saying, for each variant of its effect type, what the shell sees and
//! how its answer is read ([`ShellEffect`]):
//!
//! ```
//! # use crux_core::{Command, macros::effect, render::RenderOperation};
//! # use crux_http::HttpRequest;
//! # use crux_passkey::bridge::{CheckedBridge, Pending, ShellEffect};
//! # #[effect(facet_typegen)]
//! # pub enum Effect { Render(RenderOperation), Http(HttpRequest) }
//! # #[derive(Default)] pub struct App;
//! # impl crux_core::App for App {
//! #     type Event = (); type Model = (); type ViewModel = (); type Effect = Effect;
//! #     fn update(&self, _: (), _: &mut ()) -> Command<Effect, ()> { Command::done() }
//! #     fn view(&self, _: &()) {}
//! # }
//! impl ShellEffect<App> for Effect {
//!     type Ffi = EffectFfi;
//!
//!     fn into_shell(self) -> (EffectFfi, Option<Pending<App>>) {
//!         match self {
//!             Effect::Render(request) => Pending::split(request, EffectFfi::Render),
//!             Effect::Http(request) => Pending::split(request, EffectFfi::Http),
//!         }
//!     }
//! }
//!
//! let bridge = CheckedBridge::<App>::default();
//! ```

mod answer;
mod pending;
mod registry;

pub use answer::ShellAnswer;
pub use pending::Pending;

use std::sync::{Mutex, MutexGuard};

use crux_core::bridge::{BincodeFfiFormat, EffectId, FfiFormat, Request, Requests};
use crux_core::{App, Core};
use serde::Serialize;
use serde::de::DeserializeOwned;

use pending::Answered;
use registry::Registry;

/// How each of a host app's effects crosses the bridge: the value the shell sees, and the
/// request its answer resolves (none for notifications such as render).
pub trait ShellEffect<A>: Sized
where
    A: App<Effect = Self>,
{
    /// What the shell receives: usually the `EffectFfi` enum that crux's
    /// `#[effect(facet_typegen)]` (or `#[effect(typegen)]`) generates.
    type Ffi: Serialize;

    /// Splits this effect into the shell's value and the request that waits for its answer.
    fn into_shell(self) -> (Self::Ffi, Option<Pending<A>>);
}

/// Why a bridge call did not go through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BridgeError {
    /// The bytes could not be decoded, or no open request has this id. Nothing changed: a
    /// request stays open until it gets an answer it can decode.
    Refused {
        /// What was wrong, for the shell's logs.
        detail: String,
    },
    /// The answer could not be decoded, so the request was resolved with a failure in its place
    /// and the flow that waited for it has ended. `requests` are the core's follow-up requests
    /// (bincode `Requests`), to be handled like any others.
    AnswerUndecodable {
        /// What was wrong, for the shell's logs.
        detail: String,
        /// What the core asks for next.
        requests: Vec<u8>,
    },
}

impl std::fmt::Display for BridgeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Refused { detail } => write!(f, "refused: {detail}"),
            Self::AnswerUndecodable { detail, .. } => {
                write!(f, "the answer could not be decoded and was replaced by a failure: {detail}")
            }
        }
    }
}

impl std::error::Error for BridgeError {}

/// A running core behind a byte-level surface: bincode events in, bincode requests out, answers
/// checked before they resolve anything. Shells keep one for the life of the app.
pub struct CheckedBridge<A>
where
    A: App,
    A::Effect: ShellEffect<A>,
{
    core: Core<A>,
    registry: Mutex<Registry<A>>,
}

impl<A> Default for CheckedBridge<A>
where
    A: App + Default,
    A::Model: Default,
    A::Effect: ShellEffect<A>,
{
    fn default() -> Self {
        Self::new(Core::new())
    }
}

impl<A> CheckedBridge<A>
where
    A: App,
    A::Effect: ShellEffect<A>,
{
    /// Wraps a core, for instance one made with `Core::new_with`.
    #[must_use]
    pub fn new(core: Core<A>) -> Self {
        Self {
            core,
            registry: Mutex::new(Registry::default()),
        }
    }
}

impl<A> CheckedBridge<A>
where
    A: App,
    A::Effect: ShellEffect<A>,
    A::Event: DeserializeOwned,
    A::ViewModel: Serialize,
{
    /// Sends a bincode event; returns the bincode `Requests` the core makes.
    ///
    /// # Errors
    ///
    /// [`BridgeError::Refused`] when the bytes are not an event.
    pub fn update(&self, event: &[u8]) -> Result<Vec<u8>, BridgeError> {
        let event: A::Event = BincodeFfiFormat::deserialize(event).map_err(|e| refused(format!("could not decode the event: {e}")))?;
        let effects = self.core.process_event(event);
        self.hand_out(effects)
    }

    /// Answers request `id` with its bincode output; returns the requests that follow.
    ///
    /// # Errors
    ///
    /// [`BridgeError::Refused`] when no open request has this id (or it cannot be resolved);
    /// [`BridgeError::AnswerUndecodable`] when the answer did not decode and a failure took its
    /// place.
    pub fn resolve(&self, id: u32, answer: &[u8]) -> Result<Vec<u8>, BridgeError> {
        let answered = {
            let mut registry = self.lock()?;
            let pending = registry
                .get_mut(id)
                .ok_or_else(|| refused(format!("no open request has id {id}")))?;
            let answered = pending.answer(&self.core, answer)?;
            registry.remove(id);
            answered
        };
        match answered {
            Answered::Decoded(effects) => self.hand_out(effects),
            Answered::Replaced { effects, detail } => Err(BridgeError::AnswerUndecodable {
                detail,
                requests: self.hand_out(effects)?,
            }),
        }
    }

    /// The bincode view model.
    ///
    /// # Errors
    ///
    /// [`BridgeError::Refused`] if the view model cannot be encoded.
    pub fn view(&self) -> Result<Vec<u8>, BridgeError> {
        encode(&self.core.view(), "the view")
    }

    /// Serialises the effects for the shell, keeping the ones that expect an answer.
    fn hand_out(&self, effects: Vec<A::Effect>) -> Result<Vec<u8>, BridgeError> {
        let mut registry = self.lock()?;
        let requests: Vec<Request<<A::Effect as ShellEffect<A>>::Ffi>> = effects
            .into_iter()
            .map(|effect| {
                let (effect, pending) = effect.into_shell();
                Request {
                    id: EffectId(registry.issue(pending)),
                    effect,
                }
            })
            .collect();
        encode(&Requests(requests), "the requests")
    }

    fn lock(&self) -> Result<MutexGuard<'_, Registry<A>>, BridgeError> {
        self.registry
            .lock()
            .map_err(|_| refused("the core is unusable after an earlier panic".to_owned()))
    }
}

fn refused(detail: String) -> BridgeError {
    BridgeError::Refused { detail }
}

fn encode<T: Serialize>(value: &T, what: &str) -> Result<Vec<u8>, BridgeError> {
    let mut out = Vec::new();
    BincodeFfiFormat::serialize(&mut out, value)
        .map_err(|e| refused(format!("could not encode {what}: {e}")))?;
    Ok(out)
}
