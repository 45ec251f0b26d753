//! Synthetic, deterministic export bundles for spo2b2b at any scale.
//!
//! SPEC §8 sets a performance bar on a tenant far larger than any test fixture (a million guests,
//! five million membership rows), and no real tenant's export can be shipped. This module writes a
//! bundle of that shape from a seed: the five files an admin would export (SPEC §3, FACTS §1, §2,
//! §5, §6), with the skew and the mess real tenants have (Zipf-like guest domains, OneDrive sites in
//! the majority, a few malformed list entries). Every record is a pure function of the seed, its
//! kind and its index, so the same arguments give byte-identical files and a group can name a guest
//! without the guest list being kept in memory. Only integer arithmetic decides what is written, so
//! the output does not depend on the platform's floating point.
//!
//! It is shared by the `gen_bundle` example (the command line) and the `plan_vs_parse` bench
//! (which generates its data when missing).

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// The preset sizes: `Full` is the tenant of SPEC §8, `Small` one hundredth of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    Small,
    Full,
}

impl Scale {
    pub fn name(self) -> &'static str {
        match self {
            Scale::Small => "small",
            Scale::Full => "full",
        }
    }
}

/// What to generate. Counts are rows in the files; `domains` is the length of the tenant allow list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub guests: u64,
    pub sites: u64,
    pub groups: u64,
    pub memberships: u64,
    pub domains: u64,
    pub seed: u64,
}

pub const DEFAULT_SEED: u64 = 0x5B02_B2B0;

impl Config {
    pub fn preset(scale: Scale) -> Config {
        let div = match scale {
            Scale::Small => 100,
            Scale::Full => 1,
        };
        Config {
            guests: 1_000_000 / div,
            sites: 500_000 / div,
            groups: 200_000 / div,
            memberships: 5_000_000 / div,
            domains: 5_000 / div,
            seed: DEFAULT_SEED,
        }
    }

    /// One line naming every parameter: written into the bundle so a reader (the bench) can tell
    /// whether an existing bundle was made with the same arguments.
    pub fn describe(&self) -> String {
        format!(
            "gen_bundle v1 guests={} sites={} groups={} memberships={} domains={} seed={}",
            self.guests, self.sites, self.groups, self.memberships, self.domains, self.seed
        )
    }
}

/// The files of a bundle, in the order they are written.
pub const FILES: [&str; 5] = [
    "tenant.json",
    "sites.json",
    "entra-policy.json",
    "guests.json",
    "groups.json",
];

/// Written last, holding [`Config::describe`]: when it is there and matches, the bundle is
/// complete and was made with that configuration.
pub const MARKER: &str = ".gen_bundle";

/// Writes the five files of a bundle into `dir` (created if needed), then the marker.
pub fn generate(cfg: &Config, dir: &Path) -> io::Result<()> {
    if cfg.groups == 0 && cfg.memberships > 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "membership rows need at least one group",
        ));
    }
    fs::create_dir_all(dir)?;
    // A stale marker must not survive a half-finished run.
    match fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let universe = Universe::new(cfg);
    let tenant = Tenant::new(cfg);
    write_file(dir, "tenant.json", |w| universe.write_tenant(w))?;
    write_file(dir, "sites.json", |w| {
        write_sites(w, cfg, &universe, &tenant)
    })?;
    write_file(dir, "entra-policy.json", |w| universe.write_entra_policy(w))?;
    write_file(dir, "guests.json", |w| write_guests(w, cfg, &universe))?;
    write_file(dir, "groups.json", |w| {
        write_groups(w, cfg, &universe, &tenant)
    })?;
    fs::write(dir.join(MARKER), cfg.describe() + "\n")
}

/// The size in bytes of each file of the bundle in `dir`, in [`FILES`] order.
pub fn file_sizes(dir: &Path) -> io::Result<Vec<(&'static str, u64)>> {
    FILES
        .iter()
        .map(|&name| {
            let path = dir.join(name);
            fs::metadata(&path)
                .map(|m| (name, m.len()))
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
        })
        .collect()
}

