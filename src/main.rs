//! The binary: parse arguments, run the library, print, and map the outcome to an exit code.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use spo2b2b::commands::{self, Outcome};

mod cli;

fn main() -> ExitCode {
    let request = match cli::parse() {
        cli::Parsed::Run(request) => request,
        cli::Parsed::Print(text) => return print(&Outcome::stdout(text)),
        cli::Parsed::Usage(message) => {
            say(format_args!("{}", message.trim_end()));
            return ExitCode::from(2);
        }
    };
    // On a terminal, tables fit its width; files and pipes keep the fixed width (SPEC §2).
    if io::stdout().is_terminal()
        && let Some(width) = terminal_width()
    {
        spo2b2b::render::set_terminal_width(width);
    }
    // Large exports take seconds to read: show how far, but only to a person watching.
    if io::stderr().is_terminal() {
        spo2b2b::ingest::set_progress_hook(show_progress);
    }
    let outcome = match commands::run(*request, &mut io::stdin().lock()) {
        Ok(o) => o,
        Err(e) => {
            say(format_args!("error: {e}"));
            return ExitCode::from(2);
        }
    };
    // All or nothing (SPEC §2): every --out file is prepared in a temporary file first, stdout
    // is written, and only then are they renamed into place. Returning early drops the
    // prepared files, which deletes them: on exit 2 no target is created or replaced.
    let prepared = match spo2b2b::output::prepare(&outcome.files) {
        Ok(p) => p,
        Err(e) => {
            say(format_args!("error: {e}"));
            return ExitCode::from(2);
        }
    };
    if let Err(code) = write_stdout(&outcome) {
        return code;
    }
    if let Err(e) = prepared.commit() {
        say(format_args!("error: {e}"));
        return ExitCode::from(2);
    }
    finish(&outcome)
}

/// Prints an outcome's stdout and returns its exit code.
fn print(outcome: &Outcome) -> ExitCode {
    match write_stdout(outcome) {
        Ok(()) => finish(outcome),
        Err(code) => code,
    }
}

/// Writes an outcome's stdout; a failure other than a closed pipe is exit 2.
fn write_stdout(outcome: &Outcome) -> Result<(), ExitCode> {
    let mut stdout = io::stdout().lock();
    if let Err(e) = stdout
        .write_all(outcome.stdout.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // A closed pipe (`| head`) is not an error: the reader has what it wanted.
        if e.kind() != io::ErrorKind::BrokenPipe {
            say(format_args!("error: cannot write to stdout: {e}"));
            return Err(ExitCode::from(2));
        }
    }
    Ok(())
}

/// The exit 1 reason line (SPEC §2) and the exit code.
fn finish(outcome: &Outcome) -> ExitCode {
    if let Some(reason) = &outcome.reason {
        say(format_args!("spo2b2b: {reason}"));
    }
    ExitCode::from(outcome.exit)
}

/// One line on stderr. An unwritable stderr cannot be reported anywhere: the exit code still
/// says what happened, and `eprintln!` would panic instead (SPEC §2).
/// Control characters from input text in a message (a file name, a `--site`) are shown
/// escaped: stderr is a terminal too.
fn say(line: std::fmt::Arguments<'_>) {
    let line = line.to_string();
    let line = spo2b2b::render::escape::terminal(&line);
    let mut err = io::stderr().lock();
    let _ = err
        .write_all(line.as_bytes())
        .and_then(|()| err.write_all(b"\n"));
}

/// `COLUMNS` when set to a number, else the terminal's own size.
fn terminal_width() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&w| w > 0)
        .or_else(|| terminal_size::terminal_size_of(io::stdout()).map(|(w, _)| w.0))
}

/// One self-overwriting line on standard error per chunk read; erased when a file is done.
fn show_progress(p: spo2b2b::ingest::Progress<'_>) {
    let mut err = io::stderr().lock();
    let _ = if p.read >= p.total {
        write!(err, "\r\x1b[K")
    } else {
        write!(
            err,
            "\r\x1b[Kreading {}: {}%",
            p.file,
            p.read.saturating_mul(100) / p.total.max(1)
        )
    };
    let _ = err.flush();
}
