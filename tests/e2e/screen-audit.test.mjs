// The screen audit: every route and the main dialogs, as a buyer, an approver, an admin and
// accounts payable (invoices typed in through the hub first), at a
// portrait tablet (768×1024, the reference), a landscape tablet (1024×768) and a phone (390×844),
// in English and Chinese, on demo data that fills the screens (two years of purchasing history,
// a cart with lines, requisitions pending, returned and approved, an order with a shipment, a
// CSV import with errors). On each
// screen it checks:
//   overflow     the page is wider than the screen (`scrollWidth > innerWidth`)
//   control-cut  a button, link or field lies outside the box that clips it (unreachable)
//   page-error / console-error   an uncaught exception or a console error
//   axe:<rule>   an axe-core violation of impact serious or critical under WCAG 2 A/AA
//   leaked-source  visible text that looks like source code (`=>`, `move |`, `on:click`, braces)
//   lazy-format    a placeholder left in a message (`{n}`, `{cur}`), a "(s)" plural, and in
//                  zh-CN a US-style date or time (`12/6/2026`, `AM`/`PM`)
//   untranslated   in zh-CN, visible UI text with Latin words of 3+ letters, except codes on a
//                  short allowlist and content (inside `[data-content]` / `[translate="no"]`, or
//                  text that is the hub's own data: supplier, product, user and record values)
//   unreachable    the screen could not be opened (its preparation failed)
// and writes a full-page screenshot to target/screen-audit/<lang>-<size>-<screen>.png.
// It fails on any finding not listed in tests/e2e/screen-audit-baseline.json (known defects,
// each with its reason), and on any baseline entry that no longer occurs, so the list only
// shrinks. `SCREEN_AUDIT_WRITE_BASELINE=1` rewrites the file from this run's findings, keeping
// the reasons of entries that remain (new ones get the reason of their kind, to be edited).
// `SCREEN_AUDIT_ROLES=admin` and `SCREEN_AUDIT_SCREENS=policy,cart` narrow a run to some screens.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { ALLOW, scanPage } from "./audit-scan.mjs";
import { startEndpoint, launchBrowser, scratch, cleanup, logIn, openLoggedIn, openFacets, api, token, waitSynced, servePictures, ROOT } from "./harness.mjs";

const require = createRequire(import.meta.url);
// Evaluated through the browser's debugging protocol rather than added as a script tag: the
// hub's Content-Security-Policy (rightly) refuses inline scripts it does not know.
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const BASELINE = path.join(ROOT, "tests/e2e/screen-audit-baseline.json");
const SHOTS = path.join(ROOT, "target/screen-audit");

const SIZES = {
  "768x1024": { width: 768, height: 1024 },
  "1024x768": { width: 1024, height: 768 },
  "390x844": { width: 390, height: 844 },
};
const LANGS = ["en", "zh-CN"];

const ARGS = [
  "--suppliers", "2", "--items-per-supplier", "60",
  "--marketplace-sellers", "0", "--fault-injection",
];

// ── demo data through the hub and the buyer's app ────────────────────────────────────────────

async function hubRecords(base, kind) {
  const page = await api(base, "GET", "/sync/pull?cursor=&limit=5000", { token: await token(base, "admin") });
  return page.changes.filter((c) => c.op === "upsert" && (!kind || c.record.kind === kind)).map((c) => c.record);
}

async function catalogItems(base, auth) {
  const items = [];
  for (const s of await api(base, "GET", "/suppliers", { token: auth })) {
    const page = await api(base, "GET", `/suppliers/${s.id}/catalog?limit=500`, { token: auth });
    items.push(...page.changes.filter((c) => c.op === "upsert").map((c) => c.item));
  }
  return items;
}

/** A cheap CNY item outside UNSPSC 43 (IT review) of each of the two suppliers. */
function twoItems(items) {
  const picked = new Map();
  for (const i of items) {
    if (picked.has(i.supplier_id) || i.unspsc.startsWith("43") || i.currency !== "CNY") continue;
    if (Number(i.price_tiers[0].unit_price) * Number(i.price_tiers[0].min_qty) < 2_000) picked.set(i.supplier_id, i);
  }
  assert.equal(picked.size, 2, "two suppliers with a cheap CNY item");
  return [...picked.values()];
}

async function goTo(page, route) {
  await page.evaluate((r) => {
    history.pushState(null, "", r);
    dispatchEvent(new PopStateEvent("popstate", { state: null }));
  }, route);
}

async function addToCart(page, item) {
  await goTo(page, "/catalog");
  await page.getByTestId("catalog-search").fill(item.sku);
  await page.locator(`li.item[data-item-id="${item.id}"]`).getByTestId("add-to-cart").click();
  await page.getByTestId("added-to-cart").waitFor();
}

async function syncNow(page) {
  await goTo(page, "/settings");
  await page.getByTestId("sync-now").click();
  await waitSynced(page);
}

async function submitCart(base, page, title) {
  await goTo(page, "/cart");
  await page.getByTestId("create-requisition").click();
  await page.getByTestId("req-title").fill(title);
  await page.getByTestId("req-cost-centre").selectOption("CC-100");
  await page.getByTestId("req-account").selectOption("6001");
  await page.getByTestId("req-address").fill("Warehouse 2, Dock 3, Suzhou Industrial Park, Jiangsu");
  await page.getByTestId("req-justification").fill("Restock for the Q4 maintenance programme");
  await page.getByTestId("submit-requisition").click();
  await page.getByTestId("req-status").waitFor();
  await waitSynced(page);
  return (await hubRecords(base, "requisition")).find((r) => r.title === title);
}

