// androidx.credentials.exceptions.domerrors, androidx.credentials 1.5.0: DomError(type) and
// its 29 subclasses, each with the library's type constant "androidx.credentials.TYPE_<NAME>".
// Source: https://developer.android.com/reference/kotlin/androidx/credentials/exceptions/domerrors/DomError
// and the subclasses listed there; the constants as DomExceptionUtils matches them (androidx source).
package androidx.credentials.exceptions.domerrors

abstract class DomError(open val type: String)

class AbortError : DomError("androidx.credentials.TYPE_ABORT_ERROR")
class ConstraintError : DomError("androidx.credentials.TYPE_CONSTRAINT_ERROR")
class DataCloneError : DomError("androidx.credentials.TYPE_DATA_CLONE_ERROR")
class DataError : DomError("androidx.credentials.TYPE_DATA_ERROR")
class EncodingError : DomError("androidx.credentials.TYPE_ENCODING_ERROR")
class HierarchyRequestError : DomError("androidx.credentials.TYPE_HIERARCHY_REQUEST_ERROR")
class InUseAttributeError : DomError("androidx.credentials.TYPE_IN_USE_ATTRIBUTE_ERROR")
class InvalidCharacterError : DomError("androidx.credentials.TYPE_INVALID_CHARACTER_ERROR")
class InvalidModificationError : DomError("androidx.credentials.TYPE_INVALID_MODIFICATION_ERROR")
class InvalidNodeTypeError : DomError("androidx.credentials.TYPE_INVALID_NODE_TYPE_ERROR")
class InvalidStateError : DomError("androidx.credentials.TYPE_INVALID_STATE_ERROR")
class NamespaceError : DomError("androidx.credentials.TYPE_NAMESPACE_ERROR")
class NetworkError : DomError("androidx.credentials.TYPE_NETWORK_ERROR")
class NoModificationAllowedError : DomError("androidx.credentials.TYPE_NO_MODIFICATION_ALLOWED_ERROR")
class NotAllowedError : DomError("androidx.credentials.TYPE_NOT_ALLOWED_ERROR")
class NotFoundError : DomError("androidx.credentials.TYPE_NOT_FOUND_ERROR")
class NotReadableError : DomError("androidx.credentials.TYPE_NOT_READABLE_ERROR")
class NotSupportedError : DomError("androidx.credentials.TYPE_NOT_SUPPORTED_ERROR")
class OperationError : DomError("androidx.credentials.TYPE_OPERATION_ERROR")
class OptOutError : DomError("androidx.credentials.TYPE_OPT_OUT_ERROR")
class QuotaExceededError : DomError("androidx.credentials.TYPE_QUOTA_EXCEEDED_ERROR")
class ReadOnlyError : DomError("androidx.credentials.TYPE_READ_ONLY_ERROR")
class SecurityError : DomError("androidx.credentials.TYPE_SECURITY_ERROR")
class SyntaxError : DomError("androidx.credentials.TYPE_SYNTAX_ERROR")
class TimeoutError : DomError("androidx.credentials.TYPE_TIMEOUT_ERROR")
class TransactionInactiveError : DomError("androidx.credentials.TYPE_TRANSACTION_INACTIVE_ERROR")
class UnknownError : DomError("androidx.credentials.TYPE_UNKNOWN_ERROR")
class VersionError : DomError("androidx.credentials.TYPE_VERSION_ERROR")
class WrongDocumentError : DomError("androidx.credentials.TYPE_WRONG_DOCUMENT_ERROR")