/// Bytes as MiB, the unit sizes are reported in.
pub fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn write_file(
    dir: &Path,
    name: &str,
    body: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<()> {
    let path = dir.join(name);
    let file = File::create(&path)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    body(&mut w)?;
    w.flush()
}

// ---------------------------------------------------------------------------------------------
// Randomness: splitmix64, keyed by (seed, kind, index) so every record stands on its own.

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Kinds of record, so that guest 7 and group 7 draw different numbers.
#[derive(Clone, Copy)]
enum Kind {
    Guest = 1,
    User,
    Group,
    Site,
    Universe,
    Policy,
}

struct Rng(u64);

impl Rng {
    fn for_record(seed: u64, kind: Kind, index: u64) -> Rng {
        Rng(mix(seed ^ mix(((kind as u64) << 56) ^ index)))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in `0..n` (n > 0), by multiply-shift: no modulo bias worth the name at these sizes.
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }

    /// True with probability `per_mille` / 1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// A version-4 style GUID.
    fn guid(&mut self) -> Guid {
        let hi = (self.next() & !0xF000) | 0x4000;
        let lo = (self.next() & !(0xC << 60)) | (0x8 << 60);
        Guid(((hi as u128) << 64) | lo as u128)
    }
}

struct Guid(u128);

impl std::fmt::Display for Guid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.0;
        write!(
            f,
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            (v >> 96) as u32,
            (v >> 80) as u16,
            (v >> 64) as u16,
            (v >> 48) as u16,
            v & 0xFFFF_FFFF_FFFF
        )
    }
}

/// Cumulative integer weights for drawing an index with a Zipf-like skew: weight(rank) =
/// 2^32 / (rank + offset), i.e. exponent 1, flattened at the top by `offset`.
struct Zipf(Vec<u64>);

impl Zipf {
    fn new(n: u64, offset: u64) -> Zipf {
        let mut total = 0;
        let cumulative = (0..n)
            .map(|rank| {
                total += (1u64 << 32) / (rank + offset);
                total
            })
            .collect();
        Zipf(cumulative)
    }

    fn total(&self) -> u64 {
        self.0.last().copied().unwrap_or(0)
    }

    fn weight(&self, rank: usize) -> u64 {
        self.0[rank] - if rank == 0 { 0 } else { self.0[rank - 1] }
    }

    fn draw(&self, rng: &mut Rng) -> usize {
        let x = rng.below(self.total());
        self.0.partition_point(|&c| c <= x)
    }
}

/// A step that visits `0..n` without repeats from any start (coprime to `n`), so a group's members
/// are distinct without remembering who was picked.
fn coprime_stride(n: u64, rng: &mut Rng) -> u64 {
    fn gcd(a: u64, b: u64) -> u64 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    if n <= 1 {
        return 1;
    }
    let mut s = 1 + rng.below(n - 1);
    while gcd(s, n) != 1 {
        s = s % (n - 1) + 1;
    }
    s
}

// ---------------------------------------------------------------------------------------------
// JSON writing. Everything is hand-formatted for speed; strings go through one escaping function.

fn json_str(w: &mut impl Write, s: &str) -> io::Result<()> {
    w.write_all(b"\"")?;
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'"' || b == b'\\' || b < 0x20 {
            w.write_all(&bytes[start..i])?;
            match b {
                b'"' => w.write_all(b"\\\"")?,
                b'\\' => w.write_all(b"\\\\")?,
                _ => write!(w, "\\u{b:04x}")?,
            }
            start = i + 1;
        }
    }
    w.write_all(&bytes[start..])?;
    w.write_all(b"\"")
}

fn json_opt_str(w: &mut impl Write, s: Option<&str>) -> io::Result<()> {
    match s {
        Some(s) => json_str(w, s),
        None => w.write_all(b"null"),
    }
}

/// The compact JSON of a list of strings.
fn json_str_array(w: &mut impl Write, items: &[String]) -> io::Result<()> {
    w.write_all(b"[")?;
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        json_str(w, s)?;
    }
    w.write_all(b"]")
}

// ---------------------------------------------------------------------------------------------
// The domain universe: organisations (the first `listed` of them in the tenant allow list) and
// consumer mail providers, with the skew guests are drawn with.

