"""Static checks of the iOS and Android shells against the generated types and bindings.

Neither Xcode nor the Android SDK runs here, so the shells are checked by reading them:
every variant the core can send is handled, every intent is sent, every PasskeyErrorKind is
produced, the uniffi names used exist, and nothing can crash on external data. Each check is a
function from source text to a list of problems (empty when all is well), so the tests can
feed it doctored text and watch it fail. test_shells.py holds the tests."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "shared_types" / "generated"
GEN_SWIFT = GENERATED / "swift" / "SharedTypes" / "Sources" / "SharedTypes" / "SharedTypes.swift"
GEN_KOTLIN = GENERATED / "kotlin" / "com" / "cruxpasskey" / "shared" / "types" / "Types.kt"
UNIFFI_SWIFT = GENERATED / "uniffi" / "swift" / "shared.swift"
UNIFFI_KOTLIN = GENERATED / "uniffi" / "kotlin" / "uniffi" / "shared" / "shared.kt"
IOS = ROOT / "iOS" / "CruxPasskey"
IOS_KIT = ROOT / "iOS" / "CruxPasskeyKit"
IOS_KIT_SOURCES = IOS_KIT / "Sources" / "CruxPasskeyKit"
IOS_KIT_TESTS = IOS_KIT / "Tests" / "CruxPasskeyKitTests"
ANDROID = ROOT / "Android" / "app" / "src" / "main" / "java" / "com" / "cruxpasskey" / "android"
ANDROID_KIT = ROOT / "Android" / "cruxpasskey" / "src" / "main" / "java" / "com" / "cruxpasskey" / "kit"


def read(path):
    return Path(path).read_text(encoding="utf-8")


def sources(folder, suffix):
    """{file name: text} for every source file under folder."""
    return {p.name: read(p) for p in sorted(Path(folder).rglob(f"*{suffix}"))}


def kotlin_sources():
    """{file name: text} for the Android app and the cruxpasskey kit (file names are unique)."""
    files = sources(ANDROID, ".kt")
    kit = sources(ANDROID_KIT, ".kt")
    clash = sorted(set(files) & set(kit))
    if clash:
        raise ValueError(f"the app and the kit both have {clash}")
    return {**files, **kit}


# The Kotlin files the checks read by role (keys of kotlin_sources()).
KOTLIN_BRIDGE = "CoreBridge.kt"
KOTLIN_ADAPTER = "KitEffects.kt"
KOTLIN_MAPPING = "PasskeyMapping.kt"
KOTLIN_KIT_TYPES = "PasskeyTypes.kt"
KOTLIN_RULES = "ViewRules.kt"
KOTLIN_VIEWMODEL = "CoreViewModel.kt"
KOTLIN_PASSKEYS = "CredentialManagerPasskeys.kt"


def swift_sources(tests=False):
    """{short path: text} for the iOS app (`CruxPasskey/…`) and the CruxPasskeyKit package
    (`CruxPasskeyKit/…`, relative to its source folder); with tests=True, the package's tests
    (`CruxPasskeyKitTests/…`) instead."""
    roots = [("CruxPasskeyKitTests", IOS_KIT_TESTS)] if tests else [("CruxPasskey", IOS), ("CruxPasskeyKit", IOS_KIT_SOURCES)]
    return {f"{prefix}/{path.relative_to(folder).as_posix()}": read(path)
            for prefix, folder in roots for path in sorted(Path(folder).rglob("*.swift"))}


# The Swift files the checks read by role (keys of swift_sources()).
SWIFT_CORE = "CruxPasskey/Core.swift"
SWIFT_ADAPTER = "CruxPasskey/EffectAdapters.swift"
SWIFT_MAPPING = "CruxPasskeyKit/Passkey/PasskeyErrorMapping.swift"
SWIFT_CEREMONY = "CruxPasskeyKit/Passkey/PasskeyCeremony.swift"
SWIFT_PASSKEY = "CruxPasskeyKit/Passkey/PasskeyHandler.swift"
SWIFT_SIGNALS = "CruxPasskeyKit/Passkey/PasskeySignals.swift"
SWIFT_REQUESTS = "CruxPasskeyKit/Passkey/AuthorizationRequests.swift"
SWIFT_HTTP = "CruxPasskeyKit/Http/HttpHandler.swift"
SWIFT_STORE = "CruxPasskeyKit/SessionStore/KeychainSecretStore.swift"
SWIFT_TIMER = "CruxPasskeyKit/Time/TimerHandler.swift"


# --- The generated types ----------------------------------------------------------------------

def _block(source, header, end):
    match = re.search(header + r"(.*?)" + end, source, re.S | re.M)
    if not match:
        raise ValueError(f"no block matching {header!r} in the generated source")
    return match.group(1)


def swift_cases(source, enum):
    body = _block(source, rf"^(?:indirect )?public enum {enum}\b[^{{]*\{{", r"^    public func serialize")
    return re.findall(r"^    case (\w+)", body, re.M)


def swift_case_labels(source, enum):
    """{case: [argument labels]} of a generated Swift enum."""
    body = _block(source, rf"^(?:indirect )?public enum {enum}\b[^{{]*\{{", r"^    public func serialize")
    return {name: re.findall(r"(\w+):", params) for name, params in re.findall(r"^    case (\w+)(?:\(([^)]*)\))?", body, re.M)}


def swift_fields(source, struct):
    body = _block(source, rf"^public struct {struct}\b[^{{]*\{{", r"^    public init")
    return re.findall(r"^    public var (\w+):", body, re.M)


def kotlin_variants(source, sealed):
    body = _block(source, rf"^sealed interface {sealed} \{{", r"^\}")
    return re.findall(r"^    data (?:class|object) (\w+)", body, re.M)


def kotlin_enum_entries(source, enum):
    body = _block(source, rf"^enum class {enum} \{{", r";\s*$")
    return re.findall(r"^    ([A-Z][A-Z0-9_]*)[,]?\s*$", body + "\n", re.M)


def kotlin_fields(source, data_class):
    body = _block(source, rf"^data class {data_class}\(", r"^\)")
    return re.findall(r"^    val (\w+):", body, re.M)


class Contract:
    """What the core can send and expects, read from the generated Swift and Kotlin types."""

    def __init__(self, swift_source, kotlin_source):
        self.swift = {
            "Effect": swift_cases(swift_source, "Effect"),
            "PasskeyOperation": swift_cases(swift_source, "PasskeyOperation"),
            "Mediation": swift_cases(swift_source, "Mediation"),
            "AuthEvent": swift_cases(swift_source, "AuthEvent"),
            "HttpError": swift_cases(swift_source, "HttpError"),
            "HttpResult": swift_cases(swift_source, "HttpResult"),
            "PasskeyResult": swift_cases(swift_source, "PasskeyResult"),
            "PasskeyErrorKind": swift_cases(swift_source, "PasskeyErrorKind"),
            "Screen": swift_cases(swift_source, "Screen"),
            "AuthViewModel": swift_fields(swift_source, "AuthViewModel"),
            "Passkey": swift_fields(swift_source, "Passkey"),
            "PasskeyList": swift_cases(swift_source, "PasskeyList"),
            "SessionStoreOperation": swift_cases(swift_source, "SessionStoreOperation"),
            "SessionStoreResult": swift_cases(swift_source, "SessionStoreResult"),
            "TimeRequest": swift_cases(swift_source, "TimeRequest"),
            "TimeResponse": swift_cases(swift_source, "TimeResponse"),
        }
        # The labels of each AuthEvent case, so a shell that sends the wrong shape is caught.
        self.swift_labels = {"AuthEvent": swift_case_labels(swift_source, "AuthEvent")}
        # More of the generated Swift that the iOS checks read (the signals, the activities the
        # app labels, a passkey's provider); not compared with Kotlin.
        self.swift_more = {
            "Signal": swift_cases(swift_source, "Signal"),
            "Activity": swift_cases(swift_source, "Activity"),
            "Provider": swift_fields(swift_source, "Provider"),
        }
        self.kotlin = {
            "Effect": kotlin_variants(kotlin_source, "Effect"),
            "PasskeyOperation": kotlin_variants(kotlin_source, "PasskeyOperation"),
            "Mediation": kotlin_enum_entries(kotlin_source, "Mediation"),
            "AuthEvent": kotlin_variants(kotlin_source, "AuthEvent"),
            "HttpError": kotlin_variants(kotlin_source, "HttpError"),
            "HttpResult": kotlin_variants(kotlin_source, "HttpResult"),
            "PasskeyResult": kotlin_variants(kotlin_source, "PasskeyResult"),
            "PasskeyErrorKind": kotlin_enum_entries(kotlin_source, "PasskeyErrorKind"),
            "Screen": kotlin_enum_entries(kotlin_source, "Screen"),
            "AuthViewModel": kotlin_fields(kotlin_source, "AuthViewModel"),
            "Passkey": kotlin_fields(kotlin_source, "Passkey"),
            "PasskeyList": kotlin_enum_entries(kotlin_source, "PasskeyList"),
            "SessionStoreOperation": kotlin_variants(kotlin_source, "SessionStoreOperation"),
            "SessionStoreResult": kotlin_variants(kotlin_source, "SessionStoreResult"),
            "TimeRequest": kotlin_variants(kotlin_source, "TimeRequest"),
            "TimeResponse": kotlin_variants(kotlin_source, "TimeResponse"),
        }
        # More of the generated Kotlin that the Android checks read (the signals, the activities
        # the app labels, a passkey's provider); not compared with Swift.
        self.kotlin_more = {
            "Signal": kotlin_enum_entries(kotlin_source, "Signal"),
            "Activity": kotlin_enum_entries(kotlin_source, "Activity"),
            "Provider": kotlin_fields(kotlin_source, "Provider"),
        }

    @classmethod
    def load(cls):
        return cls(read(GEN_SWIFT), read(GEN_KOTLIN))


def _missing(names, text, pattern, what):
    """Problems for each name whose `pattern.format(name=…)` does not occur in text."""
    return [f"{what}: {name}" for name in names if not re.search(pattern.format(name=re.escape(name)), text)]


# --- 1. Every variant handled, every intent sent ----------------------------------------------

# How every generated case reaches a CruxPasskeyKit handler and back. Core.swift dispatches each
# Effect; EffectAdapters.swift converts each generated operation case to the package's type of the
# same case names (`extension <kit type> { init(_: <generated>) }`) and each package outcome back
# (`extension <generated> { init(_: <kit type>) }`); the package handles each case it defines.
SWIFT_ADAPTER_READS = [("PasskeyOperation", "PasskeyWork"), ("Mediation", "PasskeyMediation"), ("Signal", "PasskeySignal"),
                       ("SessionStoreOperation", "SecretStoreRequest"), ("TimeRequest", "TimerCommand")]
SWIFT_ADAPTER_WRITES = ["HttpResult", "HttpError", "PasskeyResult", "PasskeyErrorKind", "SessionStoreResult", "TimeResponse"]
SWIFT_KIT_MIRRORS = [("PasskeyRequest", "PasskeyOperation"), ("PasskeyMediation", "Mediation"), ("PasskeySignal", "Signal"),
                     ("PasskeyFailureKind", "PasskeyErrorKind"), ("HttpFailure", "HttpError"),
                     ("SecretStoreRequest", "SessionStoreOperation"), ("SecretStoreOutcome", "SessionStoreResult"),
                     ("TimerCommand", "TimeRequest"), ("TimerAnswer", "TimeResponse")]
SWIFT_KIT_HANDLED = [("PasskeyRequest", SWIFT_PASSKEY, r"case \.{name}\b", "does not handle"),
                     ("PasskeyMediation", SWIFT_PASSKEY, r"case \.{name}\b", "does not handle"),
                     ("PasskeySignal", SWIFT_SIGNALS, r"case \.{name}\b", "does not handle"),
                     ("SecretStoreRequest", SWIFT_STORE, r"case \.{name}\b", "does not handle"),
                     ("TimerCommand", SWIFT_TIMER, r"case \.{name}\b", "does not handle"),
                     ("HttpFailure", SWIFT_HTTP, r"\.{name}\b", "never produces"),
                     ("SecretStoreOutcome", SWIFT_STORE, r"\.{name}\b", "never produces"),
                     ("TimerAnswer", SWIFT_TIMER, r"\.{name}\(", "never produces")]
# Generated cases a package type leaves to another package type: a signal is no ceremony, so
# `PasskeyOperation.signal` becomes a `PasskeySignalRequest`, not a `PasskeyRequest`.
SWIFT_KIT_ELSEWHERE = {"PasskeyRequest": {"signal": "PasskeySignalRequest"}}
# The fields of a passkey's `Provider` the app shows (its SVG icons are optional on iOS).
SWIFT_PROVIDER_READS = ["name"]


def _short(path):
    return path.rsplit("/", 1)[-1]


def swift_activity_labellers(files):
    """{function name: body} of every app function that takes an `Activity` (the ones that
    label activities)."""
    found = {}
    for text in _app(files).values():
        code = strip_comments_and_strings(text)
        for match in re.finditer(r"\bfunc (\w+)\([^)]*:\s*Activity\s*\)[^{]*\{", code):
            found[match.group(1)] = swift_braced(code, match.end() - 1)
    return found


def check_swift_shell(contract, files):
    c, labels = contract.swift, contract.swift_labels["AuthEvent"]
    more = contract.swift_more
    core, adapter = files[SWIFT_CORE], files[SWIFT_ADAPTER]
    ui = "\n".join(text for name, text in files.items() if name.startswith("CruxPasskey/"))
    kit = "\n".join(text for name, text in files.items() if name.startswith("CruxPasskeyKit/"))
    # Only views draw: the adapter's `case .failed` (a store outcome) is not PasskeyList's.
    views = "\n".join(swift_view_bodies(_app(files)).values())
    problems = (
        _missing(c["Effect"], core, r"case \.{name}\b", "Core.swift does not dispatch Effect")
        + _missing(c["AuthEvent"], ui, r"send\(\s*\.{name}\b", "the iOS shell never sends AuthEvent")
        + [f"the iOS shell sends AuthEvent {name} with arguments it does not take" for name, args in labels.items()
           if re.search(rf"send\(\s*\.{name}\b", ui)
           and not re.search(rf"send\(\s*\.{name}\(\s*{args[0]}:" if args else rf"send\(\s*\.{name}\s*\)", ui)]
        + _missing(c["AuthViewModel"], ui, r"\.{name}\b", "the iOS shell never reads AuthViewModel")
        + _missing(c["Passkey"], ui, r"\.{name}\b", "the iOS shell never reads Passkey")
        + _missing(c["Screen"], views, r"case \.{name}\b", "the iOS shell does not draw Screen")
        + _missing(c["PasskeyList"], views, r"case \.{name}\b", "the iOS shell does not draw PasskeyList")
        + _missing(c["PasskeyErrorKind"], files[SWIFT_MAPPING], r"return \.{name}\b", "PasskeyErrorMapping.swift never produces PasskeyErrorKind")
        + [f"the generated Provider has no field {name}" for name in SWIFT_PROVIDER_READS if name not in more["Provider"]]
        + _missing(SWIFT_PROVIDER_READS, ui, r"\bprovider\??\.{name}\b", "the iOS shell never reads Provider")
    )
    labellers = swift_activity_labellers(files)
    if not labellers:
        problems.append("the iOS shell has no function that labels an Activity")
    for name, body in labellers.items():
        problems += _missing(more["Activity"], body, r"case \.{name}\b", f"the iOS shell does not label Activity in {name}(_:)")
    for generated, kit_type in SWIFT_ADAPTER_READS:
        problems += _missing({**c, **more}[generated], swift_extension_body(adapter, kit_type), r"case \.{name}\b",
                             f"EffectAdapters.swift does not convert {generated}")
    for generated in SWIFT_ADAPTER_WRITES:
        problems += _missing(c[generated], swift_extension_body(adapter, generated), r"self = \.{name}\b",
                             f"EffectAdapters.swift never produces {generated}")
    for kit_type, generated in SWIFT_KIT_MIRRORS:
        elsewhere = SWIFT_KIT_ELSEWHERE.get(kit_type, {})
        expected = [name for name in {**c, **more}[generated] if name not in elsewhere]
        if sorted(swift_enum_cases(kit, kit_type)) != sorted(expected):
            problems.append(f"CruxPasskeyKit's {kit_type} {swift_enum_cases(kit, kit_type)} and the generated "
                            f"{generated} {expected} differ")
        problems += [f"CruxPasskeyKit has no {other} for {generated}.{name}" for name, other in elsewhere.items()
                     if not re.search(rf"\b(?:struct|enum) {other}\b", kit)]
    for kit_type, path, pattern, verb in SWIFT_KIT_HANDLED:
        problems += _missing(swift_enum_cases(kit, kit_type), files.get(path, ""), pattern, f"{_short(path)} {verb} {kit_type}")
    return problems


def kotlin_kit_enum(source, enum):
    """The entries of a hand-written Kotlin enum class (one per line), in order."""
    match = re.search(rf"^enum class {enum}\b[^{{]*\{{(.*?)^\}}", source, re.S | re.M)
    if not match:
        return []
    return re.findall(r"^    ([A-Z][A-Z0-9_]*)\b", match.group(1).split(";")[0], re.M)


def _norm(name):
    return name.replace("_", "").lower()


def kotlin_kit_variants(source, sealed):
    """The variants (`data class X` / `data object X`) of a hand-written sealed interface."""
    code = strip_comments_and_strings(source)
    match = re.search(rf"^sealed interface {sealed}\b[^{{]*\{{", code, re.M)
    if not match:
        return []
    return re.findall(r"^    data (?:class|object) (\w+)", _kotlin_block(code, match.end() - 1), re.M)


def kotlin_activity_labellers(files):
    """{"File.kt:name": body} of every Android function that takes an `Activity` and returns a
    `String?` (the ones that label activities). An expression body runs to the end of its line,
    or to the end of the braces it opens there."""
    found = {}
    for file, text in files.items():
        code = strip_comments_and_strings(text)
        for match in re.finditer(r"\bfun (\w+)\(\s*\w+\s*:\s*Activity\s*\)\s*:\s*String\?\s*([={])", code):
            at = match.end() - 1
            if match.group(2) == "=":
                line = code[at:code.find("\n", at) if "\n" in code[at:] else len(code)]
                brace = line.find("{")
                body = line[:brace + 1] + _kotlin_block(code, at + brace) + "}" if brace >= 0 else line
            else:
                body = _kotlin_block(code, at)
            found[f"{file}:{match.group(1)}"] = body
    return found


# The fields of a passkey's `Provider` the Android app shows (its SVG icons are optional there).
KOTLIN_PROVIDER_READS = ["name"]


def check_kotlin_shell(contract, files):
    """Every generated case reaches a kit handler and back: CoreBridge.kt dispatches each Effect,
    KitEffects.kt converts each generated operation (signals included) to the kit's types and
    each kit outcome back, the kit's failure kinds and signals mirror PasskeyErrorKind and Signal
    one to one, and the UI sends every event, reads every field and a provider's name, and
    labels every Activity."""
    c, more = contract.kotlin, contract.kotlin_more
    bridge, adapter, mapping = files[KOTLIN_BRIDGE], files[KOTLIN_ADAPTER], files[KOTLIN_MAPPING]
    ui = "\n".join(text for name, text in files.items() if name != KOTLIN_MAPPING)
    kit_kinds = kotlin_kit_enum(files[KOTLIN_KIT_TYPES], "PasskeyFailureKind")
    kit_signals = kotlin_kit_enum(files[KOTLIN_KIT_TYPES], "PasskeySignal")
    kit_outcomes = kotlin_kit_variants(files[KOTLIN_KIT_TYPES], "PasskeyOutcome")
    problems = (
        _missing(c["Effect"], bridge, r"is Effect\.{name}\b", "CoreBridge.kt does not dispatch Effect")
        + _missing(c["PasskeyOperation"], adapter, r"is PasskeyOperation\.{name}\b", "KitEffects.kt does not convert PasskeyOperation")
        + _missing(c["Mediation"], adapter, r"Mediation\.{name}\s*->", "KitEffects.kt does not convert Mediation")
        + _missing(c["SessionStoreOperation"], adapter, r"is SessionStoreOperation\.{name}\b", "KitEffects.kt does not convert SessionStoreOperation")
        + _missing(c["TimeRequest"], adapter, r"is TimeRequest\.{name}\b", "KitEffects.kt does not convert TimeRequest")
        + _missing(c["HttpError"], adapter, r"HttpError\.{name}\b", "KitEffects.kt never produces HttpError")
        + _missing(c["HttpResult"], adapter, r"HttpResult\.{name}\(", "KitEffects.kt never produces HttpResult")
        + _missing(c["PasskeyResult"], adapter, r"(?<!is )PasskeyResult\.{name}\b", "KitEffects.kt never produces PasskeyResult")
        + _missing(c["PasskeyErrorKind"], adapter, r"-> PasskeyErrorKind\.{name}\b", "KitEffects.kt never produces PasskeyErrorKind")
        + _missing(c["SessionStoreResult"], adapter, r"SessionStoreResult\.{name}\b", "KitEffects.kt never produces SessionStoreResult")
        + _missing(c["TimeResponse"], adapter, r"TimeResponse\.{name}\(", "KitEffects.kt never produces TimeResponse")
        + _missing(c["AuthEvent"], ui, r"send\(\s*AuthEvent\.{name}\b", "the Android shell never sends AuthEvent")
        + _missing(c["AuthViewModel"], ui, r"\.{name}\b", "the Android shell never reads AuthViewModel")
        + _missing(c["Passkey"], ui, r"\.{name}\b", "the Android shell never reads Passkey")
        + _missing(c["Screen"], ui, r"Screen\.{name}\s*->", "the Android shell does not draw Screen")
        + _missing(c["PasskeyList"], files[KOTLIN_RULES], r"PasskeyList\.{name}\b", "ViewRules.kt does not handle PasskeyList")
        + _missing(kit_kinds, mapping, r"PasskeyFailureKind\.{name}\b", "PasskeyMapping.kt never produces PasskeyFailureKind")
        + _missing(kit_kinds, adapter, r"PasskeyFailureKind\.{name}\s*->", "KitEffects.kt does not convert PasskeyFailureKind")
        + _missing(more["Signal"], adapter, r"\bSignal\.{name}\s*->", "KitEffects.kt does not convert Signal")
        + _missing(kit_signals, adapter, r"->\s*PasskeySignal\.{name}\b", "KitEffects.kt never produces PasskeySignal")
        + _missing(kit_signals, mapping, r"PasskeySignal\.{name}\s*->", "PasskeyMapping.kt builds no request for PasskeySignal")
        + _missing(kit_outcomes, adapter, r"is PasskeyOutcome\.{name}\s*->", "KitEffects.kt does not convert PasskeyOutcome")
        + _missing(kit_outcomes, files.get(KOTLIN_PASSKEYS, "") + "\n" + mapping, r"(?<!: )(?<!is )PasskeyOutcome\.{name}\b",
                   "the kit never produces PasskeyOutcome")
        + [f"the generated Provider has no field {name}" for name in KOTLIN_PROVIDER_READS if name not in more["Provider"]]
        + _missing(KOTLIN_PROVIDER_READS, ui, r"\bprovider\?\.{name}\b", "the Android shell never reads Provider")
    )
    if sorted(map(_norm, kit_kinds)) != sorted(map(_norm, c["PasskeyErrorKind"])):
        problems.append(f"the kit's PasskeyFailureKind {kit_kinds} and the generated PasskeyErrorKind {c['PasskeyErrorKind']} differ")
    if sorted(map(_norm, kit_signals)) != sorted(map(_norm, more["Signal"])):
        problems.append(f"the kit's PasskeySignal {kit_signals} and the generated Signal {more['Signal']} differ")
    # Every function that labels an Activity has a `when` over every case, or calls one that has.
    labellers = kotlin_activity_labellers(files)
    exhaustive = [where for where, body in labellers.items() if re.search(r"\bwhen\b", body)]
    if not exhaustive:
        problems.append("the Android shell has no function that labels an Activity with a `when`")
    for where, body in labellers.items():
        if where in exhaustive:
            problems += _missing(more["Activity"], body, r"\bActivity\.{name}\s*->", f"the Android shell does not label Activity in {where}")
        elif not any(re.search(rf"\b{other.split(':')[1]}\(", body) for other in exhaustive):
            problems.append(f"{where} labels an Activity with neither a `when` over it nor another labeller")
    return problems


def check_generated_agree(contract):
    """The Swift and Kotlin generators saw the same core (names differ only in case)."""
    def norm(names):
        return sorted(n.replace("_", "").lower() for n in names)
    return [f"generated Swift and Kotlin differ on {name}: {contract.swift[name]} vs {contract.kotlin[name]}"
            for name in contract.swift if norm(contract.swift[name]) != norm(contract.kotlin[name])]


# --- The uniffi API the shells call -----------------------------------------------------------

def uniffi_swift_api(source):
    cls = re.search(r"^open class (\w+): \w+Protocol", source, re.M).group(1)
    methods = {name: re.findall(r"(\w+):", params)
               for name, params in re.findall(r"^open func (\w+)\(([^)]*)\)\s*throws", source, re.M)}
    error = re.search(r"^public enum (\w+): Swift\.Error", source, re.M).group(1)
    error_cases = re.findall(r"^    case (\w+)\(", _block(source, rf"^public enum {error}: Swift\.Error \{{", r"^\}"), re.M)
    return cls, methods, error, error_cases


def uniffi_kotlin_api(source):
    cls = re.search(r"^open class (\w+): Disposable, AutoCloseable, (\w+)Interface", source, re.M).group(1)
    methods = re.findall(r"override fun `(\w+)`\(", source)
    error = re.search(r"^sealed class (\w+): kotlin\.Exception\(\)", source, re.M).group(1)
    return cls, methods, error


def check_swift_uniffi(uniffi_source, core_source):
    cls, methods, error, error_cases = uniffi_swift_api(uniffi_source)
    problems = [] if re.search(rf"\b{cls}\(\)", core_source) else [f"Core.swift does not create {cls}()"]
    for name, labels in methods.items():
        call = rf"core\.{name}\(" + (rf"{labels[0]}:" if labels else r"\)")
        if not re.search(call, core_source):
            problems.append(f"Core.swift does not call {cls}.{name}({', '.join(l + ':' for l in labels)})")
    if not re.search(rf"\b{error}\b", core_source):
        problems.append(f"Core.swift never names the bridge error {error}")
    problems += [f"Core.swift does not read {error}.{case}" for case in error_cases
                 if not re.search(rf"\.{case}\(", core_source)]
    return problems


def uniffi_swift_error_labels(source):
    """{error case: [field labels]} of the uniffi bridge error."""
    error = uniffi_swift_api(source)[2]
    body = _block(source, rf"^public enum {error}: Swift\.Error \{{", r"^\}")
    return {name: re.findall(r"(\w+):", params) for name, params in re.findall(r"^    case (\w+)\(([^)]*)\)", body, re.M)}


def check_swift_undecodable_answers(uniffi_source, core_source):
    """A bridge error that carries the core's next `requests` (AnswerUndecodable) is caught with
    them bound, and its catch block passes them to `process(…)` like any other requests."""
    code = strip_comments_and_strings(core_source)
    problems = []
    for case, labels in uniffi_swift_error_labels(uniffi_source).items():
        if "requests" not in labels:
            continue
        match = re.search(rf"catch\s+[\w.]*\.{case}\(([^)]*)\)\s*\{{", code)
        arguments = match.group(1).split(",") if match else []
        if len(arguments) != len(labels):
            problems.append(f"Core.swift does not catch {case} with its {len(labels)} fields bound")
            continue
        bound = re.search(r"let\s+(\w+)\s*$", arguments[labels.index("requests")].strip())
        if not bound or not re.search(rf"\bprocess\(\s*{bound.group(1)}\s*\)", swift_braced(code, match.end() - 1)):
            problems.append(f"Core.swift does not process the requests that come with {case}")
    return problems


def uniffi_kotlin_errors(source):
    """{error class: {case: [field names]}} of every uniffi error (a sealed kotlin.Exception)."""
    errors = {}
    for error in re.findall(r"^sealed class (\w+): kotlin\.Exception\(\)", source, re.M):
        body = _block(source, rf"^sealed class {error}: kotlin\.Exception\(\) \{{", r"^\}")
        errors[error] = {case: re.findall(r"val `(\w+)`", fields)
                         for case, fields in re.findall(r"^    class (\w+)\((.*?)\)\s*:", body, re.S | re.M)}
    return errors


# Members every Kotlin exception inherits from Throwable: a uniffi error field of the same name
# becomes a property that clashes with them (the bindings then fail to compile, or shadow it).
THROWABLE_MEMBERS = ["message", "cause", "stackTrace", "localizedMessage", "suppressed"]


def check_kotlin_error_fields(uniffi_source):
    """No field of a uniffi error class collides with a Throwable member."""
    return [f"uniffi error {error}.{case} has a field `{field}` that collides with Throwable.{field}"
            for error, cases in uniffi_kotlin_errors(uniffi_source).items()
            for case, fields in cases.items() for field in fields if field in THROWABLE_MEMBERS]


def _kotlin_block(code, open_at):
    """The text inside the `{` at open_at and its matching `}` (code without comments or strings)."""
    depth = 0
    for index in range(open_at, len(code)):
        depth += {"{": 1, "}": -1}.get(code[index], 0)
        if depth == 0:
            return code[open_at + 1:index]
    return code[open_at + 1:]


def check_kotlin_uniffi(uniffi_source, core_source):
    """CoreBridge.kt creates the core, calls every method, catches every case of the bridge error,
    and processes the requests an AnswerUndecodable carries."""
    cls, methods, error = uniffi_kotlin_api(uniffi_source)
    code = strip_comments_and_strings(core_source)
    problems = [] if re.search(rf"(\b{cls}\(\)|::{cls}\b)", code) else [f"CoreBridge.kt does not create {cls}()"]
    problems += [f"CoreBridge.kt does not import uniffi.shared.{name}" for name in (cls, error)
                 if f"import uniffi.shared.{name}" not in core_source]
    problems += [f"CoreBridge.kt does not call {cls}.{name}" for name in methods
                 if not re.search(rf"ffi\.{name}\(", code)]
    for case, fields in uniffi_kotlin_errors(uniffi_source).get(error, {}).items():
        match = re.search(rf"catch \((\w+): {error}\.{case}\) \{{", code)
        if not match:
            problems.append(f"CoreBridge.kt does not catch {error}.{case}")
        elif "requests" in fields and not re.search(rf"\b{match.group(1)}\.requests\b", _kotlin_block(code, match.end() - 1)):
            problems.append(f"CoreBridge.kt does not process the requests that come with {error}.{case}")
    return problems


def check_generated_api_used(swift_types, kotlin_types, swift_core, kotlin_core):
    """The serialisation entry points the shells call exist in the generated types."""
    problems = []
    for needle, where in [("func bincodeSerialize() throws -> [UInt8]", swift_types),
                          ("static func bincodeDeserialize(input: [UInt8]) throws -> Requests", swift_types),
                          ("static func bincodeDeserialize(input: [UInt8]) throws -> ViewModel", swift_types),
                          ("fun bincodeSerialize(): ByteArray", kotlin_types),
                          ("fun bincodeDeserialize(input: ByteArray?): Requests", kotlin_types),
                          ("fun bincodeDeserialize(input: ByteArray?): ViewModel", kotlin_types)]:
        if needle not in where:
            problems.append(f"the generated types have no `{needle}`")
    for needle, where, name in [("Requests.bincodeDeserialize(input:", swift_core, "Core.swift"),
                                ("ViewModel.bincodeDeserialize(input:", swift_core, "Core.swift"),
                                ("bincodeSerialize()", swift_core, "Core.swift"),
                                ("Requests.bincodeDeserialize(", kotlin_core, "CoreBridge.kt"),
                                ("ViewModel.bincodeDeserialize(", kotlin_core, "CoreBridge.kt"),
                                ("bincodeSerialize()", kotlin_core, "CoreBridge.kt")]:
        if needle not in where:
            problems.append(f"{name} does not use `{needle}`")
    return problems


# --- 2. Crash hazards -------------------------------------------------------------------------

def strip_comments_and_strings(code):
    """Code with comments and string literals blanked (line numbers kept)."""
    code = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), code, flags=re.S)
    code = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', code)
    return re.sub(r"//[^\n]*", "", code)


SWIFT_HAZARDS = [
    (r"\btry!", "try!"),
    (r"\bas!", "as! (forced cast)"),
    (r"[\w)\]]!(?!=)", "! (force unwrap or implicitly unwrapped type)"),
]
KOTLIN_HAZARDS = [(r"!!", "!! (non-null assertion)")]


def lint(files, hazards):
    problems = []
    for name, text in files.items():
        for number, line in enumerate(strip_comments_and_strings(text).splitlines(), 1):
            found = [what for pattern, what in hazards if re.search(pattern, line)]
            if found:
                problems.append(f"{name}:{number}: {', '.join(found)}: {line.strip()}")
    return problems


def check_swift_continuation(ceremony_source):
    """The package's ceremony resumes its continuation in one place, guarded by a `resumed` flag."""
    code = strip_comments_and_strings(ceremony_source)
    problems = []
    if len(re.findall(r"\.resume\(", code)) != 1:
        problems.append("PasskeyCeremony.swift must resume its continuation in exactly one place")
    for needle, why in [(r"var resumed = false", "no `resumed` flag"),
                        (r"guard !resumed\b", "the resume is not guarded by `guard !resumed`"),
                        (r"resumed = true", "the `resumed` flag is never set"),
                        (r"didCompleteWithError", "no delegate error callback"),
                        (r"didCompleteWithAuthorization", "no delegate success callback"),
                        (r"\.cancel\(\)", "a conditional request is never cancelled"),
                        (r"performAutoFillAssistedRequests\(\)", "no AutoFill-assisted (conditional) request")]:
        if not re.search(needle, code):
            problems.append(f"PasskeyCeremony.swift: {why}")
    return problems


