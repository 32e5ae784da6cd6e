// A marketplace-style export with bad rows (no header row): the check offers to import the valid
// rows and skip the others; the buyer does, downloads the skipped rows, fixes them and imports
// them as an update; importing the original file again as the whole catalog leaves the items its
// skipped rows name as they are. The offer is read in Chinese too.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, catalogTotal, ROOT } from "./harness.mjs";

const EXPORT = path.join(ROOT, "crates/procura-catalog/tests/fixtures/csv_partial_export.csv");

async function mapExport(page) {
  await page.getByTestId("mapping-screen").waitFor();
  const map = { FieldSku: "Column 1", FieldNameEn: "Column 2", Price: "Column 3", Currency: "Column 4", Stock: "Column 5" };
  for (const [field, column] of Object.entries(map)) {
    await page.locator(`select[data-field="${field}"]`).selectOption(column);
  }
}

async function search(page, text) {
  await page.getByTestId("catalog-search").fill(text);
  await page.waitForTimeout(50);
  return catalogTotal(page);
}

test("bad rows are skipped on the buyer's word, fixed and imported again", async () => {
  const dir = scratch("procura-e2e-partial-");
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    extraArgs: ["--suppliers", "1", "--items-per-supplier", "5", "--marketplace-sellers", "0"],
  });
  const browser = await launchBrowser(path.join(dir, "profile"), { width: 768, height: 1024 });
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url);
    await page.getByTestId("import-link").click();
    await page.getByTestId("new-supplier-name").fill("Makerspace Supplies");
    await page.getByTestId("import-file").setInputFiles(EXPORT);
    await mapExport(page);
    await page.getByTestId("check-file").click();

    const offer = page.getByTestId("partial-offer");
    await offer.waitFor();
    assert.match(await offer.textContent(), /^5 of 10 items have errors\. You can import the 5 valid items/);
    assert.match(await page.getByTestId("check-summary").textContent(), /not imported · 5 errors/);
    const lines = await page.getByTestId("import-issues").locator("tbody td.num").allTextContents();
    assert.deepEqual(lines, ["3", "4", "6", "8", "9"]);
    await page.getByTestId("language").first().selectOption("zh-CN");
    await offer.filter({ hasText: "10 件商品中有 5 件有错误" }).waitFor();
    assert.equal(await page.getByTestId("import-partial").textContent(), "导入 5 件有效商品，跳过 5 件");
    // The file has no header row: its columns are numbered, in the buyer's language.
    const places = await page.getByTestId("import-issues").locator("tbody tr td:nth-child(2)").allTextContents();
    assert.deepEqual(places, ["第 3 列", "第 5 列", "第 1 列", "第 5 列", "第 1 列"]);
    const problems = await page.getByTestId("import-issues").locator("tbody td.wide").allTextContents();
    assert.ok(problems.every((t) => !/Column/.test(t)), JSON.stringify(problems));
    await page.getByTestId("language").first().selectOption("en");
    assert.equal(await page.getByTestId("import-partial").textContent(), "Import the 5 valid items and skip 5");
    assert.equal(await page.getByTestId("import-nothing").count(), 1);

    // Import the valid rows.
    await page.getByTestId("import-partial").click();
    await page.getByTestId("import-done").filter({ hasText: "5 added" }).waitFor();
    assert.match(await page.getByTestId("import-skipped").textContent(), /5 items were skipped/);

    // The skipped rows come back as the file wrote them; fixed, they import as an update.
    const download = page.waitForEvent("download");
    await page.getByTestId("download-skipped").click();
    const saved = await download;
    assert.equal(saved.suggestedFilename(), "csv_partial_export-skipped.csv");
    const rows = readFileSync(await saved.path(), "utf8").replace(/^\uFEFF/, "").trim().split("\r\n");
    assert.deepEqual(rows.map((r) => r.split(",")[0]), ["MK-102", "MK-103", "", "MK-107", "MK-101"]);
    const fixed = [
      rows[0].replace("-89.00", "89.00"),
      rows[1].replace("many", "20"),
      "MK-105" + rows[2],
      rows[3] + ",9.90,CNY,15",
      // The second MK-101 was a duplicate: left out.
    ];
    const fixedFile = path.join(dir, "fixed.csv");
    writeFileSync(fixedFile, fixed.join("\r\n") + "\r\n");
    await page.getByTestId("import-another").click();
    await page.getByTestId("import-target").selectOption({ label: "Makerspace Supplies" });
    await page.getByTestId("import-file").setInputFiles(fixedFile);
    await mapExport(page);
    await page.getByTestId("import-action").selectOption("update");
    await page.getByTestId("check-file").click();
    await page.getByTestId("check-summary").filter({ hasText: "4 items ready to import" }).waitFor();
    await page.getByTestId("import-confirm").click();
    await page.getByTestId("import-done").filter({ hasText: "4 added" }).waitFor();

    // The original file again, as the whole catalog: its skipped rows' items stay as held.
    await page.getByTestId("import-another").click();
    await page.getByTestId("import-target").selectOption({ label: "Makerspace Supplies" });
    await page.getByTestId("import-file").setInputFiles(EXPORT);
    await mapExport(page);
    await page.getByTestId("import-action").selectOption("replace");
    await page.getByTestId("check-file").click();
    await page.getByTestId("import-partial").click();
    const done = await page.getByTestId("import-done").textContent();
    // MK-102, MK-103 and MK-107 stay; MK-105 is withdrawn: its row had no SKU, so nothing in
    // the file names it.
    assert.match(done, /0 added · 0 changed · 5 unchanged · 1 withdrawn/, done);

    await page.getByRole("link", { name: "Back to the catalog" }).first().click();
    assert.equal(await search(page, "Desk lamp LED"), 1, "the fixed row stays");
    assert.equal(await search(page, "Scissors"), 1);
    assert.equal(await search(page, "Unnamed cable tie pack"), 0);
    assert.equal(await search(page, "Sticky notes"), 1);
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
