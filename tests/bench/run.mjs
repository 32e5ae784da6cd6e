// Procura's browser benchmark (run by scripts/bench, which builds what it needs first).
//
// In one headless Chromium page it generates the seeded catalog (5 suppliers × 20,000 items),
// imports it into IndexedDB (the app's write paths and storage-layout experiments), builds
// Procura's search index and, on the same items, FlexSearch's and MiniSearch's, then times the
// same fixed query set on all three. Then it times start-ups of one storage experiment in fresh
// browser processes, fills the app's own database, and times offline cold starts of the shipped
// app. It prints figures; it never fails because a figure is slow.
//
//   node tests/bench/run.mjs [--reps 30] [--warmup 3] [--cold-runs 5] [--throttled-runs 3]
//                            [--json out.json]
//   node tests/bench/run.mjs --from out.json     # print a kept run's report again
//
// Expects PROCURA_DIST to name a folder with the shipped app at its root and the bench build
// (tests/bench/index.html) under bench/ — scripts/bench assembles it in target/bench-site.
import { execSync } from "node:child_process";
import { readFileSync, writeFileSync, readdirSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values: opts } = parseArgs({
  options: {
    reps: { type: "string", default: "30" },
    warmup: { type: "string", default: "3" },
    "cold-runs": { type: "string", default: "5" },
    // Offline cold starts with Chromium's CPU slowed 4× (about a mid-range tablet), after the
    // unthrottled ones.
    "throttled-runs": { type: "string", default: "3" },
    seed: { type: "string", default: "42" },
    suppliers: { type: "string", default: "5" },
    "per-supplier": { type: "string", default: "20000" },
    json: { type: "string" },
    // Prints the report of an earlier run's --json file again, without running anything.
    from: { type: "string" },
  },
});
let REPS = Number(opts.reps);
let WARMUP = Number(opts.warmup);
let COLD_RUNS = Number(opts["cold-runs"]);
let THROTTLED_RUNS = Number(opts["throttled-runs"]);
/** Chromium's CPU slow-down for the tablet-class cold starts (CDP `Emulation.setCPUThrottlingRate`). */
const THROTTLE_RATE = 4;
let SEED = Number(opts.seed);
let SUPPLIERS = Number(opts.suppliers);
let PER_SUPPLIER = Number(opts["per-supplier"]);
let TOTAL = SUPPLIERS * PER_SUPPLIER;

const ROOT = path.resolve(import.meta.dirname, "../..");
process.env.PROCURA_DIST ??= path.join(ROOT, "target/bench-site");
const SITE = process.env.PROCURA_DIST;
// The harness reads PROCURA_DIST when loaded.
const { startEndpoint, scratch, cleanup, launchBrowser } = await import("../e2e/harness.mjs");
const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
const MB = 1024 * 1024;
/** The experiment database the emulated cold loads read (written by the import experiments). */
const COLD_LAYOUT_DB = "procura-bench-chunked-msgpack-1000";

const TARGETS = {
  ratio: 1.0,
  importPerSecond: 50_000,
  coldStartMs: 1000,
  throttledStartMs: 3000,
  wasmGzipBytes: 600 * 1000,
  heapBytes: 150 * 1e6,
};

function log(...args) {
  console.error("\x1b[2m[bench]", ...args, "\x1b[0m");
}

/** The end-to-end harness's Chromium, plus precise `performance.memory`. */
function launch(profileDir) {
  return launchBrowser(profileDir, undefined, ["--enable-precise-memory-info"]);
}

/** JS heap after a full garbage collection (CDP), and the wasm linear memory. */
async function heap(page, cdp, wasmBytes) {
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  const perfMemory = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
  return { js: usedSize, perfMemory, wasm: await page.evaluate(wasmBytes) };
}

function percentile(sorted, p) {
  return sorted[Math.round((sorted.length - 1) * p)];
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1), n: sorted.length };
}

const fmtMs = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const fmtMB = (bytes) => `${(bytes / MB).toFixed(1)} MiB`;
const fmtRatio = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : "–");
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

