//! A query's terms: a word (maybe a prefix), a run of CJK characters, or a group of synonyms.
//! Read by the query and by the organisation's synonym list alike.

use super::tokenize::{Token, Tokenizer};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Term {
    Word {
        text: String,
        prefix: bool,
    },
    Cjk(Vec<char>),
    /// Synonyms: any one of the alternatives, each a sequence of plain terms that must all
    /// match (never nested).
    Any(Vec<Vec<Term>>),
}

impl Term {
    /// Same text, whether a prefix or not.
    pub(crate) fn same_text(&self, other: &Term) -> bool {
        match (self, other) {
            (Term::Word { text: a, .. }, Term::Word { text: b, .. }) => a == b,
            (Term::Cjk(a), Term::Cjk(b)) => a == b,
            _ => false,
        }
    }
}

/// The folded terms of `text`, none a prefix (for synonyms).
pub(crate) fn parse_exact(text: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    Tokenizer::default().tokens(text, |token| {
        terms.push(match token {
            Token::Word(w) => Term::Word {
                text: w.to_owned(),
                prefix: false,
            },
            Token::Cjk(run) => Term::Cjk(run.to_vec()),
        })
    });
    terms
}
