//! `spo2b2b.toml`: severity overrides and reasoned waivers for CI (SPEC §6 "Waivers for CI").
//!
//! The file is validated as a whole, collecting every problem instead of stopping at the first
//! (as cargo-deny does), so one run shows an admin everything to fix. A waiver keeps its finding
//! in the report, marked with its reason; a waiver that matches nothing becomes `unused-waiver`.

use std::collections::BTreeMap;

use globset::{Glob, GlobMatcher};
use serde::Deserialize;

use crate::diag::{Code, Finding, Level, Location, Place, SeverityOverrides};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    severity: BTreeMap<String, String>,
    #[serde(default)]
    waive: Vec<RawWaiver>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    code: Option<String>,
    subject: Option<String>,
    reason: Option<String>,
}

/// One waiver: findings of `code` whose subject matches `subject` are waived for `reason`.
#[derive(Debug, Clone)]
pub struct Waiver {
    pub code: Code,
    pub subject: String,
    matcher: GlobMatcher,
    pub reason: String,
    pub location: Location,
}

/// A validated configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub overrides: Vec<(Code, Level)>,
    pub waivers: Vec<Waiver>,
}

/// Every problem of a configuration file, each located.
#[derive(Debug, thiserror::Error)]
#[error("{}", .problems.join("\n"))]
pub struct ConfigError {
    pub problems: Vec<String>,
}

fn level(s: &str) -> Option<Level> {
    match s {
        "allow" => Some(Level::Allow),
        "warn" => Some(Level::Warn),
        "deny" => Some(Level::Deny),
        _ => None,
    }
}

impl Config {
    /// Parses and validates `text`, read from the file named `file`.
    pub fn parse(file: &str, text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError {
            problems: vec![format!("{file}: {}", e.to_string().trim_end())],
        })?;
        let mut problems = Vec::new();
        let mut config = Config::default();
        for (name, value) in &raw.severity {
            let code = name.parse::<Code>();
            let lvl = level(value);
            match (code, lvl) {
                (Ok(c), Some(l)) => config.overrides.push((c, l)),
                (Err(e), _) => problems.push(format!("{file}: [severity] {e}")),
                (_, None) => problems.push(format!(
                    "{file}: [severity] {name} = \"{value}\": expected \"allow\", \"warn\" or \"deny\""
                )),
            }
        }
        for (i, w) in raw.waive.iter().enumerate() {
            let at = format!("[[waive]] #{}", i + 1);
            let mut missing = |field: &str, v: &Option<String>| {
                if v.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    problems.push(format!("{file}: {at}: `{field}` is required"));
                    false
                } else {
                    true
                }
            };
            let ok = [
                missing("code", &w.code),
                missing("subject", &w.subject),
                missing("reason", &w.reason),
            ];
            if ok.contains(&false) {
                continue;
            }
            let (code, subject, reason) = (
                w.code.clone().unwrap_or_default(),
                w.subject.clone().unwrap_or_default(),
                w.reason.clone().unwrap_or_default(),
            );
            let code = match code.parse::<Code>() {
                Ok(c) => c,
                Err(e) => {
                    problems.push(format!("{file}: {at}: {e}"));
                    continue;
                }
            };
            let matcher = match Glob::new(&subject) {
                Ok(g) => g.compile_matcher(),
                Err(e) => {
                    problems.push(format!("{file}: {at}: bad subject glob: {e}"));
                    continue;
                }
            };
            config.waivers.push(Waiver {
                code,
                subject,
                matcher,
                reason,
                location: Location::new(file, Place::Config(at)),
            });
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigError { problems })
        }
    }

    /// Severity overrides of the file, to be applied before command-line flags.
    pub fn apply_overrides(&self, overrides: &mut SeverityOverrides) {
        for &(c, l) in &self.overrides {
            overrides.set(c, l);
        }
    }

    /// Marks waived findings and appends `unused-waiver` for waivers that matched nothing.
    pub fn waive(&self, findings: &mut Vec<Finding>) {
        let mut used = vec![false; self.waivers.len()];
        for f in findings.iter_mut() {
            if let Some((i, w)) = self
                .waivers
                .iter()
                .enumerate()
                .find(|(_, w)| w.code == f.code && w.matcher.is_match(&f.subject))
            {
                f.waived = Some(w.reason.clone());
                used[i] = true;
            }
        }
        for (w, used) in self.waivers.iter().zip(used) {
            if !used {
                findings.push(
                    Finding::new(
                        Code::UnusedWaiver,
                        w.subject.clone(),
                        format!(
                            "the waiver for `{}` on `{}` matched no finding",
                            w.code, w.subject
                        ),
                    )
                    .at(w.location.clone()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_config_waives_by_glob_and_reports_unused() {
        let c = Config::parse(
            "spo2b2b.toml",
            r#"
[severity]
dormant-list = "deny"
[[waive]]
code = "site-settings-unknown"
subject = "https://*-my.sharepoint.com/personal/*"
reason = "OneDrive exports lack settings"
[[waive]]
code = "consumer-domain"
subject = "gmail.com"
reason = "agreed with security"
"#,
        )
        .unwrap();
        assert_eq!(c.overrides, vec![(Code::DormantList, Level::Deny)]);
        let mut f = vec![Finding::new(
            Code::SiteSettingsUnknown,
            "https://contoso-my.sharepoint.com/personal/alice_contoso_com",
            "m",
        )];
        c.waive(&mut f);
        assert_eq!(
            f[0].waived.as_deref(),
            Some("OneDrive exports lack settings")
        );
        assert_eq!(f.len(), 2);
        assert_eq!(f[1].code, Code::UnusedWaiver);
        assert_eq!(f[1].locations[0].to_string(), "spo2b2b.toml: [[waive]] #2");
    }

    #[test]
    fn every_problem_is_collected_and_located() {
        let e = Config::parse(
            "x.toml",
            r#"
[severity]
no-such = "deny"
dormant-list = "loud"
[[waive]]
code = "dormant-list"
subject = "a"
[[waive]]
code = "dormant-list"
subject = "[a"
reason = "r"
"#,
        )
        .unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("x.toml: [severity] unknown finding code `no-such`"),
            "{text}"
        );
        assert!(text.contains("dormant-list = \"loud\""), "{text}");
        assert!(
            text.contains("[[waive]] #1: `reason` is required"),
            "{text}"
        );
        assert!(text.contains("[[waive]] #2: bad subject glob"), "{text}");
    }

    #[test]
    fn syntax_errors_are_located() {
        let e = Config::parse("x.toml", "[severity\n").unwrap_err();
        assert!(e.to_string().starts_with("x.toml: "), "{e}");
        assert!(e.to_string().contains("line 1"), "{e}");
    }
}
