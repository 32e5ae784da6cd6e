// Files are checked in the import worker, off the page's thread: the worker is not loaded at
// start, only when the buyer checks a file. During the check of a 100,000-row CSV the page
// answers key presses within 100 ms (measured from the input's own time stamp to the next
// frame), and Cancel ends the worker mid-parse: the page is back at the start with nothing
// imported, and the next check spawns a fresh worker and imports as before. The whole check is
// measured too (the answer is decoded on the page, in slices): there the figures are logged and
// 95 % of the keys must be answered within 100 ms (single pauses of the page while its memory
// grows for the answer are reported, not asserted; see BENCHMARKS.md). With the endpoint
// stopped, a reloaded app still checks and imports a file: the service worker keeps the worker's
// files.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { writeFileSync } from "node:fs";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, catalogTotal, ROOT } from "./harness.mjs";

const FIXTURES = path.join(ROOT, "crates/procura-catalog/tests/fixtures");
const ROWS = 100_000;
const LATENCY_BUDGET_MS = 100;

/** A supplier's CSV of `rows` items with headers the mapping recognises by itself. */
function writeCatalog(file, rows) {
  const lines = ["SKU,Name,Description,Price,Stock"];
  for (let i = 0; i < rows; i++) {
    lines.push(`BIG-${i},Office item ${i},A plain office article number ${i} for the test,${(i % 900) + 1}.50,${i % 70}`);
  }
  writeFileSync(file, lines.join("\n") + "\n");
}

/** Records, for every key pressed, the time from the input to the next frame the page draws. */
async function watchInput(page) {
  await page.evaluate(() => {
    window.__inputLatency = [];
    window.__frameGaps = [];
    document.addEventListener(
      "keydown",
      (e) => {
        const input = e.timeStamp;
        requestAnimationFrame(() => window.__inputLatency.push(performance.now() - input));
      },
      true,
    );
    // The longest the page went without drawing a frame: an input arriving then waits as long.
    let last = performance.now();
    const frame = (now) => {
      window.__frameGaps.push(now - last);
      last = now;
      if (window.__watchFrames) requestAnimationFrame(frame);
    };
    window.__watchFrames = true;
    requestAnimationFrame(frame);
  });
}

/** Presses a key every 40 ms while `busy()` holds; returns how many were pressed. */
async function pressWhile(page, busy) {
  let presses = 0;
  while (await busy()) {
    await page.keyboard.press("Shift");
    presses++;
    await page.waitForTimeout(40);
  }
  return presses;
}

async function startCheck(page, file, supplier) {
  if ((await page.getByTestId("drop-zone").count()) === 0) await page.getByTestId("import-link").click();
  await page.getByTestId("import-target").selectOption("");
  await page.getByTestId("new-supplier-name").fill(supplier);
  await page.getByTestId("import-file").setInputFiles(file);
  await page.getByTestId("mapping-screen").waitFor();
  // Frames are watched from the check on (reading the file for the preview comes before).
  await page.evaluate(() => {
    window.__frameGaps = [];
    performance.clearMeasures("procura-import-answer");
  });
  await page.getByTestId("check-file").click();
}