const TENANT: &str = "contoso";
const SYLLABLE_CONSONANTS: &[u8] = b"bdfgklmnprstvz";
const SYLLABLE_VOWELS: &[u8] = b"aeiou";
const ORG_SUFFIXES: &[&str] = &[
    "",
    "",
    "",
    "",
    "",
    "-group",
    "-partners",
    "-labs",
    "-consulting",
    "-systems",
    "-law",
];
const TLDS: &[&str] = &[
    "com", "com", "com", "com", "com", "de", "co.uk", "fr", "nl", "com.au", "io", "net", "org",
    "ch", "se", "it", "es", "co.jp", "ca", "be",
];
/// Consumer providers (SPEC §4 step 8) with their relative weights among consumer guests.
const CONSUMER: &[(&str, u64)] = &[
    ("gmail.com", 400),
    ("outlook.com", 180),
    ("hotmail.com", 120),
    ("yahoo.com", 80),
    ("icloud.com", 50),
    ("live.com", 40),
    ("gmx.de", 25),
    ("web.de", 20),
    ("aol.com", 15),
    ("proton.me", 12),
    ("hotmail.co.uk", 10),
    ("me.com", 8),
    ("msn.com", 6),
    ("yandex.ru", 5),
    ("qq.com", 5),
    ("mail.ru", 4),
    ("163.com", 3),
    ("protonmail.com", 3),
    ("gmx.com", 2),
];
/// Per mille of guests at a consumer provider rather than an organisation.
const CONSUMER_SHARE: u64 = 220;

/// A pronounceable, unique organisation domain for index `i`: the syllables encode `i` exactly
/// (a fixed count per parity, scrambled by a bijection so neighbours do not look alike); the
/// hyphenated suffix and the TLD only decorate it.
fn org_domain(seed: u64, i: u64) -> String {
    let syllables = 3 + (i % 2) as u32;
    let base = (SYLLABLE_CONSONANTS.len() * SYLLABLE_VOWELS.len()) as u64;
    let capacity = base.pow(syllables);
    // 104_729 is prime and does not divide 70^n, so this permutes 0..capacity.
    let mut k = ((i / 2 % capacity) * 104_729 + 12_345) % capacity;
    let mut name = String::new();
    for _ in 0..syllables {
        let s = (k % base) as usize;
        k /= base;
        name.push(SYLLABLE_CONSONANTS[s / SYLLABLE_VOWELS.len()] as char);
        name.push(SYLLABLE_VOWELS[s % SYLLABLE_VOWELS.len()] as char);
    }
    if i / 2 >= capacity {
        // Past 70^3 organisations: keep names unique with the rest of the index.
        name.push_str(&(i / 2 / capacity).to_string());
    }
    let mut rng = Rng::for_record(seed, Kind::Universe, i);
    format!("{name}{}.{}", rng.pick(ORG_SUFFIXES), rng.pick(TLDS))
}

struct Universe {
    seed: u64,
    /// Organisation domains; `orgs[..listed]` are the tenant allow list's clean entries.
    orgs: Vec<String>,
    listed: usize,
    /// Rank (by how many guests come from it) to index into `orgs`.
    org_by_rank: Vec<u32>,
    org_skew: Zipf,
    consumer_skew: Vec<u64>,
    /// Entries of the tenant allow list, as written (with the mess).
    allow_list: Vec<String>,
    block_list: Vec<String>,
}

impl Universe {
    fn new(cfg: &Config) -> Universe {
        // The three extra entries of the allow list (wildcard, email, duplicate) are part of its
        // length; below 8 entries the list is kept clean.
        let messy = cfg.domains >= 8;
        let listed = if messy { cfg.domains - 3 } else { cfg.domains };
        let count = (4 * cfg.domains)
            .max(cfg.guests / 50)
            .max(100)
            .max(listed + 8);
        let orgs: Vec<String> = (0..count).map(|i| org_domain(cfg.seed, i)).collect();

        // Ranks: listed and unlisted organisations merged at random, three listed to one, so
        // listed ones (the partners the admin knew about) crowd the top ranks and hold most
        // organisation guests, but not all of them.
        let mut rng = Rng::for_record(cfg.seed, Kind::Universe, u64::MAX);
        let (mut l, mut u) = (0u32, listed as u32);
        let mut org_by_rank = Vec::with_capacity(orgs.len());
        while org_by_rank.len() < orgs.len() {
            let take_listed = (l as u64) < listed && ((u as u64) >= count || rng.below(4) != 0);
            if take_listed {
                org_by_rank.push(l);
                l += 1;
            } else {
                org_by_rank.push(u);
                u += 1;
            }
        }

        let mut allow_list: Vec<String> = orgs[..listed as usize]
            .iter()
            .enumerate()
            .map(|(p, d)| match p % 500 {
                7 => d.to_uppercase(),
                // A name typed by hand: capital first letter.
                13 => d[..1].to_uppercase() + &d[1..],
                3 => format!("{d}."),
                _ => d.clone(),
            })
            .collect();
        if messy {
            let n = allow_list.len();
            allow_list.insert(n / 3, format!("*.{}", orgs[listed as usize]));
            allow_list.insert(n / 2, format!("jane.doe@{}", orgs[listed as usize + 1]));
            allow_list.push(orgs[0].clone());
        }
        // A short dormant block list: organisations at the far end of the ranks.
        let block_list = orgs[orgs.len() - 3..].to_vec();

        let mut total = 0;
        let consumer_skew = CONSUMER
            .iter()
            .map(|(_, w)| {
                total += w;
                total
            })
            .collect();
        Universe {
            seed: cfg.seed,
            org_skew: Zipf::new(orgs.len() as u64, 10),
            orgs,
            listed: listed as usize,
            org_by_rank,
            consumer_skew,
            allow_list,
            block_list,
        }
    }

