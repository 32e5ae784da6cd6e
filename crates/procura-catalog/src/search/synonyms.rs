//! Synonyms the organisation's admin maintains: groups of equivalent search terms
//! (`打印纸 = 复印纸`, `A4 paper = copy paper`). See [`Synonyms`].

use super::term::{parse_exact, Term};
use serde::{Deserialize, Serialize};

/// Most groups in a list.
pub const MAX_GROUPS: usize = 500;
/// Most terms in one group.
pub const MAX_TERMS_PER_GROUP: usize = 20;
/// Longest term, in characters.
pub const MAX_TERM_CHARS: usize = 64;

/// Why a synonym list is refused. Groups are numbered from 1 (the line in the editor, blank and
/// comment lines not counted).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SynonymError {
    #[error("at most {MAX_GROUPS} synonym groups, not {0}")]
    TooManyGroups(usize),
    #[error("synonym group {group}: at most {MAX_TERMS_PER_GROUP} terms, not {count}")]
    TooManyTerms { group: usize, count: usize },
    #[error("synonym group {group}: \"{term}\" is longer than {MAX_TERM_CHARS} characters")]
    TermTooLong { group: usize, term: String },
    #[error("synonym group {group}: a term has no letters or digits")]
    EmptyTerm { group: usize },
    #[error("synonym group {group}: a group needs at least two different terms")]
    TooFewTerms { group: usize },
    #[error("synonym group {group}: \"{term}\" is already in group {first}")]
    Duplicate {
        group: usize,
        first: usize,
        term: String,
    },
}

impl SynonymError {
    /// A stable code for the refusal (shown by the app in the admin's language).
    pub fn code(&self) -> &'static str {
        match self {
            SynonymError::TooManyGroups(_) => "synonyms_too_many_groups",
            SynonymError::TooManyTerms { .. } => "synonyms_too_many_terms",
            SynonymError::TermTooLong { .. } => "synonyms_term_too_long",
            SynonymError::EmptyTerm { .. } => "synonyms_empty_term",
            SynonymError::TooFewTerms { .. } => "synonyms_too_few_terms",
            SynonymError::Duplicate { .. } => "synonyms_duplicate",
        }
    }

    /// The group (1-based) the refusal is about, if it is about one.
    pub fn group(&self) -> Option<usize> {
        match self {
            SynonymError::TooManyGroups(_) => None,
            SynonymError::TooManyTerms { group, .. }
            | SynonymError::TermTooLong { group, .. }
            | SynonymError::EmptyTerm { group }
            | SynonymError::TooFewTerms { group }
            | SynonymError::Duplicate { group, .. } => Some(*group),
        }
    }
}

/// Groups of equivalent search terms, applied when a query is evaluated: where the query's
/// words (or a whole CJK run) equal one term of a group, they match any term of the group
/// (an OR; a term of several words needs all its words). A term is compared in folded form, as
/// the index sees text: `A4 Paper` and `a4 paper` are the same term.
///
/// Bounds: at most [`MAX_GROUPS`] groups of 2 to [`MAX_TERMS_PER_GROUP`] distinct terms of at
/// most [`MAX_TERM_CHARS`] characters; a term is in one group only. A list breaking them cannot
/// be built, nor deserialised (stored as a JSON list of lists of strings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Vec<String>>", into = "Vec<Vec<String>>")]
pub struct Synonyms {
    /// As the admin wrote them (trimmed).
    groups: Vec<Vec<String>>,
    /// Each group's terms as query terms (folded, never prefixes), in the same order.
    parsed: Vec<Vec<Vec<Term>>>,
}

impl Synonyms {
    /// Checks and builds a list; the first problem found is the refusal.
    pub fn new(groups: Vec<Vec<String>>) -> Result<Self, SynonymError> {
        if groups.len() > MAX_GROUPS {
            return Err(SynonymError::TooManyGroups(groups.len()));
        }
        let mut parsed = Vec::with_capacity(groups.len());
        let mut clean_groups = Vec::with_capacity(groups.len());
        let mut seen: Vec<(Vec<Term>, usize)> = Vec::new();
        for (g, group) in groups.into_iter().enumerate() {
            let number = g + 1;
            if group.len() > MAX_TERMS_PER_GROUP {
                return Err(SynonymError::TooManyTerms {
                    group: number,
                    count: group.len(),
                });
            }
            let mut clean = Vec::with_capacity(group.len());
            let mut terms: Vec<Vec<Term>> = Vec::with_capacity(group.len());
            for term in group {
                let term = term.trim().to_owned();
                if term.chars().count() > MAX_TERM_CHARS {
                    return Err(SynonymError::TermTooLong {
                        group: number,
                        term,
                    });
                }
                let folded = parse_exact(&term);
                if folded.is_empty() {
                    return Err(SynonymError::EmptyTerm { group: number });
                }
                if terms.contains(&folded) {
                    continue; // the same term twice in a group says nothing more
                }
                if let Some((_, first)) = seen.iter().find(|(t, _)| *t == folded) {
                    return Err(SynonymError::Duplicate {
                        group: number,
                        first: *first,
                        term,
                    });
                }
                seen.push((folded.clone(), number));
                terms.push(folded);
                clean.push(term);
            }
            if terms.len() < 2 {
                return Err(SynonymError::TooFewTerms { group: number });
            }
            clean_groups.push(clean);
            parsed.push(terms);
        }
        Ok(Self {
            groups: clean_groups,
            parsed,
        })
    }

    /// Reads the editor's text: one group per line, terms separated by `=`
    /// (`打印纸 = 复印纸`); blank lines and lines starting with `#` are skipped.
    pub fn parse(text: &str) -> Result<Self, SynonymError> {
        let groups = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|line| line.split('=').map(str::to_owned).collect())
            .collect();
        Self::new(groups)
    }

    /// The list as the editor shows it: one group per line, `a = b = c`.
    pub fn to_text(&self) -> String {
        self.groups
            .iter()
            .map(|g| g.join(" = "))
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn groups(&self) -> &[Vec<String>] {
        &self.groups
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The longest group term equal to the query terms at `terms[at..]`: its length in terms
    /// and its group's terms.
    pub(crate) fn match_at(&self, terms: &[Term]) -> Option<(usize, &[Vec<Term>])> {
        let mut best: Option<(usize, &[Vec<Term>])> = None;
        for group in &self.parsed {
            for term in group {
                let n = term.len();
                let fits = n <= terms.len()
                    && term.iter().zip(terms).all(|(a, b)| a.same_text(b))
                    && best.is_none_or(|(m, _)| n > m);
                if fits {
                    best = Some((n, group));
                }
            }
        }
        best
    }
}

impl TryFrom<Vec<Vec<String>>> for Synonyms {
    type Error = SynonymError;

    fn try_from(groups: Vec<Vec<String>>) -> Result<Self, SynonymError> {
        Self::new(groups)
    }
}

impl From<Synonyms> for Vec<Vec<String>> {
    fn from(synonyms: Synonyms) -> Self {
        synonyms.groups
    }
}
