//! Plural forms by the CLDR rules the browser carries (`Intl.PluralRules`), so a message picks
//! "1 change" / "2 changes" the way the language does instead of writing "change(s)".
//!
//! A message with a count is a function that matches on the form and formats its arguments
//! with `format!` (typed, checked at compile time), e.g.
//!
//! ```ignore
//! match (lang, plural::form(lang, n)) {
//!     (Lang::En, Form::One) => format!("{n} change waiting to sync"),
//!     (Lang::En, _) => format!("{n} changes waiting to sync"),
//!     (Lang::ZhCn, _) => format!("{n} 项更改待同步"),
//! }
//! ```

use super::Lang;

/// The CLDR plural categories English and Chinese use for whole numbers (Chinese has only
/// `Other`), plus the rest, which a future language may need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

/// The BCP 47 tag of a UI language.
pub fn locale(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::ZhCn => "zh-CN",
    }
}

/// The plural form of `n` in `lang`.
pub fn form(lang: Lang, n: u64) -> Form {
    #[cfg(target_arch = "wasm32")]
    {
        let locales = js_sys::Array::of1(&locale(lang).into());
        let rules = js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new());
        match String::from(rules.select(n as f64)).as_str() {
            "zero" => Form::Zero,
            "one" => Form::One,
            "two" => Form::Two,
            "few" => Form::Few,
            "many" => Form::Many,
            _ => Form::Other,
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        // The same CLDR rules for whole numbers, where there is no browser.
        match lang {
            Lang::En if n == 1 => Form::One,
            _ => Form::Other,
        }
    }
}
