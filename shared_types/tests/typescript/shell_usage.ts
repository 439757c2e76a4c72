// Compiled by the test command against the freshly generated TypeScript types. It is written the
// way a JS shell uses them, so a renamed type or field, or a new effect or passkey operation that
// a shell would not handle, or a new activity it would not label, fails the compile (the `never`
// checks below).
import {
  Activity,
  AuthViewModel,
  Effect,
  Event,
  HttpResponse,
  HttpResult,
  PasskeyOperation,
  PasskeyResult,
  Request,
  Requests,
  SessionStoreOperation,
  SessionStoreResult,
  TimeRequest,
  TimeResponse,
  ViewModel,
  authEventSignOutEverywhere,
  authEventSignUp,
  eventAuth,
  httpResultOk,
  passkeyErrorKindCancelled,
  passkeyResultErr,
  passkeyResultOk,
  passkeyResultSignalled,
  serializeEvent,
  serializeHttpResult,
  serializePasskeyResult,
  serializeSessionStoreResult,
  serializeTimeResponse,
  sessionStoreResultDone,
  sessionStoreResultLoaded,
  timeResponseCleared,
  timeResponseDurationElapsed,
  timeResponseInstantArrived,
  PasskeyError,
} from "../../generated/typescript/shared_types";
import { BincodeDeserializer, BincodeSerializer } from "../../generated/typescript/bincode";

export function encodeEvent(event: Event): Uint8Array {
  const serializer = new BincodeSerializer();
  serializeEvent(event, serializer);
  return serializer.getBytes();
}

export function signUp(username: string, displayName: string): Uint8Array {
  return encodeEvent(eventAuth(authEventSignUp(username, displayName)));
}

/// Ends every session of the account (the signed-in view's "Sign out everywhere").
export function signOutEverywhere(): Uint8Array {
  return encodeEvent(eventAuth(authEventSignOutEverywhere()));
}

export function decodeRequests(bytes: Uint8Array): Request[] {
  return Requests.deserialize(new BincodeDeserializer(bytes)).value;
}

export function decodeView(bytes: Uint8Array): AuthViewModel {
  const view: ViewModel = ViewModel.deserialize(new BincodeDeserializer(bytes));
  return view.auth;
}

function unreachable(value: never): never {
  throw new Error(`unhandled: ${JSON.stringify(value)}`);
}

export function describe(effect: Effect): string {
  switch (effect.kind) {
    case "Render":
      return "render";
    case "Http":
      return `${effect.value.method} ${effect.value.url}`;
    case "Passkey":
      return describePasskey(effect.value);
    case "SessionStore":
      return `session store ${effect.value.kind}`;
    case "Time":
      return describeTime(effect.value);
    default:
      return unreachable(effect);
  }
}

/// What is under way, in words; null when nothing is.
export function activityLabel(activity: Activity): string | null {
  switch (activity.kind) {
    case "Idle":
      return null;
    case "RestoringSession":
      return "Checking your session…";
    case "SigningUp":
      return "Creating your account…";
    case "SigningIn":
      return "Signing in…";
    case "SigningOut":
      return "Signing out…";
    case "SigningOutEverywhere":
      return "Signing out everywhere…";
    case "LoadingPasskeys":
      return "Loading passkeys…";
    case "AddingPasskey":
      return "Adding a passkey…";
    case "ChangingDisplayName":
      return "Saving your name…";
    case "RenamingPasskey":
      return "Renaming…";
    case "DeletingPasskey":
      return "Deleting…";
    case "Reauthenticating":
      return "Confirming it's you…";
    default:
      return unreachable(activity);
  }
}

/// The web keeps nothing: the HttpOnly cookie is its session.
export function sessionStoreAnswer(operation: SessionStoreOperation): Uint8Array {
  let result: SessionStoreResult;
  switch (operation.kind) {
    case "Load":
      result = sessionStoreResultLoaded(null);
      break;
    case "Save":
    case "Delete":
      result = sessionStoreResultDone();
      break;
    default:
      return unreachable(operation);
  }
  const serializer = new BincodeSerializer();
  serializeSessionStoreResult(result, serializer);
  return serializer.getBytes();
}

function describeTime(request: TimeRequest): string {
  switch (request.kind) {
    case "Now":
      return "now";
    case "NotifyAt":
      return `timer ${request.id.value} at ${request.instant.seconds}s`;
    case "NotifyAfter":
      return `timer ${request.id.value} after ${request.duration.nanos}ns`;
    case "Clear":
      return `clear timer ${request.id.value}`;
    default:
      return unreachable(request);
  }
}

/// The answer a fired (or cleared) timer gets.
export function timeAnswer(request: TimeRequest): Uint8Array | null {
  let response: TimeResponse;
  switch (request.kind) {
    case "NotifyAfter":
      response = timeResponseDurationElapsed(request.id);
      break;
    case "NotifyAt":
      response = timeResponseInstantArrived(request.id);
      break;
    case "Clear":
      response = timeResponseCleared(request.id);
      break;
    case "Now":
      return null;
    default:
      return unreachable(request);
  }
  const serializer = new BincodeSerializer();
  serializeTimeResponse(response, serializer);
  return serializer.getBytes();
}

function describePasskey(operation: PasskeyOperation): string {
  switch (operation.kind) {
    case "Create":
      return `create ${operation.options_json.length} bytes of options`;
    case "Get":
      return `get (${operation.mediation.kind})`;
    case "Signal":
      return `signal ${operation.signal.kind}: ${operation.json}`;
    default:
      return unreachable(operation);
  }
}

export function httpAnswer(status: number, body: Uint8Array): Uint8Array {
  const result: HttpResult = httpResultOk(new HttpResponse(status, [], body));
  const serializer = new BincodeSerializer();
  serializeHttpResult(result, serializer);
  return serializer.getBytes();
}

export function passkeyAnswer(responseJson: string | null): Uint8Array {
  const result: PasskeyResult =
    responseJson === null
      ? passkeyResultErr(new PasskeyError(passkeyErrorKindCancelled(), "NotAllowedError"))
      : passkeyResultOk(responseJson);
  return encodePasskeyResult(result);
}

/// The answer to a signal the platform took.
export function signalAnswer(): Uint8Array {
  return encodePasskeyResult(passkeyResultSignalled());
}

function encodePasskeyResult(result: PasskeyResult): Uint8Array {
  const serializer = new BincodeSerializer();
  serializePasskeyResult(result, serializer);
  return serializer.getBytes();
}
