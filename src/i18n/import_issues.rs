//! Catalog-import issues in the buyer's language. The core reports each problem as an
//! [`IssueKind`] (a stable code with typed arguments); this is the one place that says every kind
//! in English and Simplified Chinese. The English text is the core's own sentence (its
//! `Display`, also the issue's `message`); the Chinese is written here. The `match` is
//! exhaustive: a new kind without its Chinese text does not compile.

use super::plural::{self, Form};
use super::Lang;
use procura_catalog::catalog::attribute::AttributeLimit;
use procura_catalog::import::csv::DecimalSeparator;
use procura_catalog::import::{
    file_size, Bound, FieldName, GtinProblem, ImportIssue, IssueKind, JsonPlace, JsonSyntax,
    JsonType, NumberProblem, RecordName,
};

/// A file's size as import texts say it, in the units of the import's limits (`12.4 MB`;
/// `300 字节` in Chinese).
pub fn size(bytes: u64, lang: Lang) -> String {
    match (file_size(bytes), lang) {
        ((n, "bytes"), Lang::ZhCn) => format!("{n} 字节"),
        ((n, unit), _) => format!("{n} {unit}"),
    }
}

/// An issue's text in `lang`.
pub fn issue_text(issue: &ImportIssue, lang: Lang) -> String {
    match (issue.kind.as_ref(), lang) {
        // Stored before issues had kinds: its English message is all there is.
        (IssueKind::Unclassified, Lang::En) => issue.message.clone(),
        (IssueKind::Unclassified, Lang::ZhCn) => format!("导入问题：{}", issue.message),
        (kind, lang) => kind_text(kind, lang),
    }
}

/// A kind's text in `lang`.
pub fn kind_text(kind: &IssueKind, lang: Lang) -> String {
    match lang {
        Lang::En => kind.to_string(),
        Lang::ZhCn => zh(kind),
    }
}

/// "1 error" / "2 errors": a count of the import's errors, by the language's plural rules.
pub fn errors(lang: Lang, n: usize) -> String {
    match (lang, plural::form(lang, n as u64)) {
        (Lang::En, Form::One) => format!("{n} error"),
        (Lang::En, _) => format!("{n} errors"),
        (Lang::ZhCn, _) => format!("{n} 个错误"),
    }
}

/// "1 warning" / "2 warnings".
pub fn warnings(lang: Lang, n: usize) -> String {
    match (lang, plural::form(lang, n as u64)) {
        (Lang::En, Form::One) => format!("{n} warning"),
        (Lang::En, _) => format!("{n} warnings"),
        (Lang::ZhCn, _) => format!("{n} 条警告"),
    }
}

/// "1 item ready to import" / "2 items ready to import".
pub fn items_ready(lang: Lang, n: usize) -> String {
    match (lang, plural::form(lang, n as u64)) {
        (Lang::En, Form::One) => format!("{n} item ready to import"),
        (Lang::En, _) => format!("{n} items ready to import"),
        (Lang::ZhCn, _) => format!("{n} 件商品可导入"),
    }
}

