// Every import format through the browser's file picker: a GBK-encoded Chinese CSV (decoded by
// the browser's TextDecoder after the core guessed the encoding), BMEcat 2005, Peppol BIS 3 and
// Procura JSON, each into its own buyer-managed supplier; hostile XML is refused and changes
// nothing. The fixtures are the core's own, so a fresh clone tests itself.
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
