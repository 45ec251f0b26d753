//! The public entry points: one function per subcommand, each returning an [`Outcome`] that the
//! binary prints, or an [`Error`] that it reports with exit code 2.
//!
//! Nothing here prints or exits; that keeps every command testable as a function and lets the
//! binary handle a closed stdout in one place.

use std::io::Read;
use std::path::PathBuf;

use clap::CommandFactory;

use crate::cli::{
    Cli, Command, DiffArgs, ExplainArgs, GateArgs, InputArgs, NormalizeArgs, PlanArgs,
    PlanningArgs, WhyArgs,
};
use crate::diag::{Code, Severity};
use crate::domain::{self, EntryContext, Issue, ListRole, Normalized};
use crate::options::{DiffFormat, PlanFormat, Shell, SimpleFormat};
use crate::plan::Assumptions;
use crate::render;
use crate::report::{self, Report, RunOptions};

/// Why a run could not finish: bad usage or unreadable / malformed input (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Run(#[from] report::RunError),
    #[error("{path}: {message}")]
    Io { path: String, message: String },
}

/// What a finished run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    pub stdout: String,
    /// 0 or 1 (SPEC §2).
    pub exit: u8,
    /// With exit 1: the one stderr line that says why (SPEC §2), without the `spo2b2b: ` prefix.
    pub reason: Option<String>,
    /// Files to write atomically, only because the run succeeded.
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

impl Outcome {
    fn stdout(stdout: String) -> Self {
        Outcome {
            stdout,
            ..Outcome::default()
        }
    }
}

/// Runs one parsed command line. `stdin` serves `normalize` without arguments.
pub fn run(cli: Cli, stdin: &mut dyn Read) -> Result<Outcome, Error> {
    match cli.command {
        Command::Normalize(args) => normalize(&args, stdin),
        Command::Explain(args) => explain(&args),
        Command::Completions(args) => Ok(Outcome::stdout(completions(args.shell))),
        Command::Plan(args) => plan(&args),
        Command::Why(args) => why(&args),
        Command::Diff(args) => diff(&args),
        Command::ExportScript(args) => {
            let script = render::script::export();
            Ok(match args.out {
                Some(p) => Outcome {
                    files: vec![(p, script.into_bytes())],
                    ..Outcome::default()
                },
                None => Outcome::stdout(script),
            })
        }
    }
}

fn explain(args: &ExplainArgs) -> Result<Outcome, Error> {
    Ok(Outcome::stdout(match &args.code {
        None => render::explain::catalogue(),
        Some(name) => render::explain::one(name.parse::<Code>().map_err(Error::Usage)?),
    }))
}