    /// A guest's home domain: a consumer provider, an organisation, or now and then a subdomain
    /// of an organisation (`eu.fabrikam.com`), which exact matching does not cover.
    fn draw_home_domain(&self, rng: &mut Rng) -> String {
        if rng.chance(CONSUMER_SHARE) {
            let total = *self.consumer_skew.last().unwrap_or(&1);
            let x = rng.below(total);
            return CONSUMER[self.consumer_skew.partition_point(|&c| c <= x)]
                .0
                .to_string();
        }
        let org = &self.orgs[self.org_by_rank[self.org_skew.draw(rng)] as usize];
        if rng.chance(20) {
            format!("{}.{org}", rng.pick(&["eu", "us", "mail", "apac", "de"]))
        } else {
            org.clone()
        }
    }

    /// A few listed domains for a site allow list; now and then one the tenant list lacks.
    fn draw_site_domains(&self, rng: &mut Rng, n: u64) -> Vec<String> {
        (0..n)
            .map(|_| {
                if rng.chance(100) || self.listed == 0 {
                    self.orgs
                        [self.listed + rng.below((self.orgs.len() - self.listed) as u64) as usize]
                        .clone()
                } else {
                    // Site lists name the big partners: draw by rank among the listed ones.
                    let mut d;
                    loop {
                        d = self.org_by_rank[self.org_skew.draw(rng)] as usize;
                        if d < self.listed {
                            break;
                        }
                    }
                    self.orgs[d].clone()
                }
            })
            .collect()
    }

    /// `Get-SPOTenant | ConvertTo-Json` as PowerShell 7 writes it (two-space indent, enums as
    /// integers, the lists as one space-separated string).
    fn write_tenant(&self, w: &mut impl Write) -> io::Result<()> {
        w.write_all(b"{\n")?;
        let fields: &[(&str, &str)] = &[
            ("SharingCapability", "2"),
            ("OneDriveSharingCapability", "2"),
            ("SharingDomainRestrictionMode", "1"),
            ("EnableAzureADB2BIntegration", "false"),
            ("SyncAadB2BManagementPolicy", "false"),
            ("RequireAcceptingAccountMatchInvitedAccount", "true"),
            ("DefaultSharingLinkType", "1"),
            ("ExternalUserExpirationRequired", "false"),
        ];
        for (k, v) in fields {
            writeln!(w, "  \"{k}\": {v},")?;
        }
        w.write_all(b"  \"SharingAllowedDomainList\": ")?;
        json_str(w, &self.allow_list.join(" "))?;
        w.write_all(b",\n  \"SharingBlockedDomainList\": ")?;
        json_str(w, &self.block_list.join(" "))?;
        write!(
            w,
            ",\n  \"RootSiteUrl\": \"https://{TENANT}.sharepoint.com\",\n  \"ODBAccessRequests\": 0\n}}\n"
        )
    }