/// Where an issue is, or a column's name, as the buyer reads it: a column of a file without a
/// header row is named by the core `Column 3` (the mapping keeps that name), said `第 3 列` in
/// Chinese. Everything else is the file's own text (headers, element paths) and stays as written.
pub fn place(path: &str, lang: Lang) -> String {
    match (lang, path.strip_prefix("Column ")) {
        (Lang::ZhCn, Some(n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            format!("第 {n} 列")
        }
        _ => path.to_owned(),
    }
}

/// A column in a Chinese sentence: `第 3 列` for a file without a header row, else `“Staffel”列`.
fn column_zh(column: &str) -> String {
    match place(column, Lang::ZhCn) {
        said if said != column => said,
        _ => format!("“{column}”列"),
    }
}

/// Why a partial import is offered: how many items have errors, and what skipping means.
pub fn partial_offer(lang: Lang, valid: usize, skipped: usize) -> String {
    let total = valid.saturating_add(skipped);
    match (lang, plural::form(lang, skipped as u64)) {
        (Lang::En, Form::One) => format!(
            "1 of {total} items has errors. You can import the {valid} valid items and skip it: \
             a skipped item stays as it is in the catalog, and the report lists it with the reasons."
        ),
        (Lang::En, _) => format!(
            "{skipped} of {total} items have errors. You can import the {valid} valid items and \
             skip the others: skipped items stay as they are in the catalog, and the report lists \
             them with the reasons."
        ),
        (Lang::ZhCn, _) => format!(
            "{total} 件商品中有 {skipped} 件有错误。您可以只导入 {valid} 件有效商品并跳过其余商品：\
             跳过的商品在目录中保持不变，报告中列出了它们及原因。"
        ),
    }
}

/// The button that imports a file's valid part: "Import the 8 valid items and skip 2".
pub fn import_valid(lang: Lang, valid: usize, skipped: usize) -> String {
    match (lang, plural::form(lang, valid as u64)) {
        (Lang::En, Form::One) => format!("Import the 1 valid item and skip {skipped}"),
        (Lang::En, _) => format!("Import the {valid} valid items and skip {skipped}"),
        (Lang::ZhCn, _) => format!("导入 {valid} 件有效商品，跳过 {skipped} 件"),
    }
}

/// After a partial import: how many items were left out.
pub fn skipped_done(lang: Lang, skipped: usize) -> String {
    match (lang, plural::form(lang, skipped as u64)) {
        (Lang::En, Form::One) => {
            "1 item was skipped for its errors; it is unchanged in the catalog.".to_owned()
        }
        (Lang::En, _) => format!(
            "{skipped} items were skipped for their errors; they are unchanged in the catalog."
        ),
        (Lang::ZhCn, _) => format!("{skipped} 件商品因错误被跳过，在目录中保持不变。"),
    }
}

/// "+ 1 more in the downloadable report".
pub fn more_in_report(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("+ {n} more in the downloadable report"),
        Lang::ZhCn => format!("另有 {n} 条，见可下载的报告"),
    }
}

/// The import's outcome: added, changed, unchanged, withdrawn.
pub fn imported(lang: Lang, added: usize, changed: usize, unchanged: usize, gone: usize) -> String {
    match lang {
        Lang::En => format!(
            "Imported: {added} added · {changed} changed · {unchanged} unchanged · {gone} withdrawn"
        ),
        Lang::ZhCn => {
            format!("已导入：新增 {added} 件 · 修改 {changed} 件 · 未变 {unchanged} 件 · 下架 {gone} 件")
        }
    }
}

fn field_zh(field: &FieldName) -> String {
    match field {
        FieldName::ContentPerOrderUnit => "每订购单位内含数量".into(),
        FieldName::LeadTime => "交货期".into(),
        FieldName::Stock => "库存".into(),
        FieldName::MinimumOrderQuantity => "最小起订量".into(),
        FieldName::TierQuantity => "阶梯数量".into(),
        FieldName::Price => "价格".into(),
        FieldName::Element(name) => format!("元素 {name}"),
    }
}

fn mark_zh(mark: DecimalSeparator) -> &'static str {
    match mark {
        DecimalSeparator::Point => "点（.）",
        DecimalSeparator::Comma => "逗号（,）",
    }
}

fn number_zh(problem: &NumberProblem) -> String {
    match problem {
        NumberProblem::Empty => "为空，需要填写数字".into(),
        NumberProblem::WrongMark { text, mark } => {
            format!("“{text}”不是以{}作小数分隔符的数字", mark_zh(*mark))
        }
        NumberProblem::CommaInXml { text } => {
            format!("“{text}”不是数字：小数请用小数点（1.5），不要用逗号")
        }
        NumberProblem::NotANumber { text } => format!("“{text}”不是数字"),
        NumberProblem::Unusable { text, detail } => {
            format!("“{text}”不是可用的数字（{detail}）")
        }
        NumberProblem::OutOfRange { text, max } => format!("“{text}”超出范围（最大 {max}）"),
    }
}

fn json_type_zh(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "空值 null",
        JsonType::Bool => "布尔值 true/false",
        JsonType::Number => "数字",
        JsonType::String => "字符串",
        JsonType::Array => "数组",
        JsonType::Object => "对象",
    }
}

fn json_place_zh(p: JsonPlace) -> &'static str {
    match p {
        JsonPlace::File => "Procura 目录文件",
        JsonPlace::Item => "商品",
        JsonPlace::Text => "文本",
        JsonPlace::PriceTier => "阶梯价格",
        JsonPlace::Attributes => "属性",
    }
}