fn completions(shell: Shell) -> String {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    let name = "spo2b2b";
    match shell {
        Shell::Bash => {
            clap_complete::generate(clap_complete::Shell::Bash, &mut cmd, name, &mut out)
        }
        Shell::Zsh => clap_complete::generate(clap_complete::Shell::Zsh, &mut cmd, name, &mut out),
        Shell::Fish => {
            clap_complete::generate(clap_complete::Shell::Fish, &mut cmd, name, &mut out)
        }
        Shell::Powershell => {
            clap_complete::generate(clap_complete::Shell::PowerShell, &mut cmd, name, &mut out)
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Normalises free-standing entries: each argument (or stdin line) is split like a list string,
/// every piece gets a record, and the cross-entry checks run over all of them.
pub fn normalize_entries<'a>(inputs: impl IntoIterator<Item = &'a str>) -> Vec<Normalized> {
    let ctx = EntryContext {
        role: ListRole::Query,
        from_csv: false,
    };
    let mut out = Vec::new();
    for input in inputs {
        let split = domain::split_list(input);
        // Quoted short: every piece of a long line carries this message (SPEC §8).
        let separated = split.nonstandard.then(|| {
            format!(
                "{} separates entries with commas, semicolons or line breaks",
                domain::quoted(input)
            )
        });
        for piece in split.pieces {
            let mut n = domain::normalize_entry(piece, ctx);
            if let Some(message) = &separated {
                n.issues.push(Issue {
                    code: Code::NonstandardSeparator,
                    severity: Severity::Info,
                    message: message.clone(),
                });
            }
            out.push(n);
        }
    }
    domain::cross_check(&mut out);
    out
}

fn normalize(args: &NormalizeArgs, stdin: &mut dyn Read) -> Result<Outcome, Error> {
    let from_stdin = args.domains.is_empty() || args.domains.iter().any(|d| d == "-");
    let mut text = String::new();
    if from_stdin {
        let mut bytes = Vec::new();
        stdin.read_to_end(&mut bytes).map_err(|e| Error::Io {
            path: "<stdin>".into(),
            message: e.to_string(),
        })?;
        // Standard input is decoded like any input file: UTF-8 with or without BOM, or
        // UTF-16 with BOM (what Windows PowerShell 5.1 pipes to a native program).
        text = crate::ingest::bytes_to_text("<stdin>", bytes).map_err(report::RunError::from)?;
    }
    let mut inputs: Vec<&str> = Vec::new();
    for d in &args.domains {
        if d == "-" {
            inputs.extend(text.lines().filter(|l| !l.trim().is_empty()));
        } else {
            inputs.push(d);
        }
    }
    if args.domains.is_empty() {
        inputs.extend(text.lines().filter(|l| !l.trim().is_empty()));
    }
    let entries = normalize_entries(inputs);
    Ok(Outcome::stdout(match args.format {
        SimpleFormat::Table => render::normalize::table(&entries),
        SimpleFormat::Json => render::normalize::json(&entries),
    }))
}

fn assumptions(p: &PlanningArgs) -> Assumptions {
    Assumptions {
        subdomains: p.subdomains,
        merge: p.merge,
        spo_after: p.spo_after,
    }
}

/// Reads the inputs and computes the report shared by `plan` and `why`.
fn build_report(
    dir: Option<&std::path::Path>,
    inputs: &InputArgs,
    planning: &PlanningArgs,
    gate: &GateArgs,
) -> Result<Report, Error> {
    let (files, config) = report::collect_inputs(dir, inputs)?;
    Ok(report::run(RunOptions {
        files,
        config,
        text_mode: inputs.mode,
        assumptions: assumptions(planning),
        flag_overrides: report::flag_overrides(&gate.allow, &gate.warn, &gate.deny)?,
    })?)
}

fn why(args: &WhyArgs) -> Result<Outcome, Error> {
    // A positional argument that names an existing folder is the bundle (SPEC §2).
    let (dirs, addresses): (Vec<&String>, Vec<&String>) = args
        .args
        .iter()
        .partition(|a| std::path::Path::new(a.as_str()).is_dir());
    if dirs.len() > 1 {
        return Err(Error::Usage(format!(
            "more than one bundle folder given: {}",
            dirs.iter()
                .map(|d| d.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if addresses.is_empty() {
        return Err(Error::Usage("name at least one address to explain".into()));
    }
    let dir = dirs.first().map(|d| std::path::Path::new(d.as_str()));
    let report = build_report(dir, &args.inputs, &args.planning, &args.gate)?;
    let addresses: Vec<String> = addresses.into_iter().cloned().collect();
    let explanations = crate::why::explain(&report, &addresses, args.site.as_deref())?;
    let stdout = match args.format {
        SimpleFormat::Table => render::why::table(&explanations, &report.assumptions),
        SimpleFormat::Json => render::why::json(&explanations),
    };
    let findings: Vec<crate::diag::Finding> = explanations
        .iter()
        .flat_map(|e| e.findings.iter().cloned())
        .collect();
    Ok(Outcome {
        stdout,
        exit: report::exit_code(&findings, args.gate.fail_on),
        reason: report::fail_reason(&findings, args.gate.fail_on),
        ..Outcome::default()
    })
}

fn plan(args: &PlanArgs) -> Result<Outcome, Error> {
    let report = build_report(
        args.dir.as_deref(),
        &args.inputs,
        &args.planning,
        &args.gate,
    )?;
    let stdout = match args.format {
        PlanFormat::Table => render::plan::table(&report),
        PlanFormat::Json => render::plan::json(&report),
        PlanFormat::Markdown => render::markdown::plan(&report),
        PlanFormat::Sarif => render::sarif::plan(&report),
    };
    let mut outcome = Outcome {
        stdout,
        exit: report.exit_code(args.gate.fail_on),
        reason: report::fail_reason(&report.findings, args.gate.fail_on),
        ..Outcome::default()
    };
    outcome.files = out_files(args, &report);
    // A large tenant's report is millions of small allocations, and freeing them is a visible
    // part of a run (about 5% at a million guests). Free them on another thread, beside the
    // printing: the binary exits as soon as its output is written, and a library caller still
    // gets the memory back.
    std::thread::spawn(move || drop(report));
    Ok(outcome)
}

/// The `--out-*` files of a plan, written by the binary only because the run succeeded.
fn out_files(args: &PlanArgs, report: &Report) -> Vec<(PathBuf, Vec<u8>)> {
    let def = &report.proposal.proposed.definition;
    let mut files = Vec::new();
    if let Some(p) = &args.out_policy {
        files.push((p.clone(), render::policy::definition(def).into_bytes()));
    }
    if let Some(p) = &args.out_graph {
        files.push((p.clone(), render::policy::graph_body(def).into_bytes()));
    }
    if let Some(p) = &args.out_script {
        let proposed = &report.proposal.proposed;
        let script = render::script::apply(
            def,
            proposed.mode,
            proposed.domains.len(),
            proposed.definition_chars,
        );
        files.push((p.clone(), script.into_bytes()));
    }
    files
}

fn diff(args: &DiffArgs) -> Result<Outcome, Error> {
    use crate::ingest::{InputFile, InputKind};
    let mut people: Vec<InputFile> = match &args.dir {
        Some(d) => crate::ingest::discover(d, &d.to_string_lossy())
            .map_err(report::RunError::from)?
            .into_iter()
            .filter(|f| matches!(f.kind, InputKind::Guests | InputKind::Groups))
            .collect(),
        None => Vec::new(),
    };
    people.extend(
        args.guests
            .iter()
            .map(|p| InputFile::new(p, InputKind::Guests)),
    );
    people.extend(
        args.groups
            .iter()
            .map(|p| InputFile::new(p, InputKind::Groups)),
    );
    let before = crate::diff::read_side(&args.before)?;
    let after = crate::diff::read_side(&args.after)?;
    let d = crate::diff::diff(before, after, &people)?;
    let stdout = match args.format {
        DiffFormat::Table => render::diff::table(&d),
        DiffFormat::Markdown => render::diff::markdown(&d),
        DiffFormat::Json => render::diff::json(&d),
    };
    Ok(Outcome {
        stdout,
        exit: u8::from(args.exit_code && d.differs()),
        reason: (args.exit_code && d.differs()).then(|| "differences present".to_owned()),
        ..Outcome::default()
    })
}
