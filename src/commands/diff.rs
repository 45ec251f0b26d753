//! `spo2b2b diff BEFORE AFTER [DIR]`: two Entra policies compared domain by domain, with whom
//! each change hits when guests and groups are given.

use std::io::Read;
use std::path::PathBuf;

use super::{Error, Outcome};
use crate::options::DiffFormat;
use crate::render;
use crate::report;

/// What `diff` was asked.
#[derive(Debug, Clone)]
pub struct DiffRequest {
    /// The policy before: an Entra policy in any accepted shape, or a plan JSON file; `-` is
    /// standard input (for one side only).
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

/// `-` names standard input (SPEC §2).
fn is_stdin(p: &std::path::Path) -> bool {
    p.as_os_str() == "-"
}

pub fn run(req: &DiffRequest, stdin: &mut dyn Read) -> Result<Outcome, Error> {
    if is_stdin(&req.before) && is_stdin(&req.after) {
        return Err(Error::Usage(
            "BEFORE and AFTER cannot both be - (standard input is read once): name a file for one of them"
                .to_owned(),
        ));
    }
    let people = report::people_files(req.dir.as_deref(), &req.guests, &req.groups)?;
    let mut side = |p: &std::path::Path| -> Result<report::Side, Error> {
        if !is_stdin(p) {
            return Ok(report::read_side(p)?);
        }
        let mut bytes = Vec::new();
        stdin.read_to_end(&mut bytes).map_err(|e| Error::Io {
            path: "(stdin)".to_owned(),
            message: format!("cannot read standard input: {e}"),
        })?;
        Ok(report::read_side_stdin(bytes)?)
    };
    let before = side(&req.before)?;
    let after = side(&req.after)?;
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
