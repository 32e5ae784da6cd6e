// Stock and reorder on a portrait tablet, end to end on the demo's stock room (eight stocked
// items with two years of goods issues, half of them counted low): a buyer opens Spend and
// drills from a category bar to its orders, opens Stock, checks each item's level against the
// hub's own records, then with the network off puts two suggested items in a cart, submits a
// requisition and records a goods issue; back online, both reach the hub exactly once.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { readFileSync } from "node:fs";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, api, token, waitSynced } from "./harness.mjs";

const ARGS = [
  "--suppliers", "2", "--items-per-supplier", "60",
  "--marketplace-sellers", "0", "--demo-evaluations", "0",
];

/** Every live record at the hub, by kind (all pull pages). */
async function hubRecords(base) {
  const auth = await token(base, "admin");
  const byKind = new Map();
  let cursor = "";
  for (;;) {
    const page = await api(base, "GET", `/sync/pull?cursor=${encodeURIComponent(cursor)}&limit=5000`, { token: auth });
    for (const c of page.changes) {
      if (c.op !== "upsert") continue;
      if (!byKind.has(c.record.kind)) byKind.set(c.record.kind, []);
      byKind.get(c.record.kind).push(c.record);
    }
    cursor = page.next_cursor;
    if (!page.has_more) break;
  }
  return byKind;
}

/** On hand by the module's rule, from the hub's records: the count, then issues and receipts after it. */
function onHand(stock, issues, orders) {
  let level = Number(stock.counted);
  for (const g of issues) {
    if (g.item_id === stock.item_id && g.location === stock.location && g.issued_at_ms > stock.counted_at_ms) level -= Number(g.quantity);
  }
  for (const o of orders) {
    for (const e of o.events ?? []) {
      if (e.type !== "received" || e.at_ms <= stock.counted_at_ms) continue;
      for (const r of e.lines) {
        const line = o.lines.find((l) => l.line_no === r.line_no);
        if (line?.item_id === stock.item_id) level += Number(r.accepted);
      }
    }
  }
  return level;
}

