/*
** The command line: getopt_long into struct al_config, then al_run(). Kept apart from main()
** so the tests drive the whole CLI in-process.
*/
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "al.h"
#include "runtime.h"

static const char usage_text[] =
  "usage: allure-lua [OPTIONS] SCRIPT [INPUT...]\n"
  "       allure-lua [OPTIONS] run SCRIPT -- COMMAND [ARG...]\n"
  "       allure-lua --list | --version | --help\n"
  "       allure-lua SCRIPT --help\n"
  "       allure-lua --run FILE.lua [ARG...]\n"
  "\n"
  "Converts test reports into Allure results (allure-results/) with a converter script:\n"
  "  allure-lua junit target/surefire-reports\n"
  "  go test -json ./... | allure-lua gotest -\n"
  "  allure-lua run gotest -- go test -json ./...   (echoes the output, exits with its status)\n"
  "\n"
  "SCRIPT is a path to a .lua file or the name of a script on the search path\n"
  "(-I dirs, $ALLURE_LUA_PATH, $XDG_CONFIG_HOME/allure-lua/scripts, then the bundled ones).\n"
  "INPUT is a file, a directory (walked recursively) or - for standard input (the default).\n"
  "\n"
  "Options:\n"
  "  -o, --output DIR        results directory (default $ALLURE_RESULTS_DIR, $ALLURE_RESULTS,\n"
  "                          else allure-results)\n"
  "      --clean             remove the Allure files already in DIR first\n"
  "  -O, --opt KEY=VALUE     an option of the script (see allure-lua SCRIPT --help)\n"
  "      --label NAME=VALUE  add a label to every result (also ALLURE_LABEL_NAME=VALUE)\n"
  "      --link TYPE=URL     add a link to every result\n"
  "      --param NAME=VALUE  add a parameter to every result, so CI matrix legs keep their own\n"
  "                          history (also ALLURE_LUA_PARAMS=\"NAME=VALUE;...\")\n"
  "      --rules FILE        apply a rules file to every result (docs/rules.md; default\n"
  "                          $ALLURE_LUA_RULES, else ./allure-rules.lua if present)\n"
  "      --env KEY=VALUE     a line of environment.properties\n"
  "      --env-from-ci       add the CI's commit, branch, job and runner to it\n"
  "      --executor KEY=VALUE  a field of executor.json (name, type, url, buildName, ...)\n"
  "      --summary-json FILE write the summary (per input, by status) as JSON\n"
  "      --summary-md FILE   write a Markdown job summary (also appended to $GITHUB_STEP_SUMMARY)\n"
  "      --fail-on-empty     exit with status 7 when no result at all was written\n"
  "      --deterministic     uuids from each input: the same input gives byte-identical output\n"
  "      --timeout SECONDS   stop a script that runs longer (default 3600; 0 = no limit)\n"
  "      --max-memory MB     stop a script whose Lua heap grows larger (default 4096; 0 = none)\n"
  "  -I DIR                  search DIR first for scripts and modules\n"
  "  -E                      ignore ALLURE_LUA_PATH and XDG_CONFIG_HOME\n"
  "      --list              list the scripts that can be run\n"
  "      --print-path        show the search directories in order\n"
  "      --run FILE          run a plain Lua file with the allure-lua modules (tests, tinkering)\n"
  "  -q, --quiet             no summary line\n"
  "  -v, --verbose           say which script runs and what each input gave\n"
  "  -V, --version           print the version\n"
  "  -h, --help              this help, or the script's with SCRIPT\n"
  "Options that take a value may be repeated (-O, --label, --link, --param, --rules, --env,\n"
  "--executor, -I).\n"
  "\n"
  "Exit status: 0 converted; 1 an input was malformed or not of the script's format (others\n"
  "kept); 2 usage error; 3 a script raised an error; 4 the results directory could not be\n"
  "written; 5 a script was stopped by --timeout or --max-memory; 6 an input is missing or\n"
  "unreadable; 7 no result at all, with --fail-on-empty; 128+N stopped by signal N (the\n"
  "results written before are complete; run passes it on to the command and converts what it\n"
  "printed); with run, the command's own status when it is not 0.\n";

