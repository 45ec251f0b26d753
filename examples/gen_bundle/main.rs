//! `gen_bundle`: writes a synthetic export bundle (tenant, sites, Entra policy, guests, groups).
//!
//! The performance bar of SPEC §8 needs inputs at a scale no fixture reaches; this command makes
//! them on demand, deterministically, so a slow run can be reproduced from its arguments alone.
//! The generator itself lives in `bundle.rs`, which the `plan_vs_parse` bench shares.
//!
//! ```text
//! cargo run --release --example gen_bundle -- --out DIR [--scale small|full] [--guests N]
//!     [--sites N] [--groups N] [--memberships N] [--domains N] [--seed S]
//! ```

mod bundle;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use bundle::{Config, Scale, mib};
use clap::Parser;

/// Write a synthetic spo2b2b export bundle. Counts given explicitly override the preset.
#[derive(Parser)]
#[command(rename_all = "kebab-case")]
struct Args {
    /// Folder to write tenant.json, sites.json, entra-policy.json, guests.json, groups.json into.
    #[arg(long)]
    out: PathBuf,
    /// Preset sizes: full is the tenant of SPEC §8, small one hundredth of it.
    #[arg(long, value_enum, default_value_t = Scale::Small)]
    scale: Scale,
    /// Guest users in guests.json.
    #[arg(long)]
    guests: Option<u64>,
    /// Site rows in sites.json.
    #[arg(long)]
    sites: Option<u64>,
    /// Groups in groups.json.
    #[arg(long)]
    groups: Option<u64>,
    /// Membership rows across all groups (exact total).
    #[arg(long)]
    memberships: Option<u64>,
    /// Entries of the tenant allow list, messy ones included.
    #[arg(long)]
    domains: Option<u64>,
    /// Seed of the generator: same arguments, same bytes.
    #[arg(long)]
    seed: Option<u64>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let preset = Config::preset(args.scale);
    let cfg = Config {
        guests: args.guests.unwrap_or(preset.guests),
        sites: args.sites.unwrap_or(preset.sites),
        groups: args.groups.unwrap_or(preset.groups),
        memberships: args.memberships.unwrap_or(preset.memberships),
        domains: args.domains.unwrap_or(preset.domains),
        seed: args.seed.unwrap_or(preset.seed),
    };
    let started = Instant::now();
    if let Err(e) = bundle::generate(&cfg, &args.out) {
        eprintln!("gen_bundle: {}: {e}", args.out.display());
        return ExitCode::from(2);
    }
    let elapsed = started.elapsed();

    println!("{} (preset {})", cfg.describe(), args.scale.name());
    let sizes = match bundle::file_sizes(&args.out) {
        Ok(sizes) => sizes,
        Err(e) => {
            eprintln!("gen_bundle: {e}");
            return ExitCode::from(2);
        }
    };
    for (name, size) in &sizes {
        let path = args.out.join(name);
        println!(
            "{size:>14} bytes {:>9.1} MiB  {}",
            mib(*size),
            path.display()
        );
    }
    let total = sizes.iter().map(|(_, size)| size).sum::<u64>();
    println!(
        "{total:>14} bytes {:>9.1} MiB  total, written in {:.2} s",
        mib(total),
        elapsed.as_secs_f64()
    );
    ExitCode::SUCCESS
}
