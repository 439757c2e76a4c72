#!/usr/bin/env python3
"""Writes the seed corpus (fuzz/corpus/<target>/seed-*) from the project's real fixtures:
shared/tests/fixtures/*.json and server/tests/fixtures/*.json, in each target's input layout.
Re-run after changing a fixture or a target's layout; the output is checked in."""

import json
import pathlib
import struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
FIXTURES = sorted((ROOT / "crux_passkey/tests/fixtures").glob("*.json")) + sorted(
    (ROOT / "server/tests/fixtures").glob("*.json")
)


def fixture(name):
    for path in FIXTURES:
        if path.name == name:
            return json.loads(path.read_text())
    raise SystemExit(f"no fixture {name}")


def write(target, name, data):
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"seed-{name}").write_bytes(data)


def js(value):
    return json.dumps(value, separators=(",", ":")).encode()


# bincode with crux's options: fixed-width little-endian integers, u32 enum tags, u64 lengths.
def b_str(text):
    data = text.encode() if isinstance(text, str) else text
    return struct.pack("<Q", len(data)) + data


def b_tag(index):
    return struct.pack("<I", index)


def http_ok(status, body):
    headers = struct.pack("<Q", 1) + b_str("content-type") + b_str("application/json")
    return b_tag(0) + struct.pack("<H", status) + headers + b_str(body)


def passkey_ok(text):
    return b_tag(0) + b_str(text)


def auth_event(index, *strings):
    return b_tag(0) + b_tag(index) + b"".join(b_str(s) for s in strings)


# server_credential: byte 0 even = the credential JSON as is.
for path in FIXTURES:
    write("server_credential", path.stem, b"\x00" + path.read_bytes())

# server_http: path, method, content type, credentials, ceremony, oversize; then the body.
PATHS = {"register/start": 0, "register/finish": 1, "login/start": 2, "login/finish": 3,
         "passkeys/start": 4, "passkeys/finish": 5, "session": 6, "logout": 7, "passkeys": 8,
         "own-passkey": 9, "some-passkey": 10, "aasa": 11, "assetlinks": 12, "webauthn": 13,
         "root": 14, "raw": 15}
POST, GET, PATCH, DELETE = 0, 1, 2, 3
JSON, NO_TYPE = 0, 3
ANON, VALID, BEARER = 0, 1, 2
NO_CEREMONY, REGISTER, LOGIN, ADD = 0, 1, 2, 3


def http(name, path, method, ctype, auth, ceremony, body=b"", strings=()):
    head = bytes([PATHS[path], method, ctype, auth, ceremony, 0])
    extra = b"".join(bytes([len(s)]) + s for s in strings)
    write("server_http", name, head + extra + body)


for path in FIXTURES:
    credential = json.loads(path.read_text())
    body = js({"ceremonyId": "CEREMONY", "credential": credential, "name": "Fuzz key"})
    http(f"register-finish-{path.stem}", "register/finish", POST, JSON, ANON, REGISTER, body)
    http(f"login-finish-{path.stem}", "login/finish", POST, JSON, ANON, LOGIN, body)
    http(f"passkeys-finish-{path.stem}", "passkeys/finish", POST, JSON, VALID, ADD, body)
http("register-start", "register/start", POST, JSON, ANON, NO_CEREMONY,
     js({"username": "bob", "displayName": "Bob"}))
http("login-start", "login/start", POST, JSON, ANON, NO_CEREMONY, js({"username": "alice"}))
http("login-start-discoverable", "login/start", POST, JSON, ANON, NO_CEREMONY, b"{}")
http("passkeys-start", "passkeys/start", POST, JSON, VALID, NO_CEREMONY, b"{}")
http("session", "session", GET, NO_TYPE, VALID, NO_CEREMONY)
http("passkeys", "passkeys", GET, NO_TYPE, VALID, NO_CEREMONY)
http("rename", "own-passkey", PATCH, JSON, VALID, NO_CEREMONY, js({"name": "Laptop"}))
http("delete", "own-passkey", DELETE, NO_TYPE, VALID, NO_CEREMONY)
http("logout-forged", "logout", POST, NO_TYPE, BEARER, NO_CEREMONY, strings=[b"sess_forged"])
http("webauthn", "webauthn", GET, NO_TYPE, ANON, NO_CEREMONY)
http("root", "root", GET, NO_TYPE, ANON, NO_CEREMONY)

# core_ffi_bytes: flag byte (odd = configured, passkey sign-in asked), then records of
# op (0 update, 1 resolve id, 2 resolve remembered id), id or index, u16 length, bytes.
def record_update(data):
    return b"\x00" + struct.pack("<H", len(data)) + data


def record_remembered(index, data):
    return b"\x02" + bytes([index]) + struct.pack("<H", len(data)) + data


ceremony = js({"ceremonyId": "cer_1", "options": fixture("request_options.json")})
for index in range(4):
    write("core_ffi_bytes", f"login-answer-{index}",
          b"\x01" + record_remembered(index, http_ok(200, ceremony))
          + b"".join(record_remembered(i, passkey_ok(json.dumps(fixture("authentication_response.json"))))
                     for i in range(4)))
write("core_ffi_bytes", "sign-up-events",
      b"\x00" + record_update(auth_event(0, "https://auth.example.com/"))
      + record_update(auth_event(2, "alice", "Alice Liddell"))
      + record_remembered(1, http_ok(200, js({"ceremonyId": "cer_2",
                                              "options": fixture("creation_options.json")}))))
for path in FIXTURES:
    write("core_ffi_bytes", f"raw-{path.stem}", b"\x01" + record_remembered(1, path.read_bytes()))

# core_sequence reads its steps with `arbitrary`; the fixtures are built into the target (as
# answer choices), and these raw files only give the fuzzer varied bytes to start from.
for path in FIXTURES:
    write("core_sequence", path.stem, path.read_bytes())
