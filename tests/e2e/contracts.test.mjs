// Contracts on a portrait tablet, end to end through the served app and the real hub: a buyer
// records a contract with a demo supplier that prices one of its items below the catalog; the
// catalog shows the contract price, marked; the item goes to the cart at that price and into a
// requisition that the hub accepts and stamps with the contract; ending the contract brings the
// catalog price back. A contract recorded offline reaches the hub once. In English and Chinese.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, api, token, waitSynced } from "./harness.mjs";

const ARGS = [
  "--suppliers", "2", "--items-per-supplier", "60",
  "--marketplace-sellers", "0", "--demo-evaluations", "0", "--demo-history", "false",
];

async function hubRecords(base, kind) {
  const page = await api(base, "GET", "/sync/pull?cursor=&limit=5000", { token: await token(base, "admin") });
  return page.changes.filter((c) => c.op === "upsert" && c.record.kind === kind).map((c) => c.record);
}

async function goTo(page, route) {
  await page.evaluate((r) => {
    history.pushState(null, "", r);
    dispatchEvent(new PopStateEvent("popstate", { state: null }));
  }, route);
}

/** A catalog item of a supplier priced in the supplier's currency, outside UNSPSC segment 43, with
 * one price from its minimum order quantity up (so the contract's price applies throughout). */
async function pickItem(base) {
  const auth = await token(base, "buyer");
  const suppliers = await api(base, "GET", "/suppliers", { token: auth });
  for (const s of suppliers) {
    const page = await api(base, "GET", `/suppliers/${s.id}/catalog?limit=500`, { token: auth });
    for (const { item } of page.changes.filter((c) => c.op === "upsert")) {
      if (item.unspsc.startsWith("43") || item.currency !== s.currency || !item.price_tiers.length) continue;
      const list = Number(item.price_tiers[0].unit_price);
      if (list < 2 || list >= 500) continue;
      return { supplier: s, other: suppliers.find((x) => x.id !== s.id), item, list };
    }
  }
  throw new Error("no catalog item to put on a contract");
}

const isoDay = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Fills the contract form's head: supplier, number, title, last day. */
async function fillHead(page, supplierId, number, title) {
  await page.getByTestId("contract-supplier").selectOption(supplierId);
  await page.getByTestId("contract-number-input").fill(number);
  await page.getByTestId("contract-title").fill(title);
  await page.getByTestId("contract-to").fill(isoDay(180));
}

/** The catalog row of `item` after searching its SKU. */
async function catalogRow(page, item) {
  await page.getByRole("link", { name: "Catalog", exact: true }).click();
  await page.getByTestId("catalog-search").fill(item.sku);
  const row = page.locator(`li.item[data-item-id="${item.id}"]`);
  await row.waitFor();
  return row;
}

