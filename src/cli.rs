//! The command line (SPEC §2): the binary's clap derive types, and the only module of the crate
//! that knows clap.
//!
//! Parsing happens in two steps, as in ripgrep: clap turns `argv` into these raw types, which
//! stay close to what was typed; [`parse`] turns them into the plain requests of
//! `spo2b2b::commands`. No clap type crosses into the library: the option enums below mirror
//! `spo2b2b::options` and are mapped onto it. `completions` is answered here, since it needs the
//! clap definition itself.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use spo2b2b::commands::{
    DiffRequest, ExplainRequest, ExportScriptRequest, GateRequest, NormalizeRequest, PlanRequest,
    Request, WhyRequest,
};
use spo2b2b::options;
use spo2b2b::plan::Assumptions;
use spo2b2b::report::InputPaths;

/// A clap `ValueEnum` mirroring a library enum variant for variant (same names, so the same
/// flag values), and its mapping onto the library's.
macro_rules! mirror_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
        pub enum $name {
            $($variant),+
        }
        impl From<$name> for options::$name {
            fn from(v: $name) -> Self {
                match v {
                    $($name::$variant => options::$name::$variant),+
                }
            }
        }
    };
}

mirror_enum!(
    /// Which list a plain-text tenant file is (`--mode`).
    TextMode { Allow, Block }
);
mirror_enum!(
    /// How the proposal combines with an existing Entra list (`--merge`).
    Merge { Union, Replace }
);
mirror_enum!(
    /// What happens to the SharePoint lists after the move (`--spo-after`).
    SpoAfter { Keep, Clear }
);
mirror_enum!(
    /// Whether a listed domain also matches its subdomains (`--subdomains`).
    Subdomains { Exact, Include }
);
mirror_enum!(
    /// The severity at which `plan` and `why` exit 1 (`--fail-on`).
    FailOn { Error, Warning, Never }
);
mirror_enum!(
    /// `plan --format`.
    PlanFormat { Table, Markdown, Json, Sarif, Html }
);
mirror_enum!(
    /// `diff --format`.
    DiffFormat { Table, Markdown, Json }
);
mirror_enum!(
    /// `normalize --format` and `why --format`.
    SimpleFormat { Table, Json }
);

/// The shells `completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

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
    /// A SharePoint external users file (adds to the bundle's external-users.*).
    #[arg(long, value_name = "F", help_heading = "Inputs")]
    pub external_users: Vec<PathBuf>,
    /// The Entra authorization policy (replaces the bundle's authorization-policy.*).
    #[arg(long, value_name = "F", help_heading = "Inputs")]
    pub authorization: Option<PathBuf>,
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
    /// An export bundle: a folder holding tenant.*, sites.*, entra-policy.*, guests.*, groups.*,
    /// external-users.*, authorization-policy.*.
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
    /// Write the Graph request body here (PATCH to the existing policy, or POST to create one).
    #[arg(long, value_name = "F", help_heading = "Output")]
    pub out_graph: Option<PathBuf>,
    /// Write the PowerShell apply script here.
    #[arg(long, value_name = "F", help_heading = "Output")]
    pub out_script: Option<PathBuf>,
    /// Also write the JSON plan here (the same run as stdout).
    #[arg(long, value_name = "F", help_heading = "Output")]
    pub out_json: Option<PathBuf>,
    /// Also write the Markdown report here.
    #[arg(long, value_name = "F", help_heading = "Output")]
    pub out_markdown: Option<PathBuf>,
    /// Also write the SARIF log here.
    #[arg(long, value_name = "F", help_heading = "Output")]
    pub out_sarif: Option<PathBuf>,
    /// Write the HTML impact report here (as --format html).
    #[arg(long, value_name = "F", help_heading = "Output")]
    pub out_html: Option<PathBuf>,
    /// Write one CSV row per affected external person here.
    #[arg(long, value_name = "F", help_heading = "Output")]
    pub out_csv: Option<PathBuf>,
}

