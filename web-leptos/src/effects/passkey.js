// WebAuthn for the web shell: L3 JSON in, L3 JSON out, through navigator.credentials.
// Failures are thrown as they come (DOMException and friends); the Rust side maps their names.

// The AbortController of the conditional (autofill) request still open, if any.
let conditional = null;

function notSupported(message) {
  return new DOMException(message, "NotSupportedError");
}

function ensureWebAuthn() {
  if (typeof window.PublicKeyCredential === "undefined" || !navigator.credentials) {
    throw notSupported("This browser has no WebAuthn (PublicKeyCredential is missing)");
  }
}

// Base64url without padding out; padded and standard base64 accepted in.
function toBase64url(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text) {
  if (typeof text !== "string") throw new TypeError("expected a base64url string");
  const standard = text.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  const padded = standard + "===".slice((standard.length + 3) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

function withIds(list) {
  return (list || []).map((descriptor) => ({ ...descriptor, id: fromBase64url(descriptor.id) }));
}

function parseCreation(json) {
  if (typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function") {
    return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: fromBase64url(json.challenge),
    user: { ...json.user, id: fromBase64url(json.user && json.user.id) },
    excludeCredentials: withIds(json.excludeCredentials),
  };
}

function parseRequest(json) {
  if (typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function") {
    return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  }
  return { ...json, challenge: fromBase64url(json.challenge), allowCredentials: withIds(json.allowCredentials) };
}

function credentialToJSON(credential) {
  if (typeof credential.toJSON === "function") return credential.toJSON();
  const response = credential.response;
  const json = {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
    clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
    response: { clientDataJSON: toBase64url(response.clientDataJSON) },
  };
  if (response.attestationObject) {
    json.response.attestationObject = toBase64url(response.attestationObject);
    if (response.getTransports) json.response.transports = response.getTransports();
    if (response.getAuthenticatorData) json.response.authenticatorData = toBase64url(response.getAuthenticatorData());
    if (response.getPublicKeyAlgorithm) json.response.publicKeyAlgorithm = response.getPublicKeyAlgorithm();
    const publicKey = response.getPublicKey ? response.getPublicKey() : null;
    if (publicKey) json.response.publicKey = toBase64url(publicKey);
  } else {
    json.response.authenticatorData = toBase64url(response.authenticatorData);
    json.response.signature = toBase64url(response.signature);
    if (response.userHandle) json.response.userHandle = toBase64url(response.userHandle);
  }
  return json;
}

function answered(credential) {
  if (!credential) throw new DOMException("The platform returned no credential", "NotAllowedError");
  return JSON.stringify(credentialToJSON(credential));
}

// Ends the autofill request, if one is open. A modal request always replaces it.
export function abortConditional() {
  if (conditional) {
    const controller = conditional;
    conditional = null;
    controller.abort(new DOMException("Autofill was replaced or cancelled", "AbortError"));
  }
}

export async function conditionalMediationAvailable() {
  try {
    return typeof window.PublicKeyCredential !== "undefined" &&
      typeof PublicKeyCredential.isConditionalMediationAvailable === "function" &&
      (await PublicKeyCredential.isConditionalMediationAvailable());
  } catch (_) {
    return false;
  }
}

export async function passkeyCreate(optionsJson) {
  ensureWebAuthn();
  abortConditional();
  const publicKey = parseCreation(JSON.parse(optionsJson));
  return answered(await navigator.credentials.create({ publicKey }));
}

export async function passkeyGet(optionsJson, isConditional) {
  ensureWebAuthn();
  abortConditional();
  const publicKey = parseRequest(JSON.parse(optionsJson));
  const controller = new AbortController();
  const request = { publicKey, signal: controller.signal };
  if (isConditional) {
    request.mediation = "conditional";
    conditional = controller;
  }
  try {
    return answered(await navigator.credentials.get(request));
  } finally {
    if (conditional === controller) conditional = null;
  }
}

// The Signal API's three calls, by the core's signal names. Where the browser lacks one, the
// promise rejects with NotSupportedError, which the core reads as Unsupported and ignores.
const SIGNALS = {
  UnknownCredential: "signalUnknownCredential",
  AllAcceptedCredentials: "signalAllAcceptedCredentials",
  CurrentUserDetails: "signalCurrentUserDetails",
};

// A signal never touches the open autofill request.
export async function passkeySignal(signal, json) {
  ensureWebAuthn();
  const method = SIGNALS[signal];
  if (!method) throw new TypeError(`unknown signal ${signal}`);
  if (typeof PublicKeyCredential[method] !== "function") {
    throw notSupported(`This browser has no PublicKeyCredential.${method}`);
  }
  await PublicKeyCredential[method](JSON.parse(json));
}
