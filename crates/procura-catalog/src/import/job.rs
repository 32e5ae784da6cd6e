//! A check handed to another thread: what the app sends the import worker, what the worker
//! answers, and the one call it makes.
//!
//! The app parses files in a Web Worker so a 100,000-item file neither freezes the page nor
//! escapes a cancel (the page ends the worker). Both sides share these types, encoded as
//! MessagePack. The worker decides nothing: [`run`] is the same parse the page ran before, with
//! the same limits.
//!
//! The outcome's items travel ahead of it in slices of [`ITEMS_PER_REPLY`] ([`split`], then
//! [`Assembly`] on the page), one slice each time the page asks for the next ([`NEXT`]) after
//! it has drawn a frame: decoding a slice takes a few milliseconds, so the page keeps answering
//! the buyer while a 100,000-item answer arrives (decoded whole, or sent all at once, it blocks
//! the page for a quarter of a second or more).

use super::csv::{self, ColumnMapping};
use super::issues::file_error;
use super::{
    bmecat, json, peppol, FileFormat, ImportFailure, ImportIssue, ImportLimits, ImportedCatalog,
    IssueKind, MAX_LISTED_ISSUES,
};
use crate::catalog::CatalogItem;
use serde::{Deserialize, Serialize};

/// One file to check. Its bytes travel beside it (a transferred buffer, not copied); a CSV
/// file's bytes are its text as UTF-8, decoded by the page with the encoding the buyer chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckJob {
    pub format: FileFormat,
    /// The supplier the items are keyed to (`local-unnamed` when the file is to name it).
    pub supplier_id: String,
    /// CSV only: how the columns map to fields.
    pub mapping: ColumnMapping,
}

/// What the worker says, in order: `Ready` once, then per job `Received`, `Parsed`, `Done`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckReply {
    /// The worker has started and takes jobs.
    Ready,
    /// The job's file arrived: `bytes` long; parsing starts.
    Received { bytes: u64 },
    /// The file is parsed: `items` valid items (and `errors` errors); the answer follows.
    Parsed { items: u64, errors: u64 },
    /// The next slice of the outcome's items (of its partial import, for a failure), in order.
    Items(Vec<CatalogItem>),
    /// The next slice of the outcome's issues (its warnings, or a failure's errors), in order.
    Issues(Vec<ImportIssue>),
    /// The check's outcome as the parser returned it, its items sent ahead in `Items`.
    Done(Box<Result<ImportedCatalog, ImportFailure>>),
    /// The job itself could not be read (never sent by the app: a bug or a hostile page).
    BadJob,
}

/// Parses `bytes` as `job` says, within `limits`: what the page would have shown.
pub fn run(
    job: &CheckJob,
    bytes: &[u8],
    limits: &ImportLimits,
) -> Result<ImportedCatalog, ImportFailure> {
    if let Some(refused) = too_large(bytes.len() as u64, limits) {
        return Err(refused);
    }
    let id = job.supplier_id.as_str();
    match job.format {
        FileFormat::Csv => match std::str::from_utf8(bytes) {
            Ok(text) => csv::parse(text, id, &job.mapping, limits),
            Err(e) => {
                let offset = e.valid_up_to() as u64;
                Err(file_error(None, IssueKind::NotUtf8 { offset }))
            }
        },
        FileFormat::BmeCat => bmecat::parse(bytes, id, limits),
        FileFormat::Peppol => peppol::parse(bytes, id, limits),
        FileFormat::Json => json::parse(bytes, id, limits),
    }
}

/// Items per [`CheckReply::Items`]: about 5 ms to decode on a tablet-class thread.
pub const ITEMS_PER_REPLY: usize = 2_000;

/// Issues per [`CheckReply::Issues`]: a file may list 10,000 warnings, each a tagged kind.
pub const ISSUES_PER_REPLY: usize = 500;

/// What the page posts for the next reply of a split answer.
pub const NEXT: &str = "next";