impl PlanArgs {
    /// Each `--out-*` flag given, with what it writes; adding a format is one line here.
    fn outputs(&self) -> Vec<(options::PlanOutput, PathBuf)> {
        use options::PlanOutput as O;
        [
            (O::Policy, &self.out_policy),
            (O::Graph, &self.out_graph),
            (O::Script, &self.out_script),
            (O::Json, &self.out_json),
            (O::Markdown, &self.out_markdown),
            (O::Sarif, &self.out_sarif),
            (O::Html, &self.out_html),
            (O::Csv, &self.out_csv),
        ]
        .into_iter()
        .filter_map(|(what, path)| path.clone().map(|p| (what, p)))
        .collect()
    }
}

#[derive(Debug, Args)]
#[command(rename_all = "kebab-case")]
pub struct DiffArgs {
    /// The policy before: an Entra policy in any accepted shape, or a plan JSON file (`-`: stdin).
    pub before: PathBuf,
    /// The policy after (`-`: stdin; not both).
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

/// What the command line asks of the binary.
pub enum Parsed {
    /// A library command (boxed: it is much larger than the other answers).
    Run(Box<Request>),
    /// Text to print as is (`completions`, `--help`, `--version`).
    Print(String),
    /// A usage error: clap's message, for standard error (the binary escapes the arguments
    /// it quotes), then exit 2.
    Usage(String),
}

/// Parses the process arguments into a plain request.
pub fn parse() -> Parsed {
    match Cli::try_parse() {
        Ok(cli) => cli.into_parsed(),
        Err(e) if e.use_stderr() => Parsed::Usage(e.render().to_string()),
        // --help and --version are not errors; clap knows which is which.
        Err(e) => Parsed::Print(e.render().to_string()),
    }
}

impl Cli {
    fn into_parsed(self) -> Parsed {
        Parsed::Run(Box::new(match self.command {
            Command::Plan(a) => Request::Plan(PlanRequest {
                // First: it reads the flags the other fields move out.
                outputs: a.outputs(),
                dir: a.dir,
                inputs: a.inputs.into(),
                assumptions: a.planning.into(),
                gate: a.gate.into(),
                format: a.format.into(),
            }),
            Command::Diff(a) => Request::Diff(DiffRequest {
                before: a.before,
                after: a.after,
                dir: a.dir,
                guests: a.guests,
                groups: a.groups,
                format: a.format.into(),
                exit_code: a.exit_code,
            }),
            Command::Normalize(a) => Request::Normalize(NormalizeRequest {
                domains: a.domains,
                format: a.format.into(),
            }),
            Command::Why(a) => Request::Why(WhyRequest {
                args: a.args,
                inputs: a.inputs.into(),
                assumptions: a.planning.into(),
                gate: a.gate.into(),
                site: a.site,
                format: a.format.into(),
            }),
            Command::Explain(a) => Request::Explain(ExplainRequest { code: a.code }),
            Command::ExportScript(a) => Request::ExportScript(ExportScriptRequest { out: a.out }),
            Command::Completions(a) => return Parsed::Print(completions(a.shell)),
        }))
    }
}

impl From<InputArgs> for InputPaths {
    fn from(a: InputArgs) -> Self {
        InputPaths {
            tenant: a.tenant,
            sites: a.sites,
            entra: a.entra,
            guests: a.guests,
            groups: a.groups,
            external_users: a.external_users,
            authorization: a.authorization,
            mode: a.mode.map(Into::into),
            config: a.config,
        }
    }
}

impl From<PlanningArgs> for Assumptions {
    fn from(p: PlanningArgs) -> Self {
        Assumptions {
            subdomains: p.subdomains.into(),
            merge: p.merge.into(),
            spo_after: p.spo_after.into(),
        }
    }
}

impl From<GateArgs> for GateRequest {
    fn from(g: GateArgs) -> Self {
        GateRequest {
            fail_on: g.fail_on.into(),
            allow: g.allow,
            warn: g.warn,
            deny: g.deny,
        }
    }
}

/// The completion script of `shell`, generated from the clap definition.
fn completions(shell: Shell) -> String {
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "spo2b2b", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
