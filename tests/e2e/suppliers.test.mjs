// Supplier selection and performance on a portrait tablet, against the demo hub with its two
// years of order history:
// - a buyer runs a three-criteria, three-supplier selection by AHP in English and in Chinese,
//   sees an inconsistent criteria matrix flagged with the judgement to change, applies the
//   suggestion, gets a ranking, and saves it: the hub holds it with its seal;
// - a supplier made "blocked" by the organisation's standing bands shows so on the Suppliers
//   page, its items stop the cart, and the hub refuses a requisition and an order naming it
//   that are pushed around the app.
// Screenshots (768×1024, both languages) go to target/suppliers-e2e/.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { mkdirSync } from "node:fs";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, api, token, waitSynced, ROOT } from "./harness.mjs";

const ARGS = ["--suppliers", "3", "--items-per-supplier", "40", "--marketplace-sellers", "0"];
const SHOTS = path.join(ROOT, "target/suppliers-e2e");

async function goTo(page, route) {
  await page.evaluate((r) => {
    history.pushState(null, "", r);
    dispatchEvent(new PopStateEvent("popstate", { state: null }));
  }, route);
}

async function shoot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function pull(base) {
  const page = await api(base, "GET", "/sync/pull?cursor=&limit=5000", { token: await token(base, "admin") });
  return page.changes.filter((c) => c.op === "upsert").map((c) => c.record);
}

async function push(base, user, clientId, op) {
  const answer = await api(base, "POST", "/sync/push", {
    token: await token(base, user),
    body: { client_id: clientId, mutations: [{ id: 1, created_at_ms: Date.now(), op }] },
  });
  return answer.outcomes[0].result;
}

/** A need-by date a month from today, `YYYY-MM-DD`. */
function inAMonth() {
  return new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
}

/** Sets a slider (−8 … 8) and lets the app see the input. */
async function slide(locator, value) {
  await locator.fill(String(value));
}

async function runSelection(page, base, lang, title) {
  await page.getByTestId("language").first().selectOption(lang);
  await goTo(page, "/suppliers/selections");
  await page.getByTestId("new-selection").click();
  await page.getByTestId("selection-title").fill(title);
  // Price, quality and delivery are the criteria a new selection starts with.
  for (const key of ["price", "quality", "delivery"]) {
    assert.equal(await page.getByTestId(`criterion-${key}`).isChecked(), true, key);
  }
  const candidates = page.locator('input[data-testid^="candidate-"]');
  assert.equal(await candidates.count(), 3, "the three demo suppliers are offered");
  for (let i = 0; i < 3; i++) await candidates.nth(i).check();

  // Price over quality (3), delivery over price (5), quality over delivery (5): a circle no
  // buyer means, which the consistency check must catch.
  const criteria = page.getByTestId("criteria-pairs");
  const sliders = criteria.locator('input[type="range"]');
  assert.equal(await sliders.count(), 3);
  await slide(sliders.nth(0), -2);
  await slide(sliders.nth(1), 4);
  await slide(sliders.nth(2), -4);
  const consistency = criteria.getByTestId("consistency");
  await page.waitForFunction(() => document.querySelector('[data-testid="criteria-pairs"] [data-testid="consistency"]')?.dataset.ok === "false");
  assert.equal(await criteria.locator(".pair.flagged").count(), 1, "the worst judgement is flagged");
  await criteria.getByTestId("inconsistencies").waitFor();
  assert.ok((await criteria.getByTestId("inconsistency").count()) >= 1);
  await shoot(page, `selection-inconsistent-${lang}`);
  const before = await consistency.textContent();
  // The suggested value for the worst judgement makes the matrix acceptable.
  await criteria.getByTestId("apply-suggestion").first().click();
  await page.waitForFunction(() => document.querySelector('[data-testid="criteria-pairs"] [data-testid="consistency"]')?.dataset.ok === "true");
  assert.notEqual(await consistency.textContent(), before);

  // Under every criterion the first supplier is preferred, consistently.
  const sections = page.getByTestId("candidate-pairs");
  assert.equal(await sections.count(), 3);
  for (let c = 0; c < 3; c++) {
    const s = sections.nth(c).locator('input[type="range"]');
    await slide(s.nth(0), -2); // first over second: 3
    await slide(s.nth(1), -4); // first over third: 5
    await slide(s.nth(2), -1); // second over third: 2
  }
  const leader = (await page.getByTestId("leader").textContent()).trim();
  const firstName = (await candidates.nth(0).locator("xpath=..").textContent()).trim();
  assert.equal(leader, firstName, "the supplier preferred everywhere leads");
  assert.match(await page.getByTestId("overall-cr").getAttribute("class"), /ok/);
  await page.getByTestId("ranking-chart").waitFor();
  // Delivery compared from what the suppliers did (the history's on-time rates), marked so.
  const delivery = sections.nth(2);
  await delivery.getByTestId("prefill").click();
  await delivery.getByTestId("derived").waitFor();
  await page.getByTestId("save-selection").click();
  await page.getByTestId("selection-message").waitFor();
  await page.waitForFunction(() => /\/suppliers\/selections\/[0-9a-f-]{36}$/.test(location.pathname));
  await waitSynced(page);
  await page.getByTestId("selection-chain").waitFor();
  await shoot(page, `selection-saved-${lang}`);
  const saved = (await pull(base)).find((r) => r.kind === "selection" && r.title === title);
  assert.ok(saved, "the hub holds the selection");
  assert.equal(saved.candidates.length, 3);
  assert.equal(saved.criteria.length, 3);
  assert.equal(saved.seals.length, 1, "sealed once");
  assert.deepEqual(saved.derived, [false, false, true], "delivery pre-filled from measured data");
  // The weaker supplier (LabCore, late on 6 of 10 lines) is not preferred on delivery.
  assert.notDeepEqual(saved.candidate_judgements[2], [1, 1, 1], "measured differences became judgements");
  return saved;
}