def check_autofill_cancel(swift_core, kotlin_core):
    """Both shells abort the conditional request when autofill_active turns false."""
    problems = []
    if not re.search(r"if !auth\.autofillActive \{\s*passkeys\.cancelConditional\(\)", swift_core):
        problems.append("Core.swift does not cancel the conditional request when autofillActive turns false")
    if not re.search(r"if \(!auth\.autofillActive\) \{\s*conditionalJob\?\.cancel\(\)", kotlin_core):
        problems.append("CoreBridge.kt does not cancel the conditional job when autofillActive turns false")
    if "CoroutineStart.UNDISPATCHED" not in kotlin_core or "catch (e: CancellationException)" not in kotlin_core:
        problems.append("CoreBridge.kt must answer a cancelled passkey job (UNDISPATCHED start, CancellationException -> Aborted)")
    return problems


def check_kotlin_signals(files):
    """Signals reach Credential Manager and never touch the open autofill request: CoreBridge.kt
    cancels the conditional job for a create or get only; the kit's signal(…) goes out from the
    application context (no activity), calls signalCredentialState with the request
    PasskeyMapping.signalStateRequest builds, answers Signalled, maps the
    SignalCredentialStateException family with PasskeyMapping.signalStateError (which never reads
    the exception's `type`, restricted to androidx itself), rethrows a cancellation, and catches
    the requests' IllegalArgumentException and a missing call's UnsupportedOperationException."""
    problems = []
    bridge = strip_comments_and_strings(files.get(KOTLIN_BRIDGE, ""))
    start = re.search(r"\bfun startPasskey\([^)]*\)\s*\{", bridge)
    body = _kotlin_block(bridge, start.end() - 1) if start else ""
    if not start:
        problems.append("CoreBridge.kt has no startPasskey(…)")
    elif len(re.findall(r"conditionalJob\?\.cancel\(\)", body)) != 1 or not re.search(
            r"if \((\w+) !is PasskeyOperation\.Signal\) \{\s*conditionalJob\?\.cancel\(\)", body):
        problems.append("CoreBridge.startPasskey cancels the autofill request for a signal too "
                        "(cancel it once, under `if (operation !is PasskeyOperation.Signal)`)")

    kit = strip_comments_and_strings(files.get(KOTLIN_PASSKEYS, ""))
    match = re.search(r"\bfun signal\(\s*\w+\s*:\s*PasskeyRequest\.Signal\s*\)[^{]*\{", kit)
    if not match:
        problems.append("CredentialManagerPasskeys.kt has no signal(request: PasskeyRequest.Signal)")
    else:
        body = _kotlin_block(kit, match.end() - 1)
        for needle, why in [(r"\bappContext\b", "does not go out from the application context"),
                            (r"\.signalCredentialState\(\s*PasskeyMapping\.signalStateRequest\(", "does not call signalCredentialState(PasskeyMapping.signalStateRequest(…))"),
                            (r"\bPasskeyOutcome\.Signalled\b", "never answers Signalled"),
                            (r"catch \(\w+: SignalCredentialStateException\) \{\s*PasskeyMapping\.signalStateError\(", "does not map SignalCredentialStateException with signalStateError"),
                            (r"catch \((\w+): CancellationException\) \{\s*throw \1\b", "does not rethrow a cancellation"),
                            (r"catch \(\w+: IllegalArgumentException\)", "does not catch the requests' IllegalArgumentException"),
                            (r"catch \(\w+: UnsupportedOperationException\)", "does not catch UnsupportedOperationException")]:
            if not re.search(needle, body):
                problems.append(f"CredentialManagerPasskeys.signal(…) {why}")
    # Comments out, strings kept: a string template can read `type` too.
    error = re.sub(r"//[^\n]*", "", _function_body(files.get(KOTLIN_MAPPING, ""), "fun signalStateError("))
    if not error:
        problems.append("PasskeyMapping.kt has no signalStateError(…)")
    elif re.search(r"\.type\b", error):
        problems.append("PasskeyMapping.signalStateError reads the exception's `type`, which androidx restricts to itself")
    return problems


