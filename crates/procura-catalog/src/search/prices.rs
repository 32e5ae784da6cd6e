//! Every item's price in the buyer's currency, worked out once per catalog and rate table, so
//! a search sorts and bands by plain integers instead of converting on every comparison.

use super::index::{ranks, NO_BAND};
use super::PriceBand;
use crate::catalog::CatalogItem;
use procura_ground::currency::Rates;
use rust_decimal::Decimal;

/// `flags`: the price band in the low three bits (`NO_BAND`: no price or no rate), and this
/// bit when the item has a price in a currency the rates do not convert.
const NO_RATE: u8 = 0x80;

/// The list prices of a catalog slice converted with one rate table: each item's price band in
/// the buyer's currency and its rank by price per content unit (both directions). Build it
/// when the catalog or the rates change ([`ConvertedPrices::new`]) and hand it to every search
/// in [`super::SearchContext::prices`].
///
/// Ordering: converted prices (exact, unrounded), then prices without a rate (by currency, then
/// amount), then items without a price; ties by item id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertedPrices {
    rates: Rates,
    flags: Vec<u8>,
    /// `rank[0][i]`: item `i`'s position cheapest first; `rank[1][i]`: dearest first.
    rank: [Vec<u32>; 2],
}

/// Sort key of an item by price per content unit in the buyer's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key<'a> {
    Converted(Decimal),
    NoRate(&'a str, Decimal),
    NoPrice,
}

impl ConvertedPrices {
    /// Converts the list price of every item in `items` (the slice the search index was built
    /// from) with `rates`. Costs one multiplication per item and two sorts.
    pub fn new(items: &[CatalogItem], rates: &Rates) -> Self {
        // A catalog has few currencies: look each rate up once.
        let mut seen: Vec<(&str, Option<Decimal>)> = Vec::new();
        let mut flags = Vec::with_capacity(items.len());
        let mut keys: [Vec<Key<'_>>; 2] = [
            Vec::with_capacity(items.len()),
            Vec::with_capacity(items.len()),
        ];
        for item in items {
            let code = item.currency.as_str();
            let rate = match seen.iter().find(|(c, _)| *c == code) {
                Some(&(_, rate)) => rate,
                None => {
                    let rate = rates.rate(code);
                    seen.push((code, rate));
                    rate
                }
            };
            let list = item.list_price();
            let band = match (list, rate) {
                (Some(p), Some(r)) => p.checked_mul(r).map_or(NO_BAND, |c| PriceBand::of(c) as u8),
                _ => NO_BAND,
            };
            let no_rate = list.is_some() && rate.is_none();
            flags.push(band | if no_rate { NO_RATE } else { 0 });
            let per_content = list.and_then(|p| {
                if item.content_per_order_unit == Decimal::ONE {
                    Some(p)
                } else {
                    p.checked_div(item.content_per_order_unit)
                }
            });
            for (descending, out) in keys.iter_mut().enumerate() {
                let sign = |p: Decimal| if descending == 1 { -p } else { p };
                out.push(match (per_content, rate) {
                    (None, _) => Key::NoPrice,
                    (Some(p), Some(r)) => p
                        .checked_mul(r)
                        .map_or(Key::NoPrice, |c| Key::Converted(sign(c))),
                    (Some(p), None) => Key::NoRate(&item.currency, sign(p)),
                });
            }
        }
        let [ascending, descending] = keys;
        Self {
            rates: rates.clone(),
            flags,
            rank: [
                ranks(items, ascending.into_iter()),
                ranks(items, descending.into_iter()),
            ],
        }
    }

    /// The rate table the prices were converted with.
    pub fn rates(&self) -> &Rates {
        &self.rates
    }

    /// How many items were converted.
    pub fn len(&self) -> usize {
        self.flags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.flags.is_empty()
    }

    /// Whether item `i` has a price in a currency the rates do not convert.
    pub fn no_rate(&self, i: usize) -> bool {
        self.flags.get(i).is_some_and(|f| f & NO_RATE != 0)
    }

    /// Item `i`'s price band in the buyer's currency (`NO_BAND` without a price or a rate).
    pub(crate) fn band(&self, i: usize) -> u8 {
        self.flags[i] & !NO_RATE
    }

    pub(crate) fn rank(&self, descending: bool) -> &[u32] {
        &self.rank[usize::from(descending)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::samples::pens;
    use rust_decimal_macros::dec;

    fn priced(id: &str, currency: &str, price: Option<Decimal>) -> CatalogItem {
        let mut item = pens();
        item.id = id.into();
        item.currency = currency.into();
        item.content_per_order_unit = Decimal::ONE;
        item.price_tiers.truncate(1);
        match price {
            Some(p) => item.price_tiers[0].unit_price = p,
            None => item.price_tiers.clear(),
        }
        item
    }

    #[test]
    fn bands_are_exact_at_their_bounds_and_ranks_put_no_rate_then_no_price_last() {
        let mut rates = Rates::new("CNY").unwrap();
        rates.set("EUR", dec!(7.8)).unwrap();
        let items = [
            priced("a", "EUR", Some(dec!(1.282051))), // 9.9999978 CNY
            priced("b", "EUR", Some(dec!(1.282052))), // 10.0000056 CNY
            priced("c", "USD", Some(dec!(1))),        // no rate
            priced("d", "CNY", None),                 // no price
            priced("e", "CNY", Some(dec!(10))),
        ];
        let p = ConvertedPrices::new(&items, &rates);
        let bands: Vec<u8> = (0..items.len()).map(|i| p.band(i)).collect();
        let (under10, from10) = (PriceBand::Under10 as u8, PriceBand::From10To50 as u8);
        assert_eq!(bands, [under10, from10, NO_BAND, NO_BAND, from10]);
        assert_eq!(
            (0..items.len()).map(|i| p.no_rate(i)).collect::<Vec<_>>(),
            [false, false, true, false, false]
        );
        let order = |descending| {
            let mut ids: Vec<usize> = (0..items.len()).collect();
            ids.sort_by_key(|&i| p.rank(descending)[i]);
            ids.into_iter()
                .map(|i| items[i].id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(order(false), ["a", "e", "b", "c", "d"]);
        assert_eq!(order(true), ["b", "e", "a", "c", "d"]);
    }
}
