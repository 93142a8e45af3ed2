local codeowners = require "allure.codeowners"

-- pattern -> { path = matches? }, after GitHub's documented CODEOWNERS semantics.
local CASES = {
  { "docs", { ["docs"] = true, ["docs/a.md"] = true, ["src/docs/a.md"] = true, ["docs.md"] = false, ["src/x"] = false } },
  { "/docs", { ["docs"] = true, ["docs/a/b.md"] = true, ["src/docs/a.md"] = false, ["docsy"] = false } },
  { "docs/", { ["docs"] = false, ["docs/a.md"] = true, ["x/docs/a/b.md"] = true, ["x/docs"] = false } },
  { "/docs/", { ["docs/a.md"] = true, ["x/docs/a.md"] = false } },
  { "src/app", { ["src/app"] = true, ["src/app/x.js"] = true, ["lib/src/app"] = false, ["src/apple"] = false } },
  { "src/app/", { ["src/app"] = false, ["src/app/x.js"] = true, ["lib/src/app/x"] = false } },
  { "*", { ["a"] = true, ["a/b/c"] = true } },
  { "*.js", { ["a.js"] = true, ["src/deep/a.js"] = true, ["a.jsx"] = false, ["a.js/inner.txt"] = true } },
  { "/*", { ["a"] = true, ["a/b"] = false } },
  { "/*/", { ["a"] = false, ["a/b"] = true, ["a/b/c"] = true } },
  { "f*", { ["foo"] = true, ["foo/bar"] = true, ["bar/foo/baz"] = true, ["bar/baz"] = false, ["xfoo"] = false } },
  { "docs/*", { ["docs/a.md"] = true, ["docs/build/b.md"] = false, ["docs"] = false } },
  { "foo/*.txt", { ["foo/a.txt"] = true, ["foo/b/a.txt"] = false, ["x/foo/a.txt"] = false } },
  { "foo/*/baz", { ["foo/bar/baz"] = true, ["foo/bar/baz/qux"] = true, ["foo/baz"] = false } },
  { "f?o", { ["foo"] = true, ["fo"] = false, ["fooo"] = false } },
  { "f\\*o", { ["f*o"] = true, ["foo"] = false } },
  { "**/logs", { ["logs"] = true, ["a/logs/x"] = true, ["a/b/logs"] = true, ["a/logsx"] = false } },
  { "**/foo/bar", { ["foo/bar"] = true, ["q/foo/bar/baz"] = true, ["foo/baz/bar"] = false } },
  { "foo/bar/**", { ["foo/bar"] = false, ["foo/bar/baz"] = true, ["foo/bar/baz/qux"] = true, ["q/foo/bar/baz"] = false } },
  { "foo/**/bar", { ["foo/bar"] = true, ["foo/q/r/bar/baz"] = true, ["q/foo/bar"] = false } },
  { "foo/**/", { ["foo"] = false, ["foo/bar"] = true, ["foo/bar/baz"] = true } },
  { "foo/**/bar/b*", { ["foo/bar/baz"] = true, ["foo/q/bar/baz"] = true, ["foo/bar/qux"] = false } },
  { "/", { ["a"] = false } },
}

return {
  { "patterns match as on GitHub", function()
    for _, case in ipairs(CASES) do
      for path, expected in pairs(case[2]) do
        check.eq(codeowners.match(case[1], path), expected, ("%s ~ %s"):format(case[1], path))
      end
    end
  end },
  { "patterns CODEOWNERS refuses", function()
    check.raises("three asterisks in a row", codeowners.match, "a/***", "a")
    check.raises("negation (!) is not supported", codeowners.match, "!a", "a")
    check.raises("character ranges ([...]) are not supported", codeowners.match, "a[bc]", "ab")
  end },
  { "the last matching line wins; a line without owners unowns; comments and escapes", function()
    local owners = assert(codeowners.parse(table.concat({
      "# a comment",
      "*            @org/all   # trailing comment",
      "",
      "/src/        @alice bob@example.com",
      "/src/vendor/",
      "\\#notes     @carol",
      "docs/a\\ b   @dave",
      "  *.md       @docs",
    }, "\n")))
    check.eq(owners:owners_of("README"), { "@org/all" })
    check.eq(owners:owners_of("src/main.c"), { "@alice", "bob@example.com" })
    check.eq(owners:owners_of("src/vendor/lib.c"), {})
    check.eq(owners:owners_of("#notes"), { "@carol" })
    check.eq(owners:owners_of("docs/a b"), { "@dave" })
    check.eq(owners:owners_of("src/guide.md"), { "@docs" })
    check.eq(owners:owners_of(".\\src\\main.c"), { "@alice", "bob@example.com" })
  end },
  { "GitLab sections: each section on its own, default owners, owners add up", function()
    local owners = assert(codeowners.parse(table.concat({
      "* @everyone",
      "[Docs] @docs-team",
      "docs/",
      "docs/api/ @api-writer",
      "^[Database][2] @dba",
      "db/",
      "docs/db/",
    }, "\n")))
    check.eq(owners:owners_of("docs/intro.md"), { "@everyone", "@docs-team" })
    check.eq(owners:owners_of("docs/api/x.md"), { "@everyone", "@api-writer" })
    check.eq(owners:owners_of("docs/db/schema.md"), { "@everyone", "@docs-team", "@dba" })
    check.eq(owners:owners_of("src/x.c"), { "@everyone" })
  end },
  { "a bad line is reported with its number", function()
    local owners, err = codeowners.parse("ok/ @a\n\nfoo/***/bar @b\n", "CODEOWNERS")
    check.eq(owners, nil)
    check.eq(err, "CODEOWNERS:3: foo/***/bar: three asterisks in a row")
    local _, missing = codeowners.load("/nonexistent/CODEOWNERS")
    check.eq(missing, "/nonexistent/CODEOWNERS: No such file or directory")
  end },
}