# --- 3. The error-mapping tables --------------------------------------------------------------

IOS_REQUIRED = {
    "ASAuthorizationError": ["canceled", "failed", "invalidResponse", "notHandled", "notInteractive",
                             "unknown", "matchedExcludedCredential"],
    "Text of .failed/.unknown/other domains": ["notAssociatedWithDomain"],
}
DOM_ERRORS = ["AbortError", "ConstraintError", "DataCloneError", "DataError", "EncodingError",
              "HierarchyRequestError", "InUseAttributeError", "InvalidCharacterError",
              "InvalidModificationError", "InvalidNodeTypeError", "InvalidStateError", "NamespaceError",
              "NetworkError", "NoModificationAllowedError", "NotAllowedError", "NotFoundError",
              "NotReadableError", "NotSupportedError", "OperationError", "OptOutError",
              "QuotaExceededError", "ReadOnlyError", "SecurityError", "SyntaxError", "TimeoutError",
              "TransactionInactiveError", "UnknownError", "VersionError", "WrongDocumentError"]
ANDROID_REQUIRED = {
    "CreateCredentialException": ["CreateCredentialCancellationException", "CreateCredentialInterruptedException",
                                  "CreateCredentialProviderConfigurationException", "CreateCredentialUnknownException",
                                  "CreateCredentialUnsupportedException", "CreateCredentialNoCreateOptionException",
                                  "CreateCredentialCustomException", "CreatePublicKeyCredentialDomException"],
    "GetCredentialException": ["GetCredentialCancellationException", "GetCredentialInterruptedException",
                               "NoCredentialException", "GetCredentialProviderConfigurationException",
                               "GetCredentialUnknownException", "GetCredentialUnsupportedException",
                               "GetCredentialCustomException", "GetPublicKeyCredentialDomException"],
    "DomError (in either DomException)": DOM_ERRORS,
    # What CredentialManager.signalCredentialState throws (androidx.credentials 1.6.0).
    "SignalCredentialStateException": ["SignalCredentialStateProviderConfigurationException", "SignalCredentialSecurityException",
                                       "SignalCredentialRateLimitExceededException", "SignalCredentialUnknownException"],
}


