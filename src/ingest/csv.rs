//! CSV records: `Export-Csv` output read row by row into the same slots JSON records use.
//!
//! Column names match case-insensitively, an empty cell is null, a `#TYPE` first line (Windows
//! PowerShell's default) is skipped, and the literal `System.String[]` that a bare `Export-Csv`
//! writes in place of an array is reported as a finding and ignored. Rows are named by the line
//! they start on, so `row 7` is line 7 in any editor.

use super::InputError;
use super::record::{
    FieldError, MAX_FIELDS, Places, RecordKind, Val, empty_fields, foreign, lookup,
};
use crate::diag::{Code, Finding, Location};

/// Reads every row of kind `K`; `skip` is the number of lines before the header (`#TYPE`).
/// Returns the number of rows read.
pub(crate) fn read<K, S>(
    file: &str,
    text: &str,
    skip: usize,
    findings: &mut Vec<Finding>,
    mut sink: S,
) -> Result<usize, InputError>
where
    K: RecordKind,
    S: FnMut(K::Out) -> Result<(), FieldError>,
{
    let err = |place: String, message: String| InputError {
        file: file.to_string(),
        place: Some(place),
        message,
    };
    let body = if skip > 0 {
        text.split_once('\n').map_or("", |(_, rest)| rest)
    } else {
        text
    };
    let mut lines = Lines {
        body: body.as_bytes(),
        byte: 0,
        line: 1,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(body.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| csv_error(file, body, &e, skip))?
        .clone();
    let header_row = lines.at(header.position()) + skip;
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(err(
            format!("row {header_row}"),
            "no CSV header line".to_string(),
        ));
    }
    let headers: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let mut column_field: Vec<Option<usize>> = Vec::with_capacity(headers.len());
    let mut field_column: [Option<usize>; MAX_FIELDS] = [None; MAX_FIELDS];
    for (c, name) in headers.iter().enumerate() {
        if let Some(kind) = foreign(K::FOREIGN, name) {
            return Err(err(
                format!("row {header_row}, column {name}"),
                format!(
                    "`{name}` is a column of {kind}, not of {}: is this file given as the right \
                     kind?",
                    K::NAME
                ),
            ));
        }
        // A repeated column (names match in any case) is an error, never first- or last-wins
        // (SPEC §3): which cell is meant cannot be told.
        if !name.is_empty()
            && let Some(first) = headers
                .get(..c)
                .unwrap_or_default()
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name))
        {
            return Err(err(
                format!("row {header_row}, column {name}"),
                format!(
                    "the column `{name}` appears twice in the header (columns {} and {}; names \
                     match in any case): which one is meant cannot be told",
                    first + 1,
                    c + 1
                ),
            ));
        }
        let field = lookup(K::FIELDS, name).map(|(i, _)| i);
        if let Some(slot) = field.and_then(|i| field_column.get_mut(i)) {
            *slot = Some(c);
        }
        column_field.push(field);
    }
    if !K::CSV_REQUIRED
        .iter()
        .any(|&i| field_column.get(i).is_some_and(Option::is_some))
    {
        let names: Vec<&str> = K::CSV_REQUIRED
            .iter()
            .filter_map(|&i| K::FIELDS.get(i).copied())
            .collect();
        return Err(err(
            format!("row {header_row}"),
            format!(
                "the header has no {} column: this is not a {} export",
                names.join(" or "),
                K::NAME
            ),
        ));
    }

    let mut record = csv::StringRecord::new();
    let shared: std::sync::Arc<str> = file.into();
    let mut rows = 0usize;
    let mut row_findings = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(file, body, &e, skip)),
        }
        let row = lines.at(record.position()) + skip;
        let mut fields = empty_fields();
        for (c, cell) in record.iter().enumerate() {
            let Some(&Some(i)) = column_field.get(c) else {
                continue;
            };
            let value = if cell.is_empty() {
                Val::Null
            } else if cell == "System.String[]" || cell == "System.Object[]" {
                let column = headers.get(c).map_or("", String::as_str);
                row_findings.push(
                    Finding::new(
                        Code::ArrayLostInExport,
                        String::new(),
                        format!(
                            "column {column} holds the literal `{cell}`: Export-Csv wrote the \
                             array's type name instead of its values; the cell is ignored"
                        ),
                    )
                    .at(Location::row(
                        file,
                        row as u64,
                        Some(column.to_string()),
                    )),
                );
                Val::Null
            } else {
                Val::Str(cell.to_string())
            };
            if let Some(slot) = fields.get_mut(i) {
                *slot = Some(value);
            }
        }
        let places = CsvPlaces {
            file: &shared,
            row,
            headers: &headers,
            field_column: &field_column,
            names: K::FIELDS,
        };
        let result = K::build(&mut fields, &places).and_then(|out| {
            let subject = K::subject(&out);
            for mut f in row_findings.drain(..) {
                f.subject.clone_from(&subject);
                findings.push(f);
            }
            rows += 1;
            sink(out)
        });
        if let Err(e) = result {
            let at = match e.field {
                Some(i) => places.field(i),
                None => places.record(),
            };
            return Err(InputError {
                file: at.file.to_string(),
                place: at.place.map(|p| p.to_string()),
                message: e.message,
            });
        }
    }
    Ok(rows)
}

