//! Bundle discovery: which files of a folder are inputs, and how flag-named files combine with
//! them.

use std::path::Path;

use super::*;

/// Finds a bundle's files in `dir`: `tenant.*`, `sites.*`, `entra-policy.*`, `guests.*`,
/// `groups.*` with a final extension `.json`, `.csv` or `.txt` (names match case-insensitively,
/// so `guests.page2.json` is a second guests file). Files are returned sorted by name, each
/// displayed as `dir_display` joined with its name. Two tenant or two Entra files are an error;
/// a bundle without a tenant file is not (the caller decides whether it needs one).
pub fn discover(dir: &Path, dir_display: &str) -> Result<Vec<InputFile>, InputError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| InputError::new(dir_display, format!("cannot read the folder: {e}")))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry
            .map_err(|e| InputError::new(dir_display, format!("cannot read the folder: {e}")))?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let is_file = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file());
        if let Some(kind) = bundle_kind(&name).filter(|_| is_file) {
            names.push((name, kind));
        }
    }
    // read_dir order is the file system's; sort so runs are reproducible everywhere.
    names.sort();
    let mut files: Vec<InputFile> = Vec::with_capacity(names.len());
    for (name, kind) in names {
        let display = if dir_display.is_empty() {
            name.clone()
        } else if dir_display.ends_with('/') || dir_display.ends_with('\\') {
            format!("{dir_display}{name}")
        } else {
            format!("{dir_display}/{name}")
        };
        if matches!(
            kind,
            InputKind::Tenant | InputKind::Entra | InputKind::Authorization
        ) && let Some(first) = files.iter().find(|f| f.kind == kind)
        {
            return Err(InputError::new(
                &display,
                format!(
                    "a second {kind} file in the bundle (the first is {}); keep one",
                    first.display
                ),
            ));
        }
        files.push(InputFile {
            path: dir.join(&name),
            display,
            kind,
        });
    }
    Ok(files)
}

pub(super) fn bundle_kind(name: &str) -> Option<InputKind> {
    let (stem, _) = name.split_once('.')?;
    let (_, ext) = name.rsplit_once('.')?;
    if !["json", "csv", "txt"]
        .iter()
        .any(|e| e.eq_ignore_ascii_case(ext))
    {
        return None;
    }
    InputKind::ALL
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(stem))
}

/// Combines a bundle's files with files named by flags: a `--tenant` or `--entra` flag replaces
/// the bundle's file of that kind; `--sites`, `--guests` and `--groups` add to the bundle's. A
/// flag naming a file the bundle already holds (same path and kind) does not read it twice.
pub fn merge_files(bundle: Vec<InputFile>, overrides: Vec<InputFile>) -> Vec<InputFile> {
    let replaced = |k: InputKind| {
        matches!(
            k,
            InputKind::Tenant | InputKind::Entra | InputKind::Authorization
        ) && overrides.iter().any(|o| o.kind == k)
    };
    let mut out: Vec<InputFile> = bundle.into_iter().filter(|f| !replaced(f.kind)).collect();
    for file in overrides {
        if !out
            .iter()
            .any(|f| f.kind == file.kind && f.path == file.path)
        {
            out.push(file);
        }
    }
    out
}
