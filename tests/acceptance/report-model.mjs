// The two generators' reports read into one model, shared by check-report.mjs (one data set
// against its expectation) and check-sweep.mjs (everything allure-lua produced, by counts).
//
// Test = { name, fullName, status, message, trace, duration, start, labels: [{name,value}],
//          parameters: [{name,value}], steps: [names], befores: [names], links: [urls],
//          attachments: [Attachment], tree: [path names] | null, hidden }
// Attachment = { name, type, size, file, resolved, why }

import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";

export const show = (v) => {
  const s = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v ?? null);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
};

export function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}
export function listJson(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => join(dir, f));
}
function fileSize(path) {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : -1;
  } catch {
    return -1;
  }
}

function allure2Attachment(report, a) {
  const file = a.source ? join(report, "data", "attachments", a.source) : null;
  const size = file ? fileSize(file) : -1;
  let why = null;
  if (!a.source) why = "no source (the generator could not resolve the file)";
  else if (size < 0) why = `data/attachments/${a.source} missing`;
  else if (size === 0) why = `data/attachments/${a.source} is empty`;
  return { name: a.name, type: a.type, size, file, resolved: why === null, why };
}

function allure2Stage(report, stage, out) {
  for (const a of stage.attachments ?? []) out.push(allure2Attachment(report, a));
  for (const s of stage.steps ?? []) allure2Stage(report, s, out);
  return out;
}

function suiteTreePaths(node, path, into, leafKey) {
  // Allure 2 data/suites.json and similar: { name, children: [...] }, leaves carry uid.
  for (const child of node.children ?? []) {
    if (child.children) suiteTreePaths(child, [...path, child.name], into, leafKey);
    else into.set(child[leafKey], path);
  }
  return into;
}

export function loadAllure2(report) {
  const summary = readJson(join(report, "widgets", "summary.json")).statistic;
  const treeFile = join(report, "data", "suites.json");
  const tree = existsSync(treeFile) ? suiteTreePaths(readJson(treeFile), [], new Map(), "uid") : new Map();
  const tests = listJson(join(report, "data", "test-cases")).map((f) => {
    const tc = readJson(f);
    const attachments = [];
    for (const st of tc.beforeStages ?? []) allure2Stage(report, st, attachments);
    if (tc.testStage) allure2Stage(report, tc.testStage, attachments);
    for (const st of tc.afterStages ?? []) allure2Stage(report, st, attachments);
    return {
      name: tc.name,
      fullName: tc.fullName,
      status: tc.status,
      message: tc.statusMessage ?? null,
      trace: tc.statusTrace ?? null,
      duration: tc.time?.duration ?? null,
      start: tc.time?.start ?? null,
      labels: tc.labels ?? [],
      parameters: (tc.parameters ?? []).map((p) => ({ name: p.name, value: p.value })),
      steps: (tc.testStage?.steps ?? []).map((s) => s.name),
      befores: (tc.beforeStages ?? []).map((s) => s.name),
      links: (tc.links ?? []).map((l) => l.url),
      attachments,
      tree: tree.get(tc.uid) ?? null,
      hidden: tc.hidden === true,
    };
  });
  let environment = null;
  const envFile = join(report, "widgets", "environment.json");
  if (existsSync(envFile)) {
    environment = Object.fromEntries(readJson(envFile).map((e) => [e.name, (e.values ?? []).join(", ")]));
  }
  const time = readJson(join(report, "widgets", "summary.json")).time ?? {};
  const timelineFile = join(report, "data", "timeline.json");
  let timeline = null;
  if (existsSync(timelineFile)) {
    const rows = [];
    suiteTreePaths(readJson(timelineFile), [], new Map(), "uid").forEach((path, uid) => rows.push(path));
    timeline = rows.map((p) => p.join("/"));
  }
  return { summary, tests, environment, launch: { start: time.start, stop: time.stop, duration: time.duration }, timeline };
}

