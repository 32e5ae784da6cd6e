//! What an import issue is, as data: a stable code and typed arguments, so the app can say it in
//! the buyer's language. The English sentence ([`IssueKind`]'s `Display`) is for logs and the
//! report's English text; the app renders every kind itself (`src/i18n/import_issues.rs`).
//!
//! Codes are `import.snake_case` and never change once shipped; a new problem gets a new kind.

use procura_ground::money::MoneyError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A field of a flat record (CSV row, JSON item), or an element of an XML file by its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldName {
    ContentPerOrderUnit,
    LeadTime,
    Stock,
    MinimumOrderQuantity,
    TierQuantity,
    Price,
    /// An XML element (`PRICE_AMOUNT`, `BaseQuantity`): a name from the standard, shown as is.
    Element(String),
}

impl fmt::Display for FieldName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FieldName::ContentPerOrderUnit => "content per order unit",
            FieldName::LeadTime => "lead time",
            FieldName::Stock => "stock",
            FieldName::MinimumOrderQuantity => "minimum order quantity",
            FieldName::TierQuantity => "tier quantity",
            FieldName::Price => "price",
            FieldName::Element(name) => name,
        })
    }
}

/// Why a text is not a usable number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NumberProblem {
    Empty,
    /// Grouping or a decimal mark that is not the file's (`24,50` where the mark is a point).
    WrongMark {
        text: String,
        mark: super::csv::DecimalSeparator,
    },
    /// XML numbers take a point: `1,5` is refused.
    CommaInXml {
        text: String,
    },
    NotANumber {
        text: String,
    },
    /// Digits, but too many for a decimal (`detail` is the decimal library's reason).
    Unusable {
        text: String,
        detail: String,
    },
    OutOfRange {
        text: String,
        max: String,
    },
}

impl fmt::Display for NumberProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use super::csv::DecimalSeparator;
        match self {
            NumberProblem::Empty => write!(f, "empty, a number is needed"),
            NumberProblem::WrongMark { text, mark } => {
                let mark = match mark {
                    DecimalSeparator::Point => "a point",
                    DecimalSeparator::Comma => "a comma",
                };
                write!(
                    f,
                    "\"{text}\" is not a number with {mark} as the decimal mark"
                )
            }
            NumberProblem::CommaInXml { text } => write!(
                f,
                "\"{text}\" is not a number: write decimals with a point (1.5), not a comma"
            ),
            NumberProblem::NotANumber { text } => write!(f, "\"{text}\" is not a number"),
            NumberProblem::Unusable { text, detail } => {
                write!(f, "\"{text}\" is not a usable number ({detail})")
            }
            NumberProblem::OutOfRange { text, max } => {
                write!(f, "\"{text}\" is out of range (at most {max})")
            }
        }
    }
}

/// Which values a number field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Bound {
    AboveZero,
    ZeroOrMore,
}

/// What a JSON value is, for "must be an object, not a string".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JsonType {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonType::Null => "null",
            JsonType::Bool => "true/false",
            JsonType::Number => "a number",
            JsonType::String => "a string",
            JsonType::Array => "an array",
            JsonType::Object => "an object",
        })
    }
}

/// Which object of a Procura JSON file an issue is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JsonPlace {
    File,
    Item,
    Text,
    PriceTier,
    /// An item's `attributes` (an object of names and values).
    Attributes,
}

impl fmt::Display for JsonPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonPlace::File => "a Procura catalog file",
            JsonPlace::Item => "an item",
            JsonPlace::Text => "a text",
            JsonPlace::PriceTier => "a price tier",
            JsonPlace::Attributes => "the attributes",
        })
    }
}

/// Where a JSON text stops being JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum JsonSyntax {
    TrailingText,
    TooDeep { max: u64 },
    UnexpectedEnd,
    UnexpectedChar { found: char },
    UnexpectedWord,
    ExpectedMemberName,
    ExpectedColon,
    ExpectedCommaOrBrace,
    ExpectedCommaOrBracket,
    ExpectedDigits,
    LeadingZero,
    ExpectedFractionDigits,
    ExpectedExponentDigits,
    ExpectedHex,
    EndsInString,
    UnknownEscape,
    ControlCharacter,
    LoneSurrogate,
}

impl fmt::Display for JsonSyntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonSyntax::TrailingText => {
                write!(f, "unexpected text after the end of the JSON value")
            }
            JsonSyntax::TooDeep { max } => write!(f, "nested more than {max} levels deep"),
            JsonSyntax::UnexpectedEnd => write!(f, "unexpected end of the file, expected a value"),
            JsonSyntax::UnexpectedChar { found } => {
                write!(f, "unexpected character {found:?}, expected a value")
            }
            JsonSyntax::UnexpectedWord => write!(
                f,
                "unexpected word, expected a value (strings need double quotes)"
            ),
            JsonSyntax::ExpectedMemberName => write!(f, "expected a member name in double quotes"),
            JsonSyntax::ExpectedColon => write!(f, "expected ':' after the member name"),
            JsonSyntax::ExpectedCommaOrBrace => write!(f, "expected ',' or '}}'"),
            JsonSyntax::ExpectedCommaOrBracket => write!(f, "expected ',' or ']'"),
            JsonSyntax::ExpectedDigits => write!(f, "expected digits"),
            JsonSyntax::LeadingZero => write!(
                f,
                "numbers do not start with 0 (write a GTIN or code as a string)"
            ),
            JsonSyntax::ExpectedFractionDigits => {
                write!(f, "expected digits after the decimal point")
            }
            JsonSyntax::ExpectedExponentDigits => write!(f, "expected digits in the exponent"),
            JsonSyntax::ExpectedHex => write!(f, "expected four hex digits after \\u"),
            JsonSyntax::EndsInString => write!(f, "the file ends inside a string"),
            JsonSyntax::UnknownEscape => write!(f, "unknown escape in a string"),
            JsonSyntax::ControlCharacter => write!(
                f,
                "a control character (like a line break) inside a string must be escaped"
            ),
            JsonSyntax::LoneSurrogate => write!(f, "a lone UTF-16 surrogate in a \\u escape"),
        }
    }
}

/// What a file counts when it has too many of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordName {
    /// BMEcat
    Article,
    /// Peppol
    CatalogueLine,
    /// JSON
    Item,
    /// CSV
    Row,
}

/// Why a GTIN is not valid (mirrors [`procura_ground::gtin::GtinError`], with serde).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GtinProblem {
    Length { digits: u64 },
    NotDigits,
    CheckDigit { found: u8, expected: u8 },
}

