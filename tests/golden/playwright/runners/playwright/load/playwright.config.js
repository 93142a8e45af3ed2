// A run whose spec files do not load: Playwright runs nothing and reports the errors
// at the top of the report (with their location). The junit reporter writes an empty
// <testsuites> for it (the errors are lost there).
const { defineConfig } = require("@playwright/test");

module.exports = defineConfig({
  testDir: ".",
  outputDir: "../out/load-results",   // not ../test-results: the main run's attachments are there
  reporter: [
    ["list"],
    ["json", { outputFile: "../out/load.json" }],
  ],
});
