-- Files that a report points at (screenshots, logs) as Allure attachments.
-- A report is data from a test run, possibly hostile: a path is followed only
-- when it resolves, symlinks included, to a regular file under the allowed base.
-- A reference may also be a data: URI (decoded, no file read) or a web URL
-- (a link: Allure cannot attach what it would have to download).
local host = require "allure.host"
local base64 = require "allure.base64"

local attach = {}

-- Files larger than this are not copied (a video of a whole run, a core dump):
-- the result gets a short note in their place.
attach.MAX_SIZE = 100 * 1024 * 1024

-- References that gave no attachment (a file not found, refused or over the
-- size cap, an empty path, a bad data: URI), counted for the whole process: the
-- driver reports the difference per input as repairs.missing_attachments.
attach.missing = 0

-- Counts one missing attachment and passes its arguments through.
local function missing(...)
  attach.missing = attach.missing + 1
  return ...
end

local function dirname(path)
  return path:match("^(.*)/[^/]*$") or "."
end
attach.dirname = dirname

local function basename(path)
  return path:match("([^/]*)$")
end

-- "http://", "https://", "ftp://"...; file:// is a path.
local function is_web_url(s)
  return s:match("^%a[%w+.-]*://%S+$") ~= nil and not s:match("^[Ff][Ii][Ll][Ee]://")
end
attach.is_web_url = is_web_url

local function human_size(n)
  if n >= 1024 * 1024 then return ("%.1f MiB"):format(n / (1024 * 1024)) end
  if n >= 1024 then return ("%.1f KiB"):format(n / 1024) end
  return ("%d bytes"):format(n)
end

-- What goes in the results instead of a file over the size cap: the report then
-- says where the file was and why it is missing, instead of nothing.
local function note(what, message)
  return { name = basename(what) .. " (not attached)", content = message .. "\n", type = "text/plain" }, message
end

local function size_note(what, size, max)
  return note(what, ("%s: %s, larger than the %s attachment limit: not attached"):format(what, human_size(size),
    human_size(max)))
end

-- The marker the XML reader puts after a text it cut at its max_text (lxml.c).
local CUT_MARK = "\n%[truncated: %d+ bytes not kept%]$"

