#!/usr/bin/env node
// Checks a report produced by a real Allure generator against an expectation file.
//
//   node check-report.mjs --kind allure2|allure3 --report DIR --expect FILE.expect.json
//                         [--results DIR] [--log FILE] [--title TEXT]
//
// Reads only what the generator wrote (its data files), never our own result JSON, except
// --results, used to count the files the generator was given.
//   Allure 2: widgets/summary.json, widgets/environment.json, data/test-cases/*.json,
//             data/suites.json, data/attachments/<source>
//   Allure 3 (awesome plugin, singleFile=false): summary.json, widgets/allure_environment.json,
//             data/test-results/*.json, widgets/default/tree.json, data/attachments/<id><ext>
//
// Prints one "PASS <title> <check>" or "FAIL <title> <check>: why" line per check (plus
// indented "  note:" lines with what the report shows); exit 0 when no check failed, 1 otherwise.
// No npm dependencies.

import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { show, readJson, listJson, loadAllure2, loadAllure3, logProblems } from "./report-model.mjs";

// ---------------------------------------------------------------- arguments and output

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  const k = process.argv[i];
  if (!k.startsWith("--") || i + 1 >= process.argv.length) {
    console.error(`check-report: bad argument ${k}`);
    process.exit(2);
  }
  args[k.slice(2)] = process.argv[i + 1];
}
for (const k of ["kind", "report", "expect"]) {
  if (!args[k]) {
    console.error(`check-report: --${k} is required`);
    process.exit(2);
  }
}
if (args.kind !== "allure2" && args.kind !== "allure3") {
  console.error(`check-report: --kind must be allure2 or allure3, not ${args.kind}`);
  process.exit(2);
}
const title = args.title ?? `[${args.kind}]`;
// --must-fail "a|b": checks whose name contains a or b are expected to fail (a canary data set
// proving that the checks still notice broken input); their outcome is inverted
const mustFail = (args["must-fail"] ?? "").split("|").filter(Boolean);
const mustFailSeen = new Set();
let failures = 0;

function expectedToFail(what) {
  const m = mustFail.find((m) => what.includes(m));
  if (m) mustFailSeen.add(m);
  return m !== undefined;
}
function pass(what, detail) {
  if (expectedToFail(what)) {
    failures++;
    console.log(`FAIL ${title} ${what}: passed, but this canary check must fail${detail ? ` (${detail})` : ""}`);
    return;
  }
  console.log(`PASS ${title} ${what}${detail ? ` (${detail})` : ""}`);
}
function fail(what, why) {
  if (expectedToFail(what)) {
    console.log(`PASS ${title} ${what} fails as it must (${why})`);
    return;
  }
  failures++;
  console.log(`FAIL ${title} ${what}: ${why}`);
}
function check(what, ok, why, detail) {
  if (ok) pass(what, detail);
  else fail(what, why);
  return ok;
}
function note(text) {
  console.log(`  note: ${text}`);
}
// ---------------------------------------------------------------- checks

const labelValues = (t, name) => t.labels.filter((l) => l.name === name).map((l) => l.value);

function suiteChain(t) {
  // parentSuite > suite > subSuite; JS adapters join deeper levels into subSuite with " > "
  return [
    ...labelValues(t, "parentSuite"),
    ...labelValues(t, "suite"),
    ...labelValues(t, "subSuite").flatMap((v) => v.split(" > ")),
  ];
}

function isSubsequence(needle, hay) {
  let i = 0;
  for (const h of hay) if (i < needle.length && h === needle[i]) i++;
  return i === needle.length;
}

function readAttachment(a) {
  try {
    return readFileSync(a.file, "utf8");
  } catch {
    return null;
  }
}

function matchAttachment(want, a) {
  if (want.name !== undefined && a.name !== want.name) return false;
  if (want.nameMatches !== undefined && !new RegExp(want.nameMatches, "i").test(a.name ?? "")) return false;
  return true;
}

function checkAttachment(t, want) {
  const label = `"${t.name}" attachment ${show(want.name ?? `/${want.nameMatches}/i`)}`;
  const candidates = t.attachments.filter((a) => matchAttachment(want, a));
  if (candidates.length === 0) {
    fail(label, `none among ${show(t.attachments.map((a) => a.name))}`);
    return;
  }
  // the first candidate that satisfies everything wins; report against the first otherwise
  let firstWhy = null;
  for (const a of candidates) {
    let why = null;
    if (!a.resolved) why = a.why;
    else if (want.type && a.type !== want.type) why = `type ${show(a.type)}, want ${show(want.type)}`;
    else if (want.minSize && a.size < want.minSize) why = `size ${a.size} < ${want.minSize}`;
    else {
      const text = readAttachment(a);
      const missing = (want.contains ?? []).filter((c) => text === null || !text.includes(c));
      if (missing.length) why = `content lacks ${show(missing)} (size ${a.size})`;
    }
    if (why === null) {
      pass(label, `resolved, ${a.size} bytes, name ${show(a.name)}, type ${a.type}`);
      return;
    }
    firstWhy ??= why;
  }
  fail(label, firstWhy);
}

