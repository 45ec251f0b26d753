//! `plan_vs_parse`: measures `spo2b2b plan` against the cost of merely parsing its input.
//!
//! SPEC §8 asks for a plan within 2x of a bare serde_json parse of the same files, with peak
//! memory well under the input size. This bench makes that bar a number: over a generated bundle
//! (`examples/gen_bundle`, shared here by `#[path]`) it runs, each in a fresh child process so that
//! wall time and peak RSS (`wait4` rusage) are the child's own, (a) the parse floor: this same
//! binary re-executed in floor mode, reading each file and deserialising it into
//! `serde::de::IgnoredAny`, and (b) `spo2b2b plan DIR --format json` with its stdout counted and
//! discarded. A plan that fails is reported with its first stderr line; the floor is still shown.
//!
//! ```text
//! cargo bench --bench plan_vs_parse -- [--scale small|full] [--runs N] [--bin PATH]
//! ```

#[path = "../examples/gen_bundle/bundle.rs"]
mod bundle;

use std::env;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use bundle::{Config, FILES, Scale, mib};
use clap::Parser;

/// Set (to the bundle folder) in the child that measures the parse floor.
const FLOOR_ENV: &str = "SPO2B2B_BENCH_FLOOR";

/// Compare `spo2b2b plan` with a bare serde_json parse of the same generated bundle.
#[derive(Parser)]
#[command(rename_all = "kebab-case")]
struct Args {
    /// Bundle size (generated once into target/bench-data/<scale>/).
    #[arg(long, value_enum, default_value_t = Scale::Small)]
    scale: Scale,
    /// Measured runs of each child [default: 5 small, 3 full].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    runs: Option<u32>,
    /// The spo2b2b binary to measure [default: the release binary cargo bench builds].
    #[arg(long)]
    bin: Option<PathBuf>,
    /// Passed by `cargo bench` to every bench; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() -> ExitCode {
    if let Some(dir) = env::var_os(FLOOR_ENV) {
        return parse_floor(Path::new(&dir));
    }
    let args = Args::parse();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        // Printed already; the floor numbers stand, the comparison does not.
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("plan_vs_parse: {message}");
            ExitCode::from(2)
        }
    }
}

/// The floor child: what any reader of these files has to pay at least.
fn parse_floor(dir: &Path) -> ExitCode {
    for name in FILES {
        let path = dir.join(name);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// Returns whether the plan could be measured.
fn run(args: &Args) -> Result<bool, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(args.scale.name());
    let cfg = Config::preset(args.scale);
    ensure_bundle(&cfg, &dir)?;
    let input_bytes = bundle::file_sizes(&dir)
        .map_err(|e| e.to_string())?
        .iter()
        .map(|(_, size)| size)
        .sum();
    let runs = args.runs.unwrap_or(match args.scale {
        Scale::Small => 5,
        Scale::Full => 3,
    });
    let bin = args
        .bin
        .clone()
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_spo2b2b")));
    let me = env::current_exe().map_err(|e| format!("cannot find this bench's binary: {e}"))?;

    let floor_cmd = || {
        let mut cmd = Command::new(&me);
        cmd.env(FLOOR_ENV, &dir);
        cmd
    };
    let plan_cmd = || {
        let mut cmd = Command::new(&bin);
        cmd.arg("plan").arg(&dir).args(["--format", "json"]);
        cmd
    };

    eprintln!(
        "plan_vs_parse: {} runs each over {} ({:.1} MiB); plan: {} plan DIR --format json",
        runs,
        dir.display(),
        mib(input_bytes),
        bin.display()
    );
    // Untimed: brings the files into the page cache, so the first measured run is not a disk read.
    floor_run(floor_cmd())?;

    let mut floor = Vec::new();
    let mut plan = Vec::new();
    let mut plan_failure = None;
    if !bin.is_file() {
        plan_failure = Some(format!(
            "no binary at {}: build it with `cargo build --release` or pass --bin PATH",
            bin.display()
        ));
    }
    // Interleaved, so that drift of the machine (page cache, thermal, neighbours) hits both.
    for _ in 0..runs {
        floor.push(floor_run(floor_cmd())?);
        if plan_failure.is_none() {
            match plan_run(plan_cmd()) {
                Ok(sample) => plan.push(sample),
                Err(why) => plan_failure = Some(why),
            }
        }
    }

    print_report(
        args.scale,
        runs,
        input_bytes,
        &floor,
        &plan,
        plan_failure.as_deref(),
    );
    Ok(plan_failure.is_none())
}

fn ensure_bundle(cfg: &Config, dir: &Path) -> Result<(), String> {
    let marker = fs::read_to_string(dir.join(bundle::MARKER)).unwrap_or_default();
    if marker.trim_end() == cfg.describe() {
        return Ok(());
    }
    eprintln!(
        "plan_vs_parse: generating {} ({})",
        dir.display(),
        cfg.describe()
    );
    let started = Instant::now();
    bundle::generate(cfg, dir).map_err(|e| format!("generating {}: {e}", dir.display()))?;
    eprintln!(
        "plan_vs_parse: generated in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

struct Sample {
    wall: Duration,
    peak_rss: u64,
}

fn floor_run(cmd: Command) -> Result<Sample, String> {
    let done = measure(cmd).map_err(|e| format!("cannot run the parse floor: {e}"))?;
    match done.exit {
        Exit::Code(0) => Ok(done.sample),
        exit => Err(format!(
            "parse floor failed ({exit}): {}",
            first_line(&done.stderr)
        )),
    }
}

/// Exit 1 means findings (SPEC §2), which is a finished plan like 0.
fn plan_run(cmd: Command) -> Result<Sample, String> {
    let done = measure(cmd).map_err(|e| format!("plan failed to start: {e}"))?;
    match done.exit {
        Exit::Code(0 | 1) if done.stdout_bytes > 0 => Ok(done.sample),
        Exit::Code(code @ (0 | 1)) => Err(format!(
            "plan exited {code} without writing any JSON (not the real `plan` yet?)"
        )),
        exit => Err(format!(
            "plan failed ({exit}): {}",
            first_line(&done.stderr)
        )),
    }
}

fn first_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("(no message on stderr)")
        .trim()
        .to_string()
}

enum Exit {
    Code(i32),
    Signal(i32),
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exit::Code(c) => write!(f, "exit {c}"),
            Exit::Signal(s) => write!(f, "killed by signal {s}"),
        }
    }
}

