//! `spo2b2b plan [DIR]`: read an export bundle, propose the Entra B2B policy, measure its blast
//! radius, and write the report and the `--out-*` files.

use std::cell::OnceCell;
use std::path::PathBuf;

use super::{Error, GateRequest, Outcome, build_report};
use crate::options::PlanFormat;
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
    /// Write the proposed Entra definition (pretty JSON) here.
    pub out_policy: Option<PathBuf>,
    /// Write the Graph PATCH body here.
    pub out_graph: Option<PathBuf>,
    /// Write the PowerShell apply script here.
    pub out_script: Option<PathBuf>,
    /// Write the HTML impact report here.
    pub out_html: Option<PathBuf>,
    /// Write the CSV of affected people here.
    pub out_csv: Option<PathBuf>,
}

pub fn run(req: &PlanRequest) -> Result<Outcome, Error> {
    let report = build_report(req.dir.as_deref(), &req.inputs, req.assumptions, &req.gate)?;
    // The people view behind the HTML page and the CSV, computed once for all of them.
    let people = OnceCell::new();
    let people = || people.get_or_init(|| affected(&report, &PeopleInputs::from_report(&report)));
    let stdout = match req.format {
        PlanFormat::Table => render::plan::table(&report),
        PlanFormat::Json => render::plan::json(&report),
        PlanFormat::Markdown => render::markdown::plan(&report),
        PlanFormat::Sarif => render::sarif::plan(&report),
        PlanFormat::Html => render::html::page(&report, people()),
    };
    let mut outcome = Outcome {
        stdout,
        exit: report.exit_code(req.gate.fail_on),
        reason: report::fail_reason(&report.findings, req.gate.fail_on),
        ..Outcome::default()
    };
    outcome.files = out_files(req, &report, people);
    // A large tenant's report is millions of small allocations, and freeing them is a visible
    // part of a run (about 5% at a million guests). Free them on another thread, beside the
    // printing: the binary exits as soon as its output is written, and a library caller still
    // gets the memory back.
    std::thread::spawn(move || drop(report));
    Ok(outcome)
}

/// The `--out-*` files of a plan, written by the binary only because the run succeeded.
fn out_files<'a>(
    req: &PlanRequest,
    report: &Report,
    people: impl Fn() -> &'a Affected,
) -> Vec<(PathBuf, Vec<u8>)> {
    let def = &report.proposal.proposed.definition;
    let mut files = Vec::new();
    if let Some(p) = &req.out_policy {
        files.push((p.clone(), render::policy::definition(def).into_bytes()));
    }
    if let Some(p) = &req.out_graph {
        let body = render::policy::graph_body(def, report.data.entra.as_ref());
        files.push((p.clone(), body.into_bytes()));
    }
    if let Some(p) = &req.out_script {
        let script = render::script::apply(&render::script::ApplyInput::from_report(report));
        files.push((p.clone(), script.into_bytes()));
    }
    if let Some(p) = &req.out_html {
        files.push((p.clone(), render::html::page(report, people()).into_bytes()));
    }
    if let Some(p) = &req.out_csv {
        files.push((p.clone(), render::csv::people(people()).into_bytes()));
    }
    files
}
