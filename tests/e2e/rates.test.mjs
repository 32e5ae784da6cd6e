// One exchange-rate table: the organisation's (its policy's) orders prices on every device. An
// admin changes a rate at the hub; after a sync the buyer's price sort follows it; a currency the
// organisation drops is marked on its items and sorts last, even when this device adds its own
// rate for it (shown converted, marked as this device's, never used to sort); an import in a
// currency without an organisation rate warns at the check. Screenshots of Settings → rates,
// the policy's rates, the comparison and the import check at 768×1024 in both languages go to
// target/rates-screens/.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { mkdirSync, writeFileSync } from "node:fs";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, api, token, waitSynced, ROOT } from "./harness.mjs";

// Four demo suppliers: two in CNY, one in EUR, one in USD.
const ARGS = ["--suppliers", "4", "--items-per-supplier", "40", "--marketplace-sellers", "0", "--demo-evaluations", "0"];
const SHOTS = path.join(ROOT, "target/rates-screens");

async function policyRecord(base) {
  const page = await api(base, "GET", "/sync/pull?cursor=&limit=5000", { token: await token(base, "admin") });
  const { kind, ...policy } = page.changes.find((c) => c.op === "upsert" && c.record.kind === "policy").record;
  assert.equal(kind, "policy");
  return policy;
}

let pushes = 0;
async function savePolicy(base, policy) {
  pushes += 1;
  const answer = await api(base, "POST", "/sync/push", {
    token: await token(base, "admin"),
    body: {
      client_id: `e2e-rates-admin-${pushes}`,
      mutations: [{ id: 1, created_at_ms: Date.now(), op: { type: "save_policy", policy } }],
    },
  });
  assert.equal(answer.outcomes[0].result.status, "applied", JSON.stringify(answer.outcomes[0]));
}

async function goTo(page, route) {
  await page.evaluate((r) => {
    history.pushState(null, "", r);
    dispatchEvent(new PopStateEvent("popstate", { state: null }));
  }, route);
}

async function syncNow(page) {
  await goTo(page, "/settings");
  await page.getByTestId("sync-now").click();
  await waitSynced(page);
}

/** Every item of the hub's suppliers, by id. */
async function hubItems(base) {
  const auth = await token(base, "buyer");
  const items = new Map();
  for (const supplier of await api(base, "GET", "/suppliers", { token: auth })) {
    let cursor = "";
    for (;;) {
      const page = await api(base, "GET", `/suppliers/${supplier.id}/catalog?limit=2000&cursor=${encodeURIComponent(cursor)}`, { token: auth });
      for (const c of page.changes) if (c.op === "upsert") items.set(c.item.id, c.item);
      cursor = page.next_cursor;
      if (!page.has_more) break;
    }
  }
  return items;
}

/** Price per content unit in CNY by `rates` (`undefined`: no rate). */
function converted(item, rates) {
  const rate = item.currency === "CNY" ? 1 : rates[item.currency];
  if (rate === undefined) return undefined;
  return (Number(item.price_tiers[0].unit_price) / Number(item.content_per_order_unit)) * rate;
}

/** The item ids of the first page sorted by `order` ("price-asc" or "price-desc"). */
/**
 * The catalog's item ids in `order`. With `first`, the rows are read again (for up to 10 s) until
 * that id leads: a sync's new rates reach the sort after the sync bar says done, later still on a
 * loaded machine, so one read after a fixed pause raced with it. The test still fails if the
 * sort never follows.
 */
async function sortedIds(page, order, first = undefined) {
  await goTo(page, "/catalog");
  await page.getByTestId("catalog-search").fill("");
  await page.getByTestId("sort").selectOption(order);
  await page.waitForTimeout(100);
  const read = () => page.locator("li.item").evaluateAll((rows) => rows.map((r) => r.dataset.itemId));
  let ids = await read();
  for (let waited = 0; first !== undefined && ids[0] !== first && waited < 10_000; waited += 250) {
    await page.waitForTimeout(250);
    ids = await read();
  }
  return ids;
}

