#!/usr/bin/env python3
"""Prints what the server needs for an Android app signed with a given certificate.

    python3 Android/scripts/apk_key_hash.py com.example.cruxpasskey AB:CD:...:EF

The fingerprint is the signing certificate's SHA-256, as printed by
`keytool -list -v -keystore <keystore>` or `./gradlew signingReport`. The output is the
`--android-app` flag and the `android:apk-key-hash:` origin the server derives from it
(base64url of the 32 fingerprint bytes, no padding), which Credential Manager puts in
clientDataJSON.origin."""

import base64
import sys


def fingerprint_bytes(fingerprint: str) -> bytes:
    hex_digits = fingerprint.replace(":", "").strip()
    if len(hex_digits) != 64:
        raise ValueError(f"expected 32 hex bytes (AB:CD:…), got {fingerprint!r}")
    return bytes.fromhex(hex_digits)


def apk_key_hash_origin(fingerprint: str) -> str:
    digest = base64.urlsafe_b64encode(fingerprint_bytes(fingerprint)).rstrip(b"=").decode()
    return f"android:apk-key-hash:{digest}"


def canonical_fingerprint(fingerprint: str) -> str:
    return ":".join(f"{b:02X}" for b in fingerprint_bytes(fingerprint))


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    package, fingerprint = argv[1], argv[2]
    try:
        canonical = canonical_fingerprint(fingerprint)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"--android-app {package}:{canonical}")
    print(f"origin (derived by the server): {apk_key_hash_origin(fingerprint)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
