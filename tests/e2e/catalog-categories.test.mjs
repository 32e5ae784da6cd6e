// A supplier's own category tree, as files bring it: a BMEcat 2005 catalog with a
// CATALOG_STRUCTURE and group maps, and a CSV whose "Category" column holds paths. With that one
// supplier chosen, the catalog browses its tree level by level with counts; a group shows the
// items under it and every group below; the trail leads back; other suppliers' items never show
// inside a group. Read in Chinese too. The fixtures are the core's own.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { writeFileSync } from "node:fs";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, catalogTotal, openFacets, ROOT } from "./harness.mjs";

const FIXTURES = path.join(ROOT, "crates/procura-catalog/tests/fixtures");

async function importFile(page, file, supplierName) {
  await page.getByTestId("import-link").click();
  await page.getByTestId("import-target").selectOption("");
  await page.getByTestId("new-supplier-name").fill(supplierName);
  await page.getByTestId("import-file").setInputFiles(file);
  if (file.endsWith(".csv")) {
    await page.getByTestId("mapping-screen").waitFor();
    // The header "Category" is recognised as the category path.
    assert.equal(await page.locator('select[data-field="FieldCategoryPath"]').inputValue(), "Category");
    await page.getByTestId("check-file").click();
  }
  await page.getByTestId("import-confirm").click();
  await page.getByTestId("import-done").waitFor();
  await page.getByRole("link", { name: "Back to the catalog" }).first().click();
}

async function chooseSupplier(page, name) {
  await openFacets(page);
  await page.locator('[data-facet="supplier"]', { hasText: name }).locator("input").click();
}

/** The groups offered at this level: [name, count] pairs. */
async function groups(page) {
  const rows = page.getByTestId("supplier-group");
  const out = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    out.push([await row.locator(".facet-label").textContent(), Number(await row.locator(".facet-count").textContent())]);
  }
  return out;
}

async function openGroup(page, name, total) {
  await page.getByTestId("supplier-group").filter({ hasText: name }).click();
  await page.getByTestId("result-count").and(page.locator(`[data-total="${total}"]`)).waitFor();
}

test("a supplier's own category tree is browsed in the catalog", async () => {
  const dir = scratch("procura-e2e-categories-");
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    extraArgs: ["--suppliers", "1", "--items-per-supplier", "5", "--marketplace-sellers", "0"],
  });
  const browser = await launchBrowser(path.join(dir, "profile"), { width: 768, height: 1024 });
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url);
    await importFile(page, path.join(FIXTURES, "bmecat2005_category_tree.xml"), "Fixings Direct");

    // No supplier chosen: no tree.
    await openFacets(page);
    assert.equal(await page.getByTestId("supplier-tree").count(), 0);
    await chooseSupplier(page, "Fixings Direct");
    await page.getByTestId("supplier-tree").waitFor();
    assert.equal(await page.getByTestId("supplier-tree").locator("legend").textContent(), "Categories of Fixings Direct");
    // The top level in the supplier's order; the product filed nowhere counts in none.
    assert.deepEqual(await groups(page), [["Chemicals", 1], ["Fixings", 2]]);

    await openGroup(page, "Fixings", 2);
    // A German-only group name is shown as the file wrote it.
    assert.deepEqual(await groups(page), [["Nylon anchors", 1], ["Schrauben", 1]]);
    await openGroup(page, "Nylon anchors", 1);
    const uxId = await page.locator("li.item").first().getAttribute("data-item-id");
    assert.match(uxId, /\/UX-6$/);
    const trail = await page.getByTestId("supplier-tree").locator(".tree-trail li").allTextContents();
    assert.deepEqual(trail.map((t) => t.trim()), ["All", "Fixings", "Nylon anchors"]);
    // Back one level by the trail, then to the top.
    await page.getByTestId("supplier-group-step").filter({ hasText: "Fixings" }).click();
    await page.getByTestId("result-count").and(page.locator('[data-total="2"]')).waitFor();
    await page.getByTestId("language").first().selectOption("zh-CN");
    await page.getByTestId("supplier-tree").locator("legend").filter({ hasText: "Fixings Direct 的分类" }).waitFor();
    assert.equal((await page.getByTestId("supplier-group-top").textContent()).trim(), "全部");
    await page.getByTestId("supplier-group-top").click();
    await page.getByTestId("result-count").and(page.locator('[data-total="3"]')).waitFor();
    await page.getByTestId("language").first().selectOption("en");

    // A CSV with category paths makes a tree for its own supplier.
    const csv = path.join(dir, "toys.csv");
    writeFileSync(csv, [
      "SKU,Name,Price,Currency,Unit,Category",
      "T-1,Steam locomotive BR 01,249.00,CNY,C62,Hobbies > Model Trains > Locomotives",
      "T-2,Goods wagon,39.90,CNY,C62,Hobbies > Model Trains > Wagons",
      "UX-6,Kite UX-6,59.00,CNY,C62,Hobbies > Kites",
    ].join("\r\n") + "\r\n");
    await importFile(page, csv, "Toy Wholesale");
    await chooseSupplier(page, "Toy Wholesale");
    await page.getByTestId("supplier-tree").locator("legend").filter({ hasText: "Toy Wholesale" }).waitFor();
    assert.deepEqual(await groups(page), [["Hobbies", 3]]);
    await openGroup(page, "Hobbies", 3);
    assert.deepEqual(await groups(page), [["Kites", 1], ["Model Trains", 2]]);
    // Inside one supplier's group, only that supplier is offered; unchoosing it leaves the tree.
    const offered = await page.locator('[data-facet="supplier"] .facet-label').allTextContents();
    assert.deepEqual(offered, ["Toy Wholesale"]);
    await page.locator('[data-facet="supplier"]', { hasText: "Toy Wholesale" }).locator("input").click();
    await page.getByTestId("result-count").and(page.locator('[data-total="11"]')).waitFor();
    assert.equal(await page.getByTestId("supplier-tree").count(), 0);

    // The product page says where the supplier files the item: each group's path.
    const fisId = uxId.replace(/UX-6$/, "FIS-V");
    await page.goto(`${endpoint.url}/catalog/item/${encodeURIComponent(fisId)}`);
    const filed = page.getByTestId("item-supplier-category");
    await filed.waitFor();
    assert.equal(await filed.textContent(), "Chemicals › Injection mortar; Fixings › Schrauben");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
