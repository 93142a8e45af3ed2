# Shared by the runners' regenerate.sh scripts (sourced; set GOLDEN to tests/golden first):
#   put REPORT CASE [NAME]  REPORT, with the working directory's path made /ci/app (it shows in
#                           stack traces), as GOLDEN/CASE/NAME (default input.json)
#   npm_deps                npm ci when node_modules is missing or older than the lock file
put() {
  [ -s "$1" ] || { echo "regenerate: $1 was not written" >&2; exit 1; }
  mkdir -p "$GOLDEN/$2"
  sed "s#$(pwd)#/ci/app#g" "$1" > "$GOLDEN/$2/${3:-input.json}"
  echo "  $2/${3:-input.json} ($(wc -c <"$1") bytes)"
}

npm_deps() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    npm ci --no-audit --no-fund >/dev/null
  fi
}
