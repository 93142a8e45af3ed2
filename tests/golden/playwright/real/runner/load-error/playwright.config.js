// The configuration of the load-error golden case: only the broken spec file.
const { defineConfig } = require("@playwright/test");

module.exports = defineConfig({
  testDir: ".",
  reporter: [["json", { outputFile: process.env.PW_JSON_OUTPUT || "report.json" }]],
});
