-- Metadata that reports carry in-band — properties, tags, name=value pairs — and
-- what Allure makes of it: labels, links, flags. One place for every converter,
-- so `owner` means the same in a JUnit property, a TRX owner and a Cucumber tag.
local model = require "allure.model"
local attach = require "allure.attach"

local meta = {}

-- Property names (lower-cased, "_"/"-"/" " read as ".") with an Allure meaning.
local LABELS = {
  owner = "owner", severity = "severity", epic = "epic", feature = "feature", story = "story",
  lead = "lead", layer = "layer", suite = "suite", ["parent.suite"] = "parentSuite",
  ["sub.suite"] = "subSuite", package = "package", framework = "framework", language = "language",
  host = "host", thread = "thread",
  ["allure.id"] = "ALLURE_ID", ["allureid"] = "ALLURE_ID", ["as.id"] = "ALLURE_ID",
  ["test.id"] = "ALLURE_ID",
}
local LISTS = { tag = "tag", tags = "tag", category = "tag", categories = "tag" }
local LINKS = {
  issue = "issue", issues = "issue", bug = "issue", jira = "issue", requirement = "issue",
  requirements = "issue", tms = "tms", ["test.key"] = "tms",
  link = "link", url = "link",
}
local SEVERITIES = { blocker = true, critical = true, normal = true, minor = true, trivial = true }

-- Testmo's step[STATUS] words and the Allure status each means.
local STEP_STATUSES = {
  passed = "passed", pass = "passed", success = "passed", ok = "passed",
  failed = "failed", failure = "failed", fail = "failed",
  error = "broken", broken = "broken",
  skipped = "skipped", skip = "skipped", pending = "skipped", disabled = "skipped",
  unknown = "unknown",
}

local function key_of(name)
  return (name:lower():gsub("[_%- ]", "."))
end

local function is_url(s)
  return s:match("^%a[%w+.-]*://%S+$") ~= nil
end

