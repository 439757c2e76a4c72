//! The server's credential path: the JSON a client sends as `credential` to
//! `/auth/register/finish` and `/auth/login/finish`, through `normalize::registration` /
//! `normalize::assertion` (base64 variants, id/rawId, extensions) and on into the verifier
//! (clientDataJSON, CBOR attestation objects, authenticator data, COSE keys, signatures,
//! the Ed25519 paths of our own).
//!
//! Two input shapes, chosen by the first byte:
//! - even: the rest is the credential JSON as bytes (what `serde_json` makes of a body);
//! - odd: a structured credential built from `arbitrary` choices. Its clientDataJSON can carry
//!   the real challenge and origin, and its Ed25519 assertions can carry a valid signature,
//!   so the fuzzer reaches the CBOR, authenticator-data and counter checks that random bytes
//!   never get to.
//!
//! Asserted: no panic, and every rejection is one of the codes a bad credential may get
//! (never `INTERNAL`, which would mean the server blamed itself for client input).

#![no_main]

use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use ed25519_dalek::{Signer as _, SigningKey};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use server::Config;
use server::error::ApiError;
use server::webauthn::{Verifier, normalize, options_challenge};
use sha2::{Digest, Sha256};
use crux_passkey::api::ErrorCode;
use webauthn_rs_core::proto::{AuthenticationState, Credential, RegistrationState};

const ORIGIN: &str = "http://localhost:8080";
const REGISTRATION_FIXTURE: &str = include_str!("../../server/tests/fixtures/chromium-registration.json");

struct World {
    verifier: Verifier,
    registration: RegistrationState,
    registration_challenge: Vec<u8>,
    authentication: AuthenticationState,
    authentication_challenge: Vec<u8>,
    es256: Credential,
    ed25519: Credential,
    ed25519_key: SigningKey,
    rp_id_hash: [u8; 32],
}

fn b64(bytes: &[u8]) -> String {
    normalize::b64(bytes)
}

/// A CBOR head: major type and length.
fn cbor_head(out: &mut Vec<u8>, major: u8, len: usize) {
    let major = major << 5;
    match len {
        0..=23 => out.push(major | len as u8),
        24..=0xff => out.extend([major | 24, len as u8]),
        0x100..=0xffff => {
            out.push(major | 25);
            out.extend((len as u16).to_be_bytes());
        }
        _ => {
            out.push(major | 26);
            out.extend((len as u32).to_be_bytes());
        }
    }
}

fn cbor_text(out: &mut Vec<u8>, text: &str) {
    cbor_head(out, 3, text.len());
    out.extend(text.as_bytes());
}

fn cbor_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    cbor_head(out, 2, bytes.len());
    out.extend(bytes);
}

/// `{"fmt": fmt, "attStmt": att_stmt (raw CBOR), "authData": auth_data}`.
fn attestation_object(fmt: &str, att_stmt: &[u8], auth_data: &[u8]) -> Vec<u8> {
    let mut out = vec![0xa3];
    cbor_text(&mut out, "fmt");
    cbor_text(&mut out, fmt);
    cbor_text(&mut out, "attStmt");
    out.extend(att_stmt);
    cbor_text(&mut out, "authData");
    cbor_bytes(&mut out, auth_data);
    out
}

/// The COSE_Key of an Ed25519 public key: {1: 1 (OKP), 3: -8 (EdDSA), -1: 6 (Ed25519), -2: x}.
fn cose_ed25519(public: &[u8; 32]) -> Vec<u8> {
    let mut out = vec![0xa4, 0x01, 0x01, 0x03, 0x27, 0x20, 0x06, 0x21];
    cbor_bytes(&mut out, public);
    out
}