def _function_body(source, signature):
    start = source.find(signature)
    if start < 0:
        return ""
    end = source.find("\n    }\n", start)
    return source[start:end]


def swift_mapping_table(mapping_source):
    """[(group, platform error, kind)] from PasskeyMapping.swift's `kind(for:)` switches."""
    table = []
    for group, signature in [("ASAuthorizationError", "static func kind(for code: AuthorizationErrorCode)"),
                             ("Text of .failed/.unknown/other domains", "static func kind(for signal: TextSignal)"),
                             ("Shell failure", "static func kind(for failure: ShellFailure)")]:
        body = _function_body(mapping_source, signature)
        table += [(group, name, kind) for name, kind in re.findall(r"case \.(\w+): return \.(\w+)", body)]
    return table


def kotlin_mapping_table(mapping_source):
    """[(group, platform error, kind)] from the kit's PasskeyMapping.kt `when` tables (kinds are
    the kit's PasskeyFailureKind, which KitEffects.kt maps one to one to PasskeyErrorKind)."""
    table = []
    for group, signature in [("CreateCredentialException", "fun createError("),
                             ("GetCredentialException", "fun getError("),
                             ("DomError (in either DomException)", "fun domErrorKind("),
                             ("SignalCredentialStateException", "fun signalStateError("),
                             ("Text of Unknown/Custom exceptions", "fun signalKind("),
                             ("Shell failure", "fun shellKind(")]:
        body = _function_body(mapping_source, signature)
        for name, rhs in re.findall(r"^\s*(?:is )?([\w.]+) -> (.+)$", body, re.M):
            name = name.split(".")[-1]
            if name == "null":
                continue
            if "domErrorKind(" in rhs:
                kind = "by its DomError (below)"
            else:
                kinds = re.findall(r"PasskeyFailureKind\.(\w+)", rhs)
                if not kinds:
                    continue
                if "if (creating)" in rhs:
                    kind = f"{kinds[0]} on create, {kinds[1]} on get"
                else:
                    kind = kinds[-1] + (" (RP_MISCONFIGURED when its message names asset links)" if "signalKind(" in rhs else "")
            table.append((group, name, kind))
    return table