local function split_list(value)
  local items = {}
  for item in value:gmatch("[^,;%s]+") do items[#items + 1] = item end
  return items
end

-- Link keys of a property: split at commas and semicolons; at blanks only when
-- every word is a key (has a digit: "ABC-1 ABC-2", "#12 #13"), so an annotation
-- written as words ("ticket ACC-7") stays one value, which a `link` rule's key
-- pattern (docs/rules.md) turns into a link.
local function split_keys(value)
  local items = {}
  for part in value:gmatch("[^,;]+") do
    part = part:match("^%s*(.-)%s*$")
    local all_keys = true
    for word in part:gmatch("%S+") do
      if not word:find("%d") then all_keys = false end
    end
    if all_keys then
      for word in part:gmatch("%S+") do items[#items + 1] = word end
    elseif part ~= "" then
      items[#items + 1] = part
    end
  end
  return items
end

-- The link URL templates of a script's `--opt link=KIND=URL-TEMPLATE` list, as
-- { issue = "https://jira/browse/{}" }. A malformed entry is a usage mistake: raises.
function meta.link_templates(list, script)
  local templates = {}
  for _, spec in ipairs(list or {}) do
    local kind, template = spec:match("^([%w_.-]+)=(.+)$")
    if not kind then error(("%s: option link: expected KIND=URL-TEMPLATE, got '%s'"):format(script, spec), 0) end
    templates[kind] = template
  end
  return templates
end

-- A link of `kind` to `value`: a URL as it is; a key ("ABC-12") through the
-- template for its kind ("https://jira/browse/{}"). Without a template the key
-- is kept as a label of that kind: Allure drops links that have no URL.
function meta.link(result, kind, value, templates)
  value = value:match("^%s*(.-)%s*$")
  if value == "" then return end
  local url, name
  if is_url(value) then
    url = value
  elseif templates and templates[kind] and not value:find("%s") then   -- a key, not words
    url = templates[kind]:gsub("{}", (value:gsub("%%", "%%%%")))
    name = value
  else
    model.label(result.labels, kind, value)
    return
  end
  result.links = result.links or {}
  result.links[#result.links + 1] = { type = kind, url = url, name = name }
end

local trim = require("allure.coerce").trim

-- A Testmo step: the first line names it, the rest describes it. Values made of
-- <test-step-subfield name="Step">...</test-step-subfield> parts: the first part
-- names the step, the others ("Expected: ...") describe it.
local function step_of(value, status)
  local parts = {}
  for field, text in value:gmatch('<test%-step%-subfield%s+name="([^"]*)"%s*>(.-)</test%-step%-subfield>') do
    text = trim(text:gsub("<[^>]*>", ""):gsub("%s+", " "))
    if text ~= "" then parts[#parts + 1] = { field, text } end
  end
  local name, description
  if #parts > 0 then
    name = parts[1][2]
    local rest = {}
    for i = 2, #parts do rest[#rest + 1] = parts[i][1] .. ": " .. parts[i][2] end
    description = #rest > 0 and table.concat(rest, "\n") or nil
  else
    local lines = {}
    for line in value:gmatch("[^\r\n]+") do
      line = trim(line)
      if line ~= "" then lines[#lines + 1] = line end
    end
    name = lines[1]
    description = #lines > 1 and table.concat(lines, "\n", 2) or nil
  end
  if not name then return nil end
  return { name = name, status = status, description = description }
end

-- An Xray evidence item ({name=, content=BASE64}) as an attachment; nil, err
-- when it does not decode; a note in its place when over the size cap.
local function evidence_attachment(item, opts)
  local name = type(item.name) == "string" and item.name:find("%S") and trim(item.name) or "evidence"
  local data = item.content or ""
  local a, err = attach.inline(data, { name = name, type = "application/octet-stream", max_size = opts.max_size,
                                       warn = opts.warn })
  if not a then return nil, ("%s: Xray evidence: %s"):format(name, err) end
  if err then return a end                       -- the note in its place (warned)
  local content = a.content
  local ext = name:match("%.(%w+)$")
  local sniffed = attach.sniff(content:sub(1, 512))
  -- The extension names the type when there is one; the bytes otherwise, or
  -- when they are an image or another binary type the extension cannot override.
  local t = sniffed
  if ext and sniffed and (sniffed:find("^text/") or sniffed == "application/json" or sniffed == "application/xml") then
    t = nil
  end
  return { name = name, content = content, ext = ext, type = t or (not ext and "application/octet-stream" or nil) }
end

-- The name and value of an XML <property> element read with r:tree(): the
-- value attribute, else Xray's <item name="...">BASE64</item> children as a list
-- of {name=, content=} (testrun_evidence), else the element's text.
function meta.property_of(node)
  local name = node.attrs and node.attrs.name
  local value = node.attrs and node.attrs.value
  if value == nil then
    local items
    for _, child in ipairs(node) do
      if child.name == "item" then
        items = items or {}
        items[#items + 1] = { name = child.attrs.name, content = child.text or "" }
      end
    end
    value = items or node.text or ""
  end
  return name, value
end

local function set_flag(result, flag, value)
  local on = value == nil or value == "" or value:lower() == "true" or value == "1"
  if on then
    result.statusDetails = result.statusDetails or {}
    result.statusDetails[flag] = true
  end
end

-- Applies one name=value pair. Returns true when the name has an Allure meaning
-- (and was applied), false when it is an ordinary property the caller decides
-- about. opts.templates: link URL templates by kind; opts.attach(path): an
-- attachment for a path, or nil, err (Testmo's `attachment*` properties; an
-- attach.resolver); opts.warn(msg): told about a path that could not be
-- attached; opts.max_size: the cap for data: URIs and Xray evidence.
-- Besides labels, links and flags, a result may get `steps` (Testmo step
-- properties), `name` (Xray test_summary), `description` and `attachments`.
-- `value` is a string, or for Xray's testrun_evidence the item list that
-- meta.property_of reads.
function meta.property(result, name, value, opts)
  opts = opts or {}
  result.labels = result.labels or {}
  local key = key_of(name)
  if key == "testrun.evidence" then
    local items = type(value) == "table" and value or { { name = "evidence", content = tostring(value or "") } }
    for _, item in ipairs(items) do
      local a, err = evidence_attachment(item, opts)
      if a then
        result.attachments = result.attachments or {}
        result.attachments[#result.attachments + 1] = a
      elseif opts.warn then
        opts.warn(err)
      end
    end
    return true
  end
  if type(value) == "table" then return false end        -- <item> lists mean something only above
  if type(value) ~= "string" then value = value == nil and "" or tostring(value) end

  local label = key:match("^allure%.label%.(.+)$")
  if label then
    model.label(result.labels, name:sub(#"allure.label." + 1), value)
    return true
  end
  local kind = key:match("^allure%.link%.(.+)$")
  if kind then
    meta.link(result, name:sub(#"allure.link." + 1), value, opts.templates)
    return true
  end
  if key == "allure.flaky" or key == "allure.muted" or key == "allure.known" then
    set_flag(result, key:sub(8), value)
    return true
  end
  if key == "description" or key == "allure.description" or key == "test.description" then
    if value:find("%S") then result.description = value end
    return true
  end
  -- Xray: the summary is the test's title; identity (fullName) stays as it was.
  if key == "test.summary" then
    if value:find("%S") then result.name = trim(value) end
    return true
  end
  if key == "testrun.comment" then
    if value:find("%S") then
      result.attachments = result.attachments or {}
      result.attachments[#result.attachments + 1] = { name = "Test run comment", content = value, type = "text/plain" }
    end
    return true
  end
  -- Testmo: step, step1, step[passed], step2[failure]
  local step_status = key:match("^step%d*%[(.-)%]$")
  if step_status or key:match("^step%d*$") then
    local step = step_of(value, step_status and STEP_STATUSES[trim(step_status)] or nil)
    if step then
      result.steps = result.steps or {}
      result.steps[#result.steps + 1] = step
    end
    return true
  end
  if not LABELS[key] then key = key:gsub("^allure%.", "") end   -- "allure.owner" = "owner"
  if LABELS[key] then
    if LABELS[key] == "severity" and not SEVERITIES[value:lower()] then return false end
    model.label(result.labels, LABELS[key], LABELS[key] == "severity" and value:lower() or value)
    return true
  end
  if LISTS[key] then
    for _, item in ipairs(split_list(value)) do model.label(result.labels, LISTS[key], item) end
    return true
  end
  if LINKS[key] then
    for _, item in ipairs(is_url(value) and { value } or split_keys(value)) do
      meta.link(result, LINKS[key], item, opts.templates)
    end
    return true
  end
  -- Testmo: attachment, attachment_1, ...: a path (through opts.attach), a web
  -- URL (a link) or a data: URI (decoded); url:NAME (a link); html:NAME (an
  -- HTML attachment).
  if key:match("^attachment") then
    local ref = trim(value)
    if opts.attach or attach.is_web_url(ref) or ref:lower():find("^data:") then
      attach.add(result, ref, { resolve = opts.attach, warn = opts.warn, max_size = opts.max_size })
      return true
    end
    return false
  end
  local link_name = name:match("^url:(.+)$")
  if link_name and is_url(value) then
    result.links = result.links or {}
    result.links[#result.links + 1] = { type = "link", url = value, name = link_name }
    return true
  end
  local html_name = name:match("^html:(.+)$")
  if html_name then
    if value:find("%S") then
      result.attachments = result.attachments or {}
      result.attachments[#result.attachments + 1] = { name = html_name, content = value, type = "text/html" }
    end
    return true
  end
  return false
end

-- Applies a list of { name, value } properties (an XML report's <property>s, a
-- go test's attributes): names with an Allure meaning through meta.property, the
-- other names with a string value as labels when `as_labels` (the scripts'
-- --opt ...-properties=labels), else ignored.
function meta.properties(result, list, as_labels, opts)
  for _, p in ipairs(list) do
    if not meta.property(result, p[1], p[2], opts) and as_labels and type(p[2]) == "string" then
      model.label(result.labels, p[1], p[2])
    end
  end
end

-- Applies one tag in the forms Allure adapters use: "@severity:critical",
-- "allure.label.owner=alice", "@issue:ABC-1", "allure.id=42". Any other tag
-- becomes a `tag` label (without a leading "@").
function meta.tag(result, tag, opts)
  result.labels = result.labels or {}
  local bare = tag:match("^%s*@?(.-)%s*$")
  local name, value = bare:match("^([%w_.%-]+)[:=](.*)$")
  if name and (name:lower():match("^allure%.") or LABELS[key_of(name)] or LINKS[key_of(name)]) then
    if meta.property(result, name, value, opts) then return end
  end
  model.label(result.labels, "tag", bare)
end

-- meta.tag for a converter whose tests carry the same few tags ("@smoke" on
-- thousands of tests): the label of a plain tag (one without an Allure meaning) is
-- made once and shared; a tag with a meaning is applied each time. A hostile report
-- with a million distinct tags caches the first TAGGER_MAX only.
local TAGGER_MAX = 1024
function meta.tagger(opts)
  local plain, n = {}, 0                 -- tag -> its label, or false: not a plain tag
  return function(result, tag)
    local label = plain[tag]
    if label == nil then
      local bare = tag:match("^%s*@?(.-)%s*$")
      local name = bare:match("^([%w_.%-]+)[:=]")
      local meaning = name and (name:lower():match("^allure%.") or LABELS[key_of(name)] or LINKS[key_of(name)])
      label = not meaning and bare:find("%S") and { name = "tag", value = bare } or false
      if n < TAGGER_MAX then plain[tag], n = label, n + 1 end
    end
    if not label then return meta.tag(result, tag, opts) end
    result.labels = result.labels or {}
    result.labels[#result.labels + 1] = label
  end
end

return meta
