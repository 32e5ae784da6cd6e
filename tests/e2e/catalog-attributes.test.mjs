// Product attributes in the browser: a BMEcat 2005 file with ETIM features and a CSV file with
// columns mapped as attributes import; a catalog row opens the product page, which shows the
// attributes in English and Chinese and adds to the cart like the row; an unknown or malformed
// product address says so; attribute values are searchable and, for the category in view,
// filter the catalog as facets.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, catalogTotal, openFacets, ROOT } from "./harness.mjs";

const FIXTURES = path.join(ROOT, "crates/procura-catalog/tests/fixtures");

async function search(page, text) {
  await page.getByTestId("catalog-search").fill(text);
  await page.waitForTimeout(50);
  return catalogTotal(page);
}

async function goTo(page, route) {
  await page.evaluate((r) => {
    history.pushState(null, "", r);
    dispatchEvent(new PopStateEvent("popstate", { state: null }));
  }, route);
}

async function attributeTable(page) {
  const rows = page.getByTestId("item-attributes").locator("tbody tr");
  return (await rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim()).join(" = "))));
}

test("attributes import, show on the product page, search and filter the catalog", async () => {
  const dir = scratch("procura-e2e-attributes-");
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    extraArgs: ["--suppliers", "1", "--items-per-supplier", "20", "--marketplace-sellers", "0"],
  });
  const browser = await launchBrowser(path.join(dir, "profile"), { width: 768, height: 1024 });
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url);

    // BMEcat 2005 with ETIM features: the header names the supplier.
    await page.getByTestId("import-link").click();
    await page.getByTestId("import-target").selectOption("");
    await page.getByTestId("import-file").setInputFiles(path.join(FIXTURES, "bmecat2005_features.xml"));
    await page.getByTestId("check-summary").filter({ hasText: "3 items ready to import" }).waitFor();
    await page.getByTestId("import-confirm").click();
    await page.getByTestId("import-done").waitFor();

    // A CSV whose Colour, Cross-section and Material columns are read as attributes.
    await page.getByTestId("import-another").click();
    await page.getByTestId("import-target").selectOption("");
    await page.getByTestId("new-supplier-name").fill("Wire Depot");
    await page.getByTestId("import-file").setInputFiles(path.join(FIXTURES, "csv_attributes.csv"));
    await page.getByTestId("mapping-screen").waitFor();
    for (const column of ["Colour", "Cross-section", "Material"]) {
      await page.locator(`input[data-attribute-column="${column}"]`).check();
    }
    await page.getByTestId("fixed-currency").selectOption("EUR");
    await page.getByTestId("check-file").click();
    await page.getByTestId("check-summary").filter({ hasText: "3 items ready to import" }).waitFor();
    await page.getByTestId("import-confirm").click();
    await page.getByTestId("import-done").waitFor();
    await page.getByRole("link", { name: "Back to the catalog" }).first().click();

    // Attribute values are searchable.
    assert.equal(await search(page, "wire copper"), 2, "W-1 and W-3 are copper");
    assert.equal(await search(page, "sheathed grey"), 1, "the ETIM value's text is found");

    // The row opens the product page.
    await search(page, "NYM-3x2.5");
    const row = page.locator("li.item").filter({ hasText: "Sheathed cable NYM-J 3x2.5" });
    await row.getByTestId("item-page-link").click();
    await page.getByTestId("item-attributes").waitFor();
    assert.match(decodeURIComponent(new URL(page.url()).pathname), /^\/catalog\/item\/local-[^/]+\/NYM-3x2\.5$/);
    assert.equal(await page.getByTestId("item-name").textContent(), "Sheathed cable NYM-J 3x2.5 mm²");
    assert.equal(await page.getByTestId("item-sku").textContent(), "NYM-3x2.5");
    assert.equal(await page.getByTestId("item-maker").textContent(), "Nordkabel");
    assert.match(await page.getByTestId("item-category").textContent(), /26121600/);
    const table = await attributeTable(page);
    assert.deepEqual(table, [
      "Number of cores EF000138 = 3",
      "Cross-section EF000008 = 2.5 mm²",
      "Colour of sheath EF000007 = Grey",
      "Rated voltage = 300, 500 VLT",
    ]);
    await page.getByTestId("language").first().selectOption("zh-CN");
    await page.getByTestId("item-name").filter({ hasText: "护套电缆" }).waitFor();
    const zh = await attributeTable(page);
    assert.equal(zh[1], "截面积 EF000008 = 2.5 mm²");
    assert.equal(zh[3], "额定电压 = 300, 500 VLT");
    // Untranslated names fall back to the file's own text.
    assert.equal(zh[0], "Number of cores EF000138 = 3");
    await page.getByTestId("language").first().selectOption("en");

    // "Add to cart" works as in the row.
    await page.getByTestId("item-offer").getByTestId("add-to-cart").click();
    await page.getByTestId("added-to-cart").waitFor();

    // An unknown id and a malformed address get a page that says so.
    await goTo(page, "/catalog/item/" + encodeURIComponent("nobody/NO-SUCH-SKU"));
    await page.getByTestId("item-missing").waitFor();
    assert.match(await page.getByTestId("item-missing").textContent(), /nobody\/NO-SUCH-SKU/);
    await goTo(page, "/catalog/item/%E0%A4%A");
    await page.getByTestId("item-missing").waitFor();

    // Facets for the category in view: choose the cables' segment, then a cross-section.
    await goTo(page, "/catalog");
    assert.equal(await search(page, "NYM"), 2);
    await openFacets(page);
    assert.equal(await page.locator('label[data-facet="attribute"]').count(), 0, "no category in view yet");
    await page.locator('label[data-facet="segment"] input').first().check();
    const section = page.locator('fieldset[data-attribute="Cross-section"]');
    await section.waitFor();
    assert.deepEqual(
      await section.locator("label").allTextContents(),
      ["1.5 mm²1", "2.5 mm²1"],
    );
    await section.locator("label").filter({ hasText: "2.5 mm²" }).locator("input").check();
    await page.getByTestId("result-count").and(page.locator('[data-total="1"]')).waitFor();
    const shown = await page.locator("li.item .item-name").allTextContents();
    assert.equal(shown.length, 1);
    assert.match(shown[0], /3x2\.5/);
    // Clearing the filters shows both again.
    await page.getByTestId("clear-filters").click();
    await page.getByTestId("result-count").and(page.locator('[data-total="2"]')).waitFor();

    // No horizontal overflow on the product page at 768×1024.
    await search(page, "NYM-3x1.5");
    await page.locator("li.item").first().getByTestId("item-page-link").click();
    await page.getByTestId("item-attributes").waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);
    assert.equal(overflow, false);
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
