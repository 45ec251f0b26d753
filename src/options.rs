//! The choices a user makes on the command line, as plain library types.
//!
//! The binary's argument parser (`src/cli.rs`) has its own mirrors of these enums and maps
//! them here; the library never sees an argument-parser type. Enums that reach a report are
//! serialised by serde under their lower-case names.

use serde::Serialize;

/// Which list a plain-text tenant file is (`--mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextMode {
    Allow,
    Block,
}

/// How the proposal combines with an existing Entra list of the same type (`--merge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Merge {
    Union,
    Replace,
}

/// What happens to the SharePoint lists after the move (`--spo-after`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpoAfter {
    Keep,
    Clear,
}

/// Whether a listed domain also matches its subdomains (`--subdomains`; FACTS: UNVERIFIED).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Subdomains {
    Exact,
    Include,
}

/// The severity at which `plan` and `why` exit 1 (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

/// The output of `plan` (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFormat {
    Table,
    Markdown,
    Json,
    Sarif,
    Html,
}

/// Everything `plan` can write: each `--format` and each `--out-*` file. One renderer each,
/// chosen in one place (`commands::plan::render`), so stdout and every `--out-*` file of a run
/// come from the same report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanOutput {
    Table,
    Markdown,
    Json,
    Sarif,
    /// `--out-policy`: the proposed Entra definition, pretty JSON.
    Policy,
    /// `--out-graph`: the Graph request body.
    Graph,
    /// `--out-script`: the PowerShell apply script.
    Script,
    /// `--format html` / `--out-html`: the self-contained impact page.
    Html,
    /// `--out-csv`: one row per affected external person.
    Csv,
}

impl From<PlanFormat> for PlanOutput {
    fn from(f: PlanFormat) -> Self {
        match f {
            PlanFormat::Table => PlanOutput::Table,
            PlanFormat::Markdown => PlanOutput::Markdown,
            PlanFormat::Json => PlanOutput::Json,
            PlanFormat::Sarif => PlanOutput::Sarif,
            PlanFormat::Html => PlanOutput::Html,
        }
    }
}

/// The output of `diff` (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    Table,
    Markdown,
    Json,
}

/// The output of `normalize` and `why` (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimpleFormat {
    Table,
    Json,
}
