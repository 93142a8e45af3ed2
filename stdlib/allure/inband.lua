-- Directives that tests print into their output, as Jenkins and GitLab read them:
--   [[ATTACHMENT|path/to/file]]
--   [[PROPERTY|name=value]]
--   [[PROPERTY|name]]
--   multi-line value
--   [[/PROPERTY]]
local inband = {}

-- Calls on_attachment(path) and on_property(name, value) for each directive in
-- text, in order. Cheap when there is none (one plain find).
function inband.scan(text, on_attachment, on_property)
  if type(text) ~= "string" or not text:find("[[", 1, true) then return end
  local pos = 1
  while true do
    local s, e, kind, body = text:find("%[%[(%u+)|([^%]\r\n]*)%]%]", pos)
    if not s then return end
    pos = e + 1
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
        end
      end
    end
  end
end

return inband