fn client_data(kind: &str, challenge: &[u8], origin: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({"type": kind, "challenge": b64(challenge), "origin": origin, "crossOrigin": false}))
        .unwrap_or_default()
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let config = Config::local_default();
        let verifier = Verifier::new(&config).expect("verifier");
        let rp_id_hash: [u8; 32] = Sha256::digest(config.rp_id.as_bytes()).into();
        let (options, registration) = verifier
            .start_registration(uuid::Uuid::new_v4(), "alice", "Alice", &[])
            .expect("start registration");
        let registration_challenge = options_challenge(&options).expect("challenge");

        // ES256: the Chromium fixture's `none` attestation (no signature needed), with a
        // clientDataJSON for this run's challenge.
        let mut fixture: Value = serde_json::from_str(REGISTRATION_FIXTURE).expect("fixture");
        fixture["response"]["clientDataJSON"] =
            json!(b64(&client_data("webauthn.create", &registration_challenge, ORIGIN)));
        let es256 = verifier
            .finish_registration(&normalize::registration(&fixture).expect("fixture parses"), &registration)
            .expect("fixture registers");

        // Ed25519, through the server's own registration code.
        let ed25519_key = SigningKey::from_bytes(&[7; 32]);
        let mut auth_data = rp_id_hash.to_vec();
        auth_data.push(0x45); // UP | UV | AT
        auth_data.extend(0u32.to_be_bytes());
        auth_data.extend([0; 16]);
        auth_data.extend(16u16.to_be_bytes());
        auth_data.extend([0xed; 16]);
        auth_data.extend(cose_ed25519(ed25519_key.verifying_key().as_bytes()));
        let ed_credential = json!({
            "id": b64(&[0xed; 16]),
            "rawId": b64(&[0xed; 16]),
            "type": "public-key",
            "response": {
                "attestationObject": b64(&attestation_object("none", &[0xa0], &auth_data)),
                "clientDataJSON": b64(&client_data("webauthn.create", &registration_challenge, ORIGIN)),
            },
        });
        let ed25519 = verifier
            .finish_registration(&normalize::registration(&ed_credential).expect("ed parses"), &registration)
            .expect("ed25519 registers");

        let (options, authentication) = verifier
            .start_authentication(vec![es256.clone(), ed25519.clone()])
            .expect("start authentication");
        let authentication_challenge = options_challenge(&options).expect("challenge");
        World {
            verifier,
            registration,
            registration_challenge,
            authentication,
            authentication_challenge,
            es256,
            ed25519,
            ed25519_key,
            rp_id_hash,
        }
    })
}

/// Codes a client's bad credential may earn; anything else is a server bug.
fn check<T>(result: Result<T, ApiError>) {
    if let Err(err) = result {
        assert!(
            matches!(
                err.code,
                ErrorCode::InvalidRequest
                    | ErrorCode::VerificationFailed
                    | ErrorCode::CounterRegression
                    | ErrorCode::UnknownCredential
                    | ErrorCode::CredentialExists
            ),
            "credential rejected with {err}"
        );
        assert!(!err.message.is_empty());
    }
}

/// Runs `credential` through what the finish handlers run.
fn exercise(w: &World, credential: &Value) {
    match normalize::registration(credential) {
        Ok(parsed) => check(w.verifier.finish_registration(&parsed, &w.registration)),
        Err(err) => check::<()>(Err(err)),
    }
    match normalize::assertion(credential) {
        Ok(parsed) => {
            for stored in [&w.es256, &w.ed25519] {
                check(w.verifier.finish_authentication(
                    &parsed,
                    &w.authentication,
                    &w.authentication_challenge,
                    stored,
                ));
            }
        }
        Err(err) => check::<()>(Err(err)),
    }
}

#[derive(Arbitrary, Debug)]
enum Encoding {
    Url,
    UrlPadded,
    Standard,
    Garbage(String),
}

