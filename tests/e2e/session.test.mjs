// Logging out on a shared tablet, through the served app and the real endpoint: the buyer's
// session token is refused by the hub afterwards, and IndexedDB holds none of the
// organisation's records (the buyer's requisition included) for the next person; offline, the
// log out is queued in IndexedDB and sent when the network returns. A wrong password is told
// as such, and so are too many attempts (with the wait) and a busy hub.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEndpoint, launchBrowser, scratch, cleanup, logIn, openLoggedIn, api, token, waitSynced } from "./harness.mjs";

const ARGS = [
  "--suppliers", "2", "--items-per-supplier", "60",
  "--marketplace-sellers", "0", "--demo-evaluations", "6",
];

/** How the hub answers `token` on `GET /me`. */
async function meStatus(base, auth) {
  const response = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${auth}` } });
  return response.status;
}

/** What the page's IndexedDB holds: the pulled records by kind, and the queued log outs. */
async function deviceRecords(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("procura");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const read = (store, op) =>
      new Promise((resolve, reject) => {
        const request = op(db.transaction(store).objectStore(store));
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const pages = await read("records", (s) => s.getAll());
    const live = new Map();
    for (const page of pages) {
      for (const change of JSON.parse(page)) {
        if (change.op === "upsert") live.set(`${change.record.kind}/${change.record.id}`, change.record.kind);
        else live.delete(`${change.key.kind}/${change.key.id}`);
      }
    }
    const kinds = {};
    for (const kind of live.values()) kinds[kind] = (kinds[kind] ?? 0) + 1;
    const pending = await read("meta", (s) => s.get("pending_logouts"));
    const outbox = await read("outbox", (s) => s.count());
    db.close();
    return { kinds, total: live.size, pendingLogouts: pending ? JSON.parse(pending) : [], outbox };
  });
}

const sessionToken = (page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem("procura.session") ?? "null")?.token ?? null);

/** A CNY catalog item outside segment 43 and its smallest order quantity. */
async function pickItem(base) {
  const auth = await token(base, "buyer");
  for (const s of await api(base, "GET", "/suppliers", { token: auth })) {
    const page = await api(base, "GET", `/suppliers/${s.id}/catalog?limit=500`, { token: auth });
    for (const { item } of page.changes.filter((c) => c.op === "upsert")) {
      if (!item.unspsc.startsWith("43") && item.currency === "CNY") {
        return { item, qty: Number(item.price_tiers[0].min_qty) };
      }
    }
  }
  throw new Error("no CNY item outside segment 43");
}

/** Cart → requisition form → submitted, as the buyer does it. */
async function submitRequisition(page, { item, qty }, title) {
  await page.getByRole("link", { name: "Catalog", exact: true }).click();
  await page.getByTestId("catalog-search").fill(item.sku);
  await page.locator(`li.item[data-item-id="${item.id}"]`).getByTestId("add-to-cart").click();
  await page.getByRole("link", { name: "Cart", exact: true }).click();
  const line = page.getByTestId("cart-line").first();
  await line.getByTestId("cart-qty").fill(String(qty));
  await line.getByTestId("cart-qty").press("Tab");
  await page.getByTestId("create-requisition").click();
  await page.getByTestId("req-title").fill(title);
  await page.getByTestId("req-cost-centre").selectOption("CC-100");
  await page.getByTestId("req-account").selectOption("6001");
  const needBy = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  await page.getByTestId("req-need-by").fill(needBy);
  await page.getByTestId("req-address").fill("Warehouse 2, Dock 3, Suzhou");
  await page.getByTestId("req-justification").fill("Stock for the Q4 maintenance programme");
  await page.getByTestId("budget-impact").waitFor();
  await page.getByTestId("submit-requisition").click();
  await page.getByTestId("req-status").waitFor();
}

async function until(what, check, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    assert.ok(Date.now() < end, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("log out ends the session at the hub and leaves no organisation records on the tablet", async () => {
  const dir = scratch("procura-session-");
  const endpoint = await startEndpoint({ db: `${dir}/hub.sqlite`, extraArgs: ARGS });
  const browser = await launchBrowser(`${dir}/profile`);
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url, "buyer");
    await submitRequisition(page, await pickItem(endpoint.url), "Shared tablet check");
    await waitSynced(page);
    const before = await deviceRecords(page);
    assert.ok(before.kinds.requisition >= 1, `the requisition is on the device: ${JSON.stringify(before)}`);
    assert.ok(before.kinds.evaluation >= 1);
    const auth = await sessionToken(page);
    assert.equal(await meStatus(endpoint.url, auth), 200);

    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByLabel("Username").waitFor();
    await until("the hub to end the session", async () => (await meStatus(endpoint.url, auth)) === 401);
    await until("the records to leave the device", async () => (await deviceRecords(page)).total === 0);
    const after = await deviceRecords(page);
    assert.deepEqual(after.pendingLogouts, [], "nothing left to send");
    assert.equal(await sessionToken(page), null);

    // The next user on the tablet pulls afresh under their own session.
    await logIn(page, "approver1");
    await page.getByTestId("record-sync").first().waitFor();
    await waitSynced(page);
    const approver = await deviceRecords(page);
    assert.ok(approver.total > 0, "the approver's own pull");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});

test("log out offline is queued on the device and sent when the network returns", async () => {
  const dir = scratch("procura-session-offline-");
  const endpoint = await startEndpoint({ db: `${dir}/hub.sqlite`, extraArgs: ARGS });
  const browser = await launchBrowser(`${dir}/profile`);
  try {
    const { page, errors } = await openLoggedIn(browser, endpoint.url, "buyer");
    await waitSynced(page);
    assert.ok((await deviceRecords(page)).total > 0);
    const auth = await sessionToken(page);

    await browser.setOffline(true);
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByTestId("logouts-waiting").waitFor();
    const queued = await deviceRecords(page);
    assert.equal(queued.total, 0, "the records leave the device at once, offline too");
    assert.deepEqual(queued.pendingLogouts, [auth]);
    assert.equal(await meStatus(endpoint.url, auth), 200, "the hub has not heard yet");

    // A reload while offline keeps the queue (the service worker serves the app).
    await page.reload();
    await page.getByTestId("logouts-waiting").waitFor();

    await browser.setOffline(false);
    await until("the queued log out to reach the hub", async () => (await meStatus(endpoint.url, auth)) === 401);
    await until("the queue to empty", async () => (await deviceRecords(page)).pendingLogouts.length === 0);
    await page.getByTestId("logouts-waiting").waitFor({ state: "detached" });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});

test("login refusals are told by their code, in both languages", async () => {
  const dir = scratch("procura-login-errors-");
  const endpoint = await startEndpoint({ db: `${dir}/hub.sqlite`, extraArgs: ARGS });
  const browser = await launchBrowser(`${dir}/profile`);
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(endpoint.url);
    await logIn(page, "buyer", "not the password");
    await page.getByTestId("login-error").filter({ hasText: "Unknown user name or wrong password." }).waitFor();
    await page.getByTestId("language").selectOption("zh-CN");
    await page.getByTestId("login-error").filter({ hasText: "用户名或密码错误。" }).waitFor();
    await page.getByTestId("language").selectOption("en");

    // The hub's other refusals, answered by a stand-in for it: too many attempts (with the
    // wait, counted down, in proper plurals) and busy.
    let answer = { status: 429, headers: { "retry-after": "2" }, code: "too_many_attempts" };
    await page.route("**/api/v1/login", (route) =>
      route.fulfill({
        status: answer.status,
        headers: { "content-type": "application/json", ...answer.headers },
        body: JSON.stringify({ code: answer.code, message: "refused" }),
      }),
    );
    const error = page.getByTestId("login-error");
    const submit = page.getByRole("button", { name: "Log in" });
    await submit.click();
    await error.filter({ hasText: "Too many attempts; try again in 2 seconds." }).waitFor();
    assert.ok(await submit.isDisabled(), "no attempt while the hub would refuse it");
    await error.filter({ hasText: "Too many attempts; try again in 1 second." }).waitFor();
    await error.filter({ hasText: "You can try again now." }).waitFor();
    answer = { status: 429, headers: { "retry-after": "30" }, code: "too_many_attempts" };
    await submit.click();
    await page.getByTestId("language").selectOption("zh-CN");
    await error.filter({ hasText: /尝试次数过多，请 (30|29|28) 秒后再试。/ }).waitFor();
    await page.getByTestId("language").selectOption("en");
    await error.filter({ hasText: /Too many attempts; try again in (30|29|28|27) seconds\./ }).waitFor();
    await page.unroute("**/api/v1/login");
    await page.reload();
    answer = { status: 503, headers: {}, code: "busy" };
    await page.route("**/api/v1/login", (route) =>
      route.fulfill({
        status: answer.status,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: answer.code, message: "busy" }),
      }),
    );
    await logIn(page, "buyer", "procura");
    await error.filter({ hasText: "The server is busy; try again in a moment." }).waitFor();
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});

test("an admin's reset makes the user choose a new password first; log out everywhere ends every session", async () => {
  const dir = scratch("procura-password-");
  const endpoint = await startEndpoint({ db: `${dir}/hub.sqlite`, extraArgs: ARGS });
  const browser = await launchBrowser(`${dir}/profile`);
  try {
    const admin = await token(endpoint.url, "admin");
    await api(endpoint.url, "POST", "/admin/users/buyer/password", { token: admin, body: { new_password: "temporary-pass-1" } });
    const page = browser.pages()[0] ?? (await browser.newPage());
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(endpoint.url);
    await logIn(page, "buyer", "temporary-pass-1");

    // Only the form until it is done; a weak password is refused on the tablet already.
    const required = page.getByTestId("password-change-required");
    await required.waitFor();
    await required.getByTestId("password-current").fill("temporary-pass-1");
    await required.getByTestId("password-new").fill("short");
    await required.getByTestId("password-repeat").fill("short");
    await required.getByRole("button", { name: "Change password" }).click();
    await required.getByTestId("account-note").waitFor();
    await required.getByTestId("password-new").fill("a much better passphrase");
    await required.getByTestId("password-repeat").fill("a much better passphrase");
    await required.getByRole("button", { name: "Change password" }).click();
    await required.waitFor({ state: "detached" });
    await page.getByTestId("sync-status").filter({ hasText: "Catalog up to date" }).waitFor({ timeout: 60_000 });

    // The hub holds the new password, not the temporary one.
    const old = await fetch(`${endpoint.url}/api/v1/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "buyer", password: "temporary-pass-1" }),
    });
    assert.equal(old.status, 401);
    const other = (await api(endpoint.url, "POST", "/login", { body: { username: "buyer", password: "a much better passphrase" } })).token;
    assert.equal(await meStatus(endpoint.url, other), 200);

    // Settings → Account → Log out everywhere: this tablet and the other session end.
    const mine = await sessionToken(page);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    page.once("dialog", (d) => d.accept());
    await page.getByTestId("log-out-everywhere").click();
    await page.getByLabel("Username").waitFor();
    assert.equal(await meStatus(endpoint.url, mine), 401);
    assert.equal(await meStatus(endpoint.url, other), 401);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
