// Cart → requisition → approval through the served app and the real endpoint, with two browser
// contexts (the buyer's tablet and an approvers' shared tablet): a requisition that needs two
// levels and a budget check is approved by the line manager and, under delegation, by a
// colleague for the director; an approver decides offline and the decision syncs later; a
// decision the hub refuses (the buyer withdrew first) is shown as refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startEndpoint, launchBrowser, scratch, cleanup, logIn, openLoggedIn, api, token, waitSynced } from "./harness.mjs";

// No demo history: the tests read "the" requisition at the hub and count approvals.
const ARGS = [
  "--suppliers", "2", "--items-per-supplier", "60",
  "--marketplace-sellers", "0", "--demo-evaluations", "0", "--demo-history", "false",
];

/** Every requisition the hub holds, as pulled by `username`. */
async function hubRequisitions(base, username = "admin") {
  const page = await api(base, "GET", "/sync/pull?cursor=&limit=5000", { token: await token(base, username) });
  return page.changes
    .filter((c) => c.op === "upsert" && c.record.kind === "requisition")
    .map((c) => c.record);
}

const CNY_PER = { CNY: 1, EUR: 7.8, USD: 7.2 };

/**
 * A catalog item priced in CNY, outside UNSPSC segment 43 (which would add the IT review step),
 * and the quantity that makes its line land between `low` and `high` CNY net.
 */
async function pickItem(base, low, high) {
  const auth = await token(base, "buyer");
  const suppliers = await api(base, "GET", "/suppliers", { token: auth });
  for (const s of suppliers) {
    const page = await api(base, "GET", `/suppliers/${s.id}/catalog?limit=500`, { token: auth });
    for (const { item } of page.changes.filter((c) => c.op === "upsert")) {
      if (item.unspsc.startsWith("43") || item.currency !== "CNY") continue;
      for (let qty = Number(item.price_tiers[0].min_qty); qty < 100_000; qty += 1) {
        const tier = [...item.price_tiers].reverse().find((t) => Number(t.min_qty) <= qty);
        const net = qty * Number(tier.unit_price) * CNY_PER[item.currency];
        if (net >= low && net <= high) return { item, qty };
        if (net > high) break;
      }
    }
  }
  throw new Error(`no catalog item can make a line of ${low}–${high} CNY`);
}

/** In the buyer's page: finds the item, adds it to the cart, sets the quantity. */
async function fillCart(page, item, qty) {
  await page.getByRole("link", { name: "Catalog", exact: true }).click();
  await page.getByTestId("catalog-search").fill(item.sku);
  const row = page.locator(`li.item[data-item-id="${item.id}"]`);
  await row.getByTestId("add-to-cart").click();
  await page.getByRole("link", { name: "Cart", exact: true }).click();
  const line = page.getByTestId("cart-line").first();
  await line.getByTestId("cart-qty").fill(String(qty));
  await line.getByTestId("cart-qty").press("Tab");
}

/** From the cart, through the form, to a submitted requisition; returns its detail URL. */
async function submitRequisition(page, title, { costCentre = "CC-100" } = {}) {
  await page.getByTestId("create-requisition").click();
  await page.getByTestId("req-title").fill(title);
  await page.getByTestId("req-cost-centre").selectOption(costCentre);
  await page.getByTestId("req-account").selectOption("6001");
  const needBy = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  await page.getByTestId("req-need-by").fill(needBy);
  await page.getByTestId("req-address").fill("Warehouse 2, Dock 3, Suzhou");
  await page.getByTestId("req-justification").fill("Stock for the Q4 maintenance programme");
  await page.getByTestId("budget-impact").waitFor();
  await page.getByTestId("submit-requisition").click();
  await page.getByTestId("req-status").waitFor();
  return page.url();
}

/** Logs the current user out (after their changes synced) and `username` in. */
async function switchUser(page, username) {
  await waitSynced(page);
  await page.getByRole("button", { name: "Log out" }).click();
  await logIn(page, username);
  await page.getByTestId("record-sync").first().waitFor();
  await waitSynced(page);
}

async function inboxRow(page, title) {
  await page.getByRole("link", { name: /^Approvals/ }).click();
  const row = page.getByTestId("inbox-row").filter({ hasText: title });
  try {
    await row.waitFor({ timeout: 30_000 });
  } catch (e) {
    // Say what the approver saw instead, so a failure here can be told apart from a slow hub.
    const rows = await page.getByTestId("inbox-row").allTextContents();
    const sync = await page.getByTestId("record-sync").first().evaluate((el) => ({ ...el.dataset, text: el.textContent }));
    throw new Error(`no inbox row titled ${JSON.stringify(title)} at ${page.url()}; rows: ${JSON.stringify(rows)}; sync: ${JSON.stringify(sync)}`, { cause: e });
  }
  return row;
}

async function approveFromInbox(page, title) {
  const row = await inboxRow(page, title);
  await row.getByTestId("inbox-approve").click();
  await page.getByTestId("confirm-decision").click();
  // Queued and shown at once: the requisition leaves this approver's inbox.
  await page.getByTestId("inbox-row").filter({ hasText: title }).waitFor({ state: "detached" });
}