impl From<procura_ground::gtin::GtinError> for GtinProblem {
    fn from(e: procura_ground::gtin::GtinError) -> Self {
        use procura_ground::gtin::GtinError;
        match e {
            GtinError::Length(n) => GtinProblem::Length { digits: n as u64 },
            GtinError::NotDigits => GtinProblem::NotDigits,
            GtinError::CheckDigit { found, expected } => {
                GtinProblem::CheckDigit { found, expected }
            }
        }
    }
}

impl fmt::Display for GtinProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GtinProblem::Length { digits } => {
                write!(
                    f,
                    "a GTIN has 8, 12, 13 or 14 digits, this one has {digits}"
                )
            }
            GtinProblem::NotDigits => write!(f, "a GTIN has digits only"),
            GtinProblem::CheckDigit { found, expected } => {
                write!(f, "check digit is {found}, expected {expected}")
            }
        }
    }
}

/// Every problem an import reports, with what the buyer needs to fix it.
///
/// Read through one JSON value whatever the format (JSON, the import worker's MessagePack): see
/// [`procura_ground::read_through_json!`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "code", content = "args", remote = "Self")]
pub enum IssueKind {
    /// An issue stored before issues had kinds: only its English message is known.
    #[default]
    Unclassified,

    // The file as a whole.
    /// The app could not tell the file's format from its name and first bytes.
    UnknownFormat {
        file: String,
    },
    FileTooLarge {
        bytes: u64,
        max: u64,
    },
    /// The browser could not read the picked file.
    FileUnreadable {
        file: String,
        detail: String,
    },
    /// The browser has no decoder for the encoding chosen.
    DecoderMissing {
        encoding: String,
    },
    Utf16,
    NotUtf8 {
        offset: u64,
    },
    UnsupportedEncoding {
        encoding: String,
    },
    FileEmpty,
    CsvUnreadable {
        detail: String,
    },
    TooManyRecords {
        max: u64,
        record: RecordName,
    },
    /// Past [`crate::import::MAX_LISTED_ISSUES`] of one severity: how many more were found.
    MoreIssues {
        more: u64,
    },

    // XML: refused before or while reading.
    XmlMalformed {
        detail: String,
    },
    XmlMalformedAttribute {
        detail: String,
    },
    XmlMalformedText {
        detail: String,
    },
    XmlMalformedCdata {
        detail: String,
    },
    XmlNameTooLong {
        attribute: bool,
        start: String,
        bytes: u64,
        max: u64,
    },
    XmlTooDeep {
        max: u64,
    },
    XmlSecondRoot {
        element: String,
    },
    XmlTooManyAttributes {
        element: String,
        max: u64,
    },
    XmlAttributeUnreadable {
        attribute: String,
        detail: String,
    },
    XmlInvalidCharRef {
        reference: String,
    },
    XmlUnknownEntity {
        reference: String,
    },
    XmlTextOutsideRoot,
    XmlEndsInside {
        path: String,
    },
    XmlNoRoot,
    XmlRecordTooLarge {
        max: u64,
    },
    DtdEntity,
    DtdExternalEntity,
    DtdMalformedEntity,
    DtdEntityReference,

    // The file is of another kind or says what is not read.
    NotBmecat {
        root: String,
    },
    NotPeppol {
        root: String,
    },
    BmecatSecondTransaction {
        element: String,
    },
    BmecatNoTransaction,
    PeppolActionUnsupported {
        action: String,
    },

    // JSON structure.
    JsonMalformed {
        line: u64,
        column: u64,
        problem: JsonSyntax,
    },
    NotProcuraJson {
        format: String,
    },
    JsonWrongFormat {
        format: String,
    },
    JsonNotObject {
        place: JsonPlace,
        found: JsonType,
    },
    JsonDuplicateMember {
        member: String,
        place: JsonPlace,
    },
    JsonUnknownMember {
        member: String,
        place: JsonPlace,
    },
    JsonUnusableNumber {
        number: String,
        detail: String,
    },
    JsonNotScalar {
        found: JsonType,
    },
    JsonNotString {
        member: String,
        found: JsonType,
    },
    JsonNotArray {
        member: String,
        found: JsonType,
    },
    JsonUnknownAction {
        action: String,
    },
    JsonNoItems,
    JsonEmptyReplace,
    JsonDeletedWithoutUpdate,
    JsonDeletedNotSku,
    JsonSkuItemAndDeleted {
        sku: String,
    },
    JsonTierWithoutPrice,

    // CSV: the mapping and the rows' shape.
    CsvMappingNoSku,
    CsvMappingNoPrice,
    CsvMappingBadDelimiter {
        delimiter: char,
    },
    CsvMappingNoCurrency,
    CsvColumnWithoutHeader {
        column: String,
    },
    CsvColumnMissing {
        column: String,
        columns: Vec<String>,
    },
    CsvColumnTwice {
        column: String,
        count: u64,
    },
    CsvNoRows,
    CsvRowShort {
        cells: u64,
        header: u64,
    },
    CsvRowLong {
        cells: u64,
        header: u64,
    },
    CsvRowTooFewCells {
        cells: u64,
        column: String,
    },
    CsvTierPriceWithoutQuantity {
        column: String,
    },
    CsvTierQuantityWithoutPrice {
        column: String,
    },
    CsvTierMalformed {
        tier: String,
    },

