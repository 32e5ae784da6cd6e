//! CSV catalogs, as suppliers export them from spreadsheets and ERP systems.
//!
//! The flow: the shell guesses the encoding ([`super::encoding::detect_encoding`]) and decodes
//! the bytes; [`sniff`] finds the delimiter and header row and shows the first rows; the buyer
//! checks the [`ColumnMapping`] that [`CsvPreview::suggest_mapping`] proposes (or the one saved for
//! the supplier); [`parse`] reads every row with it.
//!
//! Every problem is reported with its line (the line a record starts on: a quoted value may span
//! lines) and its column's header. Each row is checked by the rules of `import/record.rs`, the
//! same as JSON files; in addition a row with fewer cells than the header, or with more that are
//! not empty, is an error (a delimiter inside an unquoted value shifts every column after it).

mod headers;
mod mapping;
mod sniff;

pub use super::record::DecimalSeparator;
pub use headers::suggest_mapping;
pub use mapping::{ColumnMapping, TierColumns};
pub use sniff::{column_name, sniff, CsvPreview, PreviewRow, PREVIEW_ROWS};

use super::encoding::strip_bom;
use super::issues::{file_error, Issues};
use super::record::{self, Context, Draft, DraftTier, Field};
use super::{ImportFailure, ImportLimits, ImportedCatalog, IssueKind, Location, RecordName};

/// A mapped column: its position and its header (the path of issues about it).
#[derive(Debug, Clone)]
struct Column {
    index: usize,
    name: String,
}

/// Every mapped column, resolved against the file's header row.
#[derive(Debug, Default)]
struct Columns {
    sku: Option<Column>,
    name_en: Option<Column>,
    name_zh: Option<Column>,
    description_en: Option<Column>,
    description_zh: Option<Column>,
    manufacturer: Option<Column>,
    mpn: Option<Column>,
    gtin: Option<Column>,
    unspsc: Option<Column>,
    category_path: Option<Column>,
    image_url: Option<Column>,
    order_unit: Option<Column>,
    content_unit: Option<Column>,
    content_per_order_unit: Option<Column>,
    currency: Option<Column>,
    price: Option<Column>,
    tier_columns: Vec<(Column, Column)>,
    attributes: Vec<Column>,
    tiers: Option<Column>,
    min_qty: Option<Column>,
    lead_time_days: Option<Column>,
    stock: Option<Column>,
}

fn mapping_error(issues: &mut Issues, field: &str, kind: IssueKind) {
    let at = Location {
        line: None,
        path: format!("mapping: {field}"),
    };
    issues.error(&at, None, kind);
}

/// Finds a mapped column among the headers: exactly, else ignoring case. Without a header row
/// a column is named by its number (`Column 3`).
fn resolve(
    name: &Option<String>,
    headers: Option<&[String]>,
    header_line: u64,
    issues: &mut Issues,
) -> Option<Column> {
    let name = name.as_ref()?.trim();
    let at = Location {
        line: Some(header_line),
        path: name.to_owned(),
    };
    let Some(headers) = headers else {
        let number = name
            .strip_prefix("Column ")
            .and_then(|n| n.parse::<usize>().ok());
        return match number.filter(|n| *n >= 1) {
            Some(n) => Some(Column {
                index: n - 1,
                name: name.to_owned(),
            }),
            None => {
                let column = name.to_owned();
                issues.error(&at, None, IssueKind::CsvColumnWithoutHeader { column });
                None
            }
        };
    };
    let exact: Vec<usize> = (0..headers.len()).filter(|&i| headers[i] == name).collect();
    let matches = if exact.is_empty() {
        let lower = name.to_lowercase();
        (0..headers.len())
            .filter(|&i| headers[i].to_lowercase() == lower)
            .collect()
    } else {
        exact
    };
    match matches.as_slice() {
        [] => {
            let (column, columns) = (name.to_owned(), headers.to_vec());
            issues.error(&at, None, IssueKind::CsvColumnMissing { column, columns });
            None
        }
        [index, rest @ ..] => {
            if !rest.is_empty() {
                let (column, count) = (name.to_owned(), rest.len() as u64 + 1);
                issues.warn(&at, None, IssueKind::CsvColumnTwice { column, count });
            }
            Some(Column {
                index: *index,
                name: headers[*index].clone(),
            })
        }
    }
}

