//! `partnergraph report gaps`: which themes an organisation's strategy prioritises but its
//! projects and partners do not cover, who could close each gap, and the evidence for it all.
//!
//! [`compute`] builds one [`model::GapReport`] from the store; [`render`] turns it into
//! Markdown, HTML or JSON, so all three say the same.

mod compute;
pub mod model;
pub mod render;

pub use compute::{ReportError, ReportOptions, Subject, compute};

/// How a candidate's score weighs its parts; shown in every report.
pub const SCORE_WEIGHTS: [(&str, f64); 3] =
    [("theme", 0.5), ("proximity", 0.3), ("complementarity", 0.2)];

/// The formats a report is rendered to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Html,
    Json,
}

/// Computes the report and renders it.
pub fn gaps(
    read: &crate::store::ReadStore,
    options: &ReportOptions,
    format: ReportFormat,
) -> Result<String, ReportError> {
    let report = compute(read, options)?;
    Ok(match format {
        ReportFormat::Markdown => render::markdown(&report),
        ReportFormat::Html => render::html(&report),
        ReportFormat::Json => render::json(&report).expect("a report serialises to JSON"),
    })
}