async function decide(base, req, verdict, comment = "") {
  const step = req.route.find((s) => s.approvals.length === 0);
  const answer = await api(base, "POST", "/sync/push", {
    token: await token(base, "approver1"),
    body: {
      client_id: `audit-approver-${req.id}`,
      mutations: [{ id: 1, created_at_ms: Date.now(), op: { type: "decide_requisition", decision: {
        requisition_id: req.id, revision: req.revision, step: step.key, verdict, comment } } }],
    },
  });
  assert.equal(answer.outcomes[0].result.status, "applied", JSON.stringify(answer.outcomes[0]));
}

/**
 * The buyer's demo: an approved requisition turned into two POs (one acknowledged and half
 * shipped), a pending one, a returned one, and a cart with two lines left.
 */
async function buyerDemo(base, page, items) {
  const [a, b] = twoItems(items);
  await addToCart(page, a);
  await addToCart(page, b);
  const approved = await submitCart(base, page, "Site restock for the north warehouse");
  await decide(base, approved, "approve");
  await syncNow(page);
  await goTo(page, "/orders");
  await page.getByTestId("create-orders").click();
  await page.getByTestId("order-row").first().waitFor();
  await waitSynced(page);
  // This requisition's order, among the demo history's (the sync that takes it to the hub may
  // start after the tap's first check found nothing pending).
  let order;
  for (let tries = 0; !order && tries < 60; tries++) {
    if (tries) await new Promise((r) => setTimeout(r, 500));
    order = (await hubRecords(base, "order")).find((o) => o.supplier_id === a.supplier_id && o.requisitions.includes(approved.id));
  }
  assert.ok(order, "the new order reached the hub");
  const qty = Number(order.lines[0].quantity);
  await page.locator(`[data-testid="order-row"][data-id="${order.id}"][data-status="sent"]`).waitFor({ timeout: 60_000 });
  await api(base, "POST", `/test/orders/${order.id}/acknowledge`, { body: { lines: [{ status: "accepted", line_no: 1 }] } });
  await api(base, "POST", `/test/orders/${order.id}/ship`, {
    body: { shipment_id: "SHP-1", carrier: "SF Express", tracking: "SF1000001", lines: [{ line_no: 1, quantity: String(Math.max(1, Math.floor(qty / 2))) }] },
  });
  await addToCart(page, a);
  const pending = await submitCart(base, page, "Safety gloves for the assembly line");
  await addToCart(page, b);
  const returned = await submitCart(base, page, "Printer toner for the office");
  await decide(base, returned, "return", "Please split by cost centre");
  await addToCart(page, a);
  await addToCart(page, b);
  await syncNow(page);
  // An order of the demo history with goods received, damaged ones first: the return form's.
  const orders = await hubRecords(base, "order");
  const receipts = (o) => (o.events ?? []).filter((e) => e.type === "received");
  const received = orders.find((o) => receipts(o).some((e) => e.lines.some((l) => Number(l.damaged) > 0)))
    ?? orders.find((o) => receipts(o).length > 0);
  assert.ok(received, "the demo history has a received order");
  return { order, pending, returned, received };
}

/** Accepted quantity per order line over every receipt. */
function acceptedOf(order) {
  const out = new Map();
  for (const e of order.events ?? []) {
    if (e.type !== "received") continue;
    for (const l of e.lines) out.set(l.line_no, (out.get(l.line_no) ?? 0) + Number(l.accepted));
  }
  return out;
}

/**
 * Accounts payable's demo (once per hub): two typed-in invoices on received orders that the
 * buyer did not request, one billing what was accepted (matched, ready for payment) and one
 * billing more (an exception the buyer and accounts payable may decide).
 */
async function invoiceDemo(base) {
  const records = await hubRecords(base);
  const requesters = new Map(records.filter((r) => r.kind === "requisition").map((r) => [r.id, r.requester]));
  const received = records.filter((r) => r.kind === "order").filter((o) => {
    const acc = acceptedOf(o);
    return o.lines.some((l) => (acc.get(l.line_no) ?? 0) > 0)
      && o.requisitions.every((r) => requesters.has(r) && requesters.get(r) !== "u-buyer");
  });
  assert.ok(received.length >= 2, "two received orders the buyer did not request");
  const make = (order, number, extra) => {
    const acc = acceptedOf(order);
    const line = order.lines.find((l) => (acc.get(l.line_no) ?? 0) > 0);
    const qty = acc.get(line.line_no) + extra;
    const net = (Math.round(qty * Number(line.unit_price) * 100) / 100).toFixed(2);
    const tax = (Math.round(Number(net) * Number(line.tax_percent)) / 100).toFixed(2);
    return {
      supplier_id: order.supplier_id,
      document: {
        kind: "invoice", number, issued: new Date().toISOString().slice(0, 10), currency: order.currency,
        order_id: order.id, order_number: order.number, payment_days: 30,
        discount: { days: 10, percent: "2" },
        lines: [{ line_no: 1, order_line: line.line_no, supplier_part: line.supplier_part, description: line.description,
          quantity: String(qty), unit: line.unit, unit_price: line.unit_price, tax_percent: line.tax_percent, net }],
        tax_total: tax, total: (Number(net) + Number(tax)).toFixed(2),
      },
    };
  };
  const existing = records.filter((r) => r.kind === "invoice");
  const wanted = [make(received[0], "AUDIT-MATCHED-1", 0), make(received[1], "AUDIT-OVER-1", 3)];
  const missing = wanted.filter((w) => !existing.some((i) => i.document.number === w.document.number));
  if (missing.length) {
    const answer = await api(base, "POST", "/sync/push", {
      token: await token(base, "ap"),
      body: {
        client_id: `audit-ap-${Date.now()}`,
        mutations: missing.map((invoice, i) => ({ id: i + 1, created_at_ms: Date.now(), op: { type: "enter_invoice", invoice } })),
      },
    });
    for (const o of answer.outcomes) assert.equal(o.result.status, "applied", JSON.stringify(o));
  }
  const all = await hubRecords(base, "invoice");
  const id = (n) => all.find((i) => i.document.number === n).id;
  return { matched: id("AUDIT-MATCHED-1"), over: id("AUDIT-OVER-1"), overOrder: received[1] };
}