fn json_syntax_zh(s: &JsonSyntax) -> String {
    match s {
        JsonSyntax::TrailingText => "JSON 值结束后还有多余内容".into(),
        JsonSyntax::TooDeep { max } => format!("嵌套超过 {max} 层"),
        JsonSyntax::UnexpectedEnd => "文件意外结束，此处应为一个值".into(),
        JsonSyntax::UnexpectedChar { found } => format!("意外的字符 “{found}”，此处应为一个值"),
        JsonSyntax::UnexpectedWord => "意外的单词，此处应为一个值（字符串需用双引号）".into(),
        JsonSyntax::ExpectedMemberName => "此处应为用双引号括起的成员名".into(),
        JsonSyntax::ExpectedColon => "成员名后应为冒号 “:”".into(),
        JsonSyntax::ExpectedCommaOrBrace => "此处应为逗号或右花括号".into(),
        JsonSyntax::ExpectedCommaOrBracket => "此处应为逗号或右方括号".into(),
        JsonSyntax::ExpectedDigits => "此处应为数字".into(),
        JsonSyntax::LeadingZero => "数字不能以 0 开头（GTIN 或编码请写成字符串）".into(),
        JsonSyntax::ExpectedFractionDigits => "小数点后应为数字".into(),
        JsonSyntax::ExpectedExponentDigits => "指数部分应为数字".into(),
        JsonSyntax::ExpectedHex => "\\u 后应为四位十六进制数字".into(),
        JsonSyntax::EndsInString => "文件在字符串中间结束".into(),
        JsonSyntax::UnknownEscape => "字符串中有未知的转义符".into(),
        JsonSyntax::ControlCharacter => "字符串中的控制字符（如换行）必须转义".into(),
        JsonSyntax::LoneSurrogate => "\\u 转义中有不成对的 UTF-16 代理项".into(),
    }
}

fn record_zh(r: RecordName) -> &'static str {
    match r {
        RecordName::Article => "条商品（ARTICLE）",
        RecordName::CatalogueLine => "条目录行（CatalogueLine）",
        RecordName::Item => "件商品",
        RecordName::Row => "行",
    }
}

fn gtin_zh(p: &GtinProblem) -> String {
    match p {
        GtinProblem::Length { digits } => {
            format!("GTIN 应为 8、12、13 或 14 位数字，此处为 {digits} 位")
        }
        GtinProblem::NotDigits => "GTIN 只能包含数字".into(),
        GtinProblem::CheckDigit { found, expected } => {
            format!("校验位为 {found}，应为 {expected}")
        }
    }
}

