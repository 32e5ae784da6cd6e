// Input latency while the import page checks a 100,000-row CSV: the built app (dist/, or
// PROCURA_DIST) on the demo hub, a key pressed every 40 ms from the click on "Check" until the
// result shows. For each key, the time from the input's own time stamp to the next frame; and
// the longest gap between two frames (an input arriving then waits as long). Works on builds
// that parse on the page's thread too, so the two can be compared. Prints figures; never fails
// on a slow one.
//   node tests/bench/import-latency.mjs [--rows 100000] [--runs 3] [--keys 0]
// `--keys 0` presses no key and reports only the frame gaps (a build that parses on the page's
// thread can keep Playwright's key presses waiting long past the parse).
import path from "node:path";
import { writeFileSync } from "node:fs";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, DIST_DIR } from "../e2e/harness.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg("rows", 100_000);
const RUNS = arg("runs", 3);
const KEYS = arg("keys", 1);

const dir = scratch("procura-bench-import-");
const file = path.join(dir, "catalog.csv");
const lines = ["SKU,Name,Description,Price,Stock"];
for (let i = 0; i < ROWS; i++) {
  lines.push(`BIG-${i},Office item ${i},A plain office article number ${i} for the test,${(i % 900) + 1}.50,${i % 70}`);
}
writeFileSync(file, lines.join("\n") + "\n");

const endpoint = await startEndpoint({
  db: path.join(dir, "endpoint.sqlite3"),
  extraArgs: ["--suppliers", "1", "--items-per-supplier", "5", "--marketplace-sellers", "0"],
});
const browser = await launchBrowser(path.join(dir, "profile"));
const pct = (xs, p) => Math.round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]);
try {
  const { page } = await openLoggedIn(browser, endpoint.url);
  console.log(`${DIST_DIR}: ${ROWS} rows, ${RUNS} runs`);
  for (let run = 0; run < RUNS; run++) {
    await page.getByTestId("import-link").click();
    await page.getByTestId("import-target").selectOption("");
    await page.getByTestId("new-supplier-name").fill("Big Office Supplies");
    await page.getByTestId("import-file").setInputFiles(file);
    await page.getByTestId("mapping-screen").waitFor();
    await page.evaluate(() => {
      window.__lat = [];
      window.__gaps = [];
      document.addEventListener("keydown", (e) => {
        const t = e.timeStamp;
        requestAnimationFrame(() => window.__lat.push(performance.now() - t));
      }, true);
      let last = performance.now();
      window.__watch = true;
      const frame = (now) => {
        window.__gaps.push(now - last);
        last = now;
        if (window.__watch) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    const started = Date.now();
    await page.getByTestId("check-file").click();
    const summary = page.getByTestId("check-summary");
    let presses = 0;
    while ((await summary.count()) === 0) {
      if (KEYS) {
        await page.keyboard.press("Shift");
        presses++;
      }
      await page.waitForTimeout(40);
    }
    const elapsed = Date.now() - started;
    const s = await page.evaluate(() => {
      window.__watch = false;
      const answer = performance.getEntriesByName("procura-import-answer").map((e) => e.duration);
      performance.clearMeasures("procura-import-answer");
      return { lat: window.__lat, gaps: window.__gaps, answer };
    });
    const decode = s.answer.reduce((a, b) => a + b, 0);
    console.log(
      `run ${run + 1}: check ${elapsed} ms; ` +
        (presses ? `${presses} keys, input latency p50 ${pct(s.lat, 0.5)} ms, max ${pct(s.lat, 1)} ms; ` : "") +
        `longest frame gap ${pct(s.gaps, 1)} ms` +
        (s.answer.length ? `; answer decoded on the page: ${s.answer.length} messages, ${Math.round(decode)} ms in all, ` +
          `longest ${Math.round(Math.max(...s.answer))} ms` : ""),
    );
    await page.getByRole("link", { name: "Back to the catalog" }).first().click();
    await page.reload();
    await page.getByTestId("item-list").waitFor();
  }
} finally {
  await browser.close();
  await endpoint.stop();
  cleanup(dir);
}
