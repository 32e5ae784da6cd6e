//! Supplier invoice documents: real public examples, our own, refusals, round trips and
//! hostile input.

use procura_ground::date::{self, Date};
use procura_invoicing::documents::{
    parse_invoice, write_cxml_invoice, write_peppol_invoice, DocumentError, Format, ParsedInvoice,
};
use procura_invoicing::invoice::{DocKind, EarlyDiscount, InvoiceDocument, InvoiceLine, MAX_LINES};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn fixture(path: &str) -> String {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn parse(path: &str) -> ParsedInvoice {
    parse_invoice(&fixture(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn day(text: &str) -> Date {
    date::parse_day(text).unwrap()
}

fn refusal(xml: &str) -> DocumentError {
    match parse_invoice(xml) {
        Ok(p) => panic!("read, not refused: {p:?}"),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------------------------------
// Real public examples: Peppol

/// The official example as it stands, with its correction line (−3 days, −1,500) kept signed.
#[test]
fn peppol_base_example_reads_as_stated_with_its_correction_line() {
    let p = parse("peppol/base-example.xml");
    assert_eq!(p.format, Format::Peppol);
    assert_eq!(p.sender_id, "0088:9482348239846");
    let d = p.document;
    assert_eq!(d.kind, DocKind::Invoice);
    assert_eq!(d.number, "Snippet1");
    assert_eq!(d.issued, day("2017-11-13"));
    assert_eq!(d.due, Some(day("2017-12-01")));
    assert_eq!(d.currency, "EUR");
    assert_eq!(d.order_number, None);
    assert_eq!(d.credit_for, None);
    assert_eq!(d.tax_total, dec!(331.25));
    assert_eq!(d.total, dec!(1656.25));
    assert_eq!(d.payment_days, None);
    assert_eq!(
        d.lines,
        vec![
            InvoiceLine {
                line_no: 1,
                order_line: Some(123),
                supplier_part: String::new(),
                description: "item name".into(),
                quantity: dec!(7),
                unit: "DAY".into(),
                unit_price: dec!(400),
                tax_percent: dec!(25),
                net: dec!(2800),
            },
            InvoiceLine {
                line_no: 2,
                order_line: Some(123),
                supplier_part: String::new(),
                description: "item name 2".into(),
                quantity: dec!(-3),
                unit: "DAY".into(),
                unit_price: dec!(500),
                tax_percent: dec!(25),
                net: dec!(-1500),
            },
        ]
    );
    assert_eq!(
        d.note,
        "payment terms: Payment within 10 days, 2% discount; charge Insurance 25 EUR"
    );
    // As a record: the bounds hold for a signed line.
    procura_invoicing::invoice::check_document(&d, 1_600_000_000_000).unwrap();
}

#[test]
fn a_line_whose_amount_and_quantity_disagree_in_sign_is_refused() {
    let xml = fixture("peppol/base-example.xml").replace(
        "<cbc:LineExtensionAmount currencyID=\"EUR\">-1500</cbc:LineExtensionAmount>",
        "<cbc:LineExtensionAmount currencyID=\"EUR\">1500</cbc:LineExtensionAmount>",
    );
    let e = refusal(&xml);
    assert_eq!(
        e.path(),
        Some("/Invoice/InvoiceLine[2]/LineExtensionAmount")
    );
    assert!(e.to_string().contains("opposite signs"), "{e}");
}

#[test]
fn peppol_base_credit_note_reads_with_its_negative_line() {
    let d = parse("peppol/base-creditnote-correction.xml").document;
    assert_eq!(d.kind, DocKind::CreditNote);
    assert_eq!(d.number, "Snippet1");
    assert_eq!(d.credit_for.as_deref(), Some("Snippet1"));
    assert_eq!(d.issued, day("2017-11-13"));
    assert_eq!(d.due, None);
    assert_eq!(d.lines.len(), 2);
    assert_eq!(d.lines[0].quantity, dec!(7));
    assert_eq!(d.lines[0].net, dec!(2800));
    assert_eq!(d.lines[1].quantity, dec!(-3));
    assert_eq!(d.lines[1].net, dec!(-1500));
    assert_eq!(d.total, dec!(1656.25));
    assert!(d
        .note
        .starts_with("Please note we have a new phone number: 22 22 22 22"));
}

#[test]
fn peppol_allowance_example_divides_by_base_quantity_and_keeps_the_document_currency_tax() {
    let p = parse("peppol/Allowance-example.xml");
    assert_eq!(p.sender_id, "0088:7300010000001");
    let d = p.document;
    assert_eq!(d.number, "Snippet1");
    assert_eq!(d.issued, day("2017-11-13"));
    assert_eq!(d.due, Some(day("2017-12-01")));
    // 1225.00 EUR, not the 9324.00 SEK of the second TaxTotal.
    assert_eq!(d.tax_total, dec!(1225));
    // PayableAmount, after the 1000 prepaid.
    assert_eq!(d.total, dec!(6125));
    let got: Vec<(u32, Option<u32>, Decimal, Decimal, Decimal, Decimal)> = d
        .lines
        .iter()
        .map(|l| {
            (
                l.line_no,
                l.order_line,
                l.quantity,
                l.unit_price,
                l.tax_percent,
                l.net,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (1, None, dec!(10), dec!(410), dec!(25), dec!(4000)),
            // 200 per BaseQuantity 2.
            (2, Some(124), dec!(10), dec!(100), dec!(0), dec!(1000)),
            (3, Some(124), dec!(10), dec!(100), dec!(25), dec!(900)),
        ]
    );
    assert!(d.lines.iter().all(|l| l.supplier_part == "97iugug876"
        && l.unit == "C62"
        && l.description == "item name"));
    // The official example names its framework agreement: read as the document's contract.
    assert_eq!(d.contract.as_deref(), Some("framework no 1"));
    for said in [
        "Please note we have a new phone number: 22 22 22 22",
        "payment terms: Payment within 10 days, 2% discount",
        "charge Cleaning 200 EUR",
        "allowance Discount 200 EUR",
        "prepaid 1000 EUR",
        "line 1: charge Cleaning 1 EUR",
        "line 1: allowance Discount 101 EUR",
        "line 3: charge Charge 1 EUR",
    ] {
        assert!(d.note.contains(said), "{said} not in {}", d.note);
    }
}

#[test]
fn peppol_vat_category_e_example() {
    let p = parse("peppol/vat-category-E.xml");
    assert_eq!(p.sender_id, "0088:7300010000001");
    let d = p.document;
    assert_eq!(d.number, "Vat-Z");
    assert_eq!(d.issued, day("2018-08-30"));
    assert_eq!(d.due, None);
    assert_eq!(d.currency, "GBP");
    assert_eq!(d.tax_total, Decimal::ZERO);
    assert_eq!(d.total, dec!(1200));
    assert_eq!(d.lines.len(), 1);
    let l = &d.lines[0];
    assert_eq!(
        (
            l.line_no,
            l.order_line,
            l.quantity,
            l.unit.as_str(),
            l.unit_price,
            l.net
        ),
        (1, Some(1), dec!(10), "EA", dec!(120), dec!(1200))
    );
    assert_eq!(l.description, "Test item, category Z");
    assert_eq!(l.tax_percent, Decimal::ZERO);
    assert_eq!(d.note, "payment terms: Payment within 30 days");
}

// ---------------------------------------------------------------------------------------------
// Real public examples: cXML

#[test]
fn cxml_taxes_at_line_example_works_out_a_missing_net_amount() {
    let p = parse("cxml/invoice_taxes_at_line.xml");
    assert_eq!(p.format, Format::Cxml);
    assert_eq!(p.sender_id, "supplierid");
    let d = p.document;
    assert_eq!(d.kind, DocKind::Invoice);
    assert_eq!(d.number, "3495");
    assert_eq!(d.document_id, "1240598937@devtrunk.coupahost.com");
    assert_eq!(d.issued, day("2009-05-01"));
    assert_eq!(d.currency, "USD");
    assert_eq!(d.payment_days, Some(30));
    assert_eq!(d.order_number, None);
    assert_eq!(
        d.lines,
        vec![InvoiceLine {
            line_no: 1,
            order_line: Some(1),
            supplier_part: String::new(),
            description: "NEW 1 NINTENDO WII GAME CONSOLE + WII FIT BUNDLE +GAMES".into(),
            quantity: dec!(1),
            unit: "EA".into(),
            unit_price: dec!(365),
            tax_percent: dec!(8.25),
            net: dec!(365),
        }]
    );
    assert_eq!(d.tax_total, dec!(8));
    // NetAmount is empty: 365 + 8 tax + 5 special handling + 30 shipping.
    assert_eq!(d.total, dec!(408));
    for said in [
        "order document 123",
        "shipping 30 USD",
        "special handling 5 USD",
        "total worked out from its summary: 408 USD",
    ] {
        assert!(d.note.contains(said), "{said} not in {}", d.note);
    }
}

#[test]
fn cxml_taxes_at_total_example() {
    let d = parse("cxml/invoice_taxes_at_total.xml").document;
    assert_eq!(d.number, "3492");
    assert_eq!(d.lines.len(), 1);
    assert_eq!(d.lines[0].tax_percent, Decimal::ZERO);
    assert_eq!(d.lines[0].net, dec!(365));
    assert_eq!(d.tax_total, dec!(8));
    assert_eq!(d.total, dec!(408));
}

#[test]
fn cxml_invoice_over_several_orders_is_refused() {
    let e = refusal(&fixture("cxml/invoice_backed_by_multiple_pos.xml"));
    assert!(matches!(e, DocumentError::Unsupported { .. }), "{e:?}");
    assert!(
        e.to_string()
            .contains("several orders (document 2252, document 2253)"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------------
// Our own

#[test]
fn cxml_standard_invoice() {
    let p = parse("own/cxml-standard.xml");
    assert_eq!(p.sender_id, "123456789");
    let d = p.document;
    assert_eq!(d.kind, DocKind::Invoice);
    assert_eq!(d.number, "INV-2026-0142");
    assert_eq!(
        d.document_id,
        "1764979200000.inv-2026-0142@office-supplies.example"
    );
    assert_eq!(d.issued, day("2026-12-01"));
    assert_eq!(d.due, None);
    assert_eq!(d.currency, "CNY");
    assert_eq!(d.order_id.as_deref(), Some("po-7f3a9c21"));
    assert_eq!(d.order_number.as_deref(), Some("PO-7F3A9C21"));
    assert_eq!(d.payment_days, Some(30));
    assert_eq!(
        d.discount,
        Some(EarlyDiscount {
            days: 10,
            percent: dec!(2)
        })
    );
    assert_eq!(d.lines.len(), 2);
    assert_eq!(d.lines[0].supplier_part, "A4-80G-500");
    assert_eq!(d.lines[0].unit, "BX");
    assert_eq!(d.lines[0].unit_price, dec!(45.5));
    assert_eq!(d.lines[0].net, dec!(455));
    assert_eq!(d.lines[0].tax_percent, dec!(13));
    // 120 per PriceBasisQuantity 2.
    assert_eq!(d.lines[1].unit_price, dec!(60));
    assert_eq!(d.lines[1].order_line, Some(3));
    assert_eq!(d.lines[1].description, "硒鼓 26A");
    assert_eq!(d.tax_total, dec!(82.55));
    assert_eq!(d.total, dec!(717.55));
    assert_eq!(
        d.note,
        "Thank you for your order; order document 1763604000000.po-7f3a9c21@procura"
    );
}

#[test]
fn cxml_credit_memo_is_stored_positive() {
    let d = parse("own/cxml-credit-memo.xml").document;
    assert_eq!(d.kind, DocKind::CreditNote);
    assert_eq!(d.number, "CM-2026-0007");
    assert_eq!(d.credit_for.as_deref(), Some("INV-2026-0142"));
    assert_eq!(d.issued, day("2026-12-05"));
    assert_eq!(d.order_number.as_deref(), Some("PO-7F3A9C21"));
    assert_eq!(d.lines.len(), 1);
    assert_eq!(d.lines[0].quantity, dec!(2));
    assert_eq!(d.lines[0].unit_price, dec!(45.5));
    assert_eq!(d.lines[0].net, dec!(91));
    assert_eq!(d.tax_total, dec!(11.83));
    assert_eq!(d.total, dec!(102.83));
    assert!(d.note.starts_with("Two boxes arrived damaged"));
}

#[test]
fn peppol_credit_note_with_billing_reference_and_base_quantity() {
    let p = parse("own/peppol-creditnote.xml");
    assert_eq!(p.sender_id, "0088:7300010000001");
    let d = p.document;
    assert_eq!(d.kind, DocKind::CreditNote);
    assert_eq!(d.number, "CN-88412");
    assert_eq!(d.credit_for.as_deref(), Some("INV-88377"));
    assert_eq!(d.due, Some(day("2026-12-28")));
    assert_eq!(d.order_number.as_deref(), Some("PO-1C2D3E4F"));
    assert_eq!(d.order_id.as_deref(), Some("po-1c2d3e4f"));
    let l = &d.lines[0];
    assert_eq!(l.quantity, dec!(200));
    assert_eq!(l.unit, "H87");
    // 9.00 per 100.
    assert_eq!(l.unit_price, dec!(0.09));
    assert_eq!(l.net, dec!(18));
    assert_eq!(l.order_line, Some(2));
    assert_eq!(l.supplier_part, "GLV-NIT-M");
    assert_eq!(l.tax_percent, dec!(20));
    assert_eq!(d.tax_total, dec!(3.6));
    assert_eq!(d.total, dec!(21.6));
    assert_eq!(
        d.note,
        "Price correction agreed by phone; despatch advice DESADV-5521; payment terms: Offset \
         against the next payment"
    );
}

#[test]
fn peppol_in_its_business_document_envelope() {
    let inner = fixture("peppol/vat-category-E.xml");
    let inner = inner.trim_start_matches("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let wrapped = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<StandardBusinessDocument \
         xmlns=\"http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader\">\
         <StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion>\
         </StandardBusinessDocumentHeader>{inner}</StandardBusinessDocument>"
    );
    let p = parse_invoice(&wrapped).unwrap();
    assert_eq!(p.document, parse("peppol/vat-category-E.xml").document);
}

// ---------------------------------------------------------------------------------------------
// Refusals

#[test]
fn a_debit_memo_is_refused() {
    let e = refusal(&fixture("own/cxml-debit-memo.xml"));
    assert_eq!(
        e.path(),
        Some("/cXML/Request/InvoiceDetailRequest/InvoiceDetailRequestHeader/@purpose")
    );
    assert!(
        e.to_string().contains("purpose \"debitMemo\" is not read"),
        "{e}"
    );
}

#[test]
fn a_document_without_lines_is_refused() {
    let cxml = fixture("own/cxml-standard.xml");
    let start = cxml.find("<InvoiceDetailItem ").unwrap();
    let end = cxml.rfind("</InvoiceDetailItem>").unwrap() + "</InvoiceDetailItem>".len();
    let e = refusal(&format!("{}{}", &cxml[..start], &cxml[end..]));
    assert!(matches!(e, DocumentError::MissingElement { .. }), "{e:?}");

    let peppol = fixture("own/peppol-creditnote.xml");
    let start = peppol.find("<cac:CreditNoteLine>").unwrap();
    let end = peppol.rfind("</cac:CreditNoteLine>").unwrap() + "</cac:CreditNoteLine>".len();
    let e = refusal(&format!("{}{}", &peppol[..start], &peppol[end..]));
    assert_eq!(e.path(), Some("/CreditNote/CreditNoteLine"));
}

fn sample(kind: DocKind, lines: usize) -> InvoiceDocument {
    InvoiceDocument {
        kind,
        number: "INV-1".into(),
        document_id: "p1@supplier".into(),
        issued: day("2026-11-30"),
        due: None,
        currency: "EUR".into(),
        order_id: Some("po-1".into()),
        order_number: Some("PO-00000001".into()),
        credit_for: None,
        lines: (1..=lines)
            .map(|i| InvoiceLine {
                line_no: u32::try_from(i).unwrap(),
                order_line: Some(1),
                supplier_part: "SKU".into(),
                description: "Item".into(),
                quantity: dec!(1),
                unit: "EA".into(),
                unit_price: dec!(2),
                tax_percent: Decimal::ZERO,
                net: dec!(2),
            })
            .collect(),
        tax_total: Decimal::ZERO,
        total: dec!(2),
        payment_days: None,
        discount: None,
        note: String::new(),
        contract: None,
    }
}

#[test]
fn more_than_a_thousand_lines_are_refused() {
    let most = sample(DocKind::Invoice, MAX_LINES);
    let peppol = write_peppol_invoice(&most, "0088:1", "0088:2");
    assert_eq!(
        parse_invoice(&peppol).unwrap().document.lines.len(),
        MAX_LINES
    );
    let cxml = write_cxml_invoice(&most, "a", "b", "p", 0);
    assert_eq!(
        parse_invoice(&cxml).unwrap().document.lines.len(),
        MAX_LINES
    );

    let over = sample(DocKind::Invoice, MAX_LINES + 1);
    for xml in [
        write_peppol_invoice(&over, "0088:1", "0088:2"),
        write_cxml_invoice(&over, "a", "b", "p", 0),
    ] {
        let e = refusal(&xml);
        assert!(
            e.to_string().contains("1001 lines, more than the 1000"),
            "{e}"
        );
    }
}

#[test]
fn malformed_numbers_are_refused_with_their_path() {
    let cxml = fixture("own/cxml-standard.xml");
    for (from, to, path) in [
        (
            "quantity=\"10\"",
            "quantity=\"1,5\"",
            "InvoiceDetailItem[1]/@quantity",
        ),
        (
            "quantity=\"10\"",
            "quantity=\"0\"",
            "InvoiceDetailItem[1]/@quantity",
        ),
        (
            "quantity=\"10\"",
            "quantity=\"-10\"",
            "InvoiceDetailItem[1]/@quantity",
        ),
        (
            ">45.50<",
            ">45.5.0<",
            "InvoiceDetailItem[1]/UnitPrice/Money",
        ),
        (">45.50<", ">4.5e1<", "InvoiceDetailItem[1]/UnitPrice/Money"),
        (
            ">45.50<",
            ">45.0000001<",
            "InvoiceDetailItem[1]/UnitPrice/Money",
        ),
        (
            ">717.55</Money>\n        </DueAmount>",
            ">99999999999999</Money>\n        </DueAmount>",
            "DueAmount/Money",
        ),
        (
            "percentageRate=\"2\"",
            "percentageRate=\"two\"",
            "InvoiceDetailPaymentTerm[1]/@percentageRate",
        ),
        (
            "invoiceDate=\"2026-12-01T09:30:00+08:00\"",
            "invoiceDate=\"01/12/2026\"",
            "InvoiceDetailRequestHeader/@invoiceDate",
        ),
    ] {
        assert!(cxml.contains(from), "{from}");
        let e = refusal(&cxml.replacen(from, to, 1));
        let at = e.path().unwrap_or_default().to_owned();
        assert!(at.ends_with(path), "{to}: {at} ({e})");
    }

    let peppol = fixture("own/peppol-creditnote.xml");
    for (from, to) in [
        (">200</cbc:CreditedQuantity>", ">2OO</cbc:CreditedQuantity>"),
        (">9.00</cbc:PriceAmount>", ">-9.00</cbc:PriceAmount>"),
        (">100</cbc:BaseQuantity>", ">0</cbc:BaseQuantity>"),
        (">21.60</cbc:PayableAmount>", ">21,60</cbc:PayableAmount>"),
        (
            "<cbc:LineExtensionAmount currencyID=\"EUR\">18.00</cbc:LineExtensionAmount>\n    <cac:OrderLineReference>",
            "<cbc:LineExtensionAmount currencyID=\"USD\">18.00</cbc:LineExtensionAmount>\n    <cac:OrderLineReference>",
        ),
        (">20</cbc:Percent>\n        <cac:TaxScheme>\n          <cbc:ID>VAT</cbc:ID>\n        </cac:TaxScheme>\n      </cac:ClassifiedTaxCategory>",
         ">120</cbc:Percent>\n        <cac:TaxScheme>\n          <cbc:ID>VAT</cbc:ID>\n        </cac:TaxScheme>\n      </cac:ClassifiedTaxCategory>"),
    ] {
        assert!(peppol.contains(from), "{from}");
        let e = refusal(&peppol.replacen(from, to, 1));
        assert!(matches!(e, DocumentError::Invalid { .. }), "{to}: {e:?}");
    }
}

#[test]
fn entities_and_other_hostile_xml_are_refused() {
    let doc = fixture("own/cxml-standard.xml");
    let entity = doc.replacen(
        "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.050/InvoiceDetail.dtd\">",
        "<!DOCTYPE cXML [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
        1,
    );
    assert!(matches!(refusal(&entity), DocumentError::Refused { .. }));
    let reference = doc.replacen("Thank you for your order", "&xxe;", 1);
    assert!(matches!(refusal(&reference), DocumentError::Refused { .. }));
    let deep = format!("<cXML>{}{}</cXML>", "<a>".repeat(100), "</a>".repeat(100));
    assert!(matches!(refusal(&deep), DocumentError::Refused { .. }));
    assert!(matches!(
        refusal("<Order/>"),
        DocumentError::WrongRoot { .. }
    ));
    assert!(matches!(
        refusal("<Invoice>"),
        DocumentError::Malformed { .. }
    ));
    let big = format!("<Invoice>{}</Invoice>", " ".repeat(11 * 1024 * 1024));
    assert!(matches!(refusal(&big), DocumentError::TooLarge { .. }));
}

#[test]
fn other_things_a_reader_does_not_take() {
    let doc = fixture("own/cxml-standard.xml");
    // A negative line on a standard invoice: a correction, refused.
    let e = refusal(&doc.replacen(
        ">455.00</Money>\n          </SubtotalAmount>",
        ">-455.00</Money>\n          </SubtotalAmount>",
        1,
    ));
    assert!(
        e.to_string()
            .contains("negative amount on a standard invoice"),
        "{e}"
    );
    // A cancelled invoice.
    let e = refusal(&doc.replacen("operation=\"new\"", "operation=\"delete\"", 1));
    assert!(e.to_string().contains("operation=\"delete\""), "{e}");
    // Another request.
    let e = refusal(&doc.replace("InvoiceDetailRequest>", "ConfirmationRequest>"));
    assert!(
        e.to_string()
            .contains("ConfirmationRequest is not an invoice"),
        "{e}"
    );
    // A line in another currency.
    let e = refusal(&doc.replacen(
        "<Money currency=\"CNY\">45.50",
        "<Money currency=\"USD\">45.50",
        1,
    ));
    assert!(
        e.to_string()
            .contains("currency USD, the invoice is in CNY"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------------
// Round trips

fn text(pattern: &'static str) -> impl Strategy<Value = String> {
    pattern.prop_map(|s: String| s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn decimal(max: i64, scale: u32) -> impl Strategy<Value = Decimal> {
    (0..=max).prop_map(move |n| Decimal::new(n, scale))
}

fn line() -> impl Strategy<Value = InvoiceLine> {
    (
        1..=10_000u32,
        proptest::option::of(1..=10_000u32),
        "[A-Z0-9-]{0,12}",
        text("[a-zA-Z0-9 &<>\"'.,()/-]{0,30}|[硒鼓纸张 ]{1,6}"),
        (1..=1_000_000_000i64).prop_map(|n| Decimal::new(n, 3)),
        "[A-Z0-9]{1,3}",
        decimal(100_000_000, 4),
        prop_oneof![
            Just(Decimal::ZERO),
            Just(dec!(5)),
            Just(dec!(13)),
            Just(dec!(20.5))
        ],
        decimal(100_000_000_000, 2),
    )
        .prop_map(
            |(
                line_no,
                order_line,
                supplier_part,
                description,
                quantity,
                unit,
                unit_price,
                tax_percent,
                net,
            )| {
                InvoiceLine {
                    line_no,
                    order_line,
                    supplier_part,
                    description,
                    quantity,
                    unit,
                    unit_price,
                    tax_percent,
                    net,
                }
            },
        )
}

prop_compose! {
    fn document()(
        credit in any::<bool>(),
        number in "[A-Z0-9][A-Z0-9/-]{0,15}",
        document_id in "[a-z0-9.@-]{0,20}",
        issued in 0..11_000i64,
        due_after in proptest::option::of(0..120i64),
        currency in prop_oneof![Just("EUR"), Just("CNY"), Just("JPY"), Just("USD")],
        order_id in proptest::option::of("[a-z0-9-]{1,12}"),
        order_number in proptest::option::of("PO-[0-9A-F]{8}"),
        credit_for in proptest::option::of("[A-Z0-9-]{1,12}"),
        lines in proptest::collection::vec(line(), 1..5),
        tax_total in decimal(10_000_000_000, 2),
        total in decimal(10_000_000_000, 2),
        payment_days in proptest::option::of(0..=120u32),
        discount in proptest::option::of((0..=60u32, (1..=1_000i64).prop_map(|n| Decimal::new(n, 2)))),
        note in text("[a-zA-Z0-9 ,.]{0,40}"),
        contract in proptest::option::of("FA-[0-9]{4}-[0-9]{3}"),
    ) -> InvoiceDocument {
        let issued = date::add_days(day("2000-01-01"), issued);
        InvoiceDocument {
            kind: if credit { DocKind::CreditNote } else { DocKind::Invoice },
            number,
            document_id,
            issued,
            due: due_after.map(|d| date::add_days(issued, d)),
            currency: currency.to_owned(),
            order_id,
            order_number,
            credit_for: if credit { credit_for } else { None },
            lines,
            tax_total,
            total,
            payment_days,
            discount: discount.map(|(days, percent)| EarlyDiscount { days, percent }),
            note,
            contract,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Peppol carries no document id (BIS warns against a `UUID`).
    #[test]
    fn peppol_round_trip(mut doc in document()) {
        doc.document_id = String::new();
        let xml = write_peppol_invoice(&doc, "0088:7300010000001", "0192:987654325");
        let back = parse_invoice(&xml).map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        prop_assert_eq!(back.format, Format::Peppol);
        prop_assert_eq!(back.sender_id, "0088:7300010000001");
        prop_assert_eq!(back.document, doc);
    }

    /// cXML carries no due date, and every line names an order line.
    #[test]
    fn cxml_round_trip(mut doc in document(), payload in "[0-9]{13}\\.[a-z]{4}@supplier") {
        doc.due = None;
        doc.document_id = payload.clone();
        for l in &mut doc.lines {
            l.order_line.get_or_insert(l.line_no);
        }
        let xml = write_cxml_invoice(&doc, "DUNS:123456789", "NetworkID:AN01", &payload, 1_764_979_200_123);
        let back = parse_invoice(&xml).map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        prop_assert_eq!(back.format, Format::Cxml);
        prop_assert_eq!(back.sender_id, "123456789");
        prop_assert_eq!(back.document, doc);
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile input: nothing panics

fn seeds() -> Vec<String> {
    let mut out: Vec<String> = [
        "own/cxml-standard.xml",
        "own/cxml-credit-memo.xml",
        "own/peppol-creditnote.xml",
        "peppol/Allowance-example.xml",
        "cxml/invoice_taxes_at_line.xml",
    ]
    .iter()
    .map(|p| fixture(p))
    .collect();
    out.push(write_cxml_invoice(
        &sample(DocKind::CreditNote, 3),
        "a",
        "b",
        "p",
        0,
    ));
    out
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    Replace(usize, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let snippet = prop_oneof![
        Just("-".to_owned()),
        Just("<".to_owned()),
        Just("&amp;".to_owned()),
        Just("&x;".to_owned()),
        Just("99999999999999999999999999999".to_owned()),
        Just("</InvoiceDetailItem>".to_owned()),
        Just("<cac:InvoiceLine>".to_owned()),
        Just("\"".to_owned()),
        Just("]]>".to_owned()),
        Just("0.0000001".to_owned()),
        any::<String>(),
    ];
    prop_oneof![
        (any::<usize>(), 0..200usize).prop_map(|(a, n)| Edit::Delete(a, n)),
        (any::<usize>(), snippet.clone()).prop_map(|(a, s)| Edit::Insert(a, s)),
        (any::<usize>(), snippet).prop_map(|(a, s)| Edit::Replace(a, s)),
    ]
}

fn apply(doc: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = doc.chars().collect();
    for e in edits {
        let n = chars.len().max(1);
        match e {
            Edit::Delete(at, len) => {
                let at = at % n;
                let end = (at + len).min(chars.len());
                if at < end {
                    chars.drain(at..end);
                }
            }
            Edit::Insert(at, s) => {
                let at = (at % n).min(chars.len());
                chars.splice(at..at, s.chars());
            }
            Edit::Replace(at, s) => {
                let at = at % n;
                let end = (at + s.chars().count()).min(chars.len());
                chars.splice(at.min(end)..end, s.chars());
            }
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        let _ = parse_invoice(&s);
        let _ = parse_invoice(&format!("<cXML>{s}</cXML>"));
        let _ = parse_invoice(&format!("<Invoice>{s}</Invoice>"));
    }

    /// The writers take any document, however far past the bounds, and any time.
    #[test]
    fn writers_never_panic(
        mut doc in document(),
        at in any::<i64>(),
        huge in prop_oneof![Just(Decimal::MAX), Just(Decimal::MIN), Just(Decimal::new(1, 28))],
    ) {
        doc.total = huge;
        doc.tax_total = huge;
        doc.lines[0].net = huge;
        doc.lines[0].quantity = huge;
        doc.lines[0].unit_price = huge;
        doc.lines[0].tax_percent = huge;
        let cxml = write_cxml_invoice(&doc, "a:b", "", "p", at);
        let peppol = write_peppol_invoice(&doc, "", "0088:x");
        prop_assert!(parse_invoice(&cxml).is_err());
        prop_assert!(parse_invoice(&peppol).is_err());
    }

    #[test]
    fn mutated_documents_never_panic(which in 0..6usize, edits in proptest::collection::vec(edit(), 1..6)) {
        let docs = seeds();
        let doc = apply(&docs[which % docs.len()], &edits);
        let _ = parse_invoice(&doc);
    }
}
