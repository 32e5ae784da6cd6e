//! What invoice matching says reads in both languages: every variance, document status,
//! billing status, document kind, source and decision.
#![cfg(target_arch = "wasm32")]

use procura::i18n::invoices::{action, billing, kind, source, status, variance};
use procura::i18n::Lang;
use procura_invoicing::invoice::{Action, DocKind, Source};
use procura_invoicing::matching::{BillingStatus, Status, Variance};
use rust_decimal::Decimal;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn variances() -> Vec<Variance> {
    vec![
        Variance::NoOrder,
        Variance::CurrencyMismatch {
            order: "CNY".into(),
            invoice: "EUR".into(),
        },
        Variance::NoSuchLine { line: 4 },
        Variance::PriceOver {
            line: 1,
            order_line: 2,
            ordered: d("10"),
            invoiced: d("10.5"),
        },
        Variance::QuantityOverAccepted {
            line: 1,
            order_line: 2,
            accepted: d("8"),
            billed: d("10"),
        },
        Variance::NotYetReceived {
            line: 1,
            order_line: 3,
        },
        Variance::CreditOverBilled {
            line: 1,
            order_line: 2,
            invoiced: d("5"),
            credited: d("6"),
        },
        Variance::TotalDiffers {
            stated: d("100"),
            computed: Some(d("98.5")),
        },
        Variance::TotalDiffers {
            stated: d("100"),
            computed: None,
        },
    ]
}

/// Latin words of three letters or more, outside the codes the texts quote.
fn english(text: &str) -> Vec<String> {
    text.replace("CNY", " ")
        .replace("EUR", " ")
        .replace("cXML", " ")
        .replace("Peppol", " ")
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .map(str::to_owned)
        .collect()
}

fn check(en: &str, zh: &str) {
    for t in [en, zh] {
        assert!(!t.trim().is_empty());
        assert!(!t.contains('{') && !t.contains('}'), "{t}");
    }
    assert!(english(zh).is_empty(), "English in {zh}");
}

#[wasm_bindgen_test]
fn every_variance_reads_in_both_languages_with_its_figures() {
    for v in variances() {
        let en = variance(Lang::En, &v, "CNY");
        let zh = variance(Lang::ZhCn, &v, "CNY");
        assert_ne!(en, zh);
        check(&en, &zh);
        if let Variance::QuantityOverAccepted { .. } = v {
            assert!(
                en.contains("10 billed on order line 2") && en.contains("only 8"),
                "{en}"
            );
            assert!(zh.contains("10") && zh.contains('8'), "{zh}");
        }
    }
}

#[wasm_bindgen_test]
fn every_status_kind_source_and_decision_reads_in_both_languages() {
    let statuses = [
        Status::Matched,
        Status::Exception,
        Status::CreditRequested,
        Status::Accepted,
        Status::Rejected,
    ];
    for s in statuses {
        check(status(Lang::En, s), status(Lang::ZhCn, s));
    }
    let billings = [
        BillingStatus::NotInvoiced,
        BillingStatus::PartlyInvoiced,
        BillingStatus::InvoicedAsReceived,
        BillingStatus::Invoiced,
        BillingStatus::OverInvoiced,
    ];
    for b in billings {
        check(billing(Lang::En, b), billing(Lang::ZhCn, b));
    }
    for k in [DocKind::Invoice, DocKind::CreditNote] {
        check(kind(Lang::En, k), kind(Lang::ZhCn, k));
    }
    for s in [Source::Cxml, Source::Peppol, Source::Entered, Source::Demo] {
        check(source(Lang::En, s), source(Lang::ZhCn, s));
    }
    for a in [Action::Accept, Action::RequestCredit, Action::Reject] {
        check(action(Lang::En, a), action(Lang::ZhCn, a));
    }
}
