//! The PowerShell scripts (issue 13, SPEC §7 `--out-script`, `--out-graph`, `export-script`).
//! PowerShell cannot run here, so the scripts are pinned by snapshots and their structure is
//! asserted: every change is behind `-Apply`, after the connections, the checks and a backup;
//! no input text can end a string literal or here-string.

mod common;

use common::cmd;
use serde_json::Value;

const EXAMPLE: &str = "testdata/example";
/// No Entra policy in the bundle, restricted sites, integration off.
const CLEAR: &str = "testdata/cases/spo-after-clear";

/// The commands that change a tenant.
const CHANGES: &[&str] = &[
    "Update-MgBetaPolicyB2BManagementPolicy",
    "New-MgBetaPolicyB2BManagementPolicy",
    "Remove-MgBetaPolicyB2BManagementPolicy",
    "Set-SPOTenant",
    "Set-SPOSite",
];

struct Outputs {
    script: String,
    graph: String,
    plan: Value,
}

fn plan(dir: &str, extra: &[&str]) -> Outputs {
    let tmp = tempfile::tempdir().unwrap();
    let script = tmp.path().join("apply.ps1");
    let graph = tmp.path().join("graph.json");
    let out = cmd()
        .args(["plan", dir, "--fail-on", "never", "--format", "json"])
        .args(extra)
        .arg("--out-script")
        .arg(&script)
        .arg("--out-graph")
        .arg(&graph)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Outputs {
        script: std::fs::read_to_string(&script).unwrap(),
        graph: std::fs::read_to_string(&graph).unwrap(),
        plan: serde_json::from_slice(&out.stdout).unwrap(),
    }
}

