const assert = require("node:assert");
const { Given, When, Then } = require("@cucumber/cucumber");

Given("a calculator", function () {
  this.result = 0;
});

When("I add {float} and {float}", function (a, b) {
  this.result = a + b;
});

Then("the result is {float}", function (expected) {
  assert.strictEqual(this.result, expected);
});

When("the calculator crashes", function () {
  const config = undefined;
  return config.value;
});

When("a step is not implemented yet", function () {
  return "pending";
});

When("a step matches twice", function () {});
When(/^a step matches (twice|once)$/, function () {});

When("I attach things", function () {
  console.log("to stdout");
  console.error("to stderr");
  this.log("a log line");
  this.attach(JSON.stringify({ user: "ünïcödé", ok: true }), "application/json");
  this.attach(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"), "image/png");
  this.attach("plain text", { mediaType: "text/plain", fileName: "note.txt" });
});

When("I log 50 KB", function () {
  this.log("0123456789abcdef".repeat(3200));
});

let flakyCalls = 0;
When("a flaky step runs", function () {
  flakyCalls += 1;
  assert.ok(flakyCalls >= 3, `attempt ${flakyCalls} fails`);
});
