//! Recognising what a column holds from its header name, in English, German and Chinese, for a
//! first mapping the buyer then checks.

use super::mapping::{ColumnMapping, TierColumns};
use unicode_normalization::UnicodeNormalization;

/// A field of [`ColumnMapping`] that takes one column, for the header table below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Sku,
    NameEn,
    NameZh,
    DescriptionEn,
    DescriptionZh,
    Manufacturer,
    Mpn,
    Gtin,
    Unspsc,
    CategoryPath,
    ImageUrl,
    OrderUnit,
    ContentUnit,
    ContentPerOrderUnit,
    Currency,
    Price,
    Tiers,
    MinQty,
    LeadTimeDays,
    Stock,
}

impl ColumnMapping {
    fn slot(&mut self, slot: Slot) -> &mut Option<String> {
        match slot {
            Slot::Sku => &mut self.sku,
            Slot::NameEn => &mut self.name_en,
            Slot::NameZh => &mut self.name_zh,
            Slot::DescriptionEn => &mut self.description_en,
            Slot::DescriptionZh => &mut self.description_zh,
            Slot::Manufacturer => &mut self.manufacturer,
            Slot::Mpn => &mut self.mpn,
            Slot::Gtin => &mut self.gtin,
            Slot::Unspsc => &mut self.unspsc,
            Slot::CategoryPath => &mut self.category_path,
            Slot::ImageUrl => &mut self.image_url,
            Slot::OrderUnit => &mut self.order_unit,
            Slot::ContentUnit => &mut self.content_unit,
            Slot::ContentPerOrderUnit => &mut self.content_per_order_unit,
            Slot::Currency => &mut self.currency,
            Slot::Price => &mut self.price,
            Slot::Tiers => &mut self.tiers,
            Slot::MinQty => &mut self.min_qty,
            Slot::LeadTimeDays => &mut self.lead_time_days,
            Slot::Stock => &mut self.stock,
        }
    }
}

