// Offline-first record sync through the served app and the real endpoint (started with
// --fault-injection): work created offline survives a reload and is sent exactly once when the
// network returns; a push whose answer is lost, and a push cut off by killing the endpoint, end
// with one copy at the hub; two tabs share one outbox and one leader; a browser closed in the
// middle of a large write reopens with nothing half-written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { startEndpoint, launchBrowser, scratch, cleanup, logIn, openLoggedIn, ROOT, api, token, waitSynced } from "./harness.mjs";

const ARGS = [
  "--suppliers", "2", "--items-per-supplier", "60",
  "--marketplace-sellers", "0", "--demo-evaluations", "0", "--fault-injection",
];

/** A free loopback port, so an endpoint can be restarted at the same address. */
function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Every evaluation the hub holds, as a colleague's device would pull it. */
async function hubEvaluations(base) {
  const auth = await token(base, "approver1");
  const page = await api(base, "GET", "/sync/pull?cursor=&limit=5000", { token: auth });
  return page.changes.filter((c) => c.op === "upsert" && c.record.kind === "evaluation").map((c) => c.record);
}

/** Waits until the hub holds `n` evaluations (a sync started elsewhere has landed). */
async function waitForHub(base, n, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while ((await hubEvaluations(base)).length < n) {
    assert.ok(Date.now() < until, `the hub never reached ${n} evaluations`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function fault(base, rule) {
  await api(base, "POST", "/test/faults", { body: rule });
}

/** Opens the Suppliers page and writes an evaluation of the first supplier. */
async function evaluate(page, comment, quality = "4") {
  await page.getByRole("link", { name: "Suppliers", exact: true }).click();
  await page.getByTestId("evaluate").first().click();
  await page.getByTestId("score-quality").selectOption(quality);
  await page.getByTestId("evaluation-comment").fill(comment);
  await page.getByTestId("save-evaluation").click();
  await page.getByTestId("evaluation-row").filter({ hasText: comment }).waitFor();
}

const pending = (page) => page.getByTestId("record-sync").first().getAttribute("data-pending");

async function setUp(dir, extra = {}) {
  const endpoint = await startEndpoint({ db: path.join(dir, "endpoint.sqlite3"), extraArgs: ARGS, ...extra });
  const browser = await launchBrowser(path.join(dir, "profile"));
  const { page, errors } = await openLoggedIn(browser, endpoint.url);
  return { endpoint, browser, page, errors };
}

test("work created offline survives a reload and syncs once when the network returns", async () => {
  const dir = scratch("procura-e2e-sync-");
  const { endpoint, browser, page, errors } = await setUp(dir);
  try {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await browser.setOffline(true);
    await page.reload();
    await page.getByTestId("item-list").waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId("connection").textContent(), /Offline/);

    await evaluate(page, "Late twice this quarter");
    assert.equal(await pending(page), "1");
    const row = page.getByTestId("evaluation-row").filter({ hasText: "Late twice this quarter" });
    assert.equal(await row.getAttribute("data-pending"), "true");
    assert.match(await page.getByTestId("record-sync").first().textContent(), /1 change waiting to sync/);

    // Still offline, the app and the queued work come back from the service worker and IndexedDB.
    await page.reload();
    await page.getByRole("link", { name: "Suppliers", exact: true }).click();
    await page.getByTestId("evaluate").first().click();
    await page.getByTestId("evaluation-row").filter({ hasText: "Late twice this quarter" }).waitFor();
    assert.equal(await pending(page), "1");
    assert.equal((await hubEvaluations(endpoint.url)).length, 0, "nothing reached the hub while offline");

    await browser.setOffline(false);
    await waitSynced(page);
    const atHub = await hubEvaluations(endpoint.url);
    assert.equal(atHub.length, 1, "sent once");
    assert.equal(atHub[0].comment, "Late twice this quarter");
    assert.equal(atHub[0].evaluator_id, "u-buyer", "the hub names the author from the session");
    assert.equal(await row.getAttribute("data-pending"), "false");
    assert.match(await page.getByTestId("scorecard-line").first().textContent(), /1 evaluation/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});

test("a push whose answer is lost, and one cut off by killing the endpoint, leave one copy", async () => {
  const dir = scratch("procura-e2e-faults-");
  const addr = `127.0.0.1:${await freePort()}`;
  let { endpoint, browser, page } = await setUp(dir, { addr });
  try {
    // The hub applies the push, then the connection drops before the answer.
    await fault(endpoint.url, { route: "push", fault: "drop_after", times: 1 });
    await evaluate(page, "Answer lost");
    await waitSynced(page);
    let atHub = await hubEvaluations(endpoint.url);
    assert.deepEqual(atHub.map((e) => e.comment), ["Answer lost"]);

    // Edit it while the hub is slow, and kill the hub while the push is in flight.
    await fault(endpoint.url, { route: "push", fault: "delay", delay_ms: 5_000, times: 1 });
    await page.getByTestId("evaluation-row").filter({ hasText: "Answer lost" }).getByRole("button", { name: "Edit" }).click();
    await page.getByTestId("evaluation-comment").fill("Edited while the hub died");
    await page.getByTestId("save-evaluation").click();
    await new Promise((r) => setTimeout(r, 1_000));
    await endpoint.kill();
    await page.getByTestId("record-sync").first().and(page.locator('[data-state="failed"]')).waitFor({ timeout: 30_000 });
    assert.equal(await pending(page), "1", "the change waits in the outbox");

    endpoint = await startEndpoint({ db: path.join(dir, "endpoint.sqlite3"), extraArgs: ARGS, addr });
    await waitSynced(page, 90_000);
    atHub = await hubEvaluations(endpoint.url);
    assert.deepEqual(atHub.map((e) => e.comment), ["Edited while the hub died"], "one copy, the latest");

    // The hub loses its state (restored from nothing): the device notices the new epoch on its
    // next sync, sends its user's evaluation again and pulls from the start, instead of sticking.
    await api(endpoint.url, "POST", "/test/reset-hub");
    assert.equal((await hubEvaluations(endpoint.url)).length, 0);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.getByTestId("sync-now").click();
    await waitForHub(endpoint.url, 1);
    await waitSynced(page);
    atHub = await hubEvaluations(endpoint.url);
    assert.deepEqual(atHub.map((e) => e.comment), ["Edited while the hub died"], "recovered, once");
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});

test("two tabs share one outbox and one leader, and the next tab leads when the leader closes", async () => {
  const dir = scratch("procura-e2e-tabs-");
  const { endpoint, browser, page } = await setUp(dir);
  try {
    const second = await browser.newPage();
    await second.goto(`${endpoint.url}/settings`);
    const leader = (p) => p.getByTestId("sync-leader").getAttribute("data-leader");
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.getByTestId("sync-leader").waitFor();
    await second.getByTestId("sync-leader").waitFor();
    assert.equal(await leader(page), "true");
    assert.equal(await leader(second), "false");

    // Both tabs write at once; the leader sends everything; both see it.
    await Promise.all([evaluate(page, "From tab one", "5"), evaluate(second, "From tab two", "2")]);
    await waitSynced(page);
    await waitSynced(second);
    const comments = (await hubEvaluations(endpoint.url)).map((e) => e.comment).sort();
    assert.deepEqual(comments, ["From tab one", "From tab two"]);
    await second.getByTestId("evaluation-row").filter({ hasText: "From tab one" }).waitFor();

    // A catalog imported in one tab shows in the other.
    const before = Number(await second.locator("body").getAttribute("data-catalog-ready"));
    await page.getByRole("link", { name: "Catalog", exact: true }).click();
    await page.getByTestId("import-link").click();
    await page.getByTestId("import-target").selectOption("");
    await page.getByTestId("new-supplier-name").fill("Json Supplies");
    await page.getByTestId("import-file").setInputFiles(path.join(ROOT, "crates/procura-catalog/tests/fixtures/json_good.json"));
    await page.getByTestId("check-summary").filter({ hasText: "items ready to import" }).waitFor();
    await page.getByTestId("import-confirm").click();
    await page.getByTestId("import-done").waitFor();
    await second.waitForFunction((n) => Number(document.body.dataset.catalogReady) > n, before, { timeout: 10_000 });

    await page.close();
    await second.getByRole("link", { name: "Settings", exact: true }).click();
    await second.locator('[data-testid="sync-leader"][data-leader="true"]').waitFor({ timeout: 10_000 });
    await evaluate(second, "After the leader closed");
    await waitSynced(second);
    assert.equal((await hubEvaluations(endpoint.url)).length, 3);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});

test("a browser closed in the middle of a large import reopens with nothing half-written", async () => {
  const dir = scratch("procura-e2e-crash-");
  let { endpoint, browser, page } = await setUp(dir);
  try {
    const items = [];
    for (let i = 0; i < 60_000; i++) {
      items.push({ sku: `BIG-${i}`, name: { en: `Bulk item ${i}` }, unit: "PCE",
        price_tiers: [{ min_qty: 1, unit_price: (1 + (i % 90) / 10).toFixed(2) }] });
    }
    const file = path.join(dir, "bulk.json");
    writeFileSync(file, JSON.stringify({ format: "procura-catalog/1", action: "replace", currency: "CNY", items }));
    await page.getByRole("link", { name: "Catalog", exact: true }).click();
    const before = Number(await page.locator("body").getAttribute("data-catalog-ready"));
    await page.getByTestId("import-link").click();
    await page.getByTestId("import-target").selectOption("");
    await page.getByTestId("new-supplier-name").fill("Bulk Supplies");
    await page.getByTestId("import-file").setInputFiles(file);
    await page.getByTestId("check-summary").filter({ hasText: "items ready to import" }).waitFor({ timeout: 60_000 });
    // Chunked storage writes 60,000 items in well under a second on this machine: slow the CPU
    // down (as a weak tablet) so the browser can be closed while the write is under way.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 20 });
    await page.getByTestId("import-confirm").click();
    await page.getByTestId("import-progress-text").waitFor({ timeout: 60_000 });
    const progress = /(\d+) \/ (\d+)/.exec(await page.getByTestId("import-progress-text").textContent());
    assert.ok(Number(progress[1]) < Number(progress[2]), `closed mid-write (${progress[0]})`);
    await browser.close(); // mid-write: the transaction never commits

    browser = await launchBrowser(path.join(dir, "profile"));
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(endpoint.url);
    await page.waitForFunction(() => document.body.dataset.catalogReady !== undefined, null, { timeout: 60_000 });
    const after = Number(await page.locator("body").getAttribute("data-catalog-ready"));
    assert.ok(after === before || after === before + 60_000, `all or nothing: ${before} → ${after}`);
    // And the device still takes new work and syncs it.
    await evaluate(page, "After the crash");
    await waitSynced(page);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});

test("on a shared tablet each user's offline work waits for them and is sent in their name", async () => {
  const dir = scratch("procura-e2e-shared-");
  const { endpoint, browser, page, errors } = await setUp(dir);
  try {
    page.on("dialog", (dialog) => dialog.accept()); // "1 of your changes … Log out?"
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await browser.setOffline(true);
    await evaluate(page, "Li Na, written offline");
    await page.getByRole("button", { name: "Log out" }).click();

    await browser.setOffline(false);
    await logIn(page, "approver1");
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.getByTestId("others-pending").filter({ hasText: "1 change by another user" }).waitFor();
    await evaluate(page, "Wang Wei, online");
    await waitSynced(page);
    let atHub = await hubEvaluations(endpoint.url);
    assert.deepEqual(atHub.map((e) => [e.evaluator_id, e.comment]), [["u-approver1", "Wang Wei, online"]]);

    await page.getByRole("button", { name: "Log out" }).click();
    await logIn(page, "buyer");
    await waitForHub(endpoint.url, 2);
    await waitSynced(page);
    atHub = await hubEvaluations(endpoint.url);
    assert.deepEqual(
      atHub.map((e) => [e.evaluator_id, e.comment]).sort(),
      [["u-approver1", "Wang Wei, online"], ["u-buyer", "Li Na, written offline"]],
    );
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
