//! Issue 12 item 2 (SPEC §2, §8): text from the inputs cannot steer the output. Hostile text in
//! every input field (group names, site URLs, raw list entries, guest addresses, file names)
//! reaches the terminal with its control characters escaped, and the Markdown of `plan` and
//! `diff`, rendered as GitHub renders it (CommonMark + GFM, here with comrak), keeps its
//! structure: no heading, image, link, HTML, mention or table row comes from the input, and no
//! code fence ends early.

mod common;
use common::cmd;

use std::fs;
use std::path::Path;
use std::process::Output;

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, parse_document};

/// Everything an attacker could try in one string: a CR/LF heading, an image, a link, HTML, a
/// mention, a backtick run, a table cell end, terminal escapes (title, clear screen, C1 CSI), a
/// bidi override, line separators, autolinks and emphasis.
const HOSTILE: &str = "x\r# Pwned\n```\n## Out of the fence\n![i](https://evil.example/i.png) [l](https://evil.example) \
    <img src=x onerror=alert(1)> @octocat ```` ~~~ | y | z |\u{1b}]0;title\u{7}\u{1b}[2J\u{9b}31m \
    \u{202e}www.evil.example https://evil.example/a a@b.example *e* _u_ \\ &#64;team\u{2028}1. ";

/// A short hostile token without spaces (list entries split at spaces).
const TOKEN: &str = "e\r#vil|`<b>@x\u{1b}[31m";

/// The hostile bundle folder's own name (it is in every location and input line).
const DIR: &str = "b|`<i>@ü\r#";

fn write_bundle(root: &Path) {
    let dir = root.join(DIR);
    fs::create_dir(&dir).unwrap();
    let s = |v: &str| serde_json::to_string(v).unwrap();
    fs::write(
        dir.join("tenant.json"),
        format!(
            r#"{{"SharingDomainRestrictionMode":"AllowList","SharingAllowedDomainList":{},"SharingBlockedDomainList":"","EnableAzureADB2BIntegration":false}}"#,
            s(&format!("fabrikam.com {TOKEN} {HOSTILE}"))
        ),
    )
    .unwrap();
    fs::write(
        dir.join("sites.json"),
        format!(
            r#"[{{"Url":{},"SharingDomainRestrictionMode":null}},{{"Url":"https://contoso.sharepoint.com/sites/a","SharingDomainRestrictionMode":"AllowList","SharingAllowedDomainList":{}}}]"#,
            s(&format!("https://contoso.sharepoint.com/sites/{HOSTILE}")),
            s(&format!("litware.com {TOKEN}"))
        ),
    )
    .unwrap();
    fs::write(
        dir.join("guests.json"),
        format!(
            r#"{{"value":[{{"id":"g1","displayName":{h},"mail":"ana@litware.com","userPrincipalName":"ana_litware.com#EXT#@contoso.onmicrosoft.com","otherMails":[],"externalUserState":"Accepted","userType":"Guest"}},{{"id":"g2","displayName":{h},"mail":{m},"userPrincipalName":{m},"otherMails":[{h}],"externalUserState":"PendingAcceptance","userType":"Guest"}}]}}"#,
            h = s(HOSTILE),
            m = s(&format!("{TOKEN}@{TOKEN}"))
        ),
    )
    .unwrap();
    fs::write(
        dir.join("groups.json"),
        format!(
            r#"{{"value":[{{"id":"t1","displayName":{},"resourceProvisioningOptions":["Team"],"members":[{{"id":"g1"}},{{"id":"g2"}}]}}]}}"#,
            s(HOSTILE)
        ),
    )
    .unwrap();
}