/**
 * The buyer's contract (once per hub): one of the first item's supplier, pricing that item below
 * the catalog and a category at a discount, expiring within its warning (an alert shows).
 */
async function contractDemo(base, items) {
  const item = items[0];
  const existing = (await hubRecords(base)).find((r) => r.kind === "contract" && r.terms.number === "CT-AUDIT-1");
  if (existing) return existing;
  const list = Number(item.price_tiers[0].unit_price);
  const day = (d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
  const contract = {
    id: `audit-contract-${Date.now()}`,
    base_revision: 0,
    terms: {
      number: "CT-AUDIT-1", title: "Framework agreement 2026", supplier_id: item.supplier_id, currency: item.currency,
      valid_from: day(-30), valid_to: day(20),
      prices: [
        { kind: "item", item_id: item.id, unit_price: (Math.floor(list * 90) / 100 || 0.01).toFixed(2) },
        { kind: "category", unspsc: item.unspsc.slice(0, 4), discount_percent: "5" },
      ],
      ceiling: "50000", alert_days: 30, alert_percent: "80", note: "",
    },
  };
  const answer = await api(base, "POST", "/sync/push", {
    token: await token(base, "buyer"),
    body: { client_id: `audit-buyer-contract-${Date.now()}`, mutations: [{ id: 1, created_at_ms: Date.now(), op: { type: "save_contract", contract } }] },
  });
  for (const o of answer.outcomes) assert.equal(o.result.status, "applied", JSON.stringify(o));
  return (await hubRecords(base)).find((r) => r.kind === "contract" && r.terms.number === "CT-AUDIT-1");
}

/** Every string value the hub holds as data (names, titles, codes), to tell content from UI. */
function dataStrings(items, records, suppliers, file = []) {
  const out = new Set();
  const walk = (v) => {
    if (typeof v === "string") {
      if (/[A-Za-z]{3}/.test(v)) out.add(v.trim());
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  for (const i of items) walk([i.name?.en, i.name?.zh, i.manufacturer, i.brand, i.sku, i.mpn, i.description]);
  // Manager-level steps are named by the core ("Manager level 1") and shown in the viewer's
  // language: UI text, not data, although the record carries the English name.
  walk(records.map((r) => (r.route ? { ...r, route: r.route.map((s) => (s.key?.startsWith("chain-") ? { ...s, name: "" } : s)) } : r)));
  walk(suppliers);
  walk(file);
  // Longest first, so a name is removed before a shorter one inside it.
  return [...out].filter((s) => s.length >= 3).sort((x, y) => y.length - x.length);
}

async function axeFindings(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => [v.id, v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")]);
  });
  return violations.map(([id, nodes]) => [`axe:${id}`, nodes]);
}

// ── the screens ──────────────────────────────────────────────────────────────────────────────

/** Each screen: its route, what to do there, and what shows it is ready. */
function screens(ctx) {
  const { order, pending, returned, received, csv, lang, items, invoices, contract } = ctx;
  // A new contract being filled in: the supplier, an item found by its SKU, a category row.
  const contractForm = async (page) => {
    await page.getByTestId("contract-supplier").selectOption(items[0].supplier_id);
    await page.getByTestId("contract-number-input").fill("CT-2027-001");
    await page.getByTestId("add-item-price").click();
    await page.getByTestId("item-search").fill(items[0].sku);
    await page.getByTestId("item-option").first().click();
    await page.getByTestId("add-category").click();
  };
  const invoiceHref = (id) => `/invoices/${encodeURIComponent(id)}`;
  const documentsTab = async (page) => {
    await page.getByTestId("tab-documents").click();
  };
  const paymentsTab = async (page) => {
    await page.getByTestId("tab-payments").click();
  };
  // Choosing the supplier and order fills the lines (choosing again refills them).
  const entryForm = async (page) => {
    await page.getByTestId("entry-supplier").selectOption(invoices.overOrder.supplier_id);
    await page.getByTestId("entry-order").selectOption(invoices.overOrder.id);
    await page.getByTestId("entry-number").fill("INV-2026-0042");
  };
  const shared = sharedOffer(items);
  const next = lang === "en" ? "Next" : "下一页";
  return {
    buyer: [
      { name: "catalog", route: "/catalog", ready: "item-list" },
      {
        name: "catalog-page-2", route: "/catalog", ready: "item-list",
        async prepare(page) {
          const button = page.getByTestId("next-page");
          await page.getByTestId("item-list").waitFor();
          assert.equal((await button.textContent()).trim(), next, "the Next button shows its label");
          assert.equal(await button.isEnabled(), true, "Next is enabled on page 1 of several");
          await button.click();
          await page.getByTestId("result-count").filter({ hasText: /51–100/ }).waitFor({ timeout: 5_000 });
          await button.click();
          await page.getByTestId("result-count").filter({ hasText: /101–120/ }).waitFor({ timeout: 5_000 });
          assert.equal(await button.isEnabled(), false, "Next is disabled on the last page");
        },
      },
      {
        // A buyer looks up a product by its GTIN and compares its offers. (Searching also
        // leaves page 3 of the list, where catalog-page-2 left the catalog.)
        name: "compare", route: "/catalog", ready: "compare-panel",
        async prepare(page) {
          await page.getByTestId("catalog-search").fill(shared.gtin);
          await page.locator(`li.item[data-item-id="${shared.id}"]`).getByTestId("compare-button").click();
        },
      },
      {
        name: "import", route: "/catalog/import", ready: "drop-zone",
        async prepare(page) {
          // The import keeps its step while the address stays (import-checking's check, at the
          // size before): leave and come back to start over.
          await goTo(page, "/catalog");
          await goTo(page, "/catalog/import");
        },
      },
      {
        name: "import-mapping", route: "/catalog/import", ready: "mapping-screen",
        async prepare(page) {
          await page.getByTestId("new-supplier-name").fill("Acme Trading");
          await page.getByTestId("import-file").setInputFiles(csv);
        },
      },
      {
        name: "import-errors", route: "/catalog/import", ready: "import-issues",
        async prepare(page) {
          // The import keeps its step while the address stays the same: after import-mapping
          // the file's mapping is still open, so the buyer starts over with another file.
          const back = page.getByTestId("choose-another-file");
          if (await back.isVisible()) await back.click();
          await checkCsv(page, "Acme Trading", csv);
        },
      },
      {
        // A check in progress: what the worker has read so far, and Cancel. The worker is
        // replaced, for this one check, by one that says it has the file and then stays busy,
        // so the screen holds still while it is audited (a real one finishes in a moment).
        name: "import-checking", route: "/catalog/import", ready: "check-cancel",
        async prepare(page) {
          await goTo(page, "/catalog");
          await goTo(page, "/catalog/import");
          await page.getByTestId("import-target").selectOption("");
          await page.evaluate(stallNextWorker);
          await checkCsv(page, "Acme Trading", csv);
          await page.getByTestId("import-checking").filter({ hasText: /[(（]\d/ }).waitFor();
        },
      },
      {
        // The file's one valid row imported, the two with errors skipped (the offer itself is
        // on import-errors). Into the supplier import-withdrawn then withdraws, so the catalog
        // is as the screens before expect it at the next size.
        name: "import-partial-done", route: "/catalog/import", ready: "import-skipped",
        async prepare(page) {
          // The import keeps its step while the address stays: leave and come back to start over.
          await goTo(page, "/catalog");
          await goTo(page, "/catalog/import");
          await page.getByTestId("import-target").selectOption("");
          await checkCsv(page, WITHDRAWN, csv);
          await page.getByTestId("import-partial").click();
        },
      },
      {
        // A product page with attributes: a BMEcat file with ETIM features replaces the
        // catalog of the supplier import-withdraw then withdraws (so the catalog is as the
        // screens before expect it at the next size); a catalog row opens the page.
        name: "item-page", route: "/catalog/import", ready: "item-attributes",
        async prepare(page) {
          await goTo(page, "/catalog");
          await goTo(page, "/catalog/import");
          await page.getByTestId("import-target").selectOption("");
          await page.getByTestId("new-supplier-name").fill(WITHDRAWN);
          await page.getByTestId("import-file").setInputFiles(path.join(OWN_FIXTURES, "bmecat2005_features.xml"));
          await page.getByTestId("import-confirm").click();
          await page.getByTestId("import-done").waitFor();
          await goTo(page, "/catalog");
          await page.getByTestId("catalog-search").fill("NYM-3x2.5");
          await page.locator("li.item").filter({ hasText: "NYM-J 3x2" }).first().getByTestId("item-page-link").click();
        },
      },
      {
        // The catalog filtered by an attribute of the category in view (the facets unfolded).
        name: "catalog-attribute-facets", route: "/catalog", ready: "item-list",
        async prepare(page) {
          await page.getByTestId("catalog-search").fill("NYM");
          await openFacets(page);
          await page.locator('label[data-facet="segment"] input').first().check();
          const section = page.locator('fieldset[data-attribute="Cross-section"]');
          await section.locator("label").filter({ hasText: "2.5" }).locator("input").check();
          await page.getByTestId("result-count").and(page.locator('[data-total="1"]')).waitFor();
        },
      },
      // An address of a product that is not on the device.
      { name: "item-missing", route: `/catalog/item/${encodeURIComponent("nobody/NO-SUCH-SKU")}`, ready: "item-missing" },
      {
        // A BMEcat file with the supplier's own category tree, imported over the catalog that
        // import-withdraw then withdraws: the tree browsed in the catalog, one group open.
        name: "catalog-supplier-tree", route: "/catalog", ready: "supplier-tree",
        async prepare(page) {
          await goTo(page, "/catalog/import");
          await page.getByTestId("import-target").selectOption({ label: WITHDRAWN });
          await page.getByTestId("import-file").setInputFiles(path.join(OWN_FIXTURES, TREE_FILE));
          await page.getByTestId("import-confirm").click();
          await page.getByTestId("import-done").waitFor();
          await goTo(page, "/catalog");
          await openFacets(page);
          await page.locator('[data-facet="supplier"]', { hasText: WITHDRAWN }).locator("input").click();
          await page.getByTestId("supplier-group").filter({ hasText: "Fixings" }).click();
          await page.getByTestId("supplier-group-step").filter({ hasText: "Fixings" }).waitFor();
        },
      },
      {
        // A product page with pictures and documents (BMEcat MIME_INFO), imported over the
        // catalog that import-withdraw then withdraws; the suppliers' picture servers are
        // played by a route (see `servePictures`).
        name: "item-pictures", route: "/catalog", ready: "item-documents",
        async prepare(page) {
          await goTo(page, "/catalog/import");
          await page.getByTestId("import-target").selectOption({ label: WITHDRAWN });
          await page.getByTestId("import-file").setInputFiles(path.join(OWN_FIXTURES, "bmecat2005_media.xml"));
          await page.getByTestId("import-confirm").click();
          await page.getByTestId("import-done").waitFor();
          await goTo(page, "/catalog");
          await page.getByTestId("catalog-search").fill("Universal plug UX 6");
          await page.locator("li.item").filter({ hasText: "Universal plug UX 6" }).getByTestId("item-page-link").click();
          await page.getByTestId("item-picture").waitFor();
        },
      },
      {
        // A Peppol catalogue whose ActionCode is Delete, for a supplier whose catalog is held
        // (imported just before, from a file): the page asks before withdrawing it.
        name: "import-withdraw", route: "/catalog/import", ready: "withdraw-dialog",
        async prepare(page) {
          // The import keeps its step while the address stays: leave and come back to start over.
          await goTo(page, "/catalog");
          await goTo(page, "/catalog/import");
          await page.getByTestId("import-target").selectOption("");
          await page.getByTestId("new-supplier-name").fill(WITHDRAWN);
          await page.getByTestId("import-file").setInputFiles(path.join(OWN_FIXTURES, "peppol_zh_tiers.xml"));
          await page.getByTestId("import-confirm").click();
          await page.getByTestId("import-done").waitFor();
          await page.getByTestId("import-another").click();
          await page.getByTestId("import-target").selectOption({ label: WITHDRAWN });
          await page.getByTestId("import-file").setInputFiles(path.join(OWN_FIXTURES, "peppol_withdraw.xml"));
        },
      },
      {
        // Confirmed: the catalog is withdrawn (which also leaves the catalog as the screens
        // before expect it at the next size).
        name: "import-withdrawn", route: "/catalog/import", ready: "import-done",
        async prepare(page) {
          await page.getByTestId("withdraw-confirm").click();
        },
      },
      { name: "cart", route: "/cart", ready: "cart-line" },
      {
        name: "requisition-new", route: "/cart", ready: "req-title",
        async prepare(page) {
          await page.getByTestId("create-requisition").click();
        },
      },
      { name: "requisitions", route: "/requisitions", ready: "requisition-row" },
      { name: "requisition-detail", route: `/requisitions/${pending.id}`, ready: "req-status" },
      { name: "orders", route: "/orders", ready: "order-row" },
      { name: "order-detail", route: `/orders/${order.id}`, ready: "order-lines" },
      {
        name: "order-change", route: `/orders/${order.id}`, ready: "change-line",
        async prepare(page) {
          await page.getByTestId("request-change").click();
        },
      },
      { name: "goods-receipt", route: `/orders/${order.id}/receive`, ready: "receive-lines" },
      // Before screens elsewhere: the language is switched on the last screen of the list.
      { name: "order-billing", route: `/orders/${invoices.overOrder.id}`, ready: "order-billing" },
      { name: "invoices-buyer", route: "/invoices", ready: "invoice-row", prepare: documentsTab },
      { name: "invoice-detail-buyer", route: invoiceHref(invoices.over), ready: "decision-panel" },
      { name: "return-form", route: `/orders/${received?.id}/return`, ready: "return-lines" },
      { name: "returns", route: "/returns", ready: "returns-page" },
      { name: "contracts", route: "/contracts", ready: "contract-row" },
      { name: "contract-new", route: "/contracts/new", ready: "chosen-item", prepare: contractForm },
      { name: "contract-detail", route: `/contracts/${contract.id}`, ready: "contract-standing" },
      {
        name: "contract-end", route: `/contracts/${contract.id}`, ready: "end-dialog",
        async prepare(page) {
          await page.getByTestId("end-contract").click();
        },
      },
      { name: "suppliers", route: "/suppliers", ready: "evaluate" },
      {
        name: "supplier-evaluation", route: "/suppliers", ready: "evaluation-form",
        async prepare(page) {
          await page.getByTestId("evaluate").first().click();
        },
      },
      { name: "supplier-detail", route: `/suppliers/${items[0].supplier_id}`, ready: "assessment-form" },
      { name: "selections", route: "/suppliers/selections", ready: "new-selection" },
      {
        // A selection being filled in: an inconsistent criteria matrix (its worst judgement
        // flagged, with a suggestion) and the ranking below.
        name: "selection-new", route: "/suppliers/selections/new", ready: "ranking",
        async prepare(page) {
          await page.getByTestId("selection-title").fill("Copy paper supplier 2027");
          const candidates = page.locator('input[data-testid^="candidate-"]');
          await candidates.first().waitFor();
          for (let i = 0; i < (await candidates.count()); i++) await candidates.nth(i).check();
          const sliders = page.getByTestId("criteria-pairs").locator('input[type="range"]');
          await sliders.nth(0).fill("-2");
          await sliders.nth(1).fill("4");
          await sliders.nth(2).fill("-4");
          await page.getByTestId("inconsistencies").waitFor();
        },
      },
      { name: "requisition-returned", route: `/requisitions/${returned.id}`, ready: "edit-resubmit" },
      {
        name: "requisition-edit", route: `/requisitions/${returned.id}`, ready: "req-title",
        async prepare(page) {
          await page.getByTestId("edit-resubmit").click();
        },
      },
      { name: "spend", route: "/spend", ready: "spend-totals" },
      {
        // The lines behind the largest category family, as a buyer's tap on its bar shows them.
        name: "spend-drill", route: "/spend", ready: "drill-line",
        async prepare(page) {
          await page.getByTestId("spend-row").first().click();
        },
      },
      { name: "stock", route: "/stock", ready: "stock-row" },
      {
        // A goods issue being recorded on the first stocked item.
        name: "stock-issue", route: "/stock", ready: "issue-form",
        async prepare(page) {
          // The screen keeps an open form while the address stays the same: open it once.
          const button = page.getByTestId("stock-issue").first();
          if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
        },
      },
      {
        // The first due item's weekly stock chart and figures.
        name: "stock-detail", route: "/stock", ready: "stock-chart",
        async prepare(page) {
          const button = page.getByTestId("stock-details").first();
          if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
        },
      },
      { name: "settings", route: "/settings", ready: "sync-now" },
      { name: "not-found", route: "/no/such/page", ready: "not-found" },
      { name: "old-import-url", route: "/import", ready: "back-to-catalog" },
    ],
    ap: [
      { name: "invoices-ap", route: "/invoices", ready: "invoice-row", prepare: documentsTab },
      { name: "invoice-detail-ap", route: invoiceHref(invoices.over), ready: "decision-panel" },
      { name: "invoice-matched-ap", route: invoiceHref(invoices.matched), ready: "invoice-findings" },
      { name: "invoice-new-ap", route: "/invoices/new", ready: "entry-line", prepare: entryForm },
      { name: "invoice-payments-ap", route: "/invoices", ready: "payable-row", prepare: paymentsTab },
    ],
    approver1: [
      { name: "approvals", route: "/approvals", ready: "inbox-row" },
      {
        name: "approvals-confirm", route: "/approvals", ready: "confirm-decision",
        async prepare(page) {
          await page.getByTestId("inbox-row").first().getByTestId("inbox-approve").click();
        },
      },
      {
        name: "approvals-return", route: "/approvals", ready: "decision-comment",
        async prepare(page) {
          await page.getByTestId("inbox-row").first().getByTestId("inbox-return").click();
        },
      },
      {
        name: "approvals-details", route: "/approvals", ready: "inbox-detail",
        async prepare(page) {
          await page.getByTestId("inbox-row").first().getByTestId("inbox-details").click();
        },
      },
      { name: "approver-requisition", route: `/requisitions/${pending.id}`, ready: "decision-panel" },
      { name: "policy-readonly", route: "/policy", ready: "policy-page" },
    ],
    admin: [
      { name: "policy", route: "/policy", ready: "save-policy" },
      { name: "admin-approvals", route: "/approvals", ready: "delegation-form" },
      {
        // An admin's recount of a stocked item, with the form to stock another below.
        name: "stock-admin", route: "/stock", ready: "recount-form",
        async prepare(page) {
          const button = page.getByTestId("stock-details").first();
          if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
        },
      },
      { name: "not-found", route: "/no/such/page", ready: "not-found" },
      { name: "invoices-admin", route: "/invoices", ready: "invoice-row", prepare: documentsTab },
      { name: "invoice-detail-admin", route: invoiceHref(invoices.over), ready: "invoice-findings" },
      { name: "invoice-new-admin", route: "/invoices/new", ready: "entry-line", prepare: entryForm },
    ],
  };
}

/** An item whose product (same GTIN) another supplier offers too: the catalog offers to compare. */
function sharedOffer(items) {
  const bySupplier = new Map();
  for (const i of items) {
    if (!i.gtin) continue;
    const suppliers = bySupplier.get(i.gtin) ?? new Set();
    suppliers.add(i.supplier_id);
    bySupplier.set(i.gtin, suppliers);
  }
  const item = items.find((i) => i.gtin && bySupplier.get(i.gtin).size > 1);
  assert.ok(item, "a product offered by two suppliers");
  return item;
}

const CSV_DATA = [];

/** Picks the audit's CSV for a new supplier named `name`, maps it and checks it. */
/**
 * In the page: the next import worker spawned is a stand-in that says it is ready, answers the
 * job with "received N bytes" (MessagePack, as the real one) and then never finishes. Only the
 * next one: the stand-in puts the real `Worker` back as it is made.
 */
function stallNextWorker() {
  const Real = window.Worker;
  const text = (s) => [0xa0 | s.length, ...[...s].map((c) => c.charCodeAt(0))];
  window.Worker = class {
    constructor() {
      window.Worker = Real;
      setTimeout(() => this.onmessage?.({ data: new Uint8Array(text("Ready")) }), 10);
    }
    postMessage([, file]) {
      const n = file.byteLength;
      const reply = [0x81, ...text("Received"), 0x81, ...text("bytes"), 0xce, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
      setTimeout(() => this.onmessage?.({ data: new Uint8Array(reply) }), 10);
    }
    terminate() {}
  };
}

async function checkCsv(page, name, csv) {
  await page.getByTestId("new-supplier-name").fill(name);
  await page.getByTestId("import-file").setInputFiles(csv);
  await page.getByTestId("mapping-screen").waitFor();
  await page.locator('select[data-field="FieldSku"]').selectOption("Article No");
  await page.getByTestId("fixed-currency").selectOption("CNY");
  await page.getByTestId("check-file").click();
}
// The supplier whose file-imported catalog the import-withdraw screen withdraws: its name and id
// (shown on the suppliers screen) are the buyer's data, and so are the fixtures' file names.
const WITHDRAWN = "Nordline Office AB";
const OWN_FIXTURES = path.join(ROOT, "crates/procura-catalog/tests/fixtures");
CSV_DATA.push(WITHDRAWN, "local-nordline-office-ab", "peppol_zh_tiers.xml", "peppol_withdraw.xml", "bmecat2005_features.xml", "Nordkabel");
// The category tree shown on catalog-supplier-tree: the supplier's own names, as its file has them.
const TREE_FILE = "bmecat2005_category_tree.xml";
CSV_DATA.push(TREE_FILE, "Fixings", "Chemicals", "Nylon anchors", "Schrauben", "Universal plug UX 6, box of 100", "Injection mortar FIS V 360 S");

function importCsv(dir, items) {
  const [a] = items;
  const rows = [
    ["Article No", "Name", "名称", "Manufacturer", "MPN", "EAN", "UNSPSC", "Unit", "Price", "Lead time", "Stock"],
    ["AC-1", a.name.en, a.name.zh, a.manufacturer, a.mpn, a.gtin, a.unspsc, a.order_unit, "-12.50", "9", "5000"],
    ["AC-2", "Acme brass padlock with hardened steel shackle and two keys, 40 mm", "艾克米 黄铜挂锁 40毫米", "Acme", "PL-40", "", "46171501", "PCE", "forty-two", "3", "80"],
    ["AC-3", "Acme-heavy-duty-padlock-with-an-exceptionally-long-unbroken-name-50mm", "艾克米 重型挂锁", "Acme", "PL-50", "", "46171501", "PCE", "42.00", "3", "0"],
  ];
  const quote = (cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  const file = path.join(dir, "acme.csv");
  writeFileSync(file, rows.map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n");
  // What the file says (its name, headers and cells) is the supplier's data, which the import
  // screens quote as written.
  CSV_DATA.push(path.basename(file), ...rows.flat());
  return file;
}

/** Opens one screen, checks it, and writes its screenshot; returns its findings. */
const VISITED = new Set();

const STARTED = Date.now();

async function audit(page, screen, key, { zh, data, runAxe, errors }) {
  VISITED.add(screen.name);
  // Where the time goes, for a run that gets slow: each screen as it is opened.
  console.log(`screen audit: ${key} at ${((Date.now() - STARTED) / 1000).toFixed(0)} s`);
  errors.length = 0;
  const findings = [];
  try {
    await goTo(page, screen.route);
    if (screen.prepare) await screen.prepare(page);
    await page.getByTestId(screen.ready).first().waitFor({ timeout: 10_000 });
  } catch (e) {
    findings.push(["unreachable", e.message.split("\n")[0]]);
  }
  // Let layout and any late effect settle (bounded: a page that paints no frame must not hang
  // the audit).
  await page.evaluate(() => new Promise((r) => {
    requestAnimationFrame(() => requestAnimationFrame(r));
    setTimeout(r, 1_000);
  }));
  findings.push(...(await page.evaluate(scanPage, { zh, allow: [...ALLOW], data })));
  if (runAxe) findings.push(...(await axeFindings(page)));
  for (const [kind, text] of errors) findings.push([kind, text.slice(0, 200)]);
  await page.screenshot({ path: path.join(SHOTS, `${key}.png`), fullPage: true });
  return findings;
}

function loadBaseline() {
  try {
    return JSON.parse(readFileSync(BASELINE, "utf8")).entries;
  } catch {
    return [];
  }
}

const KIND_REASON = {
  overflow: "page wider than the screen",
  "control-cut": "a control lies outside its clipping box",
  untranslated: "English text left in the Chinese UI",
};

test("screen audit: every screen at tablet and phone sizes, in English and Chinese", { timeout: 900_000 }, async () => {
  const started = Date.now();
  mkdirSync(SHOTS, { recursive: true });
  const dir = scratch("procura-screen-audit-");
  const endpoint = await startEndpoint({ db: path.join(dir, "endpoint.sqlite3"), extraArgs: ARGS });
  const base = endpoint.url;
  const results = []; // { screen, size, lang, check, detail }
  const roles = (process.env.SCREEN_AUDIT_ROLES ?? "buyer,approver1,admin,ap").split(",");
  try {
    const auth = await token(base, "buyer");
    const items = await catalogItems(base, auth);
    const csv = importCsv(dir, items);
    const invoices = await invoiceDemo(base);
    const contract = await contractDemo(base, items);
    let demo;

    // SCREEN_AUDIT_ROLES=admin runs one role's screens only (a quick look; the baseline check
    // then covers those screens alone).
    for (const role of roles) {
      const browser = await launchBrowser(path.join(dir, role), SIZES["1024x768"]);
      await servePictures(browser, ["*.fixings.example"]);
      try {
        const page = browser.pages()[0] ?? (await browser.newPage());
        const errors = [];
        page.on("pageerror", (e) => errors.push(["page-error", e.message]));
        page.on("console", (m) => m.type() === "error" && errors.push(["console-error", m.text()]));
        if (role === "admin") {
          // The login screen, before anyone is logged in on this device.
          await page.goto(base);
          for (const lang of LANGS) {
            await page.getByTestId("language").first().selectOption(lang);
            for (const [size, viewport] of Object.entries(SIZES)) {
              await page.setViewportSize(viewport);
              const screen = { name: "login", route: "/", ready: "language" };
              for (const [check, detail] of await audit(page, screen, `${lang}-${size}-login`, { zh: lang !== "en", data: [], runAxe: true, errors })) {
                results.push({ screen: "login", size, lang, check, detail });
              }
            }
          }
          await page.getByTestId("language").first().selectOption("en");
          await logIn(page, role);
          await page.getByTestId("sync-status").filter({ hasText: "Catalog up to date" }).waitFor({ timeout: 60_000 });
        } else {
          await openLoggedIn(browser, base, role);
        }
        if (role === "buyer" || !demo) demo = role === "buyer" ? await buyerDemo(base, page, items) : { order: {}, pending: {}, returned: {} };
        else await syncNow(page);
        errors.length = 0;
        const data = dataStrings(items, await hubRecords(base), await api(base, "GET", "/suppliers", { token: auth }), CSV_DATA);
        for (const lang of LANGS) {
          await page.getByTestId("language").first().selectOption(lang);
          const only = process.env.SCREEN_AUDIT_SCREENS?.split(",");
          const list = screens({ ...demo, csv, lang, items, invoices, contract })[role].filter((s) => !only || only.includes(s.name));
          for (const [size, viewport] of Object.entries(SIZES)) {
            await page.setViewportSize(viewport);
            for (const screen of list) {
              const key = `${lang}-${size}-${screen.name}`;
              // axe looks at markup, which the size does not change: the reference size is enough.
              const found = await audit(page, screen, key, { zh: lang !== "en", data, runAxe: size === "768x1024", errors });
              for (const [check, detail] of found) results.push({ screen: screen.name, size, lang, check, detail });
            }
          }
        }
        // The way back from an unknown address works.
        if (role !== "buyer") continue;
        await page.getByTestId("language").first().selectOption("en");
        await goTo(page, "/import");
        await page.getByTestId("back-to-catalog").click();
        await page.waitForFunction(() => location.pathname === "/catalog");
        await page.getByTestId("catalog-search").waitFor();
      } finally {
        await browser.close();
      }
    }
  } finally {
    await endpoint.stop();
    cleanup(dir);
  }

  // Compare with the baseline: one entry per screen, size, language and check.
  const keyOf = (f) => `${f.screen} ${f.size} ${f.lang} ${f.check}`;
  const found = new Map();
  for (const f of results) {
    const k = keyOf(f);
    found.set(k, found.has(k) ? { ...f, detail: `${found.get(k).detail} || ${f.detail}` } : f);
  }
  const baseline = loadBaseline();
  const known = new Map(baseline.map((b) => [keyOf(b), b]));
  const fresh = [...found.values()].filter((f) => !known.has(keyOf(f)));
  const ran = (b) => VISITED.has(b.screen);
  const gone = baseline.filter((b) => ran(b) && !found.has(keyOf(b)));
  // Every finding with its detail, known or not, for a person to read next to the screenshots.
  writeFileSync(path.join(SHOTS, "findings.json"), JSON.stringify([...found.values()].sort((x, y) => keyOf(x).localeCompare(keyOf(y))), null, 1) + "\n");
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`screen audit: ${results.length} findings on ${new Set(results.map(keyOf)).size} keys, ` +
    `${baseline.length} known, ${fresh.length} new, ${gone.length} fixed, in ${seconds} s; screenshots in ${SHOTS}`);
  if (process.env.SCREEN_AUDIT_WRITE_BASELINE) {
    const entries = [...found.values()]
      .map((f) => ({
        screen: f.screen, size: f.size, lang: f.lang, check: f.check,
        reason: known.get(keyOf(f))?.reason ?? KIND_REASON[f.check] ?? f.detail.slice(0, 120),
      }))
      .sort((x, y) => keyOf(x).localeCompare(keyOf(y)));
    writeFileSync(BASELINE, JSON.stringify({ entries }, null, 1) + "\n");
    return;
  }
  const report = [
    ...fresh.map((f) => `NEW   ${keyOf(f)}: ${f.detail}`),
    ...gone.map((b) => `FIXED ${keyOf(b)} (remove it from the baseline): ${b.reason}`),
  ];
  assert.deepEqual(report, [], `screen audit findings:\n${report.join("\n")}`);
});