def check_mapping_table(table, required, kinds):
    mapped = {(group, name) for group, name, _ in table}
    problems = [f"no mapping for {group} {name}" for group, names in required.items()
                for name in names if (group, name) not in mapped]
    for group, name, kind in table:
        first = re.match(r"\w+", kind).group(0)
        if first not in kinds and first != "by":
            problems.append(f"{group} {name} maps to {kind}, which is not a PasskeyErrorKind")
    return problems


def render_table(title, table):
    lines = [f"### {title}", "", "| Platform error | PasskeyError kind |", "|---|---|"]
    group = None
    for g, name, kind in table:
        if g != group:
            lines.append(f"| **{g}** | |")
            group = g
        lines.append(f"| `{name}` | {kind} |")
    return "\n".join(lines)


# --- 4. The iOS package (CruxPasskeyKit) and the app that uses it (Swift only) ----------------

def swift_braced(code, open_at):
    """The text inside the `{` at open_at and its matching `}` (in code without comments or
    strings); up to the end when it never closes."""
    depth = 0
    for index in range(open_at, len(code)):
        if code[index] == "{":
            depth += 1
        elif code[index] == "}":
            depth -= 1
            if depth == 0:
                return code[open_at + 1:index]
    return code[open_at + 1:]


def _top_level(body):
    """`body` without anything nested in braces."""
    kept, depth = [], 0
    for char in body:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def swift_enum_cases(source, enum):
    """The cases of a hand-written Swift enum (one `case` per line), in declaration order."""
    code = strip_comments_and_strings(source)
    match = re.search(rf"\benum {enum}\b[^{{]*\{{", code)
    if not match:
        return []
    return re.findall(r"^\s*case (\w+)", _top_level(swift_braced(code, match.end() - 1)), re.M)


