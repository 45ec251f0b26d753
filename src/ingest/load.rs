//! Loading: every input file decoded, detected and streamed into the model, sites on their own
//! thread beside guests and groups.

use super::*;
use crate::diag::{Code, Location};

pub(super) fn load_files(
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
                InputKind::Sites
                | InputKind::Guests
                | InputKind::Groups
                | InputKind::ExternalUsers => state.read_file(file, text_mode),
                InputKind::Tenant | InputKind::Entra | InputKind::Authorization => {
                    std::fs::read(&file.path)
                        .map_err(|e| cannot_read(file, &e))
                        .and_then(|bytes| state.read(file.kind, &file.display, bytes, text_mode))
                }
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
            // Sites a tenant file carried (ScubaGear) come first, as a one-by-one read in kind
            // order (tenant before sites) puts them.
            // Usually the tenant file carried none: then the sites thread's vector is moved in,
            // not copied (half a million sites would otherwise be copied, and held twice).
            if state.data.sites.is_empty() {
                state.data.sites = site_state.data.sites;
            } else {
                state.data.sites.extend(site_state.data.sites);
            }
            let at = findings_before_sites.unwrap_or(state.findings.len());
            state.findings.splice(at..at, site_state.findings);
            main.into_iter().chain(site_summaries)
        }
    };
    for (i, summary) in main {
        summaries[i] = Some(summary);
    }
    state.inputs = summaries.into_iter().flatten().collect();
    state.data.guests_given = files.iter().any(|f| f.kind == InputKind::Guests);
    state.data.external_users_given = files.iter().any(|f| f.kind == InputKind::ExternalUsers);
    Ok(state.finish())
}

#[derive(Default)]
pub(super) struct State {
    pub(super) data: TenantData,
    /// Keep every guest and member row as exported (tests, `diff`), not only the resolved form.
    pub(super) keep_rows: bool,
    pub(super) guest_index: guest_index::GuestIndex,
    pub(super) groups: groups::GroupSet,
    pub(super) inputs: Vec<InputSummary>,
    pub(super) findings: Vec<Finding>,
}