test("a buyer runs a three-criteria, three-supplier AHP selection in both languages", async () => {
  const dir = scratch("procura-e2e-selection-");
  const hub = await startEndpoint({ db: path.join(dir, "hub.sqlite3"), extraArgs: ARGS });
  const browser = await launchBrowser(path.join(dir, "profile"), { width: 768, height: 1024 });
  try {
    const { page, errors } = await openLoggedIn(browser, hub.url, "buyer");
    await runSelection(page, hub.url, "en", "Copy paper supplier 2027");
    await runSelection(page, hub.url, "zh-CN", "2027 年复印纸供应商");
    // In Chinese the screen says it in Chinese.
    await goTo(page, "/suppliers/selections");
    await page.getByTestId("selection-row").nth(1).waitFor();
    assert.match(await page.locator("h1").textContent(), /供应商选择/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await hub.stop();
    cleanup(dir);
  }
});

test("a supplier blocked by its standing cannot be ordered from, in the app or around it", async () => {
  const dir = scratch("procura-e2e-blocked-");
  const hub = await startEndpoint({ db: path.join(dir, "hub.sqlite3"), extraArgs: ARGS });
  const browser = await launchBrowser(path.join(dir, "profile"), { width: 768, height: 1024 });
  try {
    const { page, errors } = await openLoggedIn(browser, hub.url, "buyer");
    await waitSynced(page);
    // The history gives every supplier a score; the weakest one is to be blocked.
    await goTo(page, "/suppliers");
    const rows = page.getByTestId("supplier-row");
    await rows.nth(2).waitFor();
    const scores = [];
    for (let i = 0; i < 3; i++) {
      const text = await rows.nth(i).getByTestId("standing-cell").textContent();
      const score = Number(/(\d+)\s*$/.exec(text.trim())?.[1]);
      const link = rows.nth(i).locator("a").first();
      const id = (await link.getAttribute("href")).split("/").pop();
      scores.push({ id, name: (await link.textContent()).trim(), score });
    }
    assert.ok(scores.every((s) => Number.isFinite(s.score)), JSON.stringify(scores));
    scores.sort((a, b) => a.score - b.score);
    const [weak, next] = scores;
    assert.ok(weak.score < next.score, `a weakest supplier: ${JSON.stringify(scores)}`);

    // An admin raises the blocked band just above it (the others stay orderable).
    const records = await pull(hub.url);
    const { kind, ...policy } = records.find((r) => r.kind === "policy");
    const cut = weak.score + 1;
    // A policy with the default standings does not write them: these are the defaults.
    const standing = policy.supplier_standing ?? {
      weights: [["on_time", 25], ["quantity_accuracy", 10], ["quality", 25], ["price_stability", 10],
        ["responsiveness", 5], ["lead_time", 10], ["evaluations", 15]],
      blocked_below: 30, warn_below: 50, good_from: 80,
    };
    policy.supplier_standing = {
      ...standing,
      blocked_below: cut,
      warn_below: Math.max(cut, standing.warn_below),
      good_from: Math.max(cut, standing.good_from),
    };
    const saved = await push(hub.url, "admin", "e2e-admin-standing", { type: "save_policy", policy });
    assert.equal(saved.status, "applied", JSON.stringify(saved));

    await goTo(page, "/settings");
    await page.getByTestId("sync-now").click();
    await waitSynced(page);
    await goTo(page, "/suppliers");
    await page.locator(`[data-testid="supplier-row"][data-standing="blocked"]`).waitFor();
    assert.equal(await page.locator(`[data-testid="supplier-row"][data-standing="blocked"]`).count(), 1);
    await shoot(page, "suppliers-blocked-en");
    await goTo(page, `/suppliers/${weak.id}`);
    await page.locator('[data-testid="standing"][data-standing="blocked"]').waitFor();
    await page.getByTestId("measures-chart").waitFor();
    await shoot(page, "supplier-detail-blocked-en");

    // Its item in the cart: flagged, and no requisition can be made of it.
    const auth = await token(hub.url, "buyer");
    const catalog = await api(hub.url, "GET", `/suppliers/${weak.id}/catalog?limit=50`, { token: auth });
    const item = catalog.changes.find((c) => c.op === "upsert").item;
    await goTo(page, "/catalog");
    await page.getByTestId("catalog-search").fill(item.sku);
    await page.locator(`li.item[data-item-id="${item.id}"]`).getByTestId("add-to-cart").click();
    await page.getByTestId("added-to-cart").waitFor();
    await goTo(page, "/cart");
    await page.locator('[data-testid="standing-note"][data-standing="blocked"]').waitFor();
    await page.getByTestId("cart-blocked").waitFor();
    assert.equal(await page.getByTestId("create-requisition").isDisabled(), true);
    await page.getByTestId("language").first().selectOption("zh-CN");
    assert.match(await page.getByTestId("cart-blocked").textContent(), /停用/);
    await shoot(page, "cart-blocked-zh-CN");

    // Around the app: the hub refuses a requisition naming it, with the typed reason.
    const refused = await push(hub.url, "buyer", "e2e-bypass", {
      type: "submit_requisition",
      requisition: {
        id: "e2e-bypass-1", base_revision: 0, title: "Pushed around the app",
        cost_centre: "CC-100", account: "6001", need_by: inAMonth(),
        delivery_address: "Warehouse 2, Dock 3", justification: "Standing bypass attempt",
        lines: [{
          item_id: null, description: "Copy paper A4", supplier_id: weak.id, supplier_name: weak.name,
          unspsc: "14111507", quantity: "10", unit: "PK", unit_price: "25", currency: "CNY",
          tax_percent: null, note: "",
        }],
      },
    });
    assert.equal(refused.status, "refused", JSON.stringify(refused));
    assert.equal(refused.reason?.code, "supplier.blocked", JSON.stringify(refused));
    // An order to it pushed around the app: a copy of one of its history orders, under a new id.
    const template = records.find((r) => r.kind === "order" && r.supplier_id === weak.id);
    assert.ok(template, "the history holds an order of the weakest supplier");
    const { kind: _k, ...order } = template;
    const orderRefused = await push(hub.url, "buyer", "e2e-bypass-order", {
      type: "create_order",
      order: { ...order, id: "00000000-0000-4000-8000-00000000b10c", number: "PO-00000000", events: [] },
    });
    assert.equal(orderRefused.status, "refused", JSON.stringify(orderRefused));
    assert.equal(orderRefused.reason?.code, "supplier.blocked", JSON.stringify(orderRefused));
    // The same requisition naming the next supplier is accepted: the rule is the standing.
    const accepted = await push(hub.url, "buyer", "e2e-bypass-2", {
      type: "submit_requisition",
      requisition: {
        id: "e2e-bypass-2", base_revision: 0, title: "Pushed around the app",
        cost_centre: "CC-100", account: "6001", need_by: inAMonth(),
        delivery_address: "Warehouse 2, Dock 3", justification: "Same lines, another supplier",
        lines: [{
          item_id: null, description: "Copy paper A4", supplier_id: next.id, supplier_name: next.name,
          unspsc: "14111507", quantity: "10", unit: "PK", unit_price: "25", currency: "CNY",
          tax_percent: null, note: "",
        }],
      },
    });
    assert.equal(accepted.status, "applied", JSON.stringify(accepted));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await hub.stop();
    cleanup(dir);
  }
});