enum { OPT_CLEAN = 256, OPT_DETERMINISTIC, OPT_LIST, OPT_PRINT_PATH, OPT_RUN, OPT_ENV_FROM_CI,
       OPT_SUMMARY_JSON, OPT_SUMMARY_MD, OPT_FAIL_ON_EMPTY, OPT_SETTING, OPT_TIMEOUT,
       OPT_MAX_MEMORY };

/* Limits on a script, so a loop or an unbounded allocation cannot hang a CI job. */
#define DEFAULT_TIMEOUT 3600.0          /* seconds */
#define DEFAULT_MAX_MEMORY 4096.0       /* MB of Lua heap */

static const struct option long_options[] = {
  {"output", required_argument, NULL, 'o'},
  {"clean", no_argument, NULL, OPT_CLEAN},
  {"opt", required_argument, NULL, 'O'},
  {"deterministic", no_argument, NULL, OPT_DETERMINISTIC},
  {"list", no_argument, NULL, OPT_LIST},
  {"print-path", no_argument, NULL, OPT_PRINT_PATH},
  {"quiet", no_argument, NULL, 'q'},
  {"verbose", no_argument, NULL, 'v'},
  {"version", no_argument, NULL, 'V'},
  {"help", no_argument, NULL, 'h'},
  {"env-from-ci", no_argument, NULL, OPT_ENV_FROM_CI},
  {"timeout", required_argument, NULL, OPT_TIMEOUT},
  {"max-memory", required_argument, NULL, OPT_MAX_MEMORY},
  {"summary-json", required_argument, NULL, OPT_SUMMARY_JSON},
  {"summary-md", required_argument, NULL, OPT_SUMMARY_MD},
  {"fail-on-empty", no_argument, NULL, OPT_FAIL_ON_EMPTY},
  /* Repeatable run-wide settings, passed to the driver as (name, value) pairs in order. */
  {"label", required_argument, NULL, OPT_SETTING},
  {"link", required_argument, NULL, OPT_SETTING},
  {"param", required_argument, NULL, OPT_SETTING},
  {"rules", required_argument, NULL, OPT_SETTING},
  {"env", required_argument, NULL, OPT_SETTING},
  {"executor", required_argument, NULL, OPT_SETTING},
  {NULL, 0, NULL, 0}};

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "allure-lua: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, " (see allure-lua --help)\n");
  return AL_EXIT_USAGE;
}

