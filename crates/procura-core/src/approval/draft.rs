//! What a submitted draft must satisfy before it gets a route: complete coding, sensible
//! lines, and (at the hub) catalog lines that carry the catalog's price.

use super::policy::Policy;
use super::requisition::{totals, RequisitionDraft, Totals};
use super::time::Date;
use crate::sync::hub::Refusal;
use rust_decimal::Decimal;

/// Most lines one requisition may have.
pub const MAX_LINES: usize = crate::limits::MAX_LINES_PER_REQUISITION;

fn refuse(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal::new(code, message)
}

/// Checks a draft against the policy; returns its totals.
pub fn check_draft(d: &RequisitionDraft, policy: &Policy, now_ms: i64) -> Result<Totals, Refusal> {
    let invalid = |m: String| refuse("invalid", m);
    if d.id.trim().is_empty() || d.id.len() > 64 {
        return Err(invalid(
            "a requisition needs an id of 1 to 64 characters".into(),
        ));
    }
    if d.lines.is_empty() {
        return Err(invalid("a requisition needs at least one line".into()));
    }
    if d.lines.len() > MAX_LINES {
        return Err(invalid(format!(
            "a requisition has at most {MAX_LINES} lines"
        )));
    }
    for (i, l) in d.lines.iter().enumerate() {
        let n = i + 1;
        if l.description.trim().is_empty() {
            return Err(invalid(format!("line {n} needs a description")));
        }
        if l.quantity <= Decimal::ZERO {
            return Err(invalid(format!(
                "line {n}: the quantity must be above zero"
            )));
        }
        if l.unit_price < Decimal::ZERO {
            return Err(invalid(format!("line {n}: the price cannot be negative")));
        }
        super::requisition::check_line_bounds(l)
            .map_err(|e| refuse(e.code(), format!("line {n}: {e}")))?;
        if l.tax_percent
            .is_some_and(|t| t < Decimal::ZERO || t > Decimal::ONE_HUNDRED)
        {
            return Err(invalid(format!(
                "line {n}: the tax rate must be 0 to 100 %"
            )));
        }
        if l.is_catalog() && l.supplier_id.trim().is_empty() {
            return Err(invalid(format!(
                "line {n}: a catalog line names its supplier"
            )));
        }
    }
    if !policy.cost_centres.iter().any(|c| c.code == d.cost_centre) {
        return Err(invalid(format!(
            "there is no cost centre {:?}",
            d.cost_centre
        )));
    }
    if !policy.accounts.iter().any(|a| a.code == d.account) {
        return Err(invalid(format!("there is no account {:?}", d.account)));
    }
    let Some(need_by) = Date::parse(&d.need_by) else {
        return Err(invalid(
            "the need-by date must be a date (YYYY-MM-DD)".into(),
        ));
    };
    if need_by < Date::from_ms(now_ms) {
        return Err(invalid("the need-by date is in the past".into()));
    }
    if d.delivery_address.trim().is_empty() {
        return Err(invalid("a delivery address is needed".into()));
    }
    if d.justification.trim().is_empty() {
        return Err(invalid("a justification is needed".into()));
    }
    totals(&d.lines, policy).map_err(|e| refuse(e.code(), e.to_string()))
}

/// Checks a draft's catalog lines against the organisation's catalog (`lookup` finds an item
/// by id), so a buyer cannot pick their own price to stay under a threshold: a line must name
/// the item's supplier and currency and carry its tier price at the line's quantity, and takes
/// the catalog's UNSPSC code (which the routing rules read). A line whose item the
/// organisation does not hold (a catalog the buyer imported on their device) cannot be
/// verified, so it is treated as a non-catalog line and gets the non-catalog review.
pub fn verify_catalog_lines(
    draft: &RequisitionDraft,
    lookup: &dyn Fn(&str) -> Option<crate::catalog::CatalogItem>,
) -> Result<RequisitionDraft, Refusal> {
    for (i, line) in draft.lines.iter().enumerate() {
        super::requisition::check_line_bounds(line)
            .map_err(|e| refuse(e.code(), format!("line {}: {e}", i + 1)))?;
    }
    let mut checked = draft.clone();
    for (i, line) in checked.lines.iter_mut().enumerate() {
        let Some(item_id) = line.item_id.clone() else {
            continue;
        };
        let n = i + 1;
        let Some(item) = lookup(&item_id) else {
            line.item_id = None;
            if !line.note.is_empty() {
                line.note.push(' ');
            }
            line.note.push_str(&format!(
                "(catalog item {item_id} is not in the organisation's catalog)"
            ));
            continue;
        };
        if item.supplier_id != line.supplier_id || item.currency != line.currency {
            return Err(refuse(
                "price_mismatch",
                format!(
                    "line {n}: {item_id} is sold by {} in {}",
                    item.supplier_id, item.currency
                ),
            ));
        }
        match item.unit_price_at(line.quantity) {
            Some(price) if price == line.unit_price => {}
            Some(price) => {
                return Err(refuse(
                    "price_mismatch",
                    format!(
                        "line {n}: the catalog price of {item_id} at {} is {}, not {}",
                        line.quantity.normalize(),
                        crate::money::format(price, &item.currency),
                        crate::money::format(line.unit_price, &line.currency)
                    ),
                ))
            }
            None => {
                return Err(refuse(
                    "invalid",
                    format!(
                        "line {n}: {} is below the minimum order quantity {} of {item_id}",
                        line.quantity.normalize(),
                        item.min_order_qty().normalize()
                    ),
                ))
            }
        }
        line.unspsc = item.unspsc.clone();
    }
    Ok(checked)
}
