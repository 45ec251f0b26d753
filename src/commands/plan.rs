//! `spo2b2b plan [DIR]`: read an export bundle, propose the Entra B2B policy, measure its blast
//! radius, and write the report and the `--out-*` files.

use std::path::PathBuf;

use super::{Error, GateRequest, Outcome, build_report};
use crate::options::{PlanFormat, PlanOutput};
use crate::plan::Assumptions;
use crate::render;
use crate::report::{self, InputPaths, Report};

/// What `plan` was asked.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    /// An export bundle folder.
    pub dir: Option<PathBuf>,
    pub inputs: InputPaths,
    pub assumptions: Assumptions,
    pub gate: GateRequest,
    pub format: PlanFormat,
    /// The `--out-*` files: what to write where (all or nothing, by the binary).
    pub outputs: Vec<(PlanOutput, PathBuf)>,
}

pub fn run(req: &PlanRequest) -> Result<Outcome, Error> {
    // Two flags naming one file are a usage error, found before the inputs are read.
    crate::output::check_distinct(req.outputs.iter().map(|(_, p)| p.as_path()))
        .map_err(|e| Error::Usage(e.to_string()))?;
    let report = build_report(req.dir.as_deref(), &req.inputs, req.assumptions, &req.gate)?;
    let mut outcome = Outcome {
        stdout: render(&report, req.format.into()),
        exit: report.exit_code(req.gate.fail_on),
        reason: report::fail_reason(&report.findings, req.gate.fail_on),
        ..Outcome::default()
    };
    outcome.files = req
        .outputs
        .iter()
        .map(|(what, path)| (path.clone(), render(&report, *what).into_bytes()))
        .collect();
    // A large tenant's report is millions of small allocations, and freeing them is a visible
    // part of a run (about 5% at a million guests). Free them on another thread, beside the
    // printing: the binary exits as soon as its output is written, and a library caller still
    // gets the memory back.
    std::thread::spawn(move || drop(report));
    Ok(outcome)
}

/// The one place a plan output picks its renderer: stdout's `--format` and every `--out-*` file.
fn render(report: &Report, what: PlanOutput) -> String {
    match what {
        PlanOutput::Table => render::plan::table(report),
        PlanOutput::Json => render::plan::json(report),
        PlanOutput::Markdown => render::markdown::plan(report),
        PlanOutput::Sarif => render::sarif::plan(report),
        PlanOutput::Policy => render::policy::definition(&report.proposal.proposed.definition),
        PlanOutput::Graph => render::policy::graph_body(
            &report.proposal.proposed.definition,
            report.data.entra.as_ref(),
        ),
        PlanOutput::Script => {
            render::script::apply(&render::script::ApplyInput::from_report(report))
        }
        PlanOutput::Html => render::html::plan(report),
        PlanOutput::Csv => render::csv::plan(report),
    }
}
