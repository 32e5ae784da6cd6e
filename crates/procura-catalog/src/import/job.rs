//! A check handed to another thread: what the app sends the import worker, what the worker
//! answers, and the one call it makes.
//!
//! The app parses files in a Web Worker so a 100,000-item file neither freezes the page nor
//! escapes a cancel (the page ends the worker). Both sides share these types, encoded as
//! MessagePack: the job with field names (a [`ColumnMapping`] leaves empty fields out), the
//! answer as arrays, the compact form the catalog snapshot already uses for items. The worker
//! decides nothing: [`run`] is the same parse the page ran before, with the same limits.

use super::csv::{self, ColumnMapping};
use super::issues::file_error;
use super::{
    bmecat, json, peppol, FileFormat, ImportFailure, ImportLimits, ImportedCatalog, IssueKind,
};
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
    /// The check's outcome, exactly as the parser returned it.
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
