local uuids = require "allure.uuids"

local function id(i) return ("%08d-0000-4000-8000-000000000000"):format(i) end

return {
  { "a short list stays in memory, in order", function()
    local l = uuids.new()
    for i = 1, 3 do l:add(id(i)) end
    check.eq(l.n, 3)
    check.eq(l.file, nil)
    check.eq(l:array(), { id(1), id(2), id(3) })
    l:close()
  end },

  { "past 4096 the rest spills to a temporary file; every uuid comes back in order", function()
    local l = uuids.new()
    for i = 1, 5000 do l:add(id(i)) end
    check.eq(l.n, 5000)
    check.eq(l.file ~= nil, true)
    local all = l:array()
    check.eq(#all, 5000)
    check.eq(all[1], id(1))
    check.eq(all[4096], id(4096))
    check.eq(all[4097], id(4097))
    check.eq(all[5000], id(5000))
    l:add(id(5001))                             -- reading it back leaves it appendable
    check.eq(l:array()[5001], id(5001))
    l:close()
    check.eq(l.file, nil)
  end },

  { "append: a nested suite's uuids go on in its parent's list", function()
    local parent, child = uuids.new(), uuids.new()
    parent:add(id(1))
    for i = 2, 4 do child:add(id(i)) end
    parent:append(child)
    check.eq(parent:array(), { id(1), id(2), id(3), id(4) })
    parent:close()
    child:close()
  end },
}
