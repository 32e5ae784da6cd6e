//! Query evaluation: terms → scored matches → filters and facets → sorted page.
//!
//! Matching is term at a time over dense per-query arrays (`matched[i]`: how many terms item `i`
//! matched so far), so the cost is the length of the posting lists the terms touch, not the size
//! of the catalog: no item text is read except to confirm CJK runs of three or more chars.

use super::dict::{item_of, mask_of, MIN_TYPO_CHARS, SHORT_TYPO_CHARS};
use super::facets::Counter;
use super::index::{SearchIndex, BRAND, CODE, DESC, NAME};
use super::prices::ConvertedPrices;
use super::synonyms::Synonyms;
use super::term::{parse_exact, Term};
use super::tokenize::{compact_key, is_cjk};
use super::{Hit, Match, SearchContext, SearchQuery, SearchResults, SortOrder};
use crate::catalog::{CatalogItem, Lang};

/// Base score of a term by how it matched; the field weight is added to it.
const EXACT: f32 = 40.0;
const PREFIX: f32 = 20.0;
const TYPO: f32 = 0.0;
/// Bonus of an item whose GTIN, SKU or MPN is the query, or starts with it.
const CODE_EXACT: f32 = 10_000.0;
const CODE_PREFIX: f32 = 1_000.0;
/// Shortest compact query looked up as a code prefix.
const MIN_CODE_PREFIX_CHARS: usize = 4;
/// Terms beyond this many are ignored.
const MAX_TERMS: usize = 32;
/// In a partial match, each unit matched is worth this much more than any score the units can
/// add up to (at most 32 units of under 50 each), so the count ranks first.
const PARTIAL_STEP: f32 = 4096.0;

/// Weight of a field mask: the best field's, plus a quarter for each further field.
const fn field_weight(mask: u8) -> f32 {
    let best = if mask & NAME != 0 {
        8.0
    } else if mask & BRAND != 0 {
        4.0
    } else if mask & CODE != 0 {
        3.0
    } else if mask & DESC != 0 {
        1.0
    } else {
        0.0
    };
    let others = mask.count_ones().saturating_sub(1);
    best + 0.25 * others as f32
}

const WEIGHTS: [f32; 16] = {
    let mut table = [0.0; 16];
    let mut mask = 0;
    while mask < 16 {
        table[mask] = field_weight(mask as u8);
        mask += 1;
    }
    table
};

fn weight(mask: u8) -> f32 {
    WEIGHTS[usize::from(mask & 15)]
}

/// Replaces runs of query terms equal to a synonym (the longest at each position) by an
/// [`Term::Any`] of the group: the terms as typed first (prefix kept), then the group's others.
fn expand(terms: Vec<Term>, synonyms: &Synonyms) -> Vec<Term> {
    if synonyms.is_empty() {
        return terms;
    }
    let mut out = Vec::with_capacity(terms.len());
    let mut at = 0;
    while at < terms.len() {
        match synonyms.match_at(&terms[at..]) {
            Some((n, group)) => {
                let typed = terms[at..at + n].to_vec();
                let mut alternatives = vec![typed.clone()];
                alternatives.extend(
                    group
                        .iter()
                        .filter(|alt| {
                            alt.len() != typed.len()
                                || !alt.iter().zip(&typed).all(|(a, b)| a.same_text(b))
                        })
                        .cloned(),
                );
                out.push(Term::Any(alternatives));
                at += n;
            }
            None => {
                out.push(terms[at].clone());
                at += 1;
            }
        }
    }
    out
}

/// What a partial match counts: each word, each single CJK char, each bigram of a longer CJK
/// run (distinct ones), and each synonym group as one unit.
fn units(terms: &[Term]) -> Vec<Term> {
    let mut out: Vec<Term> = Vec::new();
    for term in terms {
        match term {
            Term::Cjk(run) if run.len() > 2 => {
                for pair in run.windows(2) {
                    let unit = Term::Cjk(pair.to_vec());
                    if !out.contains(&unit) {
                        out.push(unit);
                    }
                }
            }
            _ if out.contains(term) => {}
            _ => out.push(term.clone()),
        }
    }
    out
}

/// Fewest units a partial match needs: half of them, rounded up, and at least one.
pub(crate) fn partial_minimum(units: usize) -> usize {
    units.div_ceil(2).max(1)
}

