// The virtual catalog as a buyer uses it: import a supplier's CSV price list through the
// column-mapping screen, find its items among the synced suppliers' (Latin and Chinese search,
// facets), compare one product's offers at a tiered quantity — then all of it again with the
// network off after a reload. A bad file is refused with line-numbered errors and changes nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { writeFileSync } from "node:fs";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, catalogTotal, openFacets } from "./harness.mjs";

const SUPPLIERS = 3;
const ITEMS_PER_SUPPLIER = 400;
const TOTAL = SUPPLIERS * ITEMS_PER_SUPPLIER;

async function api(base, route, token) {
  const response = await fetch(`${base}/api/v1${route}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await response.text();
  assert.equal(response.status, 200, body);
  return JSON.parse(body);
}

async function allItems(base, token, supplier) {
  const items = [];
  let cursor = "";
  for (;;) {
    const page = await api(base, `/suppliers/${supplier}/catalog?limit=2000&cursor=${encodeURIComponent(cursor)}`, token);
    for (const change of page.changes) if (change.op === "upsert") items.push(change.item);
    cursor = page.next_cursor;
    if (!page.has_more) return items;
  }
}

/** A product two CNY suppliers both offer (same GTIN, same pack): the one to compare. */
async function sharedProduct(base) {
  const login = await fetch(`${base}/api/v1/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "buyer", password: "procura" }),
  });
  const { token } = await login.json();
  const office = await allItems(base, token, "officeplus");
  const tech = await allItems(base, token, "techsource");
  for (const a of office) {
    const b = tech.find((t) => t.gtin && t.gtin === a.gtin && t.content_unit === a.content_unit);
    if (b && a.currency === "CNY" && b.currency === "CNY") return { a, b };
  }
  throw new Error("the demo data has no product offered by both officeplus and techsource");
}

const perContent = (item, tier) => Number(tier.unit_price) / Number(item.content_per_order_unit);

/**
 * Acme's price list: the shared product priced so that Acme is the dearest for one pack but the
 * cheapest from its second tier on, plus two products nobody else has.
 */
