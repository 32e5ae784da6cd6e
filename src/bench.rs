//! Hooks for the browser benchmark (`scripts/bench`, cargo feature `bench`; never in the
//! shipped app). `tests/bench/run.mjs` calls them through `window.wasmBindings` and does the
//! timing and the printing; these exports stay thin and leave search and storage to
//! the domain crates and [`crate::storage`].
//!
//! State (the generated catalog, its index, the query set) lives in this module between calls.
//! Besides the app's own write and read paths, a few storage layouts are measured here as
//! experiments (items as plain JSON-parsed objects; items packed 1,000 to a record as JSON or
//! MessagePack) so the figures can show where import and cold-start time goes.

use crate::storage::{LocalDb, SCHEMA_VERSION};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use indexed_db_futures::KeyPath;
use procura_catalog::catalog::CatalogItem;
use procura_catalog::search::{SearchFilters, SearchIndex, SearchQuery};
use procura_demo::demo;
use procura_sync::api::{CatalogChange, Cursor, Supplier};
use serde::Serialize;
use serde_json::json;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

mod spend;
mod storage;
pub use spend::*;
pub use storage::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// One benchmark query: free text plus the filters the JavaScript libraries apply after
/// searching (supplier, UNSPSC segment, in stock).
#[derive(Debug, Clone, Serialize)]
struct BenchQuery {
    kind: &'static str,
    text: String,
    suppliers: Vec<String>,
    segments: Vec<String>,
    in_stock_only: bool,
}

#[derive(Default)]
struct State {
    items: Rc<Vec<CatalogItem>>,
    suppliers: Vec<demo::DemoSupplier>,
    index: Option<Rc<SearchIndex>>,
    queries: Vec<BenchQuery>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

fn items() -> Rc<Vec<CatalogItem>> {
    STATE.with(|s| s.borrow().items.clone())
}

fn js_err(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// Generates the seeded catalog (`suppliers` × `per_supplier` items) and the query set.
/// Returns the milliseconds it took.
#[wasm_bindgen]
pub fn bench_generate(seed: u32, suppliers: usize, per_supplier: usize) -> f64 {
    let started = performance_now();
    let demo_suppliers = demo::suppliers(suppliers);
    let items: Vec<CatalogItem> = demo_suppliers
        .iter()
        .flat_map(|s| demo::generate_catalog(u64::from(seed), s, per_supplier))
        .collect();
    let queries = queries(&items);
    STATE.with(|s| {
        *s.borrow_mut() = State {
            items: Rc::new(items),
            suppliers: demo_suppliers,
            index: None,
            queries,
        }
    });
    performance_now() - started
}

/// The fixed query set as JSON: `[{kind, text, suppliers, segments, in_stock_only}]`.
#[wasm_bindgen]
pub fn bench_queries() -> String {
    STATE.with(|s| serde_json::to_string(&s.borrow().queries).expect("queries serialize"))
}

/// The generated items as JSON documents for the JavaScript libraries: `id` is the item's
/// position (the same position Procura's hits carry), the text fields are the ones Procura
/// searches, and `supplier`, `segment`, `in_stock` serve the after-search filters.
#[wasm_bindgen]
pub fn bench_documents() -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        id: usize,
        supplier: &'a str,
        segment: &'a str,
        in_stock: bool,
        name_en: &'a str,
        name_zh: &'a str,
        manufacturer: &'a str,
        mpn: &'a str,
        sku: &'a str,
        gtin: &'a str,
        description_en: &'a str,
        description_zh: &'a str,
    }
    let items = items();
    let docs: Vec<Doc<'_>> = items
        .iter()
        .enumerate()
        .map(|(id, item)| Doc {
            id,
            supplier: item.supplier_id.as_str(),
            segment: procura_catalog::unspsc::segment(&item.unspsc).unwrap_or(""),
            in_stock: item.in_stock(),
            name_en: &item.name.en,
            name_zh: &item.name.zh,
            manufacturer: &item.manufacturer,
            mpn: &item.mpn,
            sku: &item.sku,
            gtin: item.gtin.as_deref().unwrap_or(""),
            description_en: &item.description.en,
            description_zh: &item.description.zh,
        })
        .collect();
    serde_json::to_string(&docs).expect("documents serialize")
}