int al_main(int argc, char **argv) {
  struct al_config cfg = {0};
  int status, c, end = argc;
  al_forget_stop();
  /* Argument vectors sized for the worst case: every argument one of these. */
  const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
  const char **includes = calloc((size_t)argc + 1, sizeof *includes);
  const char **opts = calloc((size_t)argc + 1, sizeof *opts);
  const char **settings = calloc(2 * (size_t)argc + 2, sizeof *settings);
  if (!inputs || !includes || !opts || !settings) {
    free(inputs); free(includes); free(opts); free(settings);
    fprintf(stderr, "allure-lua: not enough memory\n");
    return AL_EXIT_SCRIPT;
  }
  cfg.inputs = inputs;
  cfg.includes = includes;
  cfg.opts = opts;
  cfg.settings = settings;
  cfg.timeout = DEFAULT_TIMEOUT;
  cfg.max_memory = DEFAULT_MAX_MEMORY;
  /* -o, then ours, then allurectl's variable (docs/ci.md), then the adapters' default. */
  cfg.output = getenv("ALLURE_RESULTS_DIR");
  if (cfg.output == NULL || *cfg.output == '\0') cfg.output = getenv("ALLURE_RESULTS");
  if (cfg.output == NULL || *cfg.output == '\0') cfg.output = "allure-results";

  /* --run FILE: everything after FILE belongs to the Lua program. */
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) break;
    if (strcmp(argv[i], "--run") == 0) {
      if (i + 1 >= argc) {
        status = usage_error("%s needs a file", "--run");
        goto done;
      }
      cfg.run_file = argv[i + 1];
      cfg.run_args = argv + i + 2;
      cfg.n_run_args = argc - i - 2;
      end = i;
      break;
    }
  }

  optind = 0;                                    /* GNU: reinitialise, al_main may run again */
  opterr = 0;
  int index = 0;
  while ((c = getopt_long(end, argv, "-:o:O:I:EqvVh", long_options, &index)) != -1) {
    switch (c) {
      case 1:                                    /* a non-option, in order ("-" included) */
        if (cfg.script == NULL && cfg.run_file == NULL) cfg.script = optarg;
        else inputs[cfg.n_inputs++] = optarg;
        break;
      case 'o': cfg.output = optarg; break;
      case 'O':
        if (strchr(optarg, '=') == NULL) {
          status = usage_error("--opt '%s': expected KEY=VALUE", optarg);
          goto done;
        }
        opts[cfg.n_opts++] = optarg;
        break;
      case 'I': includes[cfg.n_includes++] = optarg; break;
      case 'E': cfg.no_env = 1; break;
      case 'q': cfg.quiet = 1; break;
      case 'v': cfg.verbose = 1; break;
      case 'h': cfg.help = 1; break;
      case 'V':
        printf("allure-lua %s\n", AL_VERSION);
        status = AL_EXIT_OK;
        goto done;
      case OPT_CLEAN: cfg.clean = 1; break;
      case OPT_DETERMINISTIC: cfg.deterministic = 1; break;
      case OPT_LIST: cfg.list = 1; break;
      case OPT_PRINT_PATH: cfg.print_path = 1; break;
      case OPT_ENV_FROM_CI: cfg.env_from_ci = 1; break;
      case OPT_SUMMARY_JSON: cfg.summary_json = optarg; break;
      case OPT_SUMMARY_MD: cfg.summary_md = optarg; break;
      case OPT_FAIL_ON_EMPTY: cfg.fail_on_empty = 1; break;
      case OPT_TIMEOUT:
      case OPT_MAX_MEMORY: {
        char *rest;
        double v = strtod(optarg, &rest);
        if (rest == optarg || *rest != '\0' || !(v >= 0)) {
          status = usage_error("'%s': expected a number (0 = no limit)", optarg);
          goto done;
        }
        if (c == OPT_TIMEOUT) cfg.timeout = v;
        else cfg.max_memory = v;
        break;
      }
      case OPT_SETTING: {
        const char *name = long_options[index].name;
        if (strcmp(name, "rules") != 0 && strchr(optarg, '=') == NULL) {
          status = usage_error(strcmp(name, "link") == 0 ? "--link '%s': expected TYPE=URL"
                                                         : "'%s': expected NAME=VALUE", optarg);
          goto done;
        }
        settings[2 * cfg.n_settings] = name;
        settings[2 * cfg.n_settings + 1] = optarg;
        cfg.n_settings++;
        break;
      }
      case ':':
        status = usage_error("option '%s' needs an argument", argv[optind - 1]);
        goto done;
      default:
        status = usage_error("unknown option '%s'", argv[optind - 1]);
        goto done;
    }
  }
  /* run SCRIPT -- COMMAND: the converter reads what the command prints. */
  if (cfg.script && strcmp(cfg.script, "run") == 0 && !cfg.run_file) {
    if (cfg.n_inputs == 0) {
      status = usage_error("%s: which script? allure-lua run SCRIPT -- COMMAND", "run");
      goto done;
    }
    cfg.script = inputs[0];
    if (optind >= end && !cfg.help) {
      status = usage_error("run %s: no command after --", cfg.script);
      goto done;
    }
    if (cfg.n_inputs > 1) {
      status = usage_error("run: '%s' before --: the input is the command's output", inputs[1]);
      goto done;
    }
    cfg.n_inputs = 0;
    cfg.command = argv + optind;
    cfg.n_command = end - optind;
  } else {
    while (optind < end) inputs[cfg.n_inputs++] = argv[optind++];   /* inputs after "--" */
  }
  if (cfg.help && cfg.script == NULL && !cfg.run_file) {
    fputs(usage_text, stdout);
    status = AL_EXIT_OK;
    goto done;
  }
  if (cfg.script == NULL && !cfg.list && !cfg.print_path && !cfg.run_file) {
    fputs(usage_text, stderr);
    status = AL_EXIT_USAGE;
    goto done;
  }
  status = al_run(&cfg);

done:
  free(inputs);
  free(includes);
  free(opts);
  free(settings);
  return status;
}