    // One item.
    NoSku,
    /// XML: the element holding the supplier's article number is missing.
    SkuElementMissing {
        element: String,
    },
    NoName,
    NameElementMissing {
        element: String,
    },
    DetailsMissing {
        element: String,
    },
    SkuTwice {
        sku: String,
        first_line: u64,
    },
    /// `hint`: the other decimal mark, to set when the file writes numbers that way (CSV).
    BadNumber {
        field: FieldName,
        problem: NumberProblem,
        hint: Option<super::csv::DecimalSeparator>,
    },
    NumberBelowBound {
        field: FieldName,
        bound: Bound,
        value: String,
    },
    Negative {
        field: FieldName,
        value: String,
    },
    QuantityOutOfRange {
        field: FieldName,
        value: String,
    },
    PriceOutOfRange {
        field: FieldName,
        value: String,
    },
    LeadTimeTooLong,
    LeadTimeNotDays {
        element: String,
        value: String,
    },
    LeadTimeUnitUnknown {
        unit: String,
    },
    StockNotWhole {
        value: String,
    },
    StockTooLarge,
    NoCurrency,
    CurrencyObsolete {
        currency: String,
    },
    CurrencyUnknown {
        currency: String,
    },
    /// A price written with a currency sign or code (`€12.50`) that cannot be the item's
    /// currency: the number is not read in a currency it was not written in.
    PriceSignOtherCurrency {
        sign: String,
        currency: String,
    },
    NoPrice,
    /// A warning: the record states no price at all, so the item is imported as "price on
    /// request" (the buyer asks the supplier for a quote).
    PriceOnRequest,
    /// A warning: `count` filings of articles under the supplier's groups were left out (a
    /// group the tree does not have, or more than an item or a file may hold).
    CategoryMapsLeftOut {
        count: u64,
    },
    PriceWithoutAmount {
        element: String,
    },
    PriceWithoutCurrency,
    PriceAmountWithoutCurrency,
    PriceComputationOutOfRange {
        formula: String,
    },
    PriceOtherCurrency {
        currency: String,
        item_currency: String,
    },
    TwoPricesOneQuantity {
        quantity: String,
        first: String,
        second: String,
    },
    TierBelowMinimum {
        first: String,
        minimum: String,
    },
    TierAboveMinimum {
        first: String,
        minimum: String,
    },
    NoOrderUnit {
        element: Option<String>,
    },
    UnitUnknown {
        unit: String,
        kept: String,
    },
    GtinInvalid {
        gtin: String,
        problem: GtinProblem,
        spreadsheet: bool,
    },
    UnspscNot8Digits {
        code: String,
    },
    /// A warning: the item's attributes were cut to a limit (too many, too many values, too
    /// long); the rest of the item is imported as written.
    AttributesCut {
        limit: crate::catalog::attribute::AttributeLimit,
    },
    CatalogLineWithoutItem,
    /// A warning: the item's pictures and documents were cut (more than
    /// [`crate::catalog::media::MAX_MEDIA`], an address too long, a caption too long).
    MediaCut {
        max: u32,
    },
    /// A warning: a document embedded in the file (a Peppol `EmbeddedDocumentBinaryObject`) is
    /// not kept: items hold references, not files. Its name is kept when it has one.
    EmbeddedFileLeftOut {
        name: String,
    },

    // Applying the file to the catalog held.
    OtherSuppliersItem {
        supplier: String,
        expected: String,
    },
    PriceForUnknownItem {
        sku: String,
    },
    /// The file withdraws a supplier's catalog, but none of its items are held: importing it
    /// would only create an empty supplier.
    WithdrawNothingHeld {
        supplier: String,
    },
}

procura_ground::read_through_json!(IssueKind);

