const { Before, After } = require("@cucumber/cucumber");

Before({ tags: "@skip", name: "skip tagged" }, function () {
  return "skipped";
});

Before({ tags: "@before-fails", name: "open database" }, function () {
  throw new Error("database did not start");
});

After({ tags: "@after-fails" }, function () {
  throw new Error("cleanup failed");
});