    /// Graph `GET /beta/policies/b2bManagementPolicies`: a list page whose one policy holds its
    /// definition as a one-element array of compact JSON, with keys other than the domain lists.
    fn write_entra_policy(&self, w: &mut impl Write) -> io::Result<()> {
        let mut rng = Rng::for_record(self.seed, Kind::Policy, 0);
        // Part of the tenant list, plus a few partners only Entra knew about.
        let mut allowed: Vec<String> = self.orgs[..self.listed.min(40)].to_vec();
        let start = self.listed + 2;
        allowed.extend(
            self.orgs[start..(start + 5).min(self.orgs.len())]
                .iter()
                .cloned(),
        );
        let mut definition = Vec::new();
        definition.extend_from_slice(
            b"{\"B2BManagementPolicy\":{\"InvitationsAllowedAndBlockedDomainsPolicy\":{\"AllowedDomains\":",
        );
        json_str_array(&mut definition, &allowed)?;
        write!(
            definition,
            ",\"BlockedDomains\":[]}},\"AutoRedeemPolicy\":{{\"AdminConsentedForUsersIntoTenantIds\":[],\
             \"NoAADConsentForUsersFromTenantsIds\":[\"{}\"]}},\"PreviewPolicy\":{{\"Features\":[\"OneTimePasscode\"]}}}}}}",
            rng.guid()
        )?;
        let definition = String::from_utf8(definition).map_err(io::Error::other)?;
        write!(
            w,
            "{{\"@odata.context\":\"https://graph.microsoft.com/beta/$metadata#policies/b2bManagementPolicies\",\
             \"value\":[{{\"id\":\"{}\",\"deletedDateTime\":null,\"description\":\"B2BManagementPolicy\",\
             \"displayName\":\"B2BManagementPolicy\",\"definition\":[",
            rng.guid()
        )?;
        json_str(w, &definition)?;
        w.write_all(b"],\"isOrganizationDefault\":true}]}\n")
    }
}

// ---------------------------------------------------------------------------------------------
// Guests and internal users.

/// (display form, ascii form for addresses)
const FIRST: &[(&str, &str)] = &[
    ("Alice", "alice"),
    ("Bob", "bob"),
    ("Carla", "carla"),
    ("David", "david"),
    ("Emma", "emma"),
    ("Farid", "farid"),
    ("Grace", "grace"),
    ("Hiro", "hiro"),
    ("Ines", "ines"),
    ("José", "jose"),
    ("Karin", "karin"),
    ("Liam", "liam"),
    ("Maria", "maria"),
    ("Noah", "noah"),
    ("Olga", "olga"),
    ("Pieter", "pieter"),
    ("Quinn", "quinn"),
    ("Rosa", "rosa"),
    ("Søren", "soren"),
    ("Tariq", "tariq"),
    ("Ursula", "ursula"),
    ("Victor", "victor"),
    ("Wei", "wei"),
    ("Xavier", "xavier"),
    ("Yuki", "yuki"),
    ("Zoë", "zoe"),
    ("Anil", "anil"),
    ("Beatriz", "beatriz"),
    ("Chen", "chen"),
    ("Dmitri", "dmitri"),
    ("Elif", "elif"),
    ("Fatima", "fatima"),
];
const LAST: &[(&str, &str)] = &[
    ("Smith", "smith"),
    ("Müller", "mueller"),
    ("García", "garcia"),
    ("Nguyen", "nguyen"),
    ("Kowalski", "kowalski"),
    ("Rossi", "rossi"),
    ("Jansen", "jansen"),
    ("Tanaka", "tanaka"),
    ("Okafor", "okafor"),
    ("Dubois", "dubois"),
    ("Larsen", "larsen"),
    ("O'Brien", "obrien"),
    ("Silva", "silva"),
    ("Kim", "kim"),
    ("Novak", "novak"),
    ("Patel", "patel"),
    ("Schmidt", "schmidt"),
    ("Ivanova", "ivanova"),
    ("Haddad", "haddad"),
    ("Johansson", "johansson"),
    ("Costa", "costa"),
    ("Weber", "weber"),
    ("Fischer", "fischer"),
    ("Mensah", "mensah"),
    ("Yilmaz", "yilmaz"),
    ("Virtanen", "virtanen"),
    ("Moreau", "moreau"),
    ("Horvat", "horvat"),
    ("Lindqvist", "lindqvist"),
    ("Bianchi", "bianchi"),
    ("Ortega", "ortega"),
    ("Walsh", "walsh"),
];

struct Guest {
    id: Guid,
    display_name: String,
    mail: Option<String>,
    upn: String,
    other_mails: Vec<String>,
    state: Option<&'static str>,
    creation_type: Option<&'static str>,
}

