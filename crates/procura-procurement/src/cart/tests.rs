use super::*;
use procura_catalog::catalog::samples::{drill_on_request, pens};
use rust_decimal_macros::dec;

fn office() -> LocalizedText {
    LocalizedText::new("Office Plus", "办公伙伴")
}

fn cart_with_pens(qty: Option<Decimal>) -> Carts {
    let mut carts = Carts::new("u-buyer");
    carts
        .add_to_active("c1", "Cart", &pens(), None, office(), qty, 1)
        .unwrap();
    carts
}

fn scanner() -> FreeText {
    FreeText {
        description: "  Document scanner, A3  ".into(),
        unit_price: dec!(1200),
        currency: "eur".into(),
        unit: "H87".into(),
        supplier_id: String::new(),
        supplier_name: "ScanShop".into(),
    }
}

#[test]
fn first_add_creates_the_default_cart_at_the_minimum_quantity() {
    let carts = cart_with_pens(None);
    let cart = carts.active().unwrap();
    assert_eq!((cart.id.as_str(), cart.name.as_str()), ("c1", "Cart"));
    assert_eq!(cart.owner, "u-buyer");
    assert_eq!(cart.lines.len(), 1);
    assert_eq!(cart.lines[0].quantity, dec!(1));
    assert_eq!(cart.lines[0].unit(), "BX");
    assert!(cart.lines[0]
        .catalog()
        .unwrap()
        .snapshot
        .description
        .en
        .is_empty());
}

#[test]
fn quantities_reprice_by_tier() {
    let mut carts = cart_with_pens(Some(dec!(9)));
    let line = carts.active().unwrap().lines[0].clone();
    assert_eq!(line.unit_price(), Ok(dec!(24.00)));
    assert_eq!(line.total(), Ok(dec!(216.00)));
    assert_eq!(line.next_tier().map(|t| t.min_qty), Some(dec!(10)));
    let cart = carts.get_mut("c1").unwrap();
    cart.set_quantity(&line.id, dec!(10), 2).unwrap();
    assert_eq!(cart.lines[0].unit_price(), Ok(dec!(21.60)));
    assert_eq!(cart.lines[0].total(), Ok(dec!(216.00)));
    cart.set_quantity(&line.id, dec!(50), 3).unwrap();
    assert_eq!(cart.lines[0].unit_price(), Ok(dec!(19.20)));
    assert_eq!(cart.lines[0].total(), Ok(dec!(960.00)));
    assert_eq!(cart.lines[0].next_tier(), None);
    assert_eq!(cart.updated_at_ms, 3);
    assert_eq!(
        cart.totals_by_currency(),
        vec![("CNY".into(), dec!(960.00))]
    );
}

#[test]
fn adding_the_same_item_again_raises_its_quantity() {
    let mut carts = cart_with_pens(Some(dec!(6)));
    let again = carts
        .add_to_active("c2", "Cart", &pens(), None, office(), Some(dec!(4)), 5)
        .unwrap();
    assert!(again.merged);
    assert_eq!(again.cart_id, "c1");
    assert_eq!(again.quantity, dec!(10));
    let cart = carts.active().unwrap();
    assert_eq!(cart.lines.len(), 1);
    // The merged quantity reaches the next tier.
    assert_eq!(cart.lines[0].unit_price(), Ok(dec!(21.60)));
    // A new snapshot is taken: a changed price counts from now on.
    let mut dearer = pens();
    dearer.price_tiers[1].unit_price = dec!(22.00);
    carts
        .add_to_active("c2", "Cart", &dearer, None, office(), None, 6)
        .unwrap();
    let line = &carts.active().unwrap().lines[0];
    assert_eq!(line.quantity, dec!(11));
    assert_eq!(line.unit_price(), Ok(dec!(22.00)));
}

