// Taps, counted: how many times a person has to touch the screen for the two things the app is
// for. A buyer on a portrait tablet goes from the catalog's search box to a submitted
// requisition of two catalog items from two suppliers in at most 8 taps; an approver goes from
// opening the app (already logged in) to a recorded decision in at most 3. Both counts are
// printed, and the test fails above the bound.
//
// What counts as a tap: every trusted `pointerdown` on the page (Playwright's `click` makes one,
// as a finger does), counted by a listener installed before the app loads and kept in
// sessionStorage so a reload cannot lose any. A `selectOption` would add 2 (open, pick) by hand;
// these flows need none. Typing and Enter are not taps; focusing a field is one only when the
// test taps it.
//
// The delivery address is not in the policy, so a buyer's first requisition on a device asks for
// it once: the test submits a warm-up requisition (its taps are printed, not bounded) and
// counts the second, which opens with the remembered address, cost centre and account.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, api, token, waitSynced } from "./harness.mjs";

const ARGS = [
  "--suppliers", "2", "--items-per-supplier", "60",
  "--marketplace-sellers", "0", "--demo-evaluations", "0",
];
const BUYER_BOUND = 8;
const APPROVER_BOUND = 3;
const ADDRESS = "Warehouse 2, Dock 3, Suzhou Industrial Park";

const COUNT_TAPS = () => {
  addEventListener(
    "pointerdown",
    (e) => {
      if (!e.isTrusted) return;
      sessionStorage.setItem("procura.taps", String(Number(sessionStorage.getItem("procura.taps") ?? 0) + 1));
    },
    { capture: true },
  );
};

async function resetTaps(page) {
  await page.evaluate(() => sessionStorage.setItem("procura.taps", "0"));
}

async function taps(page) {
  return page.evaluate(() => Number(sessionStorage.getItem("procura.taps") ?? 0));
}

/** Every requisition the hub holds. */
async function hubRequisitions(base) {
  const page = await api(base, "GET", "/sync/pull?cursor=&limit=5000", { token: await token(base, "admin") });
  return page.changes.filter((c) => c.op === "upsert" && c.record.kind === "requisition").map((c) => c.record);
}

/** For each of the hub's two suppliers, a cheap CNY item outside UNSPSC 43 (the IT review). */
async function itemsOfTwoSuppliers(base) {
  const auth = await token(base, "buyer");
  const suppliers = await api(base, "GET", "/suppliers", { token: auth });
  const picked = [];
  for (const s of suppliers) {
    const page = await api(base, "GET", `/suppliers/${s.id}/catalog?limit=500`, { token: auth });
    const items = page.changes.filter((c) => c.op === "upsert").map((c) => c.item);
    const cheap = items.filter((i) => !i.unspsc.startsWith("43") && i.currency === "CNY")
      .filter((i) => Number(i.price_tiers[0].unit_price) * Number(i.price_tiers[0].min_qty) < 500);
    if (cheap.length >= 2) picked.push(cheap.slice(0, 2));
  }
  assert.ok(picked.length >= 2, "two suppliers with two cheap CNY items each");
  return picked.slice(0, 2);
}

/**
 * The buyer's taps from the catalog's search box to a submitted requisition of `items` (each at
 * twice its minimum order quantity). `firstTime`: the form still needs the delivery address.
 */