fn parse(text: &str) -> Vec<Term> {
    let mut terms = parse_exact(text);
    terms.truncate(MAX_TERMS);
    let finished = text.ends_with(char::is_whitespace);
    if let Some(Term::Word { text, prefix }) = terms.last_mut() {
        *prefix = !finished && text.chars().count() >= 2;
    }
    terms
}

/// Per-query accumulator: which items matched every term so far, and their scores.
struct Acc {
    /// How many terms the item matched (it is alive while this equals the current term).
    matched: Vec<u8>,
    total: Vec<f32>,
    /// The item's best score for the current term.
    best: Vec<f32>,
    /// Items matching the first term, in order of discovery.
    first: Vec<u32>,
    term: u8,
    /// Items that matched the current term.
    hits: usize,
}

impl Acc {
    fn new(n: usize) -> Self {
        Self {
            matched: vec![0; n],
            total: vec![0.0; n],
            best: vec![0.0; n],
            first: Vec::new(),
            term: 0,
            hits: 0,
        }
    }

    fn alive(&self, item: u32) -> bool {
        let m = self.matched[item as usize];
        m == self.term || m == self.term + 1
    }

    #[inline]
    fn visit(&mut self, item: u32, score: f32) {
        let i = item as usize;
        let m = self.matched[i];
        if m == self.term {
            self.matched[i] = m + 1;
            self.total[i] += score;
            self.best[i] = score;
            self.hits += 1;
            if self.term == 0 {
                self.first.push(item);
            }
        } else if m == self.term + 1 && score > self.best[i] {
            self.total[i] += score - self.best[i];
            self.best[i] = score;
        }
    }
}

/// Whether `haystack` contains `needle`: a plain scan, cheaper than `str::contains`' searcher
/// setup on the short texts of a catalog item.
fn contains(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    h.len() >= n.len()
        && h[..=h.len() - n.len()]
            .iter()
            .enumerate()
            .any(|(i, &b)| b == first && h[i + 1..i + n.len()] == *rest)
}

/// The best-weighted field of `mask` in which `item` contains `run` verbatim, or 0. Stops at
/// the first: the other fields would only add a small bonus, not worth reading their text.
/// Attribute values are indexed with the description.
fn field_containing(item: &CatalogItem, run: &str, mask: u8) -> u8 {
    let found = field_containing_text(item, run, mask);
    if found == 0 && mask & DESC != 0 {
        let values = item
            .attributes
            .iter()
            .flat_map(|a| a.values.iter().chain(&a.values_zh));
        if values.into_iter().any(|v| contains(v, run)) {
            return DESC;
        }
    }
    found
}

fn field_containing_text(item: &CatalogItem, run: &str, mask: u8) -> u8 {
    let gtin = item.gtin.as_deref().unwrap_or("");
    let fields: [(u8, [&str; 3]); 4] = [
        (NAME, [&item.name.zh, &item.name.en, ""]),
        (BRAND, [&item.manufacturer, "", ""]),
        (CODE, [&item.sku, &item.mpn, gtin]),
        (DESC, [&item.description.zh, &item.description.en, ""]),
    ];
    fields
        .into_iter()
        .find(|(bit, texts)| mask & bit != 0 && texts.iter().any(|t| contains(t, run)))
        .map_or(0, |(bit, _)| bit)
}

/// How many of `entries` are filed directly under each group, by group id.
fn group_counts(items: &[CatalogItem], entries: &[(u32, f32)]) -> Vec<(String, usize)> {
    let mut ids: Vec<&str> = entries
        .iter()
        .flat_map(|&(i, _)| items[i as usize].groups.iter().map(String::as_str))
        .collect();
    ids.sort_unstable();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for id in ids {
        match counts.last_mut() {
            Some((last, n)) if last == id => *n += 1,
            _ => counts.push((id.to_owned(), 1)),
        }
    }
    counts
}

impl SearchIndex {
    /// Runs `query` against `items`, which must be the slice the index was built from, with no
    /// synonyms and prices in each item's own currency.
    pub fn search(&self, items: &[CatalogItem], query: &SearchQuery) -> SearchResults {
        self.search_with(items, query, &SearchContext::default())
    }

