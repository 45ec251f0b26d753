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
        let name = match entry.file_name().into_string() {
            Ok(name) => name,
            Err(raw) => {
                // A name that is not UTF-8 cannot be shown or matched exactly; if it looks like
                // an input it must not be skipped silently (SPEC §2).
                let lossy = raw.to_string_lossy().into_owned();
                if bundle_kind(&lossy).is_some() {
                    return Err(InputError::new(
                        &join_display(dir_display, &lossy),
                        "the file name is not valid UTF-8: rename the file (its name is shown \
                         with U+FFFD for the bytes that are not)",
                    ));
                }
                continue;
            }
        };
        let Some(kind) = bundle_kind(&name) else {
            continue;
        };
        if let Some(what) = not_a_regular_file(&entry.path()) {
            return Err(InputError::new(
                &join_display(dir_display, &name),
                format!(
                    "named like a bundle's {kind} file but {what}: it cannot be read as an \
                     input (rename or remove it)"
                ),
            ));
        }
        names.push((name, kind));
    }
    // read_dir order is the file system's; sort so runs are reproducible everywhere.
    names.sort();
    let mut files: Vec<InputFile> = Vec::with_capacity(names.len());
    for (name, kind) in names {
        let display = join_display(dir_display, &name);
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

/// How a bundle file is shown: the folder as given, joined with the name.
fn join_display(dir_display: &str, name: &str) -> String {
    if dir_display.is_empty() {
        name.to_string()
    } else if dir_display.ends_with('/') || dir_display.ends_with('\\') {
        format!("{dir_display}{name}")
    } else {
        format!("{dir_display}/{name}")
    }
}

/// Why `path` is not a readable regular file (following links), or `None` when it is one.
fn not_a_regular_file(path: &Path) -> Option<&'static str> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => None,
        Ok(m) if m.is_dir() => Some("it is a directory"),
        Ok(m) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::FileTypeExt;
                let t = m.file_type();
                if t.is_fifo() {
                    return Some("it is a FIFO (named pipe)");
                }
                if t.is_socket() {
                    return Some("it is a socket");
                }
                if t.is_block_device() || t.is_char_device() {
                    return Some("it is a device");
                }
            }
            let _ = m;
            Some("it is not a regular file")
        }
        Err(_) if std::fs::symlink_metadata(path).is_ok() => {
            Some("it is a link to nothing (dangling symbolic link)")
        }
        Err(_) => Some("it cannot be opened"),
    }
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