fn zh(kind: &IssueKind) -> String {
    use IssueKind::*;
    match kind {
        Unclassified => "导入问题".into(),
        UnknownFormat { file } => {
            format!("{file}：不是 CSV、BMEcat、Peppol 目录或 Procura JSON 文件")
        }
        FileTooLarge { bytes, max } => {
            let (bytes, max) = (size(*bytes, Lang::ZhCn), size(*max, Lang::ZhCn));
            format!("文件大小为 {bytes}，超过导入上限 {max}")
        }
        FileUnreadable { file, detail } => format!("无法读取 {file}：{detail}"),
        DecoderMissing { encoding } => format!("此浏览器无法解码 {encoding} 编码"),
        Utf16 => "文件为 UTF-16 编码，请另存为 UTF-8".into(),
        NotUtf8 { offset } => format!("文件不是有效的 UTF-8（第 {offset} 字节处有错误字节）"),
        UnsupportedEncoding { encoding } => {
            format!("文件声明的编码 “{encoding}” 不受支持，请另存为 UTF-8")
        }
        FileEmpty => "文件为空".into(),
        CsvUnreadable { detail } => format!("无法按 CSV 读取文件：{detail}"),
        TooManyRecords { max, record } => {
            format!("超过 {max} {}，超出导入上限", record_zh(*record))
        }
        MoreIssues { more } => format!("另有 {more} 个同类问题未列出"),
        XmlMalformed { detail } => format!("XML 格式错误：{detail}"),
        XmlMalformedAttribute { detail } => format!("XML 属性格式错误：{detail}"),
        XmlMalformedText { detail } => format!("文本格式错误：{detail}"),
        XmlMalformedCdata { detail } => format!("CDATA 格式错误：{detail}"),
        XmlNameTooLong {
            attribute,
            start,
            bytes,
            max,
        } => {
            let what = if *attribute { "属性" } else { "元素" };
            format!("{what}名 {start}… 长 {bytes} 字节，超过上限 {max} 字节")
        }
        XmlTooDeep { max } => format!("元素嵌套超过 {max} 层，已拒绝"),
        XmlSecondRoot { element } => format!("XML 格式错误：出现第二个根元素 <{element}>"),
        XmlTooManyAttributes { element, max } => {
            format!("元素 <{element}> 的属性超过 {max} 个")
        }
        XmlAttributeUnreadable { attribute, detail } => {
            format!("属性 {attribute}：{detail}（实体从不展开）")
        }
        XmlInvalidCharRef { reference } => format!("无效的字符引用 &{reference};"),
        XmlUnknownEntity { reference } => {
            format!("未知的实体引用 &{reference};（实体从不展开）")
        }
        XmlTextOutsideRoot => "XML 格式错误：根元素之外有文本".into(),
        XmlEndsInside { path } => format!("XML 格式错误：文件在 {path} 内部结束"),
        XmlNoRoot => "XML 格式错误：没有根元素".into(),
        XmlRecordTooLarge { max } => format!("单条记录的元素超过 {max} 个，已拒绝"),
        DtdEntity => "DOCTYPE 声明了实体（<!ENTITY …>）：实体声明会被拒绝，因为它们可读取本地文件（XXE）或无限展开（“十亿笑”攻击）".into(),
        DtdExternalEntity => "DOCTYPE 声明了外部参数实体，已拒绝".into(),
        DtdMalformedEntity => "DOCTYPE 中的实体声明格式错误，已拒绝".into(),
        DtdEntityReference => "DOCTYPE 声明的参数实体引用了其他实体，已拒绝".into(),
        NotBmecat { root } => format!("不是 BMEcat 文件：根元素是 <{root}>，而不是 <BMECAT>"),
        NotPeppol { root } => {
            format!("不是 Peppol 目录：根元素是 <{root}>，而不是 <Catalogue>")
        }
        BmecatSecondTransaction { element } => {
            format!("出现第二个事务 <{element}>；一个文件只能包含一个事务")
        }
        BmecatNoTransaction => {
            "缺少 T_NEW_CATALOG、T_UPDATE_PRODUCTS 或 T_UPDATE_PRICES 事务".into()
        }
        PeppolActionUnsupported { action } => {
            format!("不支持目录操作代码（ActionCode）“{action}”")
        }
        JsonMalformed {
            line,
            column,
            problem,
        } => format!(
            "JSON 格式错误（第 {line} 行第 {column} 列）：{}",
            json_syntax_zh(problem)
        ),
        NotProcuraJson { format } => {
            format!("不是 Procura 目录文件：缺少 \"format\": \"{format}\"")
        }
        JsonWrongFormat { format } => {
            format!("format 必须为 \"{format}\"（本应用可读取的版本）")
        }
        JsonNotObject { place, found } => format!(
            "{}必须是对象，而不是{}",
            json_place_zh(*place),
            json_type_zh(*found)
        ),
        JsonDuplicateMember { member, place } => {
            format!("“{member}”在{}中出现了两次", json_place_zh(*place))
        }
        JsonUnknownMember { member, place } => {
            format!("{}中有未知成员“{member}”，已忽略", json_place_zh(*place))
        }
        JsonUnusableNumber { number, detail } => {
            format!("{number} 不是可用的数字（{detail}）")
        }
        JsonNotScalar { found } => {
            format!("此处应为字符串或数字，而不是{}", json_type_zh(*found))
        }
        JsonNotString { member, found } => {
            format!("{member} 必须是字符串，而不是{}", json_type_zh(*found))
        }
        JsonNotArray { member, found } => {
            format!("{member} 必须是数组，而不是{}", json_type_zh(*found))
        }
        JsonUnknownAction { action } => {
            format!("action “{action}” 无效，应为 replace、update 或 update_prices 之一")
        }
        JsonNoItems => "缺少 \"items\" 数组".into(),
        JsonEmptyReplace => "没有商品：用空文件替换将下架整个目录".into(),
        JsonDeletedWithoutUpdate => {
            "\"deleted\" 只能与 \"action\": \"update\" 一起使用（替换会下架文件中未列出的商品）"
                .into()
        }
        JsonDeletedNotSku => "deleted 中的每一项必须是货号".into(),
        JsonSkuItemAndDeleted { sku } => format!("{sku} 同时出现在 items 和 deleted 中"),
        JsonTierWithoutPrice => "阶梯价格缺少 unit_price".into(),
        CsvMappingNoSku => "未选择货号（供应商的商品编号，SKU）所在的列".into(),
        CsvMappingNoPrice => "未选择价格所在的列".into(),
        CsvMappingBadDelimiter { delimiter } => {
            format!("分隔符 “{delimiter}” 无效，应为 , ; | 或制表符")
        }
        CsvMappingNoCurrency => "没有币种：请选择币种列，或为整个文件指定一种币种".into(),
        CsvColumnWithoutHeader { column } => format!(
            "文件没有标题行，列名应为 Column 1、Column 2 …，而不是“{column}”"
        ),
        CsvColumnMissing { column, columns } => format!(
            "文件中没有“{column}”列（文件的列：{}）",
            columns.join("、")
        ),
        CsvColumnTwice { column, count } => {
            format!("有 {count} 列都名为“{column}”，读取第一列")
        }
        CsvNoRows => "文件中没有商品行".into(),
        CsvRowShort { cells, header } => format!(
            "该行有 {cells} 个单元格，标题行有 {header} 个：是否缺少分隔符，或引号外有换行？"
        ),
        CsvRowLong { cells, header } => format!(
            "该行有 {cells} 个单元格，标题行有 {header} 个：包含分隔符的值必须加引号"
        ),
        CsvRowTooFewCells { cells, column } => {
            format!("该行只有 {cells} 个单元格，读不到{}", column_zh(column))
        }
        CsvTierPriceWithoutQuantity { column } => {
            format!("阶梯价格缺少数量（{}）", column_zh(column))
        }
        CsvTierQuantityWithoutPrice { column } => {
            format!("阶梯数量缺少价格（{}）", column_zh(column))
        }
        CsvTierMalformed { tier } => {
            format!("阶梯“{tier}”未按 数量:价格 的格式书写（例如 1:24.00;10:21.60）")
        }
        NoSku => "缺少货号（供应商的商品编号）".into(),
        SkuElementMissing { element } => format!("商品缺少 {element}（供应商的商品编号）"),
        NoName => "缺少名称（英文或中文）".into(),
        NameElementMissing { element } => format!("缺少 {element}（商品名称）"),
        DetailsMissing { element } => {
            format!("缺少 {element}（其中的 DESCRIPTION_SHORT 为名称）")
        }
        SkuTwice { sku, first_line } => {
            format!("货号 {sku} 出现了两次（第一次在第 {first_line} 行）")
        }
        BadNumber {
            field,
            problem,
            hint,
        } => {
            let hint = match hint {
                None => String::new(),
                Some(mark) => format!(
                    "；如果文件用{}表示小数，请将小数格式设为{}",
                    mark_zh(*mark),
                    mark_zh(*mark)
                ),
            };
            format!("{}：{}{hint}", field_zh(field), number_zh(problem))
        }
        NumberBelowBound {
            field,
            bound,
            value,
        } => {
            let bound = match bound {
                Bound::AboveZero => "大于零",
                Bound::ZeroOrMore => "大于或等于零",
            };
            format!("{}必须{bound}，而不是 {value}", field_zh(field))
        }
        Negative { field, value } => format!("{}为负数：{value}", field_zh(field)),
        QuantityOutOfRange { field, value } => format!(
            "{}：数量 {value} 超出范围（大于 0，最大 1,000,000,000，最多 6 位小数）",
            field_zh(field)
        ),
        PriceOutOfRange { field, value } => format!(
            "{}：价格 {value} 超出范围（0 至 1,000,000,000,000，最多 6 位小数）",
            field_zh(field)
        ),
        LeadTimeTooLong => "交货期数值过大".into(),
        LeadTimeNotDays { element, value } => {
            format!("{element} {value} 不是有效的天数，已忽略")
        }
        LeadTimeUnitUnknown { unit } => format!("无法识别交货期单位“{unit}”，已忽略"),
        StockNotWhole { value } => format!("库存必须是整数，而不是 {value}"),
        StockTooLarge => "库存数值过大".into(),
        NoCurrency => "没有币种，且文件未为所有商品指定币种".into(),
        CurrencyObsolete { currency } => {
            format!("币种 {currency} 已停用（已从 ISO 4217 中撤销）；价格按原样保留")
        }
        CurrencyUnknown { currency } => format!("“{currency}”不是 ISO 4217 币种代码"),
        PriceSignOtherCurrency { sign, currency } => {
            format!("价格带有“{sign}”，与商品的币种 {currency} 不符")
        }
        NoPrice => "没有价格".into(),
        PriceOnRequest => "没有价格：按“价格面议”导入".into(),
        CategoryMapsLeftOut { count } => {
            format!("有 {count} 条商品分类归属未导入：其分类不在文件的分类树中，或数量超出上限")
        }
        PriceWithoutAmount { element } => format!("价格缺少 {element}"),
        PriceWithoutCurrency => "价格缺少 PRICE_CURRENCY，且文件头未指定 CURRENCY".into(),
        PriceAmountWithoutCurrency => "PriceAmount 缺少 currencyID".into(),
        PriceComputationOutOfRange { formula } => format!("{formula} 超出范围"),
        PriceOtherCurrency {
            currency,
            item_currency,
        } => format!("已忽略以 {currency} 标价的价格：此商品以 {item_currency} 标价"),
        TwoPricesOneQuantity {
            quantity,
            first,
            second,
        } => format!("数量 {quantity} 起有两个价格：{first} 和 {second}"),
        TierBelowMinimum { first, minimum } => {
            format!("有阶梯价格从 {first} 起，低于最小起订量 {minimum}")
        }
        TierAboveMinimum { first, minimum } => format!(
            "第一个阶梯价格从 {first} 起，高于最小起订量 {minimum}：数量 {minimum} 没有价格"
        ),
        NoOrderUnit { element } => match element {
            Some(element) => format!("缺少 {element}；按“件”（H87）处理"),
            None => "没有订购单位；按“件”（H87）处理".into(),
        },
        UnitUnknown { unit, kept } => {
            format!("单位“{unit}”不是已知的 UN/ECE Rec 20 代码；按 {kept} 保留")
        }
        GtinInvalid {
            gtin,
            problem,
            spreadsheet,
        } => {
            let hint = if *spreadsheet {
                "（看起来电子表格把它变成了 4.00638E+12 这样的数字：请将该列设为文本格式）"
            } else {
                ""
            };
            format!("GTIN {gtin} 无效（{}）{hint}；已保留以便核对", gtin_zh(problem))
        }
        UnspscNot8Digits { code } => format!("UNSPSC 编码“{code}”不是 8 位数字；已保留"),
        AttributesCut { limit } => match limit {
            AttributeLimit::Attributes { max } => format!("属性超过 {max} 个：仅保留前 {max} 个"),
            AttributeLimit::Values { max } => format!("某属性的值超过 {max} 个：仅保留前 {max} 个"),
            AttributeLimit::Text { max } => format!("某属性文字超过 {max} 个字符：已截断"),
        },
        CatalogLineWithoutItem => "目录行（CatalogueLine）缺少 Item".into(),
        MediaCut { max } => format!(
            "图片和文档超过 {max} 个，或地址、说明过长：超出部分未导入"
        ),
        EmbeddedFileLeftOut { name } => format!(
            "文件中内嵌的文档“{name}”未保存（商品只保存图片和文档的地址）"
        ),
        OtherSuppliersItem { supplier, expected } => {
            format!("商品属于供应商 {supplier}，而不是 {expected}")
        }
        PriceForUnknownItem { sku } => format!("无法应用 {sku} 的价格：目录中没有此商品"),
        WithdrawNothingHeld { supplier } => {
            format!("该文件撤回 {supplier} 的目录，但本设备上没有该供应商的商品：无可撤回")
        }
    }
}

/// The error report's header row in `lang`.
pub fn report_header(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::En => ["severity", "line", "where", "article", "problem", "code"],
        Lang::ZhCn => ["级别", "行", "位置", "货号", "问题", "代码"],
    }
}

/// "error" / "warning" in the report.
pub fn severity(lang: Lang, error: bool) -> &'static str {
    match (lang, error) {
        (Lang::En, true) => "error",
        (Lang::En, false) => "warning",
        (Lang::ZhCn, true) => "错误",
        (Lang::ZhCn, false) => "警告",
    }
}
