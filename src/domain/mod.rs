//! The canonical domain: the one form every list entry, guest domain and policy domain is
//! compared in (SPEC §4).
//!
//! Normalisation is a pure function of one raw entry (plus whether it came from a CSV file and
//! which kind of list holds it); the cross-entry checks (duplicates, confusables) work on the
//! results. Nothing here knows about files: callers attach locations.

use serde::Serialize;

use crate::diag::{Code, Severity};

mod confusable;
mod consumer;
mod extract;
mod split;
mod suffix;
mod uts46;

pub use confusable::{confusable_groups, cross_check, group_list, skeleton};
pub use consumer::{CONSUMER_DOMAINS, is_consumer_domain};
pub use split::{Split, split_list};
pub use suffix::MICROSOFT_365_SUFFIXES;
pub use uts46::{to_ascii, to_unicode};

use extract::Form;

/// Which list an entry is in: it decides the severity of `consumer-domain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListRole {
    Allow,
    Block,
    /// Not a list entry (`normalize` input, a guest's home domain).
    Query,
}

/// What the caller knows about where an entry was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryContext {
    pub role: ListRole,
    /// Read from a CSV file: a `?` then means a lossy Windows PowerShell 5.1 export.
    pub from_csv: bool,
}

/// Which part of the suffix list the name's public suffix comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuffixKind {
    Icann,
    Private,
    #[serde(rename = "microsoft-365")]
    Microsoft365,
    Unknown,
}

impl SuffixKind {
    pub const ALL: [SuffixKind; 4] = [
        SuffixKind::Icann,
        SuffixKind::Private,
        SuffixKind::Microsoft365,
        SuffixKind::Unknown,
    ];

    /// The serialised name (`icann`, `private`, `microsoft-365`, `unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            SuffixKind::Icann => "icann",
            SuffixKind::Private => "private",
            SuffixKind::Microsoft365 => "microsoft-365",
            SuffixKind::Unknown => "unknown",
        }
    }
}

/// One finding about one entry, before the caller locates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
}

/// The result of normalising one raw entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The entry as read (one piece of a split list string).
    pub raw: String,
    /// Canonical lower-case ASCII (A-labels); `None` when the entry is rejected.
    pub canonical: Option<String>,
    /// What reports show: the canonical form, `*.` + canonical for a wildcard, else the raw text.
    pub shown: String,
    /// The Unicode (U-label) form, when the name is valid.
    pub unicode: Option<String>,
    /// The registrable domain (public suffix + one label), when there is one.
    pub registrable: Option<String>,
    pub suffix_kind: Option<SuffixKind>,
    pub issues: Vec<Issue>,
}

impl Issue {
    /// An issue at the code's default severity.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Issue {
            code,
            severity: code.default_severity(),
            message: message.into(),
        }
    }

    /// The same issue at another severity (`consumer-domain` is info in a block list).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// The codes that reject an entry: it is never emitted into a policy (SPEC §4).
pub const REJECTING_CODES: &[Code] = &[
    Code::InvalidDomain,
    Code::IpLiteral,
    Code::WildcardEntry,
    Code::PublicSuffix,
    Code::LossyExport,
];

impl Normalized {
    /// The entry has no canonical form and must never be emitted.
    pub fn is_rejected(&self) -> bool {
        self.canonical.is_none()
            || self
                .issues
                .iter()
                .any(|i| REJECTING_CODES.contains(&i.code))
    }

    /// The codes of the entry's issues, in pipeline order, each once.
    pub fn codes(&self) -> Vec<Code> {
        let mut codes = Vec::new();
        for i in &self.issues {
            if !codes.contains(&i.code) {
                codes.push(i.code);
            }
        }
        codes
    }
}

/// Canonical `a.b.c` yields its strict parents `b.c`, then `c` (for subdomain matching).
pub fn parent_domains(canonical: &str) -> impl Iterator<Item = &str> {
    canonical
        .match_indices('.')
        .map(move |(i, _)| &canonical[i + 1..])
}

