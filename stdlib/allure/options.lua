-- Options a script declares and users give as --opt KEY=VALUE.
--
--   options = {
--     { name = "suite-labels", type = "boolean", default = true, help = "..." },
--     { name = "tag", type = "list", help = "repeatable" },
--     { name = "mode", choices = { "steps", "results" }, default = "steps" },
--   }
local options = {}

local TYPES = { string = true, number = true, boolean = true, list = true }
local BOOLEANS = { ["true"] = true, yes = true, on = true, ["1"] = true,
                   ["false"] = false, no = false, off = false, ["0"] = false }

local function check_spec(spec)
  for i, o in ipairs(spec) do
    if type(o.name) ~= "string" then error(("options[%d].name: expected string"):format(i), 3) end
    if o.type and not TYPES[o.type] then
      error(("options[%d].type: unknown type '%s'"):format(i, tostring(o.type)), 3)
    end
    if o.choices ~= nil and (type(o.choices) ~= "table" or #o.choices == 0) then
      error(("options[%d].choices: expected a list of values"):format(i), 3)
    end
  end
end

local function one_of(list, value)
  for _, v in ipairs(list) do
    if v == value then return true end
  end
  return false
end

-- "a, b or c"
local function either(list)
  if #list == 1 then return list[1] end
  return table.concat(list, ", ", 1, #list - 1) .. " or " .. list[#list]
end

-- given: array of "key=value" strings. Returns the options table (defaults filled
-- in), or nil and a message for an unknown key or a value of the wrong type.
function options.parse(spec, given)
  check_spec(spec)
  local by_name, opts = {}, {}
  for _, o in ipairs(spec) do
    by_name[o.name] = o
    if o.type == "list" then
      opts[o.name] = {}
      for i, v in ipairs(o.default or {}) do opts[o.name][i] = v end
    else
      opts[o.name] = o.default
    end
  end
  for _, kv in ipairs(given) do
    local key, value = kv:match("^([^=]*)=(.*)$")
    local o = by_name[key]
    if not o then
      local names = {}
      for _, s in ipairs(spec) do names[#names + 1] = s.name end
      return nil, ("unknown option '%s' (%s)"):format(tostring(key),
        #names > 0 and "known: " .. table.concat(names, ", ") or "this script takes none")
    end
    local kind = o.type or "string"
    if kind == "boolean" then
      local b = BOOLEANS[value:lower()]
      if b == nil then return nil, ("option '%s': expected true or false, got '%s'"):format(key, value) end
      opts[key] = b
    elseif kind == "number" then
      local n = tonumber(value)
      if not n then return nil, ("option '%s': expected a number, got '%s'"):format(key, value) end
      opts[key] = n
    elseif kind == "list" then
      table.insert(opts[key], value)
    else
      if o.choices and not one_of(o.choices, value) then
        return nil, ("option '%s': expected %s, got '%s'"):format(key, either(o.choices), value)
      end
      opts[key] = value
    end
  end
  return opts
end

-- The "Options:" block of `allure-lua SCRIPT --help`.
function options.help(spec)
  if #spec == 0 then return "\nThis script takes no options.\n" end
  local lines = { "\nOptions (--opt KEY=VALUE):" }
  for _, o in ipairs(spec) do
    local default = o.default
    if type(default) == "table" then default = table.concat(default, ",") end
    local kind = o.choices and table.concat(o.choices, "|") or (o.type or "string"):upper()
    local key = o.name .. "=" .. kind
    local text = o.help or ""
    if default ~= nil and default ~= "" then text = ("%s (default: %s)"):format(text, tostring(default)) end
    -- A key wider than its column (a list of choices) gets a line of its own, the text under it.
    if #key > 22 then
      lines[#lines + 1] = "  " .. key
      lines[#lines + 1] = (" "):rep(25) .. text
    else
      lines[#lines + 1] = ("  %-22s %s"):format(key, text)
    end
  end
  return table.concat(lines, "\n") .. "\n"
end

return options