#[test]
fn below_the_minimum_order_quantity_is_a_line_problem() {
    let mut item = pens();
    item.price_tiers[0].min_qty = dec!(5);
    let mut carts = Carts::new("u-buyer");
    let added = carts
        .add_to_active("c1", "Cart", &item, None, office(), None, 1)
        .unwrap();
    assert_eq!(added.quantity, dec!(5));
    let cart = carts.get_mut("c1").unwrap();
    assert_eq!(cart.lines[0].min_quantity(), Some(dec!(5)));
    cart.set_quantity(&added.line_id, dec!(3), 2).unwrap();
    assert_eq!(
        cart.lines[0].problem(),
        Some(LineProblem::BelowMinimum { min: dec!(5) })
    );
    assert!(cart.totals_by_currency().is_empty());
    assert_eq!(
        cart.requisition_lines(Lang::En),
        Err(CartError::Line {
            line: 1,
            problem: LineProblem::BelowMinimum { min: dec!(5) }
        })
    );
    cart.set_quantity(&added.line_id, dec!(0), 3).unwrap();
    assert_eq!(
        cart.lines[0].problem(),
        Some(LineProblem::QuantityNotPositive)
    );
    assert_eq!(
        cart.add_item(&item, None, office(), Some(dec!(0)), 4),
        Err(CartError::QuantityNotPositive)
    );
}

#[test]
fn free_text_lines_are_checked_and_kept_apart() {
    let mut carts = cart_with_pens(None);
    let cart = carts.get_mut("c1").unwrap();
    let id = cart
        .add_free_text(scanner(), dec!(2), " for the archive ", 2)
        .unwrap();
    assert_eq!(id, "L2");
    let line = cart.line(&id).unwrap();
    assert!(!line.is_catalog());
    assert_eq!(line.description(Lang::ZhCn), "Document scanner, A3");
    assert_eq!(line.currency(), "EUR");
    assert_eq!(line.note, "for the archive");
    assert_eq!(line.total(), Ok(dec!(2400)));
    assert_eq!(
        cart.totals_by_currency(),
        vec![("CNY".into(), dec!(24.00)), ("EUR".into(), dec!(2400))]
    );
    let bad = |f: fn(&mut FreeText)| {
        let mut item = scanner();
        f(&mut item);
        item
    };
    assert_eq!(
        cart.add_free_text(bad(|i| i.description = " ".into()), dec!(1), "", 3),
        Err(CartError::NoDescription)
    );
    assert_eq!(
        cart.add_free_text(bad(|i| i.unit_price = dec!(-1)), dec!(1), "", 3),
        Err(CartError::NegativePrice)
    );
    assert_eq!(
        cart.add_free_text(bad(|i| i.currency = "XYZ".into()), dec!(1), "", 3),
        Err(CartError::BadCurrency("XYZ".into()))
    );
    assert_eq!(
        cart.add_free_text(scanner(), dec!(0), "", 3),
        Err(CartError::QuantityNotPositive)
    );
    // Removing a line never reuses its id.
    cart.remove_line("L2", 4).unwrap();
    assert_eq!(cart.add_free_text(scanner(), dec!(1), "", 5).unwrap(), "L3");
}

