-- Base64 (RFC 4648) as reports embed binary data in JSON: Playwright's inline
-- attachment bodies and stdout buffers, Cucumber embeddings, CTRF screenshots.
local base64 = {}

local ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

-- Value of each character code; the URL-safe alphabet's - and _ too.
local VALUE = {}
for i = 1, 64 do VALUE[ALPHABET:byte(i)] = i - 1 end
VALUE[("-"):byte()] = 62
VALUE[("_"):byte()] = 63

local char, byte, concat = string.char, string.byte, table.concat

-- Decodes s; white space (line breaks of MIME-style bodies) is skipped and the
-- `=` padding is optional. Returns the bytes, or nil and a message naming the
-- first character that is not base64.
function base64.decode(s)
  if type(s) ~= "string" then return nil, "base64: expected a string" end
  if s:find("[^%w+/=_%-]") then
    local bad = s:find("[^%w+/=_%-%s]")
    if bad then return nil, ("base64: invalid character at offset %d"):format(bad - 1) end
    s = s:gsub("%s+", "")
  end
  s = s:gsub("=+$", "")
  if s:find("=", 1, true) then return nil, "base64: padding inside the data" end
  if #s % 4 == 1 then return nil, "base64: truncated data" end
  local out, n = {}, 0
  local chunk = {}
  -- Four characters give three bytes; a chunk of them at a time keeps string.char's
  -- argument list short.
  for i = 1, #s - #s % 4, 4 do
    local a, b, c, d = byte(s, i, i + 3)
    local v = VALUE[a] * 262144 + VALUE[b] * 4096 + VALUE[c] * 64 + VALUE[d]
    local k = #chunk
    chunk[k + 1] = v >> 16
    chunk[k + 2] = (v >> 8) & 255
    chunk[k + 3] = v & 255
    if k + 3 >= 3000 then
      n = n + 1
      out[n] = char(table.unpack(chunk))
      chunk = {}
    end
  end
  local rest = #s % 4
  if rest > 0 then
    local a, b, c = byte(s, #s - rest + 1, #s)
    local v = VALUE[a] * 262144 + VALUE[b] * 4096 + (c and VALUE[c] * 64 or 0)
    chunk[#chunk + 1] = v >> 16
    if rest == 3 then chunk[#chunk + 1] = (v >> 8) & 255 end
  end
  if #chunk > 0 then
    n = n + 1
    out[n] = char(table.unpack(chunk))
  end
  return concat(out)
end

-- Encodes s with the standard alphabet and padding.
function base64.encode(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = byte(s, i, i + 2)
    local v = a * 65536 + (b or 0) * 256 + (c or 0)
    local quad = {}
    for j = 1, 4 do
      local k = (v >> (6 * (4 - j))) & 63
      quad[j] = ALPHABET:sub(k + 1, k + 1)
    end
    if not b then quad[3], quad[4] = "=", "="
    elseif not c then quad[4] = "=" end
    out[#out + 1] = concat(quad)
  end
  return concat(out)
end

return base64
