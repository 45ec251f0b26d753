//! Issue 14 item 6 (SPEC §2): the table fits the terminal's width when stdout is a terminal
//! (`COLUMNS`, else the terminal's size), and keeps its fixed width otherwise, so files and
//! pipes stay byte-identical whatever the terminal.

mod common;
use common::cmd;

use std::fs::File;
use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::Stdio;

/// A pseudo-terminal `cols` columns wide: (master, slave).
fn pty(cols: u16) -> (File, File) {
    // SAFETY: plain libc calls on a descriptor we own; every result is checked.
    unsafe {
        let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(master >= 0, "posix_openpt");
        // Not inherited by the children other tests start meanwhile (an open slave elsewhere
        // would keep the reader below waiting).
        assert_eq!(libc::fcntl(master, libc::F_SETFD, libc::FD_CLOEXEC), 0);
        assert_eq!(libc::grantpt(master), 0);
        assert_eq!(libc::unlockpt(master), 0);
        let name = libc::ptsname(master);
        assert!(!name.is_null());
        let slave = libc::open(name, libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
        assert!(slave >= 0, "open the slave");
        let size = libc::winsize {
            ws_row: 50,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        assert_eq!(libc::ioctl(master, libc::TIOCSWINSZ, &size), 0);
        (
            File::from(OwnedFd::from_raw_fd(master)),
            File::from(OwnedFd::from_raw_fd(slave)),
        )
    }
}

/// Runs `spo2b2b ARGS` with stdout on a terminal `cols` wide; returns what it printed.
fn on_terminal(args: &[&str], cols: u16, columns_env: Option<&str>) -> String {
    let (mut master, slave) = pty(cols);
    let mut c = cmd();
    c.args(args)
        .stdout(Stdio::from(slave))
        .stderr(Stdio::null());
    if let Some(v) = columns_env {
        c.env("COLUMNS", v);
    }
    let mut child = c.spawn().unwrap();
    // Read while it writes: the terminal's buffer is smaller than a plan.
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        // Reading the master fails (EIO) once the child has exited and closed the slave.
        while let Ok(n) = master.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        out
    });
    let status = child.wait().unwrap();
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
    drop(c);
    let out = reader.join().unwrap();
    // The terminal turns each line feed into CR LF.
    String::from_utf8(out).unwrap().replace("\r\n", "\n")
}

/// The widest table line (prose lines such as the assumptions are not tables).
fn widest(text: &str) -> usize {
    text.lines()
        .filter(|l| l.starts_with(['┌', '│', '╞', '├', '└']))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
}

#[test]
fn the_table_fits_the_terminal() {
    let args = ["plan", "testdata/example"];
    let t = on_terminal(&args, 72, None);
    assert!(t.contains("Blast radius"), "{t}");
    assert!(widest(&t) <= 72, "widest line {}:\n{t}", widest(&t));
    assert!(widest(&t) > 60, "the table uses the width it has:\n{t}");
    // COLUMNS wins over the terminal's size.
    let t = on_terminal(&args, 72, Some("100"));
    assert!(widest(&t) <= 100 && widest(&t) > 72, "{}:\n{t}", widest(&t));
    // A wide terminal gets a wide table.
    let t = on_terminal(&args, 200, None);
    assert!(widest(&t) > 120, "{}:\n{t}", widest(&t));
}

#[test]
fn a_pipe_keeps_the_fixed_width_whatever_columns_says() {
    let args = ["plan", "testdata/example"];
    let plain = cmd().args(args).output().unwrap().stdout;
    let narrow = cmd()
        .args(args)
        .env("COLUMNS", "50")
        .output()
        .unwrap()
        .stdout;
    assert_eq!(plain, narrow);
    let text = String::from_utf8(plain).unwrap();
    assert!(widest(&text) <= 120 && widest(&text) > 100, "{text}");
}
