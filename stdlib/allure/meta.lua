-- Metadata that reports carry in-band — properties, tags, name=value pairs — and
-- what Allure makes of it: labels, links, flags. One place for every converter,
-- so `owner` means the same in a JUnit property, a TRX owner and a Cucumber tag.
local model = require "allure.model"

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

-- A link of `kind` to `value`: a URL as it is; a key ("ABC-12") through the
-- template for its kind ("https://jira/browse/{}"). Without a template the key
-- is kept as a label of that kind: Allure drops links that have no URL.
function meta.link(result, kind, value, templates)
  value = value:match("^%s*(.-)%s*$")
  if value == "" then return end
  local url, name
  if is_url(value) then
    url = value
  elseif templates and templates[kind] then
    url = templates[kind]:gsub("{}", (value:gsub("%%", "%%%%")))
    name = value
  else
    model.label(result.labels, kind, value)
    return
  end
  result.links = result.links or {}
  result.links[#result.links + 1] = { type = kind, url = url, name = name }
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
-- attachment for a path, or nil, err (Testmo's `attachment*` properties);
-- opts.warn(msg): told about a path that could not be attached.
function meta.property(result, name, value, opts)
  opts = opts or {}
  result.labels = result.labels or {}
  if type(value) ~= "string" then value = value == nil and "" or tostring(value) end
  local key = key_of(name)

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
  if key == "description" or key == "allure.description" then
    if value:find("%S") then result.description = value end
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
    for _, item in ipairs(is_url(value) and { value } or split_list(value)) do
      meta.link(result, LINKS[key], item, opts.templates)
    end
    return true
  end
  -- Testmo: attachment, attachment_1, ... (a path); url:NAME (a link)
  if key:match("^attachment") and opts.attach then
    local a, err = opts.attach(value)
    if a then
      result.attachments = result.attachments or {}
      result.attachments[#result.attachments + 1] = a
    elseif opts.warn then
      opts.warn(err)
    end
    return true
  end
  local link_name = name:match("^url:(.+)$")
  if link_name and is_url(value) then
    result.links = result.links or {}
    result.links[#result.links + 1] = { type = "link", url = value, name = link_name }
    return true
  end
  return false
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

return meta
