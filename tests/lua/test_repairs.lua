-- Repairs: what the writer fixes without a word (w:repairs()), missing attachments
-- (allure.attach), and how the driver reports both per input and in --summary-json.
local writer = require "allure.writer"
local attach = require "allure.attach"
local cjson = require "cjson"

local root = os.tmpname()
os.remove(root)
assert(os.execute("mkdir -p " .. root))

local write, read = check.write, check.read

local ZERO = { invalid_utf8 = 0, control_chars = 0, empty_names = 0, clamped_times = 0, missing_times = 0 }

return {
  { "w:repairs counts each kind once where it is made, and resets", function()
    local w = assert(writer.open(root .. "/w", { deterministic = true }))
    check.eq(w:repairs(), ZERO, "a fresh writer")
    assert(w:result { name = "clean", fullName = "a.clean", status = "passed", start = 1, stop = 2 })
    check.eq(w:repairs(), ZERO, "nothing to repair")
    assert(w:result {
      name = "\27[31mred\27[0m", fullName = "a.b\255", status = "failed",
      statusDetails = { message = "cut \195(" },
      start = 10, stop = 5,                                   -- stop before start
      steps = { { name = "", status = "passed", start = 3 } },  -- empty name, no stop
    })
    check.eq(w:repairs(), { invalid_utf8 = 2, control_chars = 2, empty_names = 1, clamped_times = 1,
                            missing_times = 1 }, "after a result with one of each")
    check.eq(w:repairs(), ZERO, "read again: reset")
    assert(w:result { name = "\1\2", status = "passed" })   -- nothing left, no fullName
    w:close()
    check.eq(w:repairs(), { invalid_utf8 = 0, control_chars = 2, empty_names = 1, clamped_times = 0,
                            missing_times = 0 }, "readable after close")
  end },

  { "attach counts references that give no attachment", function()
    local before = attach.missing
    local resolve = attach.resolver { report = root .. "/report.xml", base = root }
    check.eq(resolve("nope.png"), nil, "a missing file")
    local result = {}
    check.eq(attach.add(result, "", { resolve = resolve }), false, "an empty path")
    check.eq(attach.add(result, "data:text/plain;base64,!!", {}), false, "a bad data: URI")
    check.eq(attach.add(result, "https://example.com/x.png", {}), true, "a URL is a link, not a miss")
    check.eq(attach.add(result, "data:text/plain,hi", {}), true, "a good data: URI")
    check.eq(attach.missing - before, 3, "misses")
  end },

  { "the summary JSON lists repairs per input and in the totals", function()
    local dir = root .. "/run"
    assert(os.execute("mkdir -p " .. dir))
    -- A CTRF report: invalid UTF-8 in a name and a message, an attachment that is not there.
    write(dir .. "/report.json", '{"results":{"tool":{"name":"jest"},"summary":{"tests":2,"passed":1,'
      .. '"failed":1,"pending":0,"skipped":0,"other":0,"start":1,"stop":2},"tests":['
      .. '{"name":"bad \255 name","duration":3,"status":"failed","message":"m \195(",'
      .. '"attachments":[{"name":"shot","contentType":"image/png","path":"missing.png"}]},'
      .. '{"name":"fine","duration":1,"status":"passed"}]}}')
    write(dir .. "/clean.json", '{"results":{"tool":{"name":"jest"},"summary":{"tests":1,"passed":1,'
      .. '"failed":0,"pending":0,"skipped":0,"other":0,"start":1,"stop":2},"tests":['
      .. '{"name":"ok","duration":1,"status":"passed"}]}}')
    local status = require("allure.driver").main {
      script = "ctrf", inputs = { dir .. "/report.json", dir .. "/clean.json" }, output = dir .. "/out",
      opts = {}, settings = {}, dirs = {}, quiet = true, deterministic = true,
      summary_json = dir .. "/summary.json",
    }
    check.eq(status, 0, "exit status")
    local summary = cjson.decode(read(dir .. "/summary.json"))
    local first, second = summary.inputs[1], summary.inputs[2]
    -- fullName and name are both made from the test's name: its bad byte is replaced in each.
    check.eq(first.repairs, { invalid_utf8 = 3, control_chars = 0, empty_names = 0, clamped_times = 0,
                              missing_times = 0, missing_attachments = 1 }, "report.json")
    check.eq(second.repairs, { invalid_utf8 = 0, control_chars = 0, empty_names = 0, clamped_times = 0,
                               missing_times = 0, missing_attachments = 0 }, "clean.json")
    check.eq(summary.totals.repairs, first.repairs, "totals")
    check.eq(first.warnings, 1, "the missing attachment is also a warning")
  end },

  { "cleanup", function()
    os.execute("rm -rf " .. root)
  end },
}
