// A supplier's export as buyers receive them, end to end in one flow: a CSV with bad rows, an
// attribute column and a picture column. The buyer imports the valid rows and skips the bad ones,
// opens a product page that shows the attribute and the picture, and filters the catalog by the
// attribute. The supplier's picture server is played by a route.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { writeFileSync } from "node:fs";
import {
  startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, openFacets, goTo, searchCatalog, servePictures,
} from "./harness.mjs";

const EXPORT = [
  "sku,name,price,currency,unit,unspsc,Colour,image",
  "PEN-R,Zephyr gel pen red,1.20,EUR,C62,44121704,red,https://img.pens.example/pen-r.png",
  "PEN-B,Zephyr gel pen blue,1.20,EUR,C62,44121704,blue,https://img.pens.example/pen-b.png",
  "PEN-K,Zephyr gel pen black,-1.10,EUR,C62,44121704,black,https://img.pens.example/pen-k.png",
  ",Zephyr gel pen green,1.20,EUR,C62,44121704,green,https://img.pens.example/pen-g.png",
  "PEN-V,Zephyr gel pen violet,1.25,EUR,C62,44121704,violet,",
].join("\n") + "\n";

test("a file with bad rows: the valid ones import, a product page shows its attribute and picture, the attribute filters", async () => {
  const dir = scratch("procura-e2e-real-file-");
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    extraArgs: ["--suppliers", "1", "--items-per-supplier", "10", "--marketplace-sellers", "0"],
  });
  const browser = await launchBrowser(path.join(dir, "profile"), { width: 768, height: 1024 });
  await servePictures(browser, ["img.pens.example"]);
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url);
    const file = path.join(dir, "pens.csv");
    writeFileSync(file, EXPORT);

    await page.getByTestId("import-link").click();
    await page.getByTestId("import-target").selectOption("");
    await page.getByTestId("new-supplier-name").fill("Pen Wholesale");
    await page.getByTestId("import-file").setInputFiles(file);
    await page.getByTestId("mapping-screen").waitFor();
    await page.locator('input[data-attribute-column="Colour"]').check();
    await page.getByTestId("check-file").click();
    await page.getByTestId("partial-offer").waitFor();
    assert.equal(await page.getByTestId("import-partial").textContent(), "Import the 3 valid items and skip 2");
    await page.getByTestId("import-partial").click();
    await page.getByTestId("import-done").filter({ hasText: "3 added" }).waitFor();

    // The product page: the attribute and the picture.
    await goTo(page, "/catalog");
    assert.equal(await searchCatalog(page, "zephyr"), 3);
    await page.locator("li.item").filter({ hasText: "Zephyr gel pen red" }).getByTestId("item-page-link").click();
    await page.getByTestId("item-attributes").waitFor();
    const rows = await page.getByTestId("item-attributes").locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim()).join(" = ")));
    assert.deepEqual(rows, ["Colour = red"]);
    const picture = page.getByTestId("item-picture");
    await picture.waitFor();
    assert.equal(await picture.getAttribute("src"), "https://img.pens.example/pen-r.png");
    await picture.evaluate((el) => (el.complete ? null : new Promise((r) => el.addEventListener("load", r, { once: true }))));
    assert.ok(await picture.evaluate((el) => el.naturalWidth > 0), "the picture loaded");

    // The attribute filters the catalog, for the category in view.
    await goTo(page, "/catalog");
    assert.equal(await searchCatalog(page, "zephyr"), 3);
    await openFacets(page);
    await page.locator('label[data-facet="segment"] input').first().check();
    const colour = page.locator('fieldset[data-attribute="Colour"]');
    await colour.waitFor();
    await colour.locator("label").filter({ hasText: "blue" }).locator("input").check();
    await page.getByTestId("result-count").and(page.locator('[data-total="1"]')).waitFor();
    assert.deepEqual(await page.locator("li.item .item-name [data-content]").allTextContents(), ["Zephyr gel pen blue"]);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
