//! `spo2b2b plan [DIR]`: read an export bundle, propose the Entra B2B policy, measure its blast
//! radius, and write the report and the `--out-*` files.

use std::cell::OnceCell;
use std::path::PathBuf;

use super::{Error, GateRequest, Outcome, build_report};
use crate::options::{PlanFormat, PlanOutput};
use crate::plan::Assumptions;
use crate::render;
use crate::report::affected::{Affected, PeopleInputs, affected};
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
    // The Graph b2bManagementPolicy API exists in the global service only (SPEC §5): a Graph
    // body or an apply script for a national-cloud tenant could never work. Refused whatever
    // the finding's severity was set to, before anything is written.
    let national = report
        .analysis
        .findings
        .iter()
        .find(|f| f.code == crate::diag::Code::NationalCloud);
    let api_output = req.outputs.iter().find_map(|(what, _)| match what {
        PlanOutput::Graph => Some("--out-graph"),
        PlanOutput::Script => Some("--out-script"),
        _ => None,
    });
    if let (Some(f), Some(flag)) = (national, api_output) {
        return Err(Error::Usage(format!("{flag} refused: {}", f.message)));
    }
    // The people view behind the HTML page and the CSV, computed once for all of them.
    let people = OnceCell::new();
    let people = || people.get_or_init(|| affected(&report, &PeopleInputs::from_report(&report)));
    let mut outcome = Outcome {
        stdout: render(&report, req.format.into(), &people),
        exit: report.exit_code(req.gate.fail_on),
        reason: report::fail_reason(&report.findings, req.gate.fail_on),
        ..Outcome::default()
    };
    outcome.files = req
        .outputs
        .iter()
        .map(|(what, path)| (path.clone(), render(&report, *what, &people).into_bytes()))
        .collect();
    // A large tenant's report is millions of small allocations, and freeing them is a visible
    // part of a run (about 5% at a million guests). Free them on another thread, beside the
    // printing: the binary exits as soon as its output is written, and a library caller still
    // gets the memory back.
    std::thread::spawn(move || drop(report));
    Ok(outcome)
}

/// The one place a plan output picks its renderer: stdout's `--format` and every `--out-*` file.
/// `people` gives the people view (computed at most once, only when a format needs it).
fn render<'a>(report: &Report, what: PlanOutput, people: &dyn Fn() -> &'a Affected) -> String {
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
        PlanOutput::Html => render::html::page(report, people()),
        PlanOutput::Csv => render::csv::people(people()),
    }
}
