//! Input: export files to the plain records of [`crate::model`].
//!
//! Administrators bring whatever their tools wrote: JSON from PowerShell, PnP, CLI for Microsoft
//! 365 or Graph, CSV from `Export-Csv`, plain lists, in UTF-8 or UTF-16. This stage decodes each
//! file once, detects its format from the content, and streams its records into the model, so
//! nothing later needs to know which exporter was used. Anything it cannot read stops the run
//! with an [`InputError`] naming the file and the place; a readable file with a lossy cell
//! yields a [`Finding`] instead.

mod authorization;
mod bundle;
mod csv;
mod decode;
mod entra;
mod external_users;
mod groups;
mod guest_index;
mod guests;
mod json;
mod load;
mod membership;
mod prefetch;
mod progress;
mod record;
mod sites;
mod tenant;

use std::fmt;
use std::path::PathBuf;

use crate::diag::Finding;
use crate::model::{EntraPolicy, Guest, RestrictionMode, TenantData};

pub use bundle::{discover, merge_files};
use decode::Format;
use load::{State, load_files};
use progress::report_progress;
pub use progress::{Progress, set_progress_hook};
use record::{FieldError, RecordKind};

/// Which input a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InputKind {
    /// The organisation-wide SharePoint settings (`tenant.*`, `--tenant`).
    Tenant,
    /// Per-site settings (`sites.*`, `--sites`).
    Sites,
    /// The existing Entra B2B management policy (`entra-policy.*`, `--entra`).
    Entra,
    /// Guest users (`guests.*`, `--guests`).
    Guests,
    /// Groups and teams with their members (`groups.*`, `--groups`).
    Groups,
    /// SharePoint external users (`external-users.*`, `--external-users`).
    ExternalUsers,
    /// The Entra authorization policy (`authorization-policy.*`, `--authorization`).
    Authorization,
}

impl InputKind {
    /// Every kind, in bundle order.
    pub const ALL: [InputKind; 7] = [
        InputKind::Tenant,
        InputKind::Sites,
        InputKind::Entra,
        InputKind::Guests,
        InputKind::Groups,
        InputKind::ExternalUsers,
        InputKind::Authorization,
    ];

    /// The kind's name, also the file stem it has in a bundle (`entra-policy.json`).
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Tenant => "tenant",
            InputKind::Sites => "sites",
            InputKind::Entra => "entra-policy",
            InputKind::Guests => "guests",
            InputKind::Groups => "groups",
            InputKind::ExternalUsers => "external-users",
            InputKind::Authorization => "authorization-policy",
        }
    }
}

impl fmt::Display for InputKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An input that cannot be read: the file as named on the command line, the place in it
/// (`line 3, column 7`, `row 5, column Url`, `/value/2/externalUserState`) when one can be named,
/// and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {}{message}", .place.as_ref().map(|p| format!("{p}: ")).unwrap_or_default())]
pub struct InputError {
    pub file: String,
    pub place: Option<String>,
    pub message: String,
}

impl InputError {
    fn new(file: &str, message: impl Into<String>) -> Self {
        InputError {
            file: file.to_string(),
            place: None,
            message: message.into(),
        }
    }
}

/// One file to read: where it is, how to name it in output, and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    /// The path as given on the command line (relative stays relative); used in every message.
    pub display: String,
    pub kind: InputKind,
}

impl InputFile {
    /// A file named on the command line: the display name is the argument itself.
    pub fn new(path: impl Into<PathBuf>, kind: InputKind) -> Self {
        let path = path.into();
        InputFile {
            display: path.to_string_lossy().into_owned(),
            path,
            kind,
        }
    }
}

/// What was read from one file (the plan's `inputs` array).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputSummary {
    pub path: String,
    pub kind: InputKind,
    /// The detected shape: `json:get-spotenant`, `json:m365-cli`, `json:graph`, `json`,
    /// `json:bare-definition`, `json:get-azureadpolicy`, `json:legacy-policies`, `csv`, `text`.
    pub format: String,
    /// Records read: objects or rows (one per membership in the groups CSV), list lines for a
    /// plain-text tenant file, policy objects for an Entra file.
    pub records: usize,
}

/// Everything read from a run's files.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub data: TenantData,
    /// One summary per file, in the order the files were given.
    pub inputs: Vec<InputSummary>,
    /// Findings about the input shapes (`array-lost-in-export`).
    pub findings: Vec<Finding>,
}

/// Reads every file, keeping every guest and member row as exported (see [`load_lean`]).
/// `text_mode` says which list a plain-text tenant file is (`--mode`); a plain-text tenant file
/// without it is an error. Two tenant files or two Entra files are an error. Groups seen in
/// several files are merged by id.
pub fn load(files: &[InputFile], text_mode: Option<RestrictionMode>) -> Result<Loaded, InputError> {
    load_files(files, text_mode, true)
}