test("a 100,000-row check runs in the worker: the page answers input, Cancel ends it, the next check imports", async () => {
  const dir = scratch("procura-e2e-worker-");
  const big = path.join(dir, "big-catalog.csv");
  writeCatalog(big, ROWS);
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    extraArgs: ["--suppliers", "1", "--items-per-supplier", "5", "--marketplace-sellers", "0"],
  });
  const browser = await launchBrowser(path.join(dir, "profile"));
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url);
    const workers = [];
    page.on("worker", (w) => workers.push(w));
    const before = await catalogTotal(page);
    await page.getByTestId("import-link").click();
    await page.getByTestId("drop-zone").waitFor();
    assert.equal(workers.length, 0, "no worker before a file is checked");
    await page.getByRole("link", { name: "Back to the catalog" }).first().click();

    // Cancel while the worker parses the big file (it has said it has the file, not that it
    // has parsed it): the worker is ended, the page is back at the start, nothing imported.
    await startCheck(page, big, "Big Office Supplies");
    const checking = page.getByTestId("import-checking");
    await checking.filter({ hasText: /Checking the whole file \(\d/ }).waitFor({ timeout: 30_000 });
    assert.equal(workers.length, 1, "the check spawned the worker");
    // While the worker parses, the page answers every key within the budget.
    await watchInput(page);
    const parsing = () => checking.filter({ hasText: /Checking the whole file \(\d/ }).count();
    const parseDeadline = Date.now() + 250;
    await pressWhile(page, async () => Date.now() < parseDeadline && (await parsing()) === 1);
    assert.equal(await parsing(), 1, "still parsing when Cancel is pressed");
    const parseLatency = await page.evaluate(() => window.__inputLatency);
    assert.ok(parseLatency.length >= 2, `keys pressed while parsing: ${parseLatency.length}`);
    assert.ok(Math.max(...parseLatency) <= LATENCY_BUDGET_MS, `input latency while parsing: ${parseLatency}`);
    const closed = new Promise((r) => workers[0].once("close", r));
    await page.getByTestId("check-cancel").click();
    await closed;
    assert.match(await page.getByTestId("import-error").textContent(), /Check cancelled: nothing was imported/);
    await page.getByTestId("drop-zone").waitFor();
    await page.getByRole("link", { name: "Back to the catalog" }).first().click();
    assert.equal(await catalogTotal(page), before, "a cancelled check imports nothing");

    // The whole check, measured to its end (the answer is decoded on the page's thread).
    await page.getByTestId("import-link").click();
    await page.getByTestId("drop-zone").waitFor();
    await watchInput(page);
    await startCheck(page, big, "Big Office Supplies");
    await checking.waitFor();
    assert.equal(workers.length, 2, "a fresh worker after the cancel");
    const presses = await pressWhile(page, async () => (await checking.count()) === 1);
    await page.getByTestId("check-summary").filter({ hasText: `${ROWS} items ready` }).waitFor();
    const stats = await page.evaluate(() => {
      window.__watchFrames = false;
      const answer = performance.getEntriesByName("procura-import-answer").map((e) => e.duration);
      return { latency: window.__inputLatency, gaps: window.__frameGaps, answer };
    });
    const max = (xs) => Math.round(Math.max(...xs));
    console.log(
      `answer messages (ms): ${stats.answer.map(Math.round).join(" ")}\n` +
      `100,000-row check: ${presses} keys, input latency max ${max(stats.latency)} ms; longest frame gap ` +
        `${max(stats.gaps)} ms; answer decoded on the page: ${stats.answer.length} messages, ` +
        `${Math.round(stats.answer.reduce((a, b) => a + b, 0))} ms in all, the longest ${max(stats.answer)} ms`,
    );
    assert.ok(stats.latency.length >= 3, `keys pressed while checking: ${stats.latency.length}`);
    const p95 = [...stats.latency].sort((a, b) => a - b)[Math.floor(stats.latency.length * 0.95)];
    assert.ok(p95 <= LATENCY_BUDGET_MS, `input latency during the check (95th percentile): ${stats.latency}`);
    // The checked file imports as before.
    await page.getByTestId("import-confirm").click();
    await page.getByTestId("import-done").waitFor({ timeout: 120_000 });
    await page.getByRole("link", { name: "Back to the catalog" }).first().click();
    assert.equal(await catalogTotal(page), before + ROWS);
    assert.equal(errors.length, 0, errors.join("\n"));
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});

test("offline, a reloaded app checks and imports a file through the cached worker", async () => {
  const dir = scratch("procura-e2e-worker-offline-");
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    extraArgs: ["--suppliers", "1", "--items-per-supplier", "5", "--marketplace-sellers", "0"],
  });
  const browser = await launchBrowser(path.join(dir, "profile"));
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url);
    const precache = await page.evaluate(() => fetch("/sw.js").then((r) => r.text()));
    for (const file of ["/procura-import-worker_loader.js", "/procura-import-worker.js", "/procura-import-worker_bg.wasm"]) {
      assert.ok(precache.includes(`"${file}"`), `the service worker precaches ${file}`);
    }
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    const before = await catalogTotal(page);
    await endpoint.stop();
    await page.reload();
    await page.getByTestId("item-list").waitFor({ timeout: 30_000 });

    await startCheck(page, path.join(FIXTURES, "csv_attributes.csv"), "Wire Works");
    const summary = page.getByTestId("check-summary");
    await summary.filter({ hasText: "items ready to import" }).waitFor({ timeout: 30_000 });
    const items = Number(/(\d+) items ready/.exec(await summary.textContent())[1]);
    await page.getByTestId("import-confirm").click();
    await page.getByTestId("import-done").waitFor();
    await page.getByRole("link", { name: "Back to the catalog" }).first().click();
    assert.equal(await catalogTotal(page), before + items);
    assert.equal(errors.length, 0, errors.join("\n"));
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