/// Builds the search index over the generated items; returns the milliseconds it took.
#[wasm_bindgen]
pub fn bench_build_index() -> f64 {
    let items = items();
    let started = performance_now();
    let index = SearchIndex::build(&items);
    let elapsed = performance_now() - started;
    STATE.with(|s| s.borrow_mut().index = Some(Rc::new(index)));
    elapsed
}

/// Facts about the built index as JSON: sizes, and encode / decode times of its persisted form.
#[wasm_bindgen]
pub fn bench_index_info() -> Result<String, JsValue> {
    let index = STATE
        .with(|s| s.borrow().index.clone())
        .ok_or_else(|| js_err("index not built"))?;
    let started = performance_now();
    let bytes = index.to_bytes();
    let encode_ms = performance_now() - started;
    let started = performance_now();
    let decoded = SearchIndex::from_bytes(&bytes).map_err(js_err)?;
    let decode_ms = performance_now() - started;
    drop(decoded);
    Ok(json!({
        "terms": index.term_count(),
        "postings": index.posting_count(),
        "heap_bytes": index.heap_bytes(),
        "encoded_bytes": bytes.len(),
        "encode_ms": encode_ms,
        "decode_ms": decode_ms,
    })
    .to_string())
}

/// Runs query `i` of the set once (first page of 50, with facets); returns the total hits.
/// The caller times it, exactly as it times the JavaScript libraries.
#[wasm_bindgen]
pub fn bench_search(i: usize) -> Result<u32, JsValue> {
    STATE.with(|s| {
        let state = s.borrow();
        let index = state
            .index
            .as_ref()
            .ok_or_else(|| js_err("index not built"))?;
        let q = state
            .queries
            .get(i)
            .ok_or_else(|| js_err("no such query"))?;
        let query = SearchQuery {
            text: q.text.clone(),
            filters: SearchFilters {
                suppliers: q.suppliers.clone(),
                segments: q.segments.clone(),
                in_stock_only: q.in_stock_only,
                ..SearchFilters::default()
            },
            ..SearchQuery::default()
        };
        let results = index.search(&state.items, &query);
        Ok(results.total as u32)
    })
}

/// What the generated items occupy on the wasm heap, as JSON: `total` (the `CatalogItem`
/// structs plus the capacity of the strings and price tiers they own; allocator overhead not
/// counted), `struct_bytes` (`size_of::<CatalogItem>()`), and `fields`: the bytes of each
/// string field's text summed over all items, as `[name, bytes]` pairs.
#[wasm_bindgen]
pub fn bench_items_heap() -> String {
    let items = items();
    let mut fields: Vec<(&str, usize)> = Vec::new();
    let mut add = |name: &'static str, bytes: usize| match fields.iter_mut().find(|f| f.0 == name) {
        Some(f) => f.1 += bytes,
        None => fields.push((name, bytes)),
    };
    let mut owned = 0;
    for i in items.iter() {
        // The ids' text (their capacity is not visible through the id types).
        for (name, id) in [
            ("id", i.id.as_str()),
            ("supplier_id", i.supplier_id.as_str()),
        ] {
            add(name, id.len());
            owned += id.len();
        }
        let strings = [
            ("sku", &i.sku),
            ("manufacturer", &i.manufacturer),
            ("mpn", &i.mpn),
            ("name.en", &i.name.en),
            ("name.zh", &i.name.zh),
            ("description.en", &i.description.en),
            ("description.zh", &i.description.zh),
            ("unspsc", &i.unspsc),
            ("order_unit", &i.order_unit),
            ("content_unit", &i.content_unit),
            ("currency", &i.currency),
        ];
        for (name, s) in strings {
            add(name, s.len());
            owned += s.capacity();
        }
        add("gtin", i.gtin.as_ref().map_or(0, String::len));
        owned += i.gtin.as_ref().map_or(0, String::capacity);
        let tiers = std::mem::size_of::<procura_catalog::catalog::PriceTier>();
        add("price_tiers", i.price_tiers.len() * tiers);
        owned += i.price_tiers.capacity() * tiers;
    }
    let struct_bytes = std::mem::size_of::<CatalogItem>();
    json!({
        "total": items.capacity() * struct_bytes + owned,
        "struct_bytes": struct_bytes,
        "fields": fields,
    })
    .to_string()
}

