//! Input: export files to the plain records of [`crate::model`].
//!
//! Administrators bring whatever their tools wrote: JSON from PowerShell, PnP, CLI for Microsoft
//! 365 or Graph, CSV from `Export-Csv`, plain lists, in UTF-8 or UTF-16. This stage decodes each
//! file once, detects its format from the content, and streams its records into the model, so
//! nothing later needs to know which exporter was used. Anything it cannot read stops the run
//! with an [`InputError`] naming the file and the place; a readable file with a lossy cell
//! yields a [`Finding`] instead.

mod csv;
mod decode;
mod entra;
mod groups;
mod guest_index;
mod guests;
mod json;
mod membership;
mod prefetch;
mod record;
mod sites;
mod tenant;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::Finding;
use crate::model::{EntraPolicy, Guest, RestrictionMode, TenantData};

use decode::Format;
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
}

impl InputKind {
    /// Every kind, in bundle order.
    pub const ALL: [InputKind; 5] = [
        InputKind::Tenant,
        InputKind::Sites,
        InputKind::Entra,
        InputKind::Guests,
        InputKind::Groups,
    ];

    /// The kind's name, also the file stem it has in a bundle (`entra-policy.json`).
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Tenant => "tenant",
            InputKind::Sites => "sites",
            InputKind::Entra => "entra-policy",
            InputKind::Guests => "guests",
            InputKind::Groups => "groups",
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

/// How far a long read has got: the file (as displayed) and its bytes read so far of its size.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    pub file: &'a str,
    pub read: u64,
    pub total: u64,
}

