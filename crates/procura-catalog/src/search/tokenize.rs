//! Folding and tokenizing text, identically for the index and for queries.
//!
//! Folding: compatibility decomposition (NFKD, so full-width `Ａ４` becomes `a4` and `²` becomes
//! `2`), combining marks dropped (`Étagère` becomes `etagere`), then lower case.
//!
//! Tokens: a run of letters and digits outside CJK is a [`Token::Word`]; a run of Han ideographs or
//! kana is a [`Token::Cjk`] (the index turns it into unigrams and bigrams). Everything else
//! separates tokens, and so does a change between the two scripts (`U盘` is `u` and `盘`).

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Longest word kept, in bytes; longer ones are cut (at a char boundary).
const MAX_WORD_BYTES: usize = 64;

/// Whether `c` belongs to a script written without spaces between words: Han ideographs
/// (unified, extensions, compatibility), kana and the ideographic iteration marks.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(
        c as u32,
        0x3005 | 0x3007 | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF | 0x20000..=0x2FA1F
    )
}

/// Calls `out` with the folded form of `c`: zero, one or several chars.
fn fold_char(c: char, out: &mut Vec<char>) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        out.push(c); // unified ideographs: no decomposition, no case
        return;
    }
    decompose_compatible(c, |d| {
        if !is_combining_mark(d) {
            out.extend(d.to_lowercase());
        }
    });
}

/// The whole text folded, keeping only letters and digits: the key codes (GTIN, SKU, MPN) are
/// looked up by, so that `NL-BP 07` and `nlbp07` are the same key.
pub(crate) fn compact_key(text: &str) -> String {
    let mut folded = Vec::new();
    let mut key = String::with_capacity(text.len());
    for c in text.chars() {
        folded.clear();
        fold_char(c, &mut folded);
        key.extend(folded.iter().filter(|d| d.is_alphanumeric()));
    }
    key
}

/// One token of folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    Word(&'a str),
    Cjk(&'a [char]),
}

/// Splits text into tokens, reusing its buffers between calls.
#[derive(Debug, Default)]
pub(crate) struct Tokenizer {
    word: String,
    run: Vec<char>,
    folded: Vec<char>,
}

impl Tokenizer {
    /// Calls `f` with every token of `text`, in order.
    pub(crate) fn tokens(&mut self, text: &str, mut f: impl FnMut(Token<'_>)) {
        self.word.clear();
        self.run.clear();
        for c in text.chars() {
            if c.is_ascii() {
                self.feed(c.to_ascii_lowercase(), &mut f);
                continue;
            }
            if ('\u{4e00}'..='\u{9fff}').contains(&c) {
                self.feed(c, &mut f);
                continue;
            }
            let mut folded = std::mem::take(&mut self.folded);
            folded.clear();
            fold_char(c, &mut folded);
            for &d in &folded {
                self.feed(d, &mut f);
            }
            self.folded = folded;
        }
        self.flush_word(&mut f);
        self.flush_run(&mut f);
    }

    fn feed(&mut self, c: char, f: &mut impl FnMut(Token<'_>)) {
        if is_cjk(c) {
            self.flush_word(f);
            self.run.push(c);
        } else if c.is_alphanumeric() {
            self.flush_run(f);
            if self.word.len() + c.len_utf8() <= MAX_WORD_BYTES {
                self.word.push(c);
            }
        } else {
            self.flush_word(f);
            self.flush_run(f);
        }
    }

    fn flush_word(&mut self, f: &mut impl FnMut(Token<'_>)) {
        if !self.word.is_empty() {
            f(Token::Word(&self.word));
            self.word.clear();
        }
    }

    fn flush_run(&mut self, f: &mut impl FnMut(Token<'_>)) {
        if !self.run.is_empty() {
            f(Token::Cjk(&self.run));
            self.run.clear();
        }
    }
}

/// Whether `a` and `b` are at most one edit apart: one insertion, deletion, substitution or
/// transposition of adjacent symbols (optimal string alignment distance ≤ 1). Linear time.
pub(crate) fn within_one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if prefix == short.len() {
        return true; // equal, or `long` has one extra symbol at the end
    }
    let (s, l) = (&short[prefix..], &long[prefix..]);
    if s.len() == l.len() {
        // Substitution, or transposition of the first two differing symbols.
        s[1..] == l[1..] || (s.len() >= 2 && s[0] == l[1] && s[1] == l[0] && s[2..] == l[2..])
    } else {
        s == &l[1..] // insertion into `short`
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        Tokenizer::default().tokens(text, |t| {
            out.push(match t {
                Token::Word(w) => w.to_owned(),
                Token::Cjk(run) => format!("<{}>", run.iter().collect::<String>()),
            })
        });
        out
    }

    #[test]
    fn folds_case_diacritics_and_width() {
        assert_eq!(tokens("Étagère MURALE"), ["etagere", "murale"]);
        assert_eq!(tokens("ＡＢＣ－１２"), ["abc", "12"]);
        assert_eq!(tokens("80 g/m²"), ["80", "g", "m2"]);
        assert_eq!(tokens("Straße"), ["straße"]);
    }

    #[test]
    fn splits_cjk_runs_from_words() {
        assert_eq!(tokens("A4 复印纸 80g"), ["a4", "<复印纸>", "80g"]);
        assert_eq!(
            tokens("U盘 32GB。制造商"),
            ["u", "<盘>", "32gb", "<制造商>"]
        );
    }

    #[test]
    fn compact_keys_ignore_separators() {
        assert_eq!(compact_key("NL-BP 07"), "nlbp07");
        assert_eq!(compact_key("ｎｌ－ｂｐ０７"), "nlbp07");
    }

    #[test]
    fn one_edit() {
        let ok = |a: &str, b: &str| within_one_edit(a.as_bytes(), b.as_bytes());
        assert!(ok("stapler", "stapler"));
        assert!(ok("stapeler", "stapler"));
        assert!(ok("monitr", "monitor"));
        assert!(ok("stapler", "staples"));
        assert!(ok("satpler", "stapler"));
        assert!(ok("staple", "stapler"));
        assert!(!ok("stpaelr", "stapler"));
        assert!(!ok("stapplerr", "stapler"));
        assert!(!ok("abcd", "ab"));
    }
}
