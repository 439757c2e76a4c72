//! Arbitrary bytes through the core's FFI, as a shell (or a broken shell) could send them:
//! `CoreFFI::update` with any bytes as the event and `CoreFFI::resolve` with any id and any
//! bytes as the answer.
//!
//! Half the inputs start from a core that has requests open (configured, then a passkey
//! sign-in asked for its HTTP call), so answers also reach the decoders of real requests; ids
//! the core hands out are remembered and can be picked as well as arbitrary ones.
//!
//! Asserted: no panic, and after every call `view()` succeeds and decodes as a `ViewModel`.

#![no_main]

use crux_core::bridge::{BincodeFfiFormat, FfiFormat, Request};
use libfuzzer_sys::fuzz_target;
use shared::ViewModel;
use shared::app::EffectFfi;
use crux_passkey::auth::AuthEvent;
use shared::ffi::CoreFFI;

fn encode<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    BincodeFfiFormat::serialize(&mut out, value).expect("encodes");
    out
}

/// Remembers the ids of the requests in a successful answer.
fn remember(ids: &mut Vec<u32>, out: Result<Vec<u8>, shared::ffi::CoreError>) {
    // An undecodable answer still hands out the core's follow-up requests.
    if let Ok(bytes) | Err(shared::ffi::CoreError::AnswerUndecodable { requests: bytes, .. }) = out {
        let requests: Vec<Request<EffectFfi>> =
            BincodeFfiFormat::deserialize(&bytes).expect("the core's own requests decode");
        ids.extend(requests.iter().map(|request| request.id.0));
    }
}

fn check_view(core: &CoreFFI) {
    let bytes = core.view().expect("the view is always readable");
    let _: ViewModel = BincodeFfiFormat::deserialize(&bytes).expect("the view decodes");
}

/// Takes `n` bytes (fewer at the end of the input).
fn take<'a>(rest: &mut &'a [u8], n: usize) -> &'a [u8] {
    let (head, tail) = rest.split_at(n.min(rest.len()));
    *rest = tail;
    head
}

// Input layout (plain, so `fuzz/seeds.py` can write seeds from the fixtures): one byte, odd
// for a core with requests open; then records of an op byte (0 update, 1 resolve a given id,
// 2 resolve a remembered id), the id (u32 LE) or the index of a remembered id (u8), a u16 LE
// length, and that many bytes.
fuzz_target!(|data: &[u8]| {
    let mut rest = data;
    let core = CoreFFI::new();
    let mut ids = Vec::new();
    if take(&mut rest, 1).first().is_some_and(|b| b & 1 == 1) {
        for event in [
            AuthEvent::Configure { base_url: "https://auth.example.com/".to_owned() },
            AuthEvent::SignInWithPasskey,
        ] {
            remember(&mut ids, core.update(&encode(&shared::Event::Auth(event))));
        }
    }
    while let Some(&op) = take(&mut rest, 1).first() {
        let out = match op % 3 {
            0 => {
                let len = take(&mut rest, 2);
                let len = u16::from_le_bytes([len.first().copied().unwrap_or(0), len.get(1).copied().unwrap_or(0)]);
                core.update(take(&mut rest, usize::from(len)))
            }
            1 => {
                let mut id = [0u8; 4];
                for (slot, b) in id.iter_mut().zip(take(&mut rest, 4)) {
                    *slot = *b;
                }
                let len = take(&mut rest, 2);
                let len = u16::from_le_bytes([len.first().copied().unwrap_or(0), len.get(1).copied().unwrap_or(0)]);
                core.resolve(u32::from_le_bytes(id), take(&mut rest, usize::from(len)))
            }
            _ => {
                let index = usize::from(take(&mut rest, 1).first().copied().unwrap_or(0));
                let id = if ids.is_empty() { 0 } else { ids[index % ids.len()] };
                let len = take(&mut rest, 2);
                let len = u16::from_le_bytes([len.first().copied().unwrap_or(0), len.get(1).copied().unwrap_or(0)]);
                core.resolve(id, take(&mut rest, usize::from(len)))
            }
        };
        remember(&mut ids, out);
        check_view(&core);
    }
    check_view(&core);
});
