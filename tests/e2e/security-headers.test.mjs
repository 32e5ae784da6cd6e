// The hub's Content-Security-Policy lets the built app run and nothing else: the page loads,
// logs in and syncs with no CSP violation in the console, and every answer carries the
// security headers (the page and the service worker are never cached without asking).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startEndpoint, launchBrowser, scratch, cleanup, logIn, waitSynced } from "./harness.mjs";

test("the app runs under the hub's CSP with no violation", async () => {
  const dir = scratch("procura-e2e-csp-");
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    extraArgs: ["--suppliers", "1", "--items-per-supplier", "30", "--marketplace-sellers", "0"],
  });
  const browser = await launchBrowser(path.join(dir, "profile"));
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    const console_ = [];
    page.on("console", (m) => console_.push(`${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => console_.push(`pageerror: ${e.message}`));
    const response = await page.goto(endpoint.url);
    const csp = response.headers()["content-security-policy"];
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(response.headers()["cache-control"], "no-cache");
    assert.equal(response.headers()["x-content-type-options"], "nosniff");
    await logIn(page, "buyer");
    await waitSynced(page);
    const deep = await page.goto(`${endpoint.url}/orders`);
    assert.equal(deep.headers()["cache-control"], "no-cache");
    await page.getByRole("button", { name: /Log out|退出登录/ }).waitFor();
    const worker = await fetch(`${endpoint.url}/sw.js`);
    assert.equal(worker.headers.get("cache-control"), "no-cache");
    const violations = console_.filter((m) => /Content Security Policy|Refused to/i.test(m));
    assert.deepEqual(violations, []);
    assert.deepEqual(console_.filter((m) => m.startsWith("pageerror")), []);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
