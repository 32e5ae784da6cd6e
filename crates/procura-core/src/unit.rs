//! Names of the UN/ECE Recommendation 20 unit codes the catalog uses.

use crate::catalog::LocalizedText;

const UNITS: &[(&str, &str, &str)] = &[
    ("H87", "piece", "件"),
    ("EA", "each", "个"),
    ("C62", "one", "个"),
    ("BX", "box", "盒"),
    ("PK", "pack", "包"),
    ("CT", "carton", "箱"),
    ("RM", "ream", "令"),
    ("ST", "sheet", "张"),
    ("PR", "pair", "副"),
    ("MTR", "metre", "米"),
    ("LTR", "litre", "升"),
    ("KGM", "kilogram", "千克"),
    ("SET", "set", "套"),
    ("RO", "roll", "卷"),
];

/// The unit's name, or `None` for a code this table does not know (shown as the code itself).
pub fn name(code: &str) -> Option<LocalizedText> {
    UNITS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, en, zh)| LocalizedText::new(*en, *zh))
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_and_unknown_codes() {
        assert_eq!(super::name("BX").unwrap().zh, "盒");
        assert!(super::name("XYZ").is_none());
    }
}