/// Guest `i`, the same wherever it is asked for (guests.json and every group naming it).
fn guest(u: &Universe, i: u64) -> Guest {
    let mut rng = Rng::for_record(u.seed, Kind::Guest, i);
    let id = rng.guid();
    // The name encodes the index (first and last name scrambled by a bijection of 0..names), so
    // every address is unique without bookkeeping.
    let names = (FIRST.len() * LAST.len()) as u64;
    let cell = ((i % names) * 613 + 97) % names;
    let (first, first_ascii) = FIRST[(cell % FIRST.len() as u64) as usize];
    let (last, last_ascii) = LAST[(cell / FIRST.len() as u64) as usize];
    let number = i / names;
    let number = if number == 0 {
        String::new()
    } else {
        number.to_string()
    };
    let domain = u.draw_home_domain(&mut rng);
    // Local parts with `_` make the UPN ambiguous unless split at the last `_` (FACTS §5).
    let local = match rng.below(10) {
        0..=5 => format!("{first_ascii}.{last_ascii}{number}"),
        6 => format!("{first_ascii}_{last_ascii}{number}"),
        7 => format!("{last_ascii}.{first_ascii}{number}"),
        _ => format!("{first_ascii}-{last_ascii}{number}"),
    };
    let address = format!("{local}@{domain}");
    let upn_ext = format!("{local}_{domain}#EXT#@{TENANT}.onmicrosoft.com");
    let display_name = if rng.chance(150) {
        format!("{last}, {first}")
    } else {
        format!("{first} {last}")
    };
    let r = rng.below(1000);
    let (mail, upn, other_mails, creation_type) = if r < 2 {
        // A local-account guest without any address: its home domain cannot be derived.
        let upn = format!("guest{i}@{TENANT}.onmicrosoft.com");
        (None, upn, vec![], Some("LocalAccount"))
    } else if r < 22 {
        // No mail: the domain comes from otherMails.
        (None, upn_ext, vec![address], Some("Invitation"))
    } else if r < 32 {
        // No mail and no otherMails: the domain comes from the UPN.
        (None, upn_ext, vec![], None)
    } else {
        let mail = if rng.chance(60) {
            // As typed by the inviter: Title Case.
            format!(
                "{}{}@{}{}",
                local[..1].to_uppercase(),
                &local[1..],
                domain[..1].to_uppercase(),
                &domain[1..]
            )
        } else {
            address.clone()
        };
        let other = if rng.chance(400) {
            vec![address]
        } else {
            vec![]
        };
        let creation = if rng.chance(30) {
            Some("EmailVerified")
        } else {
            Some("Invitation")
        };
        (Some(mail), upn_ext, other, creation)
    };
    let state = match rng.below(1000) {
        0..=49 => Some("PendingAcceptance"),
        50..=79 => None,
        _ => Some("Accepted"),
    };
    Guest {
        id,
        display_name,
        mail,
        upn,
        other_mails,
        state,
        creation_type,
    }
}

/// Employees: more than the OneDrive sites, since each personal site belongs to one of them.
fn internal_users(cfg: &Config) -> u64 {
    (cfg.guests / 2).max(cfg.sites).max(100)
}

fn user_id(seed: u64, u: u64) -> Guid {
    Rng::for_record(seed, Kind::User, u).guid()
}

fn write_guests(w: &mut impl Write, cfg: &Config, u: &Universe) -> io::Result<()> {
    w.write_all(
        b"{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,mail,\
          userPrincipalName,otherMails,externalUserState,creationType,userType)\",\"value\":[",
    )?;
    for i in 0..cfg.guests {
        let g = guest(u, i);
        if i > 0 {
            w.write_all(b",")?;
        }
        write!(w, "{{\"id\":\"{}\",\"displayName\":", g.id)?;
        json_str(w, &g.display_name)?;
        w.write_all(b",\"mail\":")?;
        json_opt_str(w, g.mail.as_deref())?;
        w.write_all(b",\"userPrincipalName\":")?;
        json_str(w, &g.upn)?;
        w.write_all(b",\"otherMails\":")?;
        json_str_array(w, &g.other_mails)?;
        w.write_all(b",\"externalUserState\":")?;
        json_opt_str(w, g.state)?;
        w.write_all(b",\"creationType\":")?;
        json_opt_str(w, g.creation_type)?;
        w.write_all(b",\"userType\":\"Guest\"}")?;
    }
    w.write_all(b"]}\n")
}

