// Times Allure 3's own JUnit reader on one file, for tests/bench/run.sh:
//
//   node allure3-junit.mjs ALLURE3_DIR FILE.xml [reader|store]
//
// ALLURE3_DIR is where `npm install allure` put node_modules (the acceptance tier uses
// ~/.cache/allure-lua/npm/allure3). It runs the `junitXml` reader of @allurereport/reader,
// the one `allure generate` uses for *.xml, and prints {"ms": ..., "results": N}: the time of
// the read alone, without node's start-up and module loading.
//   reader  the reader with a visitor that only counts what it is given (parse and mapping);
//   store   the reader into Allure 3's DefaultAllureStore, as `allure generate` and
//           `allure run` read results before any report plugin runs (the default).
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dir, file, mode = "store"] = process.argv.slice(2);
if (!dir || !file) {
  console.error("usage: node allure3-junit.mjs ALLURE3_DIR FILE.xml [reader|store]");
  process.exit(2);
}
const mod = (rel) => import(pathToFileURL(path.join(dir, "node_modules", rel)).href);
const { junitXml } = await mod("@allurereport/reader/dist/index.js");
const { PathResultFile } = await mod("@allurereport/reader-api/dist/index.js");

let results = 0;
let visitor;
if (mode === "store") {
  const { DefaultAllureStore } = await mod("@allurereport/core/dist/store/store.js");
  const store = new DefaultAllureStore();
  visitor = {
    visitTestResult: async (r, ctx) => { results++; return store.visitTestResult(r, ctx); },
    visitAttachmentFile: async (f, ctx) => store.visitAttachmentFile(f, ctx),
  };
} else {
  visitor = {
    visitTestResult: async () => { results++; },
    visitAttachmentFile: async () => {},
  };
}

const started = performance.now();
const ok = await junitXml.read(visitor, new PathResultFile(path.resolve(file)));
const ms = performance.now() - started;
console.log(JSON.stringify({ ok, ms: Math.round(ms), results, mode }));
process.exit(ok ? 0 : 1);
