local ansi = require "allure.ansi"

return {
  { "colour codes are removed, text kept", function()
    check.eq(ansi.strip("\27[2mexpect(\27[22m\27[31mreceived\27[39m\27[2m).toBe(\27[22m"), "expect(received).toBe(")
    check.eq(ansi.strip("\27[1m\27[31m  \27[1m● \27[1mTest suite failed to run\27[39m\27[22m"), "  ● Test suite failed to run")
  end },
  { "hyperlinks (OSC 8) and two-byte sequences are removed", function()
    check.eq(ansi.strip("see \27]8;;https://x.test/a\7the docs\27]8;;\7."), "see the docs.")
    check.eq(ansi.strip("a\27]0;title\27\\b"), "ab")
    check.eq(ansi.strip("a\27(Bb\27=c"), "abc")
  end },
  { "text without ESC comes back as it is, UTF-8 untouched", function()
    check.eq(ansi.strip("ěščř › ok"), "ěščř › ok")      -- "ě" holds the byte 0x9B
    check.eq(ansi.strip(""), "")
    check.eq(ansi.strip(nil), nil)
  end },
  { "a sequence cut at the end of the text goes too", function()
    check.eq(ansi.strip("done\27"), "done")
    check.eq(ansi.strip("done\27["), "done")
    check.eq(ansi.strip("done\27[3"), "done3")
  end },
}
