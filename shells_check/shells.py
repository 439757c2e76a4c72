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
ANDROID = ROOT / "Android" / "app" / "src" / "main" / "java" / "com" / "cruxpasskey" / "android"


def read(path):
    return Path(path).read_text(encoding="utf-8")


def sources(folder, suffix):
    """{file name: text} for every source file under folder."""
    return {p.name: read(p) for p in sorted(Path(folder).rglob(f"*{suffix}"))}


# --- The generated types ----------------------------------------------------------------------

def _block(source, header, end):
    match = re.search(header + r"(.*?)" + end, source, re.S | re.M)
    if not match:
        raise ValueError(f"no block matching {header!r} in the generated source")
    return match.group(1)


def swift_cases(source, enum):
    body = _block(source, rf"^(?:indirect )?public enum {enum}\b[^{{]*\{{", r"^    public func serialize")
    return re.findall(r"^    case (\w+)", body, re.M)


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
        }

    @classmethod
    def load(cls):
        return cls(read(GEN_SWIFT), read(GEN_KOTLIN))


def _missing(names, text, pattern, what):
    """Problems for each name whose `pattern.format(name=…)` does not occur in text."""
    return [f"{what}: {name}" for name in names if not re.search(pattern.format(name=re.escape(name)), text)]


# --- 1. Every variant handled, every intent sent ----------------------------------------------

def check_swift_shell(contract, files):
    c, core, passkey, http = contract.swift, files["Core.swift"], files["PasskeyEffect.swift"], files["HttpEffect.swift"]
    ui = "\n".join(text for name, text in files.items() if name != "PasskeyMapping.swift")
    mapping = files["PasskeyMapping.swift"]
    return (
        _missing(c["Effect"], core, r"case \.{name}\b", "Core.swift does not dispatch Effect")
        + _missing(c["PasskeyOperation"], passkey, r"case \.{name}\b", "PasskeyEffect.swift does not handle PasskeyOperation")
        + _missing(c["Mediation"], passkey, r"case \.{name}\b", "PasskeyEffect.swift does not handle Mediation")
        + _missing(c["AuthEvent"], ui, r"send\(\s*\.{name}\b", "the iOS shell never sends AuthEvent")
        + _missing(c["AuthViewModel"], ui, r"\.{name}\b", "the iOS shell never reads AuthViewModel")
        + _missing(c["Passkey"], ui, r"\.{name}\b", "the iOS shell never reads Passkey")
        + _missing(c["Screen"], ui, r"case \.{name}\b", "the iOS shell does not draw Screen")
        + _missing(c["HttpError"], http, r"\.{name}\b", "HttpEffect.swift never produces HttpError")
        + _missing(c["HttpResult"], http, r"\.{name}\(", "HttpEffect.swift never produces HttpResult")
        + _missing(c["PasskeyResult"], passkey, r"\.{name}\(", "PasskeyEffect.swift never produces PasskeyResult")
        + _missing(c["PasskeyErrorKind"], mapping, r"return \.{name}\b", "PasskeyMapping.swift never produces PasskeyErrorKind")
    )


def check_kotlin_shell(contract, files):
    c, core, passkey, http = contract.kotlin, files["Core.kt"], files["PasskeyEffect.kt"], files["HttpEffect.kt"]
    ui = "\n".join(text for name, text in files.items() if name != "PasskeyMapping.kt")
    mapping = files["PasskeyMapping.kt"]
    return (
        _missing(c["Effect"], core, r"is Effect\.{name}\b", "Core.kt does not dispatch Effect")
        + _missing(c["PasskeyOperation"], passkey, r"is PasskeyOperation\.{name}\b", "PasskeyEffect.kt does not handle PasskeyOperation")
        + _missing(c["Mediation"], passkey, r"Mediation\.{name}\s*->", "PasskeyEffect.kt does not handle Mediation")
        + _missing(c["AuthEvent"], ui, r"send\(\s*AuthEvent\.{name}\b", "the Android shell never sends AuthEvent")
        + _missing(c["AuthViewModel"], ui, r"\.{name}\b", "the Android shell never reads AuthViewModel")
        + _missing(c["Passkey"], ui, r"\.{name}\b", "the Android shell never reads Passkey")
        + _missing(c["Screen"], ui, r"Screen\.{name}\s*->", "the Android shell does not draw Screen")
        + _missing(c["HttpError"], http, r"HttpError\.{name}\b", "HttpEffect.kt never produces HttpError")
        + _missing(c["HttpResult"], http, r"HttpResult\.{name}\(", "HttpEffect.kt never produces HttpResult")
        + _missing(c["PasskeyResult"], mapping + core, r"PasskeyResult\.{name}\(", "the Android shell never produces PasskeyResult")
        + _missing(c["PasskeyErrorKind"], mapping, r"PasskeyErrorKind\.{name}\b", "PasskeyMapping.kt never produces PasskeyErrorKind")
    )


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


