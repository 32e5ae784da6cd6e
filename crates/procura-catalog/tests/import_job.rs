//! The import worker's job and answer: every outcome survives the trip as MessagePack exactly
//! (items with attributes and groups, warnings, failures with a partial import), `run` is the
//! page's parse with its limits, and no bytes a page could post make the worker panic.

mod common;

use common::own;
use procura_catalog::import::csv::{self, ColumnMapping};
use procura_catalog::import::job::{self, CheckJob, CheckReply};
use procura_catalog::import::{
    bmecat, FileFormat, ImportFailure, ImportLimits, ImportedCatalog, IssueKind,
};
use proptest::prelude::*;
use std::time::Instant;

/// The answer as the worker sends it (with field names: issue kinds are tagged enums, which
/// MessagePack arrays cannot carry) and as the page reads it: split, encoded, decoded, assembled.
fn round_trip(
    outcome: &Result<ImportedCatalog, ImportFailure>,
) -> Result<ImportedCatalog, ImportFailure> {
    let mut assembly = job::Assembly::default();
    let limits = ImportLimits::default();
    for reply in job::split(outcome.clone()) {
        let bytes = rmp_serde::to_vec_named(&reply).expect("encodes");
        match rmp_serde::from_slice(&bytes).expect("decodes") {
            CheckReply::Items(slice) => {
                assert!(slice.len() <= job::ITEMS_PER_REPLY);
                assert!(assembly.add(slice, &limits));
            }
            CheckReply::Issues(slice) => {
                assert!(slice.len() <= job::ISSUES_PER_REPLY);
                assert!(assembly.add_issues(slice));
            }
            CheckReply::Done(rest) => return assembly.finish(*rest),
            other => panic!("{other:?}"),
        }
    }
    panic!("no Done")
}

fn csv_job(mapping: ColumnMapping) -> CheckJob {
    CheckJob {
        format: FileFormat::Csv,
        supplier_id: "local-acme".into(),
        mapping,
    }
}

fn text_of(name: &str) -> String {
    String::from_utf8(own(name)).unwrap()
}

#[test]
fn a_catalog_with_attributes_and_a_category_tree_arrives_whole() {
    let limits = ImportLimits::default();
    for name in [
        "bmecat2005_category_tree.xml",
        "bmecat2005_features.xml",
        "bmecat12_update_delete.xml",
    ] {
        let outcome = bmecat::parse(&own(name), "local-acme", &limits);
        assert!(outcome.is_ok(), "{name}");
        assert_eq!(round_trip(&outcome), outcome, "{name}");
    }
}

#[test]
fn a_csv_with_attributes_arrives_whole_with_its_warnings() {
    let text = text_of("csv_attributes.csv");
    let mapping = csv::sniff(&text).unwrap().suggest_mapping();
    let outcome = csv::parse(&text, "local-acme", &mapping, &ImportLimits::default());
    assert_eq!(round_trip(&outcome), outcome);
}

#[test]
fn a_failure_with_a_partial_import_arrives_whole() {
    let mapping = ColumnMapping {
        has_header: false,
        sku: Some("Column 1".into()),
        name_en: Some("Column 2".into()),
        price: Some("Column 3".into()),
        currency: Some("Column 4".into()),
        stock: Some("Column 5".into()),
        ..ColumnMapping::default()
    };
    let job = csv_job(mapping);
    let bytes = own("csv_partial_export.csv");
    let outcome = job::run(&job, &bytes, &ImportLimits::default());
    let failure = outcome.clone().unwrap_err();
    assert!(failure.partial.is_some());
    assert_eq!(
        job::parsed(&outcome),
        CheckReply::Parsed {
            items: 5,
            errors: 5
        }
    );
    assert_eq!(round_trip(&outcome), outcome);
}

#[test]
fn the_job_keeps_its_mapping_by_name() {
    let text = text_of("csv_attributes.csv");
    let job = csv_job(csv::sniff(&text).unwrap().suggest_mapping());
    let bytes = rmp_serde::to_vec_named(&job).unwrap();
    assert_eq!(rmp_serde::from_slice::<CheckJob>(&bytes).unwrap(), job);
}

#[test]
fn run_is_the_pages_parse() {
    let text = text_of("csv_attributes.csv");
    let mapping = csv::sniff(&text).unwrap().suggest_mapping();
    let limits = ImportLimits::default();
    assert_eq!(
        job::run(&csv_job(mapping.clone()), text.as_bytes(), &limits),
        csv::parse(&text, "local-acme", &mapping, &limits)
    );
    let xml = own("bmecat2005_features.xml");
    let bme = CheckJob {
        format: FileFormat::BmeCat,
        supplier_id: "local-acme".into(),
        mapping: ColumnMapping::default(),
    };
    assert_eq!(
        job::run(&bme, &xml, &limits),
        bmecat::parse(&xml, "local-acme", &limits)
    );
}

#[test]
fn run_keeps_the_importers_bounds() {
    let limits = ImportLimits {
        max_bytes: 10,
        max_items: 5,
    };
    let failure = job::run(&csv_job(ColumnMapping::default()), &[b'a'; 11], &limits).unwrap_err();
    assert_eq!(
        *failure.errors[0].kind,
        IssueKind::FileTooLarge { bytes: 11, max: 10 }
    );
    let failure = job::run(
        &csv_job(ColumnMapping::default()),
        b"sku\n\xff\xfe",
        &ImportLimits::default(),
    )
    .unwrap_err();
    assert_eq!(*failure.errors[0].kind, IssueKind::NotUtf8 { offset: 4 });
}