function checkTest(t, want, kind) {
  const n = `"${want.name}"`;
  check(`${n} status`, t.status === want.status, `${show(t.status)}, want ${show(want.status)}`, t.status);
  if (want.fullName !== undefined) {
    check(`${n} fullName`, t.fullName === want.fullName, `${show(t.fullName)}, want ${show(want.fullName)}`);
  }
  if (want.duration !== undefined) {
    const ok = typeof t.duration === "number" && Math.abs(t.duration - want.duration) <= 1;
    check(`${n} duration`, ok, `${show(t.duration)} ms, want ${want.duration}`, `${t.duration} ms`);
  }
  for (const key of ["message", "trace"]) {
    if (want[key] === undefined) continue;
    const got = t[key];
    check(`${n} ${key}`, typeof got === "string" && got.includes(want[key]),
      `${show(got)} does not contain ${show(want[key])}`);
  }
  const chain = suiteChain(t);
  if (want.suitePath !== undefined) {
    check(`${n} suite labels`, JSON.stringify(chain) === JSON.stringify(want.suitePath),
      `parentSuite/suite/subSuite = ${show(chain)}, want ${show(want.suitePath)}`, chain.join(" > "));
  }
  if (want.suitesInclude !== undefined) {
    check(`${n} suite labels`, isSubsequence(want.suitesInclude, chain),
      `parentSuite/suite/subSuite = ${show(chain)}, want ${show(want.suitesInclude)} in that order`,
      chain.join(" > "));
  }
  if (want.suitesExclude !== undefined) {
    const bad = want.suitesExclude.filter((s) => chain.includes(s));
    check(`${n} suite labels exclude ${show(want.suitesExclude)}`, bad.length === 0, `chain ${show(chain)}`);
  }
  for (const [name, value] of Object.entries(want.labels ?? {})) {
    const got = labelValues(t, name);
    check(`${n} label ${name}`, got.includes(value), `${show(got)}, want ${show(value)}`);
  }
  for (const [name, value] of Object.entries(want.parameters ?? {})) {
    const got = t.parameters.filter((p) => p.name === name).map((p) => p.value);
    check(`${n} parameter ${name}`, got.includes(value), `${show(got)}, want ${show(value)}`);
  }
  if (want.steps !== undefined) {
    check(`${n} steps`, JSON.stringify(t.steps) === JSON.stringify(want.steps),
      `${show(t.steps)}, want ${show(want.steps)}`);
  }
  if (want.befores !== undefined) {
    check(`${n} set-up fixtures`, JSON.stringify(t.befores) === JSON.stringify(want.befores),
      `${show(t.befores)}, want ${show(want.befores)}`);
  }
  for (const url of want.links ?? []) {
    check(`${n} link ${url}`, t.links.includes(url), `links ${show(t.links)}`);
  }
  if (want.attachmentCount !== undefined) {
    check(`${n} attachment count`, t.attachments.length === want.attachmentCount,
      `${t.attachments.length} (${show(t.attachments.map((a) => a.name))}), want ${want.attachmentCount}`);
  }
  for (const a of want.attachments ?? []) checkAttachment(t, a);

  // what the report shows, for the humans reading the log
  note(`${kind} shows ${n}: tree ${show(t.tree)}${t.breadcrumbs ? `, breadcrumbs ${show(t.breadcrumbs)}` : ""}, `
    + `labels ${t.labels.map((l) => `${l.name}=${show(l.value)}`).join(" ")}`);
}

function checkLog(file, kind) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    fail("generator log", `cannot read ${file}: ${e.message}`);
    return;
  }
  const { lines, bad } = logProblems(text);
  check("generator log has no errors or warnings", bad.length === 0,
    `${bad.length} suspicious line(s), first: ${show(bad.slice(0, 3))}`, `${lines.length} line(s)`);
  if (kind === "allure2") {
    check("generator log reports success", lines.some((l) => l.startsWith("Report successfully generated")),
      `log: ${show(lines.slice(0, 3))}`);
  }
}

// ---------------------------------------------------------------- main

const expect = readJson(args.expect);
let model;
try {
  model = args.kind === "allure2" ? loadAllure2(args.report) : loadAllure3(args.report);
} catch (e) {
  fail("report data readable", e.message);
  process.exit(1);
}
pass("report data readable", `${model.tests.length} test file(s)`);

