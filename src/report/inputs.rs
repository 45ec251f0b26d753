//! Which files a run reads: the bundle folder's, then the flags. Written once for `plan`, `why`
//! and `diff`, so the three commands can never disagree about which file wins.

use std::path::{Path, PathBuf};

use super::RunError;
use crate::ingest::{self, InputFile, InputKind};
use crate::options::TextMode;

/// The input files named on the command line besides the bundle folder.
#[derive(Debug, Clone, Default)]
pub struct InputPaths {
    /// Replaces the bundle's tenant.*.
    pub tenant: Option<PathBuf>,
    /// Add to the bundle's sites.*.
    pub sites: Vec<PathBuf>,
    /// Replaces the bundle's entra-policy.*.
    pub entra: Option<PathBuf>,
    /// Add to the bundle's guests.*.
    pub guests: Vec<PathBuf>,
    /// Add to the bundle's groups.*.
    pub groups: Vec<PathBuf>,
    /// Add to the bundle's external-users.*.
    pub external_users: Vec<PathBuf>,
    /// Replaces the bundle's authorization-policy.*.
    pub authorization: Option<PathBuf>,
    /// Which list a plain-text tenant file is.
    pub mode: Option<TextMode>,
    /// A waiver and severity configuration (default: the bundle's spo2b2b.toml).
    pub config: Option<PathBuf>,
}

impl InputPaths {
    /// The flag-named files, in the order `merge_files` expects.
    fn files(&self) -> Vec<InputFile> {
        let mut flags: Vec<InputFile> = Vec::new();
        flags.extend(
            self.tenant
                .iter()
                .map(|p| InputFile::new(p, InputKind::Tenant)),
        );
        flags.extend(
            self.entra
                .iter()
                .map(|p| InputFile::new(p, InputKind::Entra)),
        );
        flags.extend(
            self.sites
                .iter()
                .map(|p| InputFile::new(p, InputKind::Sites)),
        );
        flags.extend(
            self.guests
                .iter()
                .map(|p| InputFile::new(p, InputKind::Guests)),
        );
        flags.extend(
            self.groups
                .iter()
                .map(|p| InputFile::new(p, InputKind::Groups)),
        );
        flags.extend(
            self.external_users
                .iter()
                .map(|p| InputFile::new(p, InputKind::ExternalUsers)),
        );
        flags.extend(
            self.authorization
                .iter()
                .map(|p| InputFile::new(p, InputKind::Authorization)),
        );
        flags
    }
}

fn bundle(dir: Option<&Path>) -> Result<Vec<InputFile>, RunError> {
    Ok(match dir {
        Some(d) => ingest::discover(d, &d.to_string_lossy())?,
        None => Vec::new(),
    })
}

/// The input files of a run: the bundle's, then the flags (`--tenant` and `--entra` replace the
/// bundle's file; `--sites`, `--guests`, `--groups` add files). Also the configuration file.
pub fn collect_inputs(
    dir: Option<&Path>,
    args: &InputPaths,
) -> Result<(Vec<InputFile>, Option<PathBuf>), RunError> {
    let files = ingest::merge_files(bundle(dir)?, args.files());
    if !files.iter().any(|f| f.kind == InputKind::Tenant) {
        return Err(RunError::Usage(match dir {
            Some(d) => format!(
                "{}: no tenant.json, tenant.csv or tenant.txt in the bundle (or pass --tenant F)",
                d.display()
            ),
            None => "no tenant settings: name a bundle folder or pass --tenant F".into(),
        }));
    }
    let config = match (&args.config, dir) {
        (Some(c), _) => Some(c.clone()),
        // Any entry of that name is read (a directory or dangling link then fails, naming it):
        // a bundle's configuration is never skipped silently (SPEC §2).
        (None, Some(d)) => Some(d.join("spo2b2b.toml")).filter(|p| p.symlink_metadata().is_ok()),
        (None, None) => None,
    };
    Ok((files, config))
}

/// The guests and groups files `diff` measures its blast radius over: the bundle's, then the
/// flags' (which add files).
pub fn people_files(
    dir: Option<&Path>,
    guests: &[PathBuf],
    groups: &[PathBuf],
) -> Result<Vec<InputFile>, RunError> {
    let mut people: Vec<InputFile> = bundle(dir)?
        .into_iter()
        .filter(|f| matches!(f.kind, InputKind::Guests | InputKind::Groups))
        .collect();
    let flags = InputPaths {
        guests: guests.to_vec(),
        groups: groups.to_vec(),
        ..InputPaths::default()
    };
    people.extend(flags.files());
    Ok(people)
}
