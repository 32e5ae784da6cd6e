//! Importing a large BMEcat file natively: the time of `bmecat::parse` and the process's peak
//! resident memory before and after, for a generated BMEcat 2005 file of N articles (two price
//! tiers each, about 1.1 KB per article).
//!
//! `cargo run --release -p procura-catalog --example bmecat_bench [-- N]` (default 100000)
//!
//! Articles are read one at a time, so the peak grows by the items made, not by a tree of the
//! file (Linux only: `VmHWM` from `/proc/self/status`).
use procura_catalog::import::{bmecat, ImportLimits};
use std::time::Instant;

/// The peak resident memory so far, as the kernel says it.
fn hwm() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "VmHWM: ?".into())
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BMECAT version=\"2005\" xmlns=\"http://www.bmecat.org/bmecat/2005\">\n<HEADER><CATALOG><LANGUAGE>eng</LANGUAGE><CATALOG_ID>c</CATALOG_ID><CATALOG_VERSION>1</CATALOG_VERSION><CURRENCY>EUR</CURRENCY></CATALOG><SUPPLIER><SUPPLIER_NAME>S</SUPPLIER_NAME></SUPPLIER></HEADER>\n<T_NEW_CATALOG>\n");
    for i in 0..n {
        xml.push_str(&format!("<PRODUCT mode=\"new\">\n  <SUPPLIER_PID>SKU-{i}</SUPPLIER_PID>\n  <PRODUCT_DETAILS>\n    <DESCRIPTION_SHORT>Product number {i} &amp; more</DESCRIPTION_SHORT>\n    <DESCRIPTION_LONG lang=\"eng\">A longer text for product {i}.</DESCRIPTION_LONG>\n    <MANUFACTURER_NAME>Maker</MANUFACTURER_NAME><MANUFACTURER_PID>M-{i}</MANUFACTURER_PID>\n    <DELIVERY_TIME>3</DELIVERY_TIME>\n  </PRODUCT_DETAILS>\n  <PRODUCT_FEATURES><REFERENCE_FEATURE_SYSTEM_NAME>UNSPSC</REFERENCE_FEATURE_SYSTEM_NAME><REFERENCE_FEATURE_GROUP_ID>44121618</REFERENCE_FEATURE_GROUP_ID></PRODUCT_FEATURES>\n  <PRODUCT_ORDER_DETAILS><ORDER_UNIT>C62</ORDER_UNIT><CONTENT_UNIT>C62</CONTENT_UNIT><NO_CU_PER_OU>1</NO_CU_PER_OU></PRODUCT_ORDER_DETAILS>\n  <PRODUCT_PRICE_DETAILS>\n    <PRODUCT_PRICE price_type=\"net_customer\"><PRICE_AMOUNT>{}.50</PRICE_AMOUNT><PRICE_CURRENCY>EUR</PRICE_CURRENCY><LOWER_BOUND>1</LOWER_BOUND></PRODUCT_PRICE>\n    <PRODUCT_PRICE price_type=\"net_customer\"><PRICE_AMOUNT>{}.00</PRICE_AMOUNT><PRICE_CURRENCY>EUR</PRICE_CURRENCY><LOWER_BOUND>10</LOWER_BOUND></PRODUCT_PRICE>\n  </PRODUCT_PRICE_DETAILS>\n</PRODUCT>\n", i % 900 + 10, i % 900 + 9));
    }
    xml.push_str("</T_NEW_CATALOG>\n</BMECAT>\n");
    let bytes = xml.into_bytes();
    println!(
        "file: {:.1} MB; before: {}",
        bytes.len() as f64 / 1e6,
        hwm()
    );
    let limits = ImportLimits {
        max_bytes: 512 << 20,
        ..ImportLimits::default()
    };
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let cat = bmecat::parse(&bytes, "s1", &limits).unwrap();
        best = best.min(t.elapsed().as_secs_f64());
        assert_eq!(cat.items.len(), n);
    }
    println!(
        "parse: {:.0} ms (fastest of 3); after: {}",
        best * 1e3,
        hwm()
    );
}