/// Header names recognised for each field, in English, German and Chinese, written as
/// [`header_key`] reduces them (lower case, letters and digits only), separated by spaces.
/// Documented in `docs/import-formats.md`; keep the two in step.
const HEADERS: &[(Slot, &str)] = &[
    (
        Slot::Sku,
        "sku articlenumber articleno artno itemnumber itemno itemcode productcode productnumber \
         productno productid supplieraid supplierpid suppliersku artikelnummer artikelnr artnr \
         bestellnummer bestellnr 货号 商品编号 产品编号 商品编码 产品编码 物料编码 物料编号 编号",
    ),
    (
        Slot::NameEn,
        "name nameen productname itemname articlename title englishname shortdescription \
         descriptionshort bezeichnung artikelbezeichnung kurzbeschreibung kurztext produktname \
         artikelname 英文名称",
    ),
    (Slot::NameZh, "namezh namecn chinesename 名称 品名 商品名称 产品名称 中文名称 物料名称"),
    (
        Slot::DescriptionEn,
        "description descriptionen longdescription descriptionlong details beschreibung \
         langbeschreibung langtext artikelbeschreibung 英文描述",
    ),
    (Slot::DescriptionZh, "descriptionzh descriptioncn 描述 商品描述 产品描述 详细描述 中文描述 说明 产品说明"),
    (
        Slot::Manufacturer,
        "manufacturer manufacturername brand make mfr hersteller herstellername marke 制造商 生产商 \
         生产厂家 厂家 厂商 品牌",
    ),
    (
        Slot::Mpn,
        "mpn manufacturerpartnumber manufacturerpartno mfrpartnumber mfrpartno mfrpn partnumber \
         partno manufactureraid manufacturerpid herstellerartikelnummer herstellernummer \
         herstellerteilenummer herstellerartnr 制造商型号 型号 厂家型号 规格型号",
    ),
    (Slot::Gtin, "gtin gtin13 gtin14 ean ean13 eancode eannummer upc barcode 条码 条形码 商品条码 国际条码"),
    (Slot::Unspsc, "unspsc unspsccode unspsc编码 unspsc代码"),
    (
        Slot::CategoryPath,
        "category categorypath categories productcategory producttype categorytree kategorie \
         kategoriepfad warengruppe 分类 类别 类目 商品分类 产品分类 分类路径",
    ),
    (
        Slot::ImageUrl,
        "image imageurl imageurls images imagelink picture pictureurl photo photourl thumbnail \
         bild bildurl bilder produktbild abbildung 图片 图片地址 图片链接 商品图片 产品图片 主图",
    ),
    (
        Slot::OrderUnit,
        "unit orderunit uom unitofmeasure salesunit einheit bestelleinheit mengeneinheit \
         verkaufseinheit 单位 订购单位 计量单位 销售单位",
    ),
    (Slot::ContentUnit, "contentunit contentuom inhaltseinheit 内容单位 包装内单位 最小单位"),
    (
        Slot::ContentPerOrderUnit,
        "contentperorderunit packsize packagesize packqty packquantity unitsperpack qtyperpack \
         nocuperou inhalt packungsgröße packungsgroesse packungsinhalt 包装数量 每包数量 装箱数 包装量",
    ),
    (Slot::Currency, "currency curr currencycode währung waehrung 币种 货币 币别"),
    (
        Slot::Price,
        "price unitprice netprice listprice priceperunit preis nettopreis einzelpreis listenpreis \
         stückpreis stueckpreis ekpreis 单价 价格 售价 含税单价 未税单价",
    ),
    (Slot::Tiers, "tiers pricetiers tierprices staffelpreise staffeln 阶梯价 阶梯价格"),
    (
        Slot::MinQty,
        "minqty moq minimumorderquantity minorderqty minorder minimumquantity quantitymin \
         mindestmenge mindestbestellmenge 最小起订量 起订量 最小订购量",
    ),
    (
        Slot::LeadTimeDays,
        "leadtime leadtimedays deliverytime deliverydays lieferzeit lieferzeittage 交货期 交期 货期 交货天数 \
         交货时间",
    ),
    (
        Slot::Stock,
        "stock inventory qtyavailable available availability stockqty bestand lagerbestand \
         verfügbar verfuegbar 库存 库存数量 现货",
    ),
];

/// Words of numbered tier columns (`Qty 2` / `Price 2`, `Staffel 2 ab` / `Staffelpreis 2`).
const TIER_QTY_WORDS: &str =
    "qty quantity minqty tierqty tierquantity from ab staffelab menge staffelmenge 数量 起订量 \
     阶梯数量";
const TIER_PRICE_WORDS: &str =
    "price tierprice unitprice preis staffelpreis einzelpreis 价格 单价 阶梯价格 阶梯价";

/// A header reduced for matching: compatibility-normalised, lower case, letters and digits only,
/// with any parenthesised part set aside (`Preis (EUR)` → `preis`, note `EUR`).
pub(crate) fn header_key(header: &str) -> (String, String) {
    let header: String = header.nfkc().collect();
    let mut key = String::new();
    let mut note = String::new();
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if c.is_alphanumeric() && depth > 0 => note.extend(c.to_uppercase()),
            c if c.is_alphanumeric() => key.extend(c.to_lowercase()),
            _ => {}
        }
    }
    (key, note)
}

/// The field a header names: with its parenthesised note first (`Name (zh)` is `namezh`), else
/// without (`Preis (EUR)` is `preis`).
fn slot_for(header: &str) -> Option<Slot> {
    let (key, note) = header_key(header);
    let with_note = format!("{key}{}", note.to_lowercase());
    slot_of(&with_note).or_else(|| slot_of(&key))
}

/// Whether a header names a field (used to recognise a header row).
pub(crate) fn recognised(header: &str) -> bool {
    slot_for(header).is_some() || tier_column(header).is_some()
}

