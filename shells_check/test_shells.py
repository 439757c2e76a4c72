"""Linux-side checks of the iOS and Android shells (stdlib only).

    python3 shells_check/test_shells.py                  # run the checks
    python3 shells_check/test_shells.py --write-mapping  # rewrite ERROR_MAPPING.md from the shells

Each check runs against the real sources and the real generated types, and again against a
doctored copy with one thing removed or added, to prove it can fail."""

import importlib.util
import re
import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import shells as s  # noqa: E402

MAPPING_DOC = HERE / "ERROR_MAPPING.md"


def load():
    return s.Contract.load(), s.swift_sources(), s.kotlin_sources()


def mapping_document():
    swift_source = s.swift_sources()[s.SWIFT_MAPPING]
    codes = dict(re.findall(r"case (\w+) = (\d+)", swift_source))
    swift = [(group, f"{name} ({codes[name]})" if group == "ASAuthorizationError" else name, kind)
             for group, name, kind in s.swift_mapping_table(swift_source)]
    kotlin = s.kotlin_mapping_table(s.kotlin_sources()[s.KOTLIN_MAPPING])
    return "\n".join([
        "# Platform errors → PasskeyError kinds",
        "",
        "Generated from the shells' mapping files by `python3 shells_check/test_shells.py --write-mapping`;",
        "the test suite fails when this file and the code disagree. The kinds are the bridge protocol's",
        "`PasskeyErrorKind` ([docs/bridge-protocol.md](../docs/bridge-protocol.md); Swift `.lowerCamel`,",
        "Kotlin `UPPERCASE`). Every message keeps the platform's raw domain/code or exception type",
        "and text.",
        "",
        "## iOS — `iOS/CruxPasskeyKit/Sources/CruxPasskeyKit/Passkey/PasskeyErrorMapping.swift`",
        "",
        "`ASAuthorizationError` codes are matched by raw value (1000–1010), so the switch stays",
        "exhaustive on every SDK. Only the catch-all codes `.failed` and `.unknown`, and errors of other",
        "domains (e.g. `WKErrorDomain`), are refined by their text: \"not associated with domain\"",
        "(the app is missing from the domain's apple-app-site-association `webcredentials`) and",
        "\"excludeCredentials\" (a matched exclude entry reported without code 1006). `.canceled` is",
        "`Cancelled`; `.failed` without such text is `Unknown`. When the shell itself cancelled the",
        "controller (autofill turned off, or a newer request), the answer is `Aborted`, whatever code",
        "the OS reports. A signal's platform errors map by the same table; a signal whose JSON does",
        "not read is `invalidSignal`, and before iOS 26 / macOS 26 (or built with an SDK older than",
        "Xcode 26's) every signal is `signalsUnavailable`.",
        "",
        s.render_table("iOS", swift),
        "",
        "## Android — `Android/cruxpasskey/src/main/java/com/cruxpasskey/kit/PasskeyMapping.kt`",
        "",
        "`CreatePublicKeyCredentialDomException` and `GetPublicKeyCredentialDomException` map by their",
        "`domError`, read as WebAuthn and the web shell (`web-leptos/src/effects/error_names.rs`) read",
        "DOMExceptions: `NotAllowedError` = the person said no or it timed out, `InvalidStateError` on",
        "create = an excluded credential exists, `SecurityError` = the app is not associated with the",
        "RP id. `Unknown`/`Custom` exceptions whose message names asset links",
        "are `RpMisconfigured`. A cancelled coroutine (autofill turned off, or a newer request)",
        "answers `Aborted`. Signals (`CredentialManager.signalCredentialState`, androidx.credentials",
        "1.6) map their `SignalCredentialStateException` family by the same reading: no provider that",
        "takes signals is `Unsupported`, a refusal reads like `SecurityError`, a rate limit is",
        "transient; JSON a `Signal…Request` rejects is `InvalidRequest`, a `CredentialManager`",
        "without the call (`UnsupportedOperationException`) `Unsupported`. The core ignores every",
        "signal failure. The kinds are the cruxpasskey library's `PasskeyFailureKind`, which the",
        "app's `core/KitEffects.kt` maps one to one to `PasskeyErrorKind`; `Android/jvm-check` runs",
        "every row below.",
        "",
        s.render_table("Android", kotlin),
        "",
    ])


class GeneratedTypes(unittest.TestCase):
    def test_the_contract_is_read_from_the_generated_types(self):
        contract, _, _ = load()
        self.assertEqual(contract.swift["Effect"], ["render", "http", "passkey", "sessionStore", "time"])
        self.assertEqual(contract.swift["TimeRequest"], ["now", "notifyAt", "notifyAfter", "clear"])
        self.assertEqual(contract.swift_labels["AuthEvent"]["restoreSession"], [])
        self.assertEqual(contract.swift["PasskeyOperation"], ["create", "get", "signal"])
        self.assertEqual(contract.swift["PasskeyResult"], ["ok", "err", "signalled"])
        self.assertEqual(contract.swift_more["Signal"], ["unknownCredential", "allAcceptedCredentials", "currentUserDetails"])
        self.assertIn("changingDisplayName", contract.swift_more["Activity"])
        self.assertEqual(contract.swift_labels["AuthEvent"]["changeDisplayName"], ["displayName"])
        self.assertEqual(len(contract.swift["PasskeyErrorKind"]), 9)
        self.assertIn("autofillActive", contract.swift["AuthViewModel"])
        self.assertEqual(contract.kotlin["HttpError"], ["Url", "Io", "Timeout"])
        self.assertEqual(len(contract.kotlin["AuthEvent"]), 15)
        self.assertIn("ChangeDisplayName", contract.kotlin["AuthEvent"])
        self.assertIn("SignOutEverywhere", contract.kotlin["AuthEvent"])
        self.assertIn("signOutEverywhere", contract.swift["AuthEvent"])
        self.assertIn("REAUTHENTICATING", contract.kotlin_more["Activity"])
        self.assertIn("reauthenticating", contract.swift_more["Activity"])
        self.assertEqual(contract.kotlin["PasskeyOperation"], ["Create", "Get", "Signal"])
        self.assertEqual(contract.kotlin["PasskeyResult"], ["Ok", "Err", "Signalled"])
        self.assertEqual(contract.kotlin_more["Signal"], ["UNKNOWNCREDENTIAL", "ALLACCEPTEDCREDENTIALS", "CURRENTUSERDETAILS"])
        self.assertIn("CHANGINGDISPLAYNAME", contract.kotlin_more["Activity"])
        self.assertEqual(contract.kotlin_more["Provider"], ["aaguid", "name", "iconLight", "iconDark"])

    def test_swift_and_kotlin_types_agree(self):
        contract, _, _ = load()
        self.assertEqual(s.check_generated_agree(contract), [])