// ---------------------------------------------------------------------------------------------
// Groups and sites.

/// Shared by groups.json and sites.json: which groups exist, which are teams, how many members.
struct Tenant {
    /// Membership rows per group, summing to `cfg.memberships` exactly.
    members: Vec<u32>,
}

impl Tenant {
    fn new(cfg: &Config) -> Tenant {
        let g = cfg.groups;
        if g == 0 {
            return Tenant { members: vec![] };
        }
        // Zipf over a permutation of the groups, so big groups are spread through the file.
        let skew = Zipf::new(g, 50);
        let mut rng = Rng::for_record(cfg.seed, Kind::Group, u64::MAX);
        let step = coprime_stride(g, &mut rng);
        let rank = |i: u64| ((i as u128 * step as u128) % g as u128) as usize;
        let total = skew.total() as u128;
        let mut members: Vec<u32> = (0..g)
            .map(|i| (cfg.memberships as u128 * skew.weight(rank(i)) as u128 / total) as u32)
            .collect();
        let assigned: u64 = members.iter().map(|&m| m as u64).sum();
        // Rounding down left fewer than `g` rows over: one more for the first groups.
        let left = (cfg.memberships - assigned) as usize;
        for m in members.iter_mut().take(left) {
            *m += 1;
        }
        Tenant { members }
    }

    fn group(&self, seed: u64, i: u64) -> Group {
        let mut rng = Rng::for_record(seed, Kind::Group, i);
        let id = rng.guid();
        let team = rng.chance(600);
        let name = format!(
            "{} {} {i}",
            rng.pick(&[
                "Project",
                "Team",
                "Sales",
                "Partner",
                "Engineering",
                "Finance",
                "HR",
                "Legal",
                "Marketing",
                "Ops"
            ]),
            rng.pick(&[
                "Alpha", "Nordic", "Falcon", "Harbor", "Atlas", "Summit", "Orion", "Delta", "Pine",
                "Cobalt"
            ])
        );
        Group {
            id,
            team,
            name,
            rng,
        }
    }
}

struct Group {
    id: Guid,
    team: bool,
    name: String,
    /// Continues the group's own stream, for its members.
    rng: Rng,
}

