"""The core's bridge messages, encoded and decoded by hand in the order the Rust types declare
their fields and variants (crux_passkey/src/auth/event.rs, view.rs, model.rs, passkey/mod.rs,
session_store/mod.rs, crux_http and crux_time's protocols, shared/src/app.rs)."""

from dataclasses import dataclass
from bincode import Reader, Writer

# auth::AuthEvent variant indices, in declaration order.
AUTH_EVENTS = [
    "Configure", "RestoreSession", "SignUp", "SignIn", "SignInWithPasskey", "StartAutofill",
    "CancelAutofill", "SignOut", "SignOutEverywhere", "RefreshPasskeys", "AddPasskey",
    "RenamePasskey", "DeletePasskey", "ChangeDisplayName", "DismissNotice",
]
SCREENS = ["Starting", "SignedOut", "SignedIn"]
ACTIVITIES = [
    "Idle", "RestoringSession", "SigningUp", "SigningIn", "SigningOut", "SigningOutEverywhere",
    "LoadingPasskeys", "AddingPasskey", "ChangingDisplayName", "RenamingPasskey", "DeletingPasskey",
    "Reauthenticating",
]
NOTICE_KINDS = ["Info", "Error"]
PASSKEY_LISTS = ["Unknown", "Loading", "Loaded", "Failed"]
SIGNALS = ["UnknownCredential", "AllAcceptedCredentials", "CurrentUserDetails"]
STORE_OPERATIONS = ["Load", "Save", "Delete"]
TIME_REQUESTS = ["Now", "NotifyAt", "NotifyAfter", "Clear"]
MEDIATIONS = ["Modal", "Conditional"]
PASSKEY_ERROR_KINDS = [
    "Cancelled", "NoCredentials", "ExcludedCredentialExists", "RpMisconfigured", "Unsupported",
    "Interrupted", "Aborted", "InvalidRequest", "Unknown",
]


def auth_event(name, *fields):
    """`Event::Auth(auth::AuthEvent::<name> { fields… })`; string fields and Option<String> (None)."""
    w = Writer().variant(0).variant(AUTH_EVENTS.index(name))
    for field in fields:
        if isinstance(field, tuple) and field[0] == "option":
            w.option(field[1], w.str)
        else:
            w.str(field)
    return w.done()


@dataclass
class Request:
    id: int
    kind: str
    payload: dict


def read_requests(data):
    r = Reader(data)

    def one():
        request_id = r.u32()
        effect = r.variant()
        if effect == 0:
            return Request(request_id, "Render", {})
        if effect == 1:
            method, url = r.str(), r.str()
            headers = r.seq(lambda: (r.str(), r.str()))
            body = r.bytes()
            return Request(request_id, "Http", {"method": method, "url": url,
                                                "headers": dict(headers), "body": body})
        if effect == 2:
            op = r.variant()
            if op == 0:
                return Request(request_id, "Passkey", {"op": "Create", "options_json": r.str()})
            if op == 1:
                options = r.str()
                return Request(request_id, "Passkey", {"op": "Get", "options_json": options,
                                                       "mediation": MEDIATIONS[r.variant()]})
            if op == 2:
                signal = SIGNALS[r.variant()]
                return Request(request_id, "Passkey", {"op": "Signal", "signal": signal, "json": r.str()})
            raise ValueError(f"unknown passkey operation {op}")
        if effect == 3:
            op = STORE_OPERATIONS[r.variant()]
            payload = {"op": op}
            if op == "Save":
                payload["value"] = r.str()
            return Request(request_id, "SessionStore", payload)
        if effect == 4:
            op = TIME_REQUESTS[r.variant()]
            payload = {"op": op}
            if op in ("NotifyAt", "NotifyAfter", "Clear"):
                payload["id"] = r.u64()
            if op == "NotifyAt":
                payload["seconds"], payload["nanos"] = r.u64(), r.u32()
            if op == "NotifyAfter":
                payload["nanos"] = r.u64()
            return Request(request_id, "Time", payload)
        raise ValueError(f"unknown effect {effect}")

    requests = r.seq(one)
    assert r.finished(), "trailing bytes after requests"
    return requests


def http_response(status, body, headers=(("content-type", "application/json"),)):
    """HttpResult::Ok(HttpResponse { status, headers, body })"""
    w = Writer().variant(0).u16(status).u64(len(headers))
    for name, value in headers:
        w.str(name).str(value)
    return w.bytes(body).done()


def http_io_error(message):
    """HttpResult::Err(HttpError::Io(message))"""
    return Writer().variant(1).variant(1).str(message).done()


def passkey_ok(response_json):
    return Writer().variant(0).str(response_json).done()


def passkey_signalled():
    """PasskeyResult::Signalled"""
    return Writer().variant(2).done()


def passkey_err(kind, message):
    return Writer().variant(1).variant(PASSKEY_ERROR_KINDS.index(kind)).str(message).done()


def store_loaded(value):
    """SessionStoreResult::Loaded { value }"""
    w = Writer().variant(0)
    w.option(value, w.str)
    return w.done()


def store_done():
    """SessionStoreResult::Done"""
    return Writer().variant(1).done()


def duration_elapsed(timer_id):
    """TimeResponse::DurationElapsed { id }"""
    return Writer().variant(2).u64(timer_id).done()


def cleared(timer_id):
    """TimeResponse::Cleared { id }"""
    return Writer().variant(3).u64(timer_id).done()


def read_view(data):
    r = Reader(data)

    def user():
        return {"id": r.str(), "username": r.str(), "displayName": r.str(),
                "handle": r.option(r.str)}

    def provider():
        return {"aaguid": r.str(), "name": r.str(), "iconLight": r.option(r.str),
                "iconDark": r.option(r.str)}

    def passkey():
        return {"id": r.str(), "name": r.str(), "createdAt": r.str(),
                "lastUsedAt": r.option(r.str), "backupEligible": r.bool(),
                "backedUp": r.bool(), "transports": r.seq(r.str), "provider": r.option(provider)}

    def notice():
        return {"kind": NOTICE_KINDS[r.variant()], "code": r.str(), "text": r.str()}

    auth = {
        "screen": SCREENS[r.variant()],
        "activity": ACTIVITIES[r.variant()],
        "busy": r.bool(),
        "autofill_active": r.bool(),
        "server_configured": r.bool(),
        "user": r.option(user),
        "passkeys": r.seq(passkey),
        "passkey_list": PASSKEY_LISTS[r.variant()],
        "can_delete_passkeys": r.bool(),
        "notice": r.option(notice),
    }
    home = r.option(lambda: {"greeting": r.str(), "passkey_summary": r.str()})
    assert r.finished(), "trailing bytes after the view"
    return {"auth": auth, "home": home}