function machine() {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? os.cpus()[0]?.model;
  return {
    cpus: Number(execSync("nproc").toString().trim()),
    cpu_model: cpu,
    ram_gib: +(os.totalmem() / 1024 ** 3).toFixed(1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
    loadavg_start: os.loadavg().map((l) => +l.toFixed(2)),
    commit: execSync("git rev-parse --short HEAD", { cwd: ROOT }).toString().trim(),
    uncommitted: execSync("git status --porcelain", { cwd: ROOT }).toString().split("\n").filter(Boolean).length,
  };
}

function browserVersion() {
  try {
    const text = execSync(`'${CHROMIUM}' --version`, { stdio: ["ignore", "pipe", "ignore"] }).toString();
    return /Chrom\w* [\d.]+/.exec(text)?.[0] ?? text.trim();
  } catch {
    return "Chromium (version unknown)";
  }
}

function wasmSize() {
  // The start module (`procura-<hash>_bg.wasm`): not the import worker's module (loaded on the
  // first file check) nor the chunks of the screens loaded on demand (`chunk_N.wasm`, one per
  // screen group and shared code).
  const wasm = readdirSync(SITE).filter(
    (f) => f.startsWith("procura-") && f.endsWith("_bg.wasm") && !f.includes("import-worker"),
  );
  if (wasm.length !== 1) throw new Error(`expected one start .wasm in ${SITE}, found ${wasm}`);
  const file = path.join(SITE, wasm[0]);
  // Measured as the issue states it: `gzip -9 -c dist/*.wasm | wc -c`.
  const gzip9 = Number(execSync(`gzip -9 -c '${file}' | wc -c`).toString().trim());
  return { file: wasm[0], raw: readFileSync(file).length, gzip9 };
}

/** The session the app restores on start (a LoginResponse); the token is never checked offline. */
const SESSION = {
  token: "bench-offline-token",
  user: { id: "u-buyer", username: "buyer", display_name: "Li Na 李娜", roles: ["buyer"] },
};

/** In every app page: when the catalog became ready, and the app's wasm memory. */
function instrumentApp() {
  addEventListener("TrunkApplicationStarted", (event) => {
    window.__benchWasm = event.detail?.wasm ?? null;
    window.__benchStarted = performance.now();
  });
  new MutationObserver((_, observer) => {
    const ready = document.body?.dataset.catalogReady;
    if (ready !== undefined && window.__benchReady === undefined) {
      window.__benchReady = { at: performance.now(), count: Number(ready) };
      observer.disconnect();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-catalog-ready"] });
}

async function benchPage(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await serveBenchPage(page, url);
  await page.goto(`${url}/bench/`);
  await page.waitForFunction(() => typeof window.wasmBindings?.bench_generate === "function", null, {
    timeout: 60_000,
  });
  await page.addScriptTag({ path: path.join(ROOT, "node_modules/flexsearch/dist/flexsearch.bundle.min.js") });
  await page.addScriptTag({ path: path.join(ROOT, "node_modules/minisearch/dist/umd/index.js") });
  await page.addScriptTag({ path: path.join(import.meta.dirname, "engines.js") });
  return { page, errors };
}

/**
 * Serves the bench page cross-origin isolated (performance.now() then ticks in 5 µs instead of
 * 100 µs) and without the endpoint's content security policy, which allows the shipped page's
 * inline loader by its hash; the benchmark page's loader is another script.
 */
async function serveBenchPage(target, url) {
  await target.route(`${url}/bench/`, async (route) => {
    const response = await route.fetch();
    const { "content-security-policy": _csp, ...headers } = response.headers();
    await route.fulfill({
      response,
      headers: {
        ...headers,
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-embedder-policy": "require-corp",
      },
    });
  });
}

async function runSearchAndImport(context, url, out) {
  const { page, errors } = await benchPage(context, url);
  const cdp = await context.newCDPSession(page);
  const wasmBytes = () => window.wasmBindings.bench_wasm_memory_bytes();
  out.page = await page.evaluate(() => ({
    crossOriginIsolated: window.crossOriginIsolated,
    userAgent: navigator.userAgent,
    timerResolutionMs: (() => {
      let min = Infinity;
      for (let i = 0; i < 200; i++) {
        const a = performance.now();
        let b = a;
        while (b === a) b = performance.now();
        min = Math.min(min, b - a);
      }
      return min;
    })(),
  }));
  log(`page ready (cross-origin isolated: ${out.page.crossOriginIsolated}, timer ${out.page.timerResolutionMs} ms)`);
  out.heap = { start: await heap(page, cdp, wasmBytes) };

  log(`generating ${TOTAL} items (seed ${SEED})`);
  out.generate_ms = await page.evaluate(
    ([seed, s, n]) => window.wasmBindings.bench_generate(seed, s, n),
    [SEED, SUPPLIERS, PER_SUPPLIER],
  );
  out.queries = JSON.parse(await page.evaluate(() => window.wasmBindings.bench_queries()));
  out.items_heap = JSON.parse(await page.evaluate(() => window.wasmBindings.bench_items_heap()));
  out.heap.generated = await heap(page, cdp, wasmBytes);

  // Import, each method into its own fresh database, then read back.
  const imports = [
    ["sync", 500, "the app's sync path (apply_catalog_page), pages of 500 as the endpoint sends"],
    ["sync", 2000, "the app's sync path, pages of 2,000 (the endpoint's maximum)"],
    ["import", 500, "the app's file-import path (apply_import), one call per supplier"],
    ["raw-json", 2000, "experiment: JSON → JSON.parse → put per item, 2,000 per transaction"],
    ["raw-json-relaxed", 2000, "experiment: as above, durability: relaxed"],
    ["chunked", 1000, "experiment: 1,000 items per record as one JSON string"],
    ["chunked-msgpack", 1000, "experiment: 1,000 items per record, MessagePack-encoded, as one Uint8Array"],
  ];
  out.import = [];
  for (const [method, batch, what] of imports) {
    const db = `procura-bench-${method}-${batch}`;
    log(`import: ${method} (${batch})`);
    try {
      const r = JSON.parse(
        await page.evaluate(([m, d, b]) => window.wasmBindings.bench_import(m, d, b), [method, db, batch]),
      );
      out.import.push({ ...r, db, what, items_per_s: r.items / (r.ms / 1000) });
    } catch (e) {
      out.import.push({ method, batch, db, what, error: String(e.message ?? e).split("\n")[0] });
    }
  }
  const loads = [
    ["sync", "procura-bench-sync-500", "the app's start-up read without a snapshot (load_catalog: getAll of the item chunks, decoded and merged)"],
    ["raw-json", "procura-bench-raw-json-2000", "experiment: getAll + JSON.stringify + serde_json"],
    ["chunked", "procura-bench-chunked-1000", "experiment: getAll of the JSON chunks + serde_json"],
    ["chunked-msgpack", "procura-bench-chunked-msgpack-1000", "experiment: getAll of the binary chunks + rmp-serde"],
  ];
  out.load = [];
  for (const [method, db, what] of loads) {
    log(`load: ${method}`);
    try {
      const r = JSON.parse(await page.evaluate(([m, d]) => window.wasmBindings.bench_load(m, d), [method, db]));
      out.load.push({ ...r, db, what, items_per_s: r.items / (r.ms / 1000) });
    } catch (e) {
      out.load.push({ method, db, what, error: String(e.message ?? e).split("\n")[0] });
    }
  }
  out.heap.after_import = await heap(page, cdp, wasmBytes);

  // Index builds: Procura, then the documents the JS libraries need, then each library.
  log("building indexes");
  out.build = {};
  out.build.procura_ms = await page.evaluate(() => window.wasmBindings.bench_build_index());
  out.index = JSON.parse(await page.evaluate(() => window.wasmBindings.bench_index_info()));
  out.heap.procura_index = await heap(page, cdp, wasmBytes);
  out.build.documents_ms = await page.evaluate(() => {
    const started = performance.now();
    window.benchDocs = JSON.parse(window.wasmBindings.bench_documents());
    return performance.now() - started;
  });
  out.heap.documents = await heap(page, cdp, wasmBytes);
  out.build.flexsearch_ms = await page.evaluate(() => {
    const started = performance.now();
    window.benchFlex = window.procuraBench.buildFlex(window.benchDocs);
    return performance.now() - started;
  });
  out.heap.flexsearch = await heap(page, cdp, wasmBytes);
  out.build.minisearch_ms = await page.evaluate(() => {
    const started = performance.now();
    window.benchMini = window.procuraBench.buildMini(window.benchDocs);
    return performance.now() - started;
  });
  out.heap.minisearch = await heap(page, cdp, wasmBytes);
  // For the emulated cold loads: the index's persisted form next to the MessagePack chunks.
  await page.evaluate((db) => window.wasmBindings.bench_store_index(db), COLD_LAYOUT_DB);

  log(`running ${out.queries.length} queries × (${WARMUP} warm-up + ${REPS}) on each engine`);
  out.search = await page.evaluate(
    ([queries, reps, warmup]) =>
      window.procuraBench.runQueries({
        queries,
        docs: window.benchDocs,
        flex: window.benchFlex,
        mini: window.benchMini,
        reps,
        warmup,
      }),
    [out.queries, REPS, WARMUP],
  );

  out.page_errors = errors;
  await page.close();
}

/** Fills the app's own database (as a finished first sync leaves it) and stores a session. */
async function fillAppDb(context, url, out) {
  const { page, errors } = await benchPage(context, url);
  await page.evaluate(
    ([seed, s, n]) => window.wasmBindings.bench_generate(seed, s, n),
    [SEED, SUPPLIERS, PER_SUPPLIER],
  );
  log("filling the app's database (procura) through the sync path");
  out.fill_app_db_ms = await page.evaluate(() => window.wasmBindings.bench_fill_app_db(500));
  await page.evaluate((s) => localStorage.setItem("procura.session", JSON.stringify(s)), SESSION);
  out.page_errors.push(...errors);
  await page.close();
}

/**
 * The storage experiment as a start-up: a fresh browser process opens the bench page, which
 * (as soon as its wasm runs) reads the MessagePack chunks and the stored index and decodes both.
 * Runs before the app's database is filled, so the app mounted in the bench page loads nothing.
 */
async function runEmulatedColdLoads(profile, url, out) {
  out.cold_emulated = [];
  for (let run = 1; run <= COLD_RUNS; run++) {
    const context = await launch(profile);
    await context.addInitScript((db) => {
      addEventListener("TrunkApplicationStarted", () => {
        window.__benchWasmAt = performance.now();
        window.__benchColdLoad = window.wasmBindings.bench_cold_load(db).then(JSON.parse, (e) => ({
          error: String(e),
        }));
      });
    }, COLD_LAYOUT_DB);
    await serveBenchPage(context, url);
    const page = await context.newPage();
    await page.goto(`${url}/bench/`);
    await page.waitForFunction(() => window.__benchColdLoad !== undefined, null, { timeout: 60_000 });
    const r = await page.evaluate(async () => ({ ...(await window.__benchColdLoad), wasm_at: window.__benchWasmAt }));
    out.cold_emulated.push(r);
    log(`emulated cold load ${run}: ${r.error ?? `${r.done_at.toFixed(0)} ms after navigation start`}`);
    await context.close();
  }
}

/** Loads the shipped app and waits until the catalog is ready (or `timeout` passes). */
async function openApp(context, url, timeout, throttle = 1) {
  const page = await context.newPage();
  if (throttle > 1) {
    // Set before the navigation, so download, compile and start-up all run slowed.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  }
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${url}/`);
  await page.waitForFunction(() => window.__benchReady !== undefined, null, { timeout });
  const marks = await page.evaluate(() => ({
    ready_ms: window.__benchReady.at,
    items: window.__benchReady.count,
    wasm_started_ms: window.__benchStarted ?? null,
    dom_content_loaded_ms: performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd ?? null,
    first_contentful_paint_ms:
      performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
    controlled_by_service_worker: navigator.serviceWorker.controller !== null,
    // The app's own marks of its start (`device::mark`: snapshot read, items and index decoded).
    app_marks: Object.fromEntries(
      performance
        .getEntriesByType("mark")
        .filter((m) => m.name.startsWith("procura:"))
        .map((m) => [m.name.slice("procura:".length), Math.round(m.startTime)]),
    ),
  }));
  return { page, errors, marks };
}

async function runColdStart(profile, endpoint, out) {
  const url = endpoint.url;
  out.cold = { runs: [] };
  // First start after the sync: online, but the API unreachable (a stale token must not log the
  // session out). The app reads the items, builds the search index and stores it (with the
  // catalog snapshot, if the app keeps one); the service worker installs.
  let context = await launch(profile);
  await context.addInitScript(instrumentApp);
  await context.route("**/api/**", (route) => route.abort("internetdisconnected"));
  log("first start after the sync");
  let { page, errors, marks } = await openApp(context, url, 300_000);
  out.cold.first_start = marks;
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  out.cold.errors = errors;
  await context.close();

  await endpoint.stop();
  for (let run = 1; run <= COLD_RUNS; run++) {
    // A fresh browser process each time (as when the tablet reopens the app), the endpoint
    // stopped and the network off: only the service worker's cache and IndexedDB answer.
    context = await launch(profile);
    await context.addInitScript(instrumentApp);
    await context.setOffline(true);
    ({ page, errors, marks } = await openApp(context, url, 120_000));
    if (run === COLD_RUNS) {
      const cdp = await context.newCDPSession(page);
      // Let start-up work settle before measuring what the running app holds.
      await page.waitForTimeout(1000);
      out.cold.heap = await heap(page, cdp, () => window.__benchWasm?.memory?.buffer.byteLength ?? null);
    }
    out.cold.runs.push(marks);
    out.cold.errors.push(...errors);
    log(`cold start ${run}: ${marks.ready_ms.toFixed(0)} ms to catalogReady (${marks.items} items)`);
    await context.close();
  }
  out.cold.throttled = [];
  for (let run = 1; run <= THROTTLED_RUNS; run++) {
    context = await launch(profile);
    await context.addInitScript(instrumentApp);
    await context.setOffline(true);
    ({ page, errors, marks } = await openApp(context, url, 300_000, THROTTLE_RATE));
    out.cold.throttled.push(marks);
    out.cold.errors.push(...errors);
    log(
      `cold start, CPU ${THROTTLE_RATE}× slower, ${run}: ${marks.ready_ms.toFixed(0)} ms to catalogReady ` +
        `(wasm started ${marks.wasm_started_ms?.toFixed(0)} ms; ${JSON.stringify(marks.app_marks)})`,
    );
    await context.close();
  }
}

function report(out) {
  const lines = [];
  const p = (s = "") => lines.push(s);
  const m = out.machine;
  p(`Procura browser benchmark — ${m.date}`);
  p(`machine: ${m.cpus} CPUs, ${m.cpu_model}, ${m.ram_gib} GiB RAM; ${out.browser}; ${m.os}`);
  p(`code: ${m.commit}${m.uncommitted ? ` + ${m.uncommitted} uncommitted files` : ""}`);
  p(`load average (1/5/15 min): ${m.loadavg_start.join(" ")} at the start, ${m.loadavg_end.join(" ")} at the end`);
  p(
    `catalog: ${TOTAL.toLocaleString("en")} items (${SUPPLIERS} suppliers × ${PER_SUPPLIER.toLocaleString("en")}, seed ${SEED}), generated in ${fmtMs(out.generate_ms)} ms`,
  );
  p(
    `timer: performance.now() resolution ${(out.page.timerResolutionMs * 1000).toFixed(0)} µs (cross-origin isolated: ${out.page.crossOriginIsolated})`,
  );

  p(`\n== Import into IndexedDB (${TOTAL.toLocaleString("en")} items) ==`);
  for (const r of out.import) {
    if (r.error) {
      p(`  ${pad(`${r.method} (${r.batch})`, 24)} failed: ${r.error}`);
      continue;
    }
    const phases = Object.entries(r.phases ?? {})
      .map(([k, v]) => `${k.replace(/_ms$/, "")} ${fmtMs(v)}`)
      .join(", ");
    p(
      `  ${pad(`${r.method} (${r.batch})`, 24)} ${lpad(Math.round(r.items_per_s).toLocaleString("en"), 9)} items/s  ${lpad(fmtMs(r.ms), 7)} ms  ${r.what}${phases ? ` [ms: ${phases}]` : ""}`,
    );
  }
  p("  read back into CatalogItems:");
  for (const r of out.load) {
    if (r.error) {
      p(`  ${pad(r.method, 24)} failed: ${r.error}`);
      continue;
    }
    const phases = Object.entries(r.phases ?? {})
      .map(([k, v]) => `${k.replace(/_ms$/, "")} ${fmtMs(v)}`)
      .join(", ");
    p(`  ${pad(r.method, 24)} ${lpad(fmtMs(r.ms), 7)} ms  ${r.what}${phases ? ` [ms: ${phases}]` : ""}`);
  }

  p(`\n== Index build (the same ${TOTAL.toLocaleString("en")} items) ==`);
  p(
    `  Procura ${fmtMs(out.build.procura_ms)} ms (${out.index.terms.toLocaleString("en")} terms, ${out.index.postings.toLocaleString("en")} postings, ~${fmtMB(out.index.heap_bytes)} in memory; persisted form ${fmtMB(out.index.encoded_bytes)}, encode ${fmtMs(out.index.encode_ms)} ms, decode ${fmtMs(out.index.decode_ms)} ms)`,
  );
  p(`  documents for the JS libraries: JSON.parse ${fmtMs(out.build.documents_ms)} ms`);
  p(`  FlexSearch ${fmtMs(out.build.flexsearch_ms)} ms, MiniSearch ${fmtMs(out.build.minisearch_ms)} ms`);

  p(`\n== Search: ${out.queries.length} queries × ${REPS} timed runs (after ${WARMUP} warm-up) per engine, ms ==`);
  p("  P = Procura (first page of 50 + total + facets), F = FlexSearch (all hits, so total and filters are right),");
  p("  F50 = FlexSearch limit 50 (its best case; no true total), M = MiniSearch. Hits: total matches per engine.");
  p(
    `  ${pad("kind", 8)}${pad("query", 26)}${lpad("hits P/F/M", 20)} ${lpad("P p50", 7)} ${lpad("P p95", 7)} ${lpad("F p50", 7)} ${lpad("F p95", 7)} ${lpad("F50 p95", 7)} ${lpad("M p50", 7)} ${lpad("M p95", 7)} ${lpad("P/F", 6)} ${lpad("P/M", 6)}`,
  );
  const all = { procura: [], flexsearch: [], flexsearch_top50: [], minisearch: [] };
  const byKind = {};
  const perQuery = [];
  out.search.forEach((r, i) => {
    const q = out.queries[i];
    const s = Object.fromEntries(Object.entries(r.times).map(([k, v]) => [k, stats(v)]));
    for (const k of Object.keys(all)) {
      all[k].push(...r.times[k]);
      ((byKind[q.kind] ??= {})[k] ??= []).push(...r.times[k]);
    }
    perQuery.push({ query: q, stats: s, hits: r.hits });
    const filters = [
      q.suppliers.length ? `s:${q.suppliers.join("|")}` : "",
      q.segments.length ? `seg:${q.segments.join("|")}` : "",
      q.in_stock_only ? "stock" : "",
    ]
      .filter(Boolean)
      .join(" ");
    const label = JSON.stringify(q.text) + (filters ? ` ${filters}` : "");
    p(
      `  ${pad(q.kind, 8)}${pad(label.length > 25 ? label.slice(0, 24) + "…" : label, 26)}${lpad(`${r.hits.procura}/${r.hits.flexsearch}/${r.hits.minisearch}`, 20)} ${lpad(fmtMs(s.procura.p50), 7)} ${lpad(fmtMs(s.procura.p95), 7)} ${lpad(fmtMs(s.flexsearch.p50), 7)} ${lpad(fmtMs(s.flexsearch.p95), 7)} ${lpad(fmtMs(s.flexsearch_top50.p95), 7)} ${lpad(fmtMs(s.minisearch.p50), 7)} ${lpad(fmtMs(s.minisearch.p95), 7)} ${lpad(fmtRatio(s.procura.p95 / s.flexsearch.p95), 6)} ${lpad(fmtRatio(s.procura.p95 / s.minisearch.p95), 6)}`,
    );
  });
  const overall = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, stats(v)]));
  p("\n  by kind (p95 over all runs of the kind, ms):");
  p(`  ${pad("kind", 8)} ${lpad("P", 7)} ${lpad("F", 7)} ${lpad("F50", 7)} ${lpad("M", 7)} ${lpad("P/F", 6)} ${lpad("P/F50", 6)} ${lpad("P/M", 6)}`);
  const kinds = {};
  for (const [kind, t] of Object.entries(byKind)) {
    const s = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, stats(v)]));
    kinds[kind] = s;
    p(
      `  ${pad(kind, 8)} ${lpad(fmtMs(s.procura.p95), 7)} ${lpad(fmtMs(s.flexsearch.p95), 7)} ${lpad(fmtMs(s.flexsearch_top50.p95), 7)} ${lpad(fmtMs(s.minisearch.p95), 7)} ${lpad(fmtRatio(s.procura.p95 / s.flexsearch.p95), 6)} ${lpad(fmtRatio(s.procura.p95 / s.flexsearch_top50.p95), 6)} ${lpad(fmtRatio(s.procura.p95 / s.minisearch.p95), 6)}`,
    );
  }
  const ratios = perQuery.map((q) => q.stats.procura.p95 / q.stats.flexsearch.p95);
  const geo = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
  const wins = ratios.filter((r) => r <= 1).length;
  const ratiosMini = perQuery.map((q) => q.stats.procura.p95 / q.stats.minisearch.p95);
  const ratios50 = perQuery.map((q) => q.stats.procura.p95 / q.stats.flexsearch_top50.p95);
  p("\n  overall (all queries × runs):");
  for (const [k, s] of Object.entries(overall)) {
    p(`  ${pad(k, 18)} p50 ${lpad(fmtMs(s.p50), 7)} ms   p95 ${lpad(fmtMs(s.p95), 7)} ms   max ${lpad(fmtMs(s.max), 7)} ms`);
  }
  p(
    `  p95 ratio Procura/FlexSearch ${fmtRatio(overall.procura.p95 / overall.flexsearch.p95)} (limit-50 FlexSearch: ${fmtRatio(overall.procura.p95 / overall.flexsearch_top50.p95)}), Procura/MiniSearch ${fmtRatio(overall.procura.p95 / overall.minisearch.p95)}`,
  );
  p(
    `  per query: Procura's p95 ≤ FlexSearch's in ${wins} of ${ratios.length} queries; geometric mean of per-query p95 ratios: vs FlexSearch ${fmtRatio(geo(ratios))}, vs limit-50 FlexSearch ${fmtRatio(geo(ratios50))}, vs MiniSearch ${fmtRatio(geo(ratiosMini))}`,
  );
  p("  Note: FlexSearch and MiniSearch compute no facets (Procura returns supplier, segment, manufacturer,");
  p("  price-band and in-stock counts with every query), FlexSearch as configured has no typo tolerance,");
  p("  and their filters are applied after the search: the comparison favours them.");

  p(`\n== Offline cold start of the shipped app (${TOTAL.toLocaleString("en")} items in IndexedDB, session stored) ==`);
  const cold = out.cold;
  if (cold?.runs?.length) {
    p(
      `  first start after the sync (nothing but the items stored yet: the app reads their chunks, builds the index, stores what it stores for the next start): ${fmtMs(cold.first_start.ready_ms)} ms to catalogReady`,
    );
    const readies = cold.runs.map((r) => r.ready_ms);
    p(
      `  offline cold starts (new browser process, endpoint stopped, network off): ${readies.map((t) => fmtMs(t)).join(", ")} ms; median ${fmtMs(stats(readies).p50)} ms`,
    );
    const throttled = (cold.throttled ?? []).map((r) => r.ready_ms);
    if (throttled.length) {
      p(
        `  the same with Chromium's CPU ${THROTTLE_RATE}× slower (a tablet-class device): ${throttled.map((t) => fmtMs(t)).join(", ")} ms; median ${fmtMs(stats(throttled).p50)} ms`,
      );
      for (const r of cold.throttled) {
        const phases = Object.entries(r.app_marks ?? {}).map(([name, at]) => `${name} ${fmtMs(at)}`);
        p(`    ${fmtMs(r.ready_ms)} ms: wasm started ${fmtMs(r.wasm_started_ms ?? NaN)}${phases.map((x) => `, ${x}`).join("")} (ms from navigation)`);
      }
    }
    const load = out.load.find((r) => r.method === "sync" && !r.error);
    if (load) {
      p(
        `  for comparison (bench page, same items): load_catalog without a snapshot ${fmtMs(load.ms)} ms (getAll of the item chunks), index decode ${fmtMs(out.index.decode_ms)} ms, index build ${fmtMs(out.build.procura_ms)} ms`,
      );
    }
    const emulated = (out.cold_emulated ?? []).filter((r) => !r.error);
    if (emulated.length) {
      const med = (k) => stats(emulated.map((r) => r.phases[k])).p50;
      p(
        `  experiment, same machine and items: a fresh page that reads 1,000-item MessagePack chunks + the stored index has both decoded ${emulated.map((r) => fmtMs(r.done_at)).join(", ")} ms after navigation start (median ${fmtMs(stats(emulated.map((r) => r.done_at)).p50)}; wasm running at ${fmtMs(stats(emulated.map((r) => r.wasm_at)).p50)}, open ${fmtMs(med("open_ms"))}, read ${fmtMs(med("read_ms"))}, deserialize ${fmtMs(med("deserialize_ms"))}, index decode ${fmtMs(med("index_decode_ms"))}; no UI rendered)`,
      );
      p(
        `  …and its wasm memory when done: ${fmtMB(stats(emulated.map((r) => r.wasm_memory_bytes)).p50)} (the app's, measured below, holds the same items and index)`,
      );
    }
    const last = cold.runs.at(-1);
    p(
      `  marks of the last run: wasm started ${fmtMs(last.wasm_started_ms ?? NaN)} ms, first paint ${fmtMs(last.first_contentful_paint_ms ?? NaN)} ms, catalogReady ${fmtMs(last.ready_ms)} ms (${last.items} items; served by the service worker: ${last.controlled_by_service_worker})`,
    );
  } else {
    p(`  pending: ${cold?.pending ?? "not measured"}`);
  }

  p("\n== Size and memory ==");
  p(
    `  shipped .wasm (${out.wasm.file}): ${out.wasm.raw.toLocaleString("en")} bytes raw, ${out.wasm.gzip9.toLocaleString("en")} bytes gzip -9 (${(out.wasm.gzip9 / 1000).toFixed(1)} kB = ${(out.wasm.gzip9 / 1024).toFixed(1)} KiB)`,
  );
  const h = out.heap;
  if (cold?.heap) {
    p(
      `  app after an offline cold start with ${TOTAL.toLocaleString("en")} items: JS heap ${fmtMB(cold.heap.js)} + wasm memory ${fmtMB(cold.heap.wasm ?? NaN)} = ${fmtMB(cold.heap.js + (cold.heap.wasm ?? 0))}`,
    );
  }
  p(
    `  the ${TOTAL.toLocaleString("en")} items themselves: ${fmtMB(out.items_heap.total)} on the wasm heap (${out.items_heap.struct_bytes}-byte structs + the strings and price tiers they own); Procura's index: ${fmtMB(out.index.heap_bytes)}`,
  );
  p(
    `  item text by field: ${[...out.items_heap.fields]
      .sort((a, b) => b[1] - a[1])
      .map(([name, bytes]) => `${name} ${fmtMB(bytes)}`)
      .join(", ")}`,
  );
  p(
    `  bench page: wasm memory ${fmtMB(h.generated.wasm)} after generating the items, ${fmtMB(h.procura_index.wasm)} with Procura's index (wasm memory never shrinks: includes the import experiments' peaks)`,
  );
  p(
    `  bench page JS heap: ${fmtMB(h.procura_index.js)} with Procura's index; +${fmtMB(h.documents.js - h.procura_index.js)} for the documents as JS objects; +${fmtMB(h.flexsearch.js - h.documents.js)} for FlexSearch's index; +${fmtMB(h.minisearch.js - h.flexsearch.js)} for MiniSearch's`,
  );

  p("\n== Targets ==");
  const verdict = (ok) => (ok ? "met" : "MISSED");
  const ratio = overall.procura.p95 / overall.flexsearch.p95;
  const syncImport = out.import.find((r) => r.method === "sync" && r.batch === 500);
  const fileImport = out.import.find((r) => r.method === "import");
  const coldMedian = cold?.runs?.length ? stats(cold.runs.map((r) => r.ready_ms)).p50 : NaN;
  const throttledMedian = cold?.throttled?.length ? stats(cold.throttled.map((r) => r.ready_ms)).p50 : NaN;
  const appHeap = cold?.heap ? cold.heap.js + (cold.heap.wasm ?? 0) : NaN;
  const targets = [
    ["search p95 ratio vs FlexSearch ≤ 1.0", fmtRatio(ratio), ratio <= TARGETS.ratio],
    [
      "import ≥ 50,000 items/s (sync path, pages of 500)",
      `${Math.round(syncImport?.items_per_s ?? NaN).toLocaleString("en")} items/s`,
      syncImport?.items_per_s >= TARGETS.importPerSecond,
    ],
    [
      "import ≥ 50,000 items/s (file-import path)",
      `${Math.round(fileImport?.items_per_s ?? NaN).toLocaleString("en")} items/s`,
      fileImport?.items_per_s >= TARGETS.importPerSecond,
    ],
    ["offline cold start ≤ 1 s (median)", `${fmtMs(coldMedian)} ms`, coldMedian <= TARGETS.coldStartMs],
    [
      `offline cold start, CPU ${THROTTLE_RATE}× slower, ≤ 3 s (median)`,
      `${fmtMs(throttledMedian)} ms`,
      throttledMedian <= TARGETS.throttledStartMs,
    ],
    ["start module ≤ 600 kB gzip (600,000 bytes)", `${(out.wasm.gzip9 / 1000).toFixed(1)} kB`, out.wasm.gzip9 <= TARGETS.wasmGzipBytes],
    ["heap ≤ 150 MB (app: JS heap + wasm memory)", `${(appHeap / 1e6).toFixed(1)} MB`, appHeap <= TARGETS.heapBytes],
  ];
  for (const [name, value, ok] of targets) p(`  ${pad(name, 50)} ${lpad(value, 16)}  ${verdict(ok)}`);
  const errors = [...(out.page_errors ?? []), ...(out.cold?.errors ?? [])];
  if (errors.length) p(`\npage errors: ${errors.join(" | ")}`);
  out.summary = { overall, kinds, perQuery: perQuery.map((q) => ({ ...q, query: q.query.text })), targets };
  return lines.join("\n");
}

async function main() {
  const out = { machine: machine(), wasm: wasmSize(), args: { REPS, WARMUP, COLD_RUNS, SEED, SUPPLIERS, PER_SUPPLIER } };
  const dir = scratch("procura-bench-");
  const endpoint = await startEndpoint({
    db: path.join(dir, "endpoint.sqlite3"),
    // Without the demo's purchasing history, so figures compare with earlier runs.
    extraArgs: ["--suppliers", "1", "--items-per-supplier", "10", "--demo-history", "false"],
  });
  try {
    const profile = path.join(dir, "profile");
    const context = await launch(profile);
    try {
      await runSearchAndImport(context, endpoint.url, out);
    } finally {
      await context.close();
    }
    await runEmulatedColdLoads(profile, endpoint.url, out);
    const filling = await launch(profile);
    try {
      await fillAppDb(filling, endpoint.url, out);
    } finally {
      await filling.close();
    }
    out.browser = `${browserVersion()} (headless)`;
    try {
      await runColdStart(profile, endpoint, out);
    } catch (e) {
      // The app marks readiness with <body data-catalog-ready>; without it there is no figure.
      out.cold = { ...out.cold, pending: String(e.message ?? e).split("\n")[0] };
      log(`cold start not measured: ${out.cold.pending}`);
    }
  } finally {
    await endpoint.stop();
    cleanup(dir);
  }
  out.machine.loadavg_end = os.loadavg().map((l) => +l.toFixed(2));
  const text = report(out);
  console.log(text);
  if (opts.json) {
    mkdirSync(path.dirname(opts.json), { recursive: true });
    writeFileSync(opts.json, JSON.stringify(out, null, 1));
    log(`raw figures in ${opts.json}`);
  }
}

if (opts.from) {
  const out = JSON.parse(readFileSync(opts.from, "utf8"));
  ({ REPS, WARMUP, COLD_RUNS, SEED, SUPPLIERS, PER_SUPPLIER } = out.args);
  TOTAL = SUPPLIERS * PER_SUPPLIER;
  console.log(report(out));
} else {
  await main();
}