async function buyTwoItems(page, items, justification, { firstTime }) {
  await page.getByRole("link", { name: "Catalog", exact: true }).click();
  await page.getByTestId("catalog-search").waitFor();
  await resetTaps(page);
  const quantities = [];
  for (const item of items) {
    const search = page.getByTestId("catalog-search");
    await search.click();
    await search.fill(item.sku);
    const row = page.locator(`li.item[data-item-id="${item.id}"]`);
    const qty = row.getByTestId("add-qty");
    const quantity = String(Number(item.price_tiers[0].min_qty) * 2);
    quantities.push(quantity);
    await qty.click();
    await qty.fill(quantity);
    await qty.press("Enter");
    // Feedback on the row, and the buyer is still in the catalog.
    await row.getByTestId("added-to-cart").waitFor();
    assert.match(page.url(), /\/catalog$/);
  }
  await page.getByRole("link", { name: "Cart", exact: true }).click();
  await page.getByTestId("create-requisition").click();
  const justificationField = page.getByTestId("req-justification");
  await justificationField.waitFor();
  if (firstTime) {
    // Nothing remembered yet: the cursor waits in the address, which the buyer types once.
    await page.waitForFunction(() => document.activeElement?.dataset.testid === "req-address");
    await page.keyboard.type(ADDRESS);
    await justificationField.click();
  } else {
    // Everything else is filled in: the cursor waits in the justification.
    await page.waitForFunction(() => document.activeElement?.dataset.testid === "req-justification");
    assert.equal(await page.getByTestId("req-address").inputValue(), ADDRESS);
  }
  await page.keyboard.type(justification);
  await page.getByTestId("req-ready").waitFor();
  await page.getByTestId("submit-requisition").click();
  await page.getByTestId("req-status").waitFor();
  return { taps: await taps(page), quantities };
}

/** The approver's taps from opening the app to a decision queued from the inbox row. */
async function decideFromInbox(page, base, title, verdict) {
  await page.goto(base);
  await resetTaps(page);
  await page.waitForURL(/\/approvals$/);
  const row = page.getByTestId("inbox-row").filter({ hasText: title });
  await row.waitFor({ timeout: 30_000 });
  // What an approver weighs is on the row: the lines, the total and the budget impact.
  assert.ok((await row.getByTestId("inbox-line").count()) >= 2, "the lines are on the row");
  await row.getByTestId("inbox-budget").waitFor();
  if (verdict === "approve") {
    await row.getByTestId("inbox-approve").click();
  } else {
    await row.getByTestId("inbox-return").click();
    // A return needs a reason: the cursor waits in the comment.
    await page.waitForFunction(() => document.activeElement?.dataset.testid === "decision-comment");
    await page.keyboard.type("Please split this by cost centre");
  }
  await row.getByTestId("confirm-decision").click();
  await row.waitFor({ state: "detached" });
  return taps(page);
}