static PROGRESS: std::sync::OnceLock<fn(Progress<'_>)> = std::sync::OnceLock::new();

/// Installs a function told of progress while large files are streamed (once per chunk). The
/// library never prints; the binary installs one when standard error is a terminal.
pub fn set_progress_hook(hook: fn(Progress<'_>)) {
    let _ = PROGRESS.set(hook);
}

fn report_progress(file: &str, read: u64, total: u64) {
    if let Some(hook) = PROGRESS.get() {
        hook(Progress { file, read, total });
    }
}

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
        if matches!(kind, InputKind::Tenant | InputKind::Entra)
            && let Some(first) = files.iter().find(|f| f.kind == kind)
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

fn bundle_kind(name: &str) -> Option<InputKind> {
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
        matches!(k, InputKind::Tenant | InputKind::Entra) && overrides.iter().any(|o| o.kind == k)
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

fn load_files(
    files: &[InputFile],
    text_mode: Option<RestrictionMode>,
    keep_rows: bool,
) -> Result<Loaded, InputError> {
    let mut state = State {
        keep_rows,
        ..State::default()
    };
    // Guests are read before groups, so each member is resolved to its guest as it is read.
    // The sort is stable (files of one kind keep their order), and the summaries keep the
    // order the files were given.
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| files[i].kind);
    let mut summaries: Vec<Option<InputSummary>> = vec![None; files.len()];
    // Sites depend on no other file and no file on them: they are read on a thread of their
    // own while the rest is read, then placed where a one-by-one read in kind order puts
    // them (records, findings, and which error is reported when several files are bad).
    let (site_files, others): (Vec<usize>, Vec<usize>) = order
        .into_iter()
        .partition(|&i| files[i].kind == InputKind::Sites);
    let (sites, main, findings_before_sites) = std::thread::scope(|scope| {
        let sites = scope.spawn(|| {
            let mut st = State {
                keep_rows,
                ..State::default()
            };
            let mut read = Vec::new();
            for &i in &site_files {
                read.push((i, st.read_file(&files[i], text_mode)?));
            }
            Ok::<_, InputError>((st, read))
        });
        let mut findings_before_sites = None;
        let mut main: Result<Vec<(usize, InputSummary)>, (InputKind, InputError)> = Ok(Vec::new());
        for i in others {
            let file = &files[i];
            if file.kind > InputKind::Sites && findings_before_sites.is_none() {
                findings_before_sites = Some(state.findings.len());
            }
            let read = match file.kind {
                InputKind::Sites | InputKind::Guests | InputKind::Groups => {
                    state.read_file(file, text_mode)
                }
                InputKind::Tenant | InputKind::Entra => std::fs::read(&file.path)
                    .map_err(|e| cannot_read(file, &e))
                    .and_then(|bytes| state.read(file.kind, &file.display, bytes, text_mode)),
            };
            match (read, &mut main) {
                (Ok(summary), Ok(done)) => done.push((i, summary)),
                (Err(e), _) => {
                    main = Err((file.kind, e));
                    break;
                }
                (Ok(_), Err(_)) => {}
            }
        }
        let sites = sites
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (sites, main, findings_before_sites)
    });
    let main = match (main, sites) {
        // The first error of a one-by-one read: a tenant file's comes before the sites'.
        (Err((kind, e)), _) if kind < InputKind::Sites => return Err(e),
        (_, Err(e)) => return Err(e),
        (Err((_, e)), Ok(_)) => return Err(e),
        (Ok(main), Ok((site_state, site_summaries))) => {
            state.data.sites = site_state.data.sites;
            let at = findings_before_sites.unwrap_or(state.findings.len());
            state.findings.splice(at..at, site_state.findings);
            main.into_iter().chain(site_summaries)
        }
    };
    for (i, summary) in main {
        summaries[i] = Some(summary);
    }
    state.inputs = summaries.into_iter().flatten().collect();
    Ok(state.finish())
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
    let summary = state.read(kind, display, bytes, text_mode)?;
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
    Ok(entra::read(&file.display, &text)?.policy)
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

#[derive(Default)]
struct State {
    data: TenantData,
    /// Keep every guest and member row as exported (tests, `diff`), not only the resolved form.
    keep_rows: bool,
    guest_index: guest_index::GuestIndex,
    groups: groups::GroupSet,
    inputs: Vec<InputSummary>,
    findings: Vec<Finding>,
}

impl State {
    fn finish(mut self) -> Loaded {
        self.data.groups = self.groups.into_groups();
        Loaded {
            data: self.data,
            inputs: self.inputs,
            findings: self.findings,
        }
    }

    /// Reads a sites, guests or groups file. A UTF-8 JSON file is streamed chunk by chunk (a
    /// groups export can be larger than the memory a plan should take); if streaming gives up
    /// (an unusual shape, or any error), what it added is undone and the file is read whole, so
    /// results and messages are those of [`State::read`].
    fn read_file(
        &mut self,
        file: &InputFile,
        text_mode: Option<RestrictionMode>,
    ) -> Result<InputSummary, InputError> {
        use std::io::Read;
        let mut input = std::fs::File::open(&file.path).map_err(|e| cannot_read(file, &e))?;
        let mut start = Vec::new();
        (&mut input)
            .take(json::CHUNK as u64)
            .read_to_end(&mut start)
            .map_err(|e| cannot_read(file, &e))?;
        let body = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&start);
        let streamable = !start.starts_with(b"\xFF\xFE")
            && !start.starts_with(b"\xFE\xFF")
            && (body.len() < start.len() || !start.iter().take(64).any(|&b| b == 0))
            && matches!(
                body.iter().find(|b| !b.is_ascii_whitespace()),
                Some(b'{' | b'[')
            );
        if streamable {
            let skip = start.len() - body.len();
            start.drain(..skip);
            let before = (
                self.data.sites.len(),
                self.data.guest_entries.len(),
                self.data.guests.len(),
            );
            let total = input.metadata().map_or(0, |m| m.len());
            let mut counted = Counted {
                input: &mut input,
                file: &file.display,
                read: start.len() as u64 + skip as u64,
                total,
            };
            match self.stream(file, start, &mut counted) {
                Ok(Some(summary)) => return Ok(summary),
                Ok(None) => {}
                Err(e) => return Err(cannot_read(file, &e)),
            }
            self.data.sites.truncate(before.0);
            self.data.guest_entries.truncate(before.1);
            self.data.guests.truncate(before.2);
            self.guest_index
                .truncate(u32::try_from(before.1).unwrap_or(u32::MAX));
            start = std::fs::read(&file.path).map_err(|e| cannot_read(file, &e))?;
        } else {
            input
                .read_to_end(&mut start)
                .map_err(|e| cannot_read(file, &e))?;
        }
        self.read(file.kind, &file.display, start, text_mode)
    }

    /// [`json::read_streamed`] into the kind's records; `None` when it gave up.
    fn stream(
        &mut self,
        file: &InputFile,
        start: Vec<u8>,
        input: &mut dyn std::io::Read,
    ) -> std::io::Result<Option<InputSummary>> {
        let display = file.display.as_str();
        let stats = match file.kind {
            InputKind::Sites => {
                let sites = &mut self.data.sites;
                json::read_streamed::<sites::SiteKind, _>(display, start, input, None, |s| {
                    sites.push(s);
                    Ok(())
                })?
            }
            InputKind::Guests => {
                let data = &mut self.data;
                let index = &mut self.guest_index;
                if self.keep_rows {
                    json::read_streamed::<guests::GuestKind, _>(display, start, input, None, |g| {
                        add_guest(data, index, true, g)
                    })?
                } else {
                    json::read_streamed::<guests::GuestEntryKind, _>(
                        display,
                        start,
                        input,
                        None,
                        |(key, entry)| {
                            let at = u32::try_from(data.guest_entries.len()).map_err(|_| {
                                FieldError::record("more than 4,294,967,295 guests")
                            })?;
                            index.insert_key(key, at);
                            data.guest_entries.push(entry);
                            Ok(())
                        },
                    )?
                }
            }
            InputKind::Groups => {
                // Held until the whole file is read: merging is not undone if streaming gives up.
                let mut pending = Vec::new();
                let (index, keep_rows) = (&self.guest_index, self.keep_rows);
                let stats = json::read_streamed::<groups::GroupKind, _>(
                    display,
                    start,
                    input,
                    (!keep_rows).then_some(index),
                    |g| {
                        pending.push(g);
                        Ok(())
                    },
                )?;
                if stats.is_some() {
                    for g in pending {
                        self.groups.add(g, index, keep_rows);
                    }
                }
                stats
            }
            InputKind::Tenant | InputKind::Entra => None,
        };
        Ok(stats.map(|stats| InputSummary {
            path: display.to_string(),
            kind: file.kind,
            format: if stats.envelope { "json:graph" } else { "json" }.to_string(),
            records: stats.records,
        }))
    }

    fn read(
        &mut self,
        kind: InputKind,
        display: &str,
        bytes: Vec<u8>,
        text_mode: Option<RestrictionMode>,
    ) -> Result<InputSummary, InputError> {
        // The file's bytes are decoded in place (UTF-8 needs no copy) and dropped at the end of
        // this call, once every record has been taken out of them.
        let text = decode_file(display, bytes)?;
        let format = decode::detect(&text, kind != InputKind::Tenant);
        let (format, records) = match kind {
            InputKind::Tenant => self.read_tenant(display, &text, format, text_mode)?,
            InputKind::Entra => {
                if let Some(first) = &self.data.entra {
                    return Err(InputError::new(
                        display,
                        format!(
                            "a second Entra policy file (the first is {}); give one",
                            first.location.file
                        ),
                    ));
                }
                let read = entra::read(display, text_of(display, &text)?)?;
                self.data.entra = Some(read.policy);
                (read.format.to_string(), read.records)
            }
            InputKind::Sites => {
                let sites = &mut self.data.sites;
                let (fmt, n) = records::<sites::SiteKind, _>(
                    display,
                    &text,
                    format,
                    &mut self.findings,
                    None,
                    |s| {
                        sites.push(s);
                        Ok(())
                    },
                )?;
                (fmt.to_string(), n)
            }
            InputKind::Guests => {
                let data = &mut self.data;
                let index = &mut self.guest_index;
                let keep_rows = self.keep_rows;
                let (fmt, n) = records::<guests::GuestKind, _>(
                    display,
                    &text,
                    format,
                    &mut self.findings,
                    None,
                    |g| add_guest(data, index, keep_rows, g),
                )?;
                (fmt.to_string(), n)
            }
            InputKind::Groups => {
                let set = &mut self.groups;
                let (index, keep_rows) = (&self.guest_index, self.keep_rows);
                let add = |g| {
                    set.add(g, index, keep_rows);
                    Ok(())
                };
                let (fmt, n) = if matches!(format, Format::Csv { .. }) {
                    records::<groups::GroupRowKind, _>(
                        display,
                        &text,
                        format,
                        &mut self.findings,
                        None,
                        add,
                    )?
                } else {
                    records::<groups::GroupKind, _>(
                        display,
                        &text,
                        format,
                        &mut self.findings,
                        (!keep_rows).then_some(index),
                        add,
                    )?
                };
                (fmt.to_string(), n)
            }
        };
        Ok(InputSummary {
            path: display.to_string(),
            kind,
            format,
            records,
        })
    }

    fn read_tenant(
        &mut self,
        display: &str,
        text: &[u8],
        format: Format,
        text_mode: Option<RestrictionMode>,
    ) -> Result<(String, usize), InputError> {
        if let Some(first) = &self.data.tenant {
            return Err(InputError::new(
                display,
                format!(
                    "a second tenant file (the first is {}); give one",
                    first.location.file
                ),
            ));
        }
        if format == Format::Text {
            let (tenant, n) = tenant::read_text(display, text_of(display, text)?, text_mode)?;
            self.data.tenant = Some(tenant);
            return Ok(("text".to_string(), n));
        }
        let mut found: Option<tenant::TenantRecord> = None;
        let (fmt, n) = records::<tenant::TenantKind, _>(
            display,
            text,
            format,
            &mut self.findings,
            None,
            |t| {
                if found.is_some() {
                    return Err(FieldError::record(
                        "a second tenant settings record: a tenant file holds one",
                    ));
                }
                found = Some(t);
                Ok(())
            },
        )?;
        let Some(t) = found else {
            return Err(InputError::new(
                display,
                "no tenant settings record in the file",
            ));
        };
        let fmt = match fmt {
            "csv" => "csv",
            _ if t.m365 => "json:m365-cli",
            "json:graph" => "json:graph",
            _ if t.arrays => "json:graph",
            _ => "json:get-spotenant",
        };
        self.data.tenant = Some(t.tenant);
        Ok((fmt.to_string(), n))
    }
}

/// A file being streamed, telling the progress hook how far it has got.
struct Counted<'a> {
    input: &'a mut std::fs::File,
    file: &'a str,
    read: u64,
    total: u64,
}

impl std::io::Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.input.read(buf)?;
        self.read += n as u64;
        report_progress(self.file, self.read, self.total);
        Ok(n)
    }
}

