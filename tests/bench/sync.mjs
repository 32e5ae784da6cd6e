// Record sync through the shipped app in headless Chromium, against the local endpoint (run by
// scripts/bench-sync, which builds what it needs first). Each run uses a fresh browser profile:
//
// - push: 1,000 queued mutations (a backup with 1,000 unsynced evaluations, restored offline),
//   then the network comes back; the figure is the round's push phase: the requests, the hub
//   applying them, and the IndexedDB commits that drop them from the outbox;
// - pull: a fresh device pulls the hub's 10,000 evaluations; the figure is the round's pull
//   phase: the requests and the IndexedDB commits of every page and its cursor.
//
// The app measures both itself (performance.now around each step) and shows them on the sync
// status element (data-round-push-ms / data-round-pull-ms). It prints figures; it never fails
// because a figure is slow.
//
//   node tests/bench/sync.mjs [--runs 5]
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEndpoint, launchBrowser, scratch, cleanup, logIn } from "../e2e/harness.mjs";

const { values: opts } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const RUNS = Number(opts.runs);
const PUSHED = 1_000;
const PULLED = 10_000;

function backup(clientId) {
  const outbox = [];
  for (let id = 1; id <= PUSHED; id++) {
    const mutation = {
      id,
      created_at_ms: Date.now(),
      op: {
        type: "save_evaluation",
        evaluation: {
          id: `${clientId}-${id}`,
          supplier_id: "officeplus",
          period: "2026-Q4",
          scores: { quality: 1 + (id % 5), delivery: 3, price: 4, service: 2 },
          comment: `Delivery ${id}: complete, one carton dented`,
        },
      },
    };
    outbox.push({ id, author: "u-buyer", mutation });
  }
  return {
    format: "procura-device-backup",
    version: 1,
    exported_at_ms: Date.now(),
    sync_state: { client_id: clientId, next_mutation_id: PUSHED + 1, cursor: "", epoch: null },
    outbox,
    refused: [],
    records: [],
    buyer_suppliers: [],
    buyer_items: [],
  };
}

async function roundFigures(page, expect) {
  const status = page.getByTestId("record-sync").first();
  await page.waitForFunction(
    ([attr, n]) => {
      const el = document.querySelector('[data-testid="record-sync"]');
      return el && el.dataset.state === "ok" && Number(el.dataset[attr]) >= n;
    },
    expect,
    { timeout: 300_000 },
  );
  return {
    pushed: Number(await status.getAttribute("data-round-pushed")),
    pulled: Number(await status.getAttribute("data-round-pulled")),
    pushMs: Number(await status.getAttribute("data-round-push-ms")),
    pullMs: Number(await status.getAttribute("data-round-pull-ms")),
  };
}

async function oneRun(dir, run) {
  // A fresh hub per run, holding exactly the 10,000 records a fresh device pulls.
  const endpoint = await startEndpoint({
    db: path.join(dir, `endpoint-${run}.sqlite3`),
    extraArgs: ["--suppliers", "2", "--items-per-supplier", "50", "--marketplace-sellers", "0", "--demo-evaluations", String(PULLED), "--demo-history", "false"],
  });
  const browser = await launchBrowser(path.join(dir, `profile-${run}`));
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(endpoint.url);
    await logIn(page, "buyer");
    // A fresh device: its first round pulls all the hub's evaluations.
    const pull = await roundFigures(page, ["roundPulled", PULLED]);

    const file = path.join(dir, `backup-${run}.json`);
    writeFileSync(file, JSON.stringify(backup(`bench-device-${run}-${Date.now()}`)));
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await browser.setOffline(true);
    await page.getByTestId("restore-file").setInputFiles(file);
    await page.getByTestId("backup-message").filter({ hasText: `${PUSHED} queued` }).waitFor({ timeout: 60_000 });
    await browser.setOffline(false);
    const push = await roundFigures(page, ["roundPushed", PUSHED]);
    return { pull, push };
  } finally {
    await browser.close();
    await endpoint.stop();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = scratch("procura-bench-sync-");
try {
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const r = await oneRun(dir, run);
    console.error(`run ${run + 1}: pull ${r.pull.pulled} in ${r.pull.pullMs} ms; push ${r.push.pushed} in ${r.push.pushMs} ms`);
    runs.push(r);
  }
  const pushMs = runs.map((r) => r.push.pushMs);
  const pullMs = runs.map((r) => r.pull.pullMs);
  const verdict = (ms) => (ms <= 1000 ? "met" : "MISSED");
  console.log(`Record sync in the browser (headless Chromium, shipped app, IndexedDB commits included), ${RUNS} fresh devices:`);
  console.log(`  push ${PUSHED} queued mutations:   median ${median(pushMs).toFixed(0)} ms, min ${Math.min(...pushMs).toFixed(0)} ms  (target ≤ 1000 ms: ${verdict(median(pushMs))})`);
  console.log(`  pull ${runs[0].pull.pulled} changed records: median ${median(pullMs).toFixed(0)} ms, min ${Math.min(...pullMs).toFixed(0)} ms  (target ≤ 1000 ms: ${verdict(median(pullMs))})`);
} finally {
  cleanup(dir);
}
