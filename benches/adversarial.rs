//! `adversarial`: the pathological inputs of SPEC §8 cost about what `--format json` costs on
//! the same input, in time and memory (no superlinear step).
//!
//! Each case writes its input under `target/bench-data/adversarial/`, then runs the binary in a
//! fresh child per run for a human format and for `--format json`; wall time and peak RSS come
//! from `wait4`, and stdout is counted and dropped. Cases:
//!
//! - `long-cell`: `normalize` of one 1 MB entry (a table cell used to wrap in quadratic time);
//! - `long-line`: `normalize` of one 200,000-character line of comma-separated entries (each
//!   entry's message used to quote the whole line);
//! - `confusables`: `plan` over a tenant list of 4,096 look-alike domains (one finding per pair
//!   used to be 8 million findings);
//! - `sarif-sites`: `plan` over 500,000 sites without settings (one `site-settings-unknown`
//!   finding each), SARIF vs JSON.
//!
//! ```text
//! cargo bench --bench adversarial -- [--runs N] [--bin PATH] [--case NAME]...
//! ```

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use clap::Parser;

/// Time and memory of hostile inputs, human format vs `--format json`.
#[derive(Parser)]
#[command(rename_all = "kebab-case")]
struct Args {
    /// Measured runs of each child.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// The spo2b2b binary to measure [default: the release binary cargo bench builds].
    #[arg(long)]
    bin: Option<PathBuf>,
    /// Only these cases (long-cell, long-line, confusables, sarif-sites) [default: all].
    #[arg(long)]
    case: Vec<String>,
    /// Passed by `cargo bench` to every bench; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

/// One case: its input, and the two command lines to compare.
struct Case {
    name: &'static str,
    what: String,
    /// Standard input of both runs, if any.
    stdin: Option<PathBuf>,
    human: Vec<String>,
    json: Vec<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("adversarial: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = match &args.bin {
        Some(b) => b.clone(),
        None => root.join("target/release/spo2b2b"),
    };
    if !bin.is_file() {
        return Err(format!(
            "{} not found: build it with `cargo build --release` or pass --bin",
            bin.display()
        ));
    }
    let data = root.join("target/bench-data/adversarial");
    fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
    let cases = cases(&data).map_err(|e| format!("writing the inputs: {e}"))?;
    println!(
        "{:<12} {:<10} {:>10} {:>10} {:>12} {:>6}  input",
        "case", "format", "wall s", "peak MiB", "stdout MiB", "exit"
    );
    for case in cases {
        if !args.case.is_empty() && !args.case.iter().any(|c| c == case.name) {
            continue;
        }
        for (label, argv) in [(case.human[0].as_str(), &case.human), ("json", &case.json)] {
            let mut samples = Vec::new();
            for _ in 0..args.runs {
                let mut cmd = Command::new(&bin);
                cmd.args(&argv[1..]);
                let stdin = match &case.stdin {
                    Some(p) => Stdio::from(fs::File::open(p).map_err(|e| e.to_string())?),
                    None => Stdio::null(),
                };
                cmd.stdin(stdin);
                samples.push(measure(cmd).map_err(|e| format!("{}: {e}", case.name))?);
            }
            let wall = median(samples.iter().map(|s| s.wall.as_secs_f64()).collect());
            let peak = median(samples.iter().map(|s| s.peak_rss as f64).collect());
            let last = &samples[samples.len() - 1];
            println!(
                "{:<12} {:<10} {:>10.3} {:>10.1} {:>12.1} {:>6}  {}",
                case.name,
                label,
                wall,
                peak / 1048576.0,
                last.stdout_bytes as f64 / 1048576.0,
                last.exit,
                case.what
            );
        }
    }
    Ok(())
}

fn cases(data: &Path) -> io::Result<Vec<Case>> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut out = Vec::new();

    let cell = data.join("long-cell.txt");
    fs::write(&cell, format!("{}.com\n", "a".repeat(1 << 20)))?;
    out.push(Case {
        name: "long-cell",
        what: "normalize: one 1 MiB entry".into(),
        stdin: Some(cell),
        human: s(&["table", "normalize", "-"]),
        json: s(&["json", "normalize", "-", "--format", "json"]),
    });

    let line = data.join("long-line.txt");
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 200_000 {
        text.push_str(&format!("d{i}.com,"));
        i += 1;
    }
    text.push('\n');
    fs::write(&line, text)?;
    out.push(Case {
        name: "long-line",
        what: format!("normalize: one 200,000-character line of {i} entries"),
        stdin: Some(line),
        human: s(&["table", "normalize", "-"]),
        json: s(&["json", "normalize", "-", "--format", "json"]),
    });