class Dispatch(unittest.TestCase):
    def test_ios_handles_every_variant(self):
        contract, swift, _ = load()
        self.assertEqual(s.check_swift_shell(contract, swift), [])

    def test_android_handles_every_variant(self):
        contract, _, kotlin = load()
        self.assertEqual(s.check_kotlin_shell(contract, kotlin), [])

    def test_a_removed_case_fails(self):
        contract, swift, kotlin = load()
        swift = dict(swift, **{s.SWIFT_CORE: swift[s.SWIFT_CORE].replace("case .passkey(", "case .other(")})
        self.assertIn("Core.swift does not dispatch Effect: passkey", s.check_swift_shell(contract, swift))
        kotlin = dict(kotlin, **{s.KOTLIN_BRIDGE: kotlin[s.KOTLIN_BRIDGE].replace("is Effect.Http ->", "is Effect.Other ->")})
        self.assertIn("CoreBridge.kt does not dispatch Effect: Http", s.check_kotlin_shell(contract, kotlin))

    def test_a_new_core_effect_or_operation_fails(self):
        swift_types, kotlin_types = s.read(s.GEN_SWIFT), s.read(s.GEN_KOTLIN)
        swift_types = swift_types.replace("    case passkey(PasskeyOperation)\n",
                                          "    case passkey(PasskeyOperation)\n    case storage(StorageOperation)\n")
        swift_types = swift_types.replace("    case get(optionsJson: String, mediation: Mediation)\n",
                                          "    case get(optionsJson: String, mediation: Mediation)\n    case delete(id: String)\n")
        kotlin_types = kotlin_types.replace("    data class Passkey(\n        val value: com.cruxpasskey.shared.types.PasskeyOperation",
                                            "    data class Storage(val value: String) : Effect\n    data class Passkey(\n        val value: com.cruxpasskey.shared.types.PasskeyOperation")
        contract = s.Contract(swift_types, kotlin_types)
        _, swift, kotlin = load()
        swift_problems = s.check_swift_shell(contract, swift)
        self.assertIn("Core.swift does not dispatch Effect: storage", swift_problems)
        self.assertIn("EffectAdapters.swift does not convert PasskeyOperation: delete", swift_problems)
        self.assertIn("CoreBridge.kt does not dispatch Effect: Storage", s.check_kotlin_shell(contract, kotlin))

    def test_a_new_error_kind_event_or_field_fails(self):
        swift_types = s.read(s.GEN_SWIFT)
        swift_types = swift_types.replace("    case invalidRequest\n", "    case invalidRequest\n    case rateLimited\n")
        swift_types = swift_types.replace("    case dismissNotice\n", "    case dismissNotice\n    case forgetDevice\n")
        swift_types = swift_types.replace("    public var notice: Notice?\n",
                                          "    public var notice: Notice?\n    public var deviceName: String\n")
        problems = s.check_swift_shell(s.Contract(swift_types, s.read(s.GEN_KOTLIN)), load()[1])
        self.assertIn("PasskeyErrorMapping.swift never produces PasskeyErrorKind: rateLimited", problems)
        self.assertIn("EffectAdapters.swift never produces PasskeyErrorKind: rateLimited", problems)
        self.assertIn("the iOS shell never sends AuthEvent: forgetDevice", problems)
        self.assertIn("the iOS shell never reads AuthViewModel: deviceName", problems)

    def test_an_unsent_event_fails(self):
        contract, swift, kotlin = load()
        swift = {name: text.replace("send(.signOut)", "noop()") for name, text in swift.items()}
        self.assertIn("the iOS shell never sends AuthEvent: signOut", s.check_swift_shell(contract, swift))
        kotlin = {name: text.replace("send(AuthEvent.RenamePasskey(", "noop((") for name, text in kotlin.items()}
        self.assertIn("the Android shell never sends AuthEvent: RenamePasskey", s.check_kotlin_shell(contract, kotlin))
        # Sending SignOut is not sending SignOutEverywhere, nor the reverse.
        contract, swift, kotlin = load()
        swift = {name: text.replace("send(.signOutEverywhere)", "noop()") for name, text in swift.items()}
        self.assertEqual([p for p in s.check_swift_shell(contract, swift) if "never sends" in p],
                         ["the iOS shell never sends AuthEvent: signOutEverywhere"])
        kotlin = {name: text.replace("send(AuthEvent.SignOutEverywhere)", "noop()") for name, text in kotlin.items()}
        self.assertEqual([p for p in s.check_kotlin_shell(contract, kotlin) if "never sends" in p],
                         ["the Android shell never sends AuthEvent: SignOutEverywhere"])


class UniffiApi(unittest.TestCase):
    def test_the_shells_call_the_generated_uniffi_api(self):
        _, swift, kotlin = load()
        self.assertEqual(s.check_swift_uniffi(s.read(s.UNIFFI_SWIFT), swift[s.SWIFT_CORE]), [])
        self.assertEqual(s.check_kotlin_uniffi(s.read(s.UNIFFI_KOTLIN), kotlin[s.KOTLIN_BRIDGE]), [])
        self.assertEqual(s.check_generated_api_used(s.read(s.GEN_SWIFT), s.read(s.GEN_KOTLIN),
                                                    swift[s.SWIFT_CORE], kotlin[s.KOTLIN_BRIDGE]), [])

    def test_the_names_come_from_the_bindings(self):
        cls, methods, error, cases = s.uniffi_swift_api(s.read(s.UNIFFI_SWIFT))
        self.assertEqual((cls, error, cases), ("CoreFfi", "CoreError", ["Bridge", "AnswerUndecodable"]))
        self.assertEqual(s.uniffi_swift_error_labels(s.read(s.UNIFFI_SWIFT))["AnswerUndecodable"], ["detail", "requests"])
        self.assertEqual(methods, {"resolve": ["id", "answer"], "update": ["event"], "view": []})
        self.assertEqual(s.uniffi_kotlin_api(s.read(s.UNIFFI_KOTLIN)),
                         ("CoreFfi", ["resolve", "update", "view"], "CoreException"))

    def test_renamed_bindings_fail(self):
        _, swift, kotlin = load()
        renamed = s.read(s.UNIFFI_SWIFT).replace("open func update(event: Data)", "open func send(event: Data)")
        self.assertIn("Core.swift does not call CoreFfi.send(event:)", s.check_swift_uniffi(renamed, swift[s.SWIFT_CORE]))
        renamed = s.read(s.UNIFFI_KOTLIN).replace("sealed class CoreException:", "sealed class CoreFailure:")
        self.assertIn("CoreBridge.kt does not import uniffi.shared.CoreFailure", s.check_kotlin_uniffi(renamed, kotlin[s.KOTLIN_BRIDGE]))
        self.assertTrue(s.check_generated_api_used(s.read(s.GEN_SWIFT).replace("bincodeSerialize", "serializeBincode"),
                                                   s.read(s.GEN_KOTLIN), swift[s.SWIFT_CORE], kotlin[s.KOTLIN_BRIDGE]))


