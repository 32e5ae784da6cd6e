// The screens loaded on demand (src/pages/lazy.rs: each its own chunk, fetched the first time it
// opens) on an offline cold start: after one visit online, the hub goes away, the app is opened
// again straight at a lazy screen, and every lazy screen then opens from the service worker's
// cache. A chunk the service worker did not precache, or one the loader cannot instantiate,
// leaves the screen blank (no heading) or throws in the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, goTo } from "./harness.mjs";

/**
 * Every lazy route, and what shows once its chunk is loaded: the heading, or for an id that does
 * not exist, the page's own "not found" line.
 */
const LAZY = [
  ["/catalog/import", "h1"], ["/policy", "h1"], ["/spend", "h1"], ["/stock", "h1"],
  ["/invoices", "h1"], ["/invoices/new", "h1"], ["/invoices/no-such-invoice", '[data-testid="invoice-missing"]'],
  // Receiving and returning say the same when the order is missing: not one after the other.
  ["/orders/no-such-order/receive", '[data-testid="order-missing"]'], ["/returns", "h1"],
  ["/orders/no-such-order/return", '[data-testid="order-missing"]'],
  ["/contracts", "h1"], ["/contracts/new", "h1"], ["/contracts/no-such-contract", '[data-testid="contract-missing"]'],
  ["/suppliers", "h1"], ["/suppliers/no-such-supplier", '[data-testid="supplier-missing"]'],
  ["/suppliers/selections", "h1"], ["/suppliers/selections/no-such-selection", '[data-testid="selection-missing"]'],
  ["/settings", "h1"],
];

/**
 * Opens `route` and waits for `selector` in the new screen, showing something else than `before`
 * (what the previous screen showed: it stays until the chunk is loaded, and the renderer may
 * reuse its elements), and not the router's "page not found". Returns what it shows.
 */
async function opens(page, route, selector, before) {
  await goTo(page, route);
  const shown = await page
    .waitForFunction(([sel, prev]) => {
      const text = document.querySelector(`main.content ${sel}`)?.textContent.trim();
      return text && text !== prev ? text : null;
    }, [selector, before], { timeout: 20_000 })
    .catch(async () => {
      const html = await page.evaluate(() => document.querySelector("main.content")?.outerHTML.slice(0, 1000));
      throw new Error(`${route}: nothing new shown within 20 s (its chunk did not load?):\n${html}`);
    });
  assert.equal(await page.getByTestId("not-found").count(), 0, `${route} is a route, not "page not found"`);
  return shown.jsonValue();
}

test("every screen loaded on demand opens on an offline cold start", async () => {
  const dir = scratch("procura-e2e-lazy-");
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    extraArgs: ["--suppliers", "2", "--items-per-supplier", "20", "--marketplace-sellers", "0"],
  });
  const browser = await launchBrowser(path.join(dir, "profile"));
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url, "admin");
    // Controlling the page means installed, and installing means every file precached.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    const online = new Set(await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name)));
    assert.ok(![...online].some((u) => /\/(split|chunk)_[^/]*\.wasm$/.test(u)), "no chunk is fetched at start");

    await endpoint.stop();
    // A cold start straight into a lazy screen: its chunk is needed before anything shows.
    await page.goto(`${endpoint.url}/contracts`);
    const contracts = page.locator("main.content h1").first();
    await contracts.waitFor({ timeout: 30_000 });
    let shown = (await contracts.textContent()).trim();
    console.log(`# cold start offline at /contracts: "${shown}"`);
    for (const [route, selector] of LAZY) {
      shown = await opens(page, route, selector, shown);
      console.log(`# ${route}: "${shown}"`);
    }
    const chunks = await page.evaluate(() =>
      performance.getEntriesByType("resource").map((e) => e.name).filter((u) => /\/(split|chunk)_[^/]*\.wasm$/.test(u)));
    assert.ok(chunks.length >= LAZY.length - 4, `the screens' chunks were loaded (${chunks.length})`);
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