#[test]
fn converts_to_requisition_lines() {
    let mut carts = cart_with_pens(Some(dec!(12)));
    let cart = carts.get_mut("c1").unwrap();
    cart.set_note("L1", "blue only", 2).unwrap();
    cart.add_free_text(scanner(), dec!(1), "", 3).unwrap();
    let lines = cart.requisition_lines(Lang::ZhCn).unwrap();
    assert_eq!(
        lines[0],
        RequisitionLine {
            item_id: Some("office/P-100".into()),
            description: "圆珠笔 蓝色 12支装".into(),
            supplier_id: "office".into(),
            supplier_name: "办公伙伴".into(),
            unspsc: "44121704".into(),
            quantity: dec!(12),
            unit: "BX".into(),
            unit_price: dec!(21.60),
            currency: "CNY".into(),
            tax_percent: None,
            note: "blue only".into(),
            contract: None,
        }
    );
    assert_eq!(lines[1].item_id, None);
    assert!(!lines[1].is_catalog());
    assert_eq!(lines[1].supplier_id, "");
    assert_eq!(lines[1].supplier_name, "ScanShop");
    assert_eq!(lines[1].unit_price, dec!(1200));
    assert_eq!(lines[1].currency, "EUR");
    // The lines are what the approval rules take.
    let policy = crate::approval::Policy {
        currency: "CNY".into(),
        rates: vec![crate::approval::policy::Rate {
            currency: "EUR".into(),
            rate: dec!(7.8),
        }],
        default_tax_percent: dec!(13),
        people: Vec::new(),
        cost_centres: Vec::new(),
        accounts: Vec::new(),
        rules: Vec::new(),
        budgets: Vec::new(),
        escalate_after_hours: 48,
        escalation_fallback: None,
        synonyms: Default::default(),
        supplier_standing: Default::default(),
        stock: Default::default(),
        invoicing: Default::default(),
    };
    let totals = crate::approval::requisition::totals(&lines, &policy).unwrap();
    assert_eq!(totals.net, dec!(259.20) + dec!(9360.00));
    assert_eq!(
        Carts::new("x")
            .get("c1")
            .map(|c| c.requisition_lines(Lang::En)),
        None
    );
    cart.lines.clear();
    assert_eq!(cart.requisition_lines(Lang::En), Err(CartError::Empty));
}