test(`a buyer submits two suppliers' items in ≤ ${BUYER_BOUND} taps; an approver decides in ≤ ${APPROVER_BOUND}`, async () => {
  const dir = scratch("procura-e2e-taps-");
  const endpoint = await startEndpoint({ db: path.join(dir, "endpoint.sqlite3"), extraArgs: ARGS });
  const buyerTablet = await launchBrowser(path.join(dir, "buyer"));
  const approverTablet = await launchBrowser(path.join(dir, "approver"));
  try {
    await buyerTablet.addInitScript(COUNT_TAPS);
    await approverTablet.addInitScript(COUNT_TAPS);
    const { page: buyer, errors } = await openLoggedIn(buyerTablet, endpoint.url, "buyer");
    const [first, second] = await itemsOfTwoSuppliers(endpoint.url);

    const warmUp = await buyTwoItems(buyer, [first[0], second[0]], "Restock for the training rooms", { firstTime: true });
    console.log(`buyer, first requisition on the device (address typed once): ${warmUp.taps} taps`);
    const counted = await buyTwoItems(buyer, [first[1], second[1]], "Restock for the Q4 maintenance programme", { firstTime: false });
    console.log(`buyer, search box → submitted requisition of 2 items from 2 suppliers: ${counted.taps} taps (bound ${BUYER_BOUND})`);
    await waitSynced(buyer);

    const atHub = await hubRequisitions(endpoint.url);
    const submitted = atHub.find((r) => r.justification === "Restock for the Q4 maintenance programme");
    assert.ok(submitted, "the requisition reached the hub");
    assert.equal(submitted.status, "pending");
    assert.equal(new Set(submitted.lines.map((l) => l.supplier_id)).size, 2, "two suppliers");
    assert.deepEqual(submitted.lines.map((l) => String(Number(l.quantity))), counted.quantities, "the quantities typed on the rows");
    assert.equal(submitted.delivery_address, ADDRESS, "the remembered address");
    // A title made from the lines, at most 80 characters: whole descriptions, then a count.
    const [a, b] = submitted.lines.map((l) => l.description);
    assert.equal(submitted.title, `${a}, ${b}`.length <= 80 ? `${a}, ${b}` : `${a} + 1 more item`, "a title made from the lines");
    assert.ok(counted.taps <= BUYER_BOUND, `the buyer needed ${counted.taps} taps, more than ${BUYER_BOUND}`);
    assert.deepEqual(errors, []);

    // The approver's tablet, logged in earlier; they open the app and land on their inbox.
    const { page: approver } = await openLoggedIn(approverTablet, endpoint.url, "approver1");
    await approver.getByTestId("approvals-count").filter({ hasText: "2" }).waitFor({ timeout: 30_000 });
    const warmUpReq = atHub.find((r) => r.justification === "Restock for the training rooms");
    const returnTaps = await decideFromInbox(approver, endpoint.url, warmUpReq.title, "return");
    console.log(`approver, open the app → returned with a comment from the inbox row: ${returnTaps} taps (bound ${APPROVER_BOUND})`);
    const approveTaps = await decideFromInbox(approver, endpoint.url, submitted.title, "approve");
    console.log(`approver, open the app → approved from the inbox row: ${approveTaps} taps (bound ${APPROVER_BOUND})`);
    await waitSynced(approver);

    const decided = await hubRequisitions(endpoint.url);
    const returned = decided.find((r) => r.id === warmUpReq.id);
    assert.equal(returned.status, "returned", "the return is recorded on the hub");
    const approved = decided.find((r) => r.id === submitted.id);
    assert.ok(
      approved.route.some((s) => s.approvals.some((a) => a.principal === "u-approver1")),
      "the approval is recorded on the hub",
    );
    assert.ok(returnTaps <= APPROVER_BOUND, `returning took ${returnTaps} taps, more than ${APPROVER_BOUND}`);
    assert.ok(approveTaps <= APPROVER_BOUND, `approving took ${approveTaps} taps, more than ${APPROVER_BOUND}`);

    // A buyer who taps the title the moment the form opens keeps the cursor there: the form's own
    // "first empty field" focus comes a frame later and must not move it (what they typed next
    // would land in the justification). The tap is made as the field appears, before that frame.
    await buyer.getByRole("link", { name: "Catalog", exact: true }).click();
    await buyer.getByTestId("catalog-search").fill(first[0].sku);
    const row = buyer.locator(`li.item[data-item-id="${first[0].id}"]`);
    await row.getByTestId("add-to-cart").click();
    await row.getByTestId("added-to-cart").waitFor();
    await buyer.getByRole("link", { name: "Cart", exact: true }).click();
    await buyer.evaluate(() => {
      const watch = new MutationObserver(() => {
        const title = document.querySelector('[data-testid="req-title"]');
        if (title) {
          watch.disconnect();
          title.focus();
        }
      });
      watch.observe(document.body, { childList: true, subtree: true });
    });
    await buyer.getByTestId("create-requisition").click();
    await buyer.getByTestId("req-justification").waitFor();
    // Past the frame in which the form places the cursor.
    await buyer.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.equal(await buyer.evaluate(() => document.activeElement?.dataset.testid), "req-title", "the cursor stays where the buyer put it");
    await buyer.keyboard.type("Spare gloves");
    assert.match(await buyer.getByTestId("req-title").inputValue(), /Spare gloves$/);
    assert.equal(await buyer.getByTestId("req-justification").inputValue(), "");
  } finally {
    await buyerTablet.close();
    await approverTablet.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
