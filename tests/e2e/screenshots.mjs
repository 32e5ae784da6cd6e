// Not a test: takes the README's screenshots from the served app (`node tests/e2e/screenshots.mjs`).
import path from "node:path";
import { startEndpoint, launchBrowser, scratch, cleanup, logIn, ROOT } from "./harness.mjs";

const dir = scratch("procura-shots-");
const endpoint = await startEndpoint({ db: path.join(dir, "endpoint.sqlite3") });
try {
  for (const [name, viewport, lang] of [
    ["tablet-en", { width: 768, height: 1024 }, "en"],
    ["desktop-zh", { width: 1366, height: 900 }, "zh-CN"],
  ]) {
    const browser = await launchBrowser(path.join(dir, name), viewport);
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(endpoint.url);
    await page.getByTestId("language").selectOption(lang);
    await logIn(page, "buyer");
    await page.getByTestId("sync-status").filter({ hasText: /Catalog up to date|目录已是最新/ }).waitFor();
    await page.getByTestId("item-list").locator("li.item summary").nth(1).click();
    await page.screenshot({ path: path.join(ROOT, `docs/screenshot-${name}.png`) });
    // The comparison of one product's offers, at a quantity that reaches the second tier.
    await page.getByTestId("catalog-search").fill("copy paper A4 80");
    await page.getByTestId("compare-button").first().click();
    await page.getByTestId("compare-qty").fill("10000");
    await page.screenshot({ path: path.join(ROOT, `docs/screenshot-${name}-compare.png`) });
    // A supplier's scorecard and evaluations, one written offline and still waiting to sync.
    await page.getByTestId("compare-close").click();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await browser.setOffline(true);
    await page.locator('.sidenav a[href="/suppliers"]').click();
    await page.getByTestId("evaluate").first().click();
    await page.getByTestId("score-quality").selectOption("5");
    await page.getByTestId("evaluation-comment").fill(lang === "en" ? "Complete deliveries, invoices correct" : "交货完整，发票准确");
    await page.getByTestId("save-evaluation").click();
    await page.getByTestId("evaluation-row").first().waitFor();
    await page.screenshot({ path: path.join(ROOT, `docs/screenshot-${name}-evaluations.png`), fullPage: true });
    await browser.setOffline(false);
    await browser.close();
  }
} finally {
  await endpoint.stop();
  cleanup(dir);
}
