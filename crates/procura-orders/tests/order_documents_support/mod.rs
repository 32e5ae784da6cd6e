//! Orders, parties and fixture paths the order-document tests share.
#![allow(dead_code, unused_imports)] // each test file uses part of it

pub use procura_ground::date::{parse_day, parse_moment, Date, OffsetDateTime};
pub use procura_orders::order::documents::{
    iso_timestamp, outstanding_lines, parse_timestamp_ms, DocumentError, DocumentKind, OrderRef,
    ParsedLine, ParsedOrder, Parties, SupplierMessage, MAX_DOCUMENT_BYTES,
};
pub use procura_orders::order::{
    cxml, parse_order_document, parse_supplier_document, parse_supplier_messages, peppol, LineAck,
    OrderEvent, OrderLine, PurchaseOrder, ShippedLine, Terms,
};
pub use rust_decimal::Decimal;
pub use rust_decimal_macros::dec;
pub use std::path::Path;

pub const OWN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/orders");
pub const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures");

pub fn own(name: &str) -> String {
    std::fs::read_to_string(Path::new(OWN).join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A real-world sample, or `None` (with a note) when the shared folder is not there.
pub fn shared(name: &str) -> Option<String> {
    if !Path::new(SHARED).is_dir() {
        eprintln!("note: {SHARED} is absent; skipping the real-world sample {name}");
        return None;
    }
    let bytes =
        std::fs::read(Path::new(SHARED).join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The day `text` (`YYYY-MM-DD`) names.
pub fn day(text: &str) -> Date {
    parse_day(text).unwrap_or_else(|| panic!("{text} is a day"))
}

/// The moment `text` (ISO 8601) names.
pub fn moment(text: &str) -> OffsetDateTime {
    parse_moment(text).unwrap_or_else(|| panic!("{text} is a moment"))
}

pub fn ms(text: &str) -> i64 {
    parse_timestamp_ms(text).unwrap_or_else(|| panic!("{text} is a timestamp"))
}

#[allow(clippy::too_many_arguments)]
pub fn line(
    line_no: u32,
    part: &str,
    item: Option<&str>,
    gtin: Option<&str>,
    description: &str,
    quantity: Decimal,
    unit: &str,
    price: Decimal,
    tax: Decimal,
    need_by: &str,
    unspsc: &str,
) -> OrderLine {
    OrderLine {
        line_no,
        requisition_id: "req-1".into(),
        requisition_line: line_no - 1,
        item_id: item.map(Into::into),
        supplier_part: part.into(),
        gtin: gtin.map(Into::into),
        description: description.into(),
        quantity,
        unit: unit.into(),
        unit_price: price,
        tax_percent: tax,
        need_by: day(need_by),
        unspsc: unspsc.into(),
        contract: None,
    }
}

pub fn po(
    id: &str,
    currency: &str,
    ship_to: &str,
    terms: Terms,
    lines: Vec<OrderLine>,
) -> PurchaseOrder {
    PurchaseOrder {
        id: id.into(),
        number: procura_orders::order::number_for(id),
        buyer: "u-buyer".into(),
        buyer_name: "Li Na".into(),
        supplier_id: "s-acme".into(),
        supplier_name: "ACME".into(),
        currency: currency.into(),
        ship_to: ship_to.into(),
        requisitions: vec!["req-1".into()],
        lines,
        terms,
        created_at_ms: 0,
        events: vec![],
    }
}

pub fn parties(country: Option<&str>) -> Parties {
    Parties {
        buyer_id: "0192:987654325".into(),
        buyer_name: "Procura Buyer AS & Søn".into(),
        supplier_id: "7300010000001".into(),
        supplier_name: "Schrauben <GmbH>".into(),
        payload_id: "1764000000000.0f8e2c1a@procura".into(),
        timestamp: moment("2026-11-24T08:00:00+00:00"),
        ship_to_country: country.map(Into::into),
    }
}

/// Catalog lines in CNY, with GTINs, UNSPSC, VAT and decimals of every scale.
pub fn catalog_order() -> PurchaseOrder {
    po(
        "0f8e2c1a-7d7b-4c5e-9a55-3b1f2d9e6c10",
        "CNY",
        "Building 3, 88 Zhangjiang Rd\nPudong, 201203 Shanghai",
        Terms::default(),
        vec![
            line(
                1,
                "HB-M8-40",
                Some("s-acme/HB-M8-40"),
                Some("4006381333931"),
                "Hex bolt M8×40, zinc",
                dec!(10),
                "H87",
                dec!(0.35),
                dec!(13),
                "2026-12-15",
                "31161605",
            ),
            line(
                2,
                "CT-200",
                Some("s-acme/CT-200"),
                None,
                "扎带 200mm 黑色",
                dec!(2.500),
                "KGM",
                dec!(47.5000),
                dec!(13),
                "2026-12-15",
                "39121701",
            ),
            line(
                3,
                "PAPER-A4",
                Some("s-acme/PAPER-A4"),
                Some("9780201379624"),
                "Copy paper A4",
                dec!(3),
                "BX",
                dec!(0.0001),
                Decimal::ZERO,
                "2027-01-04",
                "",
            ),
        ],
    )
}

/// EUR, a non-catalog line, markup characters in texts, a note and no Incoterm.
pub fn free_text_order() -> PurchaseOrder {
    po(
        "a1b2c3d4-0000-4000-8000-000000000001",
        "EUR",
        "Lager <Tor 2> & Rampe \"B\"\nIndustriestraße 5\n42699 Solingen\nz. Hd. O'Brien",
        Terms {
            payment_days: 14,
            incoterm: None,
            note: "Deliver <mornings> only & call \"ahead\"".into(),
        },
        vec![
            line(1, "", None, None, "Repair of press #4 <hydraulics> & \"seals\" – O'Brien's quote\nsecond line\ttabbed", dec!(1), "C62", dec!(1250.00), dec!(19), "2026-12-01", ""),
            line(2, "GLV-201", Some("s-acme/GLV-201"), None, "Gloves ]]> & <![CDATA[x]]>", dec!(12), "PR", dec!(3.99), dec!(19), "2026-12-08", "46181504"),
        ],
    )
}

pub fn orders() -> Vec<PurchaseOrder> {
    let mut one_line = free_text_order();
    one_line.id = "ffffffff-ffff-4fff-bfff-ffffffffffff".into();
    one_line.number = procura_orders::order::number_for(one_line.id.as_str());
    one_line.lines.truncate(1);
    one_line.ship_to = "Single line address".into();
    one_line.terms.incoterm = Some("FCA".into());
    vec![catalog_order(), free_text_order(), one_line]
}

pub fn expected_lines(po: &PurchaseOrder) -> Vec<ParsedLine> {
    po.lines.iter().map(ParsedLine::from).collect()
}

pub fn check_round_trip(parsed: &ParsedOrder, po: &PurchaseOrder, p: &Parties) {
    assert_eq!(parsed.lines, expected_lines(po), "{}", po.number);
    for (got, want) in parsed.lines.iter().zip(&po.lines) {
        assert_eq!(got.quantity, want.quantity);
        assert_eq!(got.unit_price, want.unit_price);
        assert_eq!(got.description, want.description.trim());
    }
    assert_eq!(parsed.order_number, po.number);
    assert_eq!(parsed.order_id.as_deref(), Some(po.id.as_str()));
    assert_eq!(parsed.currency, po.currency);
    let total: Decimal = po
        .lines
        .iter()
        .map(|l| (l.quantity * l.unit_price).round_dp(2))
        .sum();
    assert_eq!(parsed.total, Some(total));
    assert_eq!(parsed.ship_to, po.ship_to);
    assert_eq!(parsed.ship_to_country, p.ship_to_country);
    assert_eq!(parsed.payment_days, Some(po.terms.payment_days));
    assert_eq!(parsed.incoterm, po.terms.incoterm);
    assert_eq!(parsed.note, po.terms.note);
}
