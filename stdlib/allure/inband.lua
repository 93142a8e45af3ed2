-- Directives that tests print into their output, as Jenkins and GitLab read them:
--   [[ATTACHMENT|path/to/file]]
--   [[PROPERTY|name=value]]
--   [[PROPERTY|name]]
--   multi-line value
--   [[/PROPERTY]]
-- and lines in the Allure adapters' conventions, as xcresult and the Allure
-- runtime APIs print them (the whole line, nothing else on it):
--   allure.label.owner=alice      @allure.id:1234      allure.link.issue=https://...
local meta = require "allure.meta"
local attach = require "allure.attach"

local inband = {}

-- A whole line that is one Allure convention: "allure.NAME=value" or "@allure.NAME:value".
-- Anchored at the line's start (find's init); the value runs to the line's end.
local ALLURE_LINE = "^[ \t]*@?(allure%.[%w_.%-]+)[ \t]*[:=][ \t]*([^\r\n]*)"

-- The line of `text` that holds position `at`: its first and last positions.
local function line_around(text, line_start, at)
  while true do
    local nl = text:find("\n", line_start, true)
    if not nl or nl >= at then
      return line_start, (text:find("\n", at, true) or #text + 1) - 1
    end
    line_start = nl + 1
  end
end

-- Calls on_attachment(path) and on_property(name, value) for each directive in
-- text, in order. Cheap when there is none (two plain finds).
function inband.scan(text, on_attachment, on_property)
  if type(text) ~= "string" then return end
  local next_bracket = text:find("[[", 1, true)
  local next_allure = text:find("allure.", 1, true)
  local line_start = 1                      -- start of a line at or before next_allure
  while next_bracket or next_allure do
    if next_bracket and (not next_allure or next_bracket < next_allure) then
      local pos = next_bracket
      local s, e, kind, body = text:find("^%[%[(%u+)|([^%]\r\n]*)%]%]", pos)
      pos = s and e + 1 or pos + 1
      if kind == "ATTACHMENT" then
        on_attachment(body)
      elseif kind == "PROPERTY" then
        local name, value = body:match("^([^=]+)=(.*)$")
        if name then
          on_property(name, value)
        else
          -- block form: the value runs to [[/PROPERTY]] (one line break trimmed at each end)
          local close_s, close_e = text:find("[[/PROPERTY]]", pos, true)
          if close_s then
            local value = text:sub(pos, close_s - 1):gsub("^\r?\n", ""):gsub("\r?\n$", "")
            on_property(body, value)
            pos = close_e + 1
            -- what the block holds is its value, not directives of its own
            if next_allure and next_allure < pos then next_allure = text:find("allure.", pos, true) end
          end
        end
      end
      next_bracket = text:find("[[", pos, true)
    else
      local first, last = line_around(text, line_start, next_allure)
      line_start = first
      local _, _, name, value = text:find(ALLURE_LINE, first)
      if name then
        on_property(name, (value:gsub("%s+$", "")))
        -- a [[...]] on this line is part of the property's value
        line_start = last + 2
        if next_bracket and next_bracket <= last then next_bracket = text:find("[[", last + 1, true) end
        next_allure = text:find("allure.", last + 1, true)
      else
        next_allure = text:find("allure.", next_allure + 1, true)
      end
    end
  end
end

-- Applies every directive of text to a result in one go: attachments through
-- attach.add (files, data: URIs; web URLs become links), properties through
-- meta.property. opts: what meta.property and attach.add take (templates,
-- attach = a resolver, warn, max_size), and on_property(name, value) for the
-- names without an Allure meaning (default: ignored).
function inband.apply(result, text, opts)
  opts = opts or {}
  inband.scan(text, function(path)
    attach.add(result, path, { resolve = opts.attach, warn = opts.warn, max_size = opts.max_size })
  end, function(name, value)
    if not meta.property(result, name, value, opts) and opts.on_property then opts.on_property(name, value) end
  end)
end

return inband
