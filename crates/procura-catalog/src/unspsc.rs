//! UNSPSC segments (the first two digits of a code) and families (the first four), named in
//! English and Chinese, for the category tree. Only the ones procurement of indirect goods meets;
//! others show their number.

use procura_ground::text::LocalizedText;

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

const FAMILIES: &[(&str, &str, &str)] = &[
    ("1411", "Paper products", "纸制品"),
    ("2611", "Batteries and power transmission", "电池与动力传输"),
    ("2612", "Electrical wire and cable", "电线电缆"),
    (
        "3912",
        "Electrical equipment and supplies",
        "电气设备与用品",
    ),
    (
        "4112",
        "Laboratory supplies and fixtures",
        "实验室用品与器具",
    ),
    ("4320", "IT components", "信息技术组件"),
    (
        "4321",
        "Computer equipment and accessories",
        "计算机设备及配件",
    ),
    (
        "4410",
        "Office machines and their supplies",
        "办公机器及耗材",
    ),
    ("4412", "Office supplies", "办公用品"),
    ("4618", "Personal safety and protection", "个人安全防护"),
    ("4713", "Cleaning and janitorial supplies", "清洁用品"),
];

/// The first `n` characters of `code`, if they are all digits.
fn leading_digits(code: &str, n: usize) -> Option<&str> {
    code.get(..n)
        .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
}

fn name_in(table: &[(&str, &str, &str)], wanted: &str) -> Option<LocalizedText> {
    table
        .iter()
        .find(|(code, _, _)| *code == wanted)
        .map(|(_, en, zh)| LocalizedText::new(*en, *zh))
}

/// The two-digit segment of a UNSPSC code, if the code starts with two digits.
pub fn segment(code: &str) -> Option<&str> {
    leading_digits(code, 2)
}

/// The segment's name, or `None` for a segment this table does not know.
pub fn segment_name(segment: &str) -> Option<LocalizedText> {
    name_in(SEGMENTS, segment)
}

/// The four-digit family of a UNSPSC code, if the code starts with four digits.
pub fn family(code: &str) -> Option<&str> {
    leading_digits(code, 4)
}

/// The family's name, or `None` for a family this table does not know.
pub fn family_name(family: &str) -> Option<LocalizedText> {
    name_in(FAMILIES, family)
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
        assert_eq!(family("44121704"), Some("4412"));
        assert_eq!(family("441"), None);
        assert_eq!(family_name("4412").unwrap().zh, "办公用品");
        // Every named family sits in a named segment: the tree has no orphans.
        for (code, _, _) in FAMILIES {
            assert!(segment_name(&code[..2]).is_some(), "{code}");
        }
    }
}
