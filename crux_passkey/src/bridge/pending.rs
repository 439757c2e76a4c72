//! One request waiting for the shell's answer, with the knowledge of how to read it.

use crux_core::capability::Operation;
use crux_core::bridge::{BincodeFfiFormat, FfiFormat};
use crux_core::{App, Core, Request, RequestHandle};

use super::{BridgeError, ShellAnswer};

type Answer<A> = dyn FnMut(&Core<A>, &[u8]) -> Result<Answered<<A as App>::Effect>, BridgeError>
    + Send;

/// A request handed to the shell that expects an answer.
pub struct Pending<A: App> {
    answer: Box<Answer<A>>,
}

/// What resolving a request produced.
pub enum Answered<Effect> {
    Decoded(Vec<Effect>),
    /// The answer did not decode; a failure took its place.
    Replaced { effects: Vec<Effect>, detail: String },
}

impl<A: App> Pending<A> {
    /// The shell's value for `request`, and the pending answer when it expects one: what
    /// [`ShellEffect::into_shell`](super::ShellEffect::into_shell) returns for one variant.
    pub fn split<Op, Ffi>(request: Request<Op>, ffi: impl FnOnce(Op) -> Ffi) -> (Ffi, Option<Self>)
    where
        Op: Operation,
        Op::Output: ShellAnswer,
    {
        let (operation, handle) = request.split();
        (ffi(operation), Self::waiting_on(handle, <Op::Output as ShellAnswer>::undecodable))
    }

    /// Waits for `request`'s answer; `None` for a request that expects none (a notification).
    pub fn new<Op>(request: Request<Op>) -> Option<Self>
    where
        Op: Operation,
        Op::Output: ShellAnswer,
    {
        Self::waiting_on(request.handle, <Op::Output as ShellAnswer>::undecodable)
    }

    /// Like [`Pending::new`], for an output type from another crate: `fallback` gives the failure
    /// that takes the place of an undecodable answer, or `None` to keep waiting for one that
    /// decodes.
    pub fn with_fallback<Op>(
        request: Request<Op>,
        fallback: impl Fn(&str) -> Option<Op::Output> + Send + 'static,
    ) -> Option<Self>
    where
        Op: Operation,
        Op::Output: serde::de::DeserializeOwned + Send + 'static,
    {
        Self::waiting_on(request.handle, fallback)
    }

    fn waiting_on<Output>(
        mut handle: RequestHandle<Output>,
        fallback: impl Fn(&str) -> Option<Output> + Send + 'static,
    ) -> Option<Self>
    where
        Output: serde::de::DeserializeOwned + Send + 'static,
    {
        if matches!(handle, RequestHandle::Never) {
            return None;
        }
        let answer = move |core: &Core<A>, bytes: &[u8]| {
            let (output, replaced) = match BincodeFfiFormat::deserialize::<Output>(bytes) {
                Ok(output) => (output, None),
                Err(error) => {
                    let detail = format!("could not decode the answer: {error}");
                    let output = fallback(&detail)
                        .ok_or_else(|| BridgeError::Refused { detail: detail.clone() })?;
                    (output, Some(detail))
                }
            };
            let effects = core
                .resolve(&mut handle, output)
                .map_err(|e| BridgeError::Refused {
                    detail: e.to_string(),
                })?;
            Ok(match replaced {
                None => Answered::Decoded(effects),
                Some(detail) => Answered::Replaced { effects, detail },
            })
        };
        Some(Self {
            answer: Box::new(answer),
        })
    }

    pub(super) fn answer(
        &mut self,
        core: &Core<A>,
        bytes: &[u8],
    ) -> Result<Answered<A::Effect>, BridgeError> {
        (self.answer)(core, bytes)
    }
}