    // 2^12 names of one skeleton: each of 12 positions is `l` or `1`.
    let dir = data.join("confusables");
    fs::create_dir_all(&dir)?;
    let names: Vec<String> = (0..1u32 << 12)
        .map(|n| {
            let label: String = (0..12)
                .map(|b| if n >> b & 1 == 1 { '1' } else { 'l' })
                .collect();
            format!("x{label}.com")
        })
        .collect();
    fs::write(
        dir.join("tenant.json"),
        format!(
            "{{\"SharingDomainRestrictionMode\":\"AllowList\",\"SharingAllowedDomainList\":\"{}\",\"SharingBlockedDomainList\":\"\"}}",
            names.join(" ")
        ),
    )?;
    let d = dir.display().to_string();
    out.push(Case {
        name: "confusables",
        what: "plan: 4,096 look-alike domains in the tenant list".into(),
        stdin: None,
        human: s(&["table", "plan", &d, "--fail-on", "never"]),
        json: s(&["json", "plan", &d, "--format", "json", "--fail-on", "never"]),
    });

    let dir = data.join("sarif-sites");
    fs::create_dir_all(&dir)?;
    fs::write(
        dir.join("tenant.json"),
        "{\"SharingDomainRestrictionMode\":\"AllowList\",\"SharingAllowedDomainList\":\"contoso-partner.com\",\"SharingBlockedDomainList\":\"\"}",
    )?;
    let sites = dir.join("sites.json");
    if !sites.is_file() {
        // Written as it is made: the bench's own memory would show in its children's peak RSS.
        use std::io::Write;
        let mut w = io::BufWriter::new(fs::File::create(&sites)?);
        w.write_all(b"[\n")?;
        for i in 0..500_000 {
            if i > 0 {
                w.write_all(b",\n")?;
            }
            write!(
                w,
                "{{\"Url\":\"https://contoso.sharepoint.com/sites/s{i}\",\"Title\":\"s{i}\"}}"
            )?;
        }
        w.write_all(b"\n]\n")?;
        w.flush()?;
    }
    let d = dir.display().to_string();
    out.push(Case {
        name: "sarif-sites",
        what: "plan: 500,000 sites without settings".into(),
        stdin: None,
        human: s(&[
            "sarif",
            "plan",
            &d,
            "--format",
            "sarif",
            "--fail-on",
            "never",
        ]),
        json: s(&["json", "plan", &d, "--format", "json", "--fail-on", "never"]),
    });
    Ok(out)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

struct Sample {
    wall: Duration,
    peak_rss: u64,
    stdout_bytes: u64,
    exit: String,
}

/// Runs `cmd` to completion; stdout is counted and dropped, stderr discarded. Reaping with
/// `wait4` gives the child's own resource usage, its peak RSS included.
fn measure(mut cmd: Command) -> io::Result<Sample> {
    cmd.stdout(Stdio::piped()).stderr(Stdio::null());
    let started = Instant::now();
    let mut child = cmd.spawn()?;
    let Some(mut stdout) = child.stdout.take() else {
        unreachable!("stdout was set to piped");
    };
    let out = thread::spawn(move || {
        let mut n = 0u64;
        let mut buf = vec![0u8; 1 << 16];
        loop {
            match stdout.read(&mut buf) {
                Ok(0) | Err(_) => return n,
                Ok(k) => n += k as u64,
            }
        }
    });
    let (status, usage) = wait4(child.id())?;
    let wall = started.elapsed();
    let stdout_bytes = out
        .join()
        .map_err(|_| io::Error::other("stdout reader panicked"))?;
    let exit = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status).to_string()
    } else {
        format!("sig{}", libc::WTERMSIG(status))
    };
    Ok(Sample {
        wall,
        // Linux reports ru_maxrss in KiB.
        peak_rss: usage.ru_maxrss as u64 * 1024,
        stdout_bytes,
        exit,
    })
}

/// Reaps `pid` (which `std` will then never wait for) and returns its status and rusage.
fn wait4(pid: u32) -> io::Result<(libc::c_int, libc::rusage)> {
    let pid = libc::pid_t::try_from(pid).map_err(io::Error::other)?;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain integers, for which all-zero is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers are to live, writable locals of the right types.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            return Ok((status, usage));
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}
