local rules = require "allure.rules"
local writer = require "allure.writer"
local host = require "allure.host"

-- A scratch directory for rules files and CODEOWNERS.
local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p " .. dir .. "/repo/.github"))
dir = host.realpath(dir)

local write = check.write

local n_files = 0
local function load(text, name)
  n_files = n_files + 1
  local path = write(("%s/%s"):format(dir, name or ("rules%d.lua"):format(n_files)), text)
  return rules.load({ path }), path
end

-- The message a rules file raises, with its path replaced by "FILE".
local function load_error(text, name)
  n_files = n_files + 1
  local path = write(("%s/%s"):format(dir, name or ("bad%d.lua"):format(n_files)), text)
  local ok, err = pcall(rules.load, { path })
  assert(not ok, "expected an error")
  assert(err:sub(1, #path + 1) == path .. ":", "message does not start with the path: " .. err)
  return "FILE" .. err:sub(#path + 1)
end

local function result(t)
  t = t or {}
  t.labels = t.labels or {}
  t.links = t.links or {}
  t.parameters = t.parameters or {}
  return t
end

local function values(r, name)
  local out = {}
  for _, l in ipairs(r.labels) do
    if l.name == name then out[#out + 1] = l.value end
  end
  return out
end

return {
  { "label sets, add_label adds, default_label fills, remove_label removes", function()
    local rs = load [[
      label("epic", "Billing", { package = "^com%.acme%.billing" })
      add_label("tag", "slow", { name = "slow" })
      add_label("tag", "smoke")
      default_label("owner", "qa-team")
      remove_label("tag", "^wip$")
      remove_label("thread")
    ]]
    local r = result { name = "pays slow", labels = {
      { name = "package", value = "com.acme.billing" }, { name = "epic", value = "Old" }, { name = "epic", value = "Older" },
      { name = "tag", value = "wip" }, { name = "tag", value = "smoke" }, { name = "owner", value = "alice" },
      { name = "thread", value = "main" } } }
    rs:apply(r, {})
    check.eq(r.labels, {
      { name = "package", value = "com.acme.billing" }, { name = "epic", value = "Billing" },
      { name = "tag", value = "smoke" }, { name = "owner", value = "alice" }, { name = "tag", value = "slow" } })
    local other = result { name = "x", labels = { { name = "package", value = "com.acme.shop" } } }
    rs:apply(other, {})
    check.eq(other.labels, { { name = "package", value = "com.acme.shop" }, { name = "tag", value = "smoke" },
                             { name = "owner", value = "qa-team" } })
  end },
  { "label entries shared with other results are replaced, not edited", function()
    local rs = load [[ label("epic", "New") ]]
    local shared = { name = "epic", value = "Old" }
    local a, b = result { labels = { shared } }, result { labels = { shared } }
    rs:apply(a, {})
    check.eq(shared.value, "Old")
    check.eq(a.labels, { { name = "epic", value = "New" } })
    check.eq(b.labels[1], shared)
  end },
  { "severity and ALLURE_ID values must be usable, else nothing is set", function()
    local rs = load [[
      label("severity", "{1}", { tag = "^sev:(%a+)$" })
      label("ALLURE_ID", "{1}", { name = "^%[(%w+)%]" })
    ]]
    local ok = result { name = "[1234] works", labels = { { name = "tag", value = "sev:CRITICAL" } } }
    rs:apply(ok, {})
    check.eq(values(ok, "severity"), { "critical" })
    check.eq(values(ok, "ALLURE_ID"), { "1234" })
    local bad = result { name = "[abc] works", labels = { { name = "tag", value = "sev:urgent" } } }
    rs:apply(bad, {})
    check.eq(values(bad, "severity"), {})
    check.eq(values(bad, "ALLURE_ID"), {})
  end },
  { "selectors: fields, globs, lists, functions, presence, unless, labels, parameters, titlePath, info", function()
    local rs = load [[
      add_label("m", "status", { status = "^failed$" })
      add_label("m", "glob {1}", { fullName = glob "com.acme.*Test.*" })
      add_label("m", "list", { name = { "^alpha", "^beta" } })
      add_label("m", "function", { name = function(v) return #v == 4 end })
      add_label("m", "has owner", { owner = true })
      add_label("m", "no owner", { owner = false })
      add_label("m", "unless", { name = ".", unless = { status = "failed" } })
      add_label("m", "explicit label", { labels = { status = "^green$" } })
      add_label("m", "param", { parameters = { browser = "^chrome$" } })
      add_label("m", "title", { titlePath = "^integration$" })
      add_label("m", "info {script}", { file = "^src/", input = "%.xml$" })
      add_label("m", "message", { message = "Timeout" })
      add_label("m", "when function {1}", function(r) return r.name == "beta" and { "B" } end)
    ]]
    local r = result { name = "beta", fullName = "com.acme.LoginTest.beta", status = "failed",
      statusDetails = { message = "Timeout after 5 s" }, titlePath = { "integration", "login" },
      labels = { { name = "status", value = "green" } }, parameters = { { name = "browser", value = "chrome" } } }
    rs:apply(r, { file = "src/login.test.js", input = "report.xml", script = "junit" })
    check.eq(values(r, "m"), { "status", "glob Login", "list", "function", "no owner", "explicit label", "param",
      "title", "info junit", "message", "when function B" })
    local s = result { name = "gamma", status = "passed", labels = { { name = "owner", value = "bob" } } }
    rs:apply(s, nil)
    check.eq(values(s, "m"), { "has owner", "unless" })
  end },
  { "templates: fields, labels, parameters, captures, filters; a missing value does nothing", function()
    local rs = load [[
      label("a", "{fullName|lower}/{package|slashes}/{parameters.user|upper}/{titlePath}/{titlePath.2}")
      label("b", "{1|capitalize}-{2}", { package = "^com%.(%w+)%.(%w+)" })
      label("c", "{{literal}} {name|md5}")
      label("d", "{nosuchlabel}")
      label("e", "{file|basename} in {file|dirname}")
      label("f", "{name|urlencode}")
    ]]
    local r = result { name = "a b", fullName = "Com.Acme.X", titlePath = { "p", "q" },
      labels = { { name = "package", value = "com.acme.billing" } }, parameters = { { name = "user", value = "root" } } }
    rs:apply(r, { file = "src/x/a.test.js" })
    check.eq(values(r, "a"), { "com.acme.x/com/acme/billing/ROOT/p > q/q" })
    check.eq(values(r, "b"), { "Acme-billing" })
    check.eq(values(r, "c"), { "{literal} " .. writer.md5("a b") })
    check.eq(values(r, "d"), {})
    check.eq(values(r, "e"), { "a.test.js in src/x" })
    check.eq(values(r, "f"), { "a%20b" })
  end },
  { "value functions get the result, info and captures", function()
    local rs = load [[
      label("team", function(r, info, caps) return caps[1]:upper() .. "@" .. info.script end, { package = "^(%w+)" })
      label("none", function() return nil end)
    ]]
    local r = result { labels = { { name = "package", value = "shop.cart" } } }
    rs:apply(r, { script = "junit" })
    check.eq(values(r, "team"), { "SHOP@junit" })
    check.eq(values(r, "none"), {})
  end },
  { "link: keys in names, messages and tags; issue labels become links; no duplicates", function()
    local rs = load [[
      link { type = "issue", key = "%f[%w]PAY%-%d+", url = "https://jira.example.com/browse/{}" }
      link { type = "tms", key = "%[C(%d+)%]", url = "https://tms.example.com/case/{}", name = "C{}", from = "name" }
    ]]
    local r = result { name = "[C77] PAY-1 pays", statusDetails = { message = "see PAY-2 and PAY-1" },
      labels = { { name = "tag", value = "PAY-3" }, { name = "issue", value = "PAY-4" }, { name = "issue", value = "other" },
                 { name = "tag", value = "UTF-8" } },
      links = { { type = "issue", url = "https://jira.example.com/browse/PAY-2", name = "PAY-2" } } }
    rs:apply(r, {})
    check.eq(r.links, {
      { type = "issue", url = "https://jira.example.com/browse/PAY-2", name = "PAY-2" },
      { type = "issue", url = "https://jira.example.com/browse/PAY-1", name = "PAY-1" },
      { type = "issue", url = "https://jira.example.com/browse/PAY-3", name = "PAY-3" },
      { type = "issue", url = "https://jira.example.com/browse/PAY-4", name = "PAY-4" },
      { type = "tms", url = "https://tms.example.com/case/77", name = "C77" } })
    check.eq(values(r, "issue"), { "other" })
    check.eq(values(r, "tag"), { "PAY-3", "UTF-8" })
  end },
  { "set, renamed, flag", function()
    local rs = load [[
      set("name", "{1}", { name = "^%[C%d+%]%s*(.+)$" })
      set("fullName", "{package}.{testClass|basename}", { package = true })
      set("status", "skipped", { message = "^Not implemented" })
      set("message", "Quarantined: {message}", { tag = "^quarantine$" })
      flag("muted", { tag = "^quarantine$" })
      renamed("com.acme.legacy.{1}", { fullName = "^com%.acme%.billing%.(.*)$" })
    ]]
    local details = { message = "Not implemented yet" }
    local r = result { name = "[C1] pays", fullName = "old", status = "broken", statusDetails = details,
      labels = { { name = "package", value = "com.acme.billing" }, { name = "testClass", value = "com/acme/Pay" },
                 { name = "tag", value = "quarantine" } } }
    rs:apply(r, {})
    check.eq(r.name, "pays")
    check.eq(r.fullName, "com.acme.billing.Pay")
    check.eq(r.status, "skipped")
    check.eq(r.statusDetails, { message = "Quarantined: Not implemented yet", muted = true })
    check.eq(details, { message = "Not implemented yet" }, "a converter's statusDetails table")
    check.eq(r.testCaseId, writer.md5("com.acme.legacy.Pay"))
  end },
  { "parameter: excluded, mode, remove, by name or glob, without editing shared entries", function()
    local rs = load [[
      parameter("seed", { excluded = true })
      parameter(glob "*password*", { mode = "masked" })
      parameter("tmp", { remove = true })
      parameter("browser", { excluded = true, mode = "hidden" }, { status = "skipped" })
    ]]
    local seed = { name = "seed", value = 42 }
    local params = { seed, { name = "db_password_x", value = "s3cret" }, { name = "tmp", value = "/tmp/x" },
                     { name = "browser", value = "chrome" } }
    local r = result { status = "passed", parameters = params }
    rs:apply(r, {})
    check.eq(r.parameters, { { name = "seed", value = 42, excluded = true },
      { name = "db_password_x", value = "s3cret", mode = "masked" }, { name = "browser", value = "chrome" } })
    check.eq(seed, { name = "seed", value = 42 })
    local s = result { status = "skipped", parameters = { { name = "browser", value = "ff" } } }
    rs:apply(s, {})
    check.eq(s.parameters, { { name = "browser", value = "ff", excluded = true, mode = "hidden" } })
  end },
  { "set_parameter replaces a parameter of its name or adds one", function()
    local rs = load [[
      set_parameter("os", "linux")
      set_parameter("suite_of", "{script}:{name}", { status = "failed" })
    ]]
    local shared = { name = "os", value = "mac" }
    local r = result { name = "t", status = "passed", parameters = { shared, { name = "n", value = "1" } } }
    rs:apply(r, { script = "junit" })
    check.eq(r.parameters, { { name = "os", value = "linux" }, { name = "n", value = "1" } })
    check.eq(shared.value, "mac")                -- entries are replaced, never edited in place
    local f = result { name = "u", status = "failed" }
    rs:apply(f, { script = "junit" })
    check.eq(f.parameters, { { name = "os", value = "linux" }, { name = "suite_of", value = "junit:u" } })
    check.eq(load_error "set_parameter('os')", "FILE:1: set_parameter: value: expected a string (a template), a number or a function, got nil")
  end },
  { "parameters_from_name keeps the identity free of parameters", function()
    local rs = load [[ parameters_from_name("^(.-) as (%w+) on (%w+)$", { "user", "browser" }) ]]
    local r = result { name = "logs in as admin on firefox", fullName = "LoginTest.logs in as admin on firefox",
      labels = { { name = "testMethod", value = "logs in as admin on firefox" } },
      parameters = { { name = "browser", value = "given" } } }
    rs:apply(r, {})
    check.eq(r.name, "logs in as admin on firefox")
    check.eq(r.fullName, "LoginTest.logs in")
    check.eq(r.parameters, { { name = "browser", value = "given" }, { name = "user", value = "admin" } })
    check.eq(values(r, "testMethod"), { "logs in" })
  end },
  { "codeowners: owners from the test's file, last match wins, own owner label kept", function()
    write(dir .. "/repo/.github/CODEOWNERS", table.concat({
      "# owners",
      "*                @acme/qa",
      "/src/billing/    @acme/billing @carol",
      "*.js             @web",
      "/src/billing/legacy/",
      "", }, "\n"))
    write(dir .. "/repo/rules.lua", [[
      codeowners(".github/CODEOWNERS")
      codeowners(".github/CODEOWNERS", { path = "src/{testClass|slashes}.java", first = true, when = { file = false } })
    ]])
    local rs = rules.load { dir .. "/repo/rules.lua" }
    local function owners(info, labels)
      local r = result { labels = labels or {} }
      rs:apply(r, info)
      return values(r, "owner")
    end
    check.eq(owners { file = "src/billing/Invoice.java" }, { "acme/billing", "carol" })
    check.eq(owners { file = "src/billing/ui/app.js" }, { "web" })
    check.eq(owners { file = "src/billing/legacy/Old.java" }, {})
    check.eq(owners { file = "./docs/x.md" }, { "acme/qa" })
    check.eq(owners { file = dir .. "/repo/src/billing/A.java" }, { "acme/billing", "carol" })
    check.eq(owners { file = "/elsewhere/src/billing/A.java" }, {})
    check.eq(owners({ file = "src/billing/A.java" }, { { name = "owner", value = "dave" } }), { "dave" })
    check.eq(owners({}, { { name = "testClass", value = "billing.Invoice" } }), { "acme/billing" })
  end },
  { "codeowners options: override, keep_at, root", function()
    write(dir .. "/CODEOWNERS.team", "src/ @team-a @team-b\n")
    local rs = load [[ codeowners("CODEOWNERS.team", { override = true, keep_at = true, root = "repo" }) ]]
    local r = result { labels = { { name = "owner", value = "dave" } } }
    rs:apply(r, { file = dir .. "/repo/src/a.py" })
    check.eq(values(r, "owner"), { "@team-a", "@team-b" })
  end },
  { "categories in file order; message_contains escapes the text", function()
    local rs = load [[
      category { name = "Timeouts", statuses = { "broken", "failed" }, message_contains = "Timeout (5 s)" }
      category { name = "Flaky", flaky = true, trace = ".*Retry.*", description = "retried" }
    ]]
    check.eq(rs:categories(), {
      { name = "Timeouts", matchedStatuses = { "broken", "failed" }, messageRegex = ".*Timeout \\(5 s\\).*" },
      { name = "Flaky", flaky = true, traceRegex = ".*Retry.*", description = "retried" } })
    check.eq(load([[ label("a", "b") ]]):categories(), nil)
  end },
  { "each: a hook with the labels helpers; rules.VERB is the same verb", function()
    local rs = load [[
      rules.each(function(r, info)
        if labels.get(r, "team") then labels.add(r, "owner", labels.get(r, "team")) end
        labels.remove(r, "team")
        r.description = info.script .. " " .. #labels.all(r, "tag")
      end, { status = "failed" })
    ]]
    local r = result { status = "failed", labels = { { name = "team", value = "pay" }, { name = "tag", value = "x" } } }
    rs:apply(r, { script = "tap" })
    check.eq(r.labels, { { name = "tag", value = "x" }, { name = "owner", value = "pay" } })
    check.eq(r.description, "tap 1")
  end },
  { "several files apply in order, each with its own globals", function()
    local _, first = load([[ mapping = "one"; label("a", mapping) ]], "first.lua")
    local second = write(dir .. "/second.lua", [[ label("a", "{a}-two"); label("b", mapping or "none") ]])
    local ok, err = pcall(rules.load, { first, second })
    check.eq(ok, false)
    check.eq(err, second .. ":1: unknown verb or name \"mapping\"")
    write(second, [[ label("a", "{a}-two") ]])
    local rs = rules.load { first, second }
    local r = result()
    rs:apply(r, {})
    check.eq(values(r, "a"), { "one-two" })
  end },
  { "the sandbox: safe basics and os.getenv; no io, os.execute or require", function()
    local rs = load [[
      label("path", os.getenv("PATH") and "set" or "unset")
      label("up", string.upper("x") .. math.max(1, 2) .. table.concat({ "a", "b" }))
      label("md5", md5("x"))
    ]]
    local r = result()
    rs:apply(r, {})
    check.eq(values(r, "up"), { "X2ab" })
    check.eq(values(r, "md5"), { writer.md5("x") })
    check.eq(load_error "io.open('/etc/passwd')", "FILE:1: unknown verb or name \"io\"")
    check.eq(load_error "\nos.execute('true')", "FILE:2: attempt to call a nil value (field 'execute')")
    check.eq(load_error "require 'os'", "FILE:1: unknown verb or name \"require\"")
  end },
  { "mistakes are reported at the rules file's line", function()
    check.eq(load_error "label('a', 'b')\nlable('a', 'b')",
      "FILE:2: unknown verb or name \"lable\" (did you mean 'label'?)")
    check.eq(load_error "rules.eachh(print)", "FILE:1: unknown verb \"eachh\" (did you mean 'each'?)")
    check.eq(load_error "label('a' 'b')", "FILE:1: ')' expected near ''b''")
    check.eq(load_error "\n\nlabel('epic', 'x', { package = 'com(' })",
      "FILE:3: label: when.package: malformed pattern \"com(\": unfinished capture")
    check.eq(load_error "label('x', 'y', { name = '[a' })",
      "FILE:1: label: when.name: malformed pattern \"[a\": missing ']'")
    check.eq(load_error "label('x', 'y', { name = '%' })", "FILE:1: label: when.name: malformed pattern \"%\": ends with '%'")
    check.eq(load_error "label('x', 'y', { name = '(a)%2' })",
      "FILE:1: label: when.name: malformed pattern \"(a)%2\": invalid capture index %2")
    check.eq(load_error "label('epic', '{1}', { package = 'com' })",
      "FILE:1: label: {1} needs a capture that `when` does not have (it has 0)")
    check.eq(load_error "label('e', '{1}', { package = '(c)', name = '(n)' })",
      "FILE:1: label: {1} is ambiguous: more than one entry of `when` has captures")
    check.eq(load_error "label('severity', 'urgent')",
      "FILE:1: label: severity \"urgent\" is not one of blocker, critical, normal, minor, trivial")
    check.eq(load_error "label('ALLURE_ID', 'C12')",
      "FILE:1: label: ALLURE_ID \"C12\" is not a number (TestOps test case ids are numbers)")
    check.eq(load_error "label(nil, 'x')", "FILE:1: label: name: expected a non-empty string, got nil")
    check.eq(load_error "label('a', {})", "FILE:1: label: value: expected a string (a template), a number or a function, got table")
    check.eq(load_error "label('a', 'b', { name = 5 })",
      "FILE:1: label: when.name: expected a Lua pattern (string), glob(...), a list of them or a function, got number")
    check.eq(load_error "label('a', 'b', { fulName = 'x' })",
      "FILE:1: label: when: 'fulName' is not a field (did you mean 'fullName'?); a label of that name is written labels = { fulName = ... }")
    check.eq(load_error "label('a', '{name|lowr}')",
      "FILE:1: label: value: unknown filter 'lowr' in {name|lowr} (did you mean 'lower'?) (filters: basename, capitalize, dirname, dots, lower, md5, slashes, trim, upper, urlencode)")
    check.eq(load_error "label('a', '{name')", "FILE:1: label: value: '{' without '}' in \"{name\"")
    check.eq(load_error "label('a', 'b', nil, 'extra')", "FILE:1: label: too many arguments")
    check.eq(load_error "link { type = 'issue', key = 'X-%d+', urll = 'x' }",
      "FILE:1: link: unknown key \"urll\" (did you mean 'url'?) (keys: from, key, name, type, url, when)")
    check.eq(load_error "link { type = 'issue', key = '%d*', url = 'x/{}' }",
      "FILE:1: link: key: pattern \"%d*\" matches the empty string")
    check.eq(load_error "label('a', '{}')", "FILE:1: label: value: {} stands for the key a link rule found; it means nothing here")
    check.eq(load_error "set('status', 'flaky')", "FILE:1: set: status \"flaky\" is not one of passed, failed, broken, skipped, unknown")
    check.eq(load_error "set('uuid', 'x')",
      "FILE:1: set: field: expected one of description, descriptionHtml, fullName, message, name, status, testCaseId, got \"uuid\"")
    check.eq(load_error "parameter('seed', { exclude = true })",
      "FILE:1: parameter: unknown key \"exclude\" (did you mean 'excluded'?) (keys: excluded, mode, remove)")
    check.eq(load_error "parameter('seed', { mode = 'secret' })",
      "FILE:1: parameter: mode: expected \"default\", \"masked\" or \"hidden\", got \"secret\"")
    check.eq(load_error "parameters_from_name('^(.-)%[(.*)%]$', { 'a', 'b' })",
      "FILE:1: parameters_from_name: pattern \"^(.-)%[(.*)%]$\" has 2 captures; expected 3 (the name without parameters, then one per name)")
    check.eq(load_error "flag('broken')", "FILE:1: flag: expected \"flaky\", \"muted\" or \"known\", got \"broken\"")
    check.eq(load_error "codeowners('NOPE')", "FILE:1: codeowners: " .. dir .. "/NOPE: No such file or directory")
    check.eq(load_error "category { name = 'x', statuses = { 'flaky' } }",
      "FILE:1: category: statuses[1]: \"flaky\" is not one of passed, failed, broken, skipped, unknown")
    check.eq(load_error "category { name = 'x', message = 'a', message_contains = 'b' }",
      "FILE:1: category: message, message_contains: give one of them")
    check.eq(load_error "each('x')", "FILE:1: each: expected a function(result, info), got string")
    check.eq(load_error "glob 'a[b'", "FILE:1: glob \"a[b\": '[' without ']'")
    check.eq(load_error "error('own message')", "FILE:1: own message")
    write(dir .. "/CODEOWNERS.bad", "ok/ @a\n!negated @b\n")
    check.eq(load_error "codeowners('CODEOWNERS.bad')",
      "FILE:1: codeowners: " .. dir .. "/CODEOWNERS.bad:2: !negated: negation (!) is not supported in CODEOWNERS")
  end },
  { "a long path is named in full, not as Lua's shortened chunk name", function()
    local name = ("a-rather-long-directory-name-for-the-rules-file/"):rep(2) .. "rules.lua"
    assert(os.execute("mkdir -p " .. dir .. "/" .. name:match("^(.*)/")))
    check.eq(load_error("\nlable()", name), "FILE:2: unknown verb or name \"lable\" (did you mean 'label'?)")
    check.eq(load_error("x = = 1", name), "FILE:1: unexpected symbol near '='")
  end },
  { "an apply-time mistake in a hook names the rules file's line", function()
    local rs, path = load "\neach(function(r) r.name = undefined_name end)"
    local ok, err = pcall(rs.apply, rs, result(), {})
    check.eq(ok, false)
    check.eq(err, path .. ":2: unknown verb or name \"undefined_name\"")
  end },
  { "verbs make rules while the file loads, not from a hook", function()
    local rs, path = load "each(function(r) label('a', 'b') end)"
    local ok, err = pcall(rs.apply, rs, result(), {})
    check.eq(ok, false)
    check.eq(err, path .. ":1: label: rules are made while the rules file loads, not in a hook")
  end },
  { "every example of docs/rules.md loads", function()
    local docs = arg[1]:gsub("tests/lua/[^/]*$", "") .. "docs/rules.md"
    local text = check.read(docs)
    local examples = dir .. "/examples"
    assert(os.execute("mkdir -p " .. examples .. "/.github"))
    write(examples .. "/.github/CODEOWNERS", "* @acme/qa\n")
    write(examples .. "/CODEOWNERS", "* @acme/qa\n")
    local n = 0
    for block in text:gmatch("```lua\n(.-)```") do
      n = n + 1
      local path = write(("%s/example%d.lua"):format(examples, n), block)
      local ok, err = pcall(rules.load, { path })
      assert(ok, ("example %d: %s\n%s"):format(n, tostring(err), block))
    end
    assert(n >= 25, "examples found: " .. n)
  end },
  { "a result no rule matches costs no memory", function()
    local lines = {}
    for i = 1, 10 do
      lines[#lines + 1] = ("label('epic', 'E%d', { package = '^com%%.acme%%.m%d' })"):format(i, i)
      lines[#lines + 1] = ("add_label('tag', '{1}', { name = '^T%d (%%w+)' })"):format(i)
    end
    lines[#lines + 1] = "link { type = 'issue', key = '%f[%w]PAY%-%d+', url = 'https://j/{}' }"
    lines[#lines + 1] = "parameter('seed', { excluded = true })"
    local rs = load(table.concat(lines, "\n"))
    local r = result { name = "plain test", fullName = "com.other.X.plain test", status = "passed",
      statusDetails = { message = "all good" },
      labels = { { name = "package", value = "com.other" }, { name = "tag", value = "smoke" } },
      parameters = { { name = "browser", value = "chrome" } } }
    local info = { input = "report.xml", script = "junit" }
    rs:apply(r, info)
    collectgarbage("collect")
    collectgarbage("stop")
    local before = collectgarbage("count")
    for _ = 1, 20000 do rs:apply(r, info) end
    local grown = collectgarbage("count") - before
    collectgarbage("restart")
    assert(grown < 1, ("20000 applies allocated %.1f KiB"):format(grown))
    check.eq(#r.labels, 2)
    os.execute("rm -rf " .. dir)
  end },
}
