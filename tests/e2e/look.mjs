// Screenshots of a few screens at 768×1024 in both languages, full page, for a person to look
// at: `node tests/e2e/look.mjs /suppliers /suppliers/selections/new` (written to target/look/).
import path from "node:path";
import { mkdirSync } from "node:fs";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, ROOT } from "./harness.mjs";

const routes = process.argv.slice(2);
const user = process.env.LOOK_USER ?? "buyer";
const out = path.join(ROOT, "target/look");
mkdirSync(out, { recursive: true });
const dir = scratch("procura-look-");
const hub = await startEndpoint({ db: path.join(dir, "hub.sqlite3"), extraArgs: (process.env.LOOK_ARGS ?? "--suppliers 3 --items-per-supplier 40 --marketplace-sellers 0").split(" ") });
const browser = await launchBrowser(path.join(dir, "profile"), { width: Number(process.env.LOOK_W ?? 768), height: Number(process.env.LOOK_H ?? 1024) });
try {
  const { page, errors } = await openLoggedIn(browser, hub.url, user);
  await page.waitForTimeout(1500);
  for (const lang of ["en", "zh-CN"]) {
    await page.getByTestId("language").first().selectOption(lang);
    for (const route of routes) {
      await page.evaluate((r) => {
        history.pushState(null, "", r);
        dispatchEvent(new PopStateEvent("popstate", { state: null }));
      }, route);
      await page.waitForTimeout(1200);
      const name = `${route.replace(/[^a-z0-9]+/gi, "_")}-${lang}.png`;
      await page.screenshot({ path: path.join(out, name), fullPage: true });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      console.log(name, "overflow", wide);
    }
  }
  console.log("errors", errors);
} finally {
  await browser.close();
  await hub.stop();
  cleanup(dir);
}
