//! `spo2b2b why ADDRESS...`: every gate an address meets, before and after the change.

use std::path::Path;

use super::{Error, GateRequest, Outcome, build_report};
use crate::diag::Finding;
use crate::options::SimpleFormat;
use crate::plan::Assumptions;
use crate::render;
use crate::report::{self, InputPaths};

/// What `why` was asked.
#[derive(Debug, Clone)]
pub struct WhyRequest {
    /// Addresses to explain; an argument naming an existing folder is the bundle.
    pub args: Vec<String>,
    pub inputs: InputPaths,
    pub assumptions: Assumptions,
    pub gate: GateRequest,
    /// The site the sharing starts from (default: the tenant gate only).
    pub site: Option<String>,
    pub format: SimpleFormat,
}

pub fn run(req: &WhyRequest) -> Result<Outcome, Error> {
    // A positional argument that names an existing folder is the bundle (SPEC §2).
    let (dirs, addresses): (Vec<&String>, Vec<&String>) = req
        .args
        .iter()
        .partition(|a| Path::new(a.as_str()).is_dir());
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
    let dir = dirs.first().map(|d| Path::new(d.as_str()));
    let report = build_report(dir, &req.inputs, req.assumptions, &req.gate)?;
    let addresses: Vec<String> = addresses.into_iter().cloned().collect();
    let explanations = report::explain(&report, &addresses, req.site.as_deref())?;
    let stdout = match req.format {
        SimpleFormat::Table => render::why::table(&explanations, &report.assumptions),
        SimpleFormat::Json => render::why::json(&explanations),
    };
    let findings: Vec<Finding> = explanations
        .iter()
        .flat_map(|e| e.findings.iter().cloned())
        .collect();
    Ok(Outcome {
        stdout,
        exit: report::exit_code(&findings, req.gate.fail_on),
        reason: report::fail_reason(&findings, req.gate.fail_on),
        ..Outcome::default()
    })
}
