// Every import format through the browser's file picker: a GBK-encoded Chinese CSV (decoded by
// the browser's TextDecoder after the core guessed the encoding), BMEcat 2005, Peppol BIS 3 and
// Procura JSON, each into its own buyer-managed supplier; hostile XML is refused and changes
// nothing. A BMEcat 2005 file with prices on request imports, shows "Price on request" and goes
// into the cart as a line that needs a quote. The fixtures are the core's own, so a fresh clone
// tests itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, catalogTotal, openFacets, ROOT } from "./harness.mjs";

const FIXTURES = path.join(ROOT, "crates/procura-catalog/tests/fixtures");
const ITEMS = 60;

async function pick(page, file, supplierName) {
  await page.getByTestId("import-link").click();
  await page.getByTestId("import-target").selectOption("");
  await page.getByTestId("new-supplier-name").fill(supplierName);
  await page.getByTestId("import-file").setInputFiles(path.join(FIXTURES, file));
}

async function importChecked(page) {
  await page.getByTestId("check-summary").filter({ hasText: "items ready to import" }).waitFor();
  const summary = await page.getByTestId("check-summary").textContent();
  await page.getByTestId("import-confirm").click();
  await page.getByTestId("import-done").waitFor();
  await page.getByRole("link", { name: "Back to the catalog" }).first().click();
  return Number(/(\d+) items ready/.exec(summary)[1]);
}

async function search(page, text) {
  await page.getByTestId("catalog-search").fill(text);
  await page.waitForTimeout(50);
  return catalogTotal(page);
}

test("CSV in GBK, BMEcat, Peppol and JSON import in the browser; hostile XML does not", async () => {
  const dir = scratch("procura-e2e-formats-");
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    extraArgs: ["--suppliers", "1", "--items-per-supplier", String(ITEMS), "--marketplace-sellers", "0"],
  });
  const browser = await launchBrowser(path.join(dir, "profile"));
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url);
    let total = await catalogTotal(page);

    // A Chinese spreadsheet saved as GBK: detected, decoded, its headers mapped by themselves.
    await pick(page, "csv_gbk.csv", "华通办公");
    await page.getByTestId("mapping-screen").waitFor();
    assert.equal(await page.getByTestId("encoding").inputValue(), "gbk");
    assert.match(await page.getByTestId("csv-preview").textContent(), /得力订书机/);
    await page.getByTestId("check-file").click();
    total += await importChecked(page);
    assert.equal(await search(page, "得力订书机"), 1, "the GBK text is searchable in Chinese");

    // BMEcat 2005 with Chinese as the default language: the header names the supplier.
    await pick(page, "bmecat2005_zho_tiers.xml", "");
    total += await importChecked(page);
    await openFacets(page);
    assert.equal(await page.locator('[data-facet="supplier"]', { hasText: "华东办公用品有限公司" }).count(), 1);

    // Peppol BIS 3 Catalogue and Procura JSON.
    await pick(page, "peppol_zh_tiers.xml", "Peppol Trading");
    total += await importChecked(page);
    await pick(page, "json_good.json", "Json Supplies");
    total += await importChecked(page);
    assert.equal(await search(page, ""), total, "every imported item is in the catalog");

    // Price on request: BMEcat 2005 products with PRODUCT_PRICE and a LOWER_BOUND but no
    // PRICE_AMOUNT (or no price at all) import with a warning, and say so where a price would be.
    await pick(page, "bmecat2005_price_on_request.xml", "");
    await page.getByTestId("check-summary").filter({ hasText: "items ready to import" }).waitFor();
    assert.match(await page.getByTestId("import-issues").textContent(), /imported as price on request/);
    total += await importChecked(page);
    assert.equal(await search(page, "Core drill stand"), 1);
    const stand = page.locator('li.item[data-item-id$="/D-950"]');
    assert.equal((await stand.getByTestId("item-price").textContent()).trim(), "Price on request");
    assert.equal(await stand.getByTestId("item-price").getAttribute("data-on-request"), "true");
    // In the cart it is a line that needs a quote: no price until the buyer estimates it.
    await stand.getByTestId("add-to-cart").click();
    await stand.getByTestId("added-to-cart").waitFor();
    await page.getByRole("link", { name: "Cart", exact: true }).click();
    const line = page.getByTestId("cart-line").filter({ hasText: "Core drill stand" });
    await line.getByTestId("needs-quote").waitFor();
    assert.match(await line.getByTestId("line-problem").textContent(), /Price on request: enter your estimate/);
    assert.ok(await page.getByTestId("create-requisition").isDisabled(), "no requisition before the estimate");
    await line.getByTestId("cart-estimate").fill("320");
    await line.getByTestId("cart-estimate").press("Tab");
    await line.getByTestId("line-problem").waitFor({ state: "detached" });
    assert.match(await line.getByTestId("line-total").textContent(), /320\.00/);
    // The requisition takes it as a non-catalog line at the estimate, naming the SKU.
    await page.getByTestId("create-requisition").click();
    const reqLine = page.getByTestId("req-line").filter({ hasText: "D-950" });
    await reqLine.waitFor();
    assert.equal(await reqLine.getAttribute("data-catalog"), "false");
    assert.match(await reqLine.textContent(), /Tool House GmbH/);
    await page.getByRole("link", { name: "Catalog", exact: true }).first().click();

    // An XML external entity is refused before anything is read, and nothing changes.
    await pick(page, "bmecat_xxe.xml", "Hostile Ltd");
    await page.getByTestId("check-summary").filter({ hasText: "not imported" }).waitFor();
    assert.match(await page.getByTestId("import-issues").textContent(), /DTD|entit/i);
    await page.getByRole("link", { name: "Back to the catalog" }).first().click();
    assert.equal(await search(page, ""), total);
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});

