// Spend analysis on a portrait tablet, end to end on the demo's two years of purchasing
// history: a buyer opens Spend from the orders page, sees the totals, taps a category family's
// bar and gets the order lines behind it (each an order at the hub with a line of that family),
// opens one, switches to Chinese and sees the same figures, and after the first sync the
// screen comes back with the network off.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { readFileSync } from "node:fs";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, api, token, waitSynced } from "./harness.mjs";

const ARGS = [
  "--suppliers", "2", "--items-per-supplier", "60",
  "--marketplace-sellers", "0", "--demo-evaluations", "0",
];

async function hubOrders(base) {
  const page = await api(base, "GET", "/sync/pull?cursor=&limit=5000", { token: await token(base, "admin") });
  return new Map(page.changes
    .filter((c) => c.op === "upsert" && c.record.kind === "order")
    .map((c) => [c.record.id, c.record]));
}

/** Sums amounts written as decimal text, exactly, in minor units of 1/10⁶. */
function sum(texts) {
  return texts.reduce((acc, t) => {
    const [int, frac = ""] = t.split(".");
    const sign = int.startsWith("-") ? -1n : 1n;
    return acc + sign * (BigInt(int.replace("-", "")) * 1_000_000n + BigInt((frac + "000000").slice(0, 6)));
  }, 0n);
}

async function spendFigures(page) {
  await page.getByTestId("spend-totals").waitFor({ timeout: 30_000 });
  return {
    committed: await page.getByTestId("spend-committed").getAttribute("data-amount"),
    received: await page.getByTestId("spend-received").getAttribute("data-amount"),
    committedText: (await page.getByTestId("spend-committed").textContent()).trim(),
  };
}

test("a buyer drills from a category bar to its order lines, in both languages, offline too", async () => {
  const dir = scratch("procura-e2e-spend-");
  const endpoint = await startEndpoint({ db: path.join(dir, "endpoint.sqlite3"), extraArgs: ARGS });
  const browser = await launchBrowser(path.join(dir, "profile"), { width: 768, height: 1024 });
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url, "buyer");
    await waitSynced(page, 120_000);
    const orders = await hubOrders(endpoint.url);
    assert.ok(orders.size > 20, `the demo history has orders (${orders.size})`);

    await page.getByRole("link", { name: "Orders", exact: true }).click();
    await page.getByTestId("open-spend").click();
    await page.waitForURL(/\/spend$/);
    const en = await spendFigures(page);
    assert.ok(sum([en.committed]) > 0n, `committed spend is shown (${en.committedText})`);
    assert.match(en.committedText, /^CNY/, "in the organisation's currency");

    // The family table adds up to the total.
    await page.getByTestId("spend-dim").selectOption("family");
    const rows = page.getByTestId("spend-table").locator("tbody tr");
    const amounts = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.amount));
    assert.ok(amounts.length > 1, "several category families");
    assert.equal(sum(amounts), sum([en.committed]), "the families' committed spend adds up to the total");

    // The table as CSV: a header and one row per family, the same amounts.
    const download = page.waitForEvent("download");
    await page.getByTestId("spend-export").click();
    const file = await download;
    assert.equal(file.suggestedFilename(), "spend-family.csv");
    const text = readFileSync(await file.path(), "utf8");
    assert.ok(text.startsWith("\uFEFF"), "a byte order mark for spreadsheets");
    const csvRows = text.slice(1).trim().split("\r\n").map((r) => r.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
    assert.equal(csvRows.length, amounts.length + 1, "a header and a row per family");
    assert.equal(sum(csvRows.slice(1).map((r) => r[2])), sum([en.committed]), "the CSV adds up to the total");

    // Spend by month, stacked by the five largest category segments and the others; the budget
    // burn-down of a cost centre with a budget this quarter.
    const stacks = await page.getByTestId("spend-month-stacks-legend").locator("li").count();
    assert.ok(stacks >= 2 && stacks <= 6, `five segments at most and the others (${stacks} stacks)`);
    const burn = page.getByTestId("burn-down");
    await burn.waitFor();
    assert.equal(await burn.getByTestId("burn-down-chart").locator("svg[role=img]").count(), 1);

    // Tap the largest family's bar.
    const family = await rows.first().getAttribute("data-key");
    const familyAmount = await rows.first().getAttribute("data-amount");
    await page.locator('[data-testid="spend-bars"] g.tappable[data-bar="0"]').click();
    const drill = page.getByTestId("spend-drill");
    await drill.waitFor();
    assert.equal(await drill.getAttribute("data-key"), family);
    const lines = drill.getByTestId("drill-line");
    const n = await lines.count();
    assert.ok(n > 0, "the lines behind the bar are listed");
    const listed = await lines.evaluateAll((trs) => trs.map((tr) => ({
      amount: tr.dataset.amount,
      line: Number(tr.dataset.line),
      href: tr.querySelector("a").getAttribute("href"),
    })));
    const behind = Number(await drill.getAttribute("data-count"));
    assert.equal(n, Math.min(behind, 50), "the lines behind the bar, the first 50 listed");
    // Every line behind the bar, as CSV, adds up to the bar.
    const lineFile = page.waitForEvent("download");
    await page.getByTestId("drill-export").click();
    const lineRows = readFileSync(await (await lineFile).path(), "utf8").slice(1).trim().split("\r\n").slice(1)
      .map((r) => r.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
    assert.equal(lineRows.length, behind, "a CSV row per line behind the bar");
    assert.equal(sum(lineRows.map((r) => r[5])), sum([familyAmount]), "the lines add up to the bar");
    for (const l of listed.filter((l) => l.href.startsWith("/orders/"))) {
      const po = orders.get(l.href.slice("/orders/".length));
      assert.ok(po, `${l.href} is an order at the hub`);
      const line = po.lines.find((x) => x.line_no === l.line);
      assert.ok(line && line.unspsc.startsWith(family), `${po.number} line ${l.line} is in family ${family}`);
    }

    console.log(`# spend: ${orders.size} orders at the hub, committed ${en.committedText}, ${amounts.length} families; ` +
      `family ${family}: ${behind} lines behind its bar, ${n} listed`);

    // The order number opens the order.
    const first = listed.find((l) => l.href.startsWith("/orders/"));
    assert.ok(first, "an order line is behind the bar");
    await lines.locator(`a[href="${first.href}"]`).first().click();
    await page.waitForURL(new RegExp(`${first.href}$`));
    await page.getByTestId("order-lines").waitFor();
    await page.goBack();

    // Chinese: the same figures, in Chinese.
    await page.getByTestId("language").selectOption("zh-CN");
    const zh = await spendFigures(page);
    assert.equal(zh.committed, en.committed);
    assert.equal(zh.received, en.received);
    assert.match(await page.getByTestId("spend-page").locator("h1").textContent(), /支出分析/);
    await page.getByTestId("spend-dim").selectOption("family");
    await page.locator('[data-testid="spend-bars"] g.tappable[data-bar="0"]').click();
    await page.getByTestId("spend-drill").waitFor();
    assert.equal(await page.getByTestId("drill-line").count(), n, "the same lines behind the bar");

    // Offline: the screen comes back from the service worker and IndexedDB.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await browser.setOffline(true);
    await page.reload();
    const offline = await spendFigures(page);
    assert.equal(offline.committed, en.committed, "the same committed total offline");
    assert.equal(offline.received, en.received);
    await page.getByTestId("spend-row").first().click();
    await page.getByTestId("drill-line").first().waitFor();
    await browser.setOffline(false);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
