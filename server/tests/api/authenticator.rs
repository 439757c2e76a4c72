//! A software authenticator written from the WebAuthn L3 / CTAP2 spec, so tests can make
//! both honest responses and every kind of hostile one. Its JSON is shaped exactly like
//! Chromium's `PublicKeyCredential.toJSON()`.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openssl::bn::BigNumContext;
use openssl::ec::{EcGroup, EcKey, PointConversionForm};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::rsa::Rsa;
use openssl::sign::Signer;
use serde_cbor_2::Value as Cbor;
use serde_json::{Value, json};

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn unb64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}

pub fn sha256(data: &[u8]) -> Vec<u8> {
    openssl::sha::sha256(data).to_vec()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alg {
    Es256,
    EdDsa,
    Rs256,
}

impl Alg {
    pub fn cose(self) -> i64 {
        match self {
            Alg::Es256 => -7,
            Alg::EdDsa => -8,
            Alg::Rs256 => -257,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CounterMode {
    Incrementing,
    AlwaysZero,
}

/// One credential held by the authenticator.
pub struct SoftKey {
    pub alg: Alg,
    pub cred_id: Vec<u8>,
    pub user_handle: Vec<u8>,
    pub counter: u32,
    pub counter_mode: CounterMode,
    pub backup_eligible: bool,
    pub backed_up: bool,
    /// The make of authenticator it claims at registration; all zeros says nothing.
    pub aaguid: [u8; 16],
    key: PKey<Private>,
}

/// Everything that goes into a response; tests change fields to forge hostile ones.
#[derive(Clone, Debug)]
pub struct Params {
    pub client_type: String,
    pub challenge: String,
    pub origin: String,
    pub rp_id: String,
    pub up: bool,
    pub uv: bool,
    pub be: bool,
    pub bs: bool,
    pub counter: u32,
    pub user_handle: Option<Vec<u8>>,
    pub corrupt_signature: bool,
    /// Packed self-attestation instead of `none` (registration only).
    pub packed: bool,
    /// Chromium sometimes appends this member to discourage template matching.
    pub chromium_extra_member: bool,
    /// `crossOrigin` in clientDataJSON: true inside an iframe of another origin.
    pub cross_origin: bool,
}

pub const ORIGIN: &str = "http://localhost:8080";

impl Params {
    /// An honest response to `options` (a bare L3 options object).
    pub fn honest(options: &Value, create: bool) -> Self {
        let rp_id = if create {
            options["rp"]["id"].as_str().unwrap()
        } else {
            options["rpId"].as_str().unwrap()
        };
        Self {
            client_type: if create {
                "webauthn.create"
            } else {
                "webauthn.get"
            }
            .to_owned(),
            challenge: options["challenge"].as_str().unwrap().to_owned(),
            origin: ORIGIN.to_owned(),
            rp_id: rp_id.to_owned(),
            up: true,
            uv: true,
            be: false,
            bs: false,
            counter: 0,
            user_handle: None,
            corrupt_signature: false,
            packed: false,
            chromium_extra_member: false,
            cross_origin: false,
        }
    }

    fn client_data(&self) -> Vec<u8> {
        // Same member order as Chromium.
        let extra = if self.chromium_extra_member {
            r#","other_keys_can_be_added_here":"do not compare clientDataJSON against a template. See https://goo.gl/yabPex""#
        } else {
            ""
        };
        format!(
            r#"{{"type":"{}","challenge":"{}","origin":"{}","crossOrigin":{}{extra}}}"#,
            self.client_type, self.challenge, self.origin, self.cross_origin
        )
        .into_bytes()
    }

    fn flags(&self, attested: bool) -> u8 {
        let mut flags = 0;
        if self.up {
            flags |= 0x01;
        }
        if self.uv {
            flags |= 0x04;
        }
        if self.be {
            flags |= 0x08;
        }
        if self.bs {
            flags |= 0x10;
        }
        if attested {
            flags |= 0x40;
        }
        flags
    }
}

impl SoftKey {
    pub fn generate(alg: Alg) -> Self {
        let key = match alg {
            Alg::Es256 => {
                let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
                PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap()
            }
            Alg::EdDsa => PKey::generate_ed25519().unwrap(),
            Alg::Rs256 => PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap(),
        };
        let mut cred_id = vec![0_u8; 32];
        openssl::rand::rand_bytes(&mut cred_id).unwrap();
        Self {
            alg,
            cred_id,
            user_handle: Vec::new(),
            counter: 0,
            counter_mode: CounterMode::Incrementing,
            backup_eligible: false,
            backed_up: false,
            aaguid: [0; 16],
            key,
        }
    }

    pub fn id(&self) -> String {
        b64(&self.cred_id)
    }

    fn cose_key(&self) -> Vec<u8> {
        let mut map = BTreeMap::new();
        let int = |i: i128| Cbor::Integer(i);
        match self.alg {
            Alg::Es256 => {
                let ec = self.key.ec_key().unwrap();
                let mut ctx = BigNumContext::new().unwrap();
                let point = ec
                    .public_key()
                    .to_bytes(ec.group(), PointConversionForm::UNCOMPRESSED, &mut ctx)
                    .unwrap();
                map.insert(int(1), int(2));
                map.insert(int(3), int(-7));
                map.insert(int(-1), int(1));
                map.insert(int(-2), Cbor::Bytes(point[1..33].to_vec()));
                map.insert(int(-3), Cbor::Bytes(point[33..65].to_vec()));
            }
            Alg::EdDsa => {
                map.insert(int(1), int(1));
                map.insert(int(3), int(-8));
                map.insert(int(-1), int(6));
                map.insert(int(-2), Cbor::Bytes(self.key.raw_public_key().unwrap()));
            }
            Alg::Rs256 => {
                let rsa = self.key.rsa().unwrap();
                map.insert(int(1), int(3));
                map.insert(int(3), int(-257));
                map.insert(int(-1), Cbor::Bytes(rsa.n().to_vec()));
                map.insert(int(-2), Cbor::Bytes(rsa.e().to_vec()));
            }
        }
        serde_cbor_2::to_vec(&Cbor::Map(map)).unwrap()
    }

    pub fn sign(&self, data: &[u8]) -> Vec<u8> {
        match self.alg {
            Alg::EdDsa => {
                let mut signer = Signer::new_without_digest(&self.key).unwrap();
                signer.sign_oneshot_to_vec(data).unwrap()
            }
            Alg::Es256 | Alg::Rs256 => {
                let mut signer = Signer::new(MessageDigest::sha256(), &self.key).unwrap();
                signer.update(data).unwrap();
                signer.sign_to_vec().unwrap()
            }
        }
    }

    /// Registration: params for `options`, with this key's flags.
    pub fn create_params(&mut self, options: &Value) -> Params {
        self.user_handle = unb64(options["user"]["id"].as_str().unwrap());
        let mut params = Params::honest(options, true);
        params.be = self.backup_eligible;
        params.bs = self.backed_up;
        params.counter = self.counter;
        params
    }

    /// `RegistrationResponseJSON` exactly as Chromium's `toJSON()` lays it out.
    pub fn attest(&self, p: &Params) -> Value {
        let client_data = p.client_data();
        let mut auth_data = sha256(p.rp_id.as_bytes());
        auth_data.push(p.flags(true));
        auth_data.extend_from_slice(&p.counter.to_be_bytes());
        auth_data.extend_from_slice(&self.aaguid);
        auth_data.extend_from_slice(&u16::try_from(self.cred_id.len()).unwrap().to_be_bytes());
        auth_data.extend_from_slice(&self.cred_id);
        auth_data.extend_from_slice(&self.cose_key());

        let att_stmt = if p.packed {
            let mut signed = auth_data.clone();
            signed.extend_from_slice(&sha256(&client_data));
            let mut sig = self.sign(&signed);
            if p.corrupt_signature {
                sig[8] ^= 0x55;
            }
            let mut stmt = BTreeMap::new();
            stmt.insert(
                Cbor::Text("alg".into()),
                Cbor::Integer(self.alg.cose().into()),
            );
            stmt.insert(Cbor::Text("sig".into()), Cbor::Bytes(sig));
            Cbor::Map(stmt)
        } else {
            Cbor::Map(BTreeMap::new())
        };
        let mut object = BTreeMap::new();
        let fmt = if p.packed { "packed" } else { "none" };
        object.insert(Cbor::Text("fmt".into()), Cbor::Text(fmt.into()));
        object.insert(Cbor::Text("attStmt".into()), att_stmt);
        object.insert(
            Cbor::Text("authData".into()),
            Cbor::Bytes(auth_data.clone()),
        );
        let attestation_object = serde_cbor_2::to_vec(&Cbor::Map(object)).unwrap();

        json!({
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {"credProps": {"rk": true}},
            "id": self.id(),
            "rawId": self.id(),
            "response": {
                "attestationObject": b64(&attestation_object),
                "authenticatorData": b64(&auth_data),
                "clientDataJSON": b64(&client_data),
                "publicKey": b64(&self.key.public_key_to_der().unwrap()),
                "publicKeyAlgorithm": self.alg.cose(),
                "transports": ["hybrid", "internal"]
            },
            "type": "public-key"
        })
    }

    /// Registration, honestly.
    pub fn register(&mut self, options: &Value) -> Value {
        let params = self.create_params(options);
        self.attest(&params)
    }

    /// Authentication: params for `options`, advancing the counter like a real authenticator.
    pub fn get_params(&mut self, options: &Value) -> Params {
        if self.counter_mode == CounterMode::Incrementing {
            self.counter += 1;
        }
        let mut params = Params::honest(options, false);
        params.be = self.backup_eligible;
        params.bs = self.backed_up;
        params.counter = self.counter;
        params.user_handle = Some(self.user_handle.clone());
        params
    }

    /// `AuthenticationResponseJSON` exactly as Chromium's `toJSON()` lays it out.
    pub fn assert(&self, p: &Params) -> Value {
        let client_data = p.client_data();
        let mut auth_data = sha256(p.rp_id.as_bytes());
        auth_data.push(p.flags(false));
        auth_data.extend_from_slice(&p.counter.to_be_bytes());
        let mut signed = auth_data.clone();
        signed.extend_from_slice(&sha256(&client_data));
        let mut signature = self.sign(&signed);
        if p.corrupt_signature {
            let last = signature.len() - 1;
            signature[last / 2] ^= 0x01;
        }
        let mut response = json!({
            "authenticatorData": b64(&auth_data),
            "clientDataJSON": b64(&client_data),
            "signature": b64(&signature),
        });
        if let Some(handle) = &p.user_handle {
            response["userHandle"] = json!(b64(handle));
        }
        json!({
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "id": self.id(),
            "rawId": self.id(),
            "response": response,
            "type": "public-key"
        })
    }

    /// Authentication, honestly.
    pub fn sign_in(&mut self, options: &Value) -> Value {
        let params = self.get_params(options);
        self.assert(&params)
    }
}