#[derive(Arbitrary, Debug)]
enum ClientData {
    Honest { kind_ok: bool, challenge_ok: bool, origin_ok: bool, cross_origin: Option<bool> },
    Extra { kind: String, challenge: String, origin: String, extra_key: String, extra: String },
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum Key {
    Es256Fixture,
    Ed25519,
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum AttStmt {
    Empty,
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum Signature {
    ValidEd25519,
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum Id {
    Es256,
    Ed25519,
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
struct AuthData {
    rp_ok: bool,
    flags: u8,
    counter: u32,
    /// Appended after the fixed part (extensions, or junk).
    tail: Vec<u8>,
}

#[derive(Arbitrary, Debug)]
enum Structured {
    Registration {
        id: Id,
        client_data: ClientData,
        auth_data: AuthData,
        cred_id: Vec<u8>,
        key: Key,
        fmt: Option<String>,
        att_stmt: AttStmt,
        raw_object: Option<Vec<u8>>,
        transports: Vec<String>,
        encoding: Encoding,
    },
    Assertion {
        id: Id,
        client_data: ClientData,
        auth_data: AuthData,
        signature: Signature,
        user_handle: Option<Vec<u8>>,
        encoding: Encoding,
    },
}

fn encode(bytes: &[u8], encoding: &Encoding) -> Value {
    use base64::Engine as _;
    match encoding {
        Encoding::Url => json!(b64(bytes)),
        Encoding::UrlPadded => json!(base64::engine::general_purpose::URL_SAFE.encode(bytes)),
        Encoding::Standard => json!(base64::engine::general_purpose::STANDARD.encode(bytes)),
        Encoding::Garbage(text) => json!(text),
    }
}

fn build_client_data(w: &World, data: &ClientData, kind: &str, challenge: &[u8]) -> Vec<u8> {
    match data {
        ClientData::Honest { kind_ok, challenge_ok, origin_ok, cross_origin } => {
            let mut value = json!({
                "type": if *kind_ok { kind } else { "webauthn.other" },
                "challenge": if *challenge_ok { b64(challenge) } else { b64(&w.registration_challenge[1..]) },
                "origin": if *origin_ok { ORIGIN } else { "https://evil.example" },
            });
            if let Some(cross) = cross_origin {
                value["crossOrigin"] = json!(cross);
            }
            serde_json::to_vec(&value).unwrap_or_default()
        }
        ClientData::Extra { kind, challenge, origin, extra_key, extra } => {
            let mut value = json!({"type": kind, "challenge": challenge, "origin": origin});
            value[extra_key.as_str()] = json!(extra);
            serde_json::to_vec(&value).unwrap_or_default()
        }
        ClientData::Raw(bytes) => bytes.clone(),
    }
}

fn fixed_auth_data(w: &World, data: &AuthData) -> Vec<u8> {
    let mut out = if data.rp_ok { w.rp_id_hash.to_vec() } else { vec![0x11; 32] };
    out.push(data.flags);
    out.extend(data.counter.to_be_bytes());
    out
}

fn id_bytes(w: &World, id: &Id) -> Vec<u8> {
    match id {
        Id::Es256 => w.es256.cred_id.to_vec(),
        Id::Ed25519 => w.ed25519.cred_id.to_vec(),
        Id::Raw(bytes) => bytes.clone(),
    }
}

fn structured(w: &World, input: &Structured) -> Value {
    match input {
        Structured::Registration {
            id,
            client_data,
            auth_data,
            cred_id,
            key,
            fmt,
            att_stmt,
            raw_object,
            transports,
            encoding,
        } => {
            let object = match raw_object {
                Some(raw) => raw.clone(),
                None => {
                    let mut data = fixed_auth_data(w, auth_data);
                    data.extend([0; 16]);
                    data.extend((cred_id.len() as u16).to_be_bytes());
                    data.extend(cred_id);
                    match key {
                        Key::Es256Fixture => {
                            // The fixture's COSE key: the tail of its authenticator data.
                            let fixture: Value = serde_json::from_str(REGISTRATION_FIXTURE).unwrap_or_default();
                            let fixture_data = fixture["response"]["authenticatorData"]
                                .as_str()
                                .and_then(normalize::decode_b64)
                                .unwrap_or_default();
                            data.extend(fixture_data.get(87..).unwrap_or_default());
                        }
                        Key::Ed25519 => data.extend(cose_ed25519(w.ed25519_key.verifying_key().as_bytes())),
                        Key::Raw(bytes) => data.extend(bytes),
                    }
                    data.extend(&auth_data.tail);
                    let stmt = match att_stmt {
                        AttStmt::Empty => vec![0xa0],
                        AttStmt::Raw(bytes) => bytes.clone(),
                    };
                    attestation_object(fmt.as_deref().unwrap_or("none"), &stmt, &data)
                }
            };
            let client_data = build_client_data(w, client_data, "webauthn.create", &w.registration_challenge);
            let id = id_bytes(w, id);
            json!({
                "id": encode(&id, encoding),
                "rawId": encode(&id, encoding),
                "type": "public-key",
                "response": {
                    "attestationObject": encode(&object, encoding),
                    "clientDataJSON": encode(&client_data, encoding),
                    "transports": transports,
                },
                "clientExtensionResults": {"credProps": {"rk": true}},
            })
        }
        Structured::Assertion { id, client_data, auth_data, signature, user_handle, encoding } => {
            let mut data = fixed_auth_data(w, auth_data);
            data.extend(&auth_data.tail);
            let client_data = build_client_data(w, client_data, "webauthn.get", &w.authentication_challenge);
            let signature = match signature {
                Signature::ValidEd25519 => {
                    let mut signed = data.clone();
                    signed.extend(Sha256::digest(&client_data));
                    w.ed25519_key.sign(&signed).to_bytes().to_vec()
                }
                Signature::Raw(bytes) => bytes.clone(),
            };
            let id = id_bytes(w, id);
            let mut response = json!({
                "authenticatorData": encode(&data, encoding),
                "clientDataJSON": encode(&client_data, encoding),
                "signature": encode(&signature, encoding),
            });
            if let Some(handle) = user_handle {
                response["userHandle"] = encode(handle, encoding);
            }
            json!({
                "id": encode(&id, encoding),
                "rawId": encode(&id, encoding),
                "type": "public-key",
                "response": response,
                "clientExtensionResults": {},
            })
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let w = world();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        if let Ok(credential) = serde_json::from_slice::<Value>(rest) {
            exercise(w, &credential);
        }
    } else if let Ok(input) = Structured::arbitrary_take_rest(Unstructured::new(rest)) {
        exercise(w, &structured(w, &input));
    }
});
