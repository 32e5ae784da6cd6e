// The foundation flow, as a buyer on a tablet lives it: log in, the catalog syncs into
// IndexedDB (the suppliers' own feeds and a marketplace's feed of its sellers), items show, a
// supplier's and a seller's changes arrive as a delta; then the endpoint goes away, the app is
// reloaded, and the catalog is still there, served by the service worker and IndexedDB.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, catalogTotal, openFacets } from "./harness.mjs";

const SUPPLIERS = 3;
const ITEMS_PER_SUPPLIER = 400;
const SELLERS = 2;
const ITEMS_PER_SELLER = 100;
const TOTAL = SUPPLIERS * ITEMS_PER_SUPPLIER + SELLERS * ITEMS_PER_SELLER;

/** As the admin, has the endpoint simulate a supplier changing its catalog. */
async function churn(base, supplier, change) {
  const login = await fetch(`${base}/api/v1/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "procura" }),
  });
  const { token } = await login.json();
  const response = await fetch(`${base}/api/v1/admin/suppliers/${supplier}/catalog/churn`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(change),
  });
  assert.equal(response.status, 200, await response.text());
}

test("catalog syncs, then survives a reload with the endpoint stopped", async () => {
  const dir = scratch("procura-e2e-");
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    extraArgs: [
      "--suppliers", String(SUPPLIERS), "--items-per-supplier", String(ITEMS_PER_SUPPLIER),
      "--marketplace-sellers", String(SELLERS), "--items-per-seller", String(ITEMS_PER_SELLER),
    ],
  });
  const browser = await launchBrowser(path.join(dir, "profile"));
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url);
    assert.equal(await catalogTotal(page), TOTAL, "every supplier's items are on the device");
    const firstItem = page.getByTestId("item-list").locator("li.item").first();
    assert.match(await firstItem.textContent(), /(CNY|EUR|USD)\s[\d,]+\.\d\d/, "items show prices");

    // Filters work on the device's copy.
    await page.getByTestId("catalog-search").fill("复印纸");
    const paper = await catalogTotal(page);
    assert.ok(paper > 0 && paper < TOTAL, `a Chinese term narrows the list (${paper})`);
    await page.getByTestId("catalog-search").fill("");
    await openFacets(page);
    const labcore = page.locator('[data-facet="supplier"]', { hasText: "LabCore Scientific" }).locator("input");
    await labcore.check();
    assert.equal(await catalogTotal(page), ITEMS_PER_SUPPLIER);
    await labcore.uncheck();

    // The category tree: a segment, then one of its families, each count what a click shows.
    const office = page.locator('[data-facet="segment"]', { hasText: "Office equipment and supplies" }).locator("input");
    await office.check();
    const supplies = page.locator('[data-facet="family"]', { hasText: "Office supplies" });
    const inFamily = Number((await supplies.locator(".facet-count").textContent()).trim());
    await supplies.locator("input").check();
    assert.equal(await catalogTotal(page), inFamily, "a family narrows to exactly its count");
    await office.uncheck();
    assert.equal(await page.locator('[data-facet="family"]').count(), 0, "families belong to a chosen segment");

    // A marketplace seller is a supplier like any other in the catalog.
    const deskmart = page.locator('[data-facet="supplier"]', { hasText: "DeskMart Office Direct" }).locator("input");
    await deskmart.check();
    assert.equal(await catalogTotal(page), ITEMS_PER_SELLER);
    await deskmart.uncheck();

    // A supplier maintains its catalog, and a marketplace its seller's; the next sync pulls
    // only those changes (15 from the supplier's feed, 4 from the marketplace's).
    await churn(endpoint.url, "techsource", { reprice: 7, percent: 10, withdraw: 5, add: 3, seed: 11 });
    await churn(endpoint.url, "gh-bytebay", { reprice: 2, percent: -5, withdraw: 1, add: 1, seed: 12 });
    await page.getByRole("button", { name: "Sync catalog" }).click();
    await page.getByTestId("sync-status").filter({ hasText: "Catalog up to date · 19 changes stored" }).waitFor();
    assert.equal(await catalogTotal(page), TOTAL - 5 + 3, "withdrawn items leave, new ones arrive");

    // The suppliers page says who manages each catalog.
    await page.getByRole("link", { name: "Suppliers", exact: true }).click();
    const seller = page.getByTestId("supplier-row").filter({ hasText: "gh-bytebay" });
    assert.equal(await seller.getByTestId("managed-by").textContent(), "Marketplace: GoodsHub Marketplace");
    const own = page.getByTestId("supplier-row").filter({ hasText: "techsource" });
    assert.equal(await own.getByTestId("managed-by").textContent(), "The supplier (its own feed)");
    await page.getByRole("link", { name: "Catalog", exact: true }).click();

    // The UI speaks Chinese on request, and remembers it.
    await page.getByTestId("language").first().selectOption("zh-CN");
    await page.getByRole("link", { name: "商品目录" }).waitFor();

    // The service worker must control the page before the network goes away.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });

    await endpoint.stop();
    await page.reload();
    await page.getByTestId("item-list").waitFor({ timeout: 30_000 });
    await page.getByTestId("sync-status").filter({ hasText: "同步失败" }).waitFor({ timeout: 30_000 });
    assert.equal(await catalogTotal(page), TOTAL - 5 + 3, "the catalog shows with the endpoint stopped");
    assert.match(await page.getByTestId("connection").textContent(), /无法连接服务器/);
    assert.equal(await page.locator("html").getAttribute("lang"), "zh-CN");
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