test("a two-level requisition with a budget check: the line manager approves, then a colleague for the director under delegation", async () => {
  const dir = scratch("procura-e2e-approve-");
  const endpoint = await startEndpoint({ db: path.join(dir, "endpoint.sqlite3"), extraArgs: ARGS });
  const buyerTablet = await launchBrowser(path.join(dir, "buyer"));
  const approverTablet = await launchBrowser(path.join(dir, "approvers"));
  try {
    const { page: buyer, errors } = await openLoggedIn(buyerTablet, endpoint.url, "buyer");
    const { item, qty } = await pickItem(endpoint.url, 12_000, 18_000);
    await fillCart(buyer, item, qty);
    await buyer.getByTestId("create-requisition").waitFor();

    // The form shows the route the policy gives (two manager levels) and the budget impact.
    await buyer.getByTestId("create-requisition").click();
    await buyer.getByTestId("req-cost-centre").selectOption("CC-100");
    await buyer.getByTestId("req-account").selectOption("6001");
    await buyer.getByTestId("route-preview").filter({ hasText: "Wang Wei" }).filter({ hasText: "Chen Jie" }).waitFor();
    assert.match(await buyer.getByTestId("budget-impact").textContent(), /200,000/);
    await buyer.goBack();
    const detail = await submitRequisition(buyer, "Q4 maintenance stock");
    await waitSynced(buyer);
    let [atHub] = await hubRequisitions(endpoint.url);
    assert.equal(atHub.status, "pending");
    assert.equal(atHub.title, "Q4 maintenance stock", "the title the buyer typed");
    assert.equal(atHub.requester, "u-buyer", "the hub names the requester from the session");
    assert.deepEqual(atHub.route.map((s) => s.approvers), [["u-approver1"], ["u-director"]]);

    // The director is away: they delegate to Anna Schmidt (approver2) from today.
    const { page: approvers } = await openLoggedIn(approverTablet, endpoint.url, "director");
    await approvers.getByRole("link", { name: /^Approvals/ }).click();
    await approvers.getByTestId("delegation-to").selectOption("u-approver2");
    const today = new Date().toISOString().slice(0, 10);
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await approvers.getByTestId("delegation-starts").fill(today);
    await approvers.getByTestId("delegation-ends").fill(inAWeek);
    await approvers.getByTestId("save-delegation").click();
    await approvers.getByTestId("delegation-row").first().waitFor();

    // Level 1: the line manager, who sees the budget impact before approving.
    await switchUser(approvers, "approver1");
    // On the requisition's own page the decision panel adds what was received against the
    // cost centre's period and where the rate so far takes it.
    await approvers.goto(detail);
    const outlook = approvers.getByTestId("decision-outlook");
    await outlook.waitFor();
    assert.match(await outlook.textContent(), /Received so far: CNY/);
    assert.match(await outlook.textContent(), /Forecast to the end of \d{4}-Q\d at the rate so far: CNY|No forecast yet/);
    const row = await inboxRow(approvers, "Q4 maintenance stock");
    assert.match(await row.textContent(), /200,000/, "budget impact in the inbox");
    await approveFromInbox(approvers, "Q4 maintenance stock");
    await waitSynced(approvers);

    // Level 2: Anna Schmidt, for Chen Jie.
    await switchUser(approvers, "approver2");
    const delegated = await inboxRow(approvers, "Q4 maintenance stock");
    assert.match(await delegated.textContent(), /Chen Jie/, "acting for the director is said");
    await approveFromInbox(approvers, "Q4 maintenance stock");
    await waitSynced(approvers);

    [atHub] = await hubRequisitions(endpoint.url);
    assert.equal(atHub.status, "approved");
    const last = atHub.audit.at(-1);
    assert.equal(last.actor, "u-approver2");
    assert.equal(last.on_behalf_of, "u-director");

    // The buyer sees it approved, with its history and an intact audit chain.
    await buyer.getByRole("link", { name: "Settings", exact: true }).click();
    await buyer.getByTestId("sync-now").click();
    await buyer.goto(detail);
    await buyer.locator('[data-testid="req-status"][data-status="approved"]').waitFor({ timeout: 30_000 });
    assert.equal(await buyer.getByTestId("history-entry").count(), 3);
    assert.match(await buyer.locator('[data-testid="history-entry"][data-seq="3"]').textContent(), /Anna Schmidt.*Chen Jie/s);
    assert.equal(await buyer.getByTestId("audit-check").getAttribute("data-ok"), "true");
    assert.deepEqual(errors, []);
  } finally {
    await buyerTablet.close();
    await approverTablet.close();
    await endpoint.stop();
    cleanup(dir);
  }
});

