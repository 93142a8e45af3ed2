local relpath = require "allure.relpath"

return {
  { "paths are normalised", function()
    check.eq(relpath.normalize("C:\\ws\\test\\a.spec.js"), "C:/ws/test/a.spec.js")
    check.eq(relpath.normalize("file:///ci/app/a.js"), "/ci/app/a.js")
    check.eq(relpath.normalize("./src/a.js"), "src/a.js")
  end },
  { "the directory that paths share", function()
    check.eq(relpath.common_dir { "/ci/app/test/a.js", "/ci/app/test/unit/b.js" }, "/ci/app/test/")
    check.eq(relpath.common_dir { "/ci/app/test/a.js" }, "/ci/app/test/")
    check.eq(relpath.common_dir { "/ci/apple/a.js", "/ci/app/b.js" }, "/ci/")
    check.eq(relpath.common_dir { "a.js", "/ci/b.js" }, nil)
    check.eq(relpath.common_dir {}, nil)
  end },
  { "an explicit root wins", function()
    local rel, root = relpath.relativizer({ "/ci/app/test/a.js" }, { root = "/ci/app", cwd = "/elsewhere" })
    check.eq(root, "/ci/app/")
    check.eq(rel("/ci/app/test/a.js"), "test/a.js")
    check.eq(rel("/other/b.js"), "/other/b.js")
  end },
  { "the working directory when every path lies under it", function()
    local rel = relpath.relativizer({ "/ws/app/test/a.js", "/ws/app/test/b.js" }, { cwd = "/ws/app" })
    check.eq(rel("/ws/app/test/a.js"), "test/a.js")
    local rel2, root = relpath.relativizer({ "/ws/app/test/a.js", "/tmp/b.js" }, { cwd = "/ws/app" })
    check.eq(root, "/")
    check.eq(rel2("/tmp/b.js"), "tmp/b.js")
  end },
  { "else the directory the paths share, Windows paths included", function()
    local rel = relpath.relativizer({ "C:\\ws\\test\\a.js", "C:\\ws\\test\\unit\\b.js" }, { cwd = "/home/me" })
    check.eq(rel("C:\\ws\\test\\unit\\b.js"), "unit/b.js")
    local none = relpath.relativizer({}, { cwd = "/home/me" })
    check.eq(none("/x/y.js"), "/x/y.js")
  end },
  { "scan: the tests' paths and their total time, added to what is given", function()
    local ms = function(v) return type(v) == "number" and v or 0 end
    local files, total = relpath.scan({ { f = "a.js", d = 5 }, "junk", { d = 2 }, { f = 7, d = "x" } }, "f", "d", ms)
    check.eq(files, { "a.js" })
    check.eq(total, 7)
    files, total = relpath.scan({ { f = "b.js", d = 1 } }, "f", "d", ms, files, total)
    check.eq(files, { "a.js", "b.js" })
    check.eq(total, 8)
  end },
}