fn run(root: &Path, args: &[&str]) -> Output {
    let o = cmd().current_dir(root).args(args).output().unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// No control character, bidi control or line separator reaches the terminal.
fn assert_terminal_safe(what: &str, out: &[u8]) {
    let text = String::from_utf8(out.to_vec()).unwrap();
    let bad: Vec<(usize, char)> = text
        .char_indices()
        .filter(|&(_, c)| {
            (c.is_control() && c != '\n')
                || matches!(
                    c,
                    '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
                )
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect();
    assert!(bad.is_empty(), "{what}: raw controls at {bad:?}\n{text}");
    assert!(
        text.contains("\\u{1b}"),
        "{what}: the hostile text is shown, escaped\n{text}"
    );
}

fn gfm() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.strikethrough = true;
    o.extension.tasklist = true;
    o
}

/// What the rendered Markdown holds that hostile text could have added.
#[derive(Debug, Default)]
struct Structure {
    headings: Vec<String>,
    links: usize,
    images: usize,
    /// HTML we did not write (`<details>`, `<summary>`, `<br>` are ours).
    foreign_html: Vec<String>,
    table_rows: usize,
    code_blocks: Vec<(String, String)>,
    /// Text with `@` directly before a letter or digit (a mention or an e-mail autolink).
    mentions: Vec<String>,
}

fn text_of<'a>(node: &'a AstNode<'a>) -> String {
    node.descendants()
        .filter_map(|n| match &n.data.borrow().value {
            NodeValue::Text(t) => Some(t.to_string()),
            NodeValue::Code(c) => Some(c.literal.clone()),
            _ => None,
        })
        .collect()
}

fn structure(md: &str) -> Structure {
    let arena = Arena::new();
    let root = parse_document(&arena, md, &gfm());
    let mut s = Structure::default();
    for node in root.descendants() {
        match &node.data.borrow().value {
            NodeValue::Heading(_) => s.headings.push(text_of(node)),
            NodeValue::Link(_) => s.links += 1,
            NodeValue::Image(_) => s.images += 1,
            NodeValue::HtmlInline(h) if h != "<br>" => s.foreign_html.push(h.clone()),
            NodeValue::HtmlBlock(b)
                if !(b.literal.starts_with("<details><summary>")
                    || b.literal.trim_end() == "</details>") =>
            {
                s.foreign_html.push(b.literal.clone())
            }
            NodeValue::TableRow(_) => s.table_rows += 1,
            NodeValue::CodeBlock(c) => s.code_blocks.push((c.info.clone(), c.literal.clone())),
            NodeValue::Text(t) => {
                let t: &str = t;
                let chars: Vec<char> = t.chars().collect();
                if chars
                    .windows(2)
                    .any(|w| w[0] == '@' && w[1].is_alphanumeric())
                {
                    s.mentions.push(t.to_string());
                }
            }
            _ => {}
        }
    }
    s
}

/// Lines that open a table row as written (one per row when no input split a row).
fn row_lines(md: &str) -> usize {
    md.split('\n').filter(|l| l.starts_with("| ")).count()
}

fn assert_markdown_intact(what: &str, md: &str, headings: &[&str], code_infos: &[&str]) {
    let s = structure(md);
    assert_eq!(s.headings, headings, "{what}: headings\n{md}");
    assert_eq!(s.links, 0, "{what}: links\n{md}");
    assert_eq!(s.images, 0, "{what}: images\n{md}");
    assert!(
        s.foreign_html.is_empty(),
        "{what}: html {:?}\n{md}",
        s.foreign_html
    );
    assert!(
        s.mentions.is_empty(),
        "{what}: mentions {:?}\n{md}",
        s.mentions
    );
    assert_eq!(s.table_rows, row_lines(md), "{what}: table rows\n{md}");
    let infos: Vec<&str> = s.code_blocks.iter().map(|(i, _)| i.as_str()).collect();
    assert_eq!(infos, code_infos, "{what}: code blocks\n{md}");
}

#[test]
fn plan_markdown_keeps_its_structure_under_hostile_input() {
    let root = tempfile::tempdir().unwrap();
    write_bundle(root.path());
    let o = run(root.path(), &["plan", DIR, "--format", "markdown"]);
    let md = String::from_utf8(o.stdout).unwrap();
    // The hostile text is there (escaped), in the group, guest, site, entry and file names.
    assert!(md.contains("octocat"), "{md}");
    assert!(md.contains("Pwned"), "{md}");
    assert_markdown_intact(
        "plan",
        &md,
        &["❌ spo2b2b plan", "Errors"],
        &["mermaid", "json"],
    );
    // The same document goes to --out-markdown.
    let o = run(
        root.path(),
        &["plan", DIR, "--out-markdown", "out.md", "--format", "json"],
    );
    assert!(!o.stdout.is_empty());
    assert_eq!(fs::read_to_string(root.path().join("out.md")).unwrap(), md);
}

#[test]
fn plan_table_shows_control_characters_escaped() {
    let root = tempfile::tempdir().unwrap();
    write_bundle(root.path());
    let o = run(root.path(), &["plan", DIR]);
    assert_terminal_safe("plan table", &o.stdout);
    let site = format!("https://contoso.sharepoint.com/sites/{HOSTILE}");
    let o = run(
        root.path(),
        &["why", "ana@litware.com", DIR, "--site", &site],
    );
    assert_terminal_safe("why table", &o.stdout);
    // Input text on a line of its own (the site, a finding naming the group) starts no line.
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("octocat"), "{text}");
    assert!(
        !text.lines().any(|l| l.starts_with("## Out of the fence")),
        "{text}"
    );
    let o = run(root.path(), &["normalize", HOSTILE, TOKEN]);
    assert_terminal_safe("normalize table", &o.stdout);
}