struct Finished {
    sample: Sample,
    exit: Exit,
    stdout_bytes: u64,
    stderr: Vec<u8>,
}

/// Runs `cmd` to completion; stdout is counted and dropped, stderr kept for the report. Reaping
/// with `wait4` gives the child's own resource usage, its peak RSS included.
fn measure(mut cmd: Command) -> io::Result<Finished> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd.spawn()?;
    let (Some(mut stdout), Some(mut stderr)) = (child.stdout.take(), child.stderr.take()) else {
        unreachable!("both streams were set to piped");
    };
    // Drained on threads, so a chatty child never blocks on a full pipe.
    let out = thread::spawn(move || io::copy(&mut stdout, &mut io::sink()));
    let err = thread::spawn(move || {
        let mut text = Vec::new();
        stderr.read_to_end(&mut text).map(|_| text)
    });
    let (status, usage) = wait4(child.id())?;
    let wall = started.elapsed();
    let stdout_bytes = out
        .join()
        .map_err(|_| io::Error::other("stdout reader panicked"))??;
    let stderr = err
        .join()
        .map_err(|_| io::Error::other("stderr reader panicked"))??;

    let exit = if libc::WIFEXITED(status) {
        Exit::Code(libc::WEXITSTATUS(status))
    } else {
        Exit::Signal(libc::WTERMSIG(status))
    };
    // Linux reports ru_maxrss in KiB, macOS in bytes.
    let unit = if cfg!(target_os = "macos") { 1 } else { 1024 };
    Ok(Finished {
        sample: Sample {
            wall,
            peak_rss: usage.ru_maxrss as u64 * unit,
        },
        exit,
        stdout_bytes,
        stderr,
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

struct Stats {
    median: f64,
    min: f64,
    max: f64,
}

impl Stats {
    fn of(mut values: Vec<f64>) -> Stats {
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let median = if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2.0
        };
        Stats {
            median,
            min: values[0],
            max: values[n - 1],
        }
    }
}

fn print_report(
    scale: Scale,
    runs: u32,
    input_bytes: u64,
    floor: &[Sample],
    plan: &[Sample],
    plan_failure: Option<&str>,
) {
    let wall = |s: &[Sample]| Stats::of(s.iter().map(|s| s.wall.as_secs_f64()).collect());
    let rss = |s: &[Sample]| Stats::of(s.iter().map(|s| mib(s.peak_rss)).collect());
    println!();
    println!(
        "plan_vs_parse  scale {}  runs {runs}  input {:.1} MiB in {} files",
        scale.name(),
        mib(input_bytes),
        FILES.len()
    );
    println!(
        "{:<14} {:>11} {:>9} {:>9}   {:>15} {:>11} {:>11}",
        "", "wall median", "min", "max", "peak RSS median", "min", "max"
    );
    let row = |name: &str, s: &[Sample]| {
        let (w, r) = (wall(s), rss(s));
        println!(
            "{name:<14} {:>9.3} s {:>7.3} s {:>7.3} s   {:>11.1} MiB {:>7.1} MiB {:>7.1} MiB",
            w.median, w.min, w.max, r.median, r.min, r.max
        );
    };
    row("parse floor", floor);
    match plan_failure {
        Some(why) => println!("{:<14} {why}", "spo2b2b plan"),
        None => {
            row("spo2b2b plan", plan);
            let (pw, fw) = (wall(plan).median, wall(floor).median);
            let (pr, fr) = (rss(plan).median, rss(floor).median);
            println!(
                "plan / floor (medians): wall {:.2}x, peak RSS {:.2}x; plan peak RSS / input {:.2}x",
                pw / fw,
                pr / fr,
                pr / mib(input_bytes)
            );
            println!(
                "SPEC §8 bar: wall within 2x of the floor, peak RSS well under the input size"
            );
        }
    }
}
