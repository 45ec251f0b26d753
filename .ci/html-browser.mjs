#!/usr/bin/env node
/*
 * Opens spo2b2b's HTML report in a real headless Chromium and checks what a person would see
 * (issue 14): the page loads with no console error and no request besides the file itself, the
 * key figures in the DOM equal the JSON plan's, a click on a table header sorts the table, and
 * no input string became markup.
 *
 * It speaks the Chrome DevTools Protocol over --remote-debugging-pipe (file descriptors 3 and
 * 4, messages ended by a NUL byte), so it needs Node.js and Chromium and nothing from a registry.
 *
 * usage: node .ci/html-browser.mjs --chromium BIN --html PAGE --json PLAN
 *        [--expect-text TEXT]... [--shots DIR]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = { expect: [] };
for (let i = 2; i < process.argv.length; i += 2) {
  const [flag, value] = [process.argv[i], process.argv[i + 1]];
  if (value === undefined) throw new Error(`${flag} needs a value`);
  if (flag === "--chromium") args.chromium = value;
  else if (flag === "--html") args.html = value;
  else if (flag === "--json") args.json = value;
  else if (flag === "--expect-text") args.expect.push(value);
  else if (flag === "--shots") args.shots = value;
  else throw new Error(`unknown argument ${flag}`);
}
for (const k of ["chromium", "html", "json"]) {
  if (!args[k]) throw new Error(`--${k} is required`);
}

const failures = [];
const fail = (msg) => failures.push(msg);
const pageUrl = pathToFileURL(resolve(args.html)).href;
const plan = JSON.parse(readFileSync(args.json, "utf8"));
const profile = mkdtempSync(join(tmpdir(), "spo2b2b-chromium-"));

const chromium = spawn(
  args.chromium,
  [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-extensions",
    "--hide-scrollbars",
    `--user-data-dir=${profile}`,
    "--window-size=1280,2400",
    "--remote-debugging-pipe",
    "about:blank",
  ],
  { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
);
chromium.on("error", (e) => {
  console.error(`html-browser: cannot start ${args.chromium}: ${e.message}`);
  process.exit(1);
});
chromium.stdio[3].on("error", () => {
  /* the browser went away; the waiting call times out and says so */
});
let chromiumLog = "";
chromium.stderr.on("data", (d) => {
  chromiumLog += d.toString();
});

/* The protocol: requests with ids, answers with the same id, events without one. */
let nextId = 0;
const waiting = new Map();
const listeners = [];
let inbox = Buffer.alloc(0);
chromium.stdio[4].on("data", (chunk) => {
  inbox = Buffer.concat([inbox, chunk]);
  let end;
  while ((end = inbox.indexOf(0)) >= 0) {
    const msg = JSON.parse(inbox.subarray(0, end).toString("utf8"));
    inbox = inbox.subarray(end + 1);
    if (msg.id !== undefined && waiting.has(msg.id)) {
      const { ok, no, method } = waiting.get(msg.id);
      waiting.delete(msg.id);
      if (msg.error) no(new Error(`${method}: ${JSON.stringify(msg.error)}`));
      else ok(msg.result);
    } else {
      for (const l of listeners) l(msg);
    }
  }
});
function send(method, params = {}, sessionId = undefined) {
  const id = ++nextId;
  const msg = { id, method, params };
  if (sessionId) msg.sessionId = sessionId;
  chromium.stdio[3].write(JSON.stringify(msg) + "\0");
  return new Promise((ok, no) => waiting.set(id, { ok, no, method }));
}
function once(method, timeoutMs) {
  return new Promise((ok, no) => {
    const timer = setTimeout(() => no(new Error(`timed out waiting for ${method}`)), timeoutMs);
    listeners.push((msg) => {
      if (msg.method === method) {
        clearTimeout(timer);
        ok(msg.params);
      }
    });
  });
}
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/* Everything the page does that it must not: requests, console errors, exceptions. */
const requests = [];
const problems = [];
listeners.push((msg) => {
  const p = msg.params || {};
  switch (msg.method) {
    case "Network.requestWillBeSent":
      requests.push(p.request.url);
      break;
    case "Network.webSocketCreated":
      requests.push(p.url);
      break;
    case "Runtime.consoleAPICalled":
      if (["error", "warning", "assert"].includes(p.type)) {
        problems.push(`console.${p.type}: ${JSON.stringify(p.args.map((a) => a.value ?? a.description))}`);
      }
      break;
    case "Runtime.exceptionThrown":
      problems.push(`exception: ${p.exceptionDetails.text} ${p.exceptionDetails.exception?.description ?? ""}`);
      break;
    case "Log.entryAdded":
      if (["error", "warning"].includes(p.entry.level)) {
        problems.push(`${p.entry.source} ${p.entry.level}: ${p.entry.text} ${p.entry.url ?? ""}`);
      }
      break;
    default:
  }
});

