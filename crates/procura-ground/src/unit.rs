//! UN/ECE Recommendation 20 unit codes: recognising them as suppliers write them, naming them in
//! English and Chinese, and converting between the few that are simple multiples of each other.
//! Rec 20 also admits the package codes of Recommendation 21 as units, prefixed with `X`
//! (`XBX` box, `XCS` case): Peppol catalogues use them, so the common ones are known too.
//!
//! Catalog items store canonical codes ([`normalize`] makes them); the functions here still accept
//! aliases, so data stored before an alias was added shows and compares the same way.

use crate::text::LocalizedText;
use rust_decimal::Decimal;

/// Rec 20 codes accepted as they are.
const REC20: &str = "H87 EA C62 BX PK CT PR MTR LTR KGM RO SET RM PA BG BO CA CS CR DR KT TU BE SA PL TN \
CL DZN GRM MGM TNE LBR ONZ MLT CLT MTQ MTK CMT MMT KTM FOT INH YRD CMK HUR DAY WEE MON ANN MIN E48 NAR \
NPR KWH WTT GLL AS ZZ";

/// Aliases real catalogs use, uppercased, each to its Rec 20 code.
///
/// `ST` is read as the German "Stück" (piece), not as Rec 20's "sheet": most catalogs that write
/// `ST` are German BMEcat files meaning pieces, and reading it as sheets would make their offers
/// incomparable with everyone else's pieces. A sheet of paper is counted as a piece (`张` too).
const ALIASES: &[(&str, &str)] = &[
    // Pieces, in English, German and Chinese.
    ("PCE", "H87"),
    ("PCS", "H87"),
    ("PC", "H87"),
    ("PIECE", "H87"),
    ("PIECES", "H87"),
    ("ST", "H87"),
    ("STK", "H87"),
    ("STCK", "H87"),
    ("STÜCK", "H87"),
    ("STUECK", "H87"),
    ("件", "H87"),
    ("个", "H87"),
    ("只", "H87"),
    ("支", "H87"),
    ("台", "H87"),
    ("把", "H87"),
    ("块", "H87"),
    ("张", "H87"),
    ("SHEET", "H87"),
    ("BLATT", "H87"),
    ("EACH", "EA"),
    // Packaging.
    ("BOX", "BX"),
    ("BOXES", "BX"),
    ("盒", "BX"),
    ("PAK", "PK"),
    ("PACK", "PK"),
    ("PKG", "PK"),
    ("PACKUNG", "PK"),
    ("包", "PK"),
    ("CAR", "CT"),
    ("CTN", "CT"),
    ("CARTON", "CT"),
    ("KARTON", "CT"),
    ("箱", "CT"),
    ("RIES", "RM"),
    ("REAM", "RM"),
    ("令", "RM"),
    ("PAAR", "PR"),
    ("PAIR", "PR"),
    ("双", "PR"),
    ("副", "PR"),
    ("对", "PR"),
    ("SATZ", "SET"),
    ("套", "SET"),
    ("ROL", "RO"),
    ("ROLL", "RO"),
    ("ROLLE", "RO"),
    ("卷", "RO"),
    ("DOZ", "DZN"),
    ("DUTZEND", "DZN"),
    ("打", "DZN"),
    ("BAG", "BG"),
    ("BEUTEL", "BG"),
    ("袋", "BG"),
    ("BOTTLE", "BO"),
    ("FLASCHE", "BO"),
    ("瓶", "BO"),
    ("CAN", "CA"),
    ("DOSE", "CA"),
    ("罐", "CA"),
    // Measures.
    ("M", "MTR"),
    ("METER", "MTR"),
    ("METRE", "MTR"),
    ("米", "MTR"),
    ("CM", "CMT"),
    ("MM", "MMT"),
    ("L", "LTR"),
    ("LITER", "LTR"),
    ("LITRE", "LTR"),
    ("升", "LTR"),
    ("ML", "MLT"),
    ("毫升", "MLT"),
    ("KG", "KGM"),
    ("千克", "KGM"),
    ("公斤", "KGM"),
    ("G", "GRM"),
    ("GR", "GRM"),
    ("克", "GRM"),
];

