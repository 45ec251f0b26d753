//! Writing `--out-*` files as one transaction (SPEC §2): every file is first prepared in an
//! exclusively created temporary file with an unpredictable name beside its target
//! ([`prepare`]); the caller then writes stdout, and only if that worked are they all renamed
//! into place ([`Prepared::commit`]). Dropping a [`Prepared`] deletes its temporary files, so on
//! any failure before the commit no target is created or replaced.
//!
//! The temporary files are created with `O_EXCL` and random names (the `tempfile` crate), so a
//! file or link planted in the output folder can neither be opened in their place nor redirect
//! the write. A target that exists but is not a regular file (a device, a FIFO, a folder) is
//! refused, never replaced. A target that is a symbolic link to a regular file is replaced by
//! the new regular file and the file it pointed to is left untouched: following the link would
//! let a link planted in the output folder redirect the write (SPEC §8), and renaming over the
//! link is the only way to keep the write atomic.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use tempfile::NamedTempFile;

/// Why the output files cannot be written. The path is shown as it was given.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Two `--out-*` flags name the same file (a usage error).
    #[error("{first} and {second} are the same file: give each output its own path")]
    SamePath { first: String, second: String },
    /// The target exists and is not a regular file.
    #[error(
        "cannot write {path}: it exists and is {what}, not a regular file; refusing to replace it"
    )]
    NotRegular { path: String, what: &'static str },
    #[error("cannot write {path}: {source}")]
    Io { path: String, source: io::Error },
}

/// Output files prepared in temporary files beside their targets, not yet in place.
#[derive(Debug, Default)]
pub struct Prepared {
    files: Vec<(NamedTempFile, PathBuf)>,
}

/// Fails when two paths name the same file: compared after lexical normalisation (against the
/// current folder for relative paths), and through their canonical folders when those exist
/// (so `out/a.json` and `link-to-out/a.json` are the same too).
pub fn check_distinct<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Result<(), OutputError> {
    let mut seen: Vec<(&Path, PathBuf, Option<PathBuf>)> = Vec::new();
    for p in paths {
        let lexical = lexical(p);
        let canonical = canonical(p);
        if let Some((first, _, _)) = seen
            .iter()
            .find(|(_, l, c)| *l == lexical || (canonical.is_some() && *c == canonical))
        {
            return Err(OutputError::SamePath {
                first: first.display().to_string(),
                second: p.display().to_string(),
            });
        }
        seen.push((p, lexical, canonical));
    }
    Ok(())
}

/// The absolute path without `.` and with each `..` taking off the component before it.
fn lexical(p: &Path) -> PathBuf {
    let absolute = match std::env::current_dir() {
        Ok(cwd) if p.is_relative() => cwd.join(p),
        _ => p.to_path_buf(),
    };
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The canonical folder joined with the file name, when the folder exists; the target itself
/// when it exists (a link to a file named by another flag is the same file).
fn canonical(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = fs::canonicalize(p) {
        return Some(c);
    }
    let name = p.file_name()?;
    fs::canonicalize(parent(p)).ok().map(|d| d.join(name))
}

fn parent(p: &Path) -> &Path {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Refuses a target that exists and is not a regular file (following a link to see what it
/// points at: a link to a device is refused too).
fn check_target(path: &Path) -> Result<(), OutputError> {
    let shown = || path.display().to_string();
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        // Absent, or a dangling link: renaming creates a regular file there.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(OutputError::Io {
                path: shown(),
                source,
            });
        }
    };
    let ft = meta.file_type();
    if ft.is_file() {
        return Ok(());
    }
    Err(OutputError::NotRegular {
        path: shown(),
        what: kind_of(&ft),
    })
}

fn kind_of(ft: &fs::FileType) -> &'static str {
    if ft.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// Prepares every file: checks that no two name the same file and that no target is a special
/// file, then writes each to an exclusively created temporary file beside its target. Nothing
/// is in place until [`Prepared::commit`]; on an error, every temporary file already made is
/// deleted.
pub fn prepare(files: &[(PathBuf, Vec<u8>)]) -> Result<Prepared, OutputError> {
    check_distinct(files.iter().map(|(p, _)| p.as_path()))?;
    let mut prepared = Prepared::default();
    for (path, bytes) in files {
        check_target(path)?;
        let tmp = temp_beside(path, bytes).map_err(|source| OutputError::Io {
            path: path.display().to_string(),
            source,
        })?;
        prepared.files.push((tmp, path.clone()));
    }
    Ok(prepared)
}

fn temp_beside(path: &Path, bytes: &[u8]) -> io::Result<NamedTempFile> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // The mode a plain `File::create` would give (0666 less the umask), not tempfile's 0600:
    // the outputs are ordinary files.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(parent(path))?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

impl Prepared {
    /// Renames every prepared file into place, in the order given. A target that became a
    /// special file since [`prepare`] is still refused, before any rename. If a rename fails
    /// (the folder vanished, say), the files renamed before it stay in place, the rest are
    /// deleted, and the error names the one that failed.
    pub fn commit(self) -> Result<(), OutputError> {
        for (_, path) in &self.files {
            check_target(path)?;
        }
        for (tmp, path) in self.files {
            tmp.persist(&path).map_err(|e| OutputError::Io {
                path: path.display().to_string(),
                source: e.error,
            })?;
        }
        Ok(())
    }
}

/// Writes one file all or nothing (prepare and commit at once).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    prepare(&[(path.to_path_buf(), bytes.to_vec())])?.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_normalisation_folds_dots() {
        assert_eq!(
            lexical(Path::new("/a/./b/../c.json")),
            Path::new("/a/c.json")
        );
    }

    #[test]
    fn same_path_spelled_twice_is_refused() {
        let r = check_distinct([Path::new("p.json"), Path::new("./p.json")]);
        assert!(matches!(r, Err(OutputError::SamePath { .. })), "{r:?}");
        assert!(check_distinct([Path::new("p.json"), Path::new("q.json")]).is_ok());
        let r = check_distinct([Path::new("x/../p.json"), Path::new("p.json")]);
        assert!(r.is_err());
    }
}