if (args.log) checkLog(args.log, args.kind);

// counts per status, from the generator's own summary and from its per-test files
const statuses = ["passed", "failed", "broken", "skipped", "unknown"];
const shown = model.tests.filter((t) => !t.hidden);
const hidden = model.tests.filter((t) => t.hidden);
const want = expect.statistic;
const summaryGot = Object.fromEntries(["total", ...statuses].map((s) => [s, model.summary?.[s] ?? 0]));
const countsGot = { total: shown.length };
for (const s of statuses) countsGot[s] = shown.filter((t) => t.status === s).length;
for (const [what, got] of [["summary statistic", summaryGot], ["per-test status counts", countsGot]]) {
  const diff = Object.keys(want).filter((k) => got[k] !== want[k]);
  check(what, diff.length === 0, diff.map((k) => `${k}=${got[k]} (want ${want[k]})`).join(", "),
    Object.entries(got).map(([k, v]) => `${k}=${v}`).join(" "));
}
check("retries (results collapsed into another test)", hidden.length === (expect.retries ?? 0),
  `${hidden.length}: ${show(hidden.map((t) => t.name))}, want ${expect.retries ?? 0}`);

if (args.results) {
  const files = readdirSync(args.results).filter((f) => f.endsWith("-result.json"));
  check("every result file became a test", model.tests.length === files.length,
    `${files.length} *-result.json given, ${model.tests.length} test(s) in the report`);
  if (args.kind === "allure3") {
    // Allure 3 keeps the original file name of each resolved attachment; every attachment file we
    // wrote must be used by exactly one test (Allure 3 refuses a file referenced twice)
    const attFiles = readdirSync(args.results).filter((f) => /-attachment(\.|$)/.test(f));
    const used = new Set(model.tests.flatMap((t) => t.attachments.filter((a) => a.resolved).map((a) => a.originalFileName)));
    const unused = attFiles.filter((f) => !used.has(f));
    check("every attachment file is used by a test", unused.length === 0,
      `${unused.length} of ${attFiles.length} not used: ${show(unused.slice(0, 5))}`, `${attFiles.length} file(s)`);
  }
}

// names: exactly the expected set, each once among the shown tests
const wantNames = expect.tests.map((t) => t.name);
const gotNames = shown.map((t) => t.name);
const missing = wantNames.filter((n) => !gotNames.includes(n));
const extra = gotNames.filter((n) => !wantNames.includes(n));
const dups = [...new Set(gotNames.filter((n, i) => gotNames.indexOf(n) !== i))];
check("test names", missing.length === 0 && extra.length === 0 && dups.length === 0,
  [missing.length && `missing ${show(missing)}`, extra.length && `unexpected ${show(extra)}`,
    dups.length && `duplicated ${show(dups)}`].filter(Boolean).join("; "), `${gotNames.length} name(s)`);

// every attachment of every test resolved
const unresolved = shown.flatMap((t) => t.attachments.filter((a) => !a.resolved).map((a) => `"${t.name}"/${a.name}: ${a.why}`));
const nAtt = shown.reduce((n, t) => n + t.attachments.length, 0);
check("all attachments resolved", unresolved.length === 0, unresolved.slice(0, 5).join("; "), `${nAtt} attachment(s)`);

// every test shown in the generator's tree
const notInTree = shown.filter((t) => t.tree === null).map((t) => t.name);
check("every test appears in the report tree", notInTree.length === 0, `not in tree: ${show(notInTree)}`);

// what the launch looks like (informational): its time span and the timeline
{
  const { start, stop, duration } = model.launch ?? {};
  const iso = (ms) => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));
  note(`${args.kind} launch: ${iso(start)} .. ${iso(stop)}, duration ${duration} ms`
    + `${duration > 86400000 ? ` (${(duration / 86400000).toFixed(1)} days!)` : ""}`);
  if (model.timeline) {
    const lanes = [...new Set(model.timeline)];
    note(`${args.kind} timeline: ${model.timeline.length} of ${shown.length} test(s) on it, lanes ${show(lanes)}`);
  }
}

// --per-test no: only the data-set-wide checks (used for the canary, which repeats handmade)
if (args["per-test"] !== "no") {
  for (const w of expect.tests) {
    const t = shown.find((x) => x.name === w.name);
    if (t) checkTest(t, w, args.kind);
  }
}

for (const [k, v] of Object.entries(expect.environment ?? {})) {
  const got = model.environment?.[k];
  check(`environment ${k}`, got === v, `${show(got)}, want ${show(v)}`);
}

for (const m of mustFail) {
  if (!mustFailSeen.has(m)) {
    failures++;
    console.log(`FAIL ${title} canary check "${m}": no such check ran`);
  }
}

process.exit(failures ? 1 : 0);
