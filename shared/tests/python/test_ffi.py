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
    """The smallest possible shell: keeps the effect requests the core hands out, answers the
    session store from memory and timer clears at once, and holds the rest for the test."""

    def __init__(self, kept=None):
        self.core = shared.CoreFfi()
        self.pending = []
        self.renders = 0
        self.kept = kept
        self.timers = []

    def _take(self, data):
        for request in m.read_requests(data):
            if request.kind == "Render":
                self.renders += 1
            elif request.kind == "SessionStore":
                self._store(request)
            elif request.kind == "Time":
                self._time(request)
            else:
                self.pending.append(request)

    def _store(self, request):
        op = request.payload["op"]
        if op == "Load":
            answer = m.store_loaded(self.kept)
        else:
            self.kept = request.payload.get("value")
            answer = m.store_done()
        self._take(self.core.resolve(request.id, answer))

    def _time(self, request):
        if request.payload["op"] == "Clear":
            self.timers = [t for t in self.timers if t.payload["id"] != request.payload["id"]]
            self._take(self.core.resolve(request.id, m.cleared(request.payload["id"])))
        else:
            self.timers.append(request)

    def fire_timers(self):
        timers, self.timers = self.timers, []
        for timer in timers:
            self._take(self.core.resolve(timer.id, m.duration_elapsed(timer.payload["id"])))

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
        self.assertEqual(view["auth"]["passkey_list"], "Loaded")
        self.assertEqual(view["home"]["greeting"], "Hello, Alice Liddell")
        self.assertEqual(view["home"]["passkey_summary"], "You have 1 passkey.")
        self.assertEqual(shell.pending, [])
        self.assertGreater(shell.renders, 0)
        # Each step had a time bound; once its answer came, its timer firing changes nothing.
        self.assertEqual(len(shell.timers), 3, "register/start, the sheet, register/finish")
        shell.fire_timers()
        self.assertEqual(shell.view(), view)
        # The core kept the session in the shell's secret storage.
        self.assertEqual(json.loads(shell.kept), {"server": BASE, "token": TOKEN})

        # Afterwards the token rides along as a bearer token.
        shell.send(m.auth_event("RefreshPasskeys"))
        listing = shell.next("Http")
        self.assertEqual(listing.payload["headers"].get("authorization"), f"Bearer {TOKEN}")

        # The next launch restores the kept session.
        launch = Shell(kept=shell.kept)
        launch.send(m.auth_event("Configure", BASE))
        launch.send(m.auth_event("RestoreSession"))
        check = launch.next("Http")
        self.assertEqual(check.payload["url"], BASE + "auth/session")
        self.assertEqual(check.payload["headers"].get("authorization"), f"Bearer {TOKEN}")
        user = dict(registered["user"], handle="dTFfaGFuZGxl")
        launch.resolve(check, m.http_response(200, json.dumps({"user": user, "rpId": "localhost"}).encode()))
        self.assertEqual(launch.view()["auth"]["screen"], "SignedIn")
        self.assertEqual(launch.view()["auth"]["user"]["handle"], "dTFfaGFuZGxl")

        # The loaded list goes to the platform's passkey manager as the accepted credentials.
        listing = launch.next("Http")
        launch.resolve(listing, m.http_response(200, json.dumps([registered["passkey"]]).encode()))
        signal = launch.next("Passkey")
        self.assertEqual(signal.payload["op"], "Signal")
        self.assertEqual(signal.payload["signal"], "AllAcceptedCredentials")
        self.assertEqual(json.loads(signal.payload["json"]), {
            "rpId": "localhost", "userId": "dTFfaGFuZGxl",
            "allAcceptedCredentialIds": ["q1Zb5bC2W8m1t1wQm3y1Sg"]})
        launch.resolve(signal, m.passkey_signalled())
        self.assertIsNone(launch.view()["auth"]["notice"], "a signal changes nothing")

    def test_a_request_nobody_answers_ends_at_its_time_bound(self):
        shell = Shell()
        shell.send(m.auth_event("Configure", BASE))
        shell.send(m.auth_event("SignInWithPasskey"))
        start = shell.next("Http")
        self.assertEqual(len(shell.timers), 1)
        self.assertGreater(shell.timers[0].payload["nanos"], 0)
        shell.fire_timers()
        view = shell.view()["auth"]
        self.assertFalse(view["busy"])
        self.assertEqual(view["notice"]["code"], "TIMED_OUT")
        # The late answer is taken and dropped: no passkey sheet opens.
        shell.resolve(start, m.http_response(200, ceremony("request_options.json").encode()))
        self.assertEqual([r for r in shell.pending if r.kind == "Passkey"], [])

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

    def test_an_undecodable_answer_ends_the_flow_and_the_shell_hears_of_it(self):
        for wrong in [b"\x07", b"", m.http_response(200, b"{}")[:-1]]:
            shell = Shell()
            shell.send(m.auth_event("Configure", BASE))
            shell.send(m.auth_event("SignInWithPasskey"))
            start = shell.next("Http")
            with self.assertRaises(shared.CoreError.AnswerUndecodable, msg=repr(wrong)) as raised:
                shell.core.resolve(start.id, wrong)
            self.assertIn("could not decode", raised.exception.detail)
            # The follow-up requests come with the error: a redraw, the timer's clear.
            shell._take(raised.exception.requests)
            self.assertGreater(shell.renders, 0)
            view = shell.view()["auth"]
            self.assertFalse(view["busy"], "the flow ended instead of waiting forever")
            self.assertEqual(view["notice"]["code"], "NETWORK")
            # The request was resolved once, by the failure.
            with self.assertRaises(shared.CoreError.Bridge):
                shell.core.resolve(start.id, m.http_response(200, b"{}"))

    def test_an_undecodable_timer_answer_leaves_the_timer_open(self):
        shell = Shell()
        shell.send(m.auth_event("Configure", BASE))
        shell.send(m.auth_event("SignInWithPasskey"))
        timer = shell.timers[0]
        with self.assertRaises(shared.CoreError.Bridge):
            shell.core.resolve(timer.id, b"\x09")
        self.assertTrue(shell.view()["auth"]["busy"])
        shell.fire_timers()
        self.assertEqual(shell.view()["auth"]["notice"]["code"], "TIMED_OUT")

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
