// Converts between this app's generated types (module SharedTypes) and CruxPasskeyKit's own:
// one initializer per direction per effect, nothing else (and `PasskeyWork`, which says whether
// a passkey operation is a ceremony or a signal: the package runs them apart). Every switch is
// exhaustive, so a new case on either side is a compile error here (and a failure of
// shells_check/test_shells.py).

import CruxPasskeyKit
import Foundation
import SharedTypes

// MARK: Http

extension HttpCall {
    init(_ request: HttpRequest) {
        self.init(
            method: request.method,
            url: request.url,
            headers: request.headers.map { HttpField(name: $0.name, value: $0.value) },
            body: Data(request.body)
        )
    }
}

extension HttpResult {
    init(_ outcome: HttpOutcome) {
        switch outcome {
        case .success(let reply):
            self = .ok(HttpResponse(
                status: reply.status,
                headers: reply.headers.map { HttpHeader(name: $0.name, value: $0.value) },
                body: [UInt8](reply.body)
            ))
        case .failure(let failure):
            self = .err(HttpError(failure))
        }
    }
}

extension HttpError {
    init(_ failure: HttpFailure) {
        switch failure {
        case .url(let detail): self = .url(detail)
        case .io(let detail): self = .io(detail)
        case .timeout: self = .timeout
        }
    }
}

// MARK: Passkey

/// What a `PasskeyOperation` asks of the package: a ceremony (`PasskeyHandler.perform`) or a
/// signal (`PasskeyHandler.signal`), which runs beside any open ceremony and never touches it.
enum PasskeyWork {
    case ceremony(PasskeyRequest)
    case signal(PasskeySignalRequest)
}

extension PasskeyWork {
    init(_ operation: PasskeyOperation) {
        switch operation {
        case .create(let optionsJson):
            self = .ceremony(.create(optionsJSON: optionsJson))
        case .get(let optionsJson, let mediation):
            self = .ceremony(.get(optionsJSON: optionsJson, mediation: PasskeyMediation(mediation)))
        case .signal(let signal, let json):
            self = .signal(PasskeySignalRequest(signal: PasskeySignal(signal), json: json))
        }
    }
}

extension PasskeySignal {
    init(_ signal: Signal) {
        switch signal {
        case .unknownCredential: self = .unknownCredential
        case .allAcceptedCredentials: self = .allAcceptedCredentials
        case .currentUserDetails: self = .currentUserDetails
        }
    }
}

extension PasskeyMediation {
    init(_ mediation: Mediation) {
        switch mediation {
        case .modal: self = .modal
        case .conditional: self = .conditional
        }
    }
}

extension PasskeyResult {
    init(_ outcome: PasskeyOutcome) {
        switch outcome {
        case .success(let json):
            self = .ok(json)
        case .failure(let failure):
            self = .err(PasskeyError(failure))
        }
    }

    init(_ outcome: PasskeySignalOutcome) {
        switch outcome {
        case .success:
            self = .signalled
        case .failure(let failure):
            self = .err(PasskeyError(failure))
        }
    }
}

extension PasskeyError {
    init(_ failure: PasskeyFailure) {
        self.init(kind: PasskeyErrorKind(failure.kind), message: failure.message)
    }
}

extension PasskeyErrorKind {
    init(_ kind: PasskeyFailureKind) {
        switch kind {
        case .cancelled: self = .cancelled
        case .noCredentials: self = .noCredentials
        case .excludedCredentialExists: self = .excludedCredentialExists
        case .rpMisconfigured: self = .rpMisconfigured
        case .unsupported: self = .unsupported
        case .interrupted: self = .interrupted
        case .aborted: self = .aborted
        case .invalidRequest: self = .invalidRequest
        case .unknown: self = .unknown
        }
    }
}

// MARK: SessionStore

extension SecretStoreRequest {
    init(_ operation: SessionStoreOperation) {
        switch operation {
        case .load: self = .load
        case .save(let value): self = .save(value: value)
        case .delete: self = .delete
        }
    }
}

extension SessionStoreResult {
    init(_ outcome: SecretStoreOutcome) {
        switch outcome {
        case .loaded(let value): self = .loaded(value: value)
        case .done: self = .done
        case .failed(let detail): self = .failed(detail: detail)
        }
    }
}

// MARK: Time

extension TimerCommand {
    init(_ request: TimeRequest) {
        switch request {
        case .now:
            self = .now
        case .notifyAt(let id, let instant):
            self = .notifyAt(id: id.value, seconds: instant.seconds, nanos: instant.nanos)
        case .notifyAfter(let id, let duration):
            self = .notifyAfter(id: id.value, nanoseconds: duration.nanos)
        case .clear(let id):
            self = .clear(id: id.value)
        }
    }
}

extension TimeResponse {
    init(_ answer: TimerAnswer) {
        switch answer {
        case .now(let seconds, let nanos): self = .now(instant: Instant(seconds: seconds, nanos: nanos))
        case .instantArrived(let id): self = .instantArrived(id: TimerId(value: id))
        case .durationElapsed(let id): self = .durationElapsed(id: TimerId(value: id))
        case .cleared(let id): self = .cleared(id: TimerId(value: id))
        }
    }
}