async function main() {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  const s = (method, params) => send(method, params, sessionId);
  const evaluate = async (expression) => {
    const r = await s("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${r.exceptionDetails.text}`);
    return r.result.value;
  };
  await s("Page.enable");
  await s("Runtime.enable");
  await s("Log.enable");
  await s("Network.enable");
  await s("Emulation.setDeviceMetricsOverride", {
    width: 1280,
    height: 2400,
    deviceScaleFactor: 1,
    mobile: false,
  });

  const loaded = once("Page.loadEventFired", 30000);
  await s("Page.navigate", { url: pageUrl });
  await loaded;
  await sleep(500);

  /* 1. Nothing but the file itself was requested. */
  const foreign = requests.filter((u) => u !== pageUrl);
  if (!requests.includes(pageUrl)) fail(`the page itself was not seen loading (requests: ${requests})`);
  for (const u of foreign) fail(`request leaving the file: ${u}`);

  /* 2. The key figures equal the JSON plan's. */
  const figures = await evaluate(
    "Array.from(document.querySelectorAll('[data-key]'), e => [e.getAttribute('data-key'), e.textContent])",
  );
  const lookup = (path) => path.split(".").reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), plan);
  for (const [key, text] of figures) {
    const want = lookup(key);
    /* An unknown count (groups exported without members) is null in JSON, "unknown" on the page. */
    const shown = want === null ? "unknown" : String(want);
    if (want === undefined) fail(`figure ${key} = ${text}: no such value in the JSON plan`);
    else if (shown !== text.trim()) fail(`figure ${key}: page shows ${JSON.stringify(text)}, JSON has ${JSON.stringify(want)}`);
  }
  const needed = [
    "summary.errors",
    "summary.warnings",
    "proposed.mode",
    "proposed.domains.length",
    "blast_radius.totals.domains_newly_blocked",
    "blast_radius.totals.guests_newly_blocked",
    "blast_radius.totals.pending_fail",
    "blast_radius.totals.groups_hit",
    "blast_radius.totals.teams_hit",
  ];
  const shown = new Set(figures.map(([k]) => k));
  for (const k of needed) if (!shown.has(k)) fail(`figure ${k} is not on the page`);
  const domainRows = plan.blast_radius.domains.length;
  const domainCells = figures.filter(([k]) => k.startsWith("blast_radius.domains.") && k.endsWith(".guests")).length;
  if (domainRows > 0 && domainCells < Math.min(domainRows, 500)) {
    fail(`the page shows ${domainCells} per-domain guest counts, the plan has ${domainRows} domains`);
  }

  /* 3. Sorting: real mouse clicks on a header, then the column's order is read. */
  const column = async (table, col) =>
    evaluate(
      `Array.from(document.querySelector('table.${table}').tBodies[0].rows, r => { const c = r.cells[${col}]; return c.getAttribute('data-sort') ?? c.textContent; })`,
    );
  const click = async (table, col) => {
    const box = await evaluate(
      `(() => { const b = document.querySelector('table.${table}').tHead.rows[0].cells[${col}].querySelector('button');
         b.scrollIntoView({ block: 'center' });
         const r = b.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()`,
    );
    for (const type of ["mouseMoved", "mousePressed", "mouseReleased"]) {
      await s("Input.dispatchMouseEvent", { type, x: box.x, y: box.y, button: "left", clickCount: 1 });
    }
    await sleep(50);
  };
  const ordered = (values, numeric, ascending) =>
    values.every((v, i) => {
      if (i === 0) return true;
      const [a, b] = numeric ? [Number(values[i - 1]), Number(v)] : [values[i - 1].toLowerCase(), v.toLowerCase()];
      return ascending ? a <= b : a >= b;
    });
  const sortable = await evaluate("document.querySelectorAll('table.sortable').length");
  if (sortable === 0) fail("no sortable table on the page");
  if (await evaluate("!!document.querySelector('table.domains')")) {
    const before = await column("domains", 1);
    await click("domains", 1);
    const up = await column("domains", 1);
    const sortState = await evaluate("document.querySelector('table.domains').tHead.rows[0].cells[1].getAttribute('aria-sort')");
    if (sortState !== "ascending") fail(`after one click the guests header says aria-sort=${sortState}`);
    if (!ordered(up, true, true)) fail(`guests column not ascending after a click: ${up}`);
    if (up.length !== before.length) fail("sorting lost rows");
    if (before.length > 1 && JSON.stringify(before) === JSON.stringify(up) && !ordered(before, true, true)) {
      fail("the click changed nothing");
    }
    await click("domains", 1);
    const down = await column("domains", 1);
    if (!ordered(down, true, false)) fail(`guests column not descending after a second click: ${down}`);
    await click("domains", 0);
    const names = await column("domains", 0);
    if (!ordered(names, false, true)) fail(`domain column not in order after a click: ${names}`);
    console.log(`sorting: guests ascending ${up.join(",")}; descending ${down.join(",")}`);
  } else if (plan.blast_radius.domains.length > 0) {
    fail("the per-domain table is missing");
  }

  /* 4. No input became markup: only our elements, one script, no handler attributes. */
  const markup = await evaluate(`(() => {
    const all = Array.from(document.querySelectorAll('*'));
    return {
      scripts: document.scripts.length,
      loaders: document.querySelectorAll('img,iframe,object,embed,link,base,form,video,audio,source,meta[http-equiv=refresh]').length,
      handlers: all.filter(e => Array.from(e.attributes).some(a => a.name.toLowerCase().startsWith('on'))).map(e => e.tagName),
      text: document.body.innerText,
      pwned: window.__pwned === undefined ? null : String(window.__pwned),
    };
  })()`);
  if (markup.scripts !== 1) fail(`${markup.scripts} script elements (only the page's own is allowed)`);
  if (markup.loaders !== 0) fail(`${markup.loaders} elements that can load something`);
  if (markup.handlers.length) fail(`event-handler attributes on ${markup.handlers}`);
  if (markup.pwned !== null) fail(`input script ran: window.__pwned = ${markup.pwned}`);
  for (const t of args.expect) {
    if (!markup.text.includes(t)) fail(`expected text not shown as text: ${JSON.stringify(t)}`);
  }

  /* 5. It prints: the print stylesheet applies and a PDF comes out. */
  const pdf = await s("Page.printToPDF", { printBackground: false });
  if (!pdf.data || pdf.data.length < 1000) fail("printing produced no PDF");

  if (args.shots) {
    const shot = async (name, y) => {
      await evaluate(`window.scrollTo(0, ${y})`);
      await sleep(100);
      const { data } = await s("Page.captureScreenshot", { format: "png" });
      writeFileSync(join(args.shots, name), Buffer.from(data, "base64"));
    };
    const tops = await evaluate(
      "Object.fromEntries(Array.from(document.querySelectorAll('main > section[id]'), s => [s.id, Math.round(s.getBoundingClientRect().top + window.scrollY)]))",
    );
    for (const [id, y] of Object.entries(tops)) await shot(`section-${id}.png`, y);
    await s("Emulation.setEmulatedMedia", { media: "print" });
    await shot("print.png", 0);
    writeFileSync(join(args.shots, "print.pdf"), Buffer.from(pdf.data, "base64"));
  }

  /* Late problems (a deferred request, an error after a click) count too. */
  await sleep(200);
  for (const u of requests.filter((u) => u !== pageUrl)) if (!foreign.includes(u)) fail(`request leaving the file: ${u}`);
  for (const p of problems) fail(p);
  console.log(`checked ${figures.length} figures, ${requests.length} request(s), ${sortable} sortable tables`);
}

