-- ANSI terminal escape sequences in text that reports copy from a terminal
-- (jest, vitest and Playwright colour their error messages, mocha keeps what an
-- assertion library coloured). Allure shows messages and traces as plain text,
-- where the codes are noise: `\27[31mtrue\27[39m`.
local ansi = {}

-- Removes CSI sequences (ESC [ ... final byte: colours, cursor moves), OSC
-- sequences (ESC ] ... BEL or ESC \: hyperlinks, titles) and the other
-- two-byte ESC sequences. Only 7-bit forms: the 8-bit CSI byte 0x9B is also a
-- continuation byte of UTF-8 text. Text without ESC is returned as it is.
function ansi.strip(s)
  if type(s) ~= "string" or not s:find("\27", 1, true) then return s end
  s = s:gsub("\27%][^\7\27]*\7", "")              -- OSC ... BEL
       :gsub("\27%][^\7\27]*\27\\", "")            -- OSC ... ST
       :gsub("\27%[[0-?]*[ -/]*[@-~]", "")         -- CSI
       :gsub("\27[ -/]*[0-~]", "")                 -- two-byte (and nF) sequences
       :gsub("\27", "")                            -- a lone ESC left over
  return s
end

return ansi