// A buyer updates a catalog held from a file by choosing its supplier from the list (the hub's
// own suppliers are listed too, but updated by their feed, not from a file): a Peppol update in
// Rec 21 package units deletes one line by its GTIN only. Then a catalogue whose ActionCode is
// Delete withdraws the supplier's catalog, after a confirmation naming it and its item count.
test("update a supplier chosen from the list, then withdraw its catalog after confirming", async () => {
  const dir = scratch("procura-e2e-withdraw-");
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    extraArgs: ["--suppliers", "1", "--items-per-supplier", String(ITEMS), "--marketplace-sellers", "0"],
  });
  const browser = await launchBrowser(path.join(dir, "profile"));
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url);
    const hubTotal = await catalogTotal(page);
    const supplier = "Nordline Office AB";

    // First catalog from a file: P-100 and P-200, priced in CNY.
    await pick(page, "peppol_zh_tiers.xml", supplier);
    await importChecked(page);
    assert.equal(await search(page, ""), hubTotal + 2);

    // The update, into the supplier chosen from the list.
    await page.getByTestId("import-link").click();
    const target = page.getByTestId("import-target");
    const feedOption = target.locator("option[disabled]");
    assert.equal(await feedOption.count(), 1, "the hub's supplier is listed, not choosable");
    await page.getByTestId("feed-suppliers-note").waitFor();
    await target.selectOption({ label: supplier });
    assert.match(await page.getByTestId("import-target-currency").textContent(), /CNY/);
    assert.equal(await page.getByTestId("new-supplier-name").count(), 0, "no new supplier is named");
    await page.getByTestId("import-file").setInputFiles(path.join(FIXTURES, "peppol_delete_by_gtin_rec21.xml"));
    await page.getByTestId("check-summary").filter({ hasText: "1 item ready to import" }).waitFor();
    assert.equal(await page.locator('[data-code="import.unit_unknown"]').count(), 0, "XCS and XBX are known units");
    await page.getByTestId("import-confirm").click();
    await page.getByTestId("import-done").waitFor();
    await page.getByRole("link", { name: "Back to the catalog" }).first().click();
    assert.equal(await search(page, "ST-246"), 1);
    const row = page.getByTestId("item-list");
    assert.match(await row.getByTestId("item-price").textContent(), /\/ case/, "the Rec 21 unit is named");
    assert.equal((await row.locator(".pack").textContent()).trim(), "10 × box");
    assert.doesNotMatch(await row.textContent(), /XCS|XBX/, "no raw package code is shown");
    // Nothing held carried the deleted GTIN or OLD-9: the two earlier items stay.
    assert.equal(await search(page, ""), hubTotal + 3);

    // The withdrawal asks first; keeping the catalog changes nothing.
    await page.getByTestId("import-link").click();
    await page.getByTestId("import-target").selectOption({ label: supplier });
    await page.getByTestId("import-file").setInputFiles(path.join(FIXTURES, "peppol_withdraw.xml"));
    const question = await page.getByTestId("withdraw-question").textContent();
    assert.match(question, new RegExp(`${supplier}.*3 items`));
    await page.getByTestId("withdraw-keep").click();
    await page.getByRole("link", { name: "Back to the catalog" }).first().click();
    assert.equal(await search(page, ""), hubTotal + 3);

    await page.getByTestId("import-link").click();
    await page.getByTestId("import-target").selectOption({ label: supplier });
    await page.getByTestId("import-file").setInputFiles(path.join(FIXTURES, "peppol_withdraw.xml"));
    await page.getByTestId("withdraw-confirm").click();
    await page.getByTestId("import-done").filter({ hasText: "3 withdrawn" }).waitFor();
    await page.getByRole("link", { name: "Back to the catalog" }).first().click();
    assert.equal(await search(page, ""), hubTotal, "only the hub's catalog is left");
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
