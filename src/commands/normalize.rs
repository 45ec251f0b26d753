//! `spo2b2b normalize [DOMAIN...]`: the canonical form and findings of free-standing entries.

use std::io::Read;

use super::{Error, Outcome};
use crate::diag::{Code, Severity};
use crate::domain::{self, EntryContext, Issue, ListRole, Normalized};
use crate::options::SimpleFormat;
use crate::report::RunError;
use crate::{plan, render};

/// What `normalize` was asked.
#[derive(Debug, Clone)]
pub struct NormalizeRequest {
    /// Domains, addresses or URLs; none or `-` reads one entry per stdin line.
    pub domains: Vec<String>,
    pub format: SimpleFormat,
}

/// Normalises free-standing entries: each argument (or stdin line) is split like a list string,
/// every piece gets a record, and the cross-entry checks run over all of them.
pub fn normalize_entries<'a>(inputs: impl IntoIterator<Item = &'a str>) -> Vec<Normalized> {
    let ctx = EntryContext {
        role: ListRole::Query,
        from_csv: false,
    };
    let mut out = Vec::new();
    for input in inputs {
        let split = plan::normalize_list_string(input, ctx);
        // Quoted short: every piece of a long line carries this message (SPEC §8).
        let separated = split.nonstandard.then(|| {
            format!(
                "{} separates entries with commas, semicolons or line breaks",
                domain::quoted(input)
            )
        });
        for mut n in split.entries {
            if let Some(message) = &separated {
                n.issues.push(Issue {
                    code: Code::NonstandardSeparator,
                    severity: Severity::Info,
                    message: message.clone(),
                });
            }
            out.push(n);
        }
    }
    domain::cross_check(&mut out);
    out
}

pub fn run(req: &NormalizeRequest, stdin: &mut dyn Read) -> Result<Outcome, Error> {
    let from_stdin = req.domains.is_empty() || req.domains.iter().any(|d| d == "-");
    let mut text = String::new();
    if from_stdin {
        let mut bytes = Vec::new();
        stdin.read_to_end(&mut bytes).map_err(|e| Error::Io {
            path: "<stdin>".into(),
            message: e.to_string(),
        })?;
        // Standard input is decoded like any input file: UTF-8 with or without BOM, or
        // UTF-16 with BOM (what Windows PowerShell 5.1 pipes to a native program).
        text = crate::ingest::bytes_to_text("<stdin>", bytes).map_err(RunError::from)?;
    }
    let mut inputs: Vec<&str> = Vec::new();
    for d in &req.domains {
        if d == "-" {
            inputs.extend(text.lines().filter(|l| !l.trim().is_empty()));
        } else {
            inputs.push(d);
        }
    }
    if req.domains.is_empty() {
        inputs.extend(text.lines().filter(|l| !l.trim().is_empty()));
    }
    let entries = normalize_entries(inputs);
    Ok(Outcome::stdout(match req.format {
        SimpleFormat::Table => render::normalize::table(&entries),
        SimpleFormat::Json => render::normalize::json(&entries),
    }))
}