/// Rec 21 package codes as Rec 20 units (`X` and the Rec 21 code) that catalogs commonly use:
/// (code, the Rec 20 code of the same package when Rec 20 has one, English, Chinese).
///
/// Names follow Rec 21 (`PX` is a pallet, `PL` a pail). Where Rec 20 has its own code for the
/// same package (`XBX` and `BX` are both a box) the two compare as one unit; the item keeps the
/// code the file wrote.
const PACKAGES: &[(&str, Option<&str>, &str, &str)] = &[
    ("XBX", Some("BX"), "box", "盒"),
    ("XCS", Some("CS"), "case", "箱"),
    ("XCT", Some("CT"), "carton", "纸箱"),
    ("XPK", Some("PK"), "package", "包"),
    ("XPA", Some("PA"), "packet", "小包"),
    ("XBG", Some("BG"), "bag", "袋"),
    ("XRO", Some("RO"), "roll", "卷"),
    ("XBO", Some("BO"), "bottle", "瓶"),
    ("XCA", Some("CA"), "can", "罐"),
    ("XTU", Some("TU"), "tube", "管"),
    ("XDR", Some("DR"), "drum", "桶"),
    ("XCR", Some("CR"), "crate", "板条箱"),
    ("XSA", Some("SA"), "sack", "麻袋"),
    ("XBE", Some("BE"), "bundle", "捆"),
    ("XPL", Some("PL"), "pail", "提桶"),
    ("XTN", Some("TN"), "tin", "听"),
    ("XPX", None, "pallet", "托盘"),
    ("XBJ", None, "bucket", "桶"),
    ("XBA", None, "barrel", "琵琶桶"),
    ("XJR", None, "jar", "广口瓶"),
    ("XPO", None, "pouch", "小袋"),
    ("XRL", None, "reel", "盘"),
    ("XEN", None, "envelope", "信封"),
    ("XSX", None, "set", "套"),
    ("XPU", None, "tray", "托盘"),
    ("XVI", None, "vial", "小瓶"),
    ("XAE", None, "aerosol", "喷雾罐"),
    ("XCX", None, "can", "罐"),
    ("XBK", None, "basket", "篮"),
];

/// Names of the codes catalogs commonly use. Codes without a row show as themselves.
const NAMES: &[(&str, &str, &str)] = &[
    ("H87", "piece", "件"),
    ("EA", "each", "个"),
    ("C62", "one", "个"),
    ("BX", "box", "盒"),
    ("PK", "pack", "包"),
    ("PA", "packet", "小包"),
    ("CT", "carton", "箱"),
    ("CS", "case", "箱"),
    ("RM", "ream", "令"),
    ("PR", "pair", "副"),
    ("SET", "set", "套"),
    ("KT", "kit", "套件"),
    ("RO", "roll", "卷"),
    ("DZN", "dozen", "打"),
    ("BG", "bag", "袋"),
    ("BO", "bottle", "瓶"),
    ("CA", "can", "罐"),
    ("TU", "tube", "管"),
    ("DR", "drum", "桶"),
    ("MTR", "metre", "米"),
    ("CMT", "centimetre", "厘米"),
    ("MMT", "millimetre", "毫米"),
    ("MTK", "square metre", "平方米"),
    ("LTR", "litre", "升"),
    ("MLT", "millilitre", "毫升"),
    ("KGM", "kilogram", "千克"),
    ("GRM", "gram", "克"),
    ("TNE", "tonne", "吨"),
    ("HUR", "hour", "小时"),
    ("DAY", "day", "天"),
];