fn export_script() -> String {
    let out = cmd().arg("export-script").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

/// A script split into its single-quoted here-strings (name, body lines) and its code lines
/// (everything else, with each line's index in the script).
struct Parsed<'a> {
    here: Vec<(String, Vec<&'a str>)>,
    code: Vec<(usize, &'a str)>,
}

/// PowerShell ends a single-quoted here-string at a line starting with a single quote (ASCII
/// or U+2018..U+201B) followed by `@`.
fn ends_here_string(line: &str) -> bool {
    let mut c = line.chars();
    matches!(
        c.next(),
        Some('\'' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}')
    ) && c.next() == Some('@')
}

fn parse(script: &str) -> Parsed<'_> {
    let mut here = Vec::new();
    let mut code = Vec::new();
    let mut open: Option<(String, Vec<&str>)> = None;
    // PowerShell's line breaks: CR, LF (CRLF). `lines()` splits at LF; a CR anywhere else is a
    // line break PowerShell would see, so the scripts must not contain one.
    assert!(!script.contains('\r'), "the script holds a bare CR");
    for (i, line) in script.lines().enumerate() {
        if let Some((name, body)) = open.as_mut() {
            if ends_here_string(line) {
                here.push((std::mem::take(name), std::mem::take(body)));
                open = None;
            } else {
                body.push(line);
            }
            continue;
        }
        if let Some(head) = line.strip_suffix("@'") {
            let name = head
                .trim()
                .trim_end_matches('=')
                .trim()
                .trim_start_matches('$')
                .to_string();
            open = Some((name, Vec::new()));
        }
        code.push((i, line));
    }
    assert!(open.is_none(), "a here-string is never closed");
    Parsed { here, code }
}

impl Parsed<'_> {
    /// Index of the first code line for which `f` holds.
    fn first(&self, what: &str, f: impl Fn(&str) -> bool) -> usize {
        self.code
            .iter()
            .find(|(_, l)| f(l.trim()))
            .map(|(i, _)| *i)
            .unwrap_or_else(|| panic!("no code line: {what}"))
    }

    /// Code lines that run a command that changes the tenant (not those that print or record
    /// one as text).
    fn changes(&self) -> Vec<(usize, &str)> {
        self.code
            .iter()
            .filter(|(_, l)| {
                let t = l.trim();
                CHANGES
                    .iter()
                    .any(|c| t.starts_with(c) || t.contains(&format!("= {c} ")))
            })
            .map(|(i, l)| (*i, *l))
            .collect()
    }

    fn body(&self, name: &str) -> &str {
        let (_, body) = self
            .here
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no here-string ${name}"));
        assert_eq!(body.len(), 1, "${name} is one line");
        body[0]
    }
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

// ---- 1. The apply script ----------------------------------------------------------------

#[test]
fn apply_requires_every_module_it_uses_and_checks_them() {
    let s = plan(EXAMPLE, &[]).script;
    let requires: Vec<&str> = s.lines().filter(|l| l.starts_with("#Requires")).collect();
    let modules = requires
        .iter()
        .find_map(|l| l.strip_prefix("#Requires -Modules "))
        .expect("#Requires -Modules");
    for (prefix, module) in [
        ("Connect-MgGraph", "Microsoft.Graph.Authentication"),
        ("Invoke-MgGraphRequest", "Microsoft.Graph.Authentication"),
        ("Get-MgBeta", "Microsoft.Graph.Beta.Identity.SignIns"),
        ("Update-MgBeta", "Microsoft.Graph.Beta.Identity.SignIns"),
        (
            "Connect-SPOService",
            "Microsoft.Online.SharePoint.PowerShell",
        ),
        ("Set-SPOTenant", "Microsoft.Online.SharePoint.PowerShell"),
    ] {
        assert!(s.contains(prefix), "{prefix} is used");
        assert!(
            modules.split(", ").any(|m| m == module),
            "{module} required"
        );
        assert!(s.contains(&format!("'{module}'")), "{module} checked");
    }
    assert!(requires.contains(&"#Requires -PSEdition Desktop"));
    assert!(s.contains("Get-Module -ListAvailable -Name $module"));
}

#[test]
fn apply_connects_and_checks_everything_before_any_change() {
    for (dir, extra) in [(EXAMPLE, &[][..]), (CLEAR, &["--spo-after", "clear"][..])] {
        let out = plan(dir, extra);
        let p = parse(&out.script);
        let changes = p.changes();
        assert!(changes.len() >= 5, "{changes:?}");
        let first_change = changes[0].0;
        for (what, idx) in [
            (
                "transcript",
                p.first("Start-Transcript", |l| l.starts_with("Start-Transcript")),
            ),
            (
                "national cloud",
                p.first("cloud", |l| {
                    l.contains("sharepoint\\.us|sharepoint-mil\\.us")
                }),
            ),
            (
                "modules",
                p.first("modules", |l| l.contains("Get-Module -ListAvailable")),
            ),
            (
                "Graph",
                p.first("Connect-MgGraph", |l| l.starts_with("Connect-MgGraph")),
            ),
            (
                "Graph cloud",
                p.first("Environment", |l| {
                    l.starts_with("if ($context.PSObject.Properties['Environment'] -and $context.Environment -ne 'Global')")
                }),
            ),
            (
                "role",
                p.first("role", |l| l.starts_with("$isGlobalAdministrator =")),
            ),
            (
                "SharePoint",
                p.first("Connect-SPOService", |l| {
                    l.starts_with("Connect-SPOService")
                }),
            ),
            (
                "SharePoint role",
                p.first("Get-SPOTenant", |l| {
                    l.starts_with("$spoTenant = Get-SPOTenant")
                }),
            ),
            (
                "stale refusal",
                p.first("refusals", |l| l.starts_with("if ($refusals.Count -gt 0)")),
            ),
            (
                "error refusal",
                p.first("errorsBlock", |l| l.starts_with("if ($errorsBlock)")),
            ),
        ] {
            assert!(
                idx < first_change,
                "{what} at line {idx} comes after a change"
            );
        }
        // Role failure stops -Apply.
        assert!(out.script.contains("        if ($Apply) {\n            throw \"$($context.Account) has no active Global Administrator role"));
    }
}

#[test]
fn apply_changes_only_behind_apply() {
    let out = plan(CLEAR, &["--spo-after", "clear"]);
    let p = parse(&out.script);
    let gate = p.first("dry-run gate", |l| l == "if (-not $Apply) {");
    // The gate's block ends with `return`.
    let lines: Vec<&str> = out.script.lines().collect();
    let end = (gate..lines.len()).find(|&i| lines[i] == "    }").unwrap();
    assert_eq!(lines[end - 1].trim(), "return");
    for (i, l) in p.changes() {
        assert!(i > end, "line {i} `{l}` runs in a dry run");
    }
}

#[test]
fn apply_dry_run_asks_for_read_scopes_only() {
    let s = plan(EXAMPLE, &[]).script;
    assert!(s.contains(
        "    if ($Apply) {\n        $scopes = @('Policy.ReadWrite.B2BManagementPolicy', 'User.Read')\n    } else {\n        $scopes = @('Policy.Read.B2BManagementPolicy', 'User.Read')\n    }\n    Connect-MgGraph -Environment Global -Scopes $scopes -NoWelcome\n"
    ));
    assert_eq!(s.matches("Policy.ReadWrite.B2BManagementPolicy").count(), 1);
    assert_eq!(s.matches("Connect-MgGraph").count(), 1);
}

#[test]
fn apply_embeds_the_planned_against_definition_and_refuses_a_stale_plan() {
    let out = plan(EXAMPLE, &[]);
    let p = parse(&out.script);
    let entra: Value =
        json(&std::fs::read_to_string("testdata/example/entra-policy.json").unwrap());
    let planned = json(entra["Definition"][0].as_str().unwrap());
    assert_eq!(json(p.body("PlannedAgainst")), planned);
    let facts = json(p.body("PlanFacts"));
    assert_eq!(facts["plannedPolicyId"], entra["Id"]);
    // Canonical comparison, case-sensitive, on both sides.
    assert!(out.script.contains("$liveCanonical = ConvertTo-CanonicalJson (ConvertFrom-Json -InputObject (@($live.Definition) -join ''))"));
    assert!(out.script.contains("$plannedCanonical = ConvertTo-CanonicalJson (ConvertFrom-Json -InputObject $PlannedAgainst)"));
    assert!(
        out.script
            .contains("if ($liveCanonical -cne $plannedCanonical) {")
    );
    assert!(
        out.script
            .contains("[Array]::Sort($names, [StringComparer]::Ordinal)")
    );
    // The refusal is not overridden by -Force.
    assert!(
        out.script
            .contains("    if ($refusals.Count -gt 0) {\n        throw")
    );

    // A plan that read no policy embeds `none`.
    let none = plan(CLEAR, &[]);
    assert_eq!(parse(&none.script).body("PlannedAgainst"), "none");
    assert_eq!(
        json(parse(&none.script).body("PlanFacts"))["plannedPolicyId"],
        Value::Null
    );
}

#[test]
fn apply_refuses_unwaived_errors_unless_force() {
    for dir in [EXAMPLE, "testdata/cases/waivers", CLEAR] {
        let out = plan(dir, &[]);
        let findings = out.plan["findings"].as_array().unwrap();
        let unwaived = findings
            .iter()
            .filter(|f| f["severity"] == "error" && f.get("waived").is_none())
            .count();
        let facts = json(parse(&out.script).body("PlanFacts"));
        assert_eq!(facts["unwaivedErrorCount"], unwaived, "{dir}");
        let listed: u64 = facts["unwaivedErrors"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(listed as usize, unwaived);
        assert!(
            out.script
                .contains("$errorsBlock = $plan.unwaivedErrorCount -gt 0 -and -not $Force")
        );
        assert!(out.script.contains("[switch]$Force"));
    }
    // The example has unwaived errors; the waivers case waives all of them.
    let facts = json(parse(&plan(EXAMPLE, &[]).script).body("PlanFacts"));
    assert!(facts["unwaivedErrorCount"].as_u64().unwrap() > 0);
}

#[test]
fn apply_backs_up_with_a_time_stamp_and_never_overwrites() {
    let out = plan(CLEAR, &["--spo-after", "clear"]);
    let s = &out.script;
    assert!(s.contains("$stamp = (Get-Date).ToUniversalTime().ToString('yyyyMMddTHHmmssZ')"));
    assert!(s.contains("$path = Join-Path $BackupDir \"$Name.$stamp.json\""));
    assert!(s.contains("| Out-File -FilePath $path -Encoding utf8 -NoClobber"));
    assert!(!s.contains("-Force "), "nothing is written with -Force");
    assert!(!s.contains("Set-Content"), "Set-Content overwrites");
    // Every change comes after the backup of what it changes.
    let p = parse(s);
    let backup = |name: &str| {
        p.first(name, |l| {
            l.contains("Write-Backup ") && l.ends_with(&format!("'{name}'"))
        })
    };
    let policies = backup("b2b-management-policies");
    let tenant = backup("spo-tenant");
    let sites = backup("spo-sites");
    for (i, l) in p.changes() {
        let t = l.trim();
        let needed = if t.starts_with("Set-SPOSite") {
            sites
        } else if t.starts_with("Set-SPOTenant") {
            tenant
        } else {
            policies
        };
        assert!(needed < i, "`{t}` before its backup");
    }
}

#[test]
fn apply_picks_the_organisation_default_and_creates_with_a_description() {
    let s = plan(EXAMPLE, &[]).script;
    assert!(!s.contains("[0].Id"));
    assert!(s.contains("$defaults = @($policies | Where-Object { $_.IsOrganizationDefault })"));
    assert!(s.contains("Update-MgBetaPolicyB2BManagementPolicy -B2BManagementPolicyId $live.Id -Definition @($Definition)"));
    assert!(s.contains("$created = New-MgBetaPolicyB2BManagementPolicy -DisplayName 'B2BManagementPolicy' -Description 'Entra B2B collaboration restrictions (allowed or blocked invitation domains), written by spo2b2b.' -IsOrganizationDefault -Definition @($Definition)"));
}

#[test]
fn apply_syncs_after_the_write_and_never_turns_the_integration_off() {
    let out = plan(EXAMPLE, &[]);
    let p = parse(&out.script);
    let write = p.first("write", |l| {
        l.starts_with("Update-MgBetaPolicyB2BManagementPolicy")
    });
    let create = p.first("create", |l| l.starts_with("$created = New-MgBeta"));
    let sync = p.first("sync", |l| {
        l == "Set-SPOTenant -SyncAadB2BManagementPolicy $true"
    });
    let enable = p.first("enable", |l| {
        l == "Set-SPOTenant -EnableAzureADB2BIntegration $true"
    });
    assert!(write < sync && create < sync && create < enable);
    // Turned on only when off.
    let lines: Vec<&str> = out.script.lines().collect();
    assert_eq!(
        lines[enable - 1].trim(),
        "if (-not $tenantState.EnableAzureADB2BIntegration) {"
    );
    assert!(!out.script.contains("EnableAzureADB2BIntegration $false"));
    assert!(
        !out.script
            .to_lowercase()
            .contains("enableazureadb2bintegration $false")
    );
}

#[test]
fn apply_prints_the_rollback_right_after_the_write_and_when_a_later_step_fails() {
    let out = plan(EXAMPLE, &[]);
    let s = &out.script;
    // Right after the write (the update or the create), before the SharePoint steps...
    assert!(s.contains("            Write-Host \"Created the B2B management policy $($created.Id) as the organisation default.\"\n        }\n        Write-Rollback\n"));
    let p = parse(s);
    let rollback = p.first("Write-Rollback", |l| l == "Write-Rollback");
    let sync = p.first("sync", |l| {
        l == "Set-SPOTenant -SyncAadB2BManagementPolicy $true"
    });
    assert!(rollback < sync);
    // ...and again in `finally`, so a failing later step still shows it.
    assert!(s.contains(
        "    } finally {\n        if ($rollback.Count -gt 0) { Write-Rollback }\n    }\n"
    ));
    // The rollbacks are exact commands.
    assert!(s.contains("$rollback.Add(\"Update-MgBetaPolicyB2BManagementPolicy -B2BManagementPolicyId $(ConvertTo-PSLiteral $live.Id) -Definition @($(ConvertTo-PSLiteral $oldDefinition))\")"));
    assert!(s.contains("$rollback.Add(\"Remove-MgBetaPolicyB2BManagementPolicy -B2BManagementPolicyId $(ConvertTo-PSLiteral $created.Id)\")"));
}

#[test]
fn apply_with_spo_after_clear_clears_the_migrated_lists_after_backing_them_up() {
    let keep = plan(CLEAR, &[]);
    let clear = plan(CLEAR, &["--spo-after", "clear"]);
    assert_ne!(
        keep.script, clear.script,
        "--spo-after clear changes the script"
    );
    let facts = json(parse(&clear.script).body("PlanFacts"));
    assert_eq!(facts["spoAfter"], "clear");
    assert_eq!(
        facts["clearSites"],
        serde_json::json!([
            "https://contoso.sharepoint.com/sites/legal",
            "https://contoso.sharepoint.com/sites/hr"
        ])
    );
    let keep_facts = json(parse(&keep.script).body("PlanFacts"));
    assert_eq!(keep_facts["spoAfter"], "keep");
    assert_eq!(keep_facts["clearSites"], serde_json::json!([]));
    let s = &clear.script;
    assert!(s.contains("Set-SPOTenant -SharingDomainRestrictionMode None"));
    assert!(s.contains("Set-SPOSite -Identity $site.Url -SharingDomainRestrictionMode None"));
    assert!(s.contains("if ($plan.spoAfter -eq 'clear') {"));
}

#[test]
fn apply_keeps_a_transcript_and_refuses_national_clouds() {
    let s = plan(EXAMPLE, &[]).script;
    assert!(s.contains("Start-Transcript -Path $transcript -NoClobber | Out-Null\ntry {\n"));
    assert!(s.ends_with("} finally {\n    Stop-Transcript | Out-Null\n}\n"));
    assert!(s.contains(
        "if ($adminUri.Host -match '\\.(sharepoint\\.us|sharepoint-mil\\.us|sharepoint\\.cn)$') {"
    ));
    assert!(s.contains("Connect-MgGraph -Environment Global"));
    assert!(s.contains(
        "if ($context.PSObject.Properties['Environment'] -and $context.Environment -ne 'Global') {"
    ));
}

// ---- Hostile input -----------------------------------------------------------------------

/// Input text that would end a PowerShell string or here-string, or run code, if it were
/// pasted into the script.
const HOSTILE: &[&str] = &[
    "'@\n$(Remove-Item -Recurse C:\\)\n@'",
    "\r'@\r$(whoami)",
    "\u{2018}@\n\u{2019}@\n\u{201a}@\n\u{201b}@",
    "\"@\n`$(x)\n@\"",
    "'; Set-SPOTenant -EnableAzureADB2BIntegration $false; '",
    "\u{2028}'@\u{2029}\u{85}'@",
    "#>\n<#",
];

fn hostile_bundle() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut inner = serde_json::Map::new();
    for (i, h) in HOSTILE.iter().enumerate() {
        inner.insert(format!("K{i}{h}"), Value::String((*h).to_string()));
    }
    let definition = serde_json::json!({
        "B2BManagementPolicy": {
            "InvitationsAllowedAndBlockedDomainsPolicy": {"AllowedDomains": [], "BlockedDomains": []},
            "Hostile": inner,
        }
    });
    let entra = serde_json::json!({
        "Id": HOSTILE.join(""),
        "IsOrganizationDefault": true,
        "Definition": [definition.to_string()],
    });
    let sites: Vec<Value> = HOSTILE
        .iter()
        .map(|h| {
            serde_json::json!({
                "Url": format!("https://contoso.sharepoint.com/sites/{h}"),
                "SharingDomainRestrictionMode": "AllowList",
                "SharingAllowedDomainList": "fabrikam.com",
                "SharingBlockedDomainList": "",
            })
        })
        .collect();
    let tenant = serde_json::json!({
        "SharingDomainRestrictionMode": "AllowList",
        "SharingAllowedDomainList": format!("fabrikam.com {}", HOSTILE.join(" ")),
        "SharingBlockedDomainList": "",
        "EnableAzureADB2BIntegration": false,
    });
    for (name, v) in [
        ("tenant.json", tenant),
        ("entra-policy.json", entra),
        ("sites.json", Value::Array(sites)),
    ] {
        std::fs::write(dir.path().join(name), v.to_string()).unwrap();
    }
    dir
}

#[test]
fn no_input_text_can_end_a_string_or_here_string() {
    let dir = hostile_bundle();
    let out = plan(dir.path().to_str().unwrap(), &["--spo-after", "clear"]);
    let p = parse(&out.script);
    // Exactly the three here-strings of the generator, each one line of printable ASCII.
    let names: Vec<&str> = p.here.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Definition", "PlannedAgainst", "PlanFacts"]);
    for (name, body) in &p.here {
        assert_eq!(body.len(), 1, "{name}");
        assert!(
            body[0].bytes().all(|b| (0x20..0x7f).contains(&b)),
            "{name}: {}",
            body[0]
        );
    }
    // The input reached the script intact, as JSON values...
    let facts = json(p.body("PlanFacts"));
    assert_eq!(facts["plannedPolicyId"], HOSTILE.join(""));
    assert_eq!(facts["clearSites"].as_array().unwrap().len(), HOSTILE.len());
    let planned = json(p.body("PlannedAgainst"));
    assert_eq!(
        planned["B2BManagementPolicy"]["Hostile"]["K0'@\n$(Remove-Item -Recurse C:\\)\n@'"],
        HOSTILE[0]
    );
    let proposed = json(p.body("Definition"));
    assert_eq!(
        proposed["B2BManagementPolicy"]["Hostile"],
        planned["B2BManagementPolicy"]["Hostile"]
    );
    // ...and nowhere else: no code line holds any piece of it.
    for (i, line) in &p.code {
        for marker in [
            "whoami",
            "Remove-Item -Recurse C:",
            "$(x)",
            "\u{2018}",
            "\u{2028}",
            "\u{85}",
        ] {
            assert!(!line.contains(marker), "line {i}: {line}");
        }
    }
    assert!(!p.code.iter().any(|(_, l)| l.contains("$false")));
    // The Graph body is JSON, whatever the input.
    let body = json(&out.graph);
    assert_eq!(json(body["definition"][0].as_str().unwrap()), proposed);
}

// ---- 2. --out-graph -----------------------------------------------------------------------

#[test]
fn out_graph_patches_an_existing_policy_and_the_report_names_the_request() {
    let out = plan(EXAMPLE, &[]);
    let body = json(&out.graph);
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["definition"]);
    let def = body["definition"].as_array().unwrap();
    assert_eq!(def.len(), 1);
    assert_eq!(
        json(def[0].as_str().unwrap()),
        out.plan["proposed"]["definition"]
    );
    assert_eq!(
        out.plan["graph_request"],
        serde_json::json!({"method": "PATCH", "url": "https://graph.microsoft.com/beta/policies/b2bManagementPolicies/a7a3e6a5-9b1f-4c8e-8f34-2b5f3c6d7e81"})
    );
    let table = cmd().args(["plan", EXAMPLE]).output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("Graph request"));
    assert!(table.contains(
        "PATCH /beta/policies/b2bManagementPolicies/a7a3e6a5-9b1f-4c8e-8f34-2b5f3c6d7e81"
    ));
    let md = cmd()
        .args(["plan", EXAMPLE, "--format", "markdown"])
        .output()
        .unwrap();
    assert!(String::from_utf8(md.stdout).unwrap().contains("**Graph request:** `PATCH https://graph.microsoft.com/beta/policies/b2bManagementPolicies/a7a3e6a5-9b1f-4c8e-8f34-2b5f3c6d7e81`"));
}

