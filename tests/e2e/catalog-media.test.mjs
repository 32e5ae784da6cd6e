// Product pictures and documents in the browser. A CSV with a picture column and a BMEcat file
// with MIME_INFO import; rows show thumbnails (kept on the device when the picture's server
// shares it, shown online only when it does not, a placeholder when it fails); the product page
// shows the pictures and lists the documents in both languages; with no network the kept
// thumbnails still show; Settings shows what is kept and takes a budget, refusing a bad one.
//
// The suppliers' picture servers are played by Playwright routes: no request leaves the machine.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { writeFileSync } from "node:fs";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, goTo, searchCatalog, png, ROOT } from "./harness.mjs";

const FIXTURES = path.join(ROOT, "crates/procura-catalog/tests/fixtures");

const PICTURE = png(400, 300, [15, 92, 77]);

/** The row of the item named `name` (searched first, so it is on the page). */
async function row(page, name) {
  await searchCatalog(page, name);
  return page.locator("li.item").filter({ hasText: name });
}

/** Whether the row's thumbnail shows a loaded picture. */
async function thumbLoaded(rowLocator) {
  const img = rowLocator.locator('img[data-testid="thumb"]');
  await img.waitFor();
  await img.evaluate((el) => (el.complete ? null : new Promise((r) => el.addEventListener("load", r, { once: true }))));
  return img.evaluate((el) => el.naturalWidth > 0);
}

