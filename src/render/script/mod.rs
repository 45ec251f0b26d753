//! The two PowerShell scripts: `export-script` collects a bundle `plan` reads (FACTS §6);
//! `--out-script` applies a proposal like production change tooling (SPEC §7).
//!
//! Input text reaches a script in one way only: as the body of a single-quoted here-string
//! that is one line of printable ASCII JSON ([`ascii_json`]). PowerShell expands nothing in a
//! single-quoted here-string and ends it only at a line that starts with `'@` (or a typographic
//! single quote followed by `@`), so a one-line body can never end it or run code. Source of the
//! quoting rules: MicrosoftDocs/PowerShell-Docs
//! reference/5.1/Microsoft.PowerShell.Core/About/about_Quoting_Rules.md.

mod apply;
mod export;

pub use apply::{ApplyInput, apply};
pub use export::export;

/// Compact JSON of `value` with every non-ASCII character written as a `\uXXXX` escape (UTF-16,
/// surrogate pairs above the BMP) and DEL escaped too: the same JSON value, as one line of
/// printable ASCII. JSON strings already escape quotes, backslashes and control characters.
pub fn ascii_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serialising plain JSON values and strings cannot fail.
    let compact = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    let mut out = String::with_capacity(compact.len());
    for c in compact.chars() {
        if c.is_ascii() && c != '\u{7f}' {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

/// A single-quoted here-string holding `body` (one line of ASCII JSON), assigned to `$name`.
fn here_string(name: &str, body: &str) -> String {
    debug_assert!(body.bytes().all(|b| (0x20..0x7f).contains(&b)));
    format!("${name} = @'\n{body}\n'@\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_json_is_the_same_value_in_printable_ascii() {
        let v = serde_json::json!({"k\u{2019}@": "a'@\n\u{2028}\u{85}\u{7f}\u{1F600}\"x"});
        let s = ascii_json(&v);
        assert!(s.bytes().all(|b| (0x20..0x7f).contains(&b)), "{s}");
        assert!(s.contains("\\u2019") && s.contains("\\ud83d\\ude00") && s.contains("\\u007f"));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}

#[cfg(test)]
mod props {
    use proptest::prelude::*;
    use serde_json::{Map, Value, json};

    use super::*;
    use crate::options::SpoAfter;
    use crate::plan::PolicyMode;

    /// Strings built from the pieces that end or escape PowerShell strings, plus any character.
    fn hostile() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("'@".to_string()),
            Just("\"@".to_string()),
            Just("@'".to_string()),
            Just("\n".to_string()),
            Just("\r".to_string()),
            Just("\u{2018}@".to_string()),
            Just("\u{2019}".to_string()),
            Just("\u{201a}\u{201b}".to_string()),
            Just("\u{2028}\u{2029}\u{85}".to_string()),
            Just("$(x)".to_string()),
            Just("`".to_string()),
            Just("#>".to_string()),
            any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn no_input_ends_a_here_string(
            key in hostile(),
            value in hostile(),
            id in hostile(),
            sites in prop::collection::vec(hostile(), 0..4),
        ) {
            let mut def = Map::new();
            def.insert(key.clone(), json!({"v": value.clone()}));
            let input = ApplyInput {
                proposed: &def,
                mode: PolicyMode::Allow,
                domains: 0,
                chars: 0,
                planned_against: Some(&def),
                planned_policy_id: Some(&id),
                unwaived_errors: Vec::new(),
                spo_after: SpoAfter::Clear,
                clear_sites: sites.iter().map(String::as_str).collect(),
            };
            let script = apply(&input);
            // The three here-strings are the only ones; each body is one printable ASCII line.
            let lines: Vec<&str> = script.split('\n').collect();
            let mut bodies = Vec::new();
            for (i, l) in lines.iter().enumerate() {
                if l.ends_with("= @'") {
                    prop_assert!(lines[i + 2] == "'@");
                    bodies.push(lines[i + 1]);
                }
            }
            prop_assert_eq!(bodies.len(), 3);
            for b in &bodies {
                prop_assert!(b.bytes().all(|c| (0x20..0x7f).contains(&c)), "{}", b);
            }
            let terminators = lines
                .iter()
                .filter(|l| {
                    let mut c = l.chars();
                    matches!(c.next(), Some('\'' | '\u{2018}'..='\u{201b}')) && c.next() == Some('@')
                })
                .count();
            prop_assert_eq!(terminators, 3);
            prop_assert!(!script.contains('\r'));
            // The values survive as JSON.
            let back: Value = serde_json::from_str(bodies[0]).unwrap();
            prop_assert_eq!(&back[&key]["v"], &Value::String(value));
            let facts: Value = serde_json::from_str(bodies[2]).unwrap();
            prop_assert_eq!(&facts["plannedPolicyId"], &Value::String(id));
            prop_assert_eq!(facts["clearSites"].as_array().unwrap().len(), sites.len());
        }
    }
}