/// A policy on each side and a guests/groups bundle whose group name is hostile.
fn write_diff_inputs(root: &Path) {
    write_bundle(root);
    fs::write(
        root.join("before.json"),
        r#"{"Definition":["{\"B2BManagementPolicy\":{\"InvitationsAllowedAndBlockedDomainsPolicy\":{\"AllowedDomains\":[\"litware.com\",\"fabrikam.com\"]}}}"]}"#,
    )
    .unwrap();
    fs::write(
        root.join("after.json"),
        r#"{"Definition":["{\"B2BManagementPolicy\":{\"InvitationsAllowedAndBlockedDomainsPolicy\":{\"AllowedDomains\":[\"fabrikam.com\",\"xn--bcher-kva.de\"]}}}"]}"#,
    )
    .unwrap();
}

#[test]
fn diff_markdown_keeps_its_fence_under_a_hostile_group_name() {
    let root = tempfile::tempdir().unwrap();
    write_diff_inputs(root.path());
    let o = run(
        root.path(),
        &[
            "diff",
            "before.json",
            "after.json",
            DIR,
            "--format",
            "markdown",
        ],
    );
    let md = String::from_utf8(o.stdout).unwrap();
    assert_markdown_intact(
        "diff",
        &md,
        &["spo2b2b diff: 1 added, 1 removed, mode unchanged"],
        &["diff"],
    );
    let s = structure(&md);
    let block = &s.code_blocks[0].1;
    // Both changed domains are inside the one block, each on its own line.
    assert_eq!(
        block.lines().filter(|l| l.starts_with(['+', '-'])).count(),
        2,
        "{md}"
    );
    assert!(block.contains("octocat"), "{md}");
    let o = run(root.path(), &["diff", "before.json", "after.json", DIR]);
    assert_terminal_safe("diff table", &o.stdout);
}

#[test]
fn error_messages_on_stderr_show_control_characters_escaped() {
    let site = format!("https://contoso.sharepoint.com/sites/nope{HOSTILE}");
    let o = cmd()
        .args(["why", "a@b.com", "testdata/example", "--site", &site])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        !err.trim_end()
            .contains(['\r', '\u{1b}', '\u{7}', '\u{9b}', '\u{202e}']),
        "{err:?}"
    );
    assert!(err.contains("\\u{1b}"), "{err:?}");
}

mod escapers {
    use super::{row_lines, structure};
    use proptest::prelude::*;
    use spo2b2b::render::escape;

    /// Strings made of what Markdown and terminals react to, and a few letters.
    fn hostile() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just('\r'),
                Just('\n'),
                Just('\u{1b}'),
                Just('\u{9b}'),
                Just('\u{202e}'),
                Just('\u{2028}'),
                Just('@'),
                Just(' '),
                Just('.'),
                Just(':'),
                Just('/'),
                Just('w'),
                Just('a'),
                Just('1'),
                proptest::char::range('!', '~'),
            ],
            0..40,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn a_markdown_cell_stays_one_cell(s in hostile(), t in hostile()) {
            let md = format!(
                "| a | b |\n|---|---|\n| {} | {} |\n\n- {}\n",
                escape::markdown(&s),
                escape::markdown(&t),
                escape::markdown(&s)
            );
            let st = structure(&md);
            prop_assert!(st.headings.is_empty(), "{md}");
            prop_assert_eq!(st.links, 0, "{}", md);
            prop_assert_eq!(st.images, 0, "{}", md);
            prop_assert!(st.foreign_html.is_empty(), "{md}");
            prop_assert!(st.mentions.is_empty(), "{md}");
            prop_assert!(st.code_blocks.is_empty(), "{md}");
            prop_assert_eq!(st.table_rows, row_lines(&md));
        }

        #[test]
        fn a_fence_holds_any_lines(lines in proptest::collection::vec(hostile(), 0..5)) {
            let md = escape::markdown_fence("diff", &lines);
            let st = structure(&md);
            prop_assert_eq!(st.code_blocks.len(), 1, "{}", md);
            prop_assert_eq!(st.code_blocks[0].1.lines().count(), lines.len(), "{}", md);
        }

        #[test]
        fn the_terminal_sees_no_control_but_line_feeds(s in hostile()) {
            let out = escape::terminal(&s);
            let bad = out
                .chars()
                .any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{202e}' | '\u{2028}'));
            prop_assert!(!bad, "{:?}", out);
        }
    }
}

#[test]
fn usage_errors_quote_arguments_escaped() {
    let o = cmd()
        .args(["plan", "--format", "x\ry\u{9b}z"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("x\\u{d}y\\u{9b}z"), "{err:?}");
    assert!(!err.contains(['\r', '\u{9b}']), "{err:?}");
}