class CrashHazards(unittest.TestCase):
    def test_no_force_unwraps_or_force_tries(self):
        _, swift, kotlin = load()
        self.assertEqual(s.lint(swift, s.SWIFT_HAZARDS), [])
        self.assertEqual(s.lint(s.swift_sources(tests=True), s.SWIFT_HAZARDS), [])
        self.assertEqual(s.lint(kotlin, s.KOTLIN_HAZARDS), [])

    def test_the_lint_catches_hazards_but_not_strings_or_comments(self):
        bad = {"A.swift": "let a = try! f()\nlet b = x as! Y\nlet c = d!.e\nlet f = g()!\nvar h: Data!\n"}
        self.assertEqual(len(s.lint(bad, s.SWIFT_HAZARDS)), 5)
        fine = {"B.swift": 'let a = "Hi!" // try! x!\nif !done && a != b { }\n/* y! */\n'}
        self.assertEqual(s.lint(fine, s.SWIFT_HAZARDS), [])
        self.assertEqual(len(s.lint({"C.kt": "val a = b!!.c\n"}, s.KOTLIN_HAZARDS)), 1)
        self.assertEqual(s.lint({"D.kt": 'val a = "!!" // !!\nif (a != b) {}\n'}, s.KOTLIN_HAZARDS), [])

    def test_the_delegate_resumes_exactly_once(self):
        _, swift, _ = load()
        source = swift[s.SWIFT_CEREMONY]
        self.assertEqual(s.check_swift_continuation(source), [])
        twice = source.replace("continuation.resume(returning: outcome)",
                               "continuation.resume(returning: outcome)\n        continuation.resume(returning: outcome)")
        self.assertIn("PasskeyCeremony.swift must resume its continuation in exactly one place", s.check_swift_continuation(twice))
        unguarded = source.replace("guard !resumed, let continuation", "guard let continuation")
        self.assertIn("PasskeyCeremony.swift: the resume is not guarded by `guard !resumed`", s.check_swift_continuation(unguarded))

    def test_autofill_is_cancelled_when_it_turns_off(self):
        _, swift, kotlin = load()
        self.assertEqual(s.check_autofill_cancel(swift[s.SWIFT_CORE], kotlin[s.KOTLIN_BRIDGE]), [])
        self.assertEqual(len(s.check_autofill_cancel(swift[s.SWIFT_CORE].replace("cancelConditional()", "noop()"),
                                                     kotlin[s.KOTLIN_BRIDGE].replace("UNDISPATCHED", "DEFAULT"))), 2)


class ErrorMapping(unittest.TestCase):
    def test_ios_maps_every_authorization_error(self):
        contract, swift, _ = load()
        table = s.swift_mapping_table(swift[s.SWIFT_MAPPING])
        self.assertEqual(s.check_mapping_table(table, s.IOS_REQUIRED, contract.swift["PasskeyErrorKind"]), [])
        self.assertIn(("ASAuthorizationError", "canceled", "cancelled"), table)
        self.assertIn(("ASAuthorizationError", "failed", "unknown"), table)
        self.assertIn(("Text of .failed/.unknown/other domains", "notAssociatedWithDomain", "rpMisconfigured"), table)
        self.assertIn(("Shell failure", "abortedByShell", "aborted"), table)
        print("\n" + s.render_table("iOS", table), file=sys.stderr)

    def test_android_maps_every_credential_exception(self):
        contract, _, kotlin = load()
        table = s.kotlin_mapping_table(kotlin[s.KOTLIN_MAPPING])
        kinds = s.kotlin_kit_enum(kotlin[s.KOTLIN_KIT_TYPES], "PasskeyFailureKind")
        self.assertEqual(s.check_mapping_table(table, s.ANDROID_REQUIRED, kinds), [])
        self.assertIn(("GetCredentialException", "NoCredentialException", "NO_CREDENTIALS"), table)
        self.assertIn(("DomError (in either DomException)", "InvalidStateError", "EXCLUDED_CREDENTIAL_EXISTS on create, INVALID_REQUEST on get"), table)
        self.assertIn(("SignalCredentialStateException", "SignalCredentialStateProviderConfigurationException", "UNSUPPORTED"), table)
        self.assertIn(("Shell failure", "UNSUPPORTED_CALL", "UNSUPPORTED"), table)
        print("\n" + s.render_table("Android", table), file=sys.stderr)

    def test_a_missing_mapping_fails(self):
        contract, swift, kotlin = load()
        source = swift[s.SWIFT_MAPPING].replace("case .notInteractive: return .noCredentials\n", "")
        table = s.swift_mapping_table(source)
        self.assertIn("no mapping for ASAuthorizationError notInteractive",
                      s.check_mapping_table(table, s.IOS_REQUIRED, contract.swift["PasskeyErrorKind"]))
        source = kotlin[s.KOTLIN_MAPPING].replace("is SecurityError -> PasskeyFailureKind.RP_MISCONFIGURED\n", "")
        table = s.kotlin_mapping_table(source)
        kinds = s.kotlin_kit_enum(kotlin[s.KOTLIN_KIT_TYPES], "PasskeyFailureKind")
        self.assertIn("no mapping for DomError (in either DomException) SecurityError",
                      s.check_mapping_table(table, s.ANDROID_REQUIRED, kinds))

    def test_the_authorization_error_codes_are_apples(self):
        # ASAuthorizationError.h: 1000 unknown … 1010 deviceNotConfiguredForPasskeyCreation.
        swift = load()[1][s.SWIFT_MAPPING]
        body = s._block(swift, r"enum AuthorizationErrorCode: Int, CaseIterable \{", r"^    \}")
        codes = [(name, int(value)) for name, value in re.findall(r"case (\w+) = (\d+)", body)]
        self.assertEqual([value for _, value in codes], list(range(1000, 1011)))
        self.assertEqual(codes[1], ("canceled", 1001))
        self.assertEqual(codes[4], ("failed", 1004))
        self.assertEqual(codes[6], ("matchedExcludedCredential", 1006))

    def test_the_mapping_document_is_current(self):
        self.assertEqual(MAPPING_DOC.read_text(encoding="utf-8"), mapping_document(),
                         "run: python3 shells_check/test_shells.py --write-mapping")


