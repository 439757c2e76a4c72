"""Drives the real `shared` cdylib through uniffi's generated Python bindings, exactly as the
Swift and Kotlin shells drive it: bincode events in, effect requests out, answers resolved,
the view read back.

Run by `cargo xtask test`, which builds the library, generates the bindings into
SHARED_BINDINGS_DIR and copies the library beside them."""

import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.environ.get("SHARED_BINDINGS_DIR", os.path.join(HERE, "bindings")))

import shared  # noqa: E402  (the generated bindings)
import messages as m  # noqa: E402

FIXTURES = os.path.join(HERE, "..", "..", "..", "crux_passkey", "tests", "fixtures")
BASE = "http://localhost:8080/"
TOKEN = "sess_python_token_0123456789"


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return f.read()


def ceremony(options_fixture):
    return json.dumps({"ceremonyId": "cer_py_1", "options": json.loads(fixture(options_fixture))})


class Shell:
    """The smallest possible shell: keeps the effect requests the core hands out."""

    def __init__(self):
        self.core = shared.CoreFfi()
        self.pending = []
        self.renders = 0

    def _take(self, data):
        for request in m.read_requests(data):
            if request.kind == "Render":
                self.renders += 1
            else:
                self.pending.append(request)

    def send(self, event_bytes):
        self._take(self.core.update(event_bytes))

    def next(self, kind):
        for index, request in enumerate(self.pending):
            if request.kind == kind:
                return self.pending.pop(index)
        raise AssertionError(f"no {kind} request waiting; have {self.pending}")

    def resolve(self, request, answer):
        self._take(self.core.resolve(request.id, answer))

    def view(self):
        return m.read_view(self.core.view())


class SignUpThroughTheFfi(unittest.TestCase):
    def test_sign_up_resolves_http_and_passkey_effects_and_signs_in(self):
        shell = Shell()
        shell.send(m.auth_event("Configure", BASE))
        self.assertTrue(shell.view()["auth"]["server_configured"])

        shell.send(m.auth_event("SignUp", "alice", "Alice Liddell"))
        start = shell.next("Http")
        self.assertEqual(start.payload["method"], "POST")
        self.assertEqual(start.payload["url"], BASE + "auth/register/start")
        self.assertEqual(json.loads(start.payload["body"]),
                         {"username": "alice", "displayName": "Alice Liddell"})
        self.assertTrue(shell.view()["auth"]["busy"])

        shell.resolve(start, m.http_response(200, ceremony("creation_options.json").encode()))
        create = shell.next("Passkey")
        self.assertEqual(create.payload["op"], "Create")
        self.assertEqual(json.loads(create.payload["options_json"]),
                         json.loads(fixture("creation_options.json")))

        shell.resolve(create, m.passkey_ok(fixture("registration_response.json")))
        finish = shell.next("Http")
        self.assertEqual(finish.payload["url"], BASE + "auth/register/finish")
        body = json.loads(finish.payload["body"])
        self.assertEqual(body["ceremonyId"], "cer_py_1")
        self.assertEqual(body["credential"], json.loads(fixture("registration_response.json")))

        registered = {
            "user": {"id": "u1", "username": "alice", "displayName": "Alice Liddell"},
            "passkey": {"id": "q1Zb5bC2W8m1t1wQm3y1Sg", "name": "Passkey 1",
                        "createdAt": "2026-11-01T09:30:00Z", "lastUsedAt": None,
                        "backupEligible": True, "backedUp": False, "transports": ["internal"]},
            "session": {"token": TOKEN, "expiresAt": "2026-12-01T09:30:00Z"},
        }
        shell.resolve(finish, m.http_response(201, json.dumps(registered).encode()))

        view = shell.view()
        self.assertEqual(view["auth"]["screen"], "SignedIn")
        self.assertFalse(view["auth"]["busy"])
        self.assertEqual(view["auth"]["user"]["username"], "alice")
        self.assertEqual(view["auth"]["passkeys"][0]["name"], "Passkey 1")
        self.assertEqual(view["auth"]["session_token"], TOKEN)
        self.assertEqual(view["home"]["greeting"], "Hello, Alice Liddell")
        self.assertEqual(shell.pending, [])
        self.assertGreater(shell.renders, 0)

        # Afterwards the token rides along as a bearer token.
        shell.send(m.auth_event("RefreshPasskeys"))
        listing = shell.next("Http")
        self.assertEqual(listing.payload["headers"].get("authorization"), f"Bearer {TOKEN}")

    def test_a_cancelled_sheet_and_a_network_failure_reach_the_view(self):
        shell = Shell()
        shell.send(m.auth_event("Configure", BASE))
        shell.send(m.auth_event("SignInWithPasskey"))
        start = shell.next("Http")
        shell.resolve(start, m.http_response(200, ceremony("request_options.json").encode()))
        get = shell.next("Passkey")
        self.assertEqual(get.payload["mediation"], "Modal")
        shell.resolve(get, m.passkey_err("Cancelled", "NotAllowedError"))
        view = shell.view()["auth"]
        self.assertFalse(view["busy"])
        self.assertEqual(view["notice"]["code"], "PASSKEY_CANCELLED")
        self.assertEqual(view["notice"]["kind"], "Info", "a cancel is calm, not an error")

        shell.send(m.auth_event("SignInWithPasskey"))
        shell.resolve(shell.next("Http"), m.http_io_error("connection refused"))
        notice = shell.view()["auth"]["notice"]
        self.assertEqual(notice["code"], "NETWORK")
        self.assertEqual(notice["kind"], "Error")


class FfiErrorPaths(unittest.TestCase):
    def test_undecodable_event_bytes_raise_core_error(self):
        core = shared.CoreFfi()
        for garbage in [b"", b"\xff\xff\xff\xff", b"\x00\x00\x00\x00\x63\x00\x00\x00", b"{}"]:
            with self.assertRaises(shared.CoreError.Bridge, msg=repr(garbage)):
                core.update(garbage)
        # The core is still usable afterwards.
        m.read_view(core.view())

    def test_unknown_effect_ids_raise_core_error(self):
        core = shared.CoreFfi()
        with self.assertRaises(shared.CoreError.Bridge):
            core.resolve(4242, m.passkey_ok("{}"))

    def test_a_wrong_answer_raises_and_leaves_the_request_open(self):
        shell = Shell()
        shell.send(m.auth_event("Configure", BASE))
        shell.send(m.auth_event("SignInWithPasskey"))
        start = shell.next("Http")
        for wrong in [b"\x07", b"", m.passkey_ok("{}"), m.http_response(200, b"{}")[:-1]]:
            with self.assertRaises(shared.CoreError.Bridge, msg=repr(wrong)):
                shell.core.resolve(start.id, wrong)
        self.assertTrue(shell.view()["auth"]["busy"], "still waiting for a real answer")
        # The same request still takes a proper answer, exactly once.
        shell.resolve(start, m.http_response(200, ceremony("request_options.json").encode()))
        with self.assertRaises(shared.CoreError.Bridge):
            shell.core.resolve(start.id, m.http_response(200, b"{}"))
        self.assertEqual(shell.next("Passkey").payload["op"], "Get")

    def test_a_panic_inside_the_core_surfaces_as_an_error_not_an_abort(self):
        probe = getattr(shared, "panic_probe", None)
        if probe is None:
            self.fail("built without the ffi-panic-probe feature")
        with self.assertRaises(shared.InternalError):
            probe()
        # The process survived and the library still works.
        m.read_view(shared.CoreFfi().view())


if __name__ == "__main__":
    unittest.main(verbosity=2)