/// Keeps a guest: its entry, its id in the index, and its row when rows are kept.
fn add_guest(
    data: &mut TenantData,
    index: &mut guest_index::GuestIndex,
    keep_rows: bool,
    g: Guest,
) -> Result<(), FieldError> {
    let at = u32::try_from(data.guest_entries.len())
        .map_err(|_| FieldError::record("more than 4,294,967,295 guests"))?;
    if let Some(id) = g.id.as_deref() {
        index.insert(id, at);
    }
    if keep_rows {
        data.guest_entries.push((&g).into());
        data.guests.push(g);
    } else {
        data.guest_entries.push(g.into());
    }
    Ok(())
}

/// Reads the records of a JSON or CSV file; returns the format name and the record count.
fn records<K, S>(
    display: &str,
    text: &[u8],
    format: Format,
    findings: &mut Vec<Finding>,
    guests: Option<&guest_index::GuestIndex>,
    sink: S,
) -> Result<(&'static str, usize), InputError>
where
    K: RecordKind,
    S: FnMut(K::Out) -> Result<(), FieldError>,
{
    match format {
        Format::Json => {
            let stats = json::read::<K, S>(display, text, guests, sink)?;
            Ok((
                if stats.envelope { "json:graph" } else { "json" },
                stats.records,
            ))
        }
        Format::Csv { skip } => {
            let n = csv::read::<K, S>(display, text_of(display, text)?, skip, findings, sink)?;
            Ok(("csv", n))
        }
        Format::Text => Err(InputError::new(
            display,
            format!(
                "neither JSON nor CSV: a {} file must be one of them",
                K::NAME
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
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
        let guests = write("guests.json", r#"[{"id":"x","mail":"a@b.com"}]"#);
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
