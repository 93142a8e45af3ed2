// Browser-free: no test takes the `page` fixture, so no browser is downloaded or used.
// Two projects run every spec: each (spec, project) is a test of its own. The reports
// go to out/ (regenerate.sh copies them into the golden cases).
const { defineConfig } = require("@playwright/test");

module.exports = defineConfig({
  testDir: "tests",
  workers: 1,
  timeout: 2000,
  reporter: [
    ["list"],
    ["json", { outputFile: "out/report.json" }],
    ["junit", { outputFile: "out/junit.xml" }],
    ["playwright-ctrf-json-reporter", { outputDir: "out", outputFile: "ctrf.json", annotations: true, screenshot: true }],
  ],
  projects: [{ name: "chromium-less" }, { name: "second" }],
});
