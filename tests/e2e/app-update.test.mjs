// The installable app shell: the manifest names the icons a home screen needs, the service
// worker serves the app with the network off, and a new version waits until the user chooses
// "Reload" in the banner, then takes over and drops the old version's cache.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEndpoint, launchBrowser, scratch, cleanup, logIn, DIST_DIR } from "./harness.mjs";

test("the app installs, works offline, and updates when the user reloads", async () => {
  const dir = scratch("procura-e2e-update-");
  const site = path.join(dir, "site");
  cpSync(DIST_DIR, site, { recursive: true });
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    staticDir: site,
    extraArgs: ["--suppliers", "1", "--items-per-supplier", "30", "--marketplace-sellers", "0"],
  });
  const browser = await launchBrowser(path.join(dir, "profile"));
  try {
    const manifest = await (await fetch(`${endpoint.url}/manifest.webmanifest`)).json();
    assert.equal(manifest.display, "standalone");
    const sizes = manifest.icons.map((i) => i.sizes);
    assert.ok(sizes.includes("192x192") && sizes.includes("512x512"), "home-screen icon sizes");
    for (const icon of manifest.icons) {
      assert.equal((await fetch(`${endpoint.url}${icon.src}`)).status, 200, icon.src);
    }

    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(endpoint.url);
    await logIn(page, "buyer");
    await page.getByTestId("item-list").waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    const oldCaches = await page.evaluate(() => caches.keys());
    assert.equal(oldCaches.length, 1);

    // Offline, a reload is served by the service worker.
    await browser.setOffline(true);
    await page.reload();
    await page.getByTestId("item-list").waitFor({ timeout: 30_000 });
    await browser.setOffline(false);

    // A new version is deployed: its service worker installs and waits for the user.
    const swPath = path.join(site, "sw.js");
    const sw = readFileSync(swPath, "utf8");
    const next = sw.replace(/const VERSION = "([^"]+)"/, 'const VERSION = "$1-next"');
    assert.notEqual(next, sw, "the service worker names its version");
    writeFileSync(swPath, next);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const banner = page.getByRole("status").filter({ hasText: "A new version of Procura is available." });
    await banner.waitFor({ timeout: 30_000 });
    assert.deepEqual(await page.evaluate(() => caches.keys()).then((k) => k.length), 2, "both versions cached while waiting");

    await Promise.all([page.waitForEvent("load", { timeout: 30_000 }), banner.getByRole("button", { name: "Reload" }).click()]);
    await page.getByTestId("item-list").waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      async () => {
        const keys = await caches.keys();
        return keys.length === 1 && keys[0].endsWith("-next");
      },
      null,
      { timeout: 30_000 },
    );
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