let code = 0;
const watchdog = setTimeout(() => {
  console.error("html-browser: timed out");
  chromium.kill("SIGKILL");
  process.exit(1);
}, 90000);
try {
  await main();
} catch (e) {
  fail(`check did not finish: ${e.message}`);
} finally {
  clearTimeout(watchdog);
  /* Close politely so the browser's helper processes are gone before the profile is removed. */
  const exited =
    chromium.exitCode !== null || chromium.signalCode !== null
      ? Promise.resolve()
      : new Promise((ok) => chromium.once("exit", ok));
  try {
    await Promise.race([send("Browser.close"), sleep(3000)]);
  } catch {
    /* already gone */
  }
  const closed = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  if (!closed) {
    chromium.kill("SIGKILL");
    await Promise.race([exited, sleep(3000)]);
  }
  await sleep(300);
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (e) {
    console.error(`html-browser: could not remove ${profile}: ${e.message}`);
  }
}
if (failures.length) {
  console.error(`html-browser: ${args.html}: ${failures.length} problem(s)`);
  for (const f of failures) console.error(`  - ${f}`);
  if (process.env.HTML_BROWSER_LOG) console.error(chromiumLog);
  code = 1;
} else {
  console.log(`html-browser: ${args.html}: ok`);
}
process.exit(code);
