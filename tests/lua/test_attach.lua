local attach = require "allure.attach"
local host = require "allure.host"

-- A scratch tree: base/ holds the report and a file; outside/ is not under base.
local root = os.tmpname()
os.remove(root)
assert(os.execute(("mkdir -p %s/base/shots %s/outside && echo x > %s/base/shots/a.png && echo y > %s/outside/secret.txt"
  .. " && ln -s %s/outside/secret.txt %s/base/shots/link.txt && mkdir %s/base/dir")
  :format(root, root, root, root, root, root, root)))
local base = host.realpath(root .. "/base")
local raw_resolve = attach.resolver { report = root .. "/base/report.xml", base = root .. "/base" }
-- A file's attachment carries the File it was opened as: shown by its path below the base.
local function plain(a, ...)
  if type(a) == "table" and type(a.path) == "userdata" then a.path = base .. "/" .. tostring(a.path):match("%((.*)%)$") end
  return a, ...
end
local function resolve(ref) return plain(raw_resolve(ref)) end

return {
  { "relative to the report, absolute, file:// URLs", function()
    check.eq(resolve("shots/a.png"), { name = "a.png", path = base .. "/shots/a.png" })
    check.eq(resolve(base .. "/shots/a.png"), { name = "a.png", path = base .. "/shots/a.png" })
    check.eq(resolve(" file://" .. base .. "/shots/a.png "), { name = "a.png", path = base .. "/shots/a.png" })
  end },
  { "a base of / holds every absolute path (containers run in /)", function()
    check.eq(attach.beneath("/etc/passwd", "/"), true)
    check.eq(attach.beneath("/", "/"), true)
    check.eq(attach.beneath("/a/bc", "/a/b"), false)
    check.eq(attach.beneath("/a/b/c", "/a/b"), true)
    local a = raw_resolve and attach.resolver { base = "/" }(base .. "/shots/a.png")
    check.eq(type(a) == "table" and tostring(a.path), "allure.host.File (" .. base:sub(2) .. "/shots/a.png)")
  end },
  { "nothing outside the base, through .. or symlinks", function()
    local a, err = resolve("../outside/secret.txt")
    check.eq(a, nil)
    assert(err:find("outside the allowed attachment directory", 1, true), err)
    a, err = resolve("shots/link.txt")
    check.eq(a, nil)
    assert(err:find("outside the allowed attachment directory", 1, true), err)
  end },
  { "missing files, directories and empty paths", function()
    local a, err = resolve("shots/nope.png")
    check.eq(a, nil)
    assert(err:find("No such file", 1, true), err)
    a, err = resolve("dir")
    check.eq(a, nil)
    assert(err:find("not a regular file", 1, true), err)
    check.eq(select(2, resolve("  ")), "empty attachment path")
  end },
  { "content type sniffed from the bytes when the name does not tell", function()
    check.eq(attach.sniff "\137PNG\r\n\26\n....", "image/png")
    check.eq(attach.sniff "\255\216\255\224", "image/jpeg")
    check.eq(attach.sniff "GIF89a..", "image/gif")
    check.eq(attach.sniff "RIFF\0\0\0\0WEBPVP8", "image/webp")
    check.eq(attach.sniff "%PDF-1.7", "application/pdf")
    check.eq(attach.sniff "PK\3\4", "application/zip")
    check.eq(attach.sniff "\0\0\0\24ftypisom", "video/mp4")
    check.eq(attach.sniff "\239\187\191<?xml version='1.0'?><svg xmlns='x'>", "image/svg+xml")
    check.eq(attach.sniff "<?xml version='1.0'?><testsuite/>", "application/xml")
    check.eq(attach.sniff "<!DOCTYPE html><html>", "text/html")
    check.eq(attach.sniff '{ "a": 1 }', "application/json")
    check.eq(attach.sniff "[INFO] started", "text/plain")
    check.eq(attach.sniff "[2024-01-02 10:00] started", "text/plain")
    check.eq(attach.sniff "caf\195", "text/plain", "a character cut at the end of the head")
    check.eq(attach.sniff "\0\1\2binary", nil)
    os.execute(("printf '\\211PNG\\r\\n\\032\\n' > %s/base/shot && printf 'plain' > %s/base/notes && printf 'plain' > %s/base/notes.csv")
      :format(root, root, root))
    check.eq(resolve("shot"), { name = "shot", path = base .. "/shot", type = "image/png" })
    check.eq(resolve("notes"), { name = "notes", path = base .. "/notes", type = "text/plain" })
    check.eq(resolve("notes.csv"), { name = "notes.csv", path = base .. "/notes.csv" }, "the extension decides")
  end },
  { "data: URIs are decoded; a web URL is not a file", function()
    check.eq(resolve("data:image/png;base64,iVBORw0KGgo="),
      { name = "attachment", content = "\137PNG\r\n\26\n", type = "image/png" })
    check.eq(resolve("data:text/plain;charset=utf-8,a%20b%2Fc"), { name = "attachment", content = "a b/c", type = "text/plain" })
    check.eq(resolve("data:;base64,AAEC"), { name = "attachment", content = "\0\1\2", type = "application/octet-stream" })
    check.eq(select(2, resolve("data:image/png;base64,@@@")), "data: URI: base64: invalid character at offset 0")
    check.eq(select(2, resolve("data:image/png")), "not a data: URI (no comma)")
    check.eq({ resolve("https://ci.example/a.png") }, { nil, "https://ci.example/a.png: a URL, not a file: not attached" })
  end },
  { "files over the size cap leave a note in their place", function()
    local capped = attach.resolver { report = root .. "/base/report.xml", base = root .. "/base", max_size = 3 }
    check.eq({ plain(capped("shots/a.png")) }, { { name = "a.png", path = base .. "/shots/a.png" } }, "2 bytes: under the cap")
    os.execute(("printf '0123456789' > %s/base/big.log"):format(root))
    local note, message = capped("big.log")
    check.eq(message, "big.log: 10 bytes, larger than the 3 bytes attachment limit: not attached")
    check.eq(note, { name = "big.log (not attached)", content = message .. "\n", type = "text/plain" })
    note, message = attach.data_uri("data:,0123456789", { max_size = 3 })
    check.eq(message, "attachment (data: URI): 10 bytes, larger than the 3 bytes attachment limit: not attached")
  end },
  { "add: a URL becomes a link, a file an attachment, a refusal a warning", function()
    local r, warnings = {}, {}
    local opts = { resolve = resolve, warn = function(m) warnings[#warnings + 1] = m end }
    check.eq(attach.add(r, " https://ci.example/runs/7/trace.zip?token=x ", opts), true)
    check.eq(attach.add(r, "shots/a.png", opts), true)
    check.eq(attach.add(r, "data:text/plain,hi", { name = "greeting" }), true)
    check.eq(attach.add(r, "../outside/secret.txt", opts), false)
    check.eq(attach.add(r, "shots/a.png", { warn = opts.warn }), false)
    check.eq(r.links, { { type = "link", url = "https://ci.example/runs/7/trace.zip?token=x", name = "trace.zip" } })
    check.eq(r.attachments, { { name = "a.png", path = base .. "/shots/a.png" },
                              { name = "greeting", content = "hi", type = "text/plain" } })
    check.eq(#warnings, 2)
    assert(warnings[1]:find("outside the allowed attachment directory", 1, true), warnings[1])
    check.eq(warnings[2], "shots/a.png: no attachment directory to resolve it against")
  end },
  { "inline bodies: decoded, typed, capped on the encoded length before decoding", function()
    local base64 = require "allure.base64"
    local png = "\137PNG\r\n\26\n" .. ("\0"):rep(20)
    check.eq(attach.inline(base64.encode(png), { name = "shot" }), { name = "shot", content = png, type = "image/png" })
    check.eq(attach.inline("hello", { base64 = false, type = "text/x-log" }),
      { name = "attachment", content = "hello", type = "text/x-log" })
    check.eq(attach.inline("AAAA", { ext = "bin" }), { name = "attachment", content = "\0\0\0", ext = "bin" })
    check.eq({ attach.inline("ab$c") }, { nil, "base64: invalid character at offset 2" })
    local before, warned = attach.missing, {}
    -- 16 characters: about 12 bytes, over a cap of 10; "!!" is not base64, but it is never looked at.
    local note, message = attach.inline(("A"):rep(14) .. "!!", { name = "video.webm", max_size = 10,
      warn = function(m) warned[#warned + 1] = m end })
    check.eq(message, "video.webm: 12 bytes, larger than the 10 bytes attachment limit: not attached")
    check.eq(note, { name = "video.webm (not attached)", content = message .. "\n", type = "text/plain" })
    check.eq(warned, { message })
    check.eq(attach.missing, before + 1)
    check.eq(select(2, attach.inline(("x"):rep(11), { base64 = false, max_size = 10 })),
      "attachment: 11 bytes, larger than the 10 bytes attachment limit: not attached")
    check.eq(attach.inline(("A"):rep(12), { max_size = 9, ext = "bin" }).content, ("\0"):rep(9), "9 bytes: at the cap")
  end },
  { "a file that grows after it was resolved is copied at the size it had", function()
    local writer = require "allure.writer"
    os.execute(("printf 'first' > %s/base/growing.log"):format(root))
    local a = raw_resolve("growing.log")
    local f = assert(io.open(root .. "/base/growing.log", "a"))
    f:write(("more"):rep(1000))
    f:close()
    local out = root .. "/out"
    os.execute("mkdir " .. out)
    local w = assert(writer.open(out))
    assert(w:result { name = "t", status = "passed", attachments = { a } })
    w:close()
    local p = io.popen("cat " .. out .. "/*-attachment*")
    check.eq(p:read("a"), "first")
    p:close()
  end },
  { "inline bodies left in the report (json.elements spans): decoded by the writer from the file", function()
    local json, base64, writer = require "allure.json", require "allure.base64", require "allure.writer"
    local png = "\137PNG\r\n\26\n" .. ("\0\1\2\255"):rep(5000)
    local enc = base64.encode(png)
    local body = enc:sub(1, 100) .. "\\n" .. enc:sub(101)   -- a JSON escape inside
    local f = assert(io.open(root .. "/spans.json", "wb"))
    f:write('[{"body":"' .. body .. '","text":"' .. ("x"):rep(3000) .. '\\u00e9","bad":"' .. enc .. '*"}]')
    f:close()
    local r = assert(json.elements(root .. "/spans.json", { spans = { "body", "text", "bad" }, span_min = 2048 }))
    local _, v = assert(r:next())
    check.eq(attach.is_span(v.body), true)
    check.eq(attach.is_span("text"), false)
    local a = assert(attach.inline(v.body, { name = "shot" }))
    check.eq(a.type, "image/png", "sniffed from the decoded head")
    local t = assert(attach.inline(v.text, { base64 = false, name = "log" }))
    check.eq({ attach.inline(v.bad) }, { nil, "base64: invalid character at offset " .. #enc })
    local note, message = attach.inline(v.body, { name = "video.webm", max_size = 1000 })
    check.eq(note.content, message .. "\n", "over the cap: the note, nothing decoded")
    local out = root .. "/span-results"
    local w = assert(writer.open(out))
    assert(w:result { name = "spans", status = "passed", attachments = { a, t } })
    w:close()
    local got = {}
    for _, file in ipairs(host.walk(out)) do
      if file:find("%-attachment") then
        local h = assert(io.open(file, "rb"))
        got[file:match("%.(%w+)$")] = h:read("a")
        h:close()
      end
    end
    check.eq(got.png == png, true, "the attachment: the bytes of a whole decode")
    check.eq(got.txt, ("x"):rep(3000) .. "\195\169", "unescaped as cjson does")
    r:close()
  end },
  { "the same file attached twice is written once per reference", function()
    local writer = require "allure.writer"
    local out = root .. "/results"
    local w = assert(writer.open(out))
    local r = { name = "twice", status = "passed" }
    attach.add(r, "shots/a.png", { resolve = resolve })
    attach.add(r, "shots/a.png", { resolve = resolve })
    assert(w:result(r))
    w:close()
    local files = host.walk(out)
    local sources = {}
    for _, f in ipairs(files) do
      if f:find("%-attachment") then sources[#sources + 1] = f end
    end
    check.eq(#sources, 2)
    os.execute("rm -rf " .. root)
  end },

  { "cut_note: a text the XML reader cut gives a note, an uncut one nothing", function()
    local text = ("A"):rep(1024 * 1024) .. "\n[truncated: 5 bytes not kept]"
    local note, message = attach.cut_note("shot.png", text, "base64 text", "attachment")
    check.eq(message, "shot.png: its base64 text is longer than the 1.0 MiB text limit of <attachment>: not attached")
    check.eq(note.name, "shot.png (not attached)")
    check.eq(note.content, message .. "\n")
    check.eq(attach.cut_note("shot.png", "QUJD", "base64 text", "attachment"), nil)
  end },
}