test("a buyer drills into spend, reorders two suggested items and issues goods, offline too", async () => {
  const dir = scratch("procura-e2e-stock-");
  const endpoint = await startEndpoint({ db: path.join(dir, "endpoint.sqlite3"), extraArgs: ARGS });
  const browser = await launchBrowser(path.join(dir, "profile"), { width: 768, height: 1024 });
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url, "buyer");
    await waitSynced(page, 120_000);
    const hub = await hubRecords(endpoint.url);
    const stocks = hub.get("stock") ?? [];
    const issues = hub.get("goods_issue") ?? [];
    assert.equal(stocks.length, 8, "the demo stocks eight items");
    assert.ok(issues.length > 160, `two years of goods issues (${issues.length})`);

    // Spend: from a category bar to the orders behind it.
    await page.getByRole("link", { name: "Orders", exact: true }).click();
    await page.getByTestId("open-spend").click();
    await page.getByTestId("spend-totals").waitFor({ timeout: 30_000 });
    await page.getByTestId("spend-dim").selectOption("family");
    await page.locator('[data-testid="spend-bars"] g.tappable[data-bar="0"]').click();
    const drill = page.getByTestId("spend-drill");
    await drill.waitFor();
    const orderLink = drill.locator('[data-testid="drill-line"] a[href^="/orders/"]').first();
    const href = await orderLink.getAttribute("href");
    await orderLink.click();
    await page.waitForURL(new RegExp(`${href}$`));
    await page.getByTestId("order-lines").waitFor();

    // Stock: every row's level is the hub's records' level.
    await page.getByRole("link", { name: "Stock", exact: true }).click();
    await page.getByTestId("stock-page").waitFor();
    const rows = page.getByTestId("stock-row");
    await rows.first().waitFor({ timeout: 30_000 });
    assert.equal(await rows.count(), 8);
    const orders = hub.get("order") ?? [];
    const shown = await page.getByTestId("stock-on-hand").allTextContents();
    const expected = stocks
      .slice()
      .sort((a, b) => (a.location + a.item_id < b.location + b.item_id ? -1 : 1))
      .map((s) => onHand(s, issues, orders));
    assert.deepEqual(shown.map((t) => Number(t.replace(/,/g, ""))), expected, "on hand = count − issues + receipts since");

    // The stocked items as CSV: a row each, the same levels.
    const download = page.waitForEvent("download");
    await page.getByTestId("stock-export").click();
    const file = await download;
    assert.equal(file.suggestedFilename(), "stock.csv");
    const csvRows = readFileSync(await file.path(), "utf8").slice(1).trim().split("\r\n").slice(1)
      .map((r) => r.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
    assert.deepEqual(csvRows.map((r) => Number(r[2])), expected, "the CSV has the levels shown");

    const due = page.getByTestId("reorder-row");
    const dueCount = await due.count();
    assert.ok(dueCount >= 2, `items are due for reorder (${dueCount})`);
    // The chart of the first due item: its reorder point drawn on it.
    const firstDue = page.locator('[data-testid="stock-row"][data-state="due"]').first();
    await firstDue.getByTestId("stock-details").click();
    await page.getByTestId("stock-chart").waitFor();
    await page.getByTestId("stock-figures").waitFor();
    await firstDue.getByTestId("stock-details").click();

    // Offline from here.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await browser.setOffline(true);

    // Keep the first two suggestions, untick the rest, add them to the cart.
    const wanted = [];
    for (let i = 0; i < dueCount; i++) {
      const row = due.nth(i);
      if (i >= 2) {
        await row.getByTestId("reorder-pick").uncheck();
      } else {
        wanted.push(Number((await row.getByTestId("reorder-qty").textContent()).replace(/[^\d.]/g, "")));
      }
    }
    await page.getByTestId("reorder-to-cart").click();
    await page.getByTestId("reorder-message").filter({ hasText: "2 items added" }).waitFor();
    await page.getByTestId("reorder-open-cart").click();
    const lines = page.getByTestId("cart-line");
    await lines.first().waitFor();
    assert.equal(await lines.count(), 2, "two lines in the cart");
    const qtys = (await page.getByTestId("cart-qty").evaluateAll((els) => els.map((e) => Number(e.value)))).sort((a, b) => a - b);
    assert.deepEqual(qtys, wanted.slice().sort((a, b) => a - b), "at the suggested quantities");

    await page.getByTestId("create-requisition").click();
    const title = `Reorder ${Date.now()}`;
    await page.getByTestId("req-title").fill(title);
    await page.getByTestId("req-cost-centre").selectOption("CC-100");
    await page.getByTestId("req-account").selectOption("6001");
    const needBy = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId("req-need-by").fill(needBy);
    await page.getByTestId("req-address").fill("Central store, Building 2");
    await page.getByTestId("req-justification").fill("Stock at or below its reorder point");
    await page.getByTestId("submit-requisition").click();
    await page.getByTestId("req-status").waitFor();

    // A goods issue of 2 from the first stocked item, offline: the level drops at once.
    await page.getByRole("link", { name: "Stock", exact: true }).click();
    const first = page.getByTestId("stock-row").first();
    const before = Number((await first.getByTestId("stock-on-hand").textContent()).replace(/,/g, ""));
    await first.getByTestId("stock-issue").click();
    await page.getByTestId("issue-quantity").fill("2");
    await page.getByTestId("issue-note").fill("e2e room 4");
    await page.getByTestId("issue-submit").click();
    await page.getByTestId("issue-message").waitFor();
    await page.waitForFunction(
      (want) => Number(document.querySelector('[data-testid="stock-on-hand"]').textContent.replace(/,/g, "")) === want,
      before - 2,
    );

    // Online again: both reach the hub once.
    await browser.setOffline(false);
    await waitSynced(page, 60_000);
    const after = await hubRecords(endpoint.url);
    const mine = (after.get("goods_issue") ?? []).filter((g) => g.note === "e2e room 4");
    assert.equal(mine.length, 1, "the goods issue is recorded once");
    assert.equal(mine[0].quantity, "2");
    const reqs = (after.get("requisition") ?? []).filter((r) => r.title === title);
    assert.equal(reqs.length, 1, "the requisition reached the hub once");
    assert.equal(reqs[0].lines.length, 2);
    console.log(`# stock: ${stocks.length} stocked items, ${issues.length} goods issues, ${dueCount} due; reordered ${wanted.join(" + ")} units`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