class IosPackage(unittest.TestCase):
    """CruxPasskeyKit and the app's use of it: each check passes on the real sources and fails on
    a doctored copy."""

    SIGNED_IN = "CruxPasskey/SignedInView.swift"
    SIGNED_OUT = "CruxPasskey/SignedOutView.swift"

    @staticmethod
    def doctored(files, path, old, new):
        assert old in files[path], (path, old)
        return dict(files, **{path: files[path].replace(old, new)})

    def test_every_new_effect_case_reaches_a_handler_and_back(self):
        contract, swift, _ = load()
        cases = [(s.SWIFT_ADAPTER, "case .clear(let id):\n            self = .clear(id: id.value)\n", "",
                  "EffectAdapters.swift does not convert TimeRequest: clear"),
                 (s.SWIFT_ADAPTER, "case .done: self = .done", 'case .done: self = .failed(detail: "")',
                  "EffectAdapters.swift never produces SessionStoreResult: done"),
                 (s.SWIFT_ADAPTER, "        case .delete: self = .delete\n", "        default: self = .load\n",
                  "EffectAdapters.swift does not convert SessionStoreOperation: delete"),
                 (s.SWIFT_TIMER, "answer(.cleared(id: id))", "",
                  "TimerHandler.swift never produces TimerAnswer: cleared"),
                 (s.SWIFT_STORE, "case .save(let value):\n            return save(value)\n", "",
                  "KeychainSecretStore.swift does not handle SecretStoreRequest: save"),
                 (self.SIGNED_IN, "case .failed:", "default:",
                  "the iOS shell does not draw PasskeyList: failed"),
                 (s.SWIFT_CORE, "send(.restoreSession)", "send(.restoreSession(sessionToken: token))",
                  "the iOS shell sends AuthEvent restoreSession with arguments it does not take")]
        for path, old, new, problem in cases:
            self.assertIn(problem, s.check_swift_shell(contract, self.doctored(swift, path, old, new)))

    def test_the_package_mirrors_the_generated_cases(self):
        contract, swift, _ = load()
        self.assertEqual(s.swift_enum_cases(swift["CruxPasskeyKit/Time/TimerTypes.swift"], "TimerCommand"),
                         ["now", "notifyAt", "notifyAfter", "clear"])
        extra = self.doctored(swift, "CruxPasskeyKit/Time/TimerTypes.swift", "    case clear(id: UInt64)\n",
                              "    case clear(id: UInt64)\n    case pause(id: UInt64)\n")
        problems = s.check_swift_shell(contract, extra)
        self.assertIn("TimerHandler.swift does not handle TimerCommand: pause", problems)
        self.assertTrue(any(p.startswith("CruxPasskeyKit's TimerCommand") for p in problems), problems)

    def test_every_signal_reaches_the_platform_and_back(self):
        contract, swift, _ = load()
        cases = [(s.SWIFT_ADAPTER, "        case .signal(let signal, let json):\n"
                  "            self = .signal(PasskeySignalRequest(signal: PasskeySignal(signal), json: json))\n", "",
                  "EffectAdapters.swift does not convert PasskeyOperation: signal"),
                 (s.SWIFT_ADAPTER, "case .allAcceptedCredentials: self = .allAcceptedCredentials",
                  "default: self = .allAcceptedCredentials",
                  "EffectAdapters.swift does not convert Signal: allAcceptedCredentials"),
                 (s.SWIFT_ADAPTER, "            self = .signalled\n", "            self = .ok(\"\")\n",
                  "EffectAdapters.swift never produces PasskeyResult: signalled"),
                 (s.SWIFT_SIGNALS, "case .currentUserDetails(let relyingPartyID, let userHandle, let name):",
                  "default:", "PasskeySignals.swift does not handle PasskeySignal: currentUserDetails")]
        for path, old, new, problem in cases:
            self.assertIn(problem, s.check_swift_shell(contract, self.doctored(swift, path, old, new)))
        # The package answers a signal with its own request type, which must exist.
        gone = self.doctored(swift, "CruxPasskeyKit/Passkey/PasskeyTypes.swift",
                             "public struct PasskeySignalRequest:", "public struct SignalRequest:")
        self.assertIn("CruxPasskeyKit has no PasskeySignalRequest for PasskeyOperation.signal", s.check_swift_shell(contract, gone))
        # A signal the core gains is a failure in the adapter, the package's mirror and the platform calls.
        types = s.read(s.GEN_SWIFT)
        self.assertEqual(types.count("    case currentUserDetails\n"), 1)
        newer = s.Contract(types.replace("    case currentUserDetails\n", "    case currentUserDetails\n    case deletedAccount\n"),
                           s.read(s.GEN_KOTLIN))
        problems = s.check_swift_shell(newer, swift)
        self.assertIn("EffectAdapters.swift does not convert Signal: deletedAccount", problems)
        self.assertTrue(any(p.startswith("CruxPasskeyKit's PasskeySignal ") for p in problems), problems)
        self.assertEqual(s.check_swift_signals(newer, swift), ["no ASCredentialUpdater call is known for Signal deletedAccount"])

    def test_a_signal_calls_apples_api_and_never_touches_the_open_ceremony(self):
        contract, swift, _ = load()
        self.assertEqual(s.check_swift_signals(contract, swift), [])
        cases = [(s.SWIFT_SIGNALS, "newName: name", "name: name",
                  "PasskeySignals.swift does not call `try await ….reportPublicKeyCredentialUpdate(relyingPartyIdentifier:userHandle:newName:)`"),
                 (s.SWIFT_SIGNALS, "try await updater.reportUnknownPublicKeyCredential(", "updater.reportUnknownPublicKeyCredential(",
                  "PasskeySignals.swift does not call `try await ….reportUnknownPublicKeyCredential("),
                 (s.SWIFT_SIGNALS, "    #if compiler(>=6.2) && (os(iOS) || os(macOS))\n    /// The updater", "    /// The updater",
                  "PasskeySignals.swift calls reportAllAcceptedPublicKeyCredentials outside `#if compiler(>=6.2)`"),
                 (s.SWIFT_SIGNALS, "if #available(iOS 26.0, macOS 26.0, *) {", "if true {",
                  "PasskeySignals.swift does not check for iOS 26 / macOS 26 before a signal"),
                 (s.SWIFT_SIGNALS, "            .signalsUnavailable,", "            .otherError,",
                  "PasskeySignals.swift does not answer Unsupported where the Signal API is missing"),
                 (s.SWIFT_PASSKEY, "        await PasskeySignals.perform(request)\n",
                  "        current?.abort()\n        return await PasskeySignals.perform(request)\n",
                  "PasskeyHandler.signal(_:) touches the open ceremony"),
                 (s.SWIFT_CORE, "let result = PasskeyResult(await passkeys.signal(signalRequest))",
                  "passkeys.cancelConditional()\n                    let result = PasskeyResult(await passkeys.signal(signalRequest))",
                  "Core.swift's signal branch touches the open ceremony"),
                 (s.SWIFT_CORE, "await passkeys.signal(signalRequest)", "await passkeys.perform(.create(optionsJSON: \"\"))",
                  "Core.swift does not hand a signal to passkeys.signal(…)")]
        for path, old, new, problem in cases:
            problems = s.check_swift_signals(contract, self.doctored(swift, path, old, new))
            self.assertTrue(any(p.startswith(problem) for p in problems), (problem, problems))

    def test_the_display_name_activity_and_provider_are_used(self):
        contract, swift, _ = load()
        views = "CruxPasskey/ViewParts.swift"
        cases = [(self.SIGNED_IN, "core.send(.changeDisplayName(displayName: displayName))", "_ = displayName",
                  "the iOS shell never sends AuthEvent: changeDisplayName"),
                 (self.SIGNED_IN, "core.send(.changeDisplayName(displayName: displayName))", "core.send(.changeDisplayName(name: displayName))",
                  "the iOS shell sends AuthEvent changeDisplayName with arguments it does not take"),
                 (views, "        case .changingDisplayName: return \"Saving your name…\"\n", "        default: return nil\n",
                  "the iOS shell does not label Activity in text(_:): changingDisplayName"),
                 (views, "static func text(_ activity: Activity) -> String?", "static func text(_ activity: Int) -> String?",
                  "the iOS shell has no function that labels an Activity"),
                 (self.SIGNED_IN, "if let provider = passkey.provider {\n                Text(provider.name)",
                  "if true {\n                Text(\"\")", "the iOS shell never reads Passkey: provider"),
                 (self.SIGNED_IN, "Text(provider.name)", "Text(provider.aaguid)", "the iOS shell never reads Provider: name")]
        for path, old, new, problem in cases:
            self.assertIn(problem, s.check_swift_shell(contract, self.doctored(swift, path, old, new)))

    def test_undecodable_answers_have_their_requests_processed(self):
        _, swift, _ = load()
        uniffi, core = s.read(s.UNIFFI_SWIFT), swift[s.SWIFT_CORE]
        self.assertEqual(s.check_swift_undecodable_answers(uniffi, core), [])
        dropped = core.replace("report(what, detail)\n            process(requests)", "report(what, detail)")
        self.assertEqual(s.check_swift_undecodable_answers(uniffi, dropped),
                         ["Core.swift does not process the requests that come with AnswerUndecodable"])
        unbound = core.replace("AnswerUndecodable(let detail, let requests)", "AnswerUndecodable(let detail, _)")
        self.assertTrue(s.check_swift_undecodable_answers(uniffi, unbound))

    def test_main_actor_calls_from_nonisolated_closures_are_awaited(self):
        _, swift, _ = load()
        self.assertEqual(s.check_swift_main_actor_awaits(swift), [])
        # The build breaker this check is for: refreshable's action is not on the main actor.
        old = self.doctored(swift, self.SIGNED_IN, "await core.send(.refreshPasskeys)", "core.send(.refreshPasskeys)")
        self.assertEqual(s.check_swift_main_actor_awaits(old), [
            "CruxPasskey/SignedInView.swift: `core.send(…)` inside `.refreshable { }` is a call into a @MainActor type without await"])
        task = self.doctored(swift, self.SIGNED_IN, ".refreshable { await core.send(.refreshPasskeys) }",
                             ".task(id: auth.user) {\n    let later = 1\n    core.send(.refreshPasskeys)\n}")
        self.assertEqual(len(s.check_swift_main_actor_awaits(task)), 1)
        detached = self.doctored(swift, s.SWIFT_CORE, "Task { self.offerAutofill() }", "Task.detached { self.offerAutofill() }")
        self.assertEqual(len(s.check_swift_main_actor_awaits(detached)), 1)
        # Not findings: an awaited call, a plain Task (it inherits the main actor), a hop back.
        for fine in ["Task.detached { await self.offerAutofill() }", "Task { self.offerAutofill() }",
                     "Task.detached { await MainActor.run {\n self.offerAutofill()\n } }"]:
            self.assertEqual(s.check_swift_main_actor_awaits(
                self.doctored(swift, s.SWIFT_CORE, "Task { self.offerAutofill() }", fine)), [], fine)

    def test_sign_out_is_never_disabled_while_busy(self):
        _, swift, _ = load()
        self.assertEqual(s.check_swift_sign_out(swift), [])
        disabled = self.doctored(swift, self.SIGNED_IN, "{ core.send(.signOut) }", "{ core.send(.signOut) }\n    .disabled(auth.busy)")
        self.assertEqual(s.check_swift_sign_out(disabled), ["CruxPasskey/SignedInView.swift: the sign-out button is disabled while busy"])

    def test_passkey_autofill_belongs_to_the_sign_in_form(self):
        _, swift, _ = load()
        self.assertEqual(s.check_swift_autofill_field(swift), [])
        tagged = self.doctored(swift, self.SIGNED_OUT, ".textContentType(.nickname)", ".textContentType(.username)")
        self.assertIn("SignUpForm sends SignUp from a field tagged .username", s.check_swift_autofill_field(tagged))
        kept = self.doctored(swift, self.SIGNED_OUT,
                             "        .onChange(of: creatingAccount) { creating in core.signInForm(shown: !creating) }\n", "")
        self.assertEqual(s.check_swift_autofill_field(kept),
                         ["the view showing the sign-up form does not end autofill when it switches to it"])
        unguarded = self.doctored(swift, s.SWIFT_CORE, "guard signInFormShown else { return }\n", "")
        self.assertEqual(len(s.check_swift_autofill_field(unguarded)), 1)

    def test_the_package_keeps_its_promises(self):
        _, swift, _ = load()
        self.assertEqual(s.check_swift_kit_policies(swift), [])
        anchor = "CruxPasskeyKit/Passkey/PresentationAnchor.swift"
        cases = [(anchor, "#if os(iOS)\nimport UIKit\n#elseif os(macOS)", "import UIKit\n#if os(macOS)",
                  "CruxPasskeyKit/Passkey/PresentationAnchor.swift:5: import UIKit outside `#if os(iOS)`"),
                 (s.SWIFT_CEREMONY, "#if os(iOS) && !targetEnvironment(macCatalyst)\n", "#if true\n",
                  "performAutoFillAssistedRequests outside `#if os(iOS)`"),
                 ("CruxPasskeyKit/Passkey/CredentialResponse.swift", "#available(iOS 17.5, macOS 14.5, *)",
                  "#available(iOS 17.5, *)", "an availability check must name iOS and macOS"),
                 (s.SWIFT_HTTP, "configuration.httpCookieAcceptPolicy = .never\n", "",
                  "HttpHandler.swift does not use httpCookieAcceptPolicy = .never"),
                 (s.SWIFT_STORE, "kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly", "kSecAttrAccessibleAfterFirstUnlock",
                  "KeychainSecretStore.swift does not use kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly")]
        for path, old, new, problem in cases:
            problems = s.check_swift_kit_policies(self.doctored(swift, path, old, new))
            self.assertTrue(any(problem in p for p in problems), (problem, problems))

    def test_the_package_depends_on_no_generated_types(self):
        _, swift, _ = load()
        manifest = s.read(s.IOS_KIT / "Package.swift")
        self.assertEqual(s.check_swift_package(manifest, swift), [])
        coupled = manifest.replace("    targets: [", '    dependencies: [.package(path: "../SharedTypes")],\n    targets: [')
        self.assertEqual(s.check_swift_package(coupled, dict(swift, **{"CruxPasskeyKit/X.swift": "import SharedTypes\n"})),
                         ["Package.swift must not depend on other packages (an app's generated types live in the app)",
                          "CruxPasskeyKit/X.swift imports an app's generated module"])
        self.assertTrue(s.check_swift_package(manifest.replace(".macOS(.v13)", ".macOS(.v14)"), swift))

    def test_the_app_only_adapts_and_dispatches(self):
        _, swift, _ = load()
        self.assertEqual(s.check_swift_thin_app(swift), [])
        local = dict(swift, **{"CruxPasskey/HttpEffect.swift": "let session = URLSession.shared\n"})
        self.assertEqual(s.check_swift_thin_app(local), ["CruxPasskey/HttpEffect.swift does the package's job (URLSession)"])

    def test_the_project_adds_the_package_and_a_real_bundle_id(self):
        project, xcconfig = s.read(s.ROOT / "iOS" / "project.yml"), s.read(s.ROOT / "iOS" / "Config" / "App.xcconfig")
        self.assertEqual(s.check_ios_project(project, xcconfig), [])
        circular = project.replace("$(CRUX_BUNDLE_ID)", "$(PRODUCT_BUNDLE_IDENTIFIER)")
        self.assertEqual(s.check_ios_project(circular, xcconfig), ["project.yml must take PRODUCT_BUNDLE_IDENTIFIER from another setting"])
        self.assertEqual(s.check_ios_project(project, xcconfig.replace("CRUX_BUNDLE_ID = ", "OTHER = ")),
                         ["Config/App.xcconfig gives CRUX_BUNDLE_ID no default"])
        self.assertIn("the app target does not depend on CruxPasskeyKit",
                      s.check_ios_project(project.replace("      - package: CruxPasskeyKit\n", ""), xcconfig))

    def test_no_ios_file_refers_to_the_design_document(self):
        files = {str(p.relative_to(s.ROOT)): p.read_text(encoding="utf-8", errors="replace")
                 for p in sorted((s.ROOT / "iOS").rglob("*")) if p.is_file() and "Generated" not in p.parts}
        self.assertEqual(s.check_no_design_references(files), [])
        # Built from parts, so this file itself holds no such pointer.
        design = "DES" + "IGN"
        doctored = f"// PasskeyError ({design} §2)\n// ../shared/{design}.md\n"
        self.assertEqual(len(s.check_no_design_references({"A.swift": doctored})), 2)