function acmeCsv({ a, b }) {
  const pack = Number(a.content_per_order_unit);
  const prices = [a, b].flatMap((item) => item.price_tiers.map((t) => perContent(item, t)));
  const dear = (Math.max(...prices) * pack * 2).toFixed(2);
  const cheap = (Math.min(...prices) * pack * 0.5).toFixed(2);
  const rows = [
    ["Article No", "Name", "名称", "Manufacturer", "MPN", "EAN", "UNSPSC", "Unit", "Content unit", "Pack size", "Price", "Staffel", "Lead time", "Stock"],
    ["AC-1", a.name.en, a.name.zh, a.manufacturer, a.mpn, a.gtin, a.unspsc, a.order_unit, a.content_unit, String(pack), dear, `1:${dear};20:${cheap}`, "9", "5000"],
    ["AC-2", "Acme brass padlock 40 mm", "艾克米 黄铜挂锁 40毫米", "Acme", "PL-40", "", "46171501", "PCE", "PCE", "1", "35.50", "", "3", "80"],
    ["AC-3", "Acme brass padlock 50 mm", "艾克米 黄铜挂锁 50毫米", "Acme", "PL-50", "", "46171501", "PCE", "PCE", "1", "42.00", "1:42.00;10:39.90", "3", "0"],
  ];
  const quote = (cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  return { csv: "\uFEFF" + rows.map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n", pack };
}

async function search(page, text) {
  await page.getByTestId("catalog-search").fill(text);
  // Results follow the input synchronously in the app; give the DOM one frame.
  await page.waitForTimeout(50);
}

/** Opens the comparison from Acme's row for the shared product and checks who is cheapest. */
async function checkComparison(page, shared, pack) {
  await search(page, shared.a.gtin);
  const acmeRow = page.getByTestId("item-list").locator("li.item", { hasText: "Acme Trading" });
  await acmeRow.getByTestId("compare-button").click();
  const panel = page.getByTestId("compare-panel");
  await panel.waitFor();
  assert.ok((await panel.getByTestId("offer-row").count()) >= 3, "all three suppliers' offers side by side");

  // One pack: Acme's first tier is the dearest.
  await panel.getByTestId("compare-qty").fill(String(pack));
  const cheapestAtOne = await panel.locator('[data-testid="offer-row"][data-cheapest="true"]').first().getAttribute("data-supplier");
  assert.notEqual(cheapestAtOne, "local-acme-trading", "Acme is not the cheapest for one pack");

  // Twenty packs reach Acme's second tier: now it is the cheapest.
  await panel.getByTestId("compare-qty").fill(String(pack * 20));
  const cheapest = panel.locator('[data-testid="offer-row"][data-cheapest="true"]');
  assert.equal(await cheapest.count(), 1);
  assert.equal(await cheapest.getAttribute("data-supplier"), "local-acme-trading");
  assert.match(await cheapest.getByTestId("tier-price").textContent(), /CNY/);
  await panel.getByTestId("compare-close").click();
  await panel.waitFor({ state: "detached" });
}

async function checkCatalog(page, shared, pack) {
  await search(page, "padlock");
  assert.equal(await catalogTotal(page), 2, "Latin search finds Acme's padlocks");
  await search(page, "挂锁");
  assert.equal(await catalogTotal(page), 2, "Chinese search finds them too");
  await search(page, "padlok");
  assert.equal(await catalogTotal(page), 2, "one typo is forgiven");

  // Facets combine with the text: only Acme's padlocks in stock.
  await search(page, "padlock");
  await openFacets(page);
  await page.locator('[data-facet="in-stock"] input').check();
  assert.equal(await catalogTotal(page), 1);
  await page.getByTestId("clear-filters").click();

  await search(page, "");
  await page.locator('[data-facet="supplier"]', { hasText: "Acme Trading" }).locator("input").check();
  assert.equal(await catalogTotal(page), 3, "the supplier facet shows Acme's whole list");
  const acmeCount = await page.locator('[data-facet="supplier"]', { hasText: "Acme Trading" }).locator(".facet-count").textContent();
  assert.equal(acmeCount.trim(), "3");
  await page.getByTestId("clear-filters").click();
  assert.equal(await catalogTotal(page), TOTAL + 3);

  await checkComparison(page, shared, pack);
}

test("import a CSV through the mapping screen, search, filter and compare — online and offline", async () => {
  const dir = scratch("procura-e2e-import-");
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    // No marketplace: the counts and offers below are the three suppliers' and the import's.
    extraArgs: [
      "--suppliers", String(SUPPLIERS), "--items-per-supplier", String(ITEMS_PER_SUPPLIER), "--marketplace-sellers", "0",
    ],
  });
  const shared = await sharedProduct(endpoint.url);
  const { csv, pack } = acmeCsv(shared);
  const good = path.join(dir, "acme-prices.csv");
  writeFileSync(good, csv);
  const bad = path.join(dir, "acme-broken.csv");
  writeFileSync(bad, csv.replace("35.50", "-35.50").replace(",42.00,", ",forty-two,"));

  const browser = await launchBrowser(path.join(dir, "profile"));
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url);
    assert.equal(await catalogTotal(page), TOTAL);

    // A broken file: every bad row is reported with its line; the buyer imports nothing.
    await page.getByTestId("import-link").click();
    await page.getByTestId("new-supplier-name").fill("Acme Trading");
    await page.getByTestId("import-file").setInputFiles(bad);
    await page.getByTestId("mapping-screen").waitFor();
    await page.locator('select[data-field="FieldSku"]').selectOption("Article No");
    await page.locator('select[data-field="FieldTiers"]').selectOption("Staffel");
    await page.getByTestId("fixed-currency").selectOption("CNY");
    await page.getByTestId("check-file").click();
    await page.getByTestId("check-summary").filter({ hasText: "not imported" }).waitFor();
    const issues = await page.getByTestId("import-issues").textContent();
    assert.match(issues, /AC-2/, "the negative price is reported against its article");
    assert.match(issues, /AC-3/, "so is the price that is not a number");
    assert.equal(await page.getByTestId("import-confirm").count(), 0, "a failed check offers no whole import");
    assert.match(await page.getByTestId("import-partial").textContent(), /^Import the 1 valid item and skip 2$/);
    const download = page.waitForEvent("download");
    await page.getByTestId("download-report").click();
    assert.equal((await download).suggestedFilename(), "import-report.csv");

    // The good file, with the mapping remembered from the screen.
    await page.getByRole("button", { name: "Import nothing" }).click();
    await page.getByTestId("new-supplier-name").fill("Acme Trading");
    await page.getByTestId("import-file").setInputFiles(good);
    await page.getByTestId("mapping-screen").waitFor();
    await page.locator('select[data-field="FieldSku"]').selectOption("Article No");
    await page.locator('select[data-field="FieldTiers"]').selectOption("Staffel");
    await page.getByTestId("fixed-currency").selectOption("CNY");
    assert.match(await page.getByTestId("csv-preview").textContent(), /Acme brass padlock 40 mm/);
    await page.getByTestId("check-file").click();
    await page.getByTestId("check-summary").filter({ hasText: "3 items ready to import" }).waitFor();
    await page.getByTestId("import-confirm").click();
    await page.getByTestId("import-done").filter({ hasText: "3 added" }).waitFor();
    await page.getByRole("link", { name: "Back to the catalog" }).first().click();

    await checkCatalog(page, shared, pack);

    // Network off, reload: the app, the imported catalog and the comparison all still work.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await browser.setOffline(true);
    await page.reload();
    await page.waitForFunction((n) => document.body.dataset.catalogReady === String(n), TOTAL + 3, { timeout: 30_000 });
    await checkCatalog(page, shared, pack);
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  } catch (e) {
    // What the page showed when it failed, for whoever reads the CI log.
    const shot = path.join(process.env.PROCURA_TMP ?? dir, "e2e-import-failure.png");
    await browser.pages()[0]?.screenshot({ path: shot, fullPage: true }).catch(() => {});
    console.error(`screenshot of the failure: ${shot}`);
    throw e;
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
