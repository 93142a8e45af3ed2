#!/usr/bin/env bash
# No Lua file of scripts/ or stdlib/ reads or writes a global other than Lua's own: a local
# dropped in a merge (`attach` once) is otherwise a nil only the input that reaches it finds.
# Reads luac5.4's listing (Debian lua5.4); skipped (77) without it.
#   tests/lint/globals.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: globals.sh SOURCE_DIR}
command -v luac5.4 >/dev/null || { echo "skip: luac5.4 not installed (Debian lua5.4)"; exit 77; }
allowed='^(_G|_VERSION|arg|assert|collectgarbage|coroutine|debug|dofile|error|getmetatable|io|ipairs|load|loadfile|math|next|os|package|pairs|pcall|print|rawequal|rawget|rawlen|rawset|require|select|setmetatable|string|table|tonumber|tostring|type|utf8|warn|xpcall)$'
bad=0 files=0
while IFS= read -r -d '' f; do
  files=$((files + 1))
  # GETTABUP/SETTABUP on the _ENV upvalue: "; _ENV "name"" closes the line.
  while IFS=$'\t' read -r op name; do
    if [ "$op" = SETTABUP ] || ! [[ $name =~ $allowed ]]; then
      echo "${f#"$src"/}: $op global '$name'"
      bad=$((bad + 1))
    fi
  done < <(luac5.4 -p -l -l "$f" | sed -n 's/^.*\t\([GS]ETTABUP\) *\t.*; _ENV "\([^"]*\)".*$/\1\t\2/p' | sort -u)
done < <(find "$src/scripts" "$src/stdlib" -name '*.lua' -print0)
echo "$files files, $bad globals outside Lua's own"
[ "$bad" = 0 ]
