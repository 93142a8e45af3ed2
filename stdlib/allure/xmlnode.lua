-- Lookups in the element tables r:tree() returns ({name=, attrs=, text=, line=,
-- [1]=child, ...}), shared by the XML converters.
local xmlnode = {}

-- The first child element of that name, or nil.
function xmlnode.child(node, name)
  for _, c in ipairs(node) do
    if c.name == name then return c end
  end
end

-- The text of the first child element of that name, or nil.
function xmlnode.text(node, name)
  local c = xmlnode.child(node, name)
  return c and c.text
end

-- Every child element of that name, in order (a list, maybe empty).
function xmlnode.children(node, name)
  local list = {}
  for _, c in ipairs(node) do
    if c.name == name then list[#list + 1] = c end
  end
  return list
end

-- The texts of the child elements of that name joined by sep (default ""), and how
-- many there are: Robot's <var>s and <arg>s, TRX's <TextMessages>.
function xmlnode.texts(node, name, sep)
  local list = {}
  for _, c in ipairs(node) do
    if c.name == name then list[#list + 1] = c.text end
  end
  return table.concat(list, sep), #list
end

return xmlnode