test("pictures and documents: thumbnails kept for offline, the product page, the budget", async () => {
  const dir = scratch("procura-e2e-media-");
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    extraArgs: ["--suppliers", "1", "--items-per-supplier", "10", "--marketplace-sellers", "0"],
  });
  const browser = await launchBrowser(path.join(dir, "profile"), { width: 768, height: 1024 });
  const requests = [];
  let network = true;
  // A server that shares its pictures (CORS), one that does not, and one whose pictures are gone.
  const serve = (shared) => async (route) => {
    requests.push(route.request());
    if (!network) return route.abort("internetdisconnected");
    const headers = { "content-type": "image/png", "cache-control": "no-store" };
    // Playwright adds a permissive CORS header to a fulfilled answer that has none: a server that
    // does not share its pictures is played by one that shares them with another site only.
    headers["access-control-allow-origin"] = shared ? "*" : "https://another-site.example";
    return route.fulfill({ status: 200, headers, body: PICTURE });
  };
  await browser.route("https://img.procura.test/**", serve(true));
  await browser.route("https://cdn.fixings.example/**", serve(true));
  await browser.route("https://media.fixings.example/**", serve(true));
  await browser.route("https://noshare.procura.test/**", serve(false));
  await browser.route("https://gone.procura.test/**", (route) => {
    requests.push(route.request());
    return route.fulfill({ status: 404, body: "" });
  });
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url);

    // A CSV export with a picture column ("image" is recognised as one).
    const csv = path.join(dir, "pictures.csv");
    writeFileSync(csv, [
      "sku,name,price,currency,unit,image",
      "P-1,Shared stapler,4.50,EUR,C62,https://img.procura.test/p1.png",
      "P-2,Unshared punch,7.00,EUR,C62,https://noshare.procura.test/p2.png",
      "P-3,Gone tape,1.20,EUR,C62,https://gone.procura.test/p3.png",
      "P-4,Plain ruler,0.90,EUR,C62,",
      "P-5,Named file only,2.00,EUR,C62,folder/p5.jpg",
    ].join("\n") + "\n");
    await page.getByTestId("import-link").click();
    await page.getByTestId("import-target").selectOption("");
    await page.getByTestId("new-supplier-name").fill("Picture Supplies");
    await page.getByTestId("import-file").setInputFiles(csv);
    await page.getByTestId("mapping-screen").waitFor();
    await page.getByTestId("check-file").click();
    await page.getByTestId("check-summary").filter({ hasText: "5 items ready to import" }).waitFor();
    await page.getByTestId("import-confirm").click();
    await page.getByTestId("import-done").waitFor();

    // The BMEcat file: a picture, a thumbnail, a data sheet, a logo and a script reference.
    await page.getByTestId("import-another").click();
    await page.getByTestId("import-target").selectOption("");
    await page.getByTestId("import-file").setInputFiles(path.join(FIXTURES, "bmecat2005_media.xml"));
    await page.getByTestId("check-summary").filter({ hasText: "2 items ready to import" }).waitFor();
    await page.getByTestId("import-confirm").click();
    await page.getByTestId("import-done").waitFor();
    await page.getByRole("link", { name: "Back to the catalog" }).first().click();

    // Rows: a shared picture shows and is kept; an unshared one shows; a gone one is a
    // placeholder; a row without a picture, or with a file name only, has no thumbnail.
    assert.ok(await thumbLoaded(await row(page, "Shared stapler")));
    assert.ok(await thumbLoaded(await row(page, "Unshared punch")));
    await (await row(page, "Gone tape")).getByTestId("thumb-missing").waitFor();
    for (const name of ["Plain ruler", "Named file only"]) {
      const r = await row(page, name);
      assert.equal(await r.locator(".thumb").count(), 0, `${name} has no thumbnail`);
    }
    assert.ok(await thumbLoaded(await row(page, "Universal plug UX 6")));
    // Suppliers' servers are never told which page asked.
    assert.ok(requests.length >= 4);
    for (const r of requests) assert.equal(r.headers()["referer"], undefined, r.url());

    // The product page: pictures, and the documents by kind; the logo is not the product's, the
    // script reference is text, never a link.
    const ux = await row(page, "Universal plug UX 6");
    await ux.getByTestId("item-page-link").click();
    await page.getByTestId("item-pictures").waitFor();
    assert.equal(await page.getByTestId("picture-choice").count(), 2);
    assert.equal(
      await page.getByTestId("item-picture").getAttribute("src"),
      "https://media.fixings.example/bmecat/ux6_front.jpg",
    );
    await page.getByTestId("picture-choice").nth(1).click();
    assert.equal(await page.getByTestId("item-picture").getAttribute("src"), "https://cdn.fixings.example/thumbs/ux6.jpg");
    const docs = await page.getByTestId("item-document").allTextContents();
    assert.equal(docs.length, 2, docs.join(" | "));
    assert.match(docs[0], /^Data sheet\s+Data sheet$/);
    assert.match(docs[1], /javascript:alert\(document\.cookie\)/);
    const link = page.getByTestId("item-document-link");
    assert.equal(await link.count(), 1);
    assert.equal(await link.getAttribute("href"), "https://media.fixings.example/bmecat/docs/UX%206%20data%20sheet.pdf");
    assert.equal(await link.getAttribute("target"), "_blank");
    assert.match(await link.getAttribute("rel"), /noopener/);
    assert.equal(await page.locator('a[href^="javascript"]').count(), 0);
    await page.getByTestId("language").first().selectOption("zh-CN");
    await page.getByText("产品数据表").waitFor();
    assert.match((await page.getByTestId("item-document").allTextContents())[0], /^数据表\s+产品数据表$/);
    await page.getByTestId("language").first().selectOption("en");

    // Settings: the kept thumbnails (the two shared ones seen), a refused budget, a new one.
    await goTo(page, "/settings");
    const usage = page.getByTestId("picture-cache-usage");
    await usage.filter({ hasText: /^2 pictures, / }).waitFor();
    await page.getByTestId("picture-budget").fill("lots");
    await page.getByTestId("picture-budget-save").click();
    await page.getByTestId("picture-cache-status").filter({ hasText: "Enter a whole number of megabytes" }).waitFor();
    await page.getByTestId("language").first().selectOption("zh-CN");
    await page.getByTestId("picture-budget").fill("5000");
    await page.getByTestId("picture-budget-save").click();
    await page.getByTestId("picture-cache-status").filter({ hasText: "最多 2000 MB。" }).waitFor();
    await page.getByTestId("language").first().selectOption("en");
    await page.getByTestId("picture-budget").fill("20");
    await page.getByTestId("picture-budget-save").click();
    await page.getByTestId("picture-cache-status").filter({ hasText: "Budget saved." }).waitFor();
    await usage.filter({ hasText: /^2 pictures, .* of 20/ }).waitFor();

    // No network: the hub stops and the picture servers do not answer. After a reload the kept
    // thumbnails still show, from the device; the unshared picture is a placeholder.
    network = false;
    await endpoint.stop();
    await goTo(page, "/catalog");
    await page.reload();
    await page.getByTestId("item-list").waitFor();
    const kept = (await row(page, "Shared stapler")).locator('img[data-testid="thumb"][data-kept="true"]');
    await kept.waitFor();
    assert.ok(await kept.evaluate((el) => el.complete && el.naturalWidth > 0));
    assert.ok((await kept.getAttribute("src")).startsWith("data:image/"));
    await (await row(page, "Unshared punch")).getByTestId("thumb-missing").waitFor();

    // Budget 0 keeps nothing: what was kept is removed.
    await goTo(page, "/settings");
    await page.getByTestId("picture-budget").fill("0");
    await page.getByTestId("picture-budget-save").click();
    await usage.filter({ hasText: /^0 pictures, / }).waitFor();
    assert.ok(await page.getByTestId("picture-cache-clear").isDisabled());

    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
