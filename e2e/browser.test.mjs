// The whole product as a person uses it: headless Chromium with a virtual platform
// authenticator (CDP WebAuthn domain), the built web shell, and the real server on SQLite.
//
// Needs: SERVER_BIN (the server binary) and WEB_ROOT (web-leptos/dist). `cargo xtask test`
// builds both and sets them. Screenshots go to ../artifacts/screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const PORT = Number(process.env.E2E_PORT || 18080);
const ORIGIN = `http://localhost:${PORT}`; // WebAuthn needs localhost, not 127.0.0.1
const SHOTS = resolve(import.meta.dirname, "..", "artifacts", "screenshots");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

let server;
let serverLog = "";
let dataDir;
let browser;
let page;
let cdp;
let authenticator;
const pageProblems = [];
// What the virtual authenticators report the Signal API did to their credentials.
const deleted = [];
const updated = [];

/// Waits until `check()` holds (the signal is sent after the page has moved on).
async function eventually(check, what) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

// CDP speaks standard base64; the server's ids are base64url.
const toBase64url = (b64) => b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

async function waitForServer(origin = ORIGIN, process = server, log = () => serverLog) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${origin}/auth/session`);
      if (response.status === 401) return;
    } catch (_) {
      // not listening yet
    }
    if (process.exitCode !== null) throw new Error(`server exited early:\n${log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not start:\n${log()}`);
}

/// The server binary on `port` with its own database and `extra` flags.
function startServer(port, dir, extra = []) {
  const origin = `http://localhost:${port}`;
  const child = spawn(process.env.SERVER_BIN, [
    "--bind", `127.0.0.1:${port}`,
    "--rp-id", "localhost",
    "--origin", origin,
    "--database", `sqlite://${join(dir, `e2e-${port}.db`)}`,
    "--web-root", process.env.WEB_ROOT,
    ...extra,
  ], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  return { child, origin, log: () => log };
}

async function addAuthenticator() {
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return authenticatorId;
}

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const heading = (name) => page.getByRole("heading", { name });
const button = (name) => page.getByRole("button", { name, exact: true });

async function notice() {
  const box = page.locator(".notice");
  await box.waitFor();
  return { code: await box.getAttribute("data-code"), text: await box.innerText() };
}

async function dismissNotice() {
  await page.getByRole("button", { name: "Dismiss message" }).click();
  await page.locator(".notice").waitFor({ state: "detached" });
}

async function signOut() {
  await button("Sign out").click();
  await heading("Welcome back").waitFor();
}

before(async () => {
  const bin = process.env.SERVER_BIN;
  const webRoot = process.env.WEB_ROOT;
  assert.ok(bin && webRoot, "SERVER_BIN and WEB_ROOT must be set (cargo xtask test sets them)");
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), "crux-passkey-e2e-"));
  server = spawn(bin, [
    "--bind", `127.0.0.1:${PORT}`,
    "--rp-id", "localhost",
    "--origin", ORIGIN,
    "--database", `sqlite://${join(dataDir, "e2e.db")}`,
    "--web-root", webRoot,
  ], { stdio: ["ignore", "pipe", "pipe"] });
  server.stdout.on("data", (d) => (serverLog += d));
  server.stderr.on("data", (d) => (serverLog += d));
  await waitForServer();

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  const context = await browser.newContext();
  // Chromium's virtual authenticator answers a conditional (autofill) request by itself, which
  // would sign the person straight back in after every sign-out. The main flow hides autofill;
  // the autofill test opens the page with ?autofill to get it back.
  await context.addInitScript(() => {
    if (!location.search.includes("autofill") && window.PublicKeyCredential) {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    }
  });
  page = await context.newPage();
  page.on("console", (message) => {
    // Chromium logs every 4xx/5xx fetch as "Failed to load resource"; those are the API's
    // answers (401 before sign-in, 409 for a taken username), handled by the app. Anything
    // else logged as an error fails the test.
    const networkLog = /^Failed to load resource: the server responded with a status of 4\d\d/;
    if (message.type() === "error" && !networkLog.test(message.text())) {
      pageProblems.push(`console error: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => pageProblems.push(`uncaught: ${error.message}`));
  cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  cdp.on("WebAuthn.credentialDeleted", (event) => deleted.push(event));
  cdp.on("WebAuthn.credentialUpdated", (event) => updated.push(event));
  authenticator = await addAuthenticator();
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("a person signs up, signs in three ways and manages passkeys in a real browser", async () => {
  // 1. Sign up. The page runs under the server's Content-Security-Policy; a violation would be
  // a console error, which fails the test.
  const response = await page.goto(ORIGIN);
  const csp = response.headers()["content-security-policy"];
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(response.headers()["x-content-type-options"], "nosniff");
  await heading("Welcome back").waitFor();
  await shot("01-sign-in");
  await page.getByRole("tab", { name: "Create account" }).click();
  await page.getByLabel("Username").fill("alice");
  await page.getByLabel("Your name").fill("Alice Liddell");
  await shot("02-sign-up");
  await button("Create account with a passkey").click();

  // 2. The home page.
  await heading("Hello, Alice Liddell").waitFor();
  assert.equal(await page.locator("#passkey-summary").innerText(), "You have 1 passkey.");
  assert.equal(await page.locator(".passkey").count(), 1);
  await shot("03-home");

  // 3. Sign out. 4. Sign in with the username.
  await signOut();
  await page.getByLabel("Username").fill("alice");
  await button("Sign in").click();
  await heading("Hello, Alice Liddell").waitFor();

  // 5. Sign out. 6. Sign in without a username.
  await signOut();
  await button("Sign in with a passkey").click();
  await heading("Hello, Alice Liddell").waitFor();

  // 7. A reload keeps the session (the HttpOnly cookie).
  await page.reload();
  await heading("Hello, Alice Liddell").waitFor();

  // 8. Add a second passkey from "another device", rename it and delete it.
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator });
  assert.equal(credentials.length, 1, "one resident passkey on the first device");
  await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: authenticator });
  const second = await addAuthenticator();
  await page.getByLabel("Add a passkey on another device or browser").fill("Second device");
  await button("Add passkey").click();
  await page.locator('[data-passkey-name="Second device"]').waitFor();
  assert.equal(await page.locator("#passkey-summary").innerText(), "You have 2 passkeys.");
  await shot("04-two-passkeys");

  await page.getByRole("button", { name: "Rename Second device" }).click();
  await page.getByLabel("New name").fill("Backup key");
  await button("Save").click();
  await page.locator('[data-passkey-name="Backup key"]').waitFor();

  const { credentials: onSecond } = await cdp.send("WebAuthn.getCredentials", { authenticatorId: second });
  assert.equal(onSecond.length, 1);
  await page.getByRole("button", { name: "Delete Backup key" }).click();
  await page.locator('[data-passkey-name="Backup key"]').waitFor({ state: "detached" });
  assert.equal(await page.locator(".passkey").count(), 1);
  await dismissNotice();
  // The Signal API (all accepted credentials) took the deleted passkey off the device too.
  await eventually(
    () => deleted.some((e) => e.authenticatorId === second && e.credentialId === onSecond[0].credentialId),
    "the deleted passkey to leave the second device",
  );
  const { credentials: leftOnSecond } = await cdp.send("WebAuthn.getCredentials", { authenticatorId: second });
  assert.equal(leftOnSecond.length, 0);

  // Back to the first device, with its passkey.
  await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: second });
  authenticator = await addAuthenticator();
  await cdp.send("WebAuthn.addCredential", { authenticatorId: authenticator, credential: credentials[0] });

  // 9. The last passkey cannot be deleted.
  const only = await page.locator(".passkey-name").innerText();
  await page.getByRole("button", { name: `Delete ${only}` }).click();
  const refusal = await notice();
  assert.equal(refusal.code, "LAST_PASSKEY");
  assert.match(refusal.text, /only passkey/);
  assert.equal(await page.locator(".passkey").count(), 1);
  await shot("05-last-passkey-refused");
  await dismissNotice();

  // 10. The authenticator refuses user verification: a clear message, and the app still works.
  // Browsers report this exactly like a dismissed sheet (NotAllowedError), by design.
  await signOut();
  await cdp.send("WebAuthn.setUserVerified", { authenticatorId: authenticator, isUserVerified: false });
  await button("Sign in with a passkey").click();
  const uvError = await notice();
  assert.equal(uvError.code, "PASSKEY_CANCELLED");
  assert.match(uvError.text, /cancelled or not allowed/);
  await shot("06-user-verification-refused");
  assert.equal(await button("Sign in with a passkey").isEnabled(), true, "usable after the error");
  await cdp.send("WebAuthn.setUserVerified", { authenticatorId: authenticator, isUserVerified: true });
  await button("Sign in with a passkey").click();
  await heading("Hello, Alice Liddell").waitFor();

  // 11. A taken username.
  await signOut();
  await page.getByRole("tab", { name: "Create account" }).click();
  await page.getByLabel("Username").fill("alice");
  await button("Create account with a passkey").click();
  const taken = await notice();
  assert.equal(taken.code, "USERNAME_TAKEN");
  await shot("07-username-taken");

  assert.deepEqual(pageProblems, [], "no console errors or uncaught exceptions");
});

test("autofill signs in with the passkey the browser offers in the username field", async () => {
  await page.goto(`${ORIGIN}/?autofill`);
  // Nothing is clicked: the conditional request started by the sign-in page is answered.
  await heading("Hello, Alice Liddell").waitFor();
  await shot("08-signed-in-by-autofill");
  assert.deepEqual(pageProblems, [], "no console errors or uncaught exceptions");
});

test("the passkey manager hears what the server knows: names, and passkeys it no longer has", async () => {
  // Signed in by the autofill test. The virtual authenticator's AAGUID names no provider, so
  // the list is given one on its way to the page, as the server gives it for a known AAGUID
  // (server/tests/api/providers.rs): the page shows the provider's name and icon.
  const icon = "data:image/svg+xml;base64," + Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>').toString("base64");
  await page.route("**/auth/passkeys", async (route) => {
    const response = await route.fetch();
    const passkeys = await response.json();
    passkeys[0].provider = { aaguid: "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4", name: "Google Password Manager", iconLight: icon };
    await route.fulfill({ response, json: passkeys });
  });
  await page.goto(ORIGIN);
  await heading("Hello, Alice Liddell").waitFor();
  const provider = page.locator('[data-provider="Google Password Manager"]');
  await provider.waitFor();
  assert.equal(await provider.locator("img.provider-icon").getAttribute("src"), icon);
  await page.unroute("**/auth/passkeys");

  // A new display name reaches the greeting and the device.
  await page.getByLabel("The name we greet you with").fill("Alice Pleasance");
  await button("Save name").click();
  await heading("Hello, Alice Pleasance").waitFor();
  assert.equal((await notice()).code, "DISPLAY_NAME_CHANGED");
  await dismissNotice();
  await eventually(
    () => updated.some((e) => e.authenticatorId === authenticator && e.credential.userDisplayName === "Alice Pleasance"),
    "the device's passkey to take the new display name",
  );
  await shot("09-display-name");

  // A passkey the server never knew: the sign-in is refused and the device forgets it.
  await signOut();
  await cdp.send("WebAuthn.clearCredentials", { authenticatorId: authenticator });
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const stranger = {
    credentialId: randomBytes(16).toString("base64"),
    isResidentCredential: true,
    rpId: "localhost",
    privateKey: privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
    userHandle: randomBytes(16).toString("base64"),
    signCount: 0,
  };
  await cdp.send("WebAuthn.addCredential", { authenticatorId: authenticator, credential: stranger });
  await button("Sign in with a passkey").click();
  assert.equal((await notice()).code, "UNKNOWN_CREDENTIAL");
  await eventually(
    () => deleted.some((e) => toBase64url(e.credentialId) === toBase64url(stranger.credentialId)),
    "the unknown passkey to be deleted from the device",
  );
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator });
  assert.equal(credentials.length, 0);
  await shot("10-unknown-passkey-forgotten");
  assert.deepEqual(pageProblems, [], "no console errors or uncaught exceptions");
});

test("deleting a passkey after the re-authentication window asks for a passkey first", async () => {
  // A server whose window is short enough to pass within the test.
  const WINDOW_MS = 4_000;
  const second = startServer(PORT + 1, dataDir, ["--reauth-window", `${WINDOW_MS / 1000}s`]);
  const context = await browser.newContext();
  await context.addInitScript(() => {
    if (window.PublicKeyCredential) PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });
  const tab = await context.newPage();
  const problems = [];
  tab.on("console", (message) => {
    const networkLog = /^Failed to load resource: the server responded with a status of 4\d\d/;
    if (message.type() === "error" && !networkLog.test(message.text())) problems.push(message.text());
  });
  tab.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  const calls = [];
  tab.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith("/auth/")) calls.push(`${request.method()} ${path}`);
  });
  try {
    await waitForServer(second.origin, second.child, second.log);
    const session = await context.newCDPSession(tab);
    await session.send("WebAuthn.enable", { enableUI: false });
    const virtual = async () => (await session.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true,
        isUserVerified: true, automaticPresenceSimulation: true,
      },
    })).authenticatorId;
    const tabHeading = (name) => tab.getByRole("heading", { name });
    const tabButton = (name) => tab.getByRole("button", { name, exact: true });

    // Sign up on this device, then add a passkey on another one while the session is fresh.
    let device = await virtual();
    await tab.goto(second.origin);
    await tab.getByRole("tab", { name: "Create account" }).click();
    await tab.getByLabel("Username").fill("carol");
    await tabButton("Create account with a passkey").click();
    await tabHeading("Hello, carol").waitFor();
    const signedUpAt = Date.now();
    const { credentials } = await session.send("WebAuthn.getCredentials", { authenticatorId: device });
    await session.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: device });
    const other = await virtual();
    await tab.getByLabel("Add a passkey on another device or browser").fill("Tablet");
    await tabButton("Add passkey").click();
    await tab.locator('[data-passkey-name="Tablet"]').waitFor();
    assert.ok(!calls.includes("POST /auth/reauth/start"), "a fresh session needs no re-authentication");
    await session.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: other });
    device = await virtual();
    await session.send("WebAuthn.addCredential", { authenticatorId: device, credential: credentials[0] });

    // Past the window, the delete is refused until this device's passkey confirms it is carol;
    // the sub-app does that by itself and retries.
    await new Promise((r) => setTimeout(r, Math.max(0, signedUpAt + WINDOW_MS + 1_000 - Date.now())));
    calls.length = 0;
    await tab.getByRole("button", { name: "Delete Tablet" }).click();
    await tab.locator('[data-passkey-name="Tablet"]').waitFor({ state: "detached" });
    const deletes = calls.filter((c) => c.startsWith("DELETE /auth/passkeys/"));
    assert.equal(deletes.length, 2, `refused once, then done: ${calls.join(", ")}`);
    const order = ["POST /auth/reauth/start", "POST /auth/reauth/finish"].map((c) => calls.indexOf(c));
    assert.ok(calls.indexOf(deletes[0]) < order[0] && order[0] < order[1]
      && order[1] < calls.lastIndexOf(deletes[1]), `order: ${calls.join(", ")}`);
    await tab.screenshot({ path: join(SHOTS, "11-reauthenticated-delete.png"), fullPage: true });

    // Past the window again, the person declines the passkey prompt: nothing changes.
    await new Promise((r) => setTimeout(r, WINDOW_MS + 1_000));
    await tab.getByLabel("Add a passkey on another device or browser").fill("Laptop");
    await session.send("WebAuthn.setUserVerified", { authenticatorId: device, isUserVerified: false });
    calls.length = 0;
    await tabButton("Add passkey").click();
    const box = tab.locator(".notice");
    await box.waitFor();
    assert.match(await box.innerText(), /[Nn]othing was changed|confirm/i);
    assert.ok(calls.includes("POST /auth/reauth/start"), calls.join(", "));
    assert.equal(calls.filter((c) => c === "POST /auth/passkeys/start").length, 1, "no retry");
    assert.ok(!calls.includes("POST /auth/passkeys/finish"));
    assert.equal(await tab.locator(".passkey").count(), 1);
    await tab.screenshot({ path: join(SHOTS, "12-reauthentication-declined.png"), fullPage: true });
    assert.deepEqual(problems, [], "no console errors or uncaught exceptions");
  } finally {
    await context.close();
    second.child.kill("SIGTERM");
  }
});
