// The spend and reorder benchmark in the browser (run by scripts/bench-spend, which builds the
// benchmark page first). In one headless Chromium page it generates the seeded organisation of
// procura_spend::sample (10,000 orders with 50,000 order lines, 1,000 approved requisitions not
// ordered yet, 2,000 stocked items with about 400,000 goods issues and receipts over two years),
// then times each computation the Spend and Reorder screens make (src/bench/spend.rs says what
// each one is), next to named alternatives in the same page:
//
//   - the spend cube built in one pass, against every cell computed by its own scan of the facts;
//   - the reorder plans with demand bucketed per item and week in one pass over the movement log,
//     against the log filtered for each item.
//
// It prints median / min / max over the repetitions and the wasm linear memory between the steps
// (WebAssembly.Memory's buffer only grows, so its size at a point is the high-water mark so far).
// It is not a test: it never fails because a figure is slow. BENCHMARKS.md records the figures.
//
//   node tests/bench/spend.mjs [--reps 15] [--warmup 2] [--naive-reps 3] [--json out.json]
//
// Serves target/bench-site (tests/bench/Trunk.toml builds the page into its bench/ folder) on a
// loopback port with cross-origin isolation, so performance.now() has 5 µs resolution.
import { execSync } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { launchBrowser, scratch, cleanup } from "../e2e/harness.mjs";

const { values: opts } = parseArgs({
  options: {
    reps: { type: "string", default: "15" },
    warmup: { type: "string", default: "2" },
    "naive-reps": { type: "string", default: "3" },
    json: { type: "string" },
  },
});
const REPS = Number(opts.reps);
const WARMUP = Number(opts.warmup);
const NAIVE_REPS = Number(opts["naive-reps"]);
const ROOT = path.resolve(import.meta.dirname, "../..");
const SITE = path.join(ROOT, "target/bench-site");
const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
const MB = 1024 * 1024;
const TARGET_MS = 200;

function log(...args) {
  console.error("\x1b[2m[bench-spend]", ...args, "\x1b[0m");
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };

/** A static server for target/bench-site, cross-origin isolated. */
function serve() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let file = path.join(SITE, decodeURIComponent(url.pathname));
    if (!file.startsWith(SITE)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-embedder-policy": "require-corp",
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor((sorted.length - 1) / 2)], min: sorted[0], max: sorted.at(-1), n: sorted.length };
}

const fmtMs = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const fmtMB = (bytes) => `${(bytes / MB).toFixed(1)} MiB`;

