//! Every issue the fixtures produce (ours, and the shared real-world samples when present) has a
//! specific kind, the one its problem calls for: the app says each kind in the buyer's language.

mod common;

use common::{assert_specific, OWN, SHARED};
use procura_catalog::import::encoding::strip_bom;
use procura_catalog::import::{
    bmecat, csv, detect_format, json, peppol, FileFormat, ImportIssue, ImportLimits,
};
use std::collections::BTreeSet;
use std::path::Path;

/// The issues of one file, read as its format (CSV with the mapping its headers suggest).
fn issues_of(name: &str, bytes: &[u8]) -> Vec<ImportIssue> {
    let limits = ImportLimits::default();
    let outcome = match detect_format(name, bytes) {
        Some(FileFormat::BmeCat) => bmecat::parse(bytes, "sup", &limits),
        Some(FileFormat::Peppol) => peppol::parse(bytes, "sup", &limits),
        Some(FileFormat::Json) => json::parse(bytes, "sup", &limits),
        Some(FileFormat::Csv) => {
            // The fixtures in legacy code pages are read lossily: their issues are about rows.
            let text = String::from_utf8_lossy(bytes);
            let text = strip_bom(&text);
            match csv::sniff(text) {
                Ok(preview) => csv::parse(text, "sup", &preview.suggest_mapping(), &limits),
                Err(failure) => Err(failure),
            }
        }
        // Not an import format (an order, a despatch advice): peppol says why.
        None => peppol::parse(bytes, "sup", &limits),
    };
    match outcome {
        Ok(cat) => cat.warnings,
        Err(failure) => failure.errors,
    }
}

fn codes(issues: &[ImportIssue]) -> BTreeSet<&'static str> {
    issues.iter().map(|i| i.kind.code()).collect()
}

#[test]
fn our_fixtures_name_each_problem() {
    let expected: &[(&str, &[&str])] = &[
        ("bmecat12_update_delete.xml", &[]),
        ("bmecat2005_zho_tiers.xml", &[]),
        (
            "bmecat_bad_prices.xml",
            &["import.bad_number", "import.negative"],
        ),
        ("bmecat_billion_laughs.xml", &["import.dtd_entity"]),
        (
            "bmecat_duplicate_sku.xml",
            &["import.currency_unknown", "import.sku_twice"],
        ),
        ("bmecat_entity_ref.xml", &["import.xml_unknown_entity"]),
        ("bmecat_malformed.xml", &["import.xml_malformed"]),
        (
            "bmecat_obsolete_currency.xml",
            &["import.currency_obsolete"],
        ),
        ("bmecat_unknown_currency.xml", &["import.currency_unknown"]),
        ("bmecat_unknown_unit.xml", &["import.unit_unknown"]),
        ("bmecat_xxe.xml", &["import.dtd_entity"]),
        ("peppol_unknown_entity.xml", &["import.xml_unknown_entity"]),
        ("peppol_xxe.xml", &["import.dtd_external_entity"]),
        (
            "bmecat_missing_fields.xml",
            &["import.name_element_missing", "import.sku_element_missing"],
        ),
        (
            "peppol_bad_lines.xml",
            &[
                "import.bad_number",
                "import.currency_unknown",
                "import.name_element_missing",
                "import.no_price",
                "import.number_below_bound",
                "import.price_amount_without_currency",
                "import.sku_element_missing",
            ],
        ),
        (
            "peppol_zh_tiers.xml",
            &["import.gtin_invalid", "import.price_other_currency"],
        ),
        ("json_good.json", &["import.json_unknown_member"]),
        (
            "json_bad.json",
            &[
                "import.bad_number",
                "import.currency_unknown",
                "import.json_deleted_without_update",
                "import.json_not_object",
                "import.no_name",
                "import.no_sku",
                "import.number_below_bound",
                "import.sku_twice",
            ],
        ),
        (
            "csv_bad_rows.csv",
            &[
                "import.csv_row_long",
                "import.csv_row_short",
                "import.csv_tier_malformed",
                "import.currency_unknown",
                "import.no_sku",
                "import.number_below_bound",
                "import.sku_twice",
                "import.stock_not_whole",
                "import.tier_below_minimum",
            ],
        ),
        ("json_malformed.json", &["import.json_malformed"]),
        (
            "bmecat2005_price_on_request.xml",
            &["import.price_on_request", "import.price_without_amount"],
        ),
        ("csv_price_on_request.csv", &["import.price_on_request"]),
        // Real-file semantics once refused or warned about: a line deleted by its GTIN only,
        // Rec 21 package units (XCS, XBX, XRO), a catalogue ActionCode Delete, and texts in
        // German (languageID de, BMEcat LANGUAGE deu). None is a problem now.
        ("peppol_delete_by_gtin_rec21.xml", &[]),
        ("peppol_withdraw.xml", &[]),
        ("peppol_language_ids.xml", &[]),
        ("bmecat2005_deu_only.xml", &[]),
    ];
    for (name, want) in expected {
        let bytes = std::fs::read(Path::new(OWN).join(name)).unwrap();
        let issues = issues_of(name, &bytes);
        assert_specific(&issues);
        let want: BTreeSet<&str> = want.iter().copied().collect();
        assert_eq!(codes(&issues), want, "{name}: {issues:#?}");
    }
}

#[test]
fn every_fixture_issue_has_a_specific_kind() {
    let mut seen = BTreeSet::new();
    let mut dirs = vec![Path::new(OWN).to_path_buf()];
    for sub in ["bmecat", "peppol"] {
        let dir = Path::new(SHARED).join(sub);
        if dir.is_dir() {
            dirs.push(dir);
        } else {
            eprintln!(
                "note: {} is absent; only our fixtures are read",
                dir.display()
            );
        }
    }
    for dir in dirs {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if !path.is_file() {
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let issues = issues_of(&name, &std::fs::read(&path).unwrap());
            assert_specific(&issues);
            seen.extend(codes(&issues));
        }
    }
    // The fixtures exercise many kinds, not one catch-all.
    assert!(seen.len() >= 12, "{seen:?}");
}
