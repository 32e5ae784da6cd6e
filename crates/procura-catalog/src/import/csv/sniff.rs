//! A first look at a CSV file, for the preview screen: its delimiter, whether the first record is
//! a header row, and the first rows.

use super::headers::{recognised, suggest_mapping};
use super::mapping::ColumnMapping;
use crate::import::encoding::strip_bom;
use crate::import::issues::file_error;
use crate::import::record::{parse_number, DecimalSeparator};
use crate::import::{ImportFailure, IssueKind};
use serde::{Deserialize, Serialize};

/// How many data rows a preview shows.
pub const PREVIEW_ROWS: usize = 20;

/// Delimiters a file is checked for, in the order that wins a tie: a tab or a semicolon that
/// splits every line evenly is a better sign than a comma, which also turns up inside decimals
/// (`24,50`) and text.
const CANDIDATES: [char; 3] = ['\t', ';', ','];

/// Delimiters a mapping may name.
pub(crate) const ALLOWED: [char; 4] = [',', ';', '\t', '|'];

/// What the preview screen shows before the buyer maps columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvPreview {
    pub delimiter: char,
    /// Whether the first record looks like column names (the buyer can say otherwise).
    pub has_header: bool,
    /// The column names; `Column 1`, `Column 2`, … when there is no header row (or a header cell
    /// is empty).
    pub headers: Vec<String>,
    /// The first [`PREVIEW_ROWS`] data rows.
    pub rows: Vec<PreviewRow>,
}

/// One data row of a preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    /// The line the row starts on (a quoted value may span lines).
    pub line: u64,
    pub cells: Vec<String>,
}

/// The name of the `n`-th column (from 1) in a file without a header row.
pub fn column_name(n: usize) -> String {
    format!("Column {n}")
}

/// A reader over `text` that leaves header handling and row lengths to the caller.
fn reader(text: &str, delimiter: char) -> csv::Reader<&[u8]> {
    let mut buf = [0u8; 4];
    let byte = delimiter.encode_utf8(&mut buf).as_bytes()[0];
    csv::ReaderBuilder::new()
        .delimiter(byte)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// The records of a CSV text, each with the line it starts on.
///
/// The `csv` crate's own line numbers skip blank lines and count `\r\n` oddly, so lines are
/// counted here: a record starts after the previous one's end, past any blank lines (the
/// reader skips those), and its line is one more than the line breaks (`\n`, or a `\r` not
/// followed by `\n`) before it. Counting goes along with reading, so a preview of a large file
/// looks at its beginning only.
pub(crate) struct Records<'a> {
    reader: csv::Reader<&'a [u8]>,
    bytes: &'a [u8],
    /// The end of the previous record.
    end: usize,
    /// Line breaks are counted up to here…
    counted: usize,
    /// …and this is the line there.
    line: u64,
    /// Where the last record read starts and ends in `bytes`.
    last: (usize, usize),
}

impl<'a> Records<'a> {
    pub fn new(text: &'a str, delimiter: char) -> Self {
        Self {
            reader: reader(text, delimiter),
            bytes: text.as_bytes(),
            end: 0,
            counted: 0,
            line: 1,
            last: (0, 0),
        }
    }

    /// The last record read, as the file writes it (without its line break).
    pub fn raw(&self) -> &'a str {
        let bytes: &'a [u8] = self.bytes;
        let (start, end) = self.last;
        let raw = std::str::from_utf8(&bytes[start.min(end)..end]).unwrap_or("");
        raw.trim_end_matches(['\r', '\n'])
    }

    fn line_at(&mut self, offset: usize) -> u64 {
        let bytes = self.bytes;
        let breaks = (self.counted..offset)
            .filter(|&i| bytes[i] == b'\n' || bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
            .count();
        self.line += breaks as u64;
        self.counted = offset;
        self.line
    }
}

impl Iterator for Records<'_> {
    type Item = Result<(u64, csv::StringRecord), csv::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut record = csv::StringRecord::new();
        match self.reader.read_record(&mut record) {
            Ok(true) => {
                let mut start = self.end;
                while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                let position = self.reader.position().byte();
                self.end =
                    usize::try_from(position).map_or(self.bytes.len(), |p| p.min(self.bytes.len()));
                self.last = (start.min(self.bytes.len()), self.end);
                Some(Ok((self.line_at(start.min(self.bytes.len())), record)))
            }
            Ok(false) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

pub(crate) fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|cell| cell.trim().is_empty())
}

/// The delimiter that splits the first records most evenly into the most columns.
pub(crate) fn detect_delimiter(text: &str) -> char {
    let mut best = (',', 0usize, 0usize);
    for candidate in CANDIDATES {
        let counts: Vec<usize> = reader(text, candidate)
            .into_records()
            .filter_map(Result::ok)
            .filter(|r| !is_blank(r))
            .take(30)
            .map(|r| r.len())
            .collect();
        let Some(mode) = mode(&counts) else { continue };
        if mode < 2 {
            continue;
        }
        let even = counts.iter().filter(|c| **c == mode).count() * 1000 / counts.len();
        if (even, mode) > (best.1, best.2) {
            best = (candidate, even, mode);
        }
    }
    best.0
}

fn mode(counts: &[usize]) -> Option<usize> {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let mut best: Option<(usize, usize)> = None;
    for chunk in sorted.chunk_by(|a, b| a == b) {
        if best.is_none_or(|(_, n)| chunk.len() > n) {
            best = Some((chunk[0], chunk.len()));
        }
    }
    best.map(|(value, _)| value)
}