/// Bytes of the wasm linear memory (it only grows: this is its high-water mark).
#[wasm_bindgen]
pub fn bench_wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            f64::from(
                m.buffer()
                    .unchecked_into::<js_sys::ArrayBuffer>()
                    .byte_length(),
            )
        })
        .unwrap_or(f64::NAN)
}

/// The fixed query set: 65 queries in seven kinds, the same strings for every engine. Codes
/// (GTIN, SKU, MPN) are taken from fixed positions of the generated catalog, so they are fixed
/// for a given seed and size.
fn queries(items: &[CatalogItem]) -> Vec<BenchQuery> {
    let text = |kind: &'static str, text: &str| BenchQuery {
        kind,
        text: text.to_owned(),
        suppliers: Vec::new(),
        segments: Vec::new(),
        in_stock_only: false,
    };
    let facet = |t: &str, suppliers: &[&str], segments: &[&str], in_stock_only: bool| BenchQuery {
        kind: "facet",
        text: t.to_owned(),
        suppliers: suppliers.iter().map(|s| s.to_string()).collect(),
        segments: segments.iter().map(|s| s.to_string()).collect(),
        in_stock_only,
    };
    let mut out = Vec::new();
    // A finished word: the buyer typed a space after it, so no prefix matching.
    for w in [
        "paper ",
        "stapler ",
        "monitor ",
        "gloves ",
        "nitrile ",
        "toner ",
        "keyboard ",
        "batteries ",
        "envelopes ",
        "beaker ",
        "laptop ",
        "mouse ",
    ] {
        out.push(text("single", w));
    }
    for p in [
        "pap", "stap", "moni", "glo", "key", "lapt", "cent", "pipe", "env", "hig",
    ] {
        out.push(text("prefix", p));
    }
    for m in [
        "copy paper a4",
        "nitrile gloves",
        "usb flash drive",
        "lumetra monitor",
        "ballpoint pen blue",
        "network cable cat",
        "safety glasses anti",
        "gel pen black",
        "lever arch file",
        "centrifuge tubes sterile",
    ] {
        out.push(text("multi", m));
    }
    for t in [
        "stapeler",
        "monitr",
        "keybaord",
        "nitirle",
        "envelops",
        "laptpo",
        "centrifge",
        "batteires",
    ] {
        out.push(text("typo", t));
    }
    for c in [
        "复印纸",
        "笔记本",
        "笔记本电脑",
        "显示器",
        "手套",
        "丁腈手套",
        "纸",
        "订书机",
        "A4 复印纸",
        "硒鼓",
    ] {
        out.push(text("chinese", c));
    }
    let at = |i: usize| &items[i.min(items.len() - 1)];
    for i in [123, 45_678, 99_001] {
        out.push(text("gtin", at(i).gtin.as_deref().unwrap_or("")));
    }
    for i in [7, 61_234] {
        out.push(text("sku", &at(i).sku));
    }
    out.push(text("mpn", &at(2_024).mpn));
    out.push(text("mpn", &at(77_777).mpn.to_lowercase().replace('-', "")));
    out.push(facet("paper", &["officeplus"], &[], false));
    out.push(facet("pen", &[], &["44"], true));
    out.push(facet("gloves", &["labcore", "safeworks"], &[], false));
    out.push(facet("cable", &[], &[], true));
    out.push(facet("monitor", &["techsource", "huatong"], &[], false));
    out.push(facet("纸", &["officeplus", "huatong"], &[], false));
    out.push(facet("toner", &["officeplus"], &[], true));
    out.push(facet("safety glasses", &["safeworks"], &["46"], false));
    out
}