    /// Runs `query` with the organisation's synonyms and exchange rates (see [`SearchContext`]).
    pub fn search_with(
        &self,
        items: &[CatalogItem],
        query: &SearchQuery,
        context: &SearchContext<'_>,
    ) -> SearchResults {
        debug_assert_eq!(items.len(), self.len(), "index built from other items");
        let mut terms = parse(&query.text);
        if let Some(synonyms) = context.synonyms {
            terms = expand(terms, synonyms);
        }
        // Prices converted for another slice would misplace every item: use raw prices then.
        let prices = context.prices.filter(|p| p.len() == items.len());
        debug_assert_eq!(
            prices.is_some(),
            context.prices.is_some(),
            "prices of other items"
        );
        let mut counter = Counter::new(self, items, &query.filters, prices, query.lang);
        let in_place = |i: u32| {
            query.filters.group.as_ref().is_none_or(|place| {
                let item = &items[i as usize];
                item.supplier_id == place.supplier_id
                    && item.groups.iter().any(|g| place.groups.contains(g))
            })
        };
        let mut entries: Vec<(u32, f32)> = Vec::new();
        let mut matched = Match::All;
        if terms.is_empty() {
            entries.extend(
                (0..self.len)
                    .filter(|&i| in_place(i) && counter.add(i as usize))
                    .map(|i| (i, 0.0)),
            );
        } else {
            let mut matches = self.match_text(items, &terms, &compact_key(&query.text));
            if matches.is_empty() {
                let (partial, how) = self.match_partial(items, &terms);
                matches = partial;
                matched = how;
            }
            entries.extend(
                matches
                    .into_iter()
                    .filter(|&(i, _)| in_place(i) && counter.add(i as usize)),
            );
        }
        let mut facets = counter.facets(&query.filters);
        if query.filters.suppliers.len() == 1 {
            facets.groups = group_counts(items, &entries);
        }
        SearchResults {
            total: entries.len(),
            hits: self.page(entries, query, prices),
            facets,
            matched,
        }
    }

    /// When no item matches every term: the items matching at least
    /// [`partial_minimum`] of the query's [`units`], scored `matched × PARTIAL_STEP + score`.
    fn match_partial(&self, items: &[CatalogItem], terms: &[Term]) -> (Vec<(u32, f32)>, Match) {
        let units = units(terms);
        let none = (Vec::new(), Match::All);
        if units.len() < 2 {
            return none;
        }
        let mut count = vec![0u8; self.len()];
        let mut total = vec![0f32; self.len()];
        let mut touched = Vec::new();
        for unit in &units {
            for (i, score) in self.match_all(items, std::slice::from_ref(unit)) {
                let c = &mut count[i as usize];
                if *c == 0 {
                    touched.push(i);
                }
                *c += 1;
                total[i as usize] += score;
            }
        }
        let need = partial_minimum(units.len());
        let best = touched
            .iter()
            .map(|&i| usize::from(count[i as usize]))
            .max();
        let Some(best) = best.filter(|&b| b >= need) else {
            return none;
        };
        let out = touched
            .into_iter()
            .filter(|&i| usize::from(count[i as usize]) >= need)
            .map(|i| {
                let i_ = i as usize;
                (i, f32::from(count[i_]) * PARTIAL_STEP + total[i_])
            })
            .collect();
        (
            out,
            Match::Partial {
                matched: best,
                least: need,
                of: units.len(),
            },
        )
    }

    /// Estimated postings a term touches, to evaluate the cheapest term first.
    fn cost(&self, term: &Term) -> usize {
        match term {
            Term::Word { text, prefix } => {
                let range = if *prefix {
                    self.words.prefix_range(text)
                } else {
                    self.words.find(text).map_or(0..0, |t| t..t + 1)
                };
                self.words.postings_in(range)
            }
            // Evaluated last: confirming runs reads item text, best done on few survivors.
            Term::Cjk(_) => usize::MAX,
            Term::Any(alternatives) => alternatives
                .iter()
                .flatten()
                .map(|t| self.cost(t))
                .fold(0, usize::saturating_add),
        }
    }

    /// Items matching every term (or whose code matches the query), with their scores.
    fn match_text(&self, items: &[CatalogItem], terms: &[Term], key: &str) -> Vec<(u32, f32)> {
        let acc = self.accumulate(items, terms);
        let all = terms.len() as u8;
        let mut extra = Vec::new();
        let mut acc = acc;
        for (item, bonus) in self.code_hits(key) {
            if acc.matched[item as usize] == all {
                acc.total[item as usize] += bonus;
            } else {
                extra.push((item, bonus));
            }
        }
        let mut out = Self::collect(&acc, all);
        out.append(&mut extra);
        out
    }