fn slot_of(key: &str) -> Option<Slot> {
    let find = |k: &str| {
        HEADERS
            .iter()
            .find(|(_, names)| names.split_whitespace().any(|n| n == k))
            .map(|(slot, _)| *slot)
    };
    find(key).or_else(|| {
        // `Price EUR`, `Preis in EUR`: a trailing currency code names the currency, not the field.
        let cut = key.len().checked_sub(3)?;
        let (rest, code) = (key.get(..cut)?, key.get(cut..)?);
        let rest = rest.strip_suffix("in").unwrap_or(rest);
        procura_ground::currency::is_active(&code.to_ascii_uppercase())
            .then(|| find(rest))
            .flatten()
    })
}

/// A currency a header names: `Preis (EUR)`, `Price in USD`, `单价（元）`.
fn currency_in(header: &str) -> Option<String> {
    let (key, note) = header_key(header);
    if note == "元" || note == "RMB" || note == "人民币" {
        return Some("CNY".into());
    }
    if procura_ground::currency::is_active(&note) {
        return Some(note);
    }
    let code = key.get(key.len().checked_sub(3)?..)?.to_ascii_uppercase();
    procura_ground::currency::is_active(&code).then_some(code)
}

/// Whether a header is one of a numbered tier pair: (tier number, is the quantity column).
fn tier_column(header: &str) -> Option<(u32, bool)> {
    let (key, _) = header_key(header);
    let digits: String = key
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    let number: u32 = digits.parse().ok()?;
    let word = key.replacen(&digits, "", 1);
    let listed = |words: &str| words.split_whitespace().any(|w| w == word);
    if listed(TIER_QTY_WORDS) {
        Some((number, true))
    } else if listed(TIER_PRICE_WORDS) {
        Some((number, false))
    } else {
        None
    }
}

