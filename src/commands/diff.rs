//! `spo2b2b diff BEFORE AFTER [DIR]`: two Entra policies compared domain by domain, with whom
//! each change hits when guests and groups are given.

use std::path::PathBuf;

use super::{Error, Outcome};
use crate::options::DiffFormat;
use crate::render;
use crate::report;

/// What `diff` was asked.
#[derive(Debug, Clone)]
pub struct DiffRequest {
    /// The policy before: an Entra policy in any accepted shape, or a plan JSON file.
    pub before: PathBuf,
    pub after: PathBuf,
    /// A bundle whose guests and groups measure whom each change hits.
    pub dir: Option<PathBuf>,
    pub guests: Vec<PathBuf>,
    pub groups: Vec<PathBuf>,
    pub format: DiffFormat,
    /// Exit 1 when the policies differ.
    pub exit_code: bool,
}

pub fn run(req: &DiffRequest) -> Result<Outcome, Error> {
    let people = report::people_files(req.dir.as_deref(), &req.guests, &req.groups)?;
    let before = report::read_side(&req.before)?;
    let after = report::read_side(&req.after)?;
    let d = report::diff(before, after, &people)?;
    let stdout = match req.format {
        DiffFormat::Table => render::diff::table(&d),
        DiffFormat::Markdown => render::diff::markdown(&d),
        DiffFormat::Json => render::diff::json(&d),
    };
    Ok(Outcome {
        stdout,
        exit: u8::from(req.exit_code && d.differs()),
        reason: (req.exit_code && d.differs()).then(|| "differences present".to_owned()),
        ..Outcome::default()
    })
}
