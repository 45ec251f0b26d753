//! `spo2b2b explain`: the catalogue of finding codes.

use crate::diag::Code;

/// Every code with its default severity and one-line meaning.
pub fn catalogue() -> String {
    let mut t = super::table(&["code", "severity", "meaning"]);
    for &code in Code::ALL {
        t.add_row(vec![
            code.as_str(),
            code.default_severity().as_str(),
            code.explanation().means,
        ]);
    }
    format!("{t}\n")
}

/// One code: what it means, why it matters, what to do.
pub fn one(code: Code) -> String {
    let e = code.explanation();
    format!(
        "{code} (default severity: {sev})\n\nWhat it means\n  {means}\n\nWhy it matters\n  {matters}\n\nWhat to do\n  {todo}\n",
        sev = code.default_severity(),
        means = e.means,
        matters = e.matters,
        todo = e.todo,
    )
}
