// The screen audit's checks fail where they should: each is shown a page made to break it (and
// a clean page it must pass). Without this, a check that silently stopped finding anything would
// keep the audit green forever.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ALLOW, scanPage } from "./audit-scan.mjs";
import { launchBrowser, scratch, cleanup } from "./harness.mjs";

let dir;
let browser;
let page;

before(async () => {
  dir = scratch("procura-audit-scan-");
  browser = await launchBrowser(path.join(dir, "profile"), { width: 768, height: 1024 });
  page = browser.pages()[0] ?? (await browser.newPage());
});

after(async () => {
  await browser?.close();
  cleanup(dir);
});

const STYLE = "<style>body{margin:0;font:16px sans-serif}</style>";

/** The checks' findings on `html`, as `{ check: detail }`. */
async function scan(html, { zh = true, data = [] } = {}) {
  await page.setContent(`<!doctype html><html lang="${zh ? "zh-CN" : "en"}"><head>${STYLE}</head><body>${html}</body></html>`);
  const findings = await page.evaluate(scanPage, { zh, allow: [...ALLOW], data });
  return Object.fromEntries(findings);
}

test("a clean Chinese screen has no finding", async () => {
  const found = await scan(`
    <main><h1>购物车</h1><p>共 2 件商品，合计 CNY 1,280.00（GTIN 4006381333931）</p>
    <p data-content>Staedtler Noris pencil HB</p><button>创建采购申请</button></main>`);
  assert.deepEqual(found, {});
});

test("a page wider than the screen is found", async () => {
  const found = await scan(`<main><table style="width:1100px"><tr><td>货号</td></tr></table></main>`);
  assert.match(found.overflow ?? "", /page 1100px wide on a 768px screen/);
});

test("a button outside the box that clips it is found", async () => {
  const found = await scan(`
    <div style="width:300px;overflow:hidden"><div style="width:600px">
      <span style="display:inline-block;width:450px">数量</span><button data-testid="create-requisition">创建</button>
    </div></div>`);
  assert.match(found["control-cut"] ?? "", /create-requisition/);
  assert.equal(found.overflow, undefined, "the page itself fits");
});

test("English left in the Chinese UI is found, and data is not mistaken for it", async () => {
  const found = await scan(`
    <p>选择成本中心</p><p class="error">Choose a cost centre</p>
    <p>Acme Trading Ltd</p><input placeholder="Search name">`, { data: ["Acme Trading Ltd"] });
  assert.match(found.untranslated ?? "", /Choose cost centre/);
  assert.match(found.untranslated ?? "", /Search name/);
  assert.doesNotMatch(found.untranslated ?? "", /Acme|Trading/);
  assert.deepEqual(await scan(`<p>Choose a cost centre</p>`, { zh: false }), {}, "English is right in the English UI");
});

test("source text leaking into the page is found", async () => {
  const found = await scan(`<button disabled>= last_page() on : click = move | _ | page.update(…) >Next</button>`, { zh: false });
  assert.match(found["leaked-source"] ?? "", /move \|/);
});

test("hidden text is not judged", async () => {
  const found = await scan(`<p style="display:none">Choose a cost centre</p><p class="visually-hidden">Skip to content</p>`);
  assert.deepEqual(found, {});
});

test("a placeholder nobody filled and a lazy plural are found, in either language", async () => {
  for (const zh of [true, false]) {
    const found = await scan(`<p>${zh ? "{n} 项更改待同步" : "Compare {n} offers"}</p><p>${zh ? "标价（{cur}）" : "List price ({cur})"}</p>`, { zh });
    assert.match(found["lazy-format"] ?? "", /\{n\}/, `zh=${zh}`);
    assert.match(found["lazy-format"] ?? "", /\{cur\}/, `zh=${zh}`);
  }
  const found = await scan(`<p>1 change(s) waiting to sync</p>`, { zh: false });
  assert.match(found["lazy-format"] ?? "", /e\(s\)/);
  assert.deepEqual(await scan(`<p>1 change waiting to sync · 2 changes</p>`, { zh: false }), {});
});

test("a US-style date or time in the Chinese UI is found, and the Chinese forms pass", async () => {
  const us = await scan(`<p>所有更改已同步 · 同步于 12/6/2026, 3:37:00 AM</p>`);
  assert.match(us["lazy-format"] ?? "", /12\/6\/2026/);
  assert.match(us["lazy-format"] ?? "", /AM/);
  const pm = await scan(`<p>同步于 PM 3:37</p>`);
  assert.match(pm["lazy-format"] ?? "", /PM/);
  assert.deepEqual(await scan(`<p>同步于 2026年12月6日 03:37</p>`), {});
  assert.deepEqual(await scan(`<p>Synced Dec 6, 2026, 3:37 AM</p>`, { zh: false }), {}, "English keeps its AM");
});
