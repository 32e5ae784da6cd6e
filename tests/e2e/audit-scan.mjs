// The screen audit's checks, run inside the page (`page.evaluate(scanPage, …)`): kept apart so
// that `audit-scan.test.mjs` can show each check fails on a page made to break it.

// Codes and names that stay Latin in a Chinese UI.
export const ALLOW = new Set([
  "CNY", "EUR", "USD", "GBP", "JPY", "GTIN", "EAN", "MPN", "SKU", "UNSPSC", "PO", "cXML", "Peppol", "PEPPOL",
  "BMEcat", "CSV", "JSON", "XML", "UTF", "GBK", "Windows", "ISO", "UBL", "BIS", "API", "URL", "ID", "VAT",
  "Incoterms", "ABC", "OrderRequest", "Procura", "English", "PCE", "KGM", "MTR", "LTR", "BX", "PK", "SET", "Rec", "UN/ECE",
]);

// ── the checks, run in the page ──────────────────────────────────────────────────────────────

export function scanPage({ zh, allow, data }) {
  const findings = [];
  const de = document.documentElement;
  const visible = (el) => el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true }) && !el.closest(".visually-hidden");
  if (de.scrollWidth > innerWidth) {
    // Name the innermost boxes that stick out, so the detail says what to fix.
    const sticks = (el) => el.getBoundingClientRect().right > innerWidth + 1;
    const clipped = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== "visible" && !sticks(a)) return true;
      }
      return false;
    };
    const out = [...document.body.querySelectorAll("*")]
      .filter((el) => visible(el) && sticks(el) && ![...el.children].some(sticks) && !clipped(el))
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ""}${el.classList.length ? `.${[...el.classList].join(".")}` : ""}`);
    findings.push(["overflow", `page ${de.scrollWidth}px wide on a ${innerWidth}px screen${out.length ? `: ${out.join(" | ")}` : ""}`]);
  }
  const label = (el) => el.dataset.testid || (el.textContent || el.getAttribute("aria-label") || el.name || el.tagName).trim().slice(0, 30);

  const cut = [];
  for (const el of document.querySelectorAll("button, a[href], input:not([type=hidden]), select, textarea")) {
    if (!visible(el) || el.closest(".sidenav")) continue; // the tab row scrolls by design
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === "visible") continue;
      const ar = a.getBoundingClientRect();
      if (r.right > ar.right + 1 || r.left < ar.left - 1) {
        cut.push(label(el));
        break;
      }
    }
  }
  if (cut.length) findings.push(["control-cut", `${cut.length} clipped: ${cut.slice(0, 4).join(" | ")}`]);

  const isContent = (el) => el.closest('[data-content], [translate="no"], script, style, noscript');
  const leaks = [];
  const latin = [];
  const lazy = [];
  const strip = (text) => {
    for (const d of data) if (text.includes(d)) text = text.split(d).join(" ");
    return text;
  };
  const check = (text) => {
    if (/=>|move \||on:[a-z]+|[{}]/.test(text)) leaks.push(text.trim().slice(0, 60));
    // A message formatted the lazy way: a placeholder nobody filled, "change(s)" instead of
    // the language's plural, and in Chinese a date or time in the US form.
    const formats = [/\{[A-Za-z_]\w*\}/, /\w\(s\)/];
    if (zh) formats.push(/\b\d{1,2}\/\d{1,2}\/\d{4}\b/, /\d\s?(AM|PM)\b/, /\b(AM|PM)\s?\d/);
    for (const re of formats) {
      const m = re.exec(text);
      if (m) lazy.push(m[0]);
    }
    if (!zh) return;
    const words = (strip(text).match(/[A-Za-z][A-Za-z/]{2,}/g) || []).filter((w) => !allow.includes(w));
    if (words.length) latin.push(words.join(" "));
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.data.trim() || !el || isContent(el) || !visible(el)) continue;
    check(n.data);
  }
  for (const el of document.querySelectorAll("[placeholder], [aria-label], [title]")) {
    if (isContent(el) || !visible(el)) continue;
    for (const attr of ["placeholder", "aria-label", "title"]) if (el.hasAttribute(attr)) check(el.getAttribute(attr));
  }
  if (leaks.length) findings.push(["leaked-source", leaks.slice(0, 3).join(" | ")]);
  if (lazy.length) findings.push(["lazy-format", [...new Set(lazy)].slice(0, 6).join(" | ")]);
  if (latin.length) findings.push(["untranslated", [...new Set(latin)].slice(0, 6).join(" | ")]);
  return findings;
}