function machine() {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? os.cpus()[0]?.model;
  let browser = "Chromium";
  try {
    browser = execSync(`'${CHROMIUM}' --version`, { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  } catch {}
  return {
    cpus: Number(execSync("nproc").toString().trim()),
    cpu_model: cpu,
    ram_gib: +(os.totalmem() / 1024 ** 3).toFixed(1),
    browser,
    date: new Date().toISOString().slice(0, 10),
    loadavg_start: os.loadavg().map((l) => +l.toFixed(2)),
    commit: execSync("git rev-parse --short HEAD", { cwd: ROOT }).toString().trim(),
  };
}

// What is run, in order; `naive` ones are the named alternatives (fewer repetitions).
const STEPS = [
  ["cube", "spend cube: spend::cube, one pass (every line converted, 9 roll-ups with drill-down lists)"],
  ["cube_per_cell", "  alternative: every cell of every roll-up by its own scan of the facts", "naive"],
  ["filter", "one filtered roll-up (by month, segment 44 only)"],
  ["abc", "ABC classes of suppliers and of category families"],
  ["budget", "budget against actual, every cost centre, 2026-Q2"],
  ["plan", "reorder: replenish::plan + suggestions, 2,000 items, 104 weeks (log bucketed in one pass)"],
  ["plan_per_item", "  alternative: the movement log filtered for each item", "naive"],
];

const out = { machine: machine(), reps: REPS, warmup: WARMUP, naive_reps: NAIVE_REPS, steps: {}, memory: {} };
const server = await serve();
const url = `http://127.0.0.1:${server.address().port}`;
const dir = scratch("procura-bench-spend-");
const browser = await launchBrowser(path.join(dir, "profile"), undefined, ["--enable-precise-memory-info"]);
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${url}/bench/`);
  await page.waitForFunction(() => typeof window.wasmBindings?.bench_spend_generate === "function", null, {
    timeout: 60_000,
  });
  out.page = await page.evaluate(() => ({ crossOriginIsolated: window.crossOriginIsolated, userAgent: navigator.userAgent }));
  const memory = () => page.evaluate(() => window.wasmBindings.bench_wasm_memory_bytes());
  out.memory.loaded = await memory();
  log("generating the sample organisation");
  out.data = JSON.parse(await page.evaluate(() => window.wasmBindings.bench_spend_generate()));
  out.memory.generated = await memory();
  for (const [name, what, naive] of STEPS) {
    const reps = naive ? Math.min(NAIVE_REPS, REPS) : REPS;
    const warmup = naive ? 0 : WARMUP;
    log(`${name}: ${warmup} warm-up + ${reps}`);
    const samples = await page.evaluate(
      ([name, reps, warmup]) => {
        const run = () => window.wasmBindings.bench_spend_run(name);
        for (let i = 0; i < warmup; i++) run();
        const ms = [];
        for (let i = 0; i < reps; i++) ms.push(run());
        return ms;
      },
      [name, reps, warmup],
    );
    out.steps[name] = { what, naive: !!naive, ...stats(samples), samples };
    out.memory[`after_${name}`] = await memory();
  }
  out.info = JSON.parse(await page.evaluate(() => window.wasmBindings.bench_spend_info()));
  out.errors = errors;
  await page.close();
} finally {
  await browser.close();
  server.close();
  cleanup(dir);
}
if (opts.json) writeFileSync(opts.json, JSON.stringify(out, null, 2));

// The report.
const m = out.machine;
const d = out.data;
console.log(`Spend and reorder in the browser — ${m.date}, commit ${m.commit}`);
console.log(`machine: ${m.cpus} cores (${m.cpu_model}), ${m.ram_gib} GiB; ${m.browser}, headless; load average at start ${m.loadavg_start.join(" ")}`);
console.log(`page: cross-origin isolated ${out.page.crossOriginIsolated}`);
console.log(
  `data (generated in the page in ${fmtMs(d.ms)} ms): ${d.orders} orders, ${d.order_lines} order lines, ${d.requisitions} requisitions; ` +
    `${d.stocked} stocked items, ${d.movements} movements (${d.issues} goods issues) over ${d.weeks} weeks`,
);
console.log(
  `cube: ${out.info.facts} facts, ${out.info.cells} cells, ${out.info.unconverted} unconverted; ` +
    `reorder: ${out.info.planned} planned, ${out.info.skipped} skipped, ${out.info.suggestions} suggested`,
);
console.log("");
console.log(`${"".padEnd(96)} ${"median".padStart(8)} ${"min".padStart(8)} ${"max".padStart(8)}   runs`);
for (const [name] of STEPS) {
  const s = out.steps[name];
  console.log(`${s.what.padEnd(96)} ${fmtMs(s.median).padStart(8)} ${fmtMs(s.min).padStart(8)} ${fmtMs(s.max).padStart(8)}   ${s.n}`);
}
const st = out.steps;
const both = st.cube.median + st.plan.median;
const screens = both + st.abc.median + st.budget.median;
console.log("");
console.log(`the spend cube and all reorder suggestions (medians): ${fmtMs(both)} ms (target under ${TARGET_MS} ms)`);
console.log(`  with ABC and budget against actual too: ${fmtMs(screens)} ms`);
console.log(
  `  alternatives: per-cell roll-ups ${(st.cube_per_cell.median / st.cube.median).toFixed(1)}× the cube; ` +
    `per-item log scans ${(st.plan_per_item.median / st.plan.median).toFixed(0)}× the one-pass plan`,
);
console.log("");
const mem = out.memory;
console.log("wasm linear memory (WebAssembly.Memory buffer byteLength; it never shrinks, so each is the high-water mark so far):");
console.log(`  page loaded ${fmtMB(mem.loaded)}; data generated ${fmtMB(mem.generated)}; after the cube ${fmtMB(mem.after_cube)} (+${fmtMB(mem.after_cube - mem.generated)})`);
console.log(`  after the per-cell alternative ${fmtMB(mem.after_cube_per_cell)}; after the plan ${fmtMB(mem.after_plan)}; at the end (peak) ${fmtMB(mem.after_plan_per_item)}`);
console.log(`  the cube's own vectors (SpendCube::bytes): ${fmtMB(out.info.cube_bytes)}`);
if (out.errors.length) console.log(`page errors: ${out.errors.join(" | ")}`);