-- A text the XML reader cut at its limit, when it carried a file (an embedded image's
-- base64, a data: URI): a note attachment in the file's place and the message, so the
-- report says what is missing and why, not a decoding error; nil when text was not cut.
-- what names the file, carrier what held it ("data: URI"), element the XML element.
function attach.cut_note(what, text, carrier, element)
  local mark = text:match(CUT_MARK)
  if not mark then return nil end
  return note(what, ("%s: its %s is longer than the %.1f MiB text limit of <%s>: not attached"):format(what, carrier,
    (#text - #mark) / (1024 * 1024), element))
end

--{ Content sniffing -------------------------------------------------------------

-- Magic numbers of the binary types reports attach. They decide the type even
-- against the file's extension: the bytes do not lie, a name may.
local MAGIC = {
  { "^\137PNG\r\n\26\n", "image/png" },
  { "^\255\216\255", "image/jpeg" },
  { "^GIF8[79]a", "image/gif" },
  { "^RIFF....WEBP", "image/webp" },
  { "^%%PDF%-", "application/pdf" },
  { "^PK\3\4", "application/zip" },
  { "^\31\139", "application/gzip" },
  { "^....ftyp", "video/mp4" },
  { "^\26\69\223\163", "video/webm" },
}

-- Valid UTF-8 without NUL bytes: text. A multi-byte character cut at the end of
-- the head does not count against it.
local function looks_like_text(head)
  if head:find("\0", 1, true) then return false end
  for cut = 0, 3 do
    if #head - cut < 0 then break end
    if utf8.len(head, 1, #head - cut) then return true end
  end
  return false
end

-- The media type of content from its first bytes, nil when unknown. Text
-- types come back as well; the caller decides whether an extension wins.
function attach.sniff(head)
  if type(head) ~= "string" or head == "" then return nil end
  for _, m in ipairs(MAGIC) do
    if head:find(m[1]) then return m[2] end
  end
  if not looks_like_text(head) then return nil end
  local text = head:gsub("^\239\187\191", ""):match("^%s*(.*)$")
  local lower = text:sub(1, 256):lower()
  if lower:find("^<%?xml") then
    return lower:find("<svg[%s>]") and "image/svg+xml" or "application/xml"
  end
  if lower:find("^<svg[%s>]") then return "image/svg+xml" end
  if lower:find("^<!doctype html") or lower:find("^<html[%s>]") then return "text/html" end
  -- JSON only when it cannot be a log line such as "[INFO] ..." or "[2024-01-02 ...]".
  if text:find('^{%s*"') or text:find("^{%s*}") or text:find('^%[%s*[{%["]') then return "application/json" end
  return "text/plain"
end

-- The type to give a file: a binary magic number always; a text type only when
-- the name has no extension to go by.
local function sniffed_type(head, name)
  local t = attach.sniff(head)
  if not t then return nil end
  if not t:find("^text/") and t ~= "application/json" and t ~= "application/xml" then return t end
  if not (name or ""):find("%.[%w]+$") then return t end
  return nil
end

--}

--{ Inline bodies and data: URIs ---------------------------------------------------

local function percent_decode(s)
  return (s:gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end))
end

-- A long string json.elements left in the report file (its opts.spans): a Span,
-- whose # is its encoded length and whose bytes the writer decodes from the file.
local function is_span(v)
  local mt = type(v) == "userdata" and getmetatable(v)
  return mt and mt.__name == "allure.json.Span" or false
end
attach.is_span = is_span

-- The body's attachment, or over the cap the note and its message; nil, err for
-- bad base64. what names the body in the note (default: the name).
local function inline(body, is_base64, name, t, ext, max, what)
  local size = is_base64 and (#body * 3) // 4 or #body
  if size > max then return size_note(what or name, size, max) end
  if is_span(body) then
    -- Decoded once here to tell bad base64 and sniff the head, then again by the
    -- writer straight into the attachment file: never whole in memory.
    local content = is_base64 and body:base64() or body
    local n, head = content:check(512)
    if not n then return nil, head end
    if not t and not ext then t = attach.sniff(head) or "application/octet-stream" end
    return { name = name, content = content, type = t, ext = ext }
  end
  local content = body
  if is_base64 then
    local err
    content, err = base64.decode(body)
    if not content then return nil, err end
  end
  if not t and not ext then t = attach.sniff(content:sub(1, 512)) or "application/octet-stream" end
  return { name = name, content = content, type = t, ext = ext }
end

-- Bytes a report carries inline (Playwright bodies, Cucumber embeddings, xUnit
-- and Robot images, Xray evidence) as an attachment, under the same cap as
-- files. body is a string or a json.elements Span (see is_span). The cap is
-- checked on the encoded length before anything is decoded (base64 gives 3
-- bytes for 4 characters), so a body over it costs no decoding
-- and no copy. opts: base64 (default true; false: body is the bytes), name
-- (default "attachment"), type (default: sniffed from the bytes, else
-- application/octet-stream; none when ext is given), ext, max_size (default
-- attach.MAX_SIZE), warn(msg). Returns the attachment; over the cap a note
-- attachment in its place and the message (also given to warn, and counted in
-- attach.missing); bad base64: nil and the decoder's message (the caller decides:
-- keep the text, warn, drop it).
function attach.inline(body, opts)
  opts = opts or {}
  if type(body) ~= "string" and not is_span(body) then return nil, "inline attachment: not a string" end
  local a, note = inline(body, opts.base64 ~= false, opts.name or "attachment", opts.type, opts.ext,
    opts.max_size or attach.MAX_SIZE)
  if a and note then
    if opts.warn then opts.warn(note) end
    missing()
  end
  return a, note
end

-- Decodes a data: URI ("data:image/png;base64,iVBOR...") into an attachment.
-- Returns attachment | nil, err; over max_size: a note attachment and the
-- message. opts.name names it (default "attachment").
function attach.data_uri(uri, opts)
  opts = opts or {}
  local header, payload = uri:match("^%s*[Dd][Aa][Tt][Aa]:([^,]*),(.*)$")
  if not header then return nil, "not a data: URI (no comma)" end
  local is_base64 = header:lower():find(";base64%s*$") ~= nil
  local media = header:match("^%s*([^;%s]+/[^;%s]+)")
  local name = opts.name or "attachment"
  local max = opts.max_size or attach.MAX_SIZE
  -- Percent-decoding only shrinks the text: the cap is checked on it first too.
  if not is_base64 and #payload <= max then payload = percent_decode(payload) end
  local a, err = inline(payload, is_base64, name, media, nil, max, name .. " (data: URI)")
  if not a then return nil, ("data: URI: %s"):format(err) end
  return a, err
end

--}

-- 1 when the canonical path real lies under the canonical directory base (or is it);
-- a base of "/" holds every absolute path.
local function beneath(real, base)
  if base == "/" then return real:sub(1, 1) == "/" end
  return real == base or real:sub(1, #base + 1) == base .. "/"
end
attach.beneath = beneath

-- A resolver for one input. opts.report: the report file (relative paths are
-- taken from its directory; standard input: the working directory);
-- opts.base: the directory attachments must lie under (default: the working
-- directory, where CI jobs keep their workspace); opts.max_size: bytes above
-- which a file is not copied (default attach.MAX_SIZE).
--
-- resolve(ref) -> attachment | nil, err. ref is a path, a file:// URL or a
-- data: URI. A file's attachment has path = an open File (host dir:open): the
-- file is opened once, below the base directory held open, with no symlink
-- allowed on the way from there (realpath has resolved the legitimate ones), and
-- the writer copies from that very fd, at most the size it had then. A path
-- swapped for a symlink, a FIFO or a device after realpath looked is refused, and
-- nothing is ever read through it. A file over the size cap gives a note
-- attachment in its place and, as a second value, the message (for a warning).
-- A web URL gives nil and a message: attach.add makes it a link.
function attach.resolver(opts)
  local from = opts.report and dirname(opts.report) or "."
  local given = opts.base or "."
  local base, base_err = host.realpath(given)
  local dir
  if base then dir, base_err = host.dir(base) end
  -- A base that does not resolve ("", a typo) or is no directory holds nothing: say
  -- which and why, not "outside ... nil".
  if not dir then
    base = nil
    local why = tostring(base_err)
    if why:sub(1, #given + 2) == given .. ": " then why = why:sub(#given + 3) end
    base_err = ("not attached: the attachment directory %q cannot be used (%s)"):format(given, why)
  end
  local max = opts.max_size or attach.MAX_SIZE
  local function resolve(path)
    if type(path) ~= "string" or not path:find("%S") then return nil, "empty attachment path" end
    path = path:match("^%s*(.-)%s*$")
    if path:find("^[Dd][Aa][Tt][Aa]:") then return attach.data_uri(path, { max_size = max }) end
    if is_web_url(path) then return nil, ("%s: a URL, not a file: not attached"):format(path) end
    path = path:gsub("^[Ff][Ii][Ll][Ee]://", "")
    local full = path:sub(1, 1) == "/" and path or from .. "/" .. path
    local real, err = host.realpath(full)
    if not real then return nil, err end
    if not base then return nil, ("%s: %s"):format(path, base_err) end
    if not beneath(real, base) then
      return nil, ("%s: outside the allowed attachment directory %s"):format(path, base)
    end
    local rel = base == "/" and real:sub(2) or real:sub(#base + 2)
    if rel == "" then return nil, ("%s: not a regular file"):format(path) end
    local file, open_err, kind = dir:open(rel)
    if not file then
      if kind == "other" then return nil, ("%s: not a regular file"):format(path) end
      if kind == "link" then
        return nil, ("%s: changed while it was checked (a symlink on the way): not attached"):format(path)
      end
      return nil, open_err
    end
    local size = file:size()
    if size > max then
      file:close()
      return size_note(path, size, max)
    end
    local head = file:head(512) or ""
    return { name = basename(path), path = file, type = sniffed_type(head, basename(path)) }
  end
  return function(path)
    local a, note = resolve(path)
    if not a or note then return missing(a, note) end
    return a
  end
end

-- Attaches what a report points at to a result: a file (through resolve), a
-- data: URI, or a web URL, which becomes a link of type "link" named after
-- the file. opts.resolve: a resolver (without one only URIs and URLs work);
-- opts.warn(msg): told about anything refused or capped; opts.name: the
-- attachment's name instead of the file's. Returns true when something was added.
function attach.add(result, ref, opts)
  opts = opts or {}
  local warn = opts.warn or function() end
  if type(ref) ~= "string" or not ref:find("%S") then
    warn("empty attachment path")
    return missing(false)
  end
  ref = ref:match("^%s*(.-)%s*$")
  if is_web_url(ref) then
    result.links = result.links or {}
    local name = opts.name or basename(ref:gsub("[?#].*$", ""))
    result.links[#result.links + 1] = { type = "link", url = ref, name = name ~= "" and name or ref }
    return true
  end
  local a, note
  if ref:find("^[Dd][Aa][Tt][Aa]:") then
    a, note = attach.data_uri(ref, { name = opts.name, max_size = opts.max_size })
    if not a or note then missing() end
  elseif opts.resolve then
    a, note = opts.resolve(ref)                  -- a resolver counts its own misses
  else
    a, note = missing(nil, ("%s: no attachment directory to resolve it against"):format(ref))
  end
  if note then warn(note) end
  if not a then return false end
  if opts.name and a.path then a.name = opts.name end
  result.attachments = result.attachments or {}
  result.attachments[#result.attachments + 1] = a
  return true
end

return attach