def swift_extension_body(source, type_name):
    """The body of `extension <type_name> { … }`, or "" when there is none."""
    code = strip_comments_and_strings(source)
    match = re.search(rf"^extension {type_name}\s*\{{", code, re.M)
    return swift_braced(code, match.end() - 1) if match else ""


def swift_view_bodies(files):
    """{view struct name: body} for every `struct X: View` in the files."""
    bodies = {}
    for text in files.values():
        code = strip_comments_and_strings(text)
        for match in re.finditer(r"\bstruct (\w+)\s*:\s*View\s*\{", code):
            bodies[match.group(1)] = swift_braced(code, match.end() - 1)
    return bodies


def _app(files):
    return {name: text for name, text in files.items() if name.startswith("CruxPasskey/")}


def _kit(files):
    return {name: text for name, text in files.items() if name.startswith("CruxPasskeyKit/")}


# Platform APIs that exist on one of the package's two platforms only.
IOS_ONLY_API = ["import UIKit", "UIApplication", "UIWindowScene", "performAutoFillAssistedRequests"]
MACOS_ONLY_API = ["import AppKit", "NSApplication"]


def _open_conditions(lines, number):
    """The conditions of the `#if`/`#elseif` branches line `number` sits in ("" for `#else`)."""
    branches = []
    for line in lines[:number]:
        directive = line.strip()
        if directive.startswith("#if "):
            branches.append(directive[4:])
        elif directive.startswith("#elseif ") and branches:
            branches[-1] = directive[8:]
        elif directive.startswith("#else") and branches:
            branches[-1] = ""
        elif directive.startswith("#endif") and branches:
            branches.pop()
    return branches


def _fenced_by(lines, number, platform):
    """Whether line `number` sits in an `#if`/`#elseif` branch whose condition names os(platform)."""
    return any(f"os({platform})" in condition and f"!os({platform})" not in condition
               for condition in _open_conditions(lines, number))


def check_swift_kit_policies(files):
    """What the package promises that can be read on Linux: no cookies, the Keychain class, both
    passkey providers, clear cancels, availability checks naming both platforms, and UIKit /
    AppKit (and AutoFill-assisted requests, which macOS lacks) only inside `#if os(…)`."""
    problems = []
    for path, needles in [(SWIFT_HTTP, ["httpShouldSetCookies = false", "httpCookieAcceptPolicy = .never"]),
                          (SWIFT_STORE, ["kSecClassGenericPassword", "kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly"]),
                          (SWIFT_REQUESTS, ["ASAuthorizationPlatformPublicKeyCredentialProvider",
                                            "ASAuthorizationSecurityKeyPublicKeyCredentialProvider"]),
                          (SWIFT_TIMER, [".cancel()"])]:
        code = strip_comments_and_strings(files.get(path, ""))
        problems += [f"{_short(path)} does not use {needle}" for needle in needles if needle not in code]
    for name, text in _kit(files).items():
        lines = strip_comments_and_strings(text).splitlines()
        for number, line in enumerate(lines):
            for arguments in re.findall(r"[#@]available\(([^)]*)\)", line):
                if not re.search(r"\biOS\b", arguments) or not re.search(r"\bmacOS\b", arguments):
                    problems.append(f"{name}:{number + 1}: an availability check must name iOS and macOS: {line.strip()}")
            for platform, apis in (("iOS", IOS_ONLY_API), ("macOS", MACOS_ONLY_API)):
                for api in apis:
                    if api in line and not _fenced_by(lines, number, platform):
                        problems.append(f"{name}:{number + 1}: {api} outside `#if os({platform})`")
    return problems


def check_swift_package(package_source, files):
    """The package's manifest (tools 5.9, iOS 16 and macOS 13, library CruxPasskeyKit) depends on
    no app's generated types, and its sources import none."""
    problems = []
    for needle in ["// swift-tools-version: 5.9", ".iOS(.v16)", ".macOS(.v13)", '.library(name: "CruxPasskeyKit"']:
        if needle not in package_source:
            problems.append(f"Package.swift does not declare {needle}")
    if ".package(" in package_source or "SharedTypes" in package_source:
        problems.append("Package.swift must not depend on other packages (an app's generated types live in the app)")
    for name, text in _kit(files).items():
        if re.search(r"^\s*import (SharedTypes|Serde|Shared)\b", text, re.M):
            problems.append(f"{name} imports an app's generated module")
    return problems