/// The Rec 20 code for a unit as written (any case, surrounding spaces and a trailing full stop
/// ignored: `Stk.`), or `Err(uppercased)` when it is neither a code nor a known alias.
pub fn normalize(raw: &str) -> Result<&'static str, String> {
    let trimmed = raw.trim();
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed).trim_end();
    let upper = trimmed.to_uppercase();
    if let Some(code) = REC20.split_whitespace().find(|c| *c == upper) {
        return Ok(code);
    }
    if let Some((code, ..)) = PACKAGES.iter().find(|(c, ..)| *c == upper) {
        return Ok(code);
    }
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == upper)
        .map(|(_, code)| *code)
        .ok_or(upper)
}

/// The unit's name, or `None` for a code this table does not know (shown as the code itself).
/// Aliases are named like their code: `PCE` is a piece.
pub fn name(code: &str) -> Option<LocalizedText> {
    let code = normalize(code).ok()?;
    NAMES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, en, zh)| (*en, *zh))
        .or_else(|| {
            PACKAGES
                .iter()
                .find(|(c, ..)| *c == code)
                .map(|(_, _, en, zh)| (*en, *zh))
        })
        .map(|(en, zh)| LocalizedText::new(en, zh))
}

/// Whether the unit counts single items: `H87` (piece), `EA` (each) and `C62` (one) are the
/// same unit under three names, and suppliers use them interchangeably.
pub fn is_piece(code: &str) -> bool {
    matches!(normalize(code), Ok("H87" | "EA" | "C62"))
}

/// Units that are an exact multiple of another: (code, base code, base units per unit).
/// Decimal literals as (mantissa, scale) so the table stays exact.
const MULTIPLES: &[(&str, &str, i64, u32)] = &[
    ("DZN", "H87", 12, 0),
    ("NAR", "H87", 1, 0),
    ("NPR", "PR", 1, 0),
    ("GRM", "KGM", 1, 3),
    ("MGM", "KGM", 1, 6),
    ("TNE", "KGM", 1000, 0),
    ("LBR", "KGM", 45_359_237, 8),
    ("ONZ", "KGM", 28_349_523_125, 12),
    ("MLT", "LTR", 1, 3),
    ("CLT", "LTR", 1, 2),
    ("MTQ", "LTR", 1000, 0),
    ("GLL", "LTR", 3_785_411_784, 9),
    ("CMT", "MTR", 1, 2),
    ("MMT", "MTR", 1, 3),
    ("KTM", "MTR", 1000, 0),
    ("FOT", "MTR", 3048, 4),
    ("INH", "MTR", 254, 4),
    ("YRD", "MTR", 9144, 4),
    ("CMK", "MTK", 1, 4),
    ("HUR", "MIN", 60, 0),
    ("DAY", "MIN", 1440, 0),
    ("WEE", "MIN", 10_080, 0),
];