test("a contract prices the catalog, the cart and a requisition the hub accepts; ending it restores the catalog price; offline once", async () => {
  const dir = scratch("procura-e2e-contracts-");
  const endpoint = await startEndpoint({ db: path.join(dir, "endpoint.sqlite3"), extraArgs: ARGS });
  const browser = await launchBrowser(path.join(dir, "profile"), { width: 768, height: 1024 });
  try {
    const base = endpoint.url;
    const { supplier, other, item, list } = await pickItem(base);
    const agreed = (Math.floor(list * 80) / 100).toFixed(2);
    assert.ok(Number(agreed) < list);

    const { page, errors } = await openLoggedIn(browser, base, "buyer");
    await waitSynced(page, 120_000);
    await page.getByRole("link", { name: "Contracts", exact: true }).click();
    await page.getByTestId("contracts-page").waitFor();
    await page.getByTestId("no-contracts").waitFor();

    // The form: the core's check answers at once (no price and no ceiling is refused).
    await page.getByTestId("new-contract").click();
    await fillHead(page, supplier.id, "CT-E2E-1", "Office supplies framework");
    await page.getByTestId("save-contract").click();
    await page.getByTestId("contract-error").waitFor();
    // An item price below the catalog's, the item found by its SKU; the catalog price beside it.
    await page.getByTestId("add-item-price").click();
    await page.getByTestId("item-search").fill(item.sku);
    await page.getByTestId("item-option").first().click();
    await page.getByTestId("chosen-item").waitFor();
    assert.match(await page.getByTestId("chosen-item").textContent(), new RegExp(item.sku.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    await page.getByTestId("agreed-price").fill(agreed);
    await page.getByTestId("contract-ceiling").fill("100000");
    await page.getByTestId("save-contract").click();
    const row = page.getByTestId("contract-row").filter({ hasText: "CT-E2E-1" });
    await row.waitFor();
    assert.equal(await row.getAttribute("data-state"), "in-force");
    await waitSynced(page, 60_000);
    const [atHub] = (await hubRecords(base, "contract")).filter((c) => c.terms.number === "CT-E2E-1");
    assert.ok(atHub, "the hub recorded the contract");
    assert.equal(atHub.revision, 1);
    assert.deepEqual(atHub.terms.prices, [{ kind: "item", item_id: item.id, unit_price: String(Number(agreed)) }]);

    // The catalog shows the contract price, marked, the catalog price struck beside it.
    let itemRow = await catalogRow(page, item);
    await itemRow.getByTestId("contract-mark").waitFor();
    assert.match(await itemRow.getByTestId("contract-mark").textContent(), /Contract price · CT-E2E-1/);
    assert.ok((await itemRow.getByTestId("item-price").textContent()).includes(Number(agreed).toFixed(2)));
    await itemRow.getByTestId("catalog-price").waitFor();

    // Into the cart at the contract's price, marked; then a requisition, submitted.
    await itemRow.getByTestId("add-to-cart").click();
    await itemRow.getByTestId("added-to-cart").waitFor();
    await page.getByRole("link", { name: "Cart", exact: true }).click();
    const line = page.getByTestId("cart-line").first();
    await line.getByTestId("contract-mark").waitFor();
    assert.ok((await line.getByTestId("line-unit-price").textContent()).includes(Number(agreed).toFixed(2)));
    await page.getByTestId("create-requisition").click();
    await page.getByTestId("req-title").fill("Paper under contract");
    await page.getByTestId("req-cost-centre").selectOption("CC-100");
    await page.getByTestId("req-account").selectOption("6001");
    await page.getByTestId("req-need-by").fill(isoDay(14));
    await page.getByTestId("req-address").fill("Warehouse 2, Dock 3, Suzhou");
    await page.getByTestId("req-justification").fill("Bought at the framework price");
    await page.getByTestId("budget-impact").waitFor();
    await page.getByTestId("submit-requisition").click();
    await page.getByTestId("req-status").waitFor();
    await waitSynced(page, 60_000);
    const req = (await hubRecords(base, "requisition")).find((r) => r.title === "Paper under contract");
    assert.ok(req, "the hub accepted the requisition (not refused)");
    assert.equal(req.lines[0].contract?.number, "CT-E2E-1", JSON.stringify(req.lines[0]));
    assert.equal(Number(req.lines[0].unit_price), Number(agreed));
    // Its page says which contract priced the line.
    await page.getByTestId("req-line").first().getByTestId("contract-mark").filter({ hasText: "Contract CT-E2E-1" }).waitFor();

    // Ending the contract (a reason is required) brings the catalog price back.
    await page.getByRole("link", { name: "Contracts", exact: true }).click();
    await page.getByTestId("contract-row").filter({ hasText: "CT-E2E-1" }).getByTestId("contract-number").click();
    await page.getByTestId("contract-history-entry").first().waitFor();
    await page.getByTestId("end-contract").click();
    await page.getByTestId("end-dialog").waitFor();
    await page.getByTestId("confirm-end").click();
    await page.getByTestId("end-dialog").getByRole("alert").waitFor();
    await page.getByTestId("end-reason").fill("Supplier merged; renegotiating");
    await page.getByTestId("confirm-end").click();
    await page.getByTestId("contract-ended").waitFor();
    await waitSynced(page, 60_000);
    const [ended] = (await hubRecords(base, "contract")).filter((c) => c.terms.number === "CT-E2E-1");
    assert.equal(ended.ended?.reason, "Supplier merged; renegotiating");
    itemRow = await catalogRow(page, item);
    await itemRow.getByTestId("item-price").waitFor();
    assert.equal(await itemRow.getByTestId("contract-mark").count(), 0);
    assert.ok((await itemRow.getByTestId("item-price").textContent()).includes(list.toFixed(2)));

    // Offline: a category discount with the other supplier, queued and shown at once; once online
    // it reaches the hub once.
    await browser.setOffline(true);
    await goTo(page, "/contracts/new");
    await fillHead(page, other.id, "CT-E2E-2", "Cleaning supplies");
    await page.getByTestId("add-category").click();
    await page.getByTestId("category-unspsc").fill("47");
    await page.getByTestId("category-discount").fill("7.5");
    await page.getByTestId("save-contract").click();
    const offline = page.getByTestId("contract-row").filter({ hasText: "CT-E2E-2" });
    await offline.getByTestId("pending-sync").waitFor();
    await browser.setOffline(false);
    await waitSynced(page, 60_000);
    const second = (await hubRecords(base, "contract")).filter((c) => c.terms.number === "CT-E2E-2");
    assert.equal(second.length, 1, "recorded once");
    assert.equal(second[0].revision, 1);
    await offline.getByTestId("pending-sync").waitFor({ state: "detached" });

    // Both languages: the list in Chinese (all contracts, the ended one too).
    await page.getByTestId("show-all").check();
    await page.getByTestId("language").first().selectOption("zh-CN");
    await page.getByRole("link", { name: "合同", exact: true }).waitFor();
    const endedRow = page.getByTestId("contract-row").filter({ hasText: "CT-E2E-1" });
    assert.equal((await endedRow.getByTestId("contract-state").textContent()).trim(), "已终止");
    assert.equal((await offline.getByTestId("contract-state").textContent()).trim(), "生效中");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
