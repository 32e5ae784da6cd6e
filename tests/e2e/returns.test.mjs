// Returns and claims on a portrait tablet, end to end: a buyer opens an order of the demo history
// whose receipt refused damaged goods, claims them (the form comes filled in from the receipt)
// as a refund with the network off, the return shows at once and reaches the hub once online;
// the supplier reads it with its key, accepts and collects it, and accounts payable records the
// supplier's credit note naming the return: the buyer sees it credited, in English and Chinese.
// The claim carries a photo, downscaled and re-encoded on the device, which the supplier reads.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import zlib from "node:zlib";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, api, token, waitSynced } from "./harness.mjs";

const ARGS = [
  "--suppliers", "2", "--items-per-supplier", "60",
  "--marketplace-sellers", "0", "--demo-evaluations", "0",
];

async function hubRecords(base, kind) {
  const page = await api(base, "GET", "/sync/pull?cursor=&limit=5000", { token: await token(base, "admin") });
  return page.changes.filter((c) => c.op === "upsert" && c.record.kind === kind).map((c) => c.record);
}

async function goTo(page, route) {
  await page.evaluate((r) => {
    history.pushState(null, "", r);
    dispatchEvent(new PopStateEvent("popstate", { state: null }));
  }, route);
}

/** The supplier's system: `GET` or `POST` under /inbound/returns with its document key. */
async function asSupplier(base, supplier, method, route, body) {
  const response = await fetch(`${base}/api/v1/inbound/returns${route}`, {
    method,
    headers: { "content-type": "application/json", "x-supplier-key": `demo-${supplier}-key` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${route}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/** A `width`×`height` RGB PNG (a gradient), as a camera might give: far over the photo limit. */
function png(width, height) {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const i = row + 1 + x * 3;
      raw[i] = (x * 7) & 0xff;
      raw[i + 1] = (y * 5) & 0xff;
      raw[i + 2] = ((x ^ y) * 3) & 0xff;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Width and height of a JPEG, from its start-of-frame marker. */
function jpegSize(bytes) {
  let i = 2;
  while (i + 9 < bytes.length) {
    assert.equal(bytes[i], 0xff, "a JPEG marker");
    const marker = bytes[i + 1];
    const length = bytes.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  throw new Error("no frame in the JPEG");
}

/** Cents, halves away from zero. */
const cents = (x) => Math.sign(x) * Math.round(Math.abs(x));
const amount = (c) => (c / 100).toFixed(2);

/** The supplier's credit note for `lines` of `order`, typed in by accounts payable. */
function creditNote(order, number, lines, creditFor) {
  const docLines = lines.map((l, i) => {
    const ol = order.lines.find((x) => x.line_no === l.order_line);
    const net = cents(Number(ol.unit_price) * 100 * Number(l.quantity));
    return {
      line: {
        line_no: i + 1, order_line: l.order_line, supplier_part: ol.supplier_part, description: ol.description,
        quantity: String(l.quantity), unit: ol.unit, unit_price: String(ol.unit_price), tax_percent: String(ol.tax_percent),
        net: amount(net),
      },
      net,
      tax: cents((net * Number(ol.tax_percent)) / 100),
    };
  });
  const net = docLines.reduce((s, l) => s + l.net, 0);
  const tax = docLines.reduce((s, l) => s + l.tax, 0);
  const today = new Date().toISOString().slice(0, 10);
  return {
    supplier_id: order.supplier_id,
    document: {
      kind: "credit_note", number, issued: today, currency: order.currency, order_id: order.id,
      credit_for: creditFor, lines: docLines.map((l) => l.line), tax_total: amount(tax), total: amount(net + tax),
    },
  };
}

test("a claim from a damaged receipt reaches the supplier and ends credited, offline too", async () => {
  const dir = scratch("procura-e2e-returns-");
  const endpoint = await startEndpoint({ db: path.join(dir, "endpoint.sqlite3"), extraArgs: ARGS });
  const browser = await launchBrowser(path.join(dir, "profile"), { width: 768, height: 1024 });
  try {
    const base = endpoint.url;
    // An order of the demo history whose receipts refused damaged goods.
    const orders = await hubRecords(base, "order");
    const damaged = (o) => {
      const by = new Map();
      for (const e of o.events ?? []) {
        if (e.type !== "received") continue;
        for (const l of e.lines) by.set(l.line_no, (by.get(l.line_no) ?? 0) + Number(l.damaged ?? 0));
      }
      return [...by].filter(([, d]) => d > 0);
    };
    const order = orders.find((o) => damaged(o).length > 0);
    assert.ok(order, "the demo history has a receipt with damaged goods");
    const [[claimLine, claimQty]] = damaged(order);

    const { page, errors } = await openLoggedIn(browser, base, "buyer");
    await waitSynced(page, 120_000);
    await page.getByRole("link", { name: "Returns", exact: true }).click();
    await page.getByTestId("returns-page").waitFor();

    // The order page offers the claim; the form comes filled in from the receipt.
    await goTo(page, `/orders/${order.id}`);
    const open = page.getByTestId("return-goods");
    await open.waitFor();
    assert.equal((await open.textContent()).trim(), "Claim damaged goods");
    await open.click();
    await page.getByTestId("claim-prefilled").waitFor();
    const line = page.locator(`[data-testid="return-line"][data-line="${claimLine}"]`);
    assert.equal(await line.getByTestId("claim-qty").inputValue(), String(claimQty));
    assert.equal((await line.getByTestId("returnable-refused").textContent()).trim().split(" ")[0], String(claimQty));
    // More than was refused is refused by the core, before anything is queued.
    await line.getByTestId("claim-qty").fill(String(claimQty + 1));
    await page.getByTestId("submit-return").click();
    await page.getByTestId("return-error").waitFor();
    await line.getByTestId("claim-qty").fill(String(claimQty));
    if (!(await page.getByTestId("return-reason").inputValue()).trim()) {
      await page.getByTestId("return-reason").fill("Crushed in transit");
    }
    await page.getByTestId("remedy-refund").check();
    await page.getByTestId("return-note").fill("Collect from dock 2");

    // A photo of the damage: a file that is not an image is refused with a clear message; a
    // camera-sized picture is made smaller on the device; it can be removed and chosen again.
    await page.getByText("Choose or take a photo").waitFor();
    const photoInput = page.getByTestId("return-photo-input");
    await photoInput.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a picture") });
    assert.match(await page.getByTestId("return-photo-error").textContent(), /not an image/);
    const picture = png(2400, 1800);
    await photoInput.setInputFiles({ name: "carton.png", mimeType: "image/png", buffer: picture });
    const preview = page.getByTestId("return-photo-preview");
    await preview.waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId("return-photo-error").count(), 0);
    assert.equal(await preview.getAttribute("alt"), "Photo of the returned goods");
    assert.match(await preview.getAttribute("src"), /^data:image\/jpeg;base64,/);
    await page.getByTestId("remove-photo").click();
    await page.getByTestId("return-photo-input").setInputFiles({ name: "carton.png", mimeType: "image/png", buffer: picture });
    await preview.waitFor({ timeout: 30_000 });
    // The form with its photo fits the portrait tablet in both languages.
    for (const [lang, remove] of [["zh-CN", "删除照片"], ["en", "Remove photo"]]) {
      await page.getByTestId("language").first().selectOption(lang);
      await page.getByTestId("remove-photo").filter({ hasText: remove }).waitFor();
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(wide <= 0, `the form with a photo fits the screen in ${lang} (${wide} px over)`);
      if (process.env.LOOK_OUT) await page.screenshot({ path: path.join(process.env.LOOK_OUT, `return-photo-${lang}.png`), fullPage: true });
    }

    // Offline: queued, and shown on the order at once.
    await browser.setOffline(true);
    await page.getByTestId("submit-return").click();
    const row = page.locator('[data-testid="order-returns"] [data-testid="return-row"]');
    await row.waitFor();
    assert.equal(await row.getAttribute("data-status"), "requested");
    await row.getByTestId("pending-sync").waitFor();
    assert.equal(await row.getByTestId("return-photo").getAttribute("alt"), "Photo of the returned goods");
    await browser.setOffline(false);
    await waitSynced(page, 60_000);

    // The supplier's system sees it, with its key: its own open returns only.
    const listed = await asSupplier(base, order.supplier_id, "GET", "");
    const ret = listed.returns.find((r) => r.order_id === order.id);
    assert.ok(ret, "the supplier received the return");
    assert.match(ret.number, /^RT-[A-Z0-9]{8}$/);
    assert.equal(ret.remedy, "refund");
    // Every damaged line, as the receipts refused them.
    assert.deepEqual(ret.lines.map((l) => [l.order_line, Number(l.quantity), l.from]), damaged(order).map(([n, d]) => [n, d, "refused"]));
    const others = (await hubRecords(base, "return")).filter((r) => r.id === ret.id);
    assert.equal(others.length, 1, "recorded once");
    // The photo went with it, re-encoded as a JPEG within the limit and at most 1280 px long.
    assert.equal(others[0].photo?.content_type, "image/jpeg");
    assert.deepEqual(ret.photo, others[0].photo, "the supplier reads the photo");
    const jpeg = Buffer.from(ret.photo.data, "base64");
    assert.ok(jpeg.length > 1000 && jpeg.length <= 300 * 1024, `photo of ${jpeg.length} bytes`);
    assert.ok(jpeg.length < picture.length, "smaller than the picture chosen");
    const size = jpegSize(jpeg);
    assert.deepEqual(size, { width: 1280, height: 960 }, "downscaled to 1280 px on the long side");
    for (const status of ["accepted", "collected"]) {
      const answer = await asSupplier(base, order.supplier_id, "POST", `/${ret.id}`, { status, note: status === "accepted" ? "Pick-up on Tuesday" : "" });
      assert.equal(answer.return.status, status);
    }

    // Accounts payable records the supplier's credit note naming the return: it is credited.
    const ap = await token(base, "ap");
    const push = await api(base, "POST", "/sync/push", {
      token: ap,
      body: {
        client_id: "e2e-ap-returns",
        mutations: [{ id: 1, created_at_ms: Date.now(), op: { type: "enter_invoice", invoice: creditNote(order, "CN-RT-1", ret.lines, ret.number) } }],
      },
    });
    assert.equal(push.outcomes[0].result.status, "applied", JSON.stringify(push.outcomes[0]));
    const after = (await hubRecords(base, "return")).find((r) => r.id === ret.id);
    assert.equal(after.status, "credited");
    assert.deepEqual(after.history.map((h) => h.status), ["requested", "accepted", "collected", "credited"]);
    assert.deepEqual((await asSupplier(base, order.supplier_id, "GET", "")).returns.filter((r) => r.id === ret.id), []);

    // The buyer's list shows it credited, in both languages.
    await goTo(page, "/returns");
    const credited = page.locator(`[data-testid="return-row"][data-id="${ret.id}"][data-status="credited"]`);
    await credited.waitFor({ timeout: 60_000 });
    assert.equal((await credited.getByTestId("return-status").textContent()).trim(), "Credited");
    await page.getByTestId("language").first().selectOption("zh-CN");
    await page.getByRole("link", { name: "退货", exact: true }).waitFor();
    assert.equal((await credited.getByTestId("return-status").textContent()).trim(), "已退款");
    assert.equal(await credited.getByTestId("return-photo").getAttribute("alt"), "退货照片");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
