//! Text in the two languages the product speaks.

use serde::{Deserialize, Serialize};

/// Text a buyer sees, in the two languages the app speaks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LocalizedText {
    pub en: String,
    pub zh: String,
}

impl LocalizedText {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The text in the wanted language, falling back to the other one when it is missing.
    pub fn get(&self, lang: Lang) -> &str {
        let (wanted, other) = match lang {
            Lang::En => (&self.en, &self.zh),
            Lang::ZhCn => (&self.zh, &self.en),
        };
        if wanted.is_empty() {
            other
        } else {
            wanted
        }
    }
}

/// The languages the product speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    ZhCn,
}

impl Lang {
    /// BCP 47 tag, as used in `<html lang>` and in stored settings.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag {
            "en" => Some(Lang::En),
            "zh-CN" => Some(Lang::ZhCn),
            _ => None,
        }
    }
}