/// A first mapping from the header names: each field takes the first column whose name it
/// recognises (see `docs/import-formats.md` for the names), numbered quantity and price columns
/// pair up as tiers, and a currency in the price column's name (`Preis (EUR)`) becomes the fixed
/// currency when no column holds one. The buyer checks and corrects it on the preview screen.
pub fn suggest_mapping(headers: &[String]) -> ColumnMapping {
    let mut mapping = ColumnMapping::default();
    let mut used = vec![false; headers.len()];
    for (i, header) in headers.iter().enumerate() {
        if let Some(slot) = slot_for(header) {
            let target = mapping.slot(slot);
            if target.is_none() {
                *target = Some(header.trim().to_owned());
                used[i] = true;
            }
        }
    }
    let numbered: Vec<(usize, u32, bool)> = headers
        .iter()
        .enumerate()
        .filter(|(i, _)| !used[*i])
        .filter_map(|(i, h)| tier_column(h).map(|(n, qty)| (i, n, qty)))
        .collect();
    let mut numbers: Vec<u32> = numbered.iter().map(|(_, n, _)| *n).collect();
    numbers.sort_unstable();
    numbers.dedup();
    for n in numbers {
        let column = |want_qty: bool| {
            numbered
                .iter()
                .find(|(_, m, qty)| *m == n && *qty == want_qty)
                .map(|(i, _, _)| headers[*i].trim().to_owned())
        };
        if let (Some(min_qty), Some(price)) = (column(true), column(false)) {
            mapping.tier_columns.push(TierColumns { min_qty, price });
        }
    }
    if mapping.currency.is_none() {
        let price_headers = mapping
            .price
            .iter()
            .chain(mapping.tier_columns.iter().map(|t| &t.price));
        mapping.fixed_currency = price_headers
            .chain(mapping.tiers.iter())
            .find_map(|h| currency_in(h));
    }
    mapping
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggest(headers: &[&str]) -> ColumnMapping {
        suggest_mapping(&headers.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn english_headers() {
        let m = suggest(&[
            "SKU",
            "Name",
            "Name (zh)",
            "Description",
            "EAN",
            "Unit",
            "Pack size",
            "Price",
            "Currency",
            "MOQ",
            "Lead time (days)",
            "Stock",
        ]);
        assert_eq!(m.sku.as_deref(), Some("SKU"));
        assert_eq!(m.name_en.as_deref(), Some("Name"));
        assert_eq!(m.name_zh.as_deref(), Some("Name (zh)"));
        assert_eq!(m.description_en.as_deref(), Some("Description"));
        assert_eq!(m.gtin.as_deref(), Some("EAN"));
        assert_eq!(m.order_unit.as_deref(), Some("Unit"));
        assert_eq!(m.content_per_order_unit.as_deref(), Some("Pack size"));
        assert_eq!(m.price.as_deref(), Some("Price"));
        assert_eq!(m.currency.as_deref(), Some("Currency"));
        assert_eq!(m.min_qty.as_deref(), Some("MOQ"));
        assert_eq!(m.lead_time_days.as_deref(), Some("Lead time (days)"));
        assert_eq!(m.stock.as_deref(), Some("Stock"));
        assert_eq!(m.fixed_currency, None);
    }

    #[test]
    fn german_headers_with_currency_and_tiers() {
        let m = suggest(&[
            "Artikelnummer",
            "Bezeichnung",
            "Hersteller",
            "Hersteller-Artikelnummer",
            "Mengeneinheit",
            "Preis (EUR)",
            "Staffel 2 ab",
            "Staffelpreis 2",
            "Lieferzeit",
        ]);
        assert_eq!(m.sku.as_deref(), Some("Artikelnummer"));
        assert_eq!(m.name_en.as_deref(), Some("Bezeichnung"));
        assert_eq!(m.manufacturer.as_deref(), Some("Hersteller"));
        assert_eq!(m.mpn.as_deref(), Some("Hersteller-Artikelnummer"));
        assert_eq!(m.order_unit.as_deref(), Some("Mengeneinheit"));
        assert_eq!(m.price.as_deref(), Some("Preis (EUR)"));
        assert_eq!(m.fixed_currency.as_deref(), Some("EUR"));
        assert_eq!(
            m.tier_columns,
            [TierColumns {
                min_qty: "Staffel 2 ab".into(),
                price: "Staffelpreis 2".into()
            }]
        );
        assert_eq!(m.lead_time_days.as_deref(), Some("Lieferzeit"));
    }

    #[test]
    fn chinese_headers() {
        let m = suggest(&[
            "货号",
            "商品名称",
            "品牌",
            "型号",
            "条码",
            "单位",
            "单价（元）",
            "库存",
            "交货期",
        ]);
        assert_eq!(m.sku.as_deref(), Some("货号"));
        assert_eq!(m.name_zh.as_deref(), Some("商品名称"));
        assert_eq!(m.name_en, None);
        assert_eq!(m.manufacturer.as_deref(), Some("品牌"));
        assert_eq!(m.mpn.as_deref(), Some("型号"));
        assert_eq!(m.gtin.as_deref(), Some("条码"));
        assert_eq!(m.order_unit.as_deref(), Some("单位"));
        assert_eq!(m.price.as_deref(), Some("单价（元）"));
        assert_eq!(m.fixed_currency.as_deref(), Some("CNY"));
        assert_eq!(m.stock.as_deref(), Some("库存"));
        assert_eq!(m.lead_time_days.as_deref(), Some("交货期"));
    }

    #[test]
    fn unknown_headers_map_nothing_and_first_match_wins() {
        let m = suggest(&["Foo", "Bar", "Price", "Preis", "Qty 1", "Price 1"]);
        assert_eq!(m.price.as_deref(), Some("Price"));
        assert_eq!(m.sku, None);
        assert_eq!(m.tier_columns.len(), 1);
        let empty = suggest(&[]);
        assert_eq!(empty, ColumnMapping::default());
    }
}
