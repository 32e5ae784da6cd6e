//! The import's error report as CSV, in the buyer's language (reading the file and offering
//! the report as a download are `crate::ui::files`').

use crate::i18n::import_issues::{issue_text, place, report_header, severity};
use crate::i18n::Lang;
use crate::ui::files::csv_field;
use procura_catalog::import::{ImportIssue, Severity};

/// The error report as CSV (severity, line, where, article, problem, code), for a spreadsheet,
/// in the buyer's language; the code column names each problem the same in every language.
pub fn report_csv(issues: &[ImportIssue], lang: Lang) -> String {
    let mut out = String::from("\u{FEFF}");
    out.push_str(&report_header(lang).join(","));
    out.push_str("\r\n");
    for issue in issues {
        let severity = severity(lang, issue.severity == Severity::Error);
        let problem = issue_text(issue, lang);
        let line = issue
            .location
            .line
            .map(|l| l.to_string())
            .unwrap_or_default();
        let place = place(&issue.location.path, lang);
        let fields = [
            severity,
            &line,
            &place,
            issue.sku.as_deref().unwrap_or(""),
            &problem,
            issue.kind.code(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}