/// The replies that carry `outcome`: its items and its issues in slices, then the rest.
pub fn split(mut outcome: Result<ImportedCatalog, ImportFailure>) -> Vec<CheckReply> {
    let (items, issues) = match &mut outcome {
        Ok(catalog) => (
            std::mem::take(&mut catalog.items),
            std::mem::take(&mut catalog.warnings),
        ),
        Err(failure) => (
            failure
                .partial
                .as_mut()
                .map(|p| std::mem::take(&mut p.items))
                .unwrap_or_default(),
            std::mem::take(&mut failure.errors),
        ),
    };
    let mut replies = slices(items, ITEMS_PER_REPLY, CheckReply::Items);
    replies.extend(slices(issues, ISSUES_PER_REPLY, CheckReply::Issues));
    replies.push(CheckReply::Done(Box::new(outcome)));
    replies
}

fn slices<T>(all: Vec<T>, size: usize, reply: fn(Vec<T>) -> CheckReply) -> Vec<CheckReply> {
    let mut replies = Vec::with_capacity(all.len() / size + 1);
    let mut all = all.into_iter().peekable();
    while all.peek().is_some() {
        replies.push(reply(all.by_ref().take(size).collect()));
    }
    replies
}

/// The page's side of [`split`]: collects the slices, at most `limits.max_items` items (a
/// worker never sends more; past it the answer is refused, not kept).
#[derive(Debug, Default)]
pub struct Assembly {
    items: Vec<CatalogItem>,
    issues: Vec<ImportIssue>,
}

impl Assembly {
    /// Room for the `expected` items the worker said it found (at most `limits.max_items`), so
    /// the page's memory grows once, not at every slice.
    pub fn reserve(&mut self, expected: u64, limits: &ImportLimits) {
        let room = usize::try_from(expected)
            .unwrap_or(usize::MAX)
            .min(limits.max_items);
        self.items.reserve(room.saturating_sub(self.items.len()));
    }

    /// Adds a slice; `false` when it would pass the limit.
    pub fn add(&mut self, slice: Vec<CatalogItem>, limits: &ImportLimits) -> bool {
        if self.items.len() + slice.len() > limits.max_items {
            return false;
        }
        self.items.extend(slice);
        true
    }

    /// Adds a slice of issues; `false` past what an import lists (its errors, or its
    /// warnings, and the one issue that counts the rest).
    pub fn add_issues(&mut self, slice: Vec<ImportIssue>) -> bool {
        if self.issues.len() + slice.len() > MAX_LISTED_ISSUES + 1 {
            return false;
        }
        self.issues.extend(slice);
        true
    }

    /// How many items have arrived.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The outcome with its items back in place.
    pub fn finish(
        self,
        mut outcome: Result<ImportedCatalog, ImportFailure>,
    ) -> Result<ImportedCatalog, ImportFailure> {
        match &mut outcome {
            Ok(catalog) => {
                catalog.items = self.items;
                catalog.warnings = self.issues;
            }
            Err(failure) => {
                failure.errors = self.issues;
                if let Some(partial) = failure.partial.as_mut() {
                    partial.items = self.items;
                }
            }
        }
        outcome
    }
}

/// The refusal of a file of `bytes` past `limits`: the worker asks before it copies a byte.
pub fn too_large(bytes: u64, limits: &ImportLimits) -> Option<ImportFailure> {
    let max = limits.max_bytes as u64;
    (bytes > max).then(|| file_error(None, IssueKind::FileTooLarge { bytes, max }))
}

/// The `Parsed` reply for an outcome: its valid items and its errors.
pub fn parsed(outcome: &Result<ImportedCatalog, ImportFailure>) -> CheckReply {
    let (items, errors) = match outcome {
        Ok(c) => (c.items.len(), 0),
        Err(f) => (
            f.partial.as_ref().map_or(0, |p| p.items.len()),
            f.errors.len(),
        ),
    };
    CheckReply::Parsed {
        items: items as u64,
        errors: errors as u64,
    }
}
