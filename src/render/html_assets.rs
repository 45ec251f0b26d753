//! The fixed parts of the HTML report: its Content-Security-Policy, stylesheet and sorting
//! script. They are constants, written by us, so no input can reach them; everything the page
//! needs is inline because the page must make no network request (SPEC §7).
//!
//! The script avoids `//` comments and the stylesheet avoids `url(` and `@import`, so a test can
//! check the whole page for anything that could load.

/// Nothing may load: no default source; of inline style and script only [`STYLE`] and
/// [`SCRIPT`] themselves, by their SHA-256 (so markup smuggled in by input could not run even if
/// escaping failed); images only as `data:`; no `<base>` or form target. (A `<meta>` policy
/// cannot say `frame-ancestors`.) A change to either constant changes its hash: the test
/// `the_csp_hashes_are_those_of_the_page_s_own_style_and_script` prints the new policy.
pub const CSP: &str = "default-src 'none'; style-src 'sha256-Moqx7jhHhieCTp7uoAwQ49MYRSsI6XqrvqaXYyAn6Ks='; script-src 'sha256-/SsKztejm/eNakKRqh+DoRfdwJ7E14XgTI3V7qs61m0='; img-src data:; base-uri 'none'; form-action 'none'";

/// Screen and print styles. System fonts only: a web font would be a request.
pub const STYLE: &str = r#"
:root { --fg: #1d1d1f; --muted: #5f6368; --line: #d9dce1; --bg: #ffffff; --panel: #f5f6f8;
  --err: #b3261e; --warn: #a15c00; --ok: #1e7b34; --info: #2c5d9b;
  --pending: #c0392b; --guest: #e08e2b; --spo: #7b3fa0; --team: #2c6fbb; --group: #7f8c8d; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 17px; margin: 22px 0 6px; }
p { margin: 6px 0 10px; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
.muted { color: var(--muted); }
.wrap, td, th, li, p, h3 { overflow-wrap: anywhere; }
.verdict { border-left: 8px solid var(--ok); background: var(--panel); padding: 16px 20px; border-radius: 6px; }
.verdict.v-error { border-left-color: var(--err); }
.verdict.v-warning { border-left-color: var(--warn); }
.verdict .word { font-weight: 700; }
.v-error .word { color: var(--err); }
.v-warning .word { color: var(--warn); }
.v-ok .word { color: var(--ok); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 14px 0 6px; }
.card { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card .n { display: block; font-size: 26px; font-weight: 700; line-height: 1.1; }
.card .l { display: block; color: var(--muted); font-size: 13px; }
.card.hot .n { color: var(--err); }
nav.toc { margin: 14px 0 0; font-size: 14px; }
nav.toc a { margin-right: 14px; color: var(--info); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 6px; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th button { font: inherit; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
th button::after { content: " \2195"; color: var(--muted); font-size: 12px; }
th[aria-sort="ascending"] button::after { content: " \2191"; color: var(--fg); }
th[aria-sort="descending"] button::after { content: " \2193"; color: var(--fg); }
.sev-error, .blocked { color: var(--err); font-weight: 600; }
.sev-warning { color: var(--warn); font-weight: 600; }
.sev-info { color: var(--info); }
.allowed { color: var(--ok); }
td.kind, td.allowed, td.blocked { white-space: nowrap; overflow-wrap: normal; }
.ctl { color: var(--err); font-family: ui-monospace, Menlo, Consolas, monospace; }
.checklist { list-style: none; padding: 0; }
.checklist li { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 8px 0; }
.checklist li.sev-error { border-left: 6px solid var(--err); }
.checklist li.sev-warning { border-left: 6px solid var(--warn); }
.checklist li.sev-info { border-left: 6px solid var(--info); }
.checklist li > label { font-weight: 600; color: var(--fg); }
.checklist .todo { margin: 4px 0 2px 26px; font-weight: 400; color: var(--fg); }
.checklist .why, .checklist .subjects { margin: 2px 0 0 26px; font-weight: 400; color: var(--muted); font-size: 14px; }
figure { margin: 10px 0 18px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { width: 100%; height: auto; max-width: 980px; display: block; }
svg.chart text { font: 13px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #1d1d1f; }
svg.chart .axis { stroke: var(--line); }
.b-pending { fill: var(--pending); } .b-guest { fill: var(--guest); } .b-spo { fill: var(--spo); }
.b-team { fill: var(--team); } .b-group { fill: var(--group); }
.legend { font-size: 13px; color: var(--muted); }
.legend span { display: inline-block; width: 11px; height: 11px; margin: 0 4px 0 12px; vertical-align: -1px; border-radius: 2px; }
.sw-pending { background: var(--pending); } .sw-guest { background: var(--guest); } .sw-spo { background: var(--spo); }
.sw-team { background: var(--team); } .sw-group { background: var(--group); }
.group { border: 1px solid var(--line); border-radius: 6px; padding: 4px 14px 10px; margin: 12px 0; break-inside: avoid-page; }
.group h3 .kind { font-weight: 400; color: var(--muted); font-size: 14px; }
.absent { background: #fff8e5; border: 1px solid #f0d48a; border-radius: 6px; padding: 8px 12px; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
@media print {
  @page { margin: 14mm; }
  body { font-size: 10.5pt; background: #fff; }
  main { max-width: none; padding: 0; }
  nav.toc, .noprint { display: none; }
  h2 { break-after: avoid-page; }
  h3 { break-after: avoid-page; }
  tr, figure, .card, .checklist li { break-inside: avoid-page; }
  th { background: #eee; }
  th button::after { content: ""; }
  .verdict, .card { border-color: #999; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// Sorts a table by the clicked header: numbers (`th.num`) by value (an "unknown" count below
/// every number), text by its lower-cased content; a second click reverses. Ties keep their order (the sort is stable), so the page's
/// own order breaks them.
pub const SCRIPT: &str = r#"
(function () {
  "use strict";
  function key(cell, numeric) {
    var raw = cell.getAttribute("data-sort");
    var text = raw === null ? cell.textContent : raw;
    if (!numeric) { return text.toLowerCase(); }
    var n = Number(text);
    return isNaN(n) ? -1 : n;
  }
  function sortBy(table, column, th) {
    var numeric = th.classList.contains("num");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) { heads[i].removeAttribute("aria-sort"); }
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[column], numeric);
      var y = key(b.cells[column], numeric);
      var c = x < y ? -1 : (x > y ? 1 : 0);
      return ascending ? c : -c;
    });
    for (var r = 0; r < rows.length; r++) { body.appendChild(rows[r]); }
  }
  var tables = document.querySelectorAll("table.sortable");
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, column) {
      var button = th.querySelector("button");
      if (button) {
        button.addEventListener("click", function () { sortBy(table, column, th); });
      }
    });
  });
}());
"#;