test("an approver decides offline; it syncs later, and a decision the hub refuses is shown", async () => {
  const dir = scratch("procura-e2e-offline-decision-");
  const endpoint = await startEndpoint({ db: path.join(dir, "endpoint.sqlite3"), extraArgs: ARGS });
  const buyerTablet = await launchBrowser(path.join(dir, "buyer"));
  const approverTablet = await launchBrowser(path.join(dir, "approver"));
  try {
    const { page: buyer } = await openLoggedIn(buyerTablet, endpoint.url, "buyer");
    const { item, qty } = await pickItem(endpoint.url, 1_000, 5_000);
    await fillCart(buyer, item, qty);
    await submitRequisition(buyer, "Gloves for the site");
    await fillCart(buyer, item, qty);
    const second = await submitRequisition(buyer, "Spare gloves");
    await waitSynced(buyer);

    const { page: approver, errors } = await openLoggedIn(approverTablet, endpoint.url, "approver1");
    await inboxRow(approver, "Gloves for the site");
    await inboxRow(approver, "Spare gloves");

    // The network goes; the approver approves both, and the decisions wait on the tablet.
    await approverTablet.setOffline(true);
    await approveFromInbox(approver, "Gloves for the site");
    await approveFromInbox(approver, "Spare gloves");
    await approver.waitForFunction(
      () => document.querySelector('[data-testid="record-sync"]')?.dataset.pending === "2",
    );
    await approver.reload();
    await approver.getByTestId("record-sync").first().waitFor();
    assert.equal(await approver.getByTestId("record-sync").first().getAttribute("data-pending"), "2");
    assert.equal((await hubRequisitions(endpoint.url)).filter((r) => r.status === "approved").length, 0);

    // Meanwhile the buyer withdraws the second one.
    await buyer.goto(second);
    buyer.once("dialog", (d) => d.accept());
    await buyer.getByTestId("withdraw").click();
    await waitSynced(buyer);

    // Back online: the first decision lands; the second is refused, and says why.
    await approverTablet.setOffline(false);
    await approver.waitForFunction(
      () => document.querySelector('[data-testid="record-sync"]')?.dataset.pending === "0",
      null,
      { timeout: 30_000 },
    );
    const byTitle = Object.fromEntries((await hubRequisitions(endpoint.url)).map((r) => [r.title, r]));
    assert.equal(byTitle["Gloves for the site"].status, "approved");
    assert.equal(byTitle["Spare gloves"].status, "withdrawn");
    assert.equal(byTitle["Gloves for the site"].audit.filter((e) => e.action === "approved").length, 1, "applied once");
    await approver.getByRole("link", { name: /^Approvals/ }).click();
    const refused = approver.getByTestId("refused-decision");
    await refused.first().waitFor();
    assert.match(await refused.first().textContent(), /withdrawn/);
    assert.deepEqual(errors, []);
  } finally {
    await buyerTablet.close();
    await approverTablet.close();
    await endpoint.stop();
    cleanup(dir);
  }
});

test("fresh within seconds: an approver's open tablet shows a new requisition within 2 s of the hub recording it", async () => {
  const dir = scratch("procura-e2e-fresh-");
  const endpoint = await startEndpoint({ db: path.join(dir, "endpoint.sqlite3"), extraArgs: ARGS });
  const buyerTablet = await launchBrowser(path.join(dir, "buyer"));
  const approverTablet = await launchBrowser(path.join(dir, "approver"));
  try {
    const { page: buyer, errors } = await openLoggedIn(buyerTablet, endpoint.url, "buyer");
    const { page: approver, errors: approverErrors } = await openLoggedIn(approverTablet, endpoint.url, "approver1");
    await waitSynced(approver);
    await approver.getByRole("link", { name: /^Approvals/ }).click();
    const { item, qty } = await pickItem(endpoint.url, 500, 2_000);
    // Twice: the 30 s periodic pull could land inside a 2 s window once by chance, not twice.
    for (const title of ["Fresh gloves one", "Fresh gloves two"]) {
      // Past the pull that follows the approver's previous round, so only a notice helps.
      await approver.waitForTimeout(3_000);
      await fillCart(buyer, item, qty);
      await submitRequisition(buyer, title);
      // When the hub has it (the buyer's push), the clock starts.
      const auth = await token(endpoint.url, "admin");
      let atHub;
      for (const deadline = Date.now() + 30_000; ; ) {
        assert.ok(Date.now() < deadline, `"${title}" did not reach the hub within 30 s`);
        const page = await api(endpoint.url, "GET", "/sync/pull?cursor=&limit=5000", { token: auth });
        const found = page.changes.some((c) => c.op === "upsert" && c.record.kind === "requisition" && c.record.title === title);
        if (found) {
          atHub = Date.now();
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      await approver.getByTestId("inbox-row").filter({ hasText: title }).waitFor({ timeout: 30_000 });
      const lag = Date.now() - atHub;
      console.log(`"${title}" reached the approver's inbox ${lag} ms after the hub recorded it`);
      assert.ok(lag <= 2_000, `the approver saw "${title}" ${lag} ms after the hub had it`);
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(approverErrors, []);
  } finally {
    await buyerTablet.close();
    await approverTablet.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