impl IssueKind {
    /// The stable code, `import.snake_case`.
    pub fn code(&self) -> &'static str {
        use IssueKind::*;
        match self {
            Unclassified => "import.unclassified",
            UnknownFormat { .. } => "import.unknown_format",
            FileTooLarge { .. } => "import.file_too_large",
            FileUnreadable { .. } => "import.file_unreadable",
            DecoderMissing { .. } => "import.decoder_missing",
            Utf16 => "import.utf16",
            NotUtf8 { .. } => "import.not_utf8",
            UnsupportedEncoding { .. } => "import.unsupported_encoding",
            FileEmpty => "import.file_empty",
            CsvUnreadable { .. } => "import.csv_unreadable",
            TooManyRecords { .. } => "import.too_many_records",
            MoreIssues { .. } => "import.more_issues",
            XmlMalformed { .. } => "import.xml_malformed",
            XmlMalformedAttribute { .. } => "import.xml_malformed_attribute",
            XmlMalformedText { .. } => "import.xml_malformed_text",
            XmlMalformedCdata { .. } => "import.xml_malformed_cdata",
            XmlNameTooLong { .. } => "import.xml_name_too_long",
            XmlTooDeep { .. } => "import.xml_too_deep",
            XmlSecondRoot { .. } => "import.xml_second_root",
            XmlTooManyAttributes { .. } => "import.xml_too_many_attributes",
            XmlAttributeUnreadable { .. } => "import.xml_attribute_unreadable",
            XmlInvalidCharRef { .. } => "import.xml_invalid_char_ref",
            XmlUnknownEntity { .. } => "import.xml_unknown_entity",
            XmlTextOutsideRoot => "import.xml_text_outside_root",
            XmlEndsInside { .. } => "import.xml_ends_inside",
            XmlNoRoot => "import.xml_no_root",
            XmlRecordTooLarge { .. } => "import.xml_record_too_large",
            DtdEntity => "import.dtd_entity",
            DtdExternalEntity => "import.dtd_external_entity",
            DtdMalformedEntity => "import.dtd_malformed_entity",
            DtdEntityReference => "import.dtd_entity_reference",
            NotBmecat { .. } => "import.not_bmecat",
            NotPeppol { .. } => "import.not_peppol",
            BmecatSecondTransaction { .. } => "import.bmecat_second_transaction",
            BmecatNoTransaction => "import.bmecat_no_transaction",
            PeppolActionUnsupported { .. } => "import.peppol_action_unsupported",
            JsonMalformed { .. } => "import.json_malformed",
            NotProcuraJson { .. } => "import.not_procura_json",
            JsonWrongFormat { .. } => "import.json_wrong_format",
            JsonNotObject { .. } => "import.json_not_object",
            JsonDuplicateMember { .. } => "import.json_duplicate_member",
            JsonUnknownMember { .. } => "import.json_unknown_member",
            JsonUnusableNumber { .. } => "import.json_unusable_number",
            JsonNotScalar { .. } => "import.json_not_scalar",
            JsonNotString { .. } => "import.json_not_string",
            JsonNotArray { .. } => "import.json_not_array",
            JsonUnknownAction { .. } => "import.json_unknown_action",
            JsonNoItems => "import.json_no_items",
            JsonEmptyReplace => "import.json_empty_replace",
            JsonDeletedWithoutUpdate => "import.json_deleted_without_update",
            JsonDeletedNotSku => "import.json_deleted_not_sku",
            JsonSkuItemAndDeleted { .. } => "import.json_sku_item_and_deleted",
            JsonTierWithoutPrice => "import.json_tier_without_price",
            CsvMappingNoSku => "import.csv_mapping_no_sku",
            CsvMappingNoPrice => "import.csv_mapping_no_price",
            CsvMappingBadDelimiter { .. } => "import.csv_mapping_bad_delimiter",
            CsvMappingNoCurrency => "import.csv_mapping_no_currency",
            CsvColumnWithoutHeader { .. } => "import.csv_column_without_header",
            CsvColumnMissing { .. } => "import.csv_column_missing",
            CsvColumnTwice { .. } => "import.csv_column_twice",
            CsvNoRows => "import.csv_no_rows",
            CsvRowShort { .. } => "import.csv_row_short",
            CsvRowLong { .. } => "import.csv_row_long",
            CsvRowTooFewCells { .. } => "import.csv_row_too_few_cells",
            CsvTierPriceWithoutQuantity { .. } => "import.csv_tier_price_without_quantity",
            CsvTierQuantityWithoutPrice { .. } => "import.csv_tier_quantity_without_price",
            CsvTierMalformed { .. } => "import.csv_tier_malformed",
            NoSku => "import.no_sku",
            SkuElementMissing { .. } => "import.sku_element_missing",
            NoName => "import.no_name",
            NameElementMissing { .. } => "import.name_element_missing",
            DetailsMissing { .. } => "import.details_missing",
            SkuTwice { .. } => "import.sku_twice",
            BadNumber { .. } => "import.bad_number",
            NumberBelowBound { .. } => "import.number_below_bound",
            Negative { .. } => "import.negative",
            QuantityOutOfRange { .. } => "import.quantity_out_of_range",
            PriceOutOfRange { .. } => "import.price_out_of_range",
            LeadTimeTooLong => "import.lead_time_too_long",
            LeadTimeNotDays { .. } => "import.lead_time_not_days",
            LeadTimeUnitUnknown { .. } => "import.lead_time_unit_unknown",
            StockNotWhole { .. } => "import.stock_not_whole",
            StockTooLarge => "import.stock_too_large",
            NoCurrency => "import.no_currency",
            CurrencyObsolete { .. } => "import.currency_obsolete",
            CurrencyUnknown { .. } => "import.currency_unknown",
            PriceSignOtherCurrency { .. } => "import.price_sign_other_currency",
            NoPrice => "import.no_price",
            PriceOnRequest => "import.price_on_request",
            CategoryMapsLeftOut { .. } => "import.category_maps_left_out",
            PriceWithoutAmount { .. } => "import.price_without_amount",
            PriceWithoutCurrency => "import.price_without_currency",
            PriceAmountWithoutCurrency => "import.price_amount_without_currency",
            PriceComputationOutOfRange { .. } => "import.price_computation_out_of_range",
            PriceOtherCurrency { .. } => "import.price_other_currency",
            TwoPricesOneQuantity { .. } => "import.two_prices_one_quantity",
            TierBelowMinimum { .. } => "import.tier_below_minimum",
            TierAboveMinimum { .. } => "import.tier_above_minimum",
            NoOrderUnit { .. } => "import.no_order_unit",
            UnitUnknown { .. } => "import.unit_unknown",
            GtinInvalid { .. } => "import.gtin_invalid",
            UnspscNot8Digits { .. } => "import.unspsc_not_8_digits",
            AttributesCut { .. } => "import.attributes_cut",
            CatalogLineWithoutItem => "import.catalog_line_without_item",
            MediaCut { .. } => "import.media_cut",
            EmbeddedFileLeftOut { .. } => "import.embedded_file_left_out",
            OtherSuppliersItem { .. } => "import.other_suppliers_item",
            PriceForUnknownItem { .. } => "import.price_for_unknown_item",
            WithdrawNothingHeld { .. } => "import.withdraw_nothing_held",
        }
    }

    /// One example of every kind (and of every variant of the enums a kind carries), so tests
    /// can render them all. A test checks that every code above has one.
    pub fn examples() -> Vec<IssueKind> {
        use super::csv::DecimalSeparator::{Comma, Point};
        use IssueKind::*;
        let s = |v: &str| v.to_owned();
        let el = |v: &str| FieldName::Element(v.to_owned());
        let mut all = vec![
            Unclassified,
            UnknownFormat {
                file: s("price list.xlsx"),
            },
            FileTooLarge {
                bytes: 70_000_000,
                max: 67_108_864,
            },
            FileUnreadable {
                file: s("prices.csv"),
                detail: s("NotReadableError"),
            },
            DecoderMissing { encoding: s("gbk") },
            Utf16,
            NotUtf8 { offset: 1204 },
            UnsupportedEncoding {
                encoding: s("shift_jis"),
            },
            FileEmpty,
            CsvUnreadable {
                detail: s("found record with 3 fields"),
            },
            XmlMalformed {
                detail: s("mismatched tag"),
            },
            XmlMalformedAttribute {
                detail: s("no value"),
            },
            XmlMalformedText {
                detail: s("invalid character"),
            },
            XmlMalformedCdata {
                detail: s("invalid character"),
            },
            XmlNameTooLong {
                attribute: false,
                start: s("AAAA"),
                bytes: 300,
                max: 128,
            },
            XmlNameTooLong {
                attribute: true,
                start: s("aaaa"),
                bytes: 300,
                max: 128,
            },
            XmlTooDeep { max: 64 },
            XmlSecondRoot {
                element: s("BMECAT"),
            },
            XmlTooManyAttributes {
                element: s("ARTICLE"),
                max: 32,
            },
            XmlAttributeUnreadable {
                attribute: s("lang"),
                detail: s("unknown entity"),
            },
            XmlInvalidCharRef { reference: s("#0") },
            XmlUnknownEntity {
                reference: s("xxe"),
            },
            XmlTextOutsideRoot,
            XmlEndsInside {
                path: s("/BMECAT/T_NEW_CATALOG"),
            },
            XmlNoRoot,
            XmlRecordTooLarge { max: 10_000 },
            DtdEntity,
            DtdExternalEntity,
            DtdMalformedEntity,
            DtdEntityReference,
            NotBmecat { root: s("Invoice") },
            NotPeppol { root: s("Invoice") },
            BmecatSecondTransaction {
                element: s("T_UPDATE_PRICES"),
            },
            BmecatNoTransaction,
            PeppolActionUnsupported { action: s("merge") },
            NotProcuraJson {
                format: s(super::json::FORMAT),
            },
            JsonWrongFormat {
                format: s(super::json::FORMAT),
            },
            JsonUnusableNumber {
                number: s("1e99"),
                detail: s("overflow"),
            },
            JsonNotScalar {
                found: JsonType::Array,
            },
            JsonNotString {
                member: s("supplier"),
                found: JsonType::Number,
            },
            JsonNotArray {
                member: s("items"),
                found: JsonType::Object,
            },
            JsonUnknownAction { action: s("merge") },
            JsonNoItems,
            JsonEmptyReplace,
            JsonDeletedWithoutUpdate,
            JsonDeletedNotSku,
            JsonSkuItemAndDeleted { sku: s("P-100") },
            JsonTierWithoutPrice,
            CsvMappingNoSku,
            CsvMappingNoPrice,
            CsvMappingBadDelimiter { delimiter: '#' },
            CsvMappingNoCurrency,
            CsvColumnWithoutHeader { column: s("Preis") },
            CsvColumnMissing {
                column: s("Preis"),
                columns: vec![s("sku"), s("name")],
            },
            CsvColumnTwice {
                column: s("price"),
                count: 2,
            },
            CsvNoRows,
            CsvRowShort {
                cells: 3,
                header: 5,
            },
            CsvRowLong {
                cells: 6,
                header: 5,
            },
            CsvRowTooFewCells {
                cells: 2,
                column: s("Column 4"),
            },
            CsvTierPriceWithoutQuantity { column: s("qty2") },
            CsvTierQuantityWithoutPrice {
                column: s("price2"),
            },
            CsvTierMalformed {
                tier: s("10-21.60"),
            },
            NoSku,
            SkuElementMissing {
                element: s("SUPPLIER_AID"),
            },
            NoName,
            NameElementMissing {
                element: s("DESCRIPTION_SHORT"),
            },
            DetailsMissing {
                element: s("ARTICLE_DETAILS"),
            },
            SkuTwice {
                sku: s("P-100"),
                first_line: 3,
            },
            NumberBelowBound {
                field: FieldName::TierQuantity,
                bound: Bound::AboveZero,
                value: s("0"),
            },
            NumberBelowBound {
                field: el("BaseQuantity"),
                bound: Bound::ZeroOrMore,
                value: s("-1"),
            },
            Negative {
                field: el("LOWER_BOUND"),
                value: s("-5"),
            },
            QuantityOutOfRange {
                field: FieldName::ContentPerOrderUnit,
                value: s("0.0000001"),
            },
            PriceOutOfRange {
                field: FieldName::Price,
                value: s("2000000000000"),
            },
            LeadTimeTooLong,
            LeadTimeNotDays {
                element: s("DELIVERY_TIME"),
                value: s("99999999999"),
            },
            LeadTimeUnitUnknown { unit: s("MON") },
            StockNotWhole { value: s("2.5") },
            StockTooLarge,
            NoCurrency,
            CurrencyObsolete { currency: s("DEM") },
            CurrencyUnknown { currency: s("RMB") },
            PriceSignOtherCurrency {
                sign: s("€"),
                currency: s("CNY"),
            },
            NoPrice,
            PriceOnRequest,
            CategoryMapsLeftOut { count: 3 },
            MediaCut { max: 16 },
            EmbeddedFileLeftOut {
                name: s("image1.png"),
            },
            PriceWithoutAmount {
                element: s("PRICE_AMOUNT"),
            },
            PriceWithoutCurrency,
            PriceAmountWithoutCurrency,
            PriceComputationOutOfRange {
                formula: s("PRICE_AMOUNT × PRICE_FACTOR / PRICE_QUANTITY"),
            },
            PriceOtherCurrency {
                currency: s("USD"),
                item_currency: s("EUR"),
            },
            TwoPricesOneQuantity {
                quantity: s("10"),
                first: s("21.60"),
                second: s("20.00"),
            },
            TierBelowMinimum {
                first: s("1"),
                minimum: s("5"),
            },
            TierAboveMinimum {
                first: s("10"),
                minimum: s("5"),
            },
            NoOrderUnit { element: None },
            NoOrderUnit {
                element: Some(s("ORDER_UNIT")),
            },
            UnitUnknown {
                unit: s("stk."),
                kept: s("STK."),
            },
            UnspscNot8Digits { code: s("4412") },
            AttributesCut {
                limit: crate::catalog::attribute::AttributeLimit::Attributes { max: 400 },
            },
            AttributesCut {
                limit: crate::catalog::attribute::AttributeLimit::Values { max: 32 },
            },
            AttributesCut {
                limit: crate::catalog::attribute::AttributeLimit::Text { max: 500 },
            },
            CatalogLineWithoutItem,
            OtherSuppliersItem {
                supplier: s("local-acme"),
                expected: s("local-globex"),
            },
            PriceForUnknownItem { sku: s("P-100") },
            WithdrawNothingHeld {
                supplier: s("local-acme-trading"),
            },
        ];
        for record in [
            RecordName::Article,
            RecordName::CatalogueLine,
            RecordName::Item,
            RecordName::Row,
        ] {
            all.push(TooManyRecords {
                max: 200_000,
                record,
            });
        }
        all.push(MoreIssues { more: 1 });
        all.push(MoreIssues { more: 12_345 });
        let types = [
            JsonType::Null,
            JsonType::Bool,
            JsonType::Number,
            JsonType::String,
            JsonType::Array,
            JsonType::Object,
        ];
        let places = [
            JsonPlace::File,
            JsonPlace::Item,
            JsonPlace::Text,
            JsonPlace::PriceTier,
            JsonPlace::Attributes,
        ];
        for (i, place) in places.into_iter().enumerate() {
            all.push(JsonNotObject {
                place,
                found: types[i],
            });
            all.push(JsonDuplicateMember {
                member: s("sku"),
                place,
            });
            all.push(JsonUnknownMember {
                member: s("colour"),
                place,
            });
        }
        for found in types {
            all.push(JsonNotScalar { found });
        }
        let syntax = [
            JsonSyntax::TrailingText,
            JsonSyntax::TooDeep { max: 64 },
            JsonSyntax::UnexpectedEnd,
            JsonSyntax::UnexpectedChar { found: '#' },
            JsonSyntax::UnexpectedWord,
            JsonSyntax::ExpectedMemberName,
            JsonSyntax::ExpectedColon,
            JsonSyntax::ExpectedCommaOrBrace,
            JsonSyntax::ExpectedCommaOrBracket,
            JsonSyntax::ExpectedDigits,
            JsonSyntax::LeadingZero,
            JsonSyntax::ExpectedFractionDigits,
            JsonSyntax::ExpectedExponentDigits,
            JsonSyntax::ExpectedHex,
            JsonSyntax::EndsInString,
            JsonSyntax::UnknownEscape,
            JsonSyntax::ControlCharacter,
            JsonSyntax::LoneSurrogate,
        ];
        for problem in syntax {
            all.push(JsonMalformed {
                line: 4,
                column: 12,
                problem,
            });
        }
        let problems = [
            NumberProblem::Empty,
            NumberProblem::WrongMark {
                text: s("24,50"),
                mark: Point,
            },
            NumberProblem::WrongMark {
                text: s("24.50"),
                mark: Comma,
            },
            NumberProblem::CommaInXml { text: s("1,5") },
            NumberProblem::NotANumber { text: s("abc") },
            NumberProblem::Unusable {
                text: s("99999999999999999999999999999"),
                detail: s("overflow"),
            },
            NumberProblem::OutOfRange {
                text: s("1e15"),
                max: s("1000000000000"),
            },
        ];
        let fields = [
            FieldName::ContentPerOrderUnit,
            FieldName::LeadTime,
            FieldName::Stock,
            FieldName::MinimumOrderQuantity,
            FieldName::TierQuantity,
            FieldName::Price,
            el("PRICE_AMOUNT"),
        ];
        for (i, problem) in problems.into_iter().enumerate() {
            let hint = [None, Some(Comma), Some(Point)][i % 3];
            all.push(BadNumber {
                field: fields[i % fields.len()].clone(),
                problem,
                hint,
            });
        }
        for problem in [
            GtinProblem::Length { digits: 11 },
            GtinProblem::NotDigits,
            GtinProblem::CheckDigit {
                found: 1,
                expected: 7,
            },
        ] {
            for spreadsheet in [false, true] {
                all.push(GtinInvalid {
                    gtin: s("4.00638E+12"),
                    problem: problem.clone(),
                    spreadsheet,
                });
            }
        }
        all
    }
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use super::csv::DecimalSeparator;
        use IssueKind::*;
        match self {
            Unclassified => write!(f, "an import issue"),
            UnknownFormat { file } => write!(
                f,
                "{file}: not a CSV, BMEcat, Peppol catalogue or Procura JSON file"
            ),
            FileTooLarge { bytes, max } => write!(
                f,
                "the file is {}, more than the {} an import accepts",
                size_en(*bytes),
                size_en(*max)
            ),
            FileUnreadable { file, detail } => write!(f, "{file} could not be read: {detail}"),
            DecoderMissing { encoding } => write!(f, "this browser cannot decode {encoding}"),
            Utf16 => write!(f, "the file is UTF-16; save it as UTF-8"),
            NotUtf8 { offset } => write!(
                f,
                "the file is not valid UTF-8 (bad byte at offset {offset})"
            ),
            UnsupportedEncoding { encoding } => write!(
                f,
                "the file declares encoding \"{encoding}\", which is not supported; save it as UTF-8"
            ),
            FileEmpty => write!(f, "the file is empty"),
            CsvUnreadable { detail } => write!(f, "the file cannot be read as CSV: {detail}"),
            TooManyRecords { max, record } => {
                let what = match record {
                    RecordName::Article => "articles",
                    RecordName::CatalogueLine => "catalogue lines",
                    RecordName::Item => "items",
                    RecordName::Row => "rows",
                };
                write!(f, "more than {max} {what}, the most an import accepts")
            }
            MoreIssues { more: 1 } => write!(f, "1 more problem like these is not listed"),
            MoreIssues { more } => write!(f, "{more} more problems like these are not listed"),
            XmlMalformed { detail } => write!(f, "malformed XML: {detail}"),
            XmlMalformedAttribute { detail } => write!(f, "malformed XML attribute: {detail}"),
            XmlMalformedText { detail } => write!(f, "malformed text: {detail}"),
            XmlMalformedCdata { detail } => write!(f, "malformed CDATA: {detail}"),
            XmlNameTooLong { attribute, start, bytes, max } => {
                let what = if *attribute { "an attribute" } else { "an element" };
                write!(f, "{what} name {start}… has {bytes} bytes, more than the {max} accepted")
            }
            XmlTooDeep { max } => write!(f, "elements nested deeper than {max} are refused"),
            XmlSecondRoot { element } => {
                write!(f, "malformed XML: a second root element <{element}>")
            }
            XmlTooManyAttributes { element, max } => {
                write!(f, "an element <{element}> with more than {max} attributes")
            }
            XmlAttributeUnreadable { attribute, detail } => write!(
                f,
                "attribute {attribute}: {detail} (entities are never expanded)"
            ),
            XmlInvalidCharRef { reference } => {
                write!(f, "invalid character reference &{reference};")
            }
            XmlUnknownEntity { reference } => write!(
                f,
                "unknown entity reference &{reference}; (entities are never expanded)"
            ),
            XmlTextOutsideRoot => write!(f, "malformed XML: text outside the root element"),
            XmlEndsInside { path } => write!(f, "malformed XML: the file ends inside {path}"),
            XmlNoRoot => write!(f, "malformed XML: no root element"),
            XmlRecordTooLarge { max } => {
                write!(f, "a record with more than {max} elements is refused")
            }
            DtdEntity => write!(
                f,
                "the DOCTYPE declares an entity (<!ENTITY …>); entity declarations are refused, \
                 they can read local files (XXE) or expand without bound (billion laughs)"
            ),
            DtdExternalEntity => {
                write!(f, "the DOCTYPE declares an external parameter entity; refused")
            }
            DtdMalformedEntity => {
                write!(f, "the DOCTYPE has a malformed entity declaration; refused")
            }
            DtdEntityReference => write!(
                f,
                "the DOCTYPE declares a parameter entity that refers to other entities; refused"
            ),
            NotBmecat { root } => write!(
                f,
                "not a BMEcat file: the root element is <{root}>, not <BMECAT>"
            ),
            NotPeppol { root } => write!(
                f,
                "not a Peppol catalogue: the root element is <{root}>, not <Catalogue>"
            ),
            BmecatSecondTransaction { element } => {
                write!(f, "a second transaction <{element}>; a file carries one")
            }
            BmecatNoTransaction => write!(
                f,
                "no T_NEW_CATALOG, T_UPDATE_PRODUCTS or T_UPDATE_PRICES transaction"
            ),
            PeppolActionUnsupported { action } => {
                write!(f, "catalogue ActionCode \"{action}\" is not supported")
            }
            JsonMalformed { line, column, problem } => {
                write!(f, "malformed JSON at line {line}, column {column}: {problem}")
            }
            NotProcuraJson { format } => {
                write!(f, "not a Procura catalog file: no \"format\": \"{format}\"")
            }
            JsonWrongFormat { format } => {
                write!(f, "format must be \"{format}\" (the version this app reads)")
            }
            JsonNotObject { place, found } => write!(f, "{place} must be an object, not {found}"),
            JsonDuplicateMember { member, place } => {
                write!(f, "\"{member}\" appears twice in {place}")
            }
            JsonUnknownMember { member, place } => {
                write!(f, "unknown member \"{member}\" in {place}; ignored")
            }
            JsonUnusableNumber { number, detail } => {
                write!(f, "{number} is not a usable number ({detail})")
            }
            JsonNotScalar { found } => write!(f, "expected a string or a number, not {found}"),
            JsonNotString { member, found } => write!(f, "{member} must be a string, not {found}"),
            JsonNotArray { member, found } => write!(f, "{member} must be an array, not {found}"),
            JsonUnknownAction { action } => write!(
                f,
                "action \"{action}\" is not one of replace, update, update_prices"
            ),
            JsonNoItems => write!(f, "no \"items\" array"),
            JsonEmptyReplace => write!(
                f,
                "no items: replacing with an empty file would withdraw the whole catalog"
            ),
            JsonDeletedWithoutUpdate => write!(
                f,
                "\"deleted\" only goes with \"action\": \"update\" (a replace withdraws what it \
                 does not list)"
            ),
            JsonDeletedNotSku => write!(f, "a deleted entry must be an article number"),
            JsonSkuItemAndDeleted { sku } => write!(f, "{sku} is both in items and in deleted"),
            JsonTierWithoutPrice => write!(f, "a price tier without unit_price"),
            CsvMappingNoSku => write!(
                f,
                "no column is chosen for the SKU (the supplier's article number)"
            ),
            CsvMappingNoPrice => write!(f, "no column is chosen for the price"),
            CsvMappingBadDelimiter { delimiter } => {
                write!(f, "the delimiter {delimiter:?} is not one of , ; | or a tab")
            }
            CsvMappingNoCurrency => write!(
                f,
                "no currency: choose a currency column or one currency for the file"
            ),
            CsvColumnWithoutHeader { column } => write!(
                f,
                "the file has no header row, so columns are named Column 1, Column 2, …, not \
                 \"{column}\""
            ),
            CsvColumnMissing { column, columns } => write!(
                f,
                "column \"{column}\" is not in the file (its columns: {})",
                columns.join(", ")
            ),
            CsvColumnTwice { column, count } => {
                write!(f, "{count} columns are named \"{column}\"; the first is read")
            }
            CsvNoRows => write!(f, "the file has no item rows"),
            CsvRowShort { cells, header } => write!(
                f,
                "the row has {cells} cells, the header {header}: is a delimiter missing, or a \
                 line break outside quotes?"
            ),
            CsvRowLong { cells, header } => write!(
                f,
                "the row has {cells} cells, the header {header}: a value containing the \
                 delimiter must be quoted"
            ),
            CsvRowTooFewCells { cells, column } => {
                write!(f, "the row has {cells} cells, too few for {column}")
            }
            CsvTierPriceWithoutQuantity { column } => {
                write!(f, "a tier price without a quantity in {column}")
            }
            CsvTierQuantityWithoutPrice { column } => {
                write!(f, "a tier quantity without a price in {column}")
            }
            CsvTierMalformed { tier } => write!(
                f,
                "tier \"{tier}\" is not written as quantity:price (like 1:24.00;10:21.60)"
            ),
            NoSku => write!(f, "no SKU (the supplier's article number)"),
            SkuElementMissing { element } => write!(
                f,
                "article without {element} (the supplier's article number)"
            ),
            NoName => write!(f, "no name (in English or Chinese)"),
            NameElementMissing { element } => {
                write!(f, "missing {element} (the article's name)")
            }
            DetailsMissing { element } => {
                write!(f, "missing {element} (with DESCRIPTION_SHORT, the name)")
            }
            SkuTwice { sku, first_line } => write!(
                f,
                "article number {sku} appears twice (first at line {first_line})"
            ),
            BadNumber { field, problem, hint } => {
                write!(f, "{field}: {problem}")?;
                match hint {
                    None => Ok(()),
                    Some(DecimalSeparator::Comma) => write!(
                        f,
                        "; if the file writes decimals with a comma, set the decimal separator \
                         to comma"
                    ),
                    Some(DecimalSeparator::Point) => write!(
                        f,
                        "; if the file writes decimals with a point, set the decimal separator \
                         to point"
                    ),
                }
            }
            NumberBelowBound { field, bound, value } => {
                let bound = match bound {
                    Bound::AboveZero => "above zero",
                    Bound::ZeroOrMore => "zero or more",
                };
                write!(f, "{field} must be {bound}, not {value}")
            }
            Negative { field, value } => write!(f, "negative {field} {value}"),
            QuantityOutOfRange { field, value } => {
                write!(f, "{field}: {}", MoneyError::Quantity(value.clone()))
            }
            PriceOutOfRange { field, value } => {
                write!(f, "{field}: {}", MoneyError::Price(value.clone()))
            }
            LeadTimeTooLong => write!(f, "lead time is too long a number"),
            LeadTimeNotDays { element, value } => {
                write!(f, "{element} {value} is not a number of days; ignored")
            }
            LeadTimeUnitUnknown { unit } => {
                write!(f, "lead time in unit \"{unit}\" is not understood; ignored")
            }
            StockNotWhole { value } => write!(f, "stock must be a whole number, not {value}"),
            StockTooLarge => write!(f, "stock is too large a number"),
            NoCurrency => write!(f, "no currency, and the file sets none for all items"),
            CurrencyObsolete { currency } => write!(
                f,
                "currency {currency} is obsolete (withdrawn from ISO 4217); prices kept as written"
            ),
            CurrencyUnknown { currency } => write!(
                f,
                "currency \"{currency}\" is not an ISO 4217 currency code"
            ),
            PriceSignOtherCurrency { sign, currency } => write!(
                f,
                "the price is written with \"{sign}\", which is not {currency}, the item's currency"
            ),
            NoPrice => write!(f, "no price"),
            PriceOnRequest => write!(f, "no price: imported as price on request"),
            CategoryMapsLeftOut { count } => write!(
                f,
                "{count} filings of articles under the supplier's categories were left out: \
                 their category is not in the file's tree, or there were too many"
            ),
            PriceWithoutAmount { element } => write!(f, "price without {element}"),
            PriceWithoutCurrency => write!(
                f,
                "price without PRICE_CURRENCY, and the header names no CURRENCY"
            ),
            PriceAmountWithoutCurrency => write!(f, "PriceAmount without currencyID"),
            PriceComputationOutOfRange { formula } => write!(f, "{formula} is out of range"),
            PriceOtherCurrency { currency, item_currency } => write!(
                f,
                "price in {currency} ignored: this item is priced in {item_currency}"
            ),
            TwoPricesOneQuantity { quantity, first, second } => {
                write!(f, "two prices from quantity {quantity}: {first} and {second}")
            }
            TierBelowMinimum { first, minimum } => write!(
                f,
                "a price tier starts at {first}, below the minimum order quantity {minimum}"
            ),
            TierAboveMinimum { first, minimum } => write!(
                f,
                "the first price tier starts at {first}, above the minimum order quantity \
                 {minimum}: there is no price from {minimum}"
            ),
            NoOrderUnit { element } => write!(
                f,
                "no {}; assuming piece (H87)",
                element.as_deref().unwrap_or("order unit")
            ),
            UnitUnknown { unit, kept } => write!(
                f,
                "unit \"{unit}\" is not a known UN/ECE Rec 20 code; kept as {kept}"
            ),
            GtinInvalid { gtin, problem, spreadsheet } => {
                let hint = if *spreadsheet {
                    " (it looks like a spreadsheet turned it into a number like 4.00638E+12: \
                     format the column as text)"
                } else {
                    ""
                };
                write!(f, "GTIN {gtin} is not valid ({problem}){hint}; kept so it can be checked")
            }
            UnspscNot8Digits { code } => {
                write!(f, "UNSPSC code \"{code}\" does not have 8 digits; kept")
            }
            AttributesCut { limit } => {
                use crate::catalog::attribute::AttributeLimit;
                match limit {
                    AttributeLimit::Attributes { max } => write!(
                        f,
                        "more than {max} attributes: only the first {max} are kept"
                    ),
                    AttributeLimit::Values { max } => write!(
                        f,
                        "an attribute has more than {max} values: only the first {max} are kept"
                    ),
                    AttributeLimit::Text { max } => write!(
                        f,
                        "an attribute text is longer than {max} characters: it is cut"
                    ),
                }
            }
            CatalogLineWithoutItem => write!(f, "catalogue line without Item"),
            MediaCut { max } => write!(
                f,
                "more than {max} pictures and documents, or an address or caption too long: \
                 the rest was not imported"
            ),
            EmbeddedFileLeftOut { name } => write!(
                f,
                "the document “{name}” embedded in the file is not kept (items keep addresses \
                 of pictures and documents, not the files)"
            ),
            OtherSuppliersItem { supplier, expected } => {
                write!(f, "item belongs to supplier {supplier}, not {expected}")
            }
            PriceForUnknownItem { sku } => write!(
                f,
                "a price for {sku} cannot be applied: the catalog has no such item"
            ),
            WithdrawNothingHeld { supplier } => write!(
                f,
                "the file withdraws the catalog of {supplier}, but none of its items are held: \
                 there is nothing to withdraw"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_unique_snake_case_and_each_has_an_example() {
        let source = include_str!("kind.rs");
        let declared: BTreeSet<&str> = source
            .lines()
            .filter_map(|l| l.split("=> \"import.").nth(1))
            .filter_map(|rest| rest.split('"').next())
            .collect();
        let examples = IssueKind::examples();
        let mut covered = BTreeSet::new();
        for kind in &examples {
            let code = kind.code();
            let name = code.strip_prefix("import.").expect(code);
            assert!(
                !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{code} is not import.snake_case"
            );
            covered.insert(name);
            let english = kind.to_string();
            assert!(
                !english.is_empty() && !english.contains("{"),
                "{code}: {english}"
            );
        }
        assert_eq!(covered, declared, "every code has an example");
        // One code per variant: two variants sharing a code would collapse in this count.
        let variants = source
            .split("pub fn code(&self)")
            .nth(1)
            .expect("code()")
            .split("pub fn examples")
            .next()
            .expect("examples()")
            .matches("=> \"import.")
            .count();
        assert_eq!(variants, declared.len(), "codes are unique");
    }

    #[test]
    fn kinds_round_trip_and_old_issues_still_read() {
        for kind in IssueKind::examples() {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(serde_json::from_str::<IssueKind>(&json).unwrap(), kind);
        }
        let old = r#"{"severity":"Error","location":{"line":3,"path":"price"},"sku":"A","message":"no price"}"#;
        let issue: super::super::ImportIssue = serde_json::from_str(old).unwrap();
        assert_eq!(*issue.kind, IssueKind::Unclassified);
        assert_eq!(issue.message, "no price");
    }
}

/// A file size as the import page states its limit: a number and its unit, `bytes`, `KB` or
/// `MB` (of 1,024 and 1,048,576 bytes), with one decimal when not whole, rounded up so a file
/// just over the limit never reads as the limit itself (`64 MB`, `66.8 MB`, `3.8 KB`).
pub fn file_size(bytes: u64) -> (String, &'static str) {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    let (unit, name) = match bytes {
        b if b < KB => return (b.to_string(), "bytes"),
        b if b < MB => (KB, "KB"),
        _ => (MB, "MB"),
    };
    let tenths = (u128::from(bytes) * 10).div_ceil(u128::from(unit));
    let number = if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    };
    (number, name)
}

fn size_en(bytes: u64) -> String {
    let (n, unit) = file_size(bytes);
    format!("{n} {unit}")
}

#[cfg(test)]
mod size_tests {
    use super::size_en;

    #[test]
    fn sizes_read_as_the_page_states_the_limit() {
        // The import page says "up to 64 MB" (`Msg::Formats`): the error must say the same.
        let max = crate::import::ImportLimits::default().max_bytes as u64;
        assert_eq!(size_en(max), "64 MB");
        // Rounded up, so a file just over the limit never reads as the limit itself.
        assert_eq!(size_en(max + 1), "64.1 MB");
        assert_eq!(size_en(70_000_000), "66.8 MB");
        assert_eq!(size_en(3_831), "3.8 KB");
        assert_eq!(size_en(1_024), "1 KB");
        assert_eq!(size_en(100), "100 bytes");
        assert_eq!(size_en(u64::MAX), "17592186044416 MB");
    }
}
