// Shared by the end-to-end tests: starts the real endpoint (serving the built app) on a free
// loopback port, and Debian's Chromium through playwright-core with a fresh on-disk profile.
import zlib from "node:zlib";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const DIST_DIR = process.env.PROCURA_DIST ?? path.join(ROOT, "dist");
const ENDPOINT_BIN = process.env.PROCURA_ENDPOINT_BIN ?? path.join(ROOT, "target/debug/procura-endpoint");
const DIST = DIST_DIR;
const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";

/** A scratch folder removed by `cleanup()`. */
export function scratch(prefix) {
  return mkdtempSync(path.join(process.env.PROCURA_TMP ?? tmpdir(), prefix));
}

/**
 * Starts the endpoint as the demo (`--demo`) on `addr` (a free port when omitted) with its database at `db`.
 * Resolves once it prints its URL.
 */
export function startEndpoint({ db, addr = "127.0.0.1:0", extraArgs = [], staticDir = DIST }) {
  const child = spawn(ENDPOINT_BIN, ["--demo", "--db", db, "--addr", addr, "--static-dir", staticDir, ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, RUST_LOG: "warn" },
  });
  let log = "";
  child.stderr.on("data", (d) => (log += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`endpoint did not start:\n${log}`)), 60_000);
    child.on("exit", (code) => reject(new Error(`endpoint exited with ${code}:\n${log}`)));
    child.stdout.on("data", (d) => {
      log += d;
      const match = /running at (http:\/\/[\d.:]+)\//.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            const exited = new Promise((r) => child.once("exit", r));
            child.kill("SIGTERM");
            await exited;
          },
          /** Kills the process outright, as a crash or a pulled plug would. */
          async kill() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            const exited = new Promise((r) => child.once("exit", r));
            child.kill("SIGKILL");
            await exited;
          },
        });
      }
    });
  });
}

/**
 * Chromium with an on-disk profile (IndexedDB and the service worker persist as on a tablet).
 * `extraArgs` go to Chromium (the benchmark adds `--enable-precise-memory-info`).
 */
export async function launchBrowser(profileDir, viewport = { width: 768, height: 1024 }, extraArgs = []) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Nothing leaves the machine: every host name but the loopback address fails to resolve
      // (product pictures name suppliers' servers; tests play them with routes).
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
      ...extraArgs,
    ],
  });
}

export function cleanup(...dirs) {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/** Logs in through the login form. */
export async function logIn(page, username, password = "procura") {
  await page.getByLabel(/Username|用户名/).fill(username);
  await page.getByLabel(/Password|密码/).fill(password);
  await page.getByRole("button", { name: /Log in|登录/ }).click();
}

/**
 * The first page of `browser`, collecting uncaught page errors into `errors`, logged in as
 * `username` with the catalog synced: where most tests start.
 */
export async function openLoggedIn(browser, url, username = "buyer") {
  const page = browser.pages()[0] ?? (await browser.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  await logIn(page, username);
  // Approvers start on their inbox: the catalog's pull is watched from the catalog page.
  await page.waitForURL(/\/(catalog|approvals)$/);
  if (!page.url().endsWith("/catalog")) {
    await page.evaluate(() => {
      history.pushState(null, "", "/catalog");
      dispatchEvent(new PopStateEvent("popstate", { state: null }));
    });
  }
  await page.getByTestId("sync-status").filter({ hasText: "Catalog up to date" }).waitFor({ timeout: 60_000 });
  return { page, errors };
}

/** Goes to `route` inside the app (the router's own navigation, no reload). */
export async function goTo(page, route) {
  await page.evaluate((r) => {
    history.pushState(null, "", r);
    dispatchEvent(new PopStateEvent("popstate", { state: null }));
  }, route);
}

/** Types `text` into the catalog's search box and returns the number of items found. */
export async function searchCatalog(page, text) {
  await page.getByTestId("catalog-search").fill(text);
  await page.waitForTimeout(50);
  return catalogTotal(page);
}

/** The total of "Showing 1–50 of 2,400 items" (its `data-total`). */
export async function catalogTotal(page) {
  const total = await page.getByTestId("result-count").getAttribute("data-total");
  return total === null ? NaN : Number(total);
}

/** Unfolds the catalog's facet panel (folded on a portrait tablet), as a buyer taps "Refine". */
export async function openFacets(page) {
  const details = page.getByTestId("facets").locator("details");
  if (!(await details.evaluate((d) => d.open))) await details.locator("summary").click();
}

/**
 * A call to the endpoint's API as a device would make it; asserts a 2xx unless `ok` is false.
 * Returns the parsed body (or null when empty).
 */
export async function api(base, method, route, { token, body, ok = true } = {}) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${base}/api/v1${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (ok) assert.ok(response.ok, `${method} ${route}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A bearer token for demo user `username`. */
export async function token(base, username) {
  return (await api(base, "POST", "/login", { body: { username, password: "procura" } })).token;
}

/** Waits until the page's top bar says nothing waits and the last sync went well. */
export async function waitSynced(page, timeout = 30_000) {
  await page.waitForFunction(
    () => {
      const status = document.querySelector('[data-testid="record-sync"]');
      return status && status.dataset.pending === "0" && status.dataset.state === "ok";
    },
    null,
    { timeout },
  );
}

/** A `width`×`height` PNG of one colour (RGB), made here so the test needs no image files. */
export function png(width, height, [r, g, b]) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * Plays suppliers' picture servers for `context`: every https address under `hosts` (globs such
 * as `*.fixings.example`) answers with one PNG, shared (CORS) so the app may keep thumbnails.
 */
export async function servePictures(context, hosts) {
  const body = png(120, 90, [15, 92, 77]);
  for (const host of hosts) {
    await context.route(`https://${host}/**`, (route) =>
      route.fulfill({ status: 200, headers: { "content-type": "image/png", "access-control-allow-origin": "*" }, body }));
  }
}
