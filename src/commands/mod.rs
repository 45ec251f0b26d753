//! The subcommands, one module each: every module takes a plain request (built by the binary's
//! argument parser), runs the stages below, and ends in one `Format -> renderer` choice.
//!
//! Nothing here prints or exits: each command returns an [`Outcome`] that the binary prints, or
//! an [`Error`] that it reports with exit code 2. That keeps every command testable as a function
//! and lets the binary handle a closed stdout in one place.

use std::io::Read;
use std::path::PathBuf;

use crate::diag::{Code, Level};
use crate::options::FailOn;
use crate::report::{self, RunError};

pub mod diff;
pub mod explain;
pub mod export_script;
pub mod normalize;
pub mod plan;
pub mod why;

pub use diff::DiffRequest;
pub use explain::ExplainRequest;
pub use export_script::ExportScriptRequest;
pub use normalize::NormalizeRequest;
pub use plan::PlanRequest;
pub use why::WhyRequest;

/// Why a run could not finish: bad usage or unreadable / malformed input (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Run(#[from] RunError),
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
    /// An outcome that only prints.
    pub fn stdout(stdout: String) -> Self {
        Outcome {
            stdout,
            ..Outcome::default()
        }
    }
}

/// One subcommand with its plain options (`completions` is the binary's own: it needs the argument parser).
#[derive(Debug)]
pub enum Request {
    Plan(PlanRequest),
    Diff(DiffRequest),
    Normalize(NormalizeRequest),
    Why(WhyRequest),
    Explain(ExplainRequest),
    ExportScript(ExportScriptRequest),
}

/// Runs one request. `stdin` serves `normalize` without arguments and `diff` with a `-` side.
pub fn run(request: Request, stdin: &mut dyn Read) -> Result<Outcome, Error> {
    match request {
        Request::Normalize(r) => normalize::run(&r, stdin),
        Request::Explain(r) => explain::run(&r),
        Request::Plan(r) => plan::run(&r),
        Request::Why(r) => why::run(&r),
        Request::Diff(r) => diff::run(&r, stdin),
        Request::ExportScript(r) => Ok(export_script::run(r)),
    }
}

/// Severity overrides and the exit gate of `plan` and `why`.
#[derive(Debug, Clone)]
pub struct GateRequest {
    /// Exit 1 when a finding is at or above this severity.
    pub fail_on: FailOn,
    /// Codes to silence (`--allow`), make warnings (`--warn`), make errors (`--deny`).
    pub allow: Vec<String>,
    pub warn: Vec<String>,
    pub deny: Vec<String>,
}

impl GateRequest {
    /// Parses `--allow/--warn/--deny` codes.
    fn overrides(&self) -> Result<Vec<(Code, Level)>, RunError> {
        report::flag_overrides(&self.allow, &self.warn, &self.deny)
    }
}

/// Reads the inputs and computes the report shared by `plan` and `why`.
fn build_report(
    dir: Option<&std::path::Path>,
    inputs: &report::InputPaths,
    assumptions: crate::plan::Assumptions,
    gate: &GateRequest,
) -> Result<report::Report, Error> {
    let (files, config) = report::collect_inputs(dir, inputs)?;
    Ok(report::run(report::RunOptions {
        files,
        config,
        text_mode: inputs.mode,
        assumptions,
        flag_overrides: gate.overrides()?,
    })?)
}