/** Asserts `ids` run in order of their price in CNY by `rates`, dearest first if `desc`. */
function assertSorted(ids, items, rates, desc, what) {
  const keys = ids.map((id) => converted(items.get(id), rates));
  for (let i = 1; i < keys.length; i++) {
    const [a, b] = [keys[i - 1], keys[i]];
    if (a === undefined || b === undefined) continue;
    assert.ok(desc ? a >= b * (1 - 1e-9) : a <= b * (1 + 1e-9), `${what}: ${ids[i - 1]} (${a}) before ${ids[i]} (${b})`);
  }
}

async function shoot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  for (const lang of ["en", "zh-CN"]) {
    await page.getByTestId("language").first().selectOption(lang);
    await page.waitForTimeout(100);
    await page.screenshot({ path: path.join(SHOTS, `${lang}-768x1024-${name}.png`), fullPage: true });
  }
  await page.getByTestId("language").first().selectOption("en");
}

test("prices sort by the organisation's rates; a device's own rate only shows, marked", async () => {
  const dir = scratch("procura-e2e-rates-");
  const endpoint = await startEndpoint({ db: path.join(dir, "endpoint.sqlite3"), extraArgs: ARGS });
  const browser = await launchBrowser(path.join(dir, "profile"));
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url, "buyer");
    await syncNow(page);

    // An admin changes the euro's rate at the hub; after a sync the buyer's price sort follows
    // it. With the demo rates the dearest item per unit is not in EUR; at 1 EUR = 1000 CNY it is.
    const items = await hubItems(endpoint.url);
    const all = [...items.values()];
    const dearest = (rates) => all.reduce((a, b) => (converted(b, rates) > converted(a, rates) ? b : a));
    const demo = { EUR: 7.8, USD: 7.2 };
    const dear = { EUR: 1000, USD: 7.2 };
    assert.notEqual(dearest(demo).currency, "EUR", "the demo data shows the change");
    assert.equal(dearest(dear).currency, "EUR");
    const policy = await policyRecord(endpoint.url);
    assert.ok(policy.rates.some((r) => r.currency === "EUR"));
    policy.rates = policy.rates.map((r) => (r.currency === "EUR" ? { ...r, rate: "1000" } : r));
    await savePolicy(endpoint.url, policy);
    await syncNow(page);
    const desc = await sortedIds(page, "price-desc", dearest(dear).id);
    assert.equal(desc[0], dearest(dear).id, "the dearest by the organisation's new rate comes first");
    assertSorted(desc, items, dear, true, "dearest first");
    assertSorted(await sortedIds(page, "price-asc"), items, dear, false, "cheapest first");
    await sortedIds(page, "price-desc");
    const eurRow = page.locator(`li.item[data-item-id="${desc[0]}"]`);
    const shown = await eurRow.getByTestId("converted-price").textContent();
    assert.match(shown, /≈ CNY/);
    assert.doesNotMatch(shown, /this device/);

    // The organisation drops USD: USD items are marked and sort after every converted price.
    policy.rates = policy.rates.filter((r) => r.currency !== "USD");
    await savePolicy(endpoint.url, policy);
    await syncNow(page);
    const noUsd = { EUR: 1000 };
    const converting = all.filter((i) => i.currency !== "USD").length;
    const lastPage = async (order) => {
      // Without USD the dearest EUR item still leads (USD items sort last): wait for the sync.
      await sortedIds(page, order, order === "price-desc" ? dearest(dear).id : undefined);
      const next = page.getByTestId("next-page");
      while (await next.isEnabled()) await next.click();
      return page.locator("li.item").evaluateAll((rows) => rows.map((r) => r.dataset.itemId));
    };
    const tail = await lastPage("price-desc");
    const usdCount = all.length - converting;
    assert.ok(usdCount > 0 && tail.length >= 1);
    assert.ok(tail.slice(-Math.min(usdCount, tail.length)).every((id) => items.get(id).currency === "USD"), "USD last when dearest first");
    const usdRow = page.locator(`li.item[data-item-id="${tail.at(-1)}"]`);
    assert.match(await usdRow.getByTestId("no-rate").textContent(), /no exchange rate for USD: ask your administrator/);
    assert.equal(await usdRow.getByTestId("converted-price").count(), 0, "not converted");
    assertSorted(await sortedIds(page, "price-desc"), items, noUsd, true, "dearest first without USD");

    // Settings: the organisation's rates read-only; this device adds its own USD rate.
    await goTo(page, "/settings");
    const org = page.getByTestId("org-rates");
    assert.match(await org.textContent(), /1 EUR = 1000 CNY/);
    assert.equal(await org.locator('[data-currency="USD"]').count(), 0);
    await page.getByTestId("device-rate-currency").fill("EUR");
    await page.getByTestId("device-rate-value").fill("7.8");
    await page.getByTestId("add-device-rate").click();
    await page.getByText("The organisation has a rate for EUR: that one is used.").waitFor();
    await page.getByTestId("device-rate-currency").fill("USD");
    await page.getByTestId("device-rate-value").fill("7.2");
    await page.getByTestId("add-device-rate").click();
    await page.locator('[data-testid="device-rate"][data-currency="USD"]').waitFor();
    await shoot(page, "settings-rates");

    // Shown converted and marked, still marked as lacking the organisation's rate, still last.
    const after = await lastPage("price-desc");
    assert.deepEqual(after, tail, "a device's own rate never sorts");
    const usd = page.locator(`li.item[data-item-id="${after.at(-1)}"]`);
    assert.match(await usd.getByTestId("converted-price").textContent(), /≈ CNY\s.*\(this device's rate\)/);
    assert.equal(await usd.getByTestId("no-rate").count(), 1);
    await shoot(page, "catalog-device-rate");

    // In the cart and the requisition form the missing rate is named, not a cost centre.
    await usd.getByTestId("add-to-cart").click();
    await page.getByTestId("added-to-cart").waitFor();
    await goTo(page, "/cart");
    assert.match(await page.getByTestId("line-no-rate").first().textContent(), /No exchange rate for USD: ask your administrator/);
    await page.getByTestId("cart-no-rate").waitFor();
    await shoot(page, "cart-no-rate");
    await page.getByTestId("create-requisition").click();
    const totals = page.getByTestId("req-totals");
    await totals.waitFor();
    assert.match(await totals.textContent(), /Line 1 is in USD, and the organisation has no exchange rate from USD to CNY/);
    await page.getByTestId("route-needs-totals").waitFor();
    assert.doesNotMatch(await page.getByTestId("route-preview").textContent(), /cost centre/);
    await page.getByTestId("language").first().selectOption("zh-CN");
    assert.match(await totals.textContent(), /第 1 行以 USD 计价/);
    await page.getByTestId("language").first().selectOption("en");
    await shoot(page, "requisition-no-rate");

    // A comparison, if the demo catalog has a product two suppliers offer.
    await goTo(page, "/catalog");
    await page.getByTestId("sort").selectOption("relevance");
    const compare = page.getByTestId("compare-button").first();
    if (await compare.count()) {
      for (const lang of ["en", "zh-CN"]) {
        await page.getByTestId("language").first().selectOption(lang);
        await page.getByTestId("compare-button").first().click();
        await page.getByTestId("compare-panel").waitFor();
        await page.screenshot({ path: path.join(SHOTS, `${lang}-768x1024-compare.png`) });
        await page.getByTestId("compare-close").click();
      }
      await page.getByTestId("language").first().selectOption("en");
    }

    // An import in CHF, which the organisation has no rate for: the check says so.
    const file = path.join(dir, "chf.json");
    writeFileSync(file, JSON.stringify({
      format: "procura-catalog/1",
      supplier: "Helvetia",
      action: "update",
      currency: "CHF",
      items: [{
        sku: "CH-1", name: { en: "Swiss padlock", zh: "瑞士挂锁" }, unspsc: "46171501",
        order_unit: "H87", content_unit: "H87", content_per_order_unit: 1,
        price_tiers: [{ min_qty: 1, unit_price: "12.50" }], lead_time_days: 5, stock: 10,
      }],
    }));
    await goTo(page, "/catalog/import");
    await page.getByTestId("new-supplier-name").fill("Helvetia");
    await page.getByTestId("import-file").setInputFiles(file);
    const checked = page.getByTestId("check-summary");
    await checked.waitFor();
    await page.getByTestId("import-confirm").waitFor();
    const warning = page.locator('[data-testid="import-no-rate"][data-currency="CHF"]');
    assert.match(await warning.textContent(), /No exchange rate for CHF: ask your administrator/);
    await shoot(page, "import-check");

    // The policy's rates as every user sees them.
    await goTo(page, "/policy");
    await page.getByTestId("policy-rates").waitFor();
    await shoot(page, "policy-rates");

    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