def check_swift_thin_app(files):
    """The app only adapts and dispatches: the platform work lives in the package."""
    problems = []
    for name, text in _app(files).items():
        code = strip_comments_and_strings(text)
        problems += [f"{name} does the package's job ({api})" for api in
                     ["ASAuthorizationController", "SecItem", "URLSession", "Task.sleep", "Timer.scheduledTimer"] if api in code]
    return problems


# The Signal API calls of AuthenticationServices' ASCredentialUpdater (iOS 26 / macOS 26), with
# the argument labels Apple documents, one per generated `Signal` case.
SWIFT_SIGNAL_CALLS = {
    "unknownCredential": "reportUnknownPublicKeyCredential(relyingPartyIdentifier:credentialID:)",
    "allAcceptedCredentials": "reportAllAcceptedPublicKeyCredentials(relyingPartyIdentifier:userHandle:acceptedCredentialIDs:)",
    "currentUserDetails": "reportPublicKeyCredentialUpdate(relyingPartyIdentifier:userHandle:newName:)",
}


def check_swift_signals(contract, files):
    """Signals reach the platform and never touch the open ceremony: every generated `Signal` has
    its ASCredentialUpdater call (Apple's labels, awaited, behind `#if compiler(>=6.2)` for SDKs
    that lack the class and `iOS 26 / macOS 26` availability, else `signalsUnavailable`);
    PasskeyHandler.signal(_:) leaves `current` alone; Core.swift's signal branch calls
    `passkeys.signal(…)` and cancels nothing."""
    problems = []
    signals = strip_comments_and_strings(files.get(SWIFT_SIGNALS, ""))
    lines = signals.splitlines()
    for case in contract.swift_more["Signal"]:
        call = SWIFT_SIGNAL_CALLS.get(case)
        if not call:
            problems.append(f"no ASCredentialUpdater call is known for Signal {case}")
            continue
        method, labels = call.split("(", 1)
        pattern = r"try\s+await\s+\w+\.%s\(\s*" % method + r",\s*".join(rf"\b{label}\s*:\s*[^,()]+" for label in labels.rstrip(":)").split(":")) + r"\)"
        found = re.search(pattern, signals)
        if not found:
            problems.append(f"PasskeySignals.swift does not call `try await ….{call}` for Signal {case}")
        elif not any("compiler(>=6.2)" in condition for condition in _open_conditions(lines, signals[:found.start()].count("\n"))):
            problems.append(f"PasskeySignals.swift calls {method} outside `#if compiler(>=6.2)` (Xcode 26's SDK)")
    for needle, why in [("ASCredentialUpdater()", "does not create an ASCredentialUpdater"),
                        ("#available(iOS 26.0, macOS 26.0, *)", "does not check for iOS 26 / macOS 26 before a signal"),
                        ("@available(iOS 26.0, macOS 26.0, *)", "does not mark its updater calls iOS 26 / macOS 26"),
                        (".signalsUnavailable", "does not answer Unsupported where the Signal API is missing")]:
        if needle not in signals:
            problems.append(f"PasskeySignals.swift {why}")

    handler = strip_comments_and_strings(files.get(SWIFT_PASSKEY, ""))
    match = re.search(r"\bfunc signal\(\s*_\s+\w+\s*:\s*PasskeySignalRequest\s*\)[^{]*\{", handler)
    if not match:
        problems.append("PasskeyHandler.swift has no signal(_: PasskeySignalRequest)")
    else:
        body = swift_braced(handler, match.end() - 1)
        if re.search(r"\bcurrent\b|\babort\(|\bcancelConditional\(", body):
            problems.append("PasskeyHandler.signal(_:) touches the open ceremony")
        if "PasskeySignals.perform(" not in body:
            problems.append("PasskeyHandler.signal(_:) does not run PasskeySignals.perform")

    core = strip_comments_and_strings(files.get(SWIFT_CORE, ""))
    branch = re.search(r"case \.signal\([^)]*\):(.*?)(?=\bcase \.|\Z)", core, re.S)
    if not branch or not re.search(r"\bpasskeys\.signal\(", branch.group(1)):
        problems.append("Core.swift does not hand a signal to passkeys.signal(…)")
    elif re.search(r"\.(abort|cancelConditional|perform)\(", branch.group(1)):
        problems.append("Core.swift's signal branch touches the open ceremony")
    return problems


def check_ios_project(project_yml, xcconfig):
    """project.yml adds the package, and the bundle id comes from a setting App.xcconfig defines
    (not from PRODUCT_BUNDLE_IDENTIFIER itself)."""
    problems = []
    if not re.search(r"^  CruxPasskeyKit:\s*\n\s+path: CruxPasskeyKit\s*$", project_yml, re.M):
        problems.append("project.yml does not list the CruxPasskeyKit package")
    if not re.search(r"^\s+- package: CruxPasskeyKit\s*$", project_yml, re.M):
        problems.append("the app target does not depend on CruxPasskeyKit")
    setting = re.search(r"PRODUCT_BUNDLE_IDENTIFIER:\s*\$\((\w+)\)", project_yml)
    if not setting or setting.group(1) == "PRODUCT_BUNDLE_IDENTIFIER":
        problems.append("project.yml must take PRODUCT_BUNDLE_IDENTIFIER from another setting")
    elif not re.search(rf"^{setting.group(1)}\s*=\s*\S+", xcconfig, re.M):
        problems.append(f"Config/App.xcconfig gives {setting.group(1)} no default")
    return problems


def check_no_design_references(texts):
    """No iOS file points at the DESIGN document that no longer exists."""
    return [f"{name}:{number}: refers to DESIGN: {line.strip()}" for name, text in texts.items()
            for number, line in enumerate(text.splitlines(), 1) if re.search(r"DESIGN(\.md|\s*§|\s+notes)", line)]


def check_swift_sign_out(files):
    """Sign-out always works, even while busy: its button is never disabled on `busy`."""
    problems = []
    for name, text in _app(files).items():
        code = strip_comments_and_strings(text)
        for match in re.finditer(r"send\(\s*\.signOut\s*\)", code):
            modifiers = re.split(r"\bButton\b|\bSection\b|\bTextField\b", code[match.end():], maxsplit=1)[0]
            if re.search(r"\.disabled\([^)]*busy", modifiers):
                problems.append(f"{name}: the sign-out button is disabled while busy")
    return problems


def check_swift_autofill_field(files):
    """Passkey AutoFill belongs to the sign-in form: only the view that sends SignIn tags its field
    `.username` (the sign-up view does not), the view that shows the sign-up form tells the core
    when the sign-in form goes away, and StartAutofill is sent in one place, only while the
    sign-in form is shown."""
    views = swift_view_bodies(_app(files))
    problems = []
    username = r"\.textContentType\(\s*\.username\s*\)"
    sign_up = [name for name, body in views.items() if re.search(r"send\(\s*\.signUp\(", body)]
    sign_in = [name for name, body in views.items() if re.search(r"send\(\s*\.signIn\(", body)]
    problems += [f"{name} sends SignUp from a field tagged .username" for name in sign_up if re.search(username, views[name])]
    problems += [f"{name} sends SignIn without a field tagged .username" for name in sign_in if not re.search(username, views[name])]
    others = [name for name, body in views.items() if re.search(username, body) and name not in sign_in]
    problems += [f"{name} tags a field .username outside the sign-in form" for name in others]
    hosts = [name for name, body in views.items() if any(re.search(rf"\b{form}\(", body) for form in sign_up)]
    if not hosts or not all(re.search(r"\.onChange\([^{]*\{[^}]*signInForm\(shown:", views[name]) for name in hosts):
        problems.append("the view showing the sign-up form does not end autofill when it switches to it")
    app = "\n".join(strip_comments_and_strings(text) for text in _app(files).values())
    if len(re.findall(r"send\(\s*\.startAutofill\b", app)) != 1 or \
            not re.search(r"guard signInFormShown else \{ return \}\s*send\(\s*\.startAutofill\s*\)", app):
        problems.append("StartAutofill must be sent in one place, guarded by `guard signInFormShown`")
    return problems