/// Line numbers of records. csv's own `Position::line` is off by one after a CRLF line end (the
/// record is said to start at the `\n` of the line before), so lines are counted from the byte
/// offset instead, skipping line breaks at the start of a record. Offsets only grow, so the
/// counting is incremental.
struct Lines<'a> {
    body: &'a [u8],
    byte: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, pos: Option<&csv::Position>) -> usize {
        let target = pos.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let target = target.min(self.body.len());
        if target < self.byte {
            self.byte = 0;
            self.line = 1;
        }
        let gap = self.body.get(self.byte..target).unwrap_or_default();
        self.line += gap.iter().filter(|&&b| b == b'\n').count();
        self.byte = target;
        let mut line = self.line;
        for &b in self.body.get(target..).unwrap_or_default() {
            match b {
                b'\n' => line += 1,
                b'\r' => {}
                _ => break,
            }
        }
        line
    }
}

fn csv_error(file: &str, body: &str, e: &csv::Error, skip: usize) -> InputError {
    let row = |p: Option<&csv::Position>| {
        Lines {
            body: body.as_bytes(),
            byte: 0,
            line: 1,
        }
        .at(p)
            + skip
    };
    let (place, message) = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => (
            Some(format!("row {}", row(pos.as_ref()))),
            format!("the row has {len} cells but the header has {expected_len}"),
        ),
        csv::ErrorKind::Utf8 { pos, err } => (
            Some(format!("row {}", row(pos.as_ref()))),
            format!("invalid UTF-8 in cell {}", err.field() + 1),
        ),
        _ => (None, e.to_string()),
    };
    InputError {
        file: file.to_string(),
        place,
        message,
    }
}

struct CsvPlaces<'a> {
    file: &'a std::sync::Arc<str>,
    row: usize,
    headers: &'a [String],
    field_column: &'a [Option<usize>; MAX_FIELDS],
    names: &'static [&'static str],
}

impl Places for CsvPlaces<'_> {
    fn record(&self) -> Location {
        Location::row(self.file.clone(), self.row as u64, None)
    }
    fn field(&self, index: usize) -> Location {
        let column = self
            .field_column
            .get(index)
            .copied()
            .flatten()
            .and_then(|c| self.headers.get(c))
            .map(String::as_str)
            .or(self.names.get(index).copied())
            .unwrap_or_default();
        Location::row(self.file.clone(), self.row as u64, Some(column.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::sites::SiteKind;
    use crate::model::Site;

    fn sites(text: &str, skip: usize) -> Result<Vec<Site>, InputError> {
        let mut out = Vec::new();
        let mut findings = Vec::new();
        read::<SiteKind, _>("s.csv", text, skip, &mut findings, |s| {
            out.push(s);
            Ok(())
        })?;
        Ok(out)
    }

    fn rows(v: &[Site]) -> Vec<String> {
        v.iter()
            .map(|s| {
                s.location
                    .place
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn rows_are_named_by_their_line_with_crlf_blank_lines_and_multiline_cells() {
        let text = "#TYPE x\r\nUrl,Title\r\nhttps://a,A\r\n\r\nhttps://b,\"two\r\nlines\"\r\nhttps://c,C\r\n";
        let s = sites(text, 1).unwrap();
        assert_eq!(rows(&s), vec!["row 3", "row 5", "row 7"]);
        let s = sites("Url\nhttps://a\nhttps://b", 0).unwrap();
        assert_eq!(rows(&s), vec!["row 2", "row 3"]);
    }

    #[test]
    fn columns_match_in_any_case_and_a_repeat_is_an_error() {
        let s = sites("URL,sharingdomainrestrictionmode\nhttps://a,blocklist\n", 0).unwrap();
        assert_eq!(s[0].url, "https://a");
        assert_eq!(s[0].mode, Some(crate::model::RestrictionMode::BlockList));
        // SPEC §3: never first- or last-wins.
        let e = sites(
            "URL,sharingdomainrestrictionmode,Url\nhttps://a,blocklist,https://b\n",
            0,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "s.csv: row 1, column Url: the column `Url` appears twice in the header (columns 1 \
             and 3; names match in any case): which one is meant cannot be told"
        );
    }

    #[test]
    fn a_header_without_rows_is_an_empty_list_and_a_missing_header_an_error() {
        assert!(sites("Url,Title\n", 0).unwrap().is_empty());
        let e = sites("#TYPE x", 1).unwrap_err();
        assert_eq!(e.to_string(), "s.csv: row 2: no CSV header line");
    }
}
