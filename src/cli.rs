//! The command line (SPEC §2), as clap derive types and nothing else.
//!
//! Parsing happens in two steps, as in ripgrep: clap turns `argv` into these raw types, which
//! stay close to what was typed; `main` turns them into the validated options the library needs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use crate::options::{
    DiffFormat, FailOn, Merge, PlanFormat, Shell, SimpleFormat, SpoAfter, Subdomains, TextMode,
};

/// Move SharePoint Online domain sharing restrictions into the Entra ID B2B allow/deny list,
/// offline, and see who the change hits.
#[derive(Debug, Parser)]
#[command(name = "spo2b2b", version, about, long_about = None)]
#[command(propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
#[command(rename_all = "kebab-case")]
pub enum Command {
    /// Plan the move: read an export bundle, normalise, check, propose an Entra B2B policy.
    Plan(PlanArgs),
    /// Compare two Entra policies (or plan JSON files) domain by domain.
    Diff(DiffArgs),
    /// Show the canonical form and findings of domains (stdin lines when none or `-`).
    Normalize(NormalizeArgs),
    /// Explain, for each address, every gate before and after the change.
    Why(WhyArgs),
    /// Explain a finding code (no code: list every code with its severity).
    Explain(ExplainArgs),
    /// Print the PowerShell that collects a bundle `plan` reads.
    ExportScript(ExportScriptArgs),
    /// Print shell completions.
    Completions(CompletionsArgs),
}

/// The input files of a run: a bundle folder and flags that override or add files.
#[derive(Debug, Args, Clone, Default)]
#[command(rename_all = "kebab-case")]
pub struct InputArgs {
    /// The tenant settings file (replaces the bundle's tenant.*).
    #[arg(long, value_name = "F", help_heading = "Inputs")]
    pub tenant: Option<PathBuf>,
    /// A sites file (adds to the bundle's sites.*).
    #[arg(long, value_name = "F", help_heading = "Inputs")]
    pub sites: Vec<PathBuf>,
    /// The current Entra B2B policy (replaces the bundle's entra-policy.*).
    #[arg(long, value_name = "F", help_heading = "Inputs")]
    pub entra: Option<PathBuf>,
    /// A guests file (adds to the bundle's guests.*).
    #[arg(long, value_name = "F", help_heading = "Inputs")]
    pub guests: Vec<PathBuf>,
    /// A groups file (adds to the bundle's groups.*).
    #[arg(long, value_name = "F", help_heading = "Inputs")]
    pub groups: Vec<PathBuf>,
    /// Which list a plain-text tenant file is.
    #[arg(long, value_enum, help_heading = "Inputs")]
    pub mode: Option<TextMode>,
    /// A waiver and severity configuration (default: the bundle's spo2b2b.toml).
    #[arg(long, value_name = "F", help_heading = "Inputs")]
    pub config: Option<PathBuf>,
}

/// The assumptions a plan is computed under.
#[derive(Debug, Args, Clone)]
#[command(rename_all = "kebab-case")]
pub struct PlanningArgs {
    /// How to combine with an existing Entra list of the same type.
    #[arg(long, value_enum, default_value_t = Merge::Union, help_heading = "Planning")]
    pub merge: Merge,
    /// What happens to the SharePoint lists after the move.
    #[arg(long, value_enum, default_value_t = SpoAfter::Keep, help_heading = "Planning")]
    pub spo_after: SpoAfter,
    /// Whether a listed domain also matches its subdomains (Microsoft leaves this undocumented).
    #[arg(long, value_enum, default_value_t = Subdomains::Exact, help_heading = "Planning")]
    pub subdomains: Subdomains,
}

/// Severity overrides and the exit gate.
#[derive(Debug, Args, Clone)]
#[command(rename_all = "kebab-case")]
pub struct GateArgs {
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error, help_heading = "Findings")]
    pub fail_on: FailOn,
    /// Silence a finding code.
    #[arg(long, value_name = "CODE", help_heading = "Findings")]
    pub allow: Vec<String>,
    /// Make a finding code a warning.
    #[arg(long, value_name = "CODE", help_heading = "Findings")]
    pub warn: Vec<String>,
    /// Make a finding code an error.
    #[arg(long, value_name = "CODE", help_heading = "Findings")]
    pub deny: Vec<String>,
}

#[derive(Debug, Args)]
#[command(rename_all = "kebab-case")]
pub struct PlanArgs {
    /// An export bundle: a folder holding tenant.*, sites.*, entra-policy.*, guests.*, groups.*.
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub planning: PlanningArgs,
    #[command(flatten)]
    pub gate: GateArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlanFormat::Table, help_heading = "Output")]
    pub format: PlanFormat,
    /// Write the proposed Entra definition (pretty JSON) here.
    #[arg(long, value_name = "F", help_heading = "Output")]
    pub out_policy: Option<PathBuf>,
    /// Write the Graph PATCH body here.
    #[arg(long, value_name = "F", help_heading = "Output")]
    pub out_graph: Option<PathBuf>,
    /// Write the PowerShell apply script here.
    #[arg(long, value_name = "F", help_heading = "Output")]
    pub out_script: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(rename_all = "kebab-case")]
pub struct DiffArgs {
    /// The policy before: an Entra policy in any accepted shape, or a plan JSON file.
    pub before: PathBuf,
    /// The policy after.
    pub after: PathBuf,
    /// A bundle whose guests and groups measure whom each change hits.
    pub dir: Option<PathBuf>,
    /// A guests file.
    #[arg(long, value_name = "F")]
    pub guests: Vec<PathBuf>,
    /// A groups file.
    #[arg(long, value_name = "F")]
    pub groups: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
    /// Exit 1 when the policies differ.
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Args)]
pub struct NormalizeArgs {
    /// Domains, addresses or URLs; none or `-` reads one entry per stdin line.
    pub domains: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SimpleFormat::Table)]
    pub format: SimpleFormat,
}

#[derive(Debug, Args)]
#[command(rename_all = "kebab-case")]
pub struct WhyArgs {
    /// Addresses to explain; an argument naming an existing folder is the bundle.
    #[arg(required = true, value_name = "ADDRESS")]
    pub args: Vec<String>,
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub planning: PlanningArgs,
    #[command(flatten)]
    pub gate: GateArgs,
    /// The site the sharing starts from (default: the tenant gate only).
    #[arg(long, value_name = "URL")]
    pub site: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SimpleFormat::Table)]
    pub format: SimpleFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A finding code, e.g. `wildcard-entry`.
    pub code: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExportScriptArgs {
    /// Write the script here instead of stdout.
    #[arg(long, value_name = "F")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    pub shell: Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