/// The unit this one is measured in for comparison, and how many of those one of this is:
/// `DZN` → (`H87`, 12), `GRM` → (`KGM`, 0.001), `EA` → (`H87`, 1). A unit that is no simple
/// multiple of another is its own base (`BX` → (`BX`, 1)); so is an unknown code, as written.
/// Two quantities are comparable exactly when their units have the same base.
pub fn base(code: &str) -> (&str, Decimal) {
    let Ok(canonical) = normalize(code) else {
        return (code, Decimal::ONE);
    };
    if is_piece(canonical) {
        return ("H87", Decimal::ONE);
    }
    if let Some((_, same, ..)) = PACKAGES.iter().find(|(c, ..)| *c == canonical) {
        return (same.unwrap_or(canonical), Decimal::ONE);
    }
    MULTIPLES
        .iter()
        .find(|(c, _, _, _)| *c == canonical)
        .map_or((canonical, Decimal::ONE), |&(_, base, mantissa, scale)| {
            (base, Decimal::new(mantissa, scale))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn known_and_unknown_codes() {
        assert_eq!(name("BX").unwrap().zh, "盒");
        assert_eq!(name("DZN").unwrap().en, "dozen");
        assert!(name("XYZ").is_none());
        // An alias is named like its code; ST is a piece, never a sheet.
        assert_eq!(name("pce").unwrap().en, "piece");
        assert_eq!(name("ST").unwrap().en, "piece");
    }

    #[test]
    fn every_named_code_is_accepted_and_every_alias_lands_on_a_code() {
        for (code, en, zh) in NAMES {
            assert_eq!(normalize(code), Ok(*code), "{code}");
            assert!(!en.is_empty() && !zh.is_empty());
        }
        for (alias, code) in ALIASES {
            assert!(REC20.split_whitespace().any(|c| c == *code), "{alias}");
            assert_eq!(normalize(alias), Ok(*code), "{alias}");
        }
        for code in [
            "H87", "EA", "C62", "BX", "PK", "CT", "RM", "PR", "MTR", "LTR", "KGM", "SET", "RO",
            "DZN", "GRM", "MLT", "BG", "BO", "CA",
        ] {
            assert!(name(code).is_some(), "{code} has a name");
        }
    }

    #[test]
    fn rec21_package_codes_are_units_with_names() {
        assert_eq!(normalize("XBX"), Ok("XBX"));
        assert_eq!(normalize(" xcs "), Ok("XCS"));
        assert_eq!(name("XBX").unwrap().en, "box");
        assert_eq!(name("XCS").unwrap().zh, "箱");
        assert_eq!(name("XPX").unwrap().en, "pallet");
        assert_eq!(base("XBX"), ("BX", dec!(1)));
        assert_eq!(base("XPX"), ("XPX", dec!(1)));
        assert_eq!(normalize("XZZ"), Err("XZZ".to_owned()));
        for (code, same, en, zh) in PACKAGES {
            assert!(code.len() == 3 && code.starts_with('X'), "{code}");
            assert!(!REC20.split_whitespace().any(|c| c == *code), "{code}");
            assert!(!en.is_empty() && !zh.is_empty(), "{code}");
            if let Some(same) = same {
                assert_eq!(normalize(same), Ok(*same), "{code}");
                assert_eq!(base(code), (*same, dec!(1)), "{code}");
            }
        }
    }

    #[test]
    fn normalizes_what_suppliers_write() {
        assert_eq!(normalize("pce"), Ok("H87"));
        assert_eq!(normalize(" Stück "), Ok("H87"));
        assert_eq!(normalize("Stk."), Ok("H87"));
        assert_eq!(normalize("ST"), Ok("H87"));
        assert_eq!(normalize("BOX"), Ok("BX"));
        assert_eq!(normalize("Pack"), Ok("PK"));
        assert_eq!(normalize("C62"), Ok("C62"));
        assert_eq!(normalize("盒"), Ok("BX"));
        assert_eq!(normalize("Eimer"), Err("EIMER".to_owned()));
        assert_eq!(normalize(""), Err(String::new()));
    }

    #[test]
    fn pieces_and_bases() {
        assert!(is_piece("H87") && is_piece("EA") && is_piece("C62") && is_piece("PCE"));
        assert!(!is_piece("DZN") && !is_piece("BX") && !is_piece("XYZ"));
        assert_eq!(base("EA"), ("H87", dec!(1)));
        assert_eq!(base("DZN"), ("H87", dec!(12)));
        assert_eq!(base("GRM"), ("KGM", dec!(0.001)));
        assert_eq!(base("g"), ("KGM", dec!(0.001)));
        assert_eq!(base("MLT"), ("LTR", dec!(0.001)));
        assert_eq!(base("CMT"), ("MTR", dec!(0.01)));
        assert_eq!(base("LBR"), ("KGM", dec!(0.45359237)));
        assert_eq!(base("BX"), ("BX", dec!(1)));
        assert_eq!(base("Eimer"), ("Eimer", dec!(1)));
        for (code, base_code, _, _) in MULTIPLES {
            assert_eq!(normalize(code), Ok(*code), "{code}");
            assert_eq!(
                base(base_code),
                (*base_code, dec!(1)),
                "{base_code} is a base"
            );
        }
    }
}
