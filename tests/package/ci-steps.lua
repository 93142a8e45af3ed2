-- Reads the GitHub Action and the GitLab template with the runtime's YAML reader and prints
-- their shell steps for tests/package/run.sh to run:
--   allure-lua --run ci-steps.lua action.yml|gitlab-template.yml
-- Action: every step's `run`, with ${{ inputs.NAME }} and ${{ steps... }} references left as
-- they are (the steps take inputs through env:, which run.sh sets), checked for shell: bash.
-- Template: the hidden job .allure-lua's script lines and its variables as export lines.
local yaml = require "allure.yaml"

local file, kind = arg[1], arg[2]
local f = assert(io.open(file, "rb"))
local text = f:read("a")
f:close()
local doc, err = yaml.decode(text)
if not doc then io.stderr:write(file, ": ", tostring(err), "\n") os.exit(1) end

local function quote(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end
local function fail(msg) io.stderr:write(file, ": ", msg, "\n") os.exit(1) end

if kind == "action" then
  if type(doc.runs) ~= "table" or doc.runs.using ~= "composite" then fail("runs.using: expected composite") end
  for _, name in ipairs { "script", "inputs", "results-dir", "fail-on-empty", "summary" } do
    if type(doc.inputs) ~= "table" or type(doc.inputs[name]) ~= "table" then fail("no input " .. name) end
  end
  for i, step in ipairs(doc.runs.steps) do
    if step.shell ~= "bash" then fail(("step %d: shell: expected bash"):format(i)) end
    -- env: values that name an input become exports of the test's AL_INPUT_<NAME> variables.
    for var, value in pairs(step.env or {}) do
      local input = tostring(value):match("^%${{%s*inputs%.([%w-]+)%s*}}$")
      if not input then fail(("step %d: env %s: expected ${{ inputs.NAME }}"):format(i, var)) end
      io.stdout:write(("export %s=\"$AL_INPUT_%s\"\n"):format(var, input:upper():gsub("-", "_")))
    end
    if step.run:find("${{", 1, true) then fail(("step %d: an expression inside run: (script injection)"):format(i)) end
    io.stdout:write("(\n", step.run, "\n) || exit $?\n")
  end
elseif kind == "gitlab" then
  local job = doc[".allure-lua"]
  if type(job) ~= "table" or type(job.script) ~= "table" then fail(".allure-lua: no script") end
  local names = {}
  for name in pairs(job.variables) do names[#names + 1] = name end
  table.sort(names)
  for _, name in ipairs(names) do
    io.stdout:write(("export %s=${%s-%s}\n"):format(name, name, quote(job.variables[name])))
  end
  for _, line in ipairs(job.script) do io.stdout:write(line, "\n") end
  local paths = job.artifacts and job.artifacts.paths
  if type(paths) ~= "table" or #paths == 0 then fail(".allure-lua: no artifacts:paths") end
else
  fail("usage: ci-steps.lua FILE action|gitlab")
end