    /// Items matching every term, with their scores.
    fn match_all(&self, items: &[CatalogItem], terms: &[Term]) -> Vec<(u32, f32)> {
        Self::collect(&self.accumulate(items, terms), terms.len() as u8)
    }

    fn collect(acc: &Acc, all: u8) -> Vec<(u32, f32)> {
        acc.first
            .iter()
            .filter(|&&i| acc.matched[i as usize] == all)
            .map(|&i| (i, acc.total[i as usize]))
            .collect()
    }

    /// Evaluates `terms` term at a time, cheapest first, until one matches nothing.
    fn accumulate(&self, items: &[CatalogItem], terms: &[Term]) -> Acc {
        let mut order: Vec<(usize, &Term)> = terms.iter().map(|t| (self.cost(t), t)).collect();
        order.sort_by_key(|&(cost, _)| cost);
        let mut acc = Acc::new(self.len());
        for (ti, (_, term)) in order.into_iter().enumerate() {
            acc.term = ti as u8;
            acc.hits = 0;
            match term {
                Term::Word { text, prefix } => self.match_word(&mut acc, text, *prefix),
                Term::Cjk(run) => self.match_cjk(items, &mut acc, run),
                Term::Any(alternatives) => {
                    for alternative in alternatives {
                        for (item, score) in self.match_all(items, alternative) {
                            acc.visit(item, score);
                        }
                    }
                }
            }
            if acc.hits == 0 {
                break;
            }
        }
        acc
    }

    fn match_word(&self, acc: &mut Acc, text: &str, prefix: bool) {
        let words = &self.words;
        let visit_term = |acc: &mut Acc, t: usize, base: f32| {
            for &p in words.postings(t) {
                acc.visit(item_of(p), base + weight(mask_of(p)));
            }
        };
        let exact = words.find(text);
        let mut found = exact.is_some();
        if let Some(t) = exact {
            visit_term(acc, t, EXACT);
        }
        if prefix {
            for t in words.prefix_range(text).filter(|&t| Some(t) != exact) {
                found = true;
                visit_term(acc, t, PREFIX);
            }
        }
        let chars = text.chars().count();
        // Short words take a typo only when the dictionary has nothing for them as typed.
        let typo_length = chars >= MIN_TYPO_CHARS || (chars == SHORT_TYPO_CHARS && !found);
        if typo_length && text.chars().all(|c| c.is_alphabetic() && !is_cjk(c)) {
            for t in self.typos.within_one_edit(words, text) {
                visit_term(acc, t, TYPO);
            }
        }
    }