def check_kotlin_uniffi(uniffi_source, core_source):
    cls, methods, error = uniffi_kotlin_api(uniffi_source)
    problems = [] if re.search(rf"\b{cls}\(\)", core_source) else [f"Core.kt does not create {cls}()"]
    problems += [f"Core.kt does not import uniffi.shared.{name}" for name in (cls, error)
                 if f"import uniffi.shared.{name}" not in core_source]
    problems += [f"Core.kt does not call {cls}.{name}" for name in methods
                 if not re.search(rf"ffi\.{name}\(", core_source)]
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
                                ("Requests.bincodeDeserialize(", kotlin_core, "Core.kt"),
                                ("ViewModel.bincodeDeserialize(", kotlin_core, "Core.kt"),
                                ("bincodeSerialize()", kotlin_core, "Core.kt")]:
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


def check_swift_continuation(passkey_source):
    """The delegate resumes its continuation in one place, guarded by a `resumed` flag."""
    code = strip_comments_and_strings(passkey_source)
    problems = []
    if len(re.findall(r"\.resume\(", code)) != 1:
        problems.append("PasskeyEffect.swift must resume its continuation in exactly one place")
    for needle, why in [(r"var resumed = false", "no `resumed` flag"),
                        (r"guard !resumed\b", "the resume is not guarded by `guard !resumed`"),
                        (r"resumed = true", "the `resumed` flag is never set"),
                        (r"didCompleteWithError", "no delegate error callback"),
                        (r"didCompleteWithAuthorization", "no delegate success callback"),
                        (r"\.cancel\(\)", "a conditional request is never cancelled"),
                        (r"performAutoFillAssistedRequests\(\)", "no AutoFill-assisted (conditional) request"),
                        (r"ASAuthorizationSecurityKeyPublicKeyCredentialProvider", "no security-key provider")]:
        if not re.search(needle, code):
            problems.append(f"PasskeyEffect.swift: {why}")
    return problems


def check_autofill_cancel(swift_core, kotlin_core):
    """Both shells abort the conditional request when autofill_active turns false."""
    problems = []
    if not re.search(r"if !auth\.autofillActive \{\s*passkeys\.cancelConditional\(\)", swift_core):
        problems.append("Core.swift does not cancel the conditional request when autofillActive turns false")
    if not re.search(r"if \(!auth\.autofillActive\) \{\s*conditionalJob\?\.cancel\(\)", kotlin_core):
        problems.append("Core.kt does not cancel the conditional job when autofillActive turns false")
    if "CoroutineStart.UNDISPATCHED" not in kotlin_core or "catch (e: CancellationException)" not in kotlin_core:
        problems.append("Core.kt must answer a cancelled passkey job (UNDISPATCHED start, CancellationException -> Aborted)")
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
    """[(group, platform error, kind)] from PasskeyMapping.kt's `when` tables."""
    table = []
    for group, signature in [("CreateCredentialException", "fun createError("),
                             ("GetCredentialException", "fun getError("),
                             ("DomError (in either DomException)", "fun domErrorKind("),
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
                kinds = re.findall(r"PasskeyErrorKind\.(\w+)", rhs)
                if not kinds:
                    continue
                if "if (creating)" in rhs:
                    kind = f"{kinds[0]} on create, {kinds[1]} on get"
                else:
                    kind = kinds[-1] + (" (RPMISCONFIGURED when its message names asset links)" if "signalKind(" in rhs else "")
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