function allure3Attachment(report, link) {
  const file = link.id ? join(report, "data", "attachments", `${link.id}${link.ext ?? ""}`) : null;
  const size = file ? fileSize(file) : -1;
  let why = null;
  if (link.missed) why = `marked missing (originalFileName ${show(link.originalFileName)})`;
  else if (size < 0) why = `data/attachments/${link.id}${link.ext ?? ""} missing`;
  else if (size === 0) why = `data/attachments/${link.id}${link.ext ?? ""} is empty`;
  return {
    name: link.name, type: link.contentType, size, file, resolved: why === null, why,
    originalFileName: link.originalFileName, id: link.id,
  };
}

function allure3Walk(report, steps, out, seen) {
  for (const s of steps ?? []) {
    if (s.type === "attachment" && s.link) {
      if (!seen.has(s.link.id)) {
        seen.add(s.link.id);
        out.push(allure3Attachment(report, s.link));
      }
    } else {
      allure3Walk(report, s.steps, out, seen);
    }
  }
  return out;
}

function allure3TreePaths(tree) {
  // widgets/default/tree.json: { root: {groups, leaves}, groupsById, leavesById }
  const into = new Map();
  const walk = (node, path) => {
    for (const id of node.leaves ?? []) into.set(id, path);
    for (const gid of node.groups ?? []) {
      const g = tree.groupsById[gid];
      if (g) walk(g, [...path, g.name]);
    }
  };
  if (tree?.root) walk(tree.root, []);
  return into;
}

export function loadAllure3(report) {
  const summary = readJson(join(report, "summary.json")).stats;
  const treeFile = join(report, "widgets", "default", "tree.json");
  const altTreeFile = join(report, "widgets", "tree.json");
  const tree = allure3TreePaths(existsSync(treeFile) ? readJson(treeFile)
    : existsSync(altTreeFile) ? readJson(altTreeFile) : null);
  const tests = listJson(join(report, "data", "test-results")).map((f) => {
    const tr = readJson(f);
    const seen = new Set();
    const attachments = [];
    for (const fx of tr.setup ?? []) allure3Walk(report, fx.steps, attachments, seen);
    allure3Walk(report, tr.steps, attachments, seen);
    for (const fx of tr.teardown ?? []) allure3Walk(report, fx.steps, attachments, seen);
    // .attachments is the flat list the UI shows in its attachments tab
    allure3Walk(report, tr.attachments, attachments, seen);
    return {
      name: tr.name,
      fullName: tr.fullName,
      status: tr.status,
      message: tr.error?.message ?? null,
      trace: tr.error?.trace ?? null,
      duration: tr.duration ?? null,
      start: tr.start ?? null,
      labels: tr.labels ?? [],
      parameters: (tr.parameters ?? []).map((p) => ({ name: p.name, value: p.value })),
      steps: (tr.steps ?? []).filter((s) => s.type === "step").map((s) => s.name),
      befores: (tr.setup ?? []).map((s) => s.name),
      links: (tr.links ?? []).map((l) => l.url),
      attachments,
      tree: tree.get(tr.id) ?? null,
      breadcrumbs: tr.breadcrumbs ?? null,
      hidden: tr.isRetry === true,
    };
  });
  let environment = null;
  const envFile = join(report, "widgets", "allure_environment.json");
  if (existsSync(envFile)) {
    environment = Object.fromEntries(readJson(envFile).map((e) => [e.name, (e.values ?? []).join(", ")]));
  }
  const sum = readJson(join(report, "summary.json"));
  const timelineFile = join(report, "widgets", "timeline.json");
  const timeline = existsSync(timelineFile) ? readJson(timelineFile).map((t) => `${t.host}/${t.thread}`) : null;
  return {
    summary, tests, environment, timeline,
    launch: { start: sum.createdAt - sum.duration, stop: sum.createdAt, duration: sum.duration },
  };
}

// Lines of a generator's log that speak of a problem: { lines, bad }.
export function logProblems(text) {
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "").split(/\r?\n/).filter((l) => l.trim() !== "");
  const bad = lines.filter((l) => /\b(error|errors|warn|warning|exception|could not|cannot|unable|invalid|failed to)\b/i.test(l)
    || /^\s+at /.test(l));
  return { lines, bad };
}