impl State {
    pub(super) fn finish(mut self) -> Loaded {
        self.data.groups = self.groups.into_groups();
        membership_findings(&self.data.groups, &mut self.findings);
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
    pub(super) fn read_file(
        &mut self,
        file: &InputFile,
        text_mode: Option<RestrictionMode>,
    ) -> Result<InputSummary, InputError> {
        let internal_before = self.data.internal_users;
        let summary = self.read_file_records(file, text_mode)?;
        self.internal_users_found(&file.display, internal_before);
        Ok(summary)
    }

    /// `internal-users-in-guests` for the guests file just read, when it held internal users
    /// (SPEC §3: skipped, counted, said once per file).
    pub(super) fn internal_users_found(&mut self, display: &str, before: usize) {
        let n = self.data.internal_users - before;
        if n > 0 {
            let rows = if n == 1 {
                "row is an internal user"
            } else {
                "rows are internal users"
            };
            self.findings.push(
                Finding::new(
                    Code::InternalUsersInGuests,
                    display,
                    format!(
                        "{n} {rows} (not a guest, no #EXT# UPN, no invitation): skipped, \
                         never in the blast radius"
                    ),
                )
                .at(Location::file(display)),
            );
        }
    }

    fn read_file_records(
        &mut self,
        file: &InputFile,
        text_mode: Option<RestrictionMode>,
    ) -> Result<InputSummary, InputError> {
        use std::io::Read;
        let mut input = std::fs::File::open(&file.path).map_err(|e| cannot_read(file, &e))?;
        // A pipe, `/dev/stdin` or a process substitution can be read once only: it is read
        // whole, so it reads exactly like the same bytes in a regular file (the streaming
        // fallback below reopens the path, which would find the pipe drained).
        if !input.metadata().is_ok_and(|m| m.is_file()) {
            let mut bytes = Vec::new();
            input
                .read_to_end(&mut bytes)
                .map_err(|e| cannot_read(file, &e))?;
            return self.read(file.kind, &file.display, bytes, text_mode);
        }
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
                self.data.internal_users,
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
            self.data.internal_users = before.3;
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
    pub(super) fn stream(
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
                        |row| {
                            let Some((key, entry)) = row else {
                                data.internal_users += 1;
                                return Ok(());
                            };
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
            InputKind::ExternalUsers => {
                // Held until the whole file is read, like groups: nothing to undo if streaming
                // gives up.
                let mut pending = Vec::new();
                let stats = json::read_streamed::<external_users::ExternalUserKind, _>(
                    display,
                    start,
                    input,
                    None,
                    |row| {
                        pending.push(row);
                        Ok(())
                    },
                )?;
                if stats.is_some() {
                    for row in pending {
                        add_external_row(&mut self.data, row);
                    }
                }
                stats
            }
            InputKind::Tenant | InputKind::Entra | InputKind::Authorization => None,
        };
        Ok(stats.map(|stats| InputSummary {
            path: display.to_string(),
            kind: file.kind,
            format: if stats.envelope { "json:graph" } else { "json" }.to_string(),
            records: stats.records,
        }))
    }

    pub(super) fn read(
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
            InputKind::ExternalUsers => {
                let data = &mut self.data;
                let (fmt, n) = records::<external_users::ExternalUserKind, _>(
                    display,
                    &text,
                    format,
                    &mut self.findings,
                    None,
                    |row| {
                        add_external_row(data, row);
                        Ok(())
                    },
                )?;
                (fmt.to_string(), n)
            }
            InputKind::Authorization => {
                if let Some(first) = &self.data.authorization {
                    return Err(InputError::new(
                        display,
                        format!(
                            "a second authorization policy file (the first is {}); give one",
                            first.location.file
                        ),
                    ));
                }
                let (p, fmt, n) = single_record::<authorization::AuthorizationKind>(
                    display,
                    &text,
                    format,
                    &mut self.findings,
                    "a second authorization policy: a tenant has one",
                    "no authorization policy in the file",
                )?;
                self.data.authorization = Some(p);
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

    pub(super) fn read_tenant(
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
        let wrapper = (format == Format::Json)
            .then(|| tenant::top_level_shape(text))
            .flatten();
        let (t, fmt, n) = single_record::<tenant::TenantKind>(
            display,
            text,
            format,
            &mut self.findings,
            "a second tenant settings record: a tenant file holds one",
            "no tenant settings record in the file",
        )?;
        let fmt = match (fmt, wrapper, t.shape()) {
            ("csv", ..) => "csv",
            (_, Some(tenant::TopLevel::ScubaGear { .. }), _) => "json:scubagear",
            (_, Some(tenant::TopLevel::RestVerbose), _) => "json:spo-rest-verbose",
            (_, _, Some(shape)) => shape,
            ("json:graph", ..) => "json:graph",
            _ if t.arrays => "json:graph",
            // The three fields and nothing that tells the exporter: the SPO module is the
            // documented source (testdata/real/EXPECTED.md, "Format labels").
            _ => "json:get-spotenant",
        };
        self.data.tenant = Some(t.tenant);
        // ScubaGear up to 1.7 exports the root site as `SPO_site`: it serves as sites
        // (SPEC §3). 1.8 has none; its absence says nothing about sites.
        if let Some(tenant::TopLevel::ScubaGear { sites: true }) = wrapper {
            let sites = &mut self.data.sites;
            records::<tenant::ScubaSiteKind, _>(
                display,
                text,
                format,
                &mut self.findings,
                None,
                |s| {
                    sites.push(s);
                    Ok(())
                },
            )?;
        }
        Ok((fmt.to_string(), n))
    }
}

/// A file being streamed, telling the progress hook how far it has got.
pub(super) struct Counted<'a> {
    pub(super) input: &'a mut std::fs::File,
    pub(super) file: &'a str,
    pub(super) read: u64,
    pub(super) total: u64,
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
pub(super) fn add_guest(
    data: &mut TenantData,
    index: &mut guest_index::GuestIndex,
    keep_rows: bool,
    g: Guest,
) -> Result<(), FieldError> {
    if !g.is_external() {
        data.internal_users += 1;
        return Ok(());
    }
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

/// Keeps an external-users row: a person, or counts a sharing-report row that is not one.
pub(super) fn add_external_row(data: &mut TenantData, row: external_users::ExternalRow) {
    match row {
        external_users::ExternalRow::Person(p) => data.external_users.push(p),
        external_users::ExternalRow::NotAPerson => data.external_rows_not_people += 1,
        external_users::ExternalRow::Internal => data.external_rows_internal += 1,
    }
}

/// Reads the records of a JSON or CSV file; returns the format name and the record count.
/// The one record of a file that holds exactly one (tenant settings, the authorization
/// policy): a second record is an error at its place, none an error naming the file.
fn single_record<K: RecordKind>(
    display: &str,
    text: &[u8],
    format: Format,
    findings: &mut Vec<Finding>,
    second: &'static str,
    none: &'static str,
) -> Result<(K::Out, &'static str, usize), InputError> {
    let mut found = None;
    let (fmt, n) = records::<K, _>(display, text, format, findings, None, |r| {
        if found.is_some() {
            return Err(FieldError::record(second));
        }
        found = Some(r);
        Ok(())
    })?;
    let one = found.ok_or_else(|| InputError::new(display, none))?;
    Ok((one, fmt, n))
}

pub(super) fn records<K, S>(
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

/// SPEC §3: `members-not-exported` once per groups file whose groups came without any member
/// list (after every file is merged, so members from one export and owners from another are
/// not flagged), and `members-truncated` per group with exactly [`groups::EXPAND_CAP`] members
/// in one `$expand=members` sighting.
fn membership_findings(groups: &[crate::model::Group], findings: &mut Vec<Finding>) {
    // Files in the order their first unexported group appears (groups keep input order).
    let mut unknown: Vec<(&Location, usize)> = Vec::new();
    for g in groups.iter().filter(|g| !g.members_exported) {
        match unknown.iter_mut().find(|(l, _)| l.file == g.location.file) {
            Some((_, n)) => *n += 1,
            None => unknown.push((&g.location, 1)),
        }
    }
    for (at, n) in unknown {
        let file = at.file.to_string();
        let groups = if n == 1 { "1 group has" } else { "groups have" };
        let count = if n == 1 {
            String::new()
        } else {
            format!("{n} ")
        };
        findings.push(
            Finding::new(
                Code::MembersNotExported,
                file.clone(),
                format!(
                    "{count}{groups} no `members` in {file}: memberships were not exported, so \
                     which teams and groups have guests is unknown (not 0)"
                ),
            )
            .at(Location::file(at.file.clone())),
        );
    }
    for g in groups.iter().filter(|g| g.members_truncated) {
        let label = g.display_name.clone().unwrap_or_else(|| g.id.clone());
        findings.push(
            Finding::new(
                Code::MembersTruncated,
                label.clone(),
                format!(
                    "`{label}` has exactly {} members in a `$expand=members` export, Graph's cap: \
                     its member list is probably cut off and its guests are a lower bound",
                    groups::EXPAND_CAP
                ),
            )
            .at(g.location.clone()),
        );
    }
}