proptest! {
    /// Whatever arrives as a job or an answer, reading it is an error at worst.
    #[test]
    fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = rmp_serde::from_slice::<CheckJob>(&bytes);
        let _ = rmp_serde::from_slice::<CheckReply>(&bytes);
    }
}

#[test]
fn a_large_answer_arrives_in_slices_and_whole() {
    let mut text = String::from("sku,name,price,currency\n");
    for i in 0..4_500 {
        text.push_str(&format!("S-{i},Item {i},{}.50,CNY\n", i % 90 + 1));
    }
    let mapping = csv::sniff(&text).unwrap().suggest_mapping();
    let outcome = csv::parse(&text, "local-acme", &mapping, &ImportLimits::default());
    // Every row is warned about (no order unit given).
    let warnings = outcome.as_ref().unwrap().warnings.len();
    assert!(warnings > job::ISSUES_PER_REPLY, "{warnings}");
    let replies = job::split(outcome.clone());
    let items = replies
        .iter()
        .filter(|r| matches!(r, CheckReply::Items(_)))
        .count();
    let issues = replies
        .iter()
        .filter(|r| matches!(r, CheckReply::Issues(_)))
        .count();
    assert_eq!(items, 3, "4,500 items in slices of 2,000");
    assert_eq!(issues, warnings.div_ceil(job::ISSUES_PER_REPLY));
    assert!(matches!(replies.last(), Some(CheckReply::Done(_))));
    assert_eq!(round_trip(&outcome), outcome);
    println!(
        "{:?}",
        outcome.unwrap().warnings.first().map(|w| w.kind.code())
    );
}

#[test]
fn the_page_refuses_more_items_than_an_import_takes() {
    let limits = ImportLimits {
        max_bytes: 1 << 20,
        max_items: 3,
    };
    let text = "sku,name,price,currency\nA,Pen,1.50,CNY\n";
    let mapping = csv::sniff(text).unwrap().suggest_mapping();
    let item = csv::parse(text, "s", &mapping, &ImportLimits::default())
        .unwrap()
        .items[0]
        .clone();
    let mut assembly = job::Assembly::default();
    assert!(assembly.add(vec![item.clone(), item.clone()], &limits));
    assert!(!assembly.add(vec![item.clone(), item], &limits));
    assert_eq!(assembly.len(), 2);
}

/// How long the answer for a 100,000-item CSV takes to encode (in the worker) and decode (on
/// the page), as sent (slices, field names), with items as arrays, whole, and as JSON. A
/// measurement, not a test:
/// `cargo test --release -p procura-catalog --test import_job -- --ignored --nocapture`.
#[test]
#[ignore]
fn encoding_a_100k_item_answer() {
    let mut text = String::from("sku,name,price,currency,unit,stock\n");
    for i in 0..100_000 {
        text.push_str(&format!(
            "SKU-{i},Item number {i},{}.{:02},CNY,EA,{}\n",
            i % 500 + 1,
            i % 100,
            i % 50
        ));
    }
    let mapping = csv::sniff(&text).unwrap().suggest_mapping();
    let started = Instant::now();
    let outcome = csv::parse(&text, "local-acme", &mapping, &ImportLimits::default());
    let parse = started.elapsed();
    assert_eq!(outcome.as_ref().map(|c| c.items.len()).unwrap(), 100_000);

    let started = Instant::now();
    let packed: Vec<Vec<u8>> = job::split(outcome.clone())
        .iter()
        .map(|r| rmp_serde::to_vec_named(r).unwrap())
        .collect();
    let encode = started.elapsed();
    // Items as arrays (the snapshot's form) for comparison: a third of the bytes, no faster.
    let arrays: Vec<Vec<u8>> = job::split(outcome.clone())
        .iter()
        .filter(|r| matches!(r, CheckReply::Items(_)))
        .map(|r| rmp_serde::to_vec(r).unwrap())
        .collect();
    let started = Instant::now();
    for bytes in &arrays {
        let _: CheckReply = rmp_serde::from_slice(bytes).unwrap();
    }
    let arrays_decode = started.elapsed();
    let (mut slowest, started) = (std::time::Duration::ZERO, Instant::now());
    for bytes in &packed {
        let one = Instant::now();
        let _: CheckReply = rmp_serde::from_slice(bytes).unwrap();
        slowest = slowest.max(one.elapsed());
    }
    let decode = started.elapsed();
    let size: usize = packed.iter().map(Vec::len).sum();

    let reply = CheckReply::Done(Box::new(outcome));
    let whole = rmp_serde::to_vec_named(&reply).unwrap();
    let started = Instant::now();
    let _: CheckReply = rmp_serde::from_slice(&whole).unwrap();
    let whole_decode = started.elapsed();
    let json = serde_json::to_vec(&reply).unwrap();
    let started = Instant::now();
    let _: CheckReply = serde_json::from_slice(&json).unwrap();
    let json_decode = started.elapsed();
    println!(
        "parse {parse:?}; sent in {} replies, {size} bytes: encode {encode:?}, decode {decode:?} \
         (slowest reply {slowest:?}); items as arrays {} bytes, decode {arrays_decode:?}; \
         whole {} bytes, decode {whole_decode:?}; JSON {} bytes, decode {json_decode:?}",
        packed.len(),
        arrays.iter().map(Vec::len).sum::<usize>(),
        whole.len(),
        json.len()
    );
}