/// Whether a cell holds a number (digits with signs and separators): headers do not.
fn numeric(cell: &str) -> bool {
    let cell = cell.trim();
    cell.bytes().any(|b| b.is_ascii_digit())
        && cell
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'+'))
}

/// A first record is a header when it names a known field, or when it holds no number at all
/// (data rows nearly always have a price).
fn looks_like_header(first: &[String]) -> bool {
    first.iter().any(|c| recognised(c)) || !first.iter().any(|c| numeric(c))
}

/// Detects the delimiter and a header row, and returns the first rows for the preview.
pub fn sniff(text: &str) -> Result<CsvPreview, ImportFailure> {
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return Err(file_error(None, IssueKind::FileEmpty));
    }
    let delimiter = detect_delimiter(text);
    let mut records = Vec::new();
    for record in Records::new(text, delimiter) {
        let (line, record) = record.map_err(|e| {
            let detail = e.to_string();
            file_error(None, IssueKind::CsvUnreadable { detail })
        })?;
        if is_blank(&record) {
            continue;
        }
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        records.push(PreviewRow { line, cells });
        if records.len() > PREVIEW_ROWS {
            break;
        }
    }
    let has_header = records
        .first()
        .is_some_and(|first| looks_like_header(&first.cells));
    let headers = if has_header {
        let first = records.remove(0);
        first
            .cells
            .into_iter()
            .enumerate()
            .map(|(i, c)| if c.is_empty() { column_name(i + 1) } else { c })
            .collect()
    } else {
        let width = records.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        (1..=width).map(column_name).collect()
    };
    records.truncate(PREVIEW_ROWS);
    Ok(CsvPreview {
        delimiter,
        has_header,
        headers,
        rows: records,
    })
}

impl CsvPreview {
    /// [`suggest_mapping`] for these headers, with this file's delimiter and header row, and the
    /// decimal separator the price cells of the preview use.
    pub fn suggest_mapping(&self) -> ColumnMapping {
        let mut mapping = suggest_mapping(&self.headers);
        mapping.has_header = self.has_header;
        mapping.delimiter = Some(self.delimiter);
        let price_columns: Vec<usize> = mapping
            .price
            .iter()
            .chain(mapping.tier_columns.iter().map(|t| &t.price))
            .filter_map(|name| self.headers.iter().position(|h| h == name))
            .collect();
        let (mut point, mut comma) = (0, 0);
        for row in &self.rows {
            for cell in price_columns.iter().filter_map(|&i| row.cells.get(i)) {
                let as_point = parse_number(cell, DecimalSeparator::Point).is_ok();
                let as_comma = parse_number(cell, DecimalSeparator::Comma).is_ok();
                match (as_point, as_comma) {
                    (true, false) => point += 1,
                    (false, true) => comma += 1,
                    _ => {}
                }
            }
        }
        if comma > point {
            mapping.decimal_separator = DecimalSeparator::Comma;
        }
        mapping
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), ',');
        assert_eq!(detect_delimiter("a;b;c\n1;2,5;3\n"), ';');
        // Decimal commas split a semicolon file evenly too; the semicolon wins the tie.
        assert_eq!(detect_delimiter("x;1,5;2,5\ny;3,5;4,5\n"), ';');
        assert_eq!(detect_delimiter("a\tb\n1\t2,5\n"), '\t');
        assert_eq!(detect_delimiter("\"a;b\",c\n\"1;2\",3\n"), ',');
        assert_eq!(detect_delimiter("just one column\nx\n"), ',');
    }

    #[test]
    fn lines_follow_each_record_start() {
        let lines = |text: &str| {
            Records::new(text, ';')
                .map(|r| r.unwrap().0)
                .collect::<Vec<_>>()
        };
        assert_eq!(lines("a;b\nc;d\n\ne;f\n"), [1, 2, 4]);
        assert_eq!(lines("a;b\r\nc;d\r\n\r\ne;f\r\n"), [1, 2, 4]);
        assert_eq!(lines("a;b\rc;d\r\re;f"), [1, 2, 4]);
        assert_eq!(lines("\n\na;\"x\r\ny\"\r\ne;f"), [3, 5]);
        assert_eq!(lines(""), Vec::<u64>::new());
    }

    #[test]
    fn header_or_not() {
        let p = sniff("\u{FEFF}SKU;Name;Preis\nA-1;Stift;1,50\n\nA-2;\"Block\nkariert\";2,00\n")
            .unwrap();
        assert_eq!(p.delimiter, ';');
        assert!(p.has_header);
        assert_eq!(p.headers, ["SKU", "Name", "Preis"]);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[1].line, 4);
        assert_eq!(p.rows[1].cells[1], "Block\nkariert");
        let m = p.suggest_mapping();
        assert_eq!(m.decimal_separator, DecimalSeparator::Comma);
        assert_eq!(m.delimiter, Some(';'));

        let p = sniff("A-1,Pen,1.50\nA-2,Pad,2.00\n").unwrap();
        assert!(!p.has_header);
        assert_eq!(p.headers, ["Column 1", "Column 2", "Column 3"]);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(
            p.suggest_mapping().decimal_separator,
            DecimalSeparator::Point
        );
        assert!(sniff(" \n").is_err());
    }

    #[test]
    fn preview_stops_at_twenty_rows() {
        let text: String = std::iter::once("sku,price\n".to_owned())
            .chain((0..50).map(|i| format!("S{i},{i}.5\n")))
            .collect();
        let p = sniff(&text).unwrap();
        assert_eq!(p.rows.len(), PREVIEW_ROWS);
        assert_eq!(p.rows[0].line, 2);
        assert_eq!(p.rows[19].cells, ["S19", "19.5"]);
    }
}