impl Columns {
    fn resolve(
        mapping: &ColumnMapping,
        headers: Option<&[String]>,
        header_line: u64,
        issues: &mut Issues,
    ) -> Self {
        let mut one = |name: &Option<String>| resolve(name, headers, header_line, issues);
        let mut columns = Columns {
            sku: one(&mapping.sku),
            name_en: one(&mapping.name_en),
            name_zh: one(&mapping.name_zh),
            description_en: one(&mapping.description_en),
            description_zh: one(&mapping.description_zh),
            manufacturer: one(&mapping.manufacturer),
            mpn: one(&mapping.mpn),
            gtin: one(&mapping.gtin),
            unspsc: one(&mapping.unspsc),
            category_path: one(&mapping.category_path),
            image_url: one(&mapping.image_url),
            order_unit: one(&mapping.order_unit),
            content_unit: one(&mapping.content_unit),
            content_per_order_unit: one(&mapping.content_per_order_unit),
            currency: one(&mapping.currency),
            price: one(&mapping.price),
            tiers: one(&mapping.tiers),
            min_qty: one(&mapping.min_qty),
            lead_time_days: one(&mapping.lead_time_days),
            stock: one(&mapping.stock),
            tier_columns: Vec::new(),
            attributes: Vec::new(),
        };
        for name in &mapping.attributes {
            columns.attributes.extend(one(&Some(name.clone())));
        }
        for pair in &mapping.tier_columns {
            let qty = one(&Some(pair.min_qty.clone()));
            let price = one(&Some(pair.price.clone()));
            if let (Some(qty), Some(price)) = (qty, price) {
                columns.tier_columns.push((qty, price));
            }
        }
        columns
    }

    /// The highest column index read, to check short rows against.
    fn widest(&self) -> Option<&Column> {
        [
            &self.sku,
            &self.name_en,
            &self.name_zh,
            &self.description_en,
            &self.description_zh,
            &self.manufacturer,
            &self.mpn,
            &self.gtin,
            &self.unspsc,
            &self.category_path,
            &self.image_url,
            &self.order_unit,
            &self.content_unit,
            &self.content_per_order_unit,
            &self.currency,
            &self.price,
            &self.tiers,
            &self.min_qty,
            &self.lead_time_days,
            &self.stock,
        ]
        .into_iter()
        .flatten()
        .chain(self.tier_columns.iter().flat_map(|(q, p)| [q, p]))
        .chain(&self.attributes)
        .max_by_key(|c| c.index)
    }
}

/// Checks what the mapping itself must say; returns the currency for rows that name none.
fn check_mapping<'m>(mapping: &'m ColumnMapping, issues: &mut Issues) -> Option<&'m str> {
    if mapping.sku.is_none() {
        mapping_error(issues, "sku", IssueKind::CsvMappingNoSku);
    }
    let priced =
        mapping.price.is_some() || mapping.tiers.is_some() || !mapping.tier_columns.is_empty();
    if !priced {
        mapping_error(issues, "price", IssueKind::CsvMappingNoPrice);
    }
    if let Some(d) = mapping.delimiter.filter(|d| !sniff::ALLOWED.contains(d)) {
        let kind = IssueKind::CsvMappingBadDelimiter { delimiter: d };
        mapping_error(issues, "delimiter", kind);
    }
    match mapping.fixed_currency.as_deref().map(str::trim) {
        Some(code) => {
            let at = Location {
                line: None,
                path: "mapping: fixed_currency".into(),
            };
            issues.currency(code, &at, None).then_some(code)
        }
        None => {
            if mapping.currency.is_none() {
                mapping_error(issues, "currency", IssueKind::CsvMappingNoCurrency);
            }
            None
        }
    }
}

