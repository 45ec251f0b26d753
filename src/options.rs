//! The choices a user makes on the command line, shared by the argument parser and the core.
//!
//! They derive clap's `ValueEnum` so that one definition serves both the flags and the library
//! (the library never parses arguments itself).

use clap::ValueEnum;
use serde::Serialize;

/// Which list a plain-text tenant file is (`--mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextMode {
    Allow,
    Block,
}

/// How the proposal combines with an existing Entra list of the same type (`--merge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Merge {
    Union,
    Replace,
}

/// What happens to the SharePoint lists after the move (`--spo-after`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpoAfter {
    Keep,
    Clear,
}

/// Whether a listed domain also matches its subdomains (`--subdomains`; FACTS: UNVERIFIED).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Subdomains {
    Exact,
    Include,
}

/// The severity at which `plan` and `why` exit 1 (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Table,
    Markdown,
    Json,
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Table,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SimpleFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}
