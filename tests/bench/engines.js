// The two JavaScript search libraries Procura is compared with, set up as a web team would
// set them up for this catalog, and the query loop that times all three engines alike.
// Injected into the benchmark page by run.mjs after flexsearch and minisearch's browser
// bundles (globals FlexSearch and MiniSearch); Procura is `window.wasmBindings` (src/bench.rs).
(function () {
  "use strict";

  // The fields Procura searches (src/bench.rs `bench_documents`).
  const FIELDS = ["name_en", "name_zh", "manufacturer", "mpn", "sku", "gtin", "description_en", "description_zh"];
  const CJK_FIELDS = new Set(["name_zh", "description_zh"]);
  const WORD = /[\p{L}\p{N}]+/gu;
  const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;
  /** Procura shows the first page of 50 and the total. */
  const PAGE = 50;
  /** Keeps the sliced page alive, so the slice is not optimised away. */
  let sink = null;

  /** A word split into CJK runs and the rest: [[isCjk, text], …]. */
  function runs(word) {
    const out = [];
    let last = 0;
    for (const m of word.matchAll(CJK_RUN)) {
      if (m.index > last) out.push([false, word.slice(last, m.index)]);
      out.push([true, m[0]]);
      last = m.index + m[0].length;
    }
    if (last < word.length) out.push([false, word.slice(last)]);
    return out;
  }

  /** MiniSearch, indexing: words, and CJK runs as single characters plus bigrams. */
  function tokenizeDoc(text) {
    const tokens = [];
    for (const word of text.match(WORD) ?? []) {
      for (const [cjk, s] of runs(word)) {
        if (!cjk) {
          tokens.push(s);
          continue;
        }
        const chars = [...s];
        tokens.push(...chars);
        for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
      }
    }
    return tokens;
  }

  /** MiniSearch, querying: a CJK run of one character as itself, longer runs as bigrams. */
  function tokenizeQuery(text) {
    const tokens = [];
    for (const word of text.match(WORD) ?? []) {
      for (const [cjk, s] of runs(word)) {
        if (!cjk) {
          tokens.push(s);
          continue;
        }
        const chars = [...s];
        if (chars.length === 1) tokens.push(chars[0]);
        for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
      }
    }
    return tokens;
  }

  const hasFilter = (q) => q.suppliers.length > 0 || q.segments.length > 0 || q.in_stock_only;
  function passes(doc, q) {
    if (q.suppliers.length && !q.suppliers.includes(doc.supplier)) return false;
    if (q.segments.length && !q.segments.includes(doc.segment)) return false;
    return !q.in_stock_only || doc.in_stock;
  }

  /** What the result list needs: the total and the first page, after the facet filters. */
  function firstPage(ids, q, docs) {
    const matching = hasFilter(q) ? ids.filter((id) => passes(docs[id], q)) : ids;
    sink = matching.slice(0, PAGE);
    return matching.length;
  }

  function buildFlex(docs) {
    const { Document, Charset } = window.FlexSearch;
    const index = new Document({
      document: {
        id: "id",
        index: FIELDS.map((field) =>
          CJK_FIELDS.has(field)
            ? { field, tokenize: "strict", encoder: Charset.CJK }
            : { field, tokenize: "forward" },
        ),
      },
    });
    for (const doc of docs) index.add(doc);
    return index;
  }

  /**
   * FlexSearch over all fields, merged. `limit` is the catalog size for a true total (and a
   * correct filtered page); 50 is FlexSearch's best case, which cannot give either.
   */
  function searchFlex(index, docs, q, limit) {
    const merged = index.search(q.text, { limit, merge: true });
    return firstPage(
      merged.map((r) => r.id),
      q,
      docs,
    );
  }

  function buildMini(docs) {
    const mini = new window.MiniSearch({
      idField: "id",
      fields: FIELDS,
      storeFields: [],
      tokenize: tokenizeDoc,
      searchOptions: { tokenize: tokenizeQuery, combineWith: "AND" },
    });
    mini.addAll(docs);
    return mini;
  }

  /**
   * Prefix and fuzzy on, by Procura's rules: the last term (2+ chars, the buyer still typing)
   * as a prefix, one edit for alphabetic terms of 5+ chars; every term must match.
   */
  function searchMini(mini, docs, q) {
    const typing = !/\s$/.test(q.text);
    const results = mini.search(q.text, {
      prefix: (term, i, terms) => typing && i === terms.length - 1 && term.length >= 2,
      fuzzy: (term) => (term.length >= 5 && /^[a-z]+$/.test(term) ? 1 : false),
    });
    return firstPage(
      results.map((r) => r.id),
      q,
      docs,
    );
  }

  const pause = () => new Promise((r) => setTimeout(r, 0));

  /**
   * Runs every query `warmup` + `reps` times on each engine. Each round runs the engines in a
   * rotating order, so none always runs first (or right after another's garbage). Every call is
   * timed the same way: performance.now() around one synchronous call from JavaScript.
   */
  async function runQueries({ queries, docs, flex, mini, reps, warmup }) {
    const engines = {
      procura: (i) => window.wasmBindings.bench_search(i),
      flexsearch: (i) => searchFlex(flex, docs, queries[i], docs.length),
      flexsearch_top50: (i) => searchFlex(flex, docs, queries[i], PAGE),
      minisearch: (i) => searchMini(mini, docs, queries[i]),
    };
    const names = Object.keys(engines);
    const out = [];
    for (let i = 0; i < queries.length; i++) {
      const times = Object.fromEntries(names.map((n) => [n, []]));
      const hits = {};
      for (let round = 0; round < warmup + reps; round++) {
        for (let k = 0; k < names.length; k++) {
          const name = names[(round + k) % names.length];
          const started = performance.now();
          const total = engines[name](i);
          const elapsed = performance.now() - started;
          if (round >= warmup) times[name].push(elapsed);
          hits[name] = total;
        }
      }
      out.push({ times, hits });
      await pause();
    }
    return out;
  }

  window.procuraBench = { buildFlex, buildMini, runQueries, tokenizeDoc, tokenizeQuery };
})();