/// Parses a CSV file (already decoded to text) into a catalog for `supplier_id`, reading it as
/// `mapping` says, or returns every error found.
pub fn parse(
    text: &str,
    supplier_id: &str,
    mapping: &ColumnMapping,
    limits: &ImportLimits,
) -> Result<ImportedCatalog, ImportFailure> {
    if text.len() > limits.max_bytes {
        let (bytes, max) = (text.len() as u64, limits.max_bytes as u64);
        return Err(file_error(None, IssueKind::FileTooLarge { bytes, max }));
    }
    let text = strip_bom(text);
    let mut issues = Issues::default();
    let default_currency = check_mapping(mapping, &mut issues);
    let delimiter = mapping
        .delimiter
        .filter(|d| sniff::ALLOWED.contains(d))
        .unwrap_or_else(|| sniff::detect_delimiter(text));
    let mut records = sniff::Records::new(text, delimiter);
    let mut next = || -> Result<Option<(u64, csv::StringRecord)>, ImportFailure> {
        for record in records.by_ref() {
            let (line, record) = record.map_err(|e| {
                let detail = e.to_string();
                file_error(Some(1), IssueKind::CsvUnreadable { detail })
            })?;
            if !sniff::is_blank(&record) {
                return Ok(Some((line, record)));
            }
        }
        Ok(None)
    };
    let (headers, header_line) = if mapping.has_header {
        match next()? {
            Some((line, first)) => {
                let headers: Vec<String> = first
                    .iter()
                    .enumerate()
                    .map(|(i, h)| match h.trim() {
                        "" => column_name(i + 1),
                        h => h.to_owned(),
                    })
                    .collect();
                (Some(headers), line)
            }
            None => return Err(file_error(None, IssueKind::FileEmpty)),
        }
    } else {
        (None, 1)
    };
    let columns = Columns::resolve(mapping, headers.as_deref(), header_line, &mut issues);
    if issues.has_errors() {
        // With the mapping wrong, every row would repeat the same complaint.
        return Err(issues.finish().expect_err("errors were recorded"));
    }
    let ctx = Context {
        supplier_id,
        action: mapping.action,
        separator: mapping.decimal_separator,
        default_currency,
        separator_is_setting: true,
    };
    let mut items = Vec::new();
    let mut rows = 0usize;
    while let Some((line, record)) = next()? {
        rows += 1;
        if rows > limits.max_items {
            let at = Location {
                line: Some(line),
                path: String::new(),
            };
            let kind = IssueKind::TooManyRecords {
                max: limits.max_items as u64,
                record: RecordName::Row,
            };
            return Err(issues.fatal(super::issues::issue(
                super::Severity::Error,
                &at,
                None,
                kind,
            )));
        }
        issues.begin_record();
        if !row_fits(&record, line, headers.as_deref(), &columns, &mut issues) {
            let sku = columns.sku.as_ref().and_then(|c| record.get(c.index));
            issues.end_record(Some(line), sku.map(str::trim).filter(|s| !s.is_empty()));
            continue;
        }
        let draft = draft(&record, line, &columns, &mut issues);
        let item = record::build(&draft, &ctx, &mut issues);
        if let Some(item) = &item {
            let at = draft.sku.as_ref().map_or(&draft.at, |f| &f.at);
            issues.unique_sku(&item.sku, at);
        }
        let sku = item.as_ref().map(|i| i.sku.as_str());
        if issues.end_record(Some(line), sku) {
            items.extend(item);
        }
    }
    if items.is_empty() && rows == 0 {
        let at = Location {
            line: Some(header_line),
            path: String::new(),
        };
        issues.error(&at, None, IssueKind::CsvNoRows);
    }
    let header_at = Location {
        line: Some(header_line),
        path: String::new(),
    };
    let categories = record::category_tree(&mut items, &mut issues, &header_at);
    issues.finish_catalog(ImportedCatalog {
        action: mapping.action,
        supplier_name: None,
        items,
        deleted_skus: Vec::new(),
        deleted_gtins: Vec::new(),
        warnings: Vec::new(),
        skipped: Vec::new(),
        categories,
    })
}

/// Whether a row has the cells the mapping reads; reports it when not.
fn row_fits(
    record: &csv::StringRecord,
    line: u64,
    headers: Option<&[String]>,
    columns: &Columns,
    issues: &mut Issues,
) -> bool {
    let at = |path: String| Location {
        line: Some(line),
        path,
    };
    let len = record.len();
    match headers {
        Some(headers) if len < headers.len() => {
            let (cells, header) = (len as u64, headers.len() as u64);
            let kind = IssueKind::CsvRowShort { cells, header };
            issues.error(&at(headers[len].clone()), None, kind);
            false
        }
        Some(headers)
            if record
                .iter()
                .skip(headers.len())
                .any(|c| !c.trim().is_empty()) =>
        {
            let (cells, header) = (len as u64, headers.len() as u64);
            let kind = IssueKind::CsvRowLong { cells, header };
            issues.error(&at(column_name(headers.len() + 1)), None, kind);
            false
        }
        Some(_) => true,
        None => match columns.widest() {
            Some(column) if column.index >= len => {
                let (cells, name) = (len as u64, column.name.clone());
                let kind = IssueKind::CsvRowTooFewCells {
                    cells,
                    column: name,
                };
                issues.error(&at(column.name.clone()), None, kind);
                false
            }
            _ => true,
        },
    }
}

