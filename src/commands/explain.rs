//! `spo2b2b explain [CODE]`: one finding code's explanation, or the catalogue of every code.

use super::{Error, Outcome};
use crate::diag::Code;
use crate::render;

/// What `explain` was asked.
#[derive(Debug, Clone, Default)]
pub struct ExplainRequest {
    /// A finding code, e.g. `wildcard-entry`; `None` lists every code.
    pub code: Option<String>,
}

pub fn run(req: &ExplainRequest) -> Result<Outcome, Error> {
    Ok(Outcome::stdout(match &req.code {
        None => render::explain::catalogue(),
        Some(name) => render::explain::one(name.parse::<Code>().map_err(Error::Usage)?),
    }))
}
