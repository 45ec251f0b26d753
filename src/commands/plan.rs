//! `spo2b2b plan [DIR]`: read an export bundle, propose the Entra B2B policy, measure its blast
//! radius, and write the report and the `--out-*` files.

use std::path::PathBuf;

use super::{Error, GateRequest, Outcome, build_report};
use crate::options::PlanFormat;
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
    /// Write the proposed Entra definition (pretty JSON) here.
    pub out_policy: Option<PathBuf>,
    /// Write the Graph PATCH body here.
    pub out_graph: Option<PathBuf>,
    /// Write the PowerShell apply script here.
    pub out_script: Option<PathBuf>,
}

pub fn run(req: &PlanRequest) -> Result<Outcome, Error> {
    let report = build_report(req.dir.as_deref(), &req.inputs, req.assumptions, &req.gate)?;
    // The Graph b2bManagementPolicy API exists in the global service only (SPEC §5): a Graph
    // body or an apply script for a national-cloud tenant could never work. Refused whatever
    // the finding's severity was set to, before anything is written.
    if req.out_graph.is_some() || req.out_script.is_some() {
        let national = report
            .analysis
            .findings
            .iter()
            .find(|f| f.code == crate::diag::Code::NationalCloud);
        if let Some(f) = national {
            let flag = if req.out_graph.is_some() {
                "--out-graph"
            } else {
                "--out-script"
            };
            return Err(Error::Usage(format!(
                "{flag} refused: this is a national-cloud tenant ({}), and the Graph b2bManagementPolicy API that the Graph body and the apply script use exists in the global service only; apply the proposed domains in your cloud's Entra admin center",
                f.message
                    .strip_prefix("a national-cloud tenant (")
                    .and_then(|m| m.split_once("); "))
                    .map_or("see the national-cloud finding", |(hosts, _)| hosts)
            )));
        }
    }
    let stdout = match req.format {
        PlanFormat::Table => render::plan::table(&report),
        PlanFormat::Json => render::plan::json(&report),
        PlanFormat::Markdown => render::markdown::plan(&report),
        PlanFormat::Sarif => render::sarif::plan(&report),
    };
    let mut outcome = Outcome {
        stdout,
        exit: report.exit_code(req.gate.fail_on),
        reason: report::fail_reason(&report.findings, req.gate.fail_on),
        ..Outcome::default()
    };
    outcome.files = out_files(req, &report);
    // A large tenant's report is millions of small allocations, and freeing them is a visible
    // part of a run (about 5% at a million guests). Free them on another thread, beside the
    // printing: the binary exits as soon as its output is written, and a library caller still
    // gets the memory back.
    std::thread::spawn(move || drop(report));
    Ok(outcome)
}

/// The `--out-*` files of a plan, written by the binary only because the run succeeded.
fn out_files(req: &PlanRequest, report: &Report) -> Vec<(PathBuf, Vec<u8>)> {
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
    files
}
