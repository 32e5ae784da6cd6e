//! UNSPSC segments (the first two digits of a code), named in English and Chinese, for the category
//! filter. Only the segments procurement of indirect goods meets; others show their number.

use crate::catalog::LocalizedText;

const SEGMENTS: &[(&str, &str, &str)] = &[
    ("14", "Paper materials and products", "纸张材料及制品"),
    ("24", "Material handling and storage", "物料搬运与存储"),
    ("26", "Power generation and cables", "电源与线缆"),
    ("31", "Manufacturing components", "制造零部件"),
    (
        "39",
        "Lighting and electrical accessories",
        "照明与电气附件",
    ),
    (
        "41",
        "Laboratory and measuring equipment",
        "实验室与测量设备",
    ),
    ("42", "Medical equipment and supplies", "医疗设备与用品"),
    ("43", "IT and telecommunications", "信息技术与通信"),
    ("44", "Office equipment and supplies", "办公设备与用品"),
    ("46", "Safety and security equipment", "安全防护设备"),
    ("47", "Cleaning equipment and supplies", "清洁设备与用品"),
    ("52", "Domestic appliances", "家用电器"),
    ("56", "Furniture and furnishings", "家具与陈设"),
];

/// The two-digit segment of a UNSPSC code, if the code starts with two digits.
pub fn segment(code: &str) -> Option<&str> {
    code.get(..2)
        .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
}

/// The segment's name, or `None` for a segment this table does not know.
pub fn segment_name(segment: &str) -> Option<LocalizedText> {
    SEGMENTS
        .iter()
        .find(|(code, _, _)| *code == segment)
        .map(|(_, en, zh)| LocalizedText::new(*en, *zh))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments() {
        assert_eq!(segment("44121704"), Some("44"));
        assert_eq!(segment("x4"), None);
        assert_eq!(segment("4"), None);
        assert_eq!(segment_name("43").unwrap().en, "IT and telecommunications");
        assert!(segment_name("99").is_none());
    }
}