fn write_groups(w: &mut impl Write, cfg: &Config, u: &Universe, t: &Tenant) -> io::Result<()> {
    let users = internal_users(cfg);
    w.write_all(
        b"{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#groups(id,displayName,\
          resourceProvisioningOptions,members())\",\"value\":[",
    )?;
    for (i, &count) in t.members.iter().enumerate() {
        let mut g = t.group(cfg.seed, i as u64);
        if i > 0 {
            w.write_all(b",")?;
        }
        write!(w, "{{\"id\":\"{}\",\"displayName\":", g.id)?;
        json_str(w, &g.name)?;
        let options = if g.team { "[\"Team\"]" } else { "[]" };
        write!(
            w,
            ",\"groupTypes\":[\"Unified\"],\"resourceProvisioningOptions\":{options},\"members\":["
        )?;
        let count = count as u64;
        // Most groups are internal; partner groups carry a large share of guests.
        let guest_pct = match g.rng.below(100) {
            0..=44 => 0,
            45..=79 => 10,
            80..=94 => 30,
            _ => 70,
        };
        let guests = ((count * guest_pct + 50) / 100).min(cfg.guests);
        let internal = count - guests;
        let rng = &mut g.rng;
        let (u0, us) = (rng.below(users), coprime_stride(users, rng));
        let (g0, gs) = (
            rng.below(cfg.guests.max(1)),
            coprime_stride(cfg.guests, rng),
        );
        for j in 0..count {
            if j > 0 {
                w.write_all(b",")?;
            }
            w.write_all(b"{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"")?;
            if j < internal {
                // Internal users repeat once `internal` exceeds the employees; only in toy configs.
                let n = (u0 + j * us) % users;
                write!(
                    w,
                    "{}\",\"mail\":\"user{n}@{TENANT}.com\",\"userPrincipalName\":\"user{n}@{TENANT}.com\"}}",
                    user_id(cfg.seed, n)
                )?;
            } else {
                let n = (g0 + (j - internal) * gs) % cfg.guests;
                let guest = guest(u, n);
                write!(w, "{}\",\"mail\":", guest.id)?;
                json_opt_str(w, guest.mail.as_deref())?;
                w.write_all(b",\"userPrincipalName\":")?;
                json_str(w, &guest.upn)?;
                w.write_all(b"}")?;
            }
        }
        w.write_all(b"]}")?;
    }
    w.write_all(b"]}\n")
}

/// `Get-SPOSite -Identity` rows piped through `ConvertTo-Json` (PowerShell 7 layout): OneDrive
/// personal sites in the majority, group sites, and classic/communication sites; restriction
/// modes mostly None (as integer or name), a few allow/block lists, some unknown.
fn write_sites(w: &mut impl Write, cfg: &Config, u: &Universe, t: &Tenant) -> io::Result<()> {
    const ZERO_GUID: &str = "00000000-0000-0000-0000-000000000000";
    let mut next_user = 0u64;
    let mut next_group = 0u64;
    w.write_all(b"[")?;
    for s in 0..cfg.sites {
        let mut rng = Rng::for_record(cfg.seed, Kind::Site, s);
        w.write_all(if s == 0 { b"\n  {\n" } else { b",\n  {\n" })?;
        let kind = rng.below(100);
        if kind < 70 {
            let n = next_user;
            next_user += 1;
            write!(
                w,
                "    \"Url\": \"https://{TENANT}-my.sharepoint.com/personal/user{n}_{TENANT}_com\",\n    \
                 \"Template\": \"SPSPERS#10\",\n    \"GroupId\": \"{ZERO_GUID}\",\n    \
                 \"IsTeamsConnected\": false,\n"
            )?;
        } else if kind < 92 && next_group < t.members.len() as u64 {
            let g = t.group(cfg.seed, next_group);
            next_group += 1;
            let slug: String = g.name.split(' ').collect();
            write!(
                w,
                "    \"Url\": \"https://{TENANT}.sharepoint.com/sites/{slug}\",\n    \
                 \"Template\": \"GROUP#0\",\n    \"GroupId\": \"{}\",\n    \
                 \"IsTeamsConnected\": {},\n",
                g.id, g.team
            )?;
        } else {
            let template = if rng.chance(500) {
                "SITEPAGEPUBLISHING#0"
            } else {
                "STS#3"
            };
            write!(
                w,
                "    \"Url\": \"https://{TENANT}.sharepoint.com/sites/site{s}\",\n    \
                 \"Template\": \"{template}\",\n    \"GroupId\": \"{ZERO_GUID}\",\n    \
                 \"IsTeamsConnected\": false,\n"
            )?;
        }
        write!(w, "    \"SharingCapability\": {}", rng.below(3))?;
        let r = rng.below(1000);
        if r < 10 {
            // `Get-SPOSite -Limit All` leaves the fields out: unknown (FACTS §1).
        } else if r < 20 {
            w.write_all(
                b",\n    \"SharingDomainRestrictionMode\": null,\n    \
                  \"SharingAllowedDomainList\": null,\n    \"SharingBlockedDomainList\": null",
            )?;
        } else if r < 35 {
            let block = r >= 30;
            let n = 1 + rng.below(if block { 3 } else { 5 });
            let list = u.draw_site_domains(&mut rng, n);
            // Site-level docs have shown commas; some admins used them.
            let list = list.join(if rng.chance(200) { ", " } else { " " });
            let (mode, allowed, blocked) = if block {
                (2, String::new(), list)
            } else {
                (1, list, String::new())
            };
            write!(w, ",\n    \"SharingDomainRestrictionMode\": {mode}")?;
            w.write_all(b",\n    \"SharingAllowedDomainList\": ")?;
            json_str(w, &allowed)?;
            w.write_all(b",\n    \"SharingBlockedDomainList\": ")?;
            json_str(w, &blocked)?;
        } else {
            let mode = if r < 120 { "\"None\"" } else { "0" };
            let empty = if rng.chance(100) { "null" } else { "\"\"" };
            write!(
                w,
                ",\n    \"SharingDomainRestrictionMode\": {mode},\n    \
                 \"SharingAllowedDomainList\": {empty},\n    \"SharingBlockedDomainList\": {empty}"
            )?;
        }
        w.write_all(b"\n  }")?;
    }
    w.write_all(b"\n]\n")
}