#[test]
fn out_graph_posts_a_new_default_policy_when_none_exists() {
    let out = plan(CLEAR, &[]);
    let body = json(&out.graph);
    assert_eq!(body["displayName"], "B2BManagementPolicy");
    assert_eq!(body["isOrganizationDefault"], true);
    assert!(!body["description"].as_str().unwrap().is_empty());
    assert_eq!(
        json(body["definition"][0].as_str().unwrap()),
        out.plan["proposed"]["definition"]
    );
    assert_eq!(
        out.plan["graph_request"],
        serde_json::json!({"method": "POST", "url": "https://graph.microsoft.com/beta/policies/b2bManagementPolicies"})
    );
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("out-graph-post", out.graph);
        insta::assert_snapshot!("out-script-clear-no-policy", plan(CLEAR, &["--spo-after", "clear"]).script);
    });
}

#[test]
fn a_hostile_policy_id_stays_out_of_the_graph_url() {
    let dir = hostile_bundle();
    let out = plan(dir.path().to_str().unwrap(), &[]);
    assert_eq!(
        out.plan["graph_request"]["url"],
        "https://graph.microsoft.com/beta/policies/b2bManagementPolicies/{id}"
    );
}

// ---- 3. The export script -----------------------------------------------------------------

#[test]
fn export_works_in_both_editions() {
    let s = export_script();
    assert!(s.contains("if ($PSVersionTable.PSEdition -eq 'Core') {\n    Import-Module Microsoft.Online.SharePoint.PowerShell -UseWindowsPowerShell"));
    assert!(!s.contains("#Requires -PSEdition"));
    assert!(
        !s.lines()
            .any(|l| l.starts_with("#Requires -Modules") && l.contains("SharePoint"))
    );
}