/// The row's cells, each with where it is.
fn draft(record: &csv::StringRecord, line: u64, columns: &Columns, issues: &mut Issues) -> Draft {
    let cell = |column: &Option<Column>| {
        let column = column.as_ref()?;
        Some(cell_at(record, line, column))
    };
    let mut tiers = Vec::new();
    if let Some(price) = cell(&columns.price) {
        tiers.push(DraftTier {
            min_qty: None,
            price,
        });
    }
    for (qty_column, price_column) in &columns.tier_columns {
        let qty = cell_at(record, line, qty_column);
        let price = cell_at(record, line, price_column);
        match (qty.text.trim().is_empty(), price.text.trim().is_empty()) {
            (true, true) => {}
            (false, false) => tiers.push(DraftTier {
                min_qty: Some(qty),
                price,
            }),
            (true, false) => issues.error(
                &price,
                None,
                IssueKind::CsvTierPriceWithoutQuantity {
                    column: qty.at.path.clone(),
                },
            ),
            (false, true) => issues.error(
                &qty,
                None,
                IssueKind::CsvTierQuantityWithoutPrice {
                    column: price.at.path.clone(),
                },
            ),
        }
    }
    if let Some(field) = cell(&columns.tiers) {
        tiers.extend(tier_list(&field, issues));
    }
    Draft {
        at: Location {
            line: Some(line),
            path: String::new(),
        },
        sku: cell(&columns.sku),
        name_en: cell(&columns.name_en),
        name_zh: cell(&columns.name_zh),
        description_en: cell(&columns.description_en),
        description_zh: cell(&columns.description_zh),
        manufacturer: cell(&columns.manufacturer),
        mpn: cell(&columns.mpn),
        gtin: cell(&columns.gtin),
        unspsc: cell(&columns.unspsc),
        category_path: cell(&columns.category_path),
        image_url: cell(&columns.image_url),
        order_unit: cell(&columns.order_unit),
        content_unit: cell(&columns.content_unit),
        content_per_order_unit: cell(&columns.content_per_order_unit),
        currency: cell(&columns.currency),
        min_qty: cell(&columns.min_qty),
        lead_time_days: cell(&columns.lead_time_days),
        stock: cell(&columns.stock),
        tiers,
        attributes: columns
            .attributes
            .iter()
            .map(|column| (column.name.clone(), cell_at(record, line, column)))
            .collect(),
    }
}

fn cell_at(record: &csv::StringRecord, line: u64, column: &Column) -> Field {
    Field {
        text: record.get(column.index).unwrap_or("").to_owned(),
        at: Location {
            line: Some(line),
            path: column.name.clone(),
        },
    }
}

/// The tiers of a `1:24.00;10:21.60` cell (a full-width `：` is read as a colon).
fn tier_list(field: &Field, issues: &mut Issues) -> Vec<DraftTier> {
    let mut tiers = Vec::new();
    for part in field
        .text
        .split([';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let Some((qty, price)) = part.split_once([':', '：']) else {
            let tier = part.to_owned();
            issues.error(field, None, IssueKind::CsvTierMalformed { tier });
            continue;
        };
        let sub = |text: &str| Field {
            text: text.trim().to_owned(),
            at: field.at.clone(),
        };
        tiers.push(DraftTier {
            min_qty: Some(sub(qty)),
            price: sub(price),
        });
    }
    tiers
}

/// The rows of `text` that start at `lines`, as the file writes them, after its header row when
/// `mapping` says it has one: the rows a partial import skipped, for the buyer to fix and import
/// again with the same mapping. Lines break as `\r\n`, which every spreadsheet reads.
pub fn rows_at(text: &str, mapping: &ColumnMapping, lines: &[u64]) -> String {
    let text = strip_bom(text);
    let wanted: std::collections::BTreeSet<u64> = lines.iter().copied().collect();
    let delimiter = mapping
        .delimiter
        .filter(|d| sniff::ALLOWED.contains(d))
        .unwrap_or_else(|| sniff::detect_delimiter(text));
    let mut records = sniff::Records::new(text, delimiter);
    let mut out = String::new();
    let mut header = mapping.has_header;
    while let Some(Ok((line, record))) = records.next() {
        if sniff::is_blank(&record) {
            continue;
        }
        if std::mem::take(&mut header) || wanted.contains(&line) {
            out.push_str(records.raw());
            out.push_str("\r\n");
        }
    }
    out
}