#[test]
fn several_named_carts() {
    let mut carts = Carts::new("u-buyer");
    carts.create("a", " Office move ", 1).unwrap();
    carts.create("b", "Lab", 2).unwrap();
    assert_eq!(carts.active().unwrap().id, "b");
    assert_eq!(carts.create("b", "Again", 3), Err(CartError::DuplicateId));
    assert_eq!(carts.create("c", "  ", 3), Err(CartError::EmptyName));
    assert_eq!(
        carts.create("c", &"x".repeat(81), 3),
        Err(CartError::NameTooLong)
    );
    carts.choose("a").unwrap();
    assert_eq!(carts.active().unwrap().name, "Office move");
    assert_eq!(carts.choose("zzz"), Err(CartError::NoSuchCart));
    carts.rename("a", "Office move 2026", 4).unwrap();
    assert_eq!(carts.get("a").unwrap().name, "Office move 2026");
    // Adding goes to the active cart.
    let added = carts
        .add_to_active("new", "Cart", &pens(), None, office(), None, 5)
        .unwrap();
    assert_eq!(added.cart_name, "Office move 2026");
    assert!(carts.get("b").unwrap().lines.is_empty());
    // Deleting the active cart makes the first remaining one active.
    carts.delete("a").unwrap();
    assert_eq!(carts.active().unwrap().id, "b");
    carts.delete("b").unwrap();
    assert!(carts.active().is_none());
    assert_eq!(carts.delete("b"), Err(CartError::NoSuchCart));
    // Stored as JSON and read back unchanged.
    let mut carts = cart_with_pens(Some(dec!(3)));
    carts
        .get_mut("c1")
        .unwrap()
        .add_free_text(scanner(), dec!(1), "n", 2)
        .unwrap();
    let json = serde_json::to_string(&carts).unwrap();
    assert!(json.contains(r#""kind":"free_text""#), "{json}");
    assert_eq!(serde_json::from_str::<Carts>(&json).unwrap(), carts);
}

#[test]
fn merging_a_backup_keeps_the_devices_carts_and_adds_the_others() {
    let mut device = Carts::new("u1");
    device.create("c1", "Device copy", 1).unwrap();
    let mut backup = Carts::new("u1");
    backup.create("c1", "Backup copy", 0).unwrap();
    backup.create("c2", "Only in the backup", 0).unwrap();
    assert_eq!(device.merge(backup), 1);
    let names: Vec<_> = device.carts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Device copy", "Only in the backup"]);
}

#[test]
fn a_cart_made_without_a_name_stays_unnamed_until_renamed() {
    let mut carts = Carts::new("u-buyer");
    let id = carts.active_or_create("c1", "", 1).unwrap();
    let cart = carts.get(&id).unwrap();
    assert!(cart.is_unnamed(), "no name in any language is stored");
    assert_eq!(carts.create("c2", "", 2).err(), Some(CartError::EmptyName));
    carts.rename("c1", "Office", 3).unwrap();
    assert!(!carts.get("c1").unwrap().is_unnamed());
    assert_eq!(carts.rename("c1", " ", 4), Err(CartError::EmptyName));
}

#[test]
fn an_item_on_request_makes_a_line_that_needs_a_quote() {
    let mut carts = Carts::new("u-buyer");
    let tools = LocalizedText::new("Tool House", "工具之家");
    let drill = drill_on_request();
    carts
        .add_to_active("c1", "Cart", &drill, None, tools.clone(), None, 1)
        .unwrap();
    let cart = carts.get_mut("c1").unwrap();
    let line = cart.lines[0].clone();
    assert!(line.needs_quote() && line.is_catalog());
    assert_eq!(line.quantity, dec!(1));
    // No price is ever taken as 0: until the buyer estimates it, the cart cannot be requested.
    assert_eq!(line.unit_price(), Err(LineProblem::NeedsEstimate));
    assert_eq!(cart.totals_by_currency(), vec![]);
    assert_eq!(
        cart.requisition_lines(Lang::En),
        Err(CartError::Line {
            line: 1,
            problem: LineProblem::NeedsEstimate
        })
    );
    assert_eq!(
        cart.set_estimate("L1", Some(dec!(-1)), 2),
        Err(CartError::NegativePrice)
    );
    cart.set_estimate("L1", Some(dec!(8800)), 2).unwrap();
    cart.set_quantity("L1", dec!(2), 3).unwrap();
    assert_eq!(cart.lines[0].total(), Ok(dec!(17600.00)));
    assert_eq!(
        cart.totals_by_currency(),
        vec![("CNY".into(), dec!(17600.00))]
    );
    // Adding it again keeps the estimate.
    cart.add_item(&drill, None, tools, None, 4).unwrap();
    assert_eq!(cart.lines[0].quantity, dec!(3));
    assert_eq!(cart.lines[0].unit_price(), Ok(dec!(8800)));
    // As a requisition line: non-catalog (no catalog price to verify) at the estimate, to the
    // item's supplier, naming its SKU.
    let lines = cart.requisition_lines(Lang::ZhCn).unwrap();
    assert!(!lines[0].is_catalog());
    assert_eq!(lines[0].description, "磁力钻 1800瓦 (D-900)");
    assert_eq!(lines[0].supplier_id, "tools");
    assert_eq!(lines[0].supplier_name, "工具之家");
    assert_eq!(lines[0].unit_price, dec!(8800));
    assert_eq!(lines[0].currency, "CNY");
    assert_eq!(lines[0].unit, "H87");
    assert_eq!(lines[0].unspsc, "27112703");
    assert_eq!(lines[0].contract, None);
}

#[test]
fn only_a_line_on_request_takes_an_estimate() {
    let mut carts = cart_with_pens(None);
    let cart = carts.get_mut("c1").unwrap();
    assert_eq!(
        cart.set_estimate("L1", Some(dec!(5)), 2),
        Err(CartError::NotOnRequest)
    );
    cart.add_free_text(scanner(), dec!(1), "", 3).unwrap();
    assert_eq!(
        cart.set_estimate("L2", Some(dec!(5)), 4),
        Err(CartError::NotOnRequest)
    );
    assert_eq!(cart.lines[0].unit_price(), Ok(dec!(24.00)));
}