#[test]
fn export_records_a_failing_site_and_goes_on() {
    let s = export_script();
    assert!(s.contains("    } catch {\n        # Recorded with unknown sharing settings"));
    assert!(s.contains("            SharingDomainRestrictionMode = $null\n"));
    // What the script writes for such a site makes the plan report it.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tenant.json"),
        r#"{"SharingDomainRestrictionMode":"AllowList","SharingAllowedDomainList":"fabrikam.com","SharingBlockedDomainList":""}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("sites.json"),
        r#"[{"Url":"https://contoso.sharepoint.com/sites/locked","SharingDomainRestrictionMode":null,"SharingAllowedDomainList":null,"SharingBlockedDomainList":null,"ExportError":"Access denied."}]"#,
    )
    .unwrap();
    let out = cmd()
        .args([
            "plan",
            dir.path().to_str().unwrap(),
            "--format",
            "json",
            "--fail-on",
            "never",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        plan["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "site-settings-unknown"
                && f["subject"] == "https://contoso.sharepoint.com/sites/locked")
    );
}

#[test]
fn export_includes_external_members_external_users_owners_and_authorization_policy() {
    let s = export_script();
    assert!(s.contains(
        "Where-Object { $_.UserPrincipalName -like '*#EXT#*' -or $_.CreationType -eq 'Invitation' }"
    ));
    assert!(s.contains("Save-Json @($guests + $externalMembers) 'guests.json'"));
    assert!(s.contains("$page = @(Get-SPOExternalUser -Position $position -PageSize 50)"));
    assert!(s.contains("    $position += $page.Count\n"));
    assert!(s.contains("} while ($page.Count -eq 50)"));
    assert!(s.contains("'external-users.json'"));
    assert!(s.contains("Get-MgGroupOwner -GroupId $g.Id -All"));
    assert!(s.contains("owners                      = @($owners)"));
    assert!(s.contains("-Uri 'https://graph.microsoft.com/v1.0/policies/authorizationPolicy'"));
    assert!(s.contains("'authorization-policy.json'"));
    assert!(s.contains("'Policy.Read.All'"));
}