/// Reads every file as [`load`] does, but keeps guests and group members only in their
/// resolved form ([`crate::model::GuestEntry`], [`crate::model::Group::guest_members`]): what a
/// plan needs, a fraction of the memory.
pub fn load_lean(
    files: &[InputFile],
    text_mode: Option<RestrictionMode>,
) -> Result<Loaded, InputError> {
    load_files(files, text_mode, false)
}

/// Reads one input from bytes already in memory (standard input, tests), as [`load`] would
/// read a file named `display`.
pub fn load_bytes(
    kind: InputKind,
    display: &str,
    bytes: Vec<u8>,
    text_mode: Option<RestrictionMode>,
) -> Result<Loaded, InputError> {
    let mut state = State {
        keep_rows: true,
        ..State::default()
    };
    let internal_before = state.data.internal_users;
    let summary = state.read(kind, display, bytes, text_mode)?;
    state.internal_users_found(display, internal_before);
    state.inputs.push(summary);
    Ok(state.finish())
}

/// Reads a file and decodes it to text (UTF-8 with or without BOM, UTF-16 with BOM).
pub fn read_text(file: &InputFile) -> Result<String, InputError> {
    let bytes = std::fs::read(&file.path)
        .map_err(|e| InputError::new(&file.display, format!("cannot read the file: {e}")))?;
    bytes_to_text(&file.display, bytes)
}

/// Decodes bytes read elsewhere (standard input) as [`read_text`] decodes a file's.
pub fn bytes_to_text(display: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    let bytes = decode_file(display, bytes)?;
    Ok(text_of(display, &bytes)?.to_string())
}

/// Reads an Entra policy from one file, in any accepted shape (used by `diff` too).
pub fn load_entra(file: &InputFile) -> Result<EntraPolicy, InputError> {
    let text = read_text(file)?;
    read_entra(&file.display, &text)
}

/// Reads an Entra policy from text read elsewhere (`diff` reading standard input).
pub fn read_entra(display: &str, text: &str) -> Result<EntraPolicy, InputError> {
    Ok(entra::read(display, text)?.policy)
}

fn cannot_read(file: &InputFile, e: &std::io::Error) -> InputError {
    InputError::new(&file.display, format!("cannot read the file: {e}"))
}

fn located(display: &str, e: decode::DecodeError) -> InputError {
    InputError {
        file: display.to_string(),
        place: e.place,
        message: e.message,
    }
}

fn decode_file(display: &str, bytes: Vec<u8>) -> Result<Vec<u8>, InputError> {
    decode::decode(bytes).map_err(|e| located(display, e))
}

fn text_of<'b>(display: &str, bytes: &'b [u8]) -> Result<&'b str, InputError> {
    decode::as_text(bytes).map_err(|e| located(display, e))
}

#[cfg(test)]
mod tests {
    use super::bundle::bundle_kind;
    use super::*;

    /// Sites are read on their own thread; the error reported is still the first of a
    /// one-by-one read in kind order, and summaries keep the order the files were given.
    #[test]
    fn sites_thread_keeps_the_sequential_error_and_order() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            InputFile::new(path, kind_of(name))
        };
        fn kind_of(name: &str) -> InputKind {
            bundle_kind(name).unwrap()
        }
        let tenant = write("tenant.json", r#"{"SharingDomainRestrictionMode":0}"#);
        let bad_tenant = write("tenant.bad.json", "{");
        let sites = write(
            "sites.json",
            r#"[{"Url":"https://t.sharepoint.com/sites/a"}]"#,
        );
        let bad_sites = write("sites.bad.json", "[{\"Url\":1}]");
        let bad_entra = write("entra-policy.json", "{");
        let guests = write(
            "guests.json",
            r#"[{"id":"x","mail":"a@b.com","userType":"Guest"}]"#,
        );
        let bad_guests = write("guests.bad.json", "[1]");

        let err = |files: &[&InputFile]| {
            let files: Vec<InputFile> = files.iter().map(|f| (*f).clone()).collect();
            load(&files, None).unwrap_err().file
        };
        assert_eq!(err(&[&bad_guests, &bad_sites]), bad_sites.display);
        assert_eq!(err(&[&bad_sites, &bad_tenant]), bad_tenant.display);
        assert_eq!(err(&[&bad_entra, &bad_sites]), bad_sites.display);
        assert_eq!(err(&[&bad_guests, &sites]), bad_guests.display);

        let l = load(&[guests.clone(), sites.clone(), tenant.clone()], None).unwrap();
        let kinds: Vec<InputKind> = l.inputs.iter().map(|i| i.kind).collect();
        assert_eq!(
            kinds,
            vec![InputKind::Guests, InputKind::Sites, InputKind::Tenant]
        );
        assert_eq!(l.data.sites.len(), 1);
        assert_eq!(l.data.guest_entries.len(), 1);
    }
}
