//! Units of measure as the viewer reads them.

use crate::i18n::Lang;
use procura_ground::unit;

/// The name of a UN/ECE Rec 20 unit code in `lang` ("piece" / "件"), or the code itself when
/// the code is not one the core knows (a supplier's own unit stays as the supplier wrote it).
pub fn unit_label(code: &str, lang: Lang) -> String {
    unit::name(code).map_or_else(|| code.to_owned(), |n| n.get(lang).to_owned())
}
