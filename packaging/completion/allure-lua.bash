# bash completion for allure-lua. Installed as share/bash-completion/completions/allure-lua.
# Scripts come from `allure-lua --list` (the user's own included), a script's --opt keys from
# `allure-lua SCRIPT --help`, so both follow what this machine's search path holds.

_allure_lua_options='-o --output --clean -O --opt --label --link --param --rules --env --env-from-ci
  --executor --summary-json --summary-md --fail-on-empty --deterministic --timeout --max-memory
  -I -E --list --print-path --run -q --quiet -v --verbose -V --version -h --help'

_allure_lua() {
  local cur prev script i w
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}

  # The script: the first word that is neither an option nor an option's value.
  script=
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    case $w in
      -o|--output|-O|--opt|--label|--link|--param|--rules|--env|--executor|--summary-json|--summary-md|--timeout|--max-memory|-I|--run)
        ((i++)) ;;
      --) break ;;
      run) ;;
      -*) ;;
      *) script=$w; break ;;
    esac
  done

  case $prev in
    -o|--output|-I)
      COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --rules|--summary-json|--summary-md|--run)
      COMPREPLY=($(compgen -f -- "$cur")); return ;;
    -O|--opt)
      if [ -n "$script" ]; then
        local keys
        keys=$("${COMP_WORDS[0]}" "$script" --help 2>/dev/null | sed -n 's/^  \([a-z][a-z0-9-]*\)=.*/\1=/p')
        compopt -o nospace 2>/dev/null
        COMPREPLY=($(compgen -W "$keys" -- "$cur"))
      fi
      return ;;
    --executor)
      compopt -o nospace 2>/dev/null
      COMPREPLY=($(compgen -W "name= type= url= buildOrder= buildName= buildUrl= reportName= reportUrl=" -- "$cur"))
      return ;;
    --label|--link|--param|--env|--timeout|--max-memory)
      return ;;
  esac

  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$_allure_lua_options" -- "$cur"))
  elif [ -z "$script" ]; then
    local scripts
    scripts=$("${COMP_WORDS[0]}" --list 2>/dev/null | awk '{print $1}')
    COMPREPLY=($(compgen -W "$scripts auto detect run" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _allure_lua allure-lua
