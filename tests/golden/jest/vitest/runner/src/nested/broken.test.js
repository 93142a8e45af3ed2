// A test file that fails before any test runs.
import { test, expect } from "vitest";
import missing from "./does-not-exist.js";

test("never runs", () => {
  expect(missing).toBeDefined();
});
