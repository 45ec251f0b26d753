//! `spo2b2b export-script`: the PowerShell that collects a bundle `plan` reads.

use std::path::PathBuf;

use super::Outcome;
use crate::render;

/// Where `export-script` writes.
#[derive(Debug, Clone, Default)]
pub struct ExportScriptRequest {
    /// Write the script here instead of stdout.
    pub out: Option<PathBuf>,
}

pub fn run(req: ExportScriptRequest) -> Outcome {
    let script = render::script::export();
    match req.out {
        Some(p) => Outcome {
            files: vec![(p, script.into_bytes())],
            ..Outcome::default()
        },
        None => Outcome::stdout(script),
    }
}