    fn match_cjk(&self, items: &[CatalogItem], acc: &mut Acc, run: &[char]) {
        let words = &self.words;
        if let [c] = run {
            if let Some(t) = words.find(c.encode_utf8(&mut [0; 4])) {
                for &p in words.postings(t) {
                    acc.visit(item_of(p), EXACT + weight(mask_of(p)));
                }
            }
            return;
        }
        let mut lists = Vec::with_capacity(run.len() - 1);
        let mut gram = String::new();
        for pair in run.windows(2) {
            gram.clear();
            gram.extend(pair);
            match words.find(&gram) {
                Some(t) => lists.push(words.postings(t)),
                None => return,
            }
        }
        lists.sort_by_key(|l| l.len());
        lists.dedup_by(|a, b| a.as_ptr() == b.as_ptr());
        let (first, rest) = lists.split_first().expect("two chars make a bigram");
        let mut cursors = vec![0; rest.len()];
        let text: String = run.iter().collect();
        'candidates: for &p in *first {
            let item = item_of(p);
            if !acc.alive(item) {
                continue;
            }
            // A run lies within one field, so it needs all its bigrams in that field.
            let mut mask = mask_of(p);
            for (list, cursor) in rest.iter().zip(&mut cursors) {
                *cursor += list[*cursor..].partition_point(|&q| item_of(q) < item);
                match list.get(*cursor) {
                    Some(&q) if item_of(q) == item => mask &= mask_of(q),
                    _ => continue 'candidates,
                }
            }
            if run.len() > 2 {
                mask = items
                    .get(item as usize)
                    .map_or(0, |it| field_containing(it, &text, mask));
            }
            if mask != 0 {
                acc.visit(item, EXACT + weight(mask));
            }
        }
    }

    /// Items whose GTIN, SKU or MPN equals `key` or (4+ chars) starts with it, once each.
    fn code_hits(&self, key: &str) -> Vec<(u32, f32)> {
        let codes = &self.codes;
        let mut hits = Vec::new();
        if key.is_empty() {
            return hits;
        }
        let exact = codes.find(key);
        if let Some(t) = exact {
            hits.extend(codes.postings(t).iter().map(|&p| (item_of(p), CODE_EXACT)));
        }
        if key.chars().count() >= MIN_CODE_PREFIX_CHARS {
            for t in codes.prefix_range(key).filter(|&t| Some(t) != exact) {
                hits.extend(codes.postings(t).iter().map(|&p| (item_of(p), CODE_PREFIX)));
            }
        }
        // Best bonus first per item, then keep one.
        hits.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        hits.dedup_by_key(|h| h.0);
        hits
    }

    /// The requested page of `entries`, sorted; selects before sorting, so only the first
    /// `offset + limit` entries are ever sorted. With `prices`, prices sort in the buyer's
    /// currency by their precomputed ranks (see [`ConvertedPrices`]).
    fn page(
        &self,
        mut entries: Vec<(u32, f32)>,
        query: &SearchQuery,
        prices: Option<&ConvertedPrices>,
    ) -> Vec<Hit> {
        let end = query.offset.saturating_add(query.limit).min(entries.len());
        if query.offset >= end {
            return Vec::new();
        }
        let names = &self.name_rank[usize::from(query.lang == Lang::ZhCn)];
        let price_rank = |descending: bool| match prices {
            Some(p) => p.rank(descending),
            None => &self.price_rank[usize::from(descending)],
        };
        let (ascending, descending) = (price_rank(false), price_rank(true));
        let key = |&(i, score): &(u32, f32)| -> u64 {
            let i = i as usize;
            match query.sort {
                // Scores are never negative, so their bits order like them.
                SortOrder::Relevance => u64::from(!score.to_bits()) << 32 | u64::from(names[i]),
                SortOrder::UnitPriceAscending => u64::from(ascending[i]),
                SortOrder::UnitPriceDescending => u64::from(descending[i]),
            }
        };
        if end < entries.len() {
            entries.select_nth_unstable_by_key(end, key);
            entries.truncate(end);
        }
        entries.sort_unstable_by_key(key);
        entries[query.offset..]
            .iter()
            .map(|&(item, score)| Hit {
                item: item as usize,
                score,
                no_rate: prices.is_some_and(|p| p.no_rate(item as usize)),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_word_is_a_prefix_when_long_enough() {
        let words = |text: &str| -> Vec<(String, bool)> {
            parse(text)
                .into_iter()
                .filter_map(|t| match t {
                    Term::Word { text, prefix } => Some((text, prefix)),
                    Term::Cjk(_) | Term::Any(_) => None,
                })
                .collect()
        };
        assert_eq!(
            words("Stap PEN"),
            [("stap".to_owned(), false), ("pen".to_owned(), true)]
        );
        assert_eq!(
            words("pen b"),
            [("pen".to_owned(), false), ("b".to_owned(), false)]
        );
        assert_eq!(parse("A4 复印纸").len(), 2);
    }

    #[test]
    fn plain_contains() {
        assert!(contains("A4 复印纸 80g", "复印纸"));
        assert!(contains("复印纸", "复印纸"));
        assert!(!contains("复印", "复印纸"));
        assert!(!contains("打印机 印纸袋", "打印纸"));
        assert!(contains("abc", ""));
    }

    #[test]
    fn field_weights_rank_name_brand_code_description() {
        assert!(weight(NAME) > weight(BRAND));
        assert!(weight(BRAND) > weight(CODE));
        assert!(weight(CODE) > weight(DESC));
        assert_eq!(weight(NAME | DESC), 8.25);
        // Match kinds dominate fields.
        assert!(EXACT + weight(DESC) > PREFIX + weight(NAME | BRAND | CODE));
        assert!(PREFIX + weight(DESC) > TYPO + weight(NAME | BRAND | CODE));
    }
}
