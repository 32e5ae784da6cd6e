//! What a submitted draft must satisfy before it gets a route: complete coding, sensible
//! lines, and (at the hub) catalog lines that carry the catalog's price.

use super::policy::Policy;
use super::requisition::{totals, RequisitionDraft, Totals};
use procura_ground::reason::Reason;
use procura_ground::reason::Refusal;
use rust_decimal::Decimal;

/// Most lines one requisition may have.
pub const MAX_LINES: usize = procura_ground::limits::MAX_LINES_PER_REQUISITION;

/// Checks a draft against the policy; returns its totals.
pub fn check_draft(d: &RequisitionDraft, policy: &Policy, now_ms: i64) -> Result<Totals, Refusal> {
    if d.id.as_str().trim().is_empty() || d.id.as_str().len() > 64 {
        return Err(Reason::RequisitionIdInvalid {}.into());
    }
    if d.lines.is_empty() {
        return Err(Reason::RequisitionNoLines {}.into());
    }
    if d.lines.len() > MAX_LINES {
        return Err(Reason::RequisitionTooManyLines { max: MAX_LINES }.into());
    }
    for (i, l) in d.lines.iter().enumerate() {
        let line = i as u32 + 1;
        if l.description.trim().is_empty() {
            return Err(Reason::LineDescriptionMissing { line }.into());
        }
        if l.quantity <= Decimal::ZERO {
            return Err(Reason::LineQuantityNotPositive { line }.into());
        }
        if l.unit_price < Decimal::ZERO {
            return Err(Reason::LinePriceNegative { line }.into());
        }
        super::requisition::check_line_bounds(l)
            .map_err(|e| Refusal::from(Reason::money(Some(line), &e)))?;
        if l.tax_percent
            .is_some_and(|t| t < Decimal::ZERO || t > Decimal::ONE_HUNDRED)
        {
            return Err(Reason::LineTaxInvalid { line }.into());
        }
        if l.is_catalog() && l.supplier_id.as_str().trim().is_empty() {
            return Err(Reason::LineSupplierMissing { line }.into());
        }
    }
    if !policy.cost_centres.iter().any(|c| c.code == d.cost_centre) {
        return Err(Reason::CostCentreUnknown {
            cost_centre: d.cost_centre.to_string(),
        }
        .into());
    }
    if !policy.accounts.iter().any(|a| a.code == d.account) {
        return Err(Reason::AccountUnknown {
            account: d.account.to_string(),
        }
        .into());
    }
    let Some(need_by) = d.need_by else {
        return Err(Reason::NeedByInvalid {}.into());
    };
    if need_by < procura_ground::date::day_of_ms(now_ms) {
        return Err(Reason::NeedByPast {}.into());
    }
    if d.delivery_address.trim().is_empty() {
        return Err(Reason::AddressMissing {}.into());
    }
    if d.justification.trim().is_empty() {
        return Err(Reason::JustificationMissing {}.into());
    }
    totals(&d.lines, policy).map_err(|e| Refusal::from(e.reason()))
}

/// Checks a draft's catalog lines against the organisation's catalog (`lookup` finds an item
/// by id), so a buyer cannot pick their own price to stay under a threshold: a line must name
/// the item's supplier and currency and carry its tier price at the line's quantity, and takes
/// the catalog's UNSPSC code (which the routing rules read). A line whose item the
/// organisation does not hold (a catalog the buyer imported on their device) cannot be
/// verified, so it is treated as a non-catalog line and gets the non-catalog review; so is a
/// line whose item's price is on request (it needs a quote, at the buyer's estimate).
pub fn verify_catalog_lines(
    draft: &RequisitionDraft,
    lookup: &dyn Fn(&str) -> Option<procura_catalog::catalog::CatalogItem>,
) -> Result<RequisitionDraft, Refusal> {
    for (i, line) in draft.lines.iter().enumerate() {
        super::requisition::check_line_bounds(line)
            .map_err(|e| Refusal::from(Reason::money(Some(i as u32 + 1), &e)))?;
    }
    let mut checked = draft.clone();
    for (i, line) in checked.lines.iter_mut().enumerate() {
        let Some(item_id) = line.item_id.clone() else {
            continue;
        };
        let n = i as u32 + 1;
        let Some(item) = lookup(item_id.as_str()) else {
            line.item_id = None;
            if !line.note.is_empty() {
                line.note.push(' ');
            }
            line.note.push_str(&format!(
                "(catalog item {item_id} is not in the organisation's catalog)"
            ));
            continue;
        };
        if item.price_on_request() {
            // No catalog price to hold the line to: it is a quote to ask for, at the estimate
            // the buyer gave, like a non-catalog line (still to the item's supplier).
            line.item_id = None;
            line.contract = None;
            if !line.note.is_empty() {
                line.note.push(' ');
            }
            line.note.push_str(&format!(
                "(catalog item {item_id} has its price on request: a quote is needed)"
            ));
            continue;
        }
        if item.supplier_id != line.supplier_id || item.currency != line.currency {
            return Err(Reason::CatalogSupplierMismatch {
                line: n,
                item: item_id.to_string(),
                supplier: item.supplier_id.to_string(),
                currency: item.currency.clone(),
            }
            .into());
        }
        match item.unit_price_at(line.quantity) {
            Some(price) if price == line.unit_price => {}
            Some(price) => {
                return Err(Reason::CatalogPriceMismatch {
                    line: n,
                    item: item_id.to_string(),
                    quantity: line.quantity.normalize(),
                    catalog_price: procura_ground::money::format(price, &item.currency),
                    price: procura_ground::money::format(line.unit_price, &line.currency),
                }
                .into())
            }
            None => {
                return Err(Reason::BelowMinimumOrder {
                    line: n,
                    item: item_id.to_string(),
                    quantity: line.quantity.normalize(),
                    minimum: item.min_order_qty().normalize(),
                }
                .into())
            }
        }
        line.unspsc = item.unspsc.clone();
    }
    Ok(checked)
}
