#!/usr/bin/env node
// Checks a report made from everything allure-lua produced in the other tiers (sweep.lua):
// every converter's output must be accepted by the generator as it is.
//
//   node check-sweep.mjs --kind allure2|allure3 --report DIR --results DIR --log FILE
//
// From our own result files it computes what the generator must show — one test per identity,
// computed the way that generator computes it (§7 of allure-format.md), the attempt with the
// latest start shown — and compares: the number of tests shown and hidden, the counts by status
// (for identities whose final attempt is not tied), every attachment resolved, a clean log.
// Prints PASS/FAIL lines; exit 0 when none failed.

import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { show, loadAllure2, loadAllure3, logProblems } from "./report-model.mjs";

const args = {};
for (let i = 2; i + 1 < process.argv.length; i += 2) args[process.argv[i].slice(2)] = process.argv[i + 1];
const title = `[${args.kind} sweep]`;
let failures = 0;
function check(what, ok, why, detail) {
  if (ok) console.log(`PASS ${title} ${what}${detail ? ` (${detail})` : ""}`);
  else {
    failures++;
    console.log(`FAIL ${title} ${what}: ${why}`);
  }
}

const md5 = (s) => createHash("md5").update(s, "utf8").digest("hex");
const byBytes = (a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

// The identity under which a generator groups results into one test with retries.
function identity(r, kind) {
  const params = (r.parameters ?? []).filter((p) => p.name && p.excluded !== true);
  if (kind === "allure2") {
    // 2.45+: md5(testCaseId || fullName) . md5(params by UTF-8 bytes, de-duplicated)
    const base = r.testCaseId || r.fullName;
    if (!base) return null;
    const pairs = [...new Set(params.map((p) => `${p.name}:${p.value ?? "#___unknown_value___#"}`))];
    pairs.sort(byBytes);
    return `${md5(base)}.${md5(pairs.join(","))}`;
  }
  const id = (r.labels ?? []).find((l) => l.name === "ALLURE_ID" || l.name === "AS_ID");
  const base = id ? md5(`ALLURE_ID=${id.value}`) : r.testCaseId ? md5(r.testCaseId) : r.fullName ? md5(r.fullName) : null;
  if (!base) return null;
  const sorted = [...params].sort((a, b) => a.name.localeCompare(b.name) || String(a.value).localeCompare(String(b.value)));
  return `${base}.${md5(sorted.map((p) => `${p.name}:${p.value}`).join(","))}`;
}

const files = readdirSync(args.results).filter((f) => f.endsWith("-result.json"));
const groups = new Map();
for (const f of files) {
  const r = JSON.parse(readFileSync(join(args.results, f), "utf8"));
  const key = identity(r, args.kind) ?? `uuid:${r.uuid ?? f}`;
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(r);
}
const want = { total: groups.size, hidden: files.length - groups.size, passed: 0, failed: 0, broken: 0, skipped: 0, unknown: 0 };
let tied = 0;
const tiedStatuses = new Set();
for (const attempts of groups.values()) {
  attempts.sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  const last = attempts[attempts.length - 1];
  const ties = attempts.filter((a) => (a.start ?? 0) === (last.start ?? 0));
  if (ties.length > 1 && new Set(ties.map((a) => a.status)).size > 1) {
    tied++;
    for (const a of ties) tiedStatuses.add(a.status);
  } else {
    want[last.status ?? "unknown"]++;
  }
}

const model = args.kind === "allure2" ? loadAllure2(args.report) : loadAllure3(args.report);
const shown = model.tests.filter((t) => !t.hidden);
const hidden = model.tests.filter((t) => t.hidden);
check("every result file became a test", shown.length + hidden.length === files.length,
  `${files.length} result files, the report has ${shown.length} shown + ${hidden.length} retries`);
check("tests shown: one per identity", shown.length === want.total,
  `${want.total} identities in our results, ${shown.length} tests shown`, `${shown.length}`);
for (const status of ["passed", "failed", "broken", "skipped", "unknown"]) {
  const got = shown.filter((t) => t.status === status).length;
  const slack = tiedStatuses.has(status) ? tied : 0;   // ties: either attempt may be shown
  check(`${status} tests`, got >= want[status] && got <= want[status] + slack,
    `expected ${want[status]}${slack ? ` (+ up to ${slack} tied)` : ""}, the report shows ${got}`, `${got}`);
}
const unresolved = model.tests.flatMap((t) => t.attachments.filter((a) => !a.resolved).map((a) => `${t.name}: ${a.name}: ${a.why}`));
check("every attachment resolved", unresolved.length === 0,
  `${unresolved.length} unresolved, first: ${show(unresolved.slice(0, 3))}`,
  `${model.tests.reduce((n, t) => n + t.attachments.length, 0)} attachments`);
const { lines, bad } = logProblems(readFileSync(args.log, "utf8"));
check("generator log has no errors or warnings", bad.length === 0,
  `${bad.length} suspicious line(s), first: ${show(bad.slice(0, 3))}`, `${lines.length} line(s)`);
process.exit(failures === 0 ? 0 : 1);
