local records = require "allure.records"

return {
  { "records: put and get by key, a later put replaces, unknown keys give nothing", function()
    local store = records.new("s2I3")
    store:put("id-1", "one", store:ref("Ns.Class"))
    store:put("id-2", "two", store:ref("Ns.Class"))
    local name, class = store:get("id-1")
    check.eq(name, "one")
    check.eq(store:string(class), "Ns.Class")
    check.eq(store:ref("Ns.Class"), class)             -- kept once
    check.eq(store:ref(nil), 0)
    store:put("id-1", "uno", 0)
    check.eq((store:get("id-1")), "uno")
    check.eq(select("#", store:get("nope")), 0)
  end },
  { "records: many records across chunks, and one too long to pack kept apart", function()
    local store = records.new("s2")
    for i = 1, 5000 do store:put("k" .. i, ("v%d"):format(i) .. ("x"):rep(20)) end
    check.eq((store:get("k1")), "v1" .. ("x"):rep(20))
    check.eq((store:get("k4999")), "v4999" .. ("x"):rep(20))
    local long = ("y"):rep(70000)
    store:put("k7", long)
    check.eq((store:get("k7")), long)
    store:put("k7", "short again")
    check.eq((store:get("k7")), "short again")
  end },
}
