-- What the converters of whole JSON documents (jest, mocha, playwright, cucumber, ctrf,
-- rspec, gtest) share when the report is not the clean document they expect: a second
-- reading of a regular file to repair a known defect of its writer, and a look at the
-- first bytes without consuming input that can be read only once.
--
-- Standard input, a FIFO or a pipe named on the command line is read once: reading it
-- again would block for ever (a FIFO with no writer left) or see nothing, and peeking
-- at it would take bytes away from the reader that follows. Both functions therefore
-- act on regular files only.
local host = require "allure.host"
local json = require "allure.json"

local jsondoc = {}

-- Whole documents are bounded as json.read bounds them.
jsondoc.MAX_SIZE = 1024 * 1024 * 1024

-- True when the input is a regular file (it can be opened and read again).
function jsondoc.rereadable(input)
  return input.file ~= nil and host.stat(input.file) == "file"
end

-- The whole text of a regular file, nil otherwise (or when it cannot be read, or is
-- larger than MAX_SIZE).
local function text_of(input)
  if input.file == nil then return nil end
  local kind, _, size = host.stat(input.file)
  if kind ~= "file" or not size or size > jsondoc.MAX_SIZE then return nil end
  local f = io.open(input.file, "rb")
  if not f then return nil end
  local text = f:read("a")
  f:close()
  return text
end

-- Line and column (1-based, in bytes) of byte position n of text.
local function line_col(text, n)
  local line, bol = 1, 1
  for nl in text:sub(1, n - 1):gmatch("()\n") do
    line, bol = line + 1, nl + 1
  end
  return line, n - bol + 1
end

-- A decode error of text:sub(offset + 1) as one of text: the character position moved
-- by offset, and the line and column recomputed (see json.decode).
local function shift(err, text, offset)
  err = err:gsub(" %(line %d+, column %d+%)$", "")
  local n = tonumber(err:match(" at character (%d+)$"))
  if not n then return err end
  n = n + offset
  err = err:gsub(" at character %d+$", " at character " .. n)
  local line, col = line_col(text, n)
  if line > 1 then err = ("%s (line %d, column %d)"):format(err, line, col) end
  return err
end

-- input:json(), and when that fails and the input is a regular file, mend(text) -> text2,
-- offset | nil: a repair of a known defect of the report's writer. `offset` says that
-- text2 is text without its first `offset` bytes (output printed before the report);
-- then an error in text2 is reported, placed in the file. Without offset the repair
-- changed the text inside (a missing comma), and the first error is reported, as the
-- file has it.
function jsondoc.read(input, mend)
  local doc, err = input:json()
  if doc ~= nil or not mend then return doc, err end
  local text = text_of(input)
  if not text then return nil, err end
  local mended, offset = mend(text)
  if not mended then return nil, err end
  local fixed, ferr = json.decode(mended, input.name)
  if fixed ~= nil then return fixed end
  if offset then return nil, shift(ferr, text, offset) end
  return nil, err
end

-- The first n bytes of a regular file (less when it is shorter); nil for standard input,
-- a FIFO or anything else that cannot be read twice.
function jsondoc.head(input, n)
  if not jsondoc.rereadable(input) then return nil end
  local f = io.open(input.file, "rb")
  if not f then return nil end
  local head = f:read(n) or ""
  f:close()
  return head
end

return jsondoc