#[test]
fn export_offers_certificate_sign_in() {
    let s = export_script();
    assert!(s.contains("Connect-SPOService -Url $SharePointAdminUrl -ClientId $ClientId -TenantId $TenantId -CertificateThumbprint $CertificateThumbprint"));
    assert!(s.contains("Connect-MgGraph -ClientId $ClientId -TenantId $TenantId -CertificateThumbprint $CertificateThumbprint -NoWelcome"));
}

#[test]
fn export_shows_an_estimate_and_resumes() {
    let s = export_script();
    assert!(s.contains("-SecondsRemaining $left"));
    assert!(s.contains("$partial = Join-Path $OutDir 'sites.partial.jsonl'"));
    assert!(s.contains("$todo = @($all | Where-Object { -not $done.Contains([string]$_.Url) })"));
    assert!(s.contains("Add-Content -LiteralPath $partial"));
}

#[test]
fn export_changes_nothing() {
    let s = export_script();
    let p = parse(&s);
    assert!(p.here.is_empty());
    assert!(p.changes().is_empty());
    for verb in [
        "Set-SPO",
        "Update-Mg",
        "New-Mg",
        "Remove-Mg",
        "-Method PATCH",
        "-Method POST",
    ] {
        assert!(!s.contains(verb), "{verb}");
    }
}