# Closures that do not run on the main actor even when written inside a @MainActor context:
# SwiftUI's `refreshable` and `task` actions are `@Sendable async` closures, and a detached task
# inherits nothing. A call into a @MainActor type from one of them needs `await`.
ACTOR_HOPS = r"(\.refreshable|\.task|Task\.detached)\s*(?:\([^(){}]*\))?\s*\{"
MAIN_ACTOR_TYPE = r"@MainActor\s+(?:(?:public|internal|private|fileprivate|final|open)\s+)*(?:class|struct|enum|actor)\s+(\w+)[^{]*\{"


def check_swift_main_actor_awaits(files):
    """Every call of a method on a @MainActor type's instance (a variable of that type, or `self`
    inside the type) from inside `.refreshable { }`, `.task { }` or `Task.detached { }` is
    awaited on the same statement. Closures inside them that return to the main actor
    (`MainActor.run { }`, `{ @MainActor in }`) are left out."""
    codes = {name: strip_comments_and_strings(text) for name, text in files.items()}
    types = sorted({name for code in codes.values() for name in re.findall(MAIN_ACTOR_TYPE, code)})
    if not types:
        return []
    kinds = "|".join(types)
    instances = set()
    for code in codes.values():
        instances.update(re.findall(rf"\b(?:var|let)\s+(\w+)\s*:\s*(?:{kinds})\b", code))
        instances.update(re.findall(rf"\b(?:var|let)\s+(\w+)\s*=\s*(?:{kinds})\(", code))
    problems = []
    for name, code in codes.items():
        isolated = [(m.end() - 1, m.end() + len(swift_braced(code, m.end() - 1))) for m in re.finditer(MAIN_ACTOR_TYPE, code)]
        for hop in re.finditer(ACTOR_HOPS, code):
            start = hop.end() - 1
            body = swift_braced(code, start)
            receivers = set(instances)
            if any(low < start < high for low, high in isolated):
                receivers.add("self")
            if not receivers:
                continue
            # Leave out nested closures that run on the main actor again.
            for inner in re.finditer(r"(MainActor\.run\s*(?:\([^(){}]*\))?\s*\{|\{\s*@MainActor\b)", body):
                brace = body.index("{", inner.start())
                nested = swift_braced(body, brace)
                body = body[:brace + 1] + " " * len(nested) + body[brace + 1 + len(nested):]
            for call in re.finditer(rf"\b({'|'.join(sorted(receivers))})\s*\.\s*(\w+)\s*\(", body):
                statement = re.split(r"[\n;{}]", body[:call.start()])[-1]
                if not re.search(r"\bawait\b", statement):
                    problems.append(f"{name}: `{call.group(1)}.{call.group(2)}(…)` inside `{hop.group(1)} {{ }}` "
                                    f"is a call into a @MainActor type without await")
    return problems


# --- 5. The Android library (cruxpasskey) and the app that uses it (Kotlin only) ---------------

ANDROID_ROOT = ROOT / "Android"
JNA_16K_MINIMUM = (5, 17, 0)
ANDROID_64BIT_TRIPLES = ["aarch64-linux-android", "x86_64-linux-android"]


def android_texts():
    """{path under Android/: text} for every hand-written file of the Android shell."""
    skip = {"build", ".gradle", ".idea"}
    return {str(p.relative_to(ANDROID_ROOT)): p.read_text(encoding="utf-8", errors="replace")
            for p in sorted(ANDROID_ROOT.rglob("*"))
            if p.is_file() and not skip & set(p.relative_to(ANDROID_ROOT).parts)
            and p.suffix in {".kt", ".kts", ".md", ".xml", ".sh", ".py", ".pro", ".toml", ".properties"}}


def _version(text):
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def check_android_build(versions_toml, app_gradle, settings_gradle, cargo_config):
    """What the build must do that can be read here: a JNA whose AAR is 16 KB aligned, 16 KB
    alignment for the core's own Android link, a bindings task Gradle can skip when nothing
    changed, and the app built on the library module."""
    problems = []
    jna = re.search(r'^jna\s*=\s*"([^"]+)"', versions_toml, re.M)
    if not jna or _version(jna.group(1)) < JNA_16K_MINIMUM:
        found = jna.group(1) if jna else "none"
        problems.append(f"JNA {found} is older than 5.17.0, whose Android libjnidispatch.so is the first to load on 16 KB pages")
    for triple in ANDROID_64BIT_TRIPLES:
        section = re.search(rf"^\[target\.{re.escape(triple)}\]\s*\n((?:(?!^\[).*\n?)*)", cargo_config, re.M)
        if not section or not re.search(r"^rustflags\s*=.*max-page-size=16384", section.group(1), re.M):
            problems.append(f".cargo/config.toml does not link {triple} with max-page-size=16384")
    task = re.search(r"val generateCoreBindings by tasks\.registering\(Exec::class\) \{(.*?)^\}", app_gradle, re.S | re.M)
    if not task or "inputs." not in task.group(1) or "outputs." not in task.group(1):
        problems.append("generateCoreBindings declares no inputs and outputs, so it runs on every build")
    if 'include(":cruxpasskey")' not in settings_gradle:
        problems.append('settings.gradle.kts does not include(":cruxpasskey")')
    if 'implementation(project(":cruxpasskey"))' not in app_gradle:
        problems.append("the app does not depend on the cruxpasskey library")
    return problems


def check_kotlin_kit_independent(kit_files, kit_gradle):
    """The library works for any Crux app: it is an Android library, and neither it nor its
    sources know this app's generated types or bindings."""
    problems = []
    if "alias(libs.plugins.android.library)" not in kit_gradle:
        problems.append("Android/cruxpasskey is not a com.android.library module")
    if "shared_types" in kit_gradle or "srcDirs" in kit_gradle:
        problems.append("Android/cruxpasskey/build.gradle.kts compiles generated sources")
    for name, text in kit_files.items():
        if re.search(r"^import (com\.cruxpasskey\.shared\.types|com\.novi\.|uniffi\.)", text, re.M):
            problems.append(f"{name} imports an app's generated types or bindings")
    return problems


def check_kotlin_lifecycle(files):
    """The Android shell's known fixes, as they read in the code: the core is closed with the
    ViewModel, the screens go edge to edge with insets, sign-out is never disabled while busy,
    and autofill is started in one place, by the policy."""
    code = {name: strip_comments_and_strings(text) for name, text in files.items()}
    problems = []
    bridge_close = re.search(r"override fun close\(\) \{(.*?)^    \}", code.get(KOTLIN_BRIDGE, ""), re.S | re.M)
    if not bridge_close or not re.search(r"\bcore\?\.close\(\)", bridge_close.group(1)):
        problems.append("CoreBridge.close() does not close the CoreFfi")
    if not re.search(r"override fun onCleared\(\) \{[^}]*\bbridge\.close\(\)", code.get(KOTLIN_VIEWMODEL, "")):
        problems.append("CoreViewModel.onCleared() does not close the bridge")
    if "enableEdgeToEdge()" not in code.get("MainActivity.kt", ""):
        problems.append("MainActivity does not call enableEdgeToEdge()")
    screens = code.get("Screens.kt", "")
    if not re.search(r"WindowInsets\.safeDrawing", screens):
        problems.append("Screens.kt does not pad its content by WindowInsets.safeDrawing")
    sign_out = re.search(r"OutlinedButton\(onClick = onSignOut, enabled = ([^)]*\))\)", screens)
    if not sign_out or "canSignOut" not in sign_out.group(1) or "busy" in sign_out.group(1):
        problems.append("the sign-out button is not enabled by ViewRules.canSignOut")
    rule = re.search(r"fun canSignOut\([^)]*\)[^=]*=([^\n]*)", code.get(KOTLIN_RULES, ""))
    if not rule or "busy" in rule.group(1):
        problems.append("ViewRules.canSignOut depends on busy")
    starts = [name for name, text in code.items() for _ in re.finditer(r"send\(\s*AuthEvent\.StartAutofill\b", text)]
    if starts != [KOTLIN_BRIDGE] or not re.search(
            r"if \(autofill\.shouldStart\([^{]*\{\s*[^\n]*send\(AuthEvent\.StartAutofill\)", code.get(KOTLIN_BRIDGE, "")):
        problems.append("StartAutofill must be sent in one place, CoreBridge.kt, when AutofillPolicy.shouldStart says so")
    return problems
