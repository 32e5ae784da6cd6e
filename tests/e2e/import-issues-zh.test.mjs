// A CSV with errors checked in Chinese: every problem in the errors table is said in Chinese (no
// English sentence), the counts and the downloaded report too; switching to English says the same
// problems in English. The screenshots (768×1024, both languages) go to target/import-issues/.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, ROOT } from "./harness.mjs";
import { ALLOW } from "./audit-scan.mjs";

const SHOTS = path.join(ROOT, "target/import-issues");

/** Latin words of 3+ letters in `text` that are not among `allowed` (values from the file). */
function englishWords(text, allowed) {
  return (text.match(/[A-Za-z_]{3,}/g) ?? []).filter((w) => !allowed.has(w));
}

test("import errors speak the buyer's language, in the table and in the report", async () => {
  const dir = scratch("procura-e2e-import-issues-");
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    extraArgs: ["--suppliers", "1", "--items-per-supplier", "5", "--marketplace-sellers", "0"],
  });
  const browser = await launchBrowser(path.join(dir, "profile"), { width: 768, height: 1024 });
  try {
    const csv = path.join(dir, "acme.csv");
    const rows = [
      "Article No,Name,Unit,Price,Stock,Currency",
      "AC-1,Acme padlock,PCE,-12.50,5,CNY",
      "AC-2,Acme brass padlock,Stk.,forty-two,3,CNY",
      "AC-3,Acme heavy padlock,PCE,\"42,00\",2.5,RMB",
      ",No article number,PCE,1.00,1,CNY",
      "AC-1,Acme padlock again,PCE,1.00,1,CNY",
    ];
    writeFileSync(csv, rows.join("\r\n") + "\r\n");
    // Values the file itself holds may appear as written, and so may the names of standards.
    const fromFile = new Set([...rows.join(",").match(/[A-Za-z_]{3,}/g), ...ALLOW, "ECE"]);

    const { page, errors } = await openLoggedIn(browser, endpoint.url);
    await page.getByTestId("language").first().selectOption("zh-CN");
    await page.getByTestId("import-link").click();
    await page.getByTestId("new-supplier-name").fill("Acme Trading");
    await page.getByTestId("import-file").setInputFiles(csv);
    await page.getByTestId("mapping-screen").waitFor();
    await page.locator('select[data-field="FieldSku"]').selectOption("Article No");
    await page.getByTestId("check-file").click();
    const table = page.getByTestId("import-issues");
    await table.waitFor();

    const summary = await page.getByTestId("check-summary").textContent();
    assert.match(summary, /未导入 · \d+ 个错误/, summary);
    const problems = await table.locator("tbody td.wide").allTextContents();
    const codes = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.code));
    assert.ok(problems.length >= 6, JSON.stringify(problems));
    for (const [i, text] of problems.entries()) {
      assert.match(text, /[\u4e00-\u9fff]/, `${codes[i]}: ${text}`);
      assert.deepEqual(englishWords(text, fromFile), [], `${codes[i]}: ${text}`);
      assert.doesNotMatch(text, /\{\w+\}/, text);
    }
    for (const code of ["import.number_below_bound", "import.bad_number", "import.currency_unknown", "import.no_sku", "import.sku_twice", "import.stock_not_whole"]) {
      assert.ok(codes.includes(code), `${code} in ${codes}`);
    }
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, "zh-CN-768x1024-import-errors.png"), fullPage: true });

    const download = page.waitForEvent("download");
    await page.getByTestId("download-report").click();
    const report = readFileSync(await (await download).path(), "utf8");
    const [header, ...lines] = report.replace(/^\uFEFF/, "").trim().split("\r\n");
    assert.equal(header, "级别,行,位置,货号,问题,代码");
    assert.equal(lines.length, problems.length);
    assert.match(lines[0], /^"错误",/);

    // The same problems in English, without reloading the check.
    await page.getByTestId("language").first().selectOption("en");
    await page.getByTestId("check-summary").filter({ hasText: /not imported · \d+ errors/ }).waitFor();
    const english = await table.locator("tbody td.wide").allTextContents();
    assert.equal(english.length, problems.length);
    assert.ok(english.some((t) => /must be zero or more, not -12\.50/.test(t)), JSON.stringify(english));
    assert.ok(english.every((t) => !/[\u4e00-\u9fff]/.test(t)), JSON.stringify(english));
    await page.screenshot({ path: path.join(SHOTS, "en-768x1024-import-errors.png"), fullPage: true });
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
