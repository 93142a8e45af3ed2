local attach = require "allure.attach"
local host = require "allure.host"

-- A scratch tree: base/ holds the report and a file; outside/ is not under base.
local root = os.tmpname()
os.remove(root)
assert(os.execute(("mkdir -p %s/base/shots %s/outside && echo x > %s/base/shots/a.png && echo y > %s/outside/secret.txt"
  .. " && ln -s %s/outside/secret.txt %s/base/shots/link.txt && mkdir %s/base/dir")
  :format(root, root, root, root, root, root, root)))
local base = host.realpath(root .. "/base")
local resolve = attach.resolver { report = root .. "/base/report.xml", base = root .. "/base" }

return {
  { "relative to the report, absolute, file:// URLs", function()
    check.eq(resolve("shots/a.png"), { name = "a.png", path = base .. "/shots/a.png" })
    check.eq(resolve(base .. "/shots/a.png"), { name = "a.png", path = base .. "/shots/a.png" })
    check.eq(resolve(" file://" .. base .. "/shots/a.png "), { name = "a.png", path = base .. "/shots/a.png" })
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
    os.execute("rm -rf " .. root)
  end },
}