/// Quotes text for a message: clipped to a readable length, control characters escaped, so a
/// hostile or broken entry cannot garble a report.
pub fn quoted(s: &str) -> String {
    const MAX: usize = 80;
    let mut out = String::from("'");
    for (n, c) in s.chars().enumerate() {
        if n == MAX {
            out.push('…');
            break;
        }
        if c.is_control() || c == '\u{FEFF}' || c == '\u{200B}' {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// What the name checks (steps 6-9a) found out about one host name.
struct NameOutcome {
    /// `None` when a rejecting issue was raised.
    canonical: Option<String>,
    /// The ASCII form of a name rejected only for what it is (a public suffix): what reports
    /// show for it.
    shown: Option<String>,
    unicode: Option<String>,
    registrable: Option<String>,
    suffix_kind: Option<SuffixKind>,
}

impl NameOutcome {
    fn rejected(suffix_kind: Option<SuffixKind>) -> Self {
        NameOutcome {
            canonical: None,
            shown: None,
            unicode: None,
            registrable: None,
            suffix_kind,
        }
    }
}

/// Steps 6 to 9a for a host name that has already been cut out of its entry.
fn check_name(host: &str, ctx: EntryContext, issues: &mut Vec<Issue>) -> NameOutcome {
    // Windows PowerShell 5.1's Export-Csv defaults to ASCII and writes '?' for every letter it
    // cannot encode ("müller.de" becomes "m?ller.de"). Only CSV input gets this diagnosis; a '?'
    // elsewhere is an ordinary invalid character.
    if ctx.from_csv && host.contains('?') {
        issues.push(Issue::new(
            Code::LossyExport,
            format!(
                "{} has '?' where Windows PowerShell 5.1's Export-Csv wrote a non-ASCII letter it \
                 could not encode; the real domain is lost: export again with -Encoding UTF8",
                quoted(host)
            ),
        ));
        return NameOutcome::rejected(None);
    }

    let ascii = match to_ascii(host) {
        Ok(a) => a,
        Err(reason) => {
            issues.push(Issue::new(
                Code::InvalidDomain,
                format!("{} is not a valid domain name: {reason}", quoted(host)),
            ));
            return NameOutcome::rejected(None);
        }
    };
    // UTS #46 maps fullwidth digits and dots, so an IP address can appear only now.
    if let Some(kind) = extract::ip_literal(&ascii) {
        issues.push(ip_issue(host, kind));
        return NameOutcome::rejected(None);
    }
    if let Some(tld) = ascii
        .rsplit('.')
        .next()
        .filter(|l| l.bytes().all(|b| b.is_ascii_digit()))
    {
        issues.push(Issue::new(
            Code::InvalidDomain,
            format!(
                "{} is not a valid domain name: its last label '{tld}' is numeric, and no \
                 top-level domain is",
                quoted(host)
            ),
        ));
        return NameOutcome::rejected(None);
    }

    let unicode = to_unicode(&ascii);
    let info = suffix::classify(&ascii);
    if info.is_public_suffix() {
        let why = match info.kind {
            SuffixKind::Microsoft365 => {
                "is a Microsoft 365 host suffix under which every tenant gets a name; list a \
                 tenant's own domain such as contoso.onmicrosoft.com instead"
            }
            SuffixKind::Private => {
                "is a public suffix where anyone can register a name (private section of the \
                 Public Suffix List); list the organisations' own names instead"
            }
            _ => {
                "is a public suffix (ICANN section of the Public Suffix List); list the \
                 organisations' own domains instead"
            }
        };
        issues.push(Issue::new(
            Code::PublicSuffix,
            format!("'{ascii}' names no organisation: it {why}"),
        ));
        return NameOutcome {
            shown: Some(ascii),
            ..NameOutcome::rejected(Some(info.kind))
        };
    }
    match info.kind {
        SuffixKind::Private => issues.push(Issue::new(
            Code::SharedHostingDomain,
            format!(
                "'{ascii}' sits below '{}', a suffix where anyone can register a name (private \
                 section of the Public Suffix List): the domain proves little about who a guest is",
                info.suffix
            ),
        )),
        SuffixKind::Unknown if info.registrable.is_none() => issues.push(Issue::new(
            Code::UnknownSuffix,
            format!(
                "'{ascii}' is a single label with no top-level domain: likely an internal host \
                 name, which no guest address can have"
            ),
        )),
        SuffixKind::Unknown => issues.push(Issue::new(
            Code::UnknownSuffix,
            format!(
                "the top-level domain '.{}' of '{ascii}' is not in the Public Suffix List: \
                 likely a typo or an internal name",
                info.suffix
            ),
        )),
        SuffixKind::Icann | SuffixKind::Microsoft365 => {}
    }

    if is_consumer_domain(&ascii) {
        let issue = match ctx.role {
            ListRole::Block => Issue::new(
                Code::ConsumerDomain,
                format!(
                    "'{ascii}' is a consumer mail provider; blocking it is a common, deliberate \
                     choice"
                ),
            )
            .with_severity(Severity::Info),
            ListRole::Allow => Issue::new(
                Code::ConsumerDomain,
                format!(
                    "'{ascii}' is a consumer mail provider: allowing it admits anyone who opens a \
                     free mailbox there"
                ),
            )
            .with_severity(Severity::Warning),
            ListRole::Query => Issue::new(
                Code::ConsumerDomain,
                format!("'{ascii}' is a consumer mail provider: anyone can open a mailbox there"),
            )
            .with_severity(Severity::Warning),
        };
        issues.push(issue);
    }

    if let Some((label, scripts)) = confusable::mixed_script_label(&unicode) {
        let looks_like: String = unicode_security::skeleton(&label).collect();
        let hint = if looks_like.is_ascii() && looks_like != label {
            format!(" and reads like '{looks_like}'")
        } else {
            String::new()
        };
        issues.push(Issue::new(
            Code::MixedScript,
            format!(
                "label '{label}' of '{unicode}' ({ascii}) mixes scripts ({}){hint}: the usual sign \
                 of a look-alike domain",
                scripts.join(", ")
            ),
        ));
    }

    NameOutcome {
        canonical: Some(ascii),
        shown: None,
        unicode: Some(unicode),
        registrable: info.registrable,
        suffix_kind: Some(info.kind),
    }
}

fn ip_issue(host: &str, kind: &str) -> Issue {
    Issue::new(
        Code::IpLiteral,
        format!(
            "{} is an {kind}, not a domain name: guests are matched by the domain of their email \
             address, which an IP address never is",
            quoted(host)
        ),
    )
}

/// Default-ignorable code points (Unicode `Default_Ignorable_Code_Point`) as ranges, with a
/// name for the ones pasted most often.
const DEFAULT_IGNORABLE: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
];

fn ignorable_name(c: char) -> &'static str {
    match c {
        '\u{00AD}' => " SOFT HYPHEN",
        '\u{034F}' => " COMBINING GRAPHEME JOINER",
        '\u{200B}' => " ZERO WIDTH SPACE",
        '\u{2060}' => " WORD JOINER",
        '\u{FEFF}' => " ZERO WIDTH NO-BREAK SPACE (BOM)",
        '\u{FE00}'..='\u{FE0F}' => " VARIATION SELECTOR",
        _ => "",
    }
}

/// Step 7b: the first default-ignorable code point of `text` that UTS #46 deletes without a
/// trace (`contoso.com` U+200B `fabrikam.com` was two domains). Others (joiners, bidi marks)
/// make the name invalid or are checked by CheckJoiners, and are reported there.
fn invisible_character(text: &str) -> Option<Issue> {
    if text.is_ascii() {
        return None;
    }
    for (i, c) in text.chars().enumerate() {
        let u = c as u32;
        if !DEFAULT_IGNORABLE
            .iter()
            .any(|&(lo, hi)| (lo..=hi).contains(&u))
        {
            continue;
        }
        // Deleted: the name reads the same with and without it.
        if to_ascii(&format!("a{c}b.com")).as_deref() != Ok("ab.com") {
            continue;
        }
        return Some(Issue::new(
            Code::InvisibleCharacter,
            format!(
                "{} holds the invisible U+{u:04X}{} at character {}: IDNA deletes it without a \
                 trace, so the entry is not what it looks like (two domains pasted together?)",
                quoted(text),
                ignorable_name(c),
                i + 1
            ),
        ));
    }
    None
}

/// Normalises ONE list entry (no splitting: see [`split_list`]) through steps 2 to 9a of SPEC §4.
///
/// The result is never a panic: any text gives a [`Normalized`], rejected (no canonical form)
/// with an issue naming the reason when the text cannot be a domain. Changes of case and IDNA
/// mapping (`Bücher.DE` -> `xn--bcher-kva.de`) are silent. Normalising a canonical form gives the
/// same canonical form.
pub fn normalize_entry(raw: &str, ctx: EntryContext) -> Normalized {
    let text = extract::trim_entry(raw);
    let mut n = Normalized {
        raw: raw.to_owned(),
        canonical: None,
        shown: text.to_owned(),
        unicode: None,
        registrable: None,
        suffix_kind: None,
        issues: Vec::new(),
    };
    if text.is_empty() {
        n.issues
            .push(Issue::new(Code::InvalidDomain, "the entry is empty"));
        return n;
    }

    // Step 7b, on the entry as written so the position is the admin's.
    if let Some(issue) = invisible_character(text) {
        n.issues.push(issue);
    }

    let (mut host, form) = extract::extract(text);
    // A guest's user principal name (`alice_adatum.com#EXT#@contoso.onmicrosoft.com`) names
    // the guest's home domain before `#EXT#`, not the host tenant after the `@` (SPEC §4).
    let home = (form == Form::Email)
        .then(|| crate::model::ext_upn_address(text))
        .flatten();
    if let Some(address) = &home
        && let Some((_, domain)) = address.rsplit_once('@')
    {
        n.issues.push(Issue::new(
            Code::EmailAsDomain,
            format!(
                "{} is a guest's user principal name; only its home domain {} (before #EXT#) is \
                 kept",
                quoted(text),
                quoted(domain)
            ),
        ));
        host = domain;
    }
    match form {
        _ if home.is_some() => {}
        Form::Email => n.issues.push(Issue::new(
            Code::EmailAsDomain,
            format!(
                "{} is an email address; only its domain {} is kept, so the whole domain is \
                 affected, not one person",
                quoted(text),
                quoted(host)
            ),
        )),
        Form::Url => n.issues.push(Issue::new(
            Code::UrlAsDomain,
            format!(
                "{} is a URL; only its host {} is kept",
                quoted(text),
                quoted(host)
            ),
        )),
        Form::Plain => {}
    }
    if host.is_empty() {
        let why = match form {
            Form::Email => "the email address has nothing after '@'",
            Form::Url => "the URL has no host",
            Form::Plain => "nothing is left after removing '@' or 'mailto:'",
        };
        n.issues.push(Issue::new(
            Code::InvalidDomain,
            format!("{} is not a valid domain name: {why}", quoted(text)),
        ));
        return n;
    }

    // Step 3. UTS #46 also treats the ideographic and fullwidth full stops as dots.
    if let Some(stripped) = host.strip_suffix(uts46::LABEL_SEPARATORS)
        && !stripped.is_empty()
    {
        n.issues.push(Issue::new(
            Code::TrailingDot,
            format!(
                "{} ends with a dot (a fully qualified DNS name); the dot was dropped",
                quoted(host)
            ),
        ));
        host = stripped;
    }

    // Step 4.
    if let Some(kind) = extract::ip_literal(host) {
        n.issues.push(ip_issue(host, kind));
        return n;
    }

    // Step 5. `*.contoso.com` is normalised as `contoso.com` so that reports can show it in
    // canonical form, but it is never given a canonical form of its own.
    if host.contains('*') {
        let rest = host.strip_prefix("*.").filter(|r| !r.contains('*'));
        let mut rest_issues = Vec::new();
        let outcome = rest.map(|r| check_name(r, ctx, &mut rest_issues));
        let message = match (rest, outcome.as_ref().and_then(|o| o.canonical.as_deref())) {
            (Some(_), Some(c)) => format!(
                "{} is a wildcard: SharePoint does not support wildcards and Entra does not \
                 document them; list '{c}' and each subdomain you mean explicitly",
                quoted(host)
            ),
            _ => format!(
                "{} contains a wildcard '*': SharePoint does not support wildcards and Entra \
                 does not document them; list each domain explicitly",
                quoted(host)
            ),
        };
        n.issues.push(Issue::new(Code::WildcardEntry, message));
        n.issues.extend(rest_issues);
        if let Some(o) = outcome {
            n.suffix_kind = o.suffix_kind;
            if let Some(c) = o.canonical {
                n.shown = format!("*.{c}");
            } else {
                n.shown = host.to_owned();
            }
        } else {
            n.shown = host.to_owned();
        }
        return n;
    }

    let outcome = check_name(host, ctx, &mut n.issues);
    n.suffix_kind = outcome.suffix_kind;
    if let Some(shown) = outcome.shown {
        n.shown = shown;
    }
    if let Some(c) = outcome.canonical {
        n.shown = c.clone();
        n.canonical = Some(c);
        n.unicode = outcome.unicode;
        n.registrable = outcome.registrable;
    }
    n
}

#[cfg(test)]
mod tests;