class AndroidLibrary(unittest.TestCase):
    """The cruxpasskey library and the app's use of it: each check passes on the real sources and
    fails on a doctored copy."""

    @staticmethod
    def doctored(files, name, old, new):
        assert old in files[name], (name, old)
        return dict(files, **{name: files[name].replace(old, new)})

    def test_every_new_effect_case_reaches_a_handler_and_back(self):
        contract, _, kotlin = load()
        cases = [(s.KOTLIN_ADAPTER, "is TimeRequest.Clear ->", "is TimeRequest.Other ->",
                  "KitEffects.kt does not convert TimeRequest: Clear"),
                 (s.KOTLIN_ADAPTER, "answer(TimeResponse.Cleared(request.id))", "Unit",
                  "KitEffects.kt never produces TimeResponse: Cleared"),
                 (s.KOTLIN_ADAPTER, "is SessionStoreOperation.Delete -> store.delete()", "else -> store.load()",
                  "KitEffects.kt does not convert SessionStoreOperation: Delete"),
                 (s.KOTLIN_ADAPTER, "is StoreOutcome.Done -> SessionStoreResult.Done", "is StoreOutcome.Done -> SessionStoreResult.Loaded(null)",
                  "KitEffects.kt never produces SessionStoreResult: Done"),
                 (s.KOTLIN_ADAPTER, "PasskeyFailureKind.INVALID_REQUEST -> PasskeyErrorKind.INVALIDREQUEST", "PasskeyFailureKind.INVALID_REQUEST -> PasskeyErrorKind.UNKNOWN",
                  "KitEffects.kt never produces PasskeyErrorKind: INVALIDREQUEST"),
                 (s.KOTLIN_BRIDGE, "is Effect.SessionStore ->", "is Effect.Other ->",
                  "CoreBridge.kt does not dispatch Effect: SessionStore"),
                 (s.KOTLIN_RULES, "PasskeyList.FAILED -> \"Your", "else -> \"Your",
                  "ViewRules.kt does not handle PasskeyList: FAILED")]
        for name, old, new, problem in cases:
            self.assertIn(problem, s.check_kotlin_shell(contract, self.doctored(kotlin, name, old, new)))

    def test_every_signal_reaches_credential_manager_and_back(self):
        contract, _, kotlin = load()
        cases = [(s.KOTLIN_ADAPTER, "is PasskeyOperation.Signal -> PasskeyRequest.Signal(", "is PasskeyOperation.Other -> PasskeyRequest.Signal(",
                  "KitEffects.kt does not convert PasskeyOperation: Signal"),
                 (s.KOTLIN_ADAPTER, "Signal.ALLACCEPTEDCREDENTIALS -> PasskeySignal.ALL_ACCEPTED_CREDENTIALS",
                  "else -> PasskeySignal.CURRENT_USER_DETAILS", "KitEffects.kt does not convert Signal: ALLACCEPTEDCREDENTIALS"),
                 (s.KOTLIN_ADAPTER, "Signal.ALLACCEPTEDCREDENTIALS -> PasskeySignal.ALL_ACCEPTED_CREDENTIALS",
                  "Signal.ALLACCEPTEDCREDENTIALS -> PasskeySignal.CURRENT_USER_DETAILS",
                  "KitEffects.kt never produces PasskeySignal: ALL_ACCEPTED_CREDENTIALS"),
                 (s.KOTLIN_ADAPTER, "is PasskeyOutcome.Signalled -> PasskeyResult.Signalled", "is PasskeyOutcome.Signalled -> PasskeyResult.Ok(\"\")",
                  "KitEffects.kt never produces PasskeyResult: Signalled"),
                 (s.KOTLIN_ADAPTER, "is PasskeyOutcome.Signalled -> PasskeyResult.Signalled", "else -> PasskeyResult.Signalled",
                  "KitEffects.kt does not convert PasskeyOutcome: Signalled"),
                 (s.KOTLIN_MAPPING, "PasskeySignal.CURRENT_USER_DETAILS -> SignalCurrentUserDetailsRequest(json)", "else -> SignalCurrentUserDetailsRequest(json)",
                  "PasskeyMapping.kt builds no request for PasskeySignal: CURRENT_USER_DETAILS"),
                 (s.KOTLIN_PASSKEYS, "            PasskeyOutcome.Signalled\n", "            PasskeyOutcome.Success(\"\")\n",
                  "the kit never produces PasskeyOutcome: Signalled")]
        for name, old, new, problem in cases:
            self.assertIn(problem, s.check_kotlin_shell(contract, self.doctored(kotlin, name, old, new)))
        # A signal the kit gains, or one the core gains, breaks the mirror.
        extra = self.doctored(kotlin, s.KOTLIN_KIT_TYPES, "    CURRENT_USER_DETAILS,\n}", "    CURRENT_USER_DETAILS,\n    DELETED_ACCOUNT,\n}")
        problems = s.check_kotlin_shell(contract, extra)
        self.assertIn("PasskeyMapping.kt builds no request for PasskeySignal: DELETED_ACCOUNT", problems)
        self.assertTrue(any(p.startswith("the kit's PasskeySignal") for p in problems), problems)
        types = s.read(s.GEN_KOTLIN)
        self.assertEqual(types.count("    CURRENTUSERDETAILS;\n"), 1)
        newer = s.Contract(s.read(s.GEN_SWIFT), types.replace("    CURRENTUSERDETAILS;\n", "    CURRENTUSERDETAILS,\n    DELETEDACCOUNT;\n"))
        problems = s.check_kotlin_shell(newer, kotlin)
        self.assertIn("KitEffects.kt does not convert Signal: DELETEDACCOUNT", problems)
        self.assertTrue(any(p.startswith("the kit's PasskeySignal") for p in problems), problems)

    def test_a_signal_never_touches_the_open_autofill_request(self):
        _, _, kotlin = load()
        self.assertEqual(s.check_kotlin_signals(kotlin), [])
        cases = [(s.KOTLIN_BRIDGE, "if (operation !is PasskeyOperation.Signal) {", "if (true) {",
                  "CoreBridge.startPasskey cancels the autofill request for a signal too"),
                 (s.KOTLIN_BRIDGE, "        val operation = effect.value\n",
                  "        val operation = effect.value\n        conditionalJob?.cancel()\n",
                  "CoreBridge.startPasskey cancels the autofill request for a signal too"),
                 (s.KOTLIN_PASSKEYS, "val context = appContext ?: activityRef?.get()?.applicationContext",
                  "val context = activityRef?.get()", "CredentialManagerPasskeys.signal(…) does not go out from the application context"),
                 (s.KOTLIN_PASSKEYS, "        } catch (e: UnsupportedOperationException) {\n", "        } catch (e: IllegalStateException) {\n",
                  "CredentialManagerPasskeys.signal(…) does not catch UnsupportedOperationException"),
                 (s.KOTLIN_PASSKEYS, "            PasskeyMapping.signalStateError(e)\n", "            PasskeyMapping.shellFailure(ShellFailure.OTHER_EXCEPTION, e.toString())\n",
                  "CredentialManagerPasskeys.signal(…) does not map SignalCredentialStateException with signalStateError"),
                 (s.KOTLIN_MAPPING, "\"${e.javaClass.simpleName}$retry: ", "\"${e.type}$retry: ",
                  "PasskeyMapping.signalStateError reads the exception's `type`")]
        for name, old, new, problem in cases:
            problems = s.check_kotlin_signals(self.doctored(kotlin, name, old, new))
            self.assertTrue(any(p.startswith(problem) for p in problems), (problem, problems))
        # The signal exceptions are in the mapping table; one left out is a failure.
        source = kotlin[s.KOTLIN_MAPPING].replace("            is SignalCredentialSecurityException -> PasskeyFailureKind.RP_MISCONFIGURED\n", "")
        self.assertNotEqual(source, kotlin[s.KOTLIN_MAPPING])
        kinds = s.kotlin_kit_enum(kotlin[s.KOTLIN_KIT_TYPES], "PasskeyFailureKind")
        self.assertIn("no mapping for SignalCredentialStateException SignalCredentialSecurityException",
                      s.check_mapping_table(s.kotlin_mapping_table(source), s.ANDROID_REQUIRED, kinds))

    def test_the_display_name_activity_and_provider_are_used(self):
        contract, _, kotlin = load()
        cases = [("Screens.kt", "send(AuthEvent.ChangeDisplayName(name.trim()))", "noop(name.trim())",
                  "the Android shell never sends AuthEvent: ChangeDisplayName"),
                 (s.KOTLIN_RULES, "        Activity.CHANGINGDISPLAYNAME -> \"Changing your name…\"\n", "        else -> null\n",
                  "the Android shell does not label Activity in ViewRules.kt:activityLabel: CHANGINGDISPLAYNAME"),
                 (s.KOTLIN_RULES, "        Activity.REAUTHENTICATING -> \"Confirming it's you…\"\n", "",
                  "the Android shell does not label Activity in ViewRules.kt:activityLabel: REAUTHENTICATING"),
                 ("Screens.kt", "fun activityLabel(activity: Activity): String? = ViewRules.activityLabel(activity)",
                  "fun activityLabel(activity: Activity): String? = null",
                  "Screens.kt:activityLabel labels an Activity with neither a `when` over it nor another labeller"),
                 (s.KOTLIN_RULES, "fun activityLabel(activity: Activity): String?", "fun activityLabel(activity: Int): String?",
                  "the Android shell has no function that labels an Activity with a `when`"),
                 (s.KOTLIN_RULES, "passkey.provider?.name?.takeIf", "passkey.provider?.aaguid?.takeIf",
                  "the Android shell never reads Provider: name")]
        for name, old, new, problem in cases:
            problems = s.check_kotlin_shell(contract, self.doctored(kotlin, name, old, new))
            self.assertTrue(any(p.startswith(problem) for p in problems), (problem, problems))

    def test_the_library_mirrors_the_contracts_failure_kinds(self):
        contract, _, kotlin = load()
        self.assertEqual(len(s.kotlin_kit_enum(kotlin[s.KOTLIN_KIT_TYPES], "PasskeyFailureKind")), 9)
        extra = self.doctored(kotlin, s.KOTLIN_KIT_TYPES, "    UNKNOWN,\n}", "    UNKNOWN,\n    RATE_LIMITED,\n}")
        problems = s.check_kotlin_shell(contract, extra)
        self.assertIn("PasskeyMapping.kt never produces PasskeyFailureKind: RATE_LIMITED", problems)
        self.assertIn("KitEffects.kt does not convert PasskeyFailureKind: RATE_LIMITED", problems)
        self.assertTrue(any(p.startswith("the kit's PasskeyFailureKind") for p in problems), problems)

    def test_no_uniffi_error_field_collides_with_throwable(self):
        bindings = s.read(s.UNIFFI_KOTLIN)
        self.assertEqual(s.check_kotlin_error_fields(bindings), [])
        self.assertEqual(s.uniffi_kotlin_errors(bindings)["CoreException"],
                         {"Bridge": ["detail"], "AnswerUndecodable": ["detail", "requests"]})
        # What uniffi generated while the Rust field was still called `message`.
        clashing = bindings.replace("        val `detail`: kotlin.String\n        ) : CoreException() {",
                                    "        val `message`: kotlin.String\n        ) : CoreException() {", 1)
        self.assertNotEqual(clashing, bindings)
        self.assertEqual(s.check_kotlin_error_fields(clashing),
                         ["uniffi error CoreException.Bridge has a field `message` that collides with Throwable.message"])
        cause = bindings.replace("val `requests`: kotlin.ByteArray", "val `cause`: kotlin.ByteArray")
        self.assertEqual(len(s.check_kotlin_error_fields(cause)), 1)

    def test_undecodable_answers_have_their_requests_processed(self):
        _, _, kotlin = load()
        bindings, bridge = s.read(s.UNIFFI_KOTLIN), kotlin[s.KOTLIN_BRIDGE]
        dropped = bridge.replace("            e.requests\n", "            return\n")
        self.assertEqual(s.check_kotlin_uniffi(bindings, dropped),
                         ["CoreBridge.kt does not process the requests that come with CoreException.AnswerUndecodable"])
        uncaught = bridge.replace("catch (e: CoreException.Bridge)", "catch (e: IllegalStateException)")
        self.assertEqual(s.check_kotlin_uniffi(bindings, uncaught), ["CoreBridge.kt does not catch CoreException.Bridge"])

    def test_the_build_is_16k_aligned_incremental_and_uses_the_library(self):
        root = s.ANDROID_ROOT
        texts = [s.read(root / "gradle" / "libs.versions.toml"), s.read(root / "app" / "build.gradle.kts"),
                 s.read(root / "settings.gradle.kts"), s.read(s.ROOT / ".cargo" / "config.toml")]
        self.assertEqual(s.check_android_build(*texts), [])
        cases = [(0, 'jna = "5.18.1"', 'jna = "5.15.0"', "JNA 5.15.0 is older than 5.17.0"),
                 (3, '[target.x86_64-linux-android]\nrustflags = ["-C", "link-arg=-Wl,-z,max-page-size=16384"]',
                  '[target.x86_64-linux-android]\nlinker = "cc"',
                  ".cargo/config.toml does not link x86_64-linux-android with max-page-size=16384"),
                 (1, "    outputs.dir(File(generated, \"kotlin\"))\n    outputs.dir(File(generated, \"uniffi/kotlin\"))\n", "",
                  "generateCoreBindings declares no inputs and outputs"),
                 (2, 'include(":cruxpasskey")', "", 'settings.gradle.kts does not include(":cruxpasskey")'),
                 (1, 'implementation(project(":cruxpasskey"))', "", "the app does not depend on the cruxpasskey library")]
        for index, old, new, problem in cases:
            self.assertIn(old, texts[index])
            doctored = list(texts)
            doctored[index] = doctored[index].replace(old, new)
            problems = s.check_android_build(*doctored)
            self.assertTrue(any(p.startswith(problem) for p in problems), (problem, problems))

    def test_the_library_knows_no_apps_generated_types(self):
        kit, gradle = s.sources(s.ANDROID_KIT, ".kt"), s.read(s.ANDROID_ROOT / "cruxpasskey" / "build.gradle.kts")
        self.assertEqual(s.check_kotlin_kit_independent(kit, gradle), [])
        coupled = dict(kit, **{"Timers.kt": "import com.cruxpasskey.shared.types.TimeRequest\n" + kit["Timers.kt"]})
        self.assertEqual(s.check_kotlin_kit_independent(coupled, gradle), ["Timers.kt imports an app's generated types or bindings"])
        self.assertEqual(s.check_kotlin_kit_independent(kit, gradle.replace("android.library", "android.application")),
                         ["Android/cruxpasskey is not a com.android.library module"])

    def test_the_known_fixes_stay_fixed(self):
        _, _, kotlin = load()
        self.assertEqual(s.check_kotlin_lifecycle(kotlin), [])
        cases = [(s.KOTLIN_BRIDGE, "core?.close()", "Unit", "CoreBridge.close() does not close the CoreFfi"),
                 (s.KOTLIN_VIEWMODEL, "        bridge.close()\n", "", "CoreViewModel.onCleared() does not close the bridge"),
                 ("MainActivity.kt", "        enableEdgeToEdge()\n", "", "MainActivity does not call enableEdgeToEdge()"),
                 ("Screens.kt", "Scaffold(contentWindowInsets = WindowInsets.safeDrawing)", "Scaffold()",
                  "Screens.kt does not pad its content by WindowInsets.safeDrawing"),
                 ("Screens.kt", "enabled = ViewRules.canSignOut(auth))", "enabled = !auth.busy)",
                  "the sign-out button is not enabled by ViewRules.canSignOut"),
                 (s.KOTLIN_RULES, "auth.screen == Screen.SIGNEDIN", "auth.screen == Screen.SIGNEDIN && !auth.busy",
                  "ViewRules.canSignOut depends on busy"),
                 ("Screens.kt", "if (auth.autofillActive) send(AuthEvent.CancelAutofill)", "send(AuthEvent.StartAutofill)",
                  "StartAutofill must be sent in one place"),
                 (s.KOTLIN_BRIDGE, "if (autofill.shouldStart(auth, handlers.canShowPasskeyUi))", "if (true)",
                  "StartAutofill must be sent in one place")]
        for name, old, new, problem in cases:
            problems = s.check_kotlin_lifecycle(self.doctored(kotlin, name, old, new))
            self.assertTrue(any(p.startswith(problem) for p in problems), (problem, problems))

    def test_no_android_file_refers_to_the_design_document(self):
        self.assertEqual(s.check_no_design_references(s.android_texts()), [])
        design = "DES" + "IGN"
        doctored = f"// PasskeyError ({design} §2)\n// {design} notes: abort\n"
        self.assertEqual(len(s.check_no_design_references({"A.kt": doctored})), 2)


class ServerSideHelpers(unittest.TestCase):
    def test_apk_key_hash_matches_the_servers_derivation(self):
        spec = importlib.util.spec_from_file_location("apk_key_hash", s.ROOT / "Android" / "scripts" / "apk_key_hash.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        # The vector of server/tests/api/well_known.rs.
        fingerprint = "14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5"
        self.assertEqual(module.apk_key_hash_origin(fingerprint),
                         "android:apk-key-hash:FG3pg8VzBlDY7rmVLzT8ZBagg0LmHb6oigSWsj_PROU")
        self.assertEqual(module.canonical_fingerprint(fingerprint.lower()), fingerprint)
        with self.assertRaises(ValueError):
            module.fingerprint_bytes("AA:BB")


if __name__ == "__main__":
    if "--write-mapping" in sys.argv:
        MAPPING_DOC.write_text(mapping_document(), encoding="utf-8")
        print(f"wrote {MAPPING_DOC}")
    else:
        unittest.main(verbosity=2)
