/*
** gen: synthetic test reports for the benchmark (tests/bench/run.sh, docs/performance.md).
**
**   gen junit N [flat]   JUnit XML with N <testcase>s. Default: Surefire-like, one suite per
**                        class (40-160 cases each). flat: pytest-like, every case in one suite.
**   gen gotest N         `go test -json` with N events (tests, subtests, output, packages)
**   gen trx N            Visual Studio TRX with N UnitTestResults
**   gen cucumber N       Cucumber JSON with N scenarios (3-6 steps each)
**   gen playwright N     Playwright JSON reporter output with N tests
**
** The report goes to standard output. The same arguments always give the same bytes (a fixed
** PRNG seed), so runs on different machines read the same input. Mix, in every format: ~5% of
** the tests fail with a message and a stack trace, ~1% are broken, ~2% skipped, ~10% print
** output, ~10% carry parameters in their name.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long rng = 0x2545F4914F6CDD1DULL;

static unsigned rnd(unsigned n) {   /* 0 .. n-1; xorshift64 is plenty for test data */
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)((rng >> 11) % n);
}

static const char *const WORDS[] = {
  "parse", "render", "update", "delete", "create", "login", "logout", "retry", "cache", "merge",
  "split", "encode", "decode", "sort", "filter", "invoice", "order", "payment", "user", "session",
  "token", "report", "export", "import", "schema", "index", "query", "stream", "upload", "search"};
#define NWORDS (sizeof WORDS / sizeof WORDS[0])

enum outcome { PASS, FAIL, BROKEN, SKIP };

/* 5% failed, 1% broken, 2% skipped. */
static enum outcome pick(void) {
  unsigned r = rnd(100);
  return r < 5 ? FAIL : r < 6 ? BROKEN : r < 8 ? SKIP : PASS;
}

/* XML-escaped where it matters: the generated text never holds & or quotes. */
static void java_trace(FILE *f, const char *cls, const char *method, int frames) {
  int i;
  fprintf(f, "org.opentest4j.AssertionFailedError: expected: &lt;%u&gt; but was: &lt;%u&gt;\n",
          rnd(100), rnd(100));
  fprintf(f, "\tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)\n");
  fprintf(f, "\tat %s.%s(%s.java:%u)\n", cls, method, strrchr(cls, '.') + 1, 20 + rnd(400));
  for (i = 0; i < frames; i++)
    fprintf(f, "\tat com.example.support.%s%s.invoke(%s.java:%u)\n", WORDS[rnd(NWORDS)],
            WORDS[rnd(NWORDS)], "Support", 10 + rnd(900));
}

/* {======================================================================
** JUnit
** ======================================================================= */

static void junit_case(FILE *f, const char *cls, unsigned id, int flat) {
  char method[96];
  enum outcome o = pick();
  int out = rnd(10) == 0, param = rnd(10) == 0;
  if (flat)
    snprintf(method, sizeof method, "test_%s_%s_%u%s", WORDS[id % NWORDS], WORDS[rnd(NWORDS)], id,
             param ? "[case-7]" : "");
  else
    snprintf(method, sizeof method, "should%s%s%u%s", WORDS[id % NWORDS], WORDS[rnd(NWORDS)], id,
             param ? "[3]" : "");
  fprintf(f, "    <testcase name=\"%s\" classname=\"%s\" time=\"%u.%03u\"", method, cls, rnd(2),
          rnd(1000));
  if (o == PASS && !out) {
    fputs("/>\n", f);
    return;
  }
  fputs(">\n", f);
  if (o == FAIL || o == BROKEN) {
    fprintf(f, "      <%s message=\"expected: &lt;%u&gt; but was: &lt;%u&gt;\" type=\"%s\">",
            o == FAIL ? "failure" : "error", rnd(100), rnd(100),
            o == FAIL ? "org.opentest4j.AssertionFailedError" : "java.lang.IllegalStateException");
    java_trace(f, cls, method, 3 + (int)rnd(6));
    fprintf(f, "</%s>\n", o == FAIL ? "failure" : "error");
  } else if (o == SKIP) {
    fputs("      <skipped message=\"disabled on this platform\"/>\n", f);
  }
  if (out)
    fprintf(f, "      <system-out><![CDATA[%s started\n%s: %u items in %u ms\n]]></system-out>\n",
            method, WORDS[rnd(NWORDS)], rnd(10000), rnd(500));
  fputs("    </testcase>\n", f);
}

static void gen_junit(FILE *f, unsigned long n, int flat) {
  unsigned long done = 0;
  unsigned suite = 0;
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"bench\">\n", f);
  if (flat)
    fprintf(f, "  <testsuite name=\"pytest\" errors=\"0\" failures=\"0\" skipped=\"0\" tests=\"%lu\" "
               "time=\"1.0\" timestamp=\"2024-05-01T12:00:00.000000\" hostname=\"ci-runner-1\">\n", n);
  while (done < n) {
    char cls[128];
    unsigned long k, size = flat ? n : 40 + rnd(121);
    if (size > n - done) size = n - done;
    if (flat) {
      snprintf(cls, sizeof cls, "tests.test_%s", WORDS[suite % NWORDS]);
    } else {
      snprintf(cls, sizeof cls, "com.example.%s.%s%sTest", WORDS[suite % 7], WORDS[rnd(NWORDS)],
               WORDS[suite % NWORDS]);
      fprintf(f, "  <testsuite name=\"%s\" tests=\"%lu\" failures=\"0\" errors=\"0\" skipped=\"0\" "
                 "time=\"%u.%03u\" timestamp=\"2024-05-01T12:%02u:%02u\" hostname=\"ci-runner-%u\">\n",
              cls, size, rnd(30), rnd(1000), suite / 60 % 60, suite % 60, suite % 4);
    }
    for (k = 0; k < size; k++, done++) {
      /* pytest: a module per 500 tests, all in the one suite */
      if (flat && done % 500 == 0) snprintf(cls, sizeof cls, "tests.test_%s%lu", WORDS[rnd(NWORDS)], done / 500);
      junit_case(f, cls, (unsigned)done, flat);
    }
    if (!flat) fputs("  </testsuite>\n", f);
    suite++;
  }
  if (flat) fputs("  </testsuite>\n", f);
  fputs("</testsuites>\n", f);
}

/* }====================================================================== */

/* {======================================================================
** go test -json
** ======================================================================= */

static unsigned long go_events, go_limit;
static unsigned long long go_clock = 1714564800000000ULL;   /* us, 2024-05-01T12:00:00Z */

static void go_event(FILE *f, const char *action, const char *pkg, const char *test,
                     const char *output, int elapsed_ms) {
  unsigned long long s = go_clock / 1000000, us = go_clock % 1000000;
  unsigned h = (unsigned)(s / 3600 % 24), m = (unsigned)(s / 60 % 60), sec = (unsigned)(s % 60);
  go_clock += 20 + rnd(200);
  fprintf(f, "{\"Time\":\"2024-05-01T%02u:%02u:%02u.%06llu+00:00\",\"Action\":\"%s\",\"Package\":\"%s\"",
          h, m, sec, us, action, pkg);
  if (test) fprintf(f, ",\"Test\":\"%s\"", test);
  if (output) fprintf(f, ",\"Output\":\"%s\"", output);
  if (elapsed_ms >= 0) fprintf(f, ",\"Elapsed\":%d.%03d", elapsed_ms / 1000, elapsed_ms % 1000);
  fputs("}\n", f);
  go_events++;
}

/* One test (and its subtests when depth allows): run, output, verdict. */
static void go_test(FILE *f, const char *pkg, const char *name, int depth) {
  char line[256];
  enum outcome o = pick();
  int nsub = depth == 0 && rnd(10) < 3 ? 2 + (int)rnd(3) : 0, i, ms = (int)rnd(300);
  const char *verdict = o == FAIL || o == BROKEN ? "fail" : o == SKIP ? "skip" : "pass";
  go_event(f, "run", pkg, name, NULL, -1);
  snprintf(line, sizeof line, "=== RUN   %s\\n", name);
  go_event(f, "output", pkg, name, line, -1);
  if (rnd(10) == 0) {
    snprintf(line, sizeof line, "    %s_test.go:%u: %s %u items\\n", WORDS[rnd(NWORDS)], 10 + rnd(300),
             WORDS[rnd(NWORDS)], rnd(1000));
    go_event(f, "output", pkg, name, line, -1);
  }
  for (i = 0; i < nsub; i++) {
    char sub[160];
    snprintf(sub, sizeof sub, "%s/%s_%d", name, WORDS[rnd(NWORDS)], i);
    go_test(f, pkg, sub, depth + 1);
  }
  if (o == FAIL || o == BROKEN) {
    snprintf(line, sizeof line, "    %s_test.go:%u: got %u, want %u\\n", WORDS[rnd(NWORDS)],
             10 + rnd(300), rnd(100), rnd(100));
    go_event(f, "output", pkg, name, line, -1);
  } else if (o == SKIP) {
    go_event(f, "output", pkg, name, "    skipped: needs a database\\n", -1);
  }
  snprintf(line, sizeof line, "%*s--- %s: %s (%d.%02ds)\\n", depth * 4, "",
           o == FAIL || o == BROKEN ? "FAIL" : o == SKIP ? "SKIP" : "PASS", name, ms / 1000, ms % 1000 / 10);
  go_event(f, "output", pkg, name, line, -1);
  go_event(f, verdict, pkg, name, NULL, ms);
}

static void gen_gotest(FILE *f, unsigned long n) {
  unsigned p = 0;
  go_limit = n;
  while (go_events < go_limit) {
    char pkg[128], line[256];
    unsigned t, ntests = 20 + rnd(80);
    snprintf(pkg, sizeof pkg, "example.com/service/internal/%s%u", WORDS[p % NWORDS], p);
    go_event(f, "start", pkg, NULL, NULL, -1);
    for (t = 0; t < ntests && go_events < go_limit; t++) {
      char name[96];
      snprintf(name, sizeof name, "Test%s%s%u", WORDS[rnd(NWORDS)], WORDS[t % NWORDS], t);
      name[4] = (char)(name[4] - 32);   /* TestParse... */
      go_test(f, pkg, name, 0);
    }
    go_event(f, "output", pkg, NULL, "PASS\\n", -1);
    snprintf(line, sizeof line, "ok  \\t%s\\t%u.%03us\\n", pkg, rnd(5), rnd(1000));
    go_event(f, "output", pkg, NULL, line, -1);
    go_event(f, "pass", pkg, NULL, NULL, (int)rnd(5000));
    p++;
  }
}

/* }====================================================================== */

/* {======================================================================
** TRX
** ======================================================================= */

static void guid(char out[37], unsigned long a, unsigned b) {
  snprintf(out, 37, "%08lx-%04x-4%03x-8%03x-%012lx", a & 0xffffffffUL, b & 0xffff, (unsigned)(a >> 4) & 0xfff,
           b & 0xfff, (unsigned long)(a * 2654435761UL) & 0xffffffffffffUL);
}

static void gen_trx(FILE *f, unsigned long n) {
  unsigned long i;
  char list[37];
  guid(list, 0, 7);
  fputs("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<TestRun id=\"29afb69d-9a66-49f7-bc93-a537a0db9862\" name=\"bench@ci 2024-05-01 12:00:00\" "
        "runUser=\"ci\" xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\">\n"
        "  <Times creation=\"2024-05-01T12:00:00.0000000+00:00\" queuing=\"2024-05-01T12:00:00.0000000+00:00\" "
        "start=\"2024-05-01T12:00:00.0000000+00:00\" finish=\"2024-05-01T13:00:00.0000000+00:00\" />\n"
        "  <Results>\n", f);
  for (i = 0; i < n; i++) {
    char exec[37], test[37];
    enum outcome o = pick();
    unsigned s = (unsigned)(i % 3600), ms = rnd(1000);
    guid(exec, i, 1);
    guid(test, i, 2);
    fprintf(f, "    <UnitTestResult executionId=\"%s\" testId=\"%s\" testName=\"Example.Tests.%sTests.%s_%lu%s\" "
               "computerName=\"ci-runner-1\" duration=\"00:00:00.%07u\" "
               "startTime=\"2024-05-01T12:%02u:%02u.%03u0000+00:00\" endTime=\"2024-05-01T12:%02u:%02u.%03u0000+00:00\" "
               "testType=\"13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b\" outcome=\"%s\" testListId=\"%s\" "
               "relativeResultsDirectory=\"%s\"",
            exec, test, WORDS[i / 100 % NWORDS], WORDS[i % NWORDS], i, i % 10 == 3 ? "(i: 3)" : "",
            ms * 1000, s / 60, s % 60, ms, s / 60, s % 60, ms,
            o == PASS ? "Passed" : o == SKIP ? "NotExecuted" : "Failed", list, exec);
    if (o == PASS && rnd(10) != 0) {
      fputs(" />\n", f);
      continue;
    }
    fputs(">\n      <Output>\n", f);
    if (o == PASS || o == SKIP) fprintf(f, "        <StdOut>%s: %u items</StdOut>\n", WORDS[rnd(NWORDS)], rnd(1000));
    if (o == FAIL || o == BROKEN) {
      int k, frames = 4 + (int)rnd(8);
      fprintf(f, "        <ErrorInfo>\n          <Message>Assert.Equal() Failure&#xD;\nExpected: %u&#xD;\nActual:   %u</Message>\n"
                 "          <StackTrace>", rnd(100), rnd(100));
      for (k = 0; k < frames; k++)
        fprintf(f, "   at Example.Tests.%sTests.%s(Int32 i) in /src/Example.Tests/%sTests.cs:line %u\n",
                WORDS[rnd(NWORDS)], WORDS[rnd(NWORDS)], WORDS[rnd(NWORDS)], 10 + rnd(500));
      fputs("</StackTrace>\n        </ErrorInfo>\n", f);
    }
    fputs("      </Output>\n    </UnitTestResult>\n", f);
  }
  fputs("  </Results>\n  <TestDefinitions>\n", f);
  for (i = 0; i < n; i++) {
    char exec[37], test[37];
    guid(exec, i, 1);
    guid(test, i, 2);
    fprintf(f, "    <UnitTest name=\"Example.Tests.%sTests.%s_%lu%s\" storage=\"/src/example.tests/bin/example.tests.dll\" id=\"%s\">\n"
               "      <Execution id=\"%s\" />\n"
               "      <TestMethod codeBase=\"/src/example.tests/bin/example.tests.dll\" "
               "adapterTypeName=\"executor://xunit/VsTestRunner2/netcoreapp\" className=\"Example.Tests.%sTests\" name=\"%s_%lu\" />\n"
               "    </UnitTest>\n",
            WORDS[i / 100 % NWORDS], WORDS[i % NWORDS], i, i % 10 == 3 ? "(i: 3)" : "", test, exec,
            WORDS[i / 100 % NWORDS], WORDS[i % NWORDS], i);
  }
  fputs("  </TestDefinitions>\n  <TestEntries>\n", f);
  for (i = 0; i < n; i++) {
    char exec[37], test[37];
    guid(exec, i, 1);
    guid(test, i, 2);
    fprintf(f, "    <TestEntry testId=\"%s\" executionId=\"%s\" testListId=\"%s\" />\n", test, exec, list);
  }
  fprintf(f, "  </TestEntries>\n  <TestLists>\n    <TestList name=\"Results Not in a List\" id=\"%s\" />\n"
             "  </TestLists>\n  <ResultSummary outcome=\"Failed\">\n"
             "    <Counters total=\"%lu\" executed=\"%lu\" />\n  </ResultSummary>\n</TestRun>\n", list, n, n);
}

/* }====================================================================== */

/* {======================================================================
** Cucumber JSON
** ======================================================================= */

static void gen_cucumber(FILE *f, unsigned long n) {
  unsigned long done = 0;
  unsigned feature = 0;
  fputs("[", f);
  while (done < n) {
    unsigned long k, size = 5 + rnd(30);
    if (size > n - done) size = n - done;
    fprintf(f, "%s\n  {\"uri\": \"features/%s/%s_%u.feature\", \"id\": \"%s-%u\", \"keyword\": \"Feature\", "
               "\"name\": \"%s %s %u\", \"description\": \"\", \"line\": 1, "
               "\"tags\": [{\"name\": \"@%s\", \"line\": 1}], \"elements\": [",
            feature ? "," : "", WORDS[feature % 7], WORDS[feature % NWORDS], feature, WORDS[feature % NWORDS],
            feature, WORDS[feature % NWORDS], WORDS[rnd(NWORDS)], feature, WORDS[feature % 5]);
    for (k = 0; k < size; k++, done++) {
      enum outcome o = pick();
      unsigned s, nsteps = 3 + rnd(4), failing = o == PASS || o == SKIP ? 99 : rnd(nsteps);
      fprintf(f, "%s\n    {\"id\": \"%s-%u;scenario-%lu\", \"keyword\": \"Scenario\", \"type\": \"scenario\", "
                 "\"name\": \"%s the %s %lu\", \"description\": \"\", \"line\": %lu, "
                 "\"start_timestamp\": \"2024-05-01T12:%02lu:%02lu.000Z\", "
                 "\"tags\": [{\"name\": \"@%s\", \"line\": %lu}], "
                 "\"before\": [{\"match\": {\"location\": \"Hooks.before()\"}, \"result\": {\"status\": \"passed\", \"duration\": %u}}], "
                 "\"steps\": [",
              k ? "," : "", WORDS[feature % NWORDS], feature, k, WORDS[rnd(NWORDS)], WORDS[rnd(NWORDS)], done,
              3 + k * 6, done / 60 % 60, done % 60, rnd(3) ? "smoke" : "regression", 2 + k * 6, rnd(1000000));
      for (s = 0; s < nsteps; s++) {
        const char *st = s < failing ? (o == SKIP && s == 0 ? "pending" : o == SKIP ? "skipped" : "passed")
                         : s == failing ? "failed" : "skipped";
        fprintf(f, "%s\n      {\"keyword\": \"%s\", \"name\": \"the %s has %u %s\", \"line\": %lu, "
                   "\"match\": {\"location\": \"StepDefs.%s(int)\", \"arguments\": [{\"val\": \"%u\", \"offset\": 8}]}, "
                   "\"result\": {\"status\": \"%s\", \"duration\": %u",
                s ? "," : "", s == 0 ? "Given " : s == nsteps - 1 ? "Then " : "When ", WORDS[rnd(NWORDS)],
                rnd(100), WORDS[rnd(NWORDS)], 4 + k * 6 + s, WORDS[rnd(NWORDS)], rnd(100), st, rnd(5000000));
        if (s == failing)
          fprintf(f, ", \"error_message\": \"java.lang.AssertionError: expected:<%u> but was:<%u>\\n"
                     "\\tat org.junit.Assert.fail(Assert.java:89)\\n\\tat StepDefs.%s(StepDefs.java:%u)\\n"
                     "\\tat \\u2737.the %s has %u %s(features/x.feature:%u)\\n\"",
                  rnd(100), rnd(100), WORDS[rnd(NWORDS)], rnd(300), WORDS[rnd(NWORDS)], rnd(9), WORDS[rnd(NWORDS)], rnd(90));
        fputs("}", f);
        if (rnd(20) == 0)
          fprintf(f, ", \"output\": [\"%s: %u rows\"]", WORDS[rnd(NWORDS)], rnd(1000));
        fputs("}", f);
      }
      fputs("\n    ]}", f);
    }
    fputs("\n  ]}", f);
    feature++;
  }
  fputs("\n]\n", f);
}

/* }====================================================================== */

/* {======================================================================
** Playwright JSON
** ======================================================================= */

static void gen_playwright(FILE *f, unsigned long n) {
  static const char *const projects[] = {"chromium", "firefox", "webkit"};
  unsigned long done = 0;
  unsigned file = 0;
  fputs("{\n  \"config\": {\"rootDir\": \"/project/tests\", \"version\": \"1.44.0\", \"workers\": 2, "
        "\"projects\": [{\"id\": \"chromium\", \"name\": \"chromium\", \"retries\": 1}, "
        "{\"id\": \"firefox\", \"name\": \"firefox\", \"retries\": 1}, {\"id\": \"webkit\", \"name\": \"webkit\", \"retries\": 1}]},\n"
        "  \"suites\": [", f);
  while (done < n) {
    unsigned long size = 6 + rnd(40), k;
    if (size > n - done) size = n - done;
    fprintf(f, "%s\n    {\"title\": \"%s/%s.spec.ts\", \"file\": \"%s/%s.spec.ts\", \"line\": 0, \"column\": 0, \"specs\": [], "
               "\"suites\": [{\"title\": \"%s %u\", \"file\": \"%s/%s.spec.ts\", \"line\": 3, \"column\": 6, \"specs\": [",
            file ? "," : "", WORDS[file % 7], WORDS[file % NWORDS], WORDS[file % 7], WORDS[file % NWORDS],
            WORDS[file % NWORDS], file, WORDS[file % 7], WORDS[file % NWORDS]);
    for (k = 0; k < size; k++, done++) {
      enum outcome o = pick();
      unsigned retries = o == FAIL ? 2 : 1, r;
      const char *proj = projects[done % 3];
      fprintf(f, "%s\n      {\"title\": \"%s %s %lu\", \"ok\": %s, \"tags\": [\"@%s\"], \"id\": \"%08lx-%08lx\", "
                 "\"file\": \"%s/%s.spec.ts\", \"line\": %lu, \"column\": 5, \"tests\": [{\"timeout\": 30000, "
                 "\"annotations\": [], \"expectedStatus\": \"%s\", \"projectId\": \"%s\", \"projectName\": \"%s\", \"results\": [",
              k ? "," : "", WORDS[rnd(NWORDS)], WORDS[rnd(NWORDS)], done, o == FAIL || o == BROKEN ? "false" : "true",
              rnd(3) ? "smoke" : "slow", (unsigned long)file, done, WORDS[file % 7], WORDS[file % NWORDS], 4 + k * 5,
              o == SKIP ? "skipped" : "passed", proj, proj);
      for (r = 0; r < retries; r++) {
        int bad = o == FAIL || o == BROKEN;
        fprintf(f, "%s{\"workerIndex\": %lu, \"status\": \"%s\", \"duration\": %u, \"retry\": %u, "
                   "\"startTime\": \"2024-05-01T12:%02lu:%02lu.%03uZ\", \"attachments\": [], ",
                r ? ", " : "", done % 2, o == SKIP ? "skipped" : bad ? (o == BROKEN ? "timedOut" : "failed") : "passed",
                rnd(3000), r, done / 60 % 60, done % 60, rnd(1000));
        if (bad)
          fprintf(f, "\"errors\": [{\"message\": \"Error: expect(received).toBe(expected)\\n\\nExpected: %u\\nReceived: %u\", "
                     "\"stack\": \"Error: expect(received).toBe(expected)\\n    at /project/tests/%s.spec.ts:%u:7\\n"
                     "    at /project/tests/helpers.ts:%u:3\"}], "
                     "\"error\": {\"message\": \"Error: expect(received).toBe(expected)\", \"stack\": \"Error: at /project/tests/%s.spec.ts:%u:7\"}, ",
                  rnd(100), rnd(100), WORDS[rnd(NWORDS)], rnd(200), rnd(90), WORDS[rnd(NWORDS)], rnd(200));
        else
          fputs("\"errors\": [], ", f);
        if (rnd(10) == 0)
          fprintf(f, "\"stdout\": [{\"text\": \"%s: %u items\\n\"}], \"stderr\": []}", WORDS[rnd(NWORDS)], rnd(1000));
        else
          fputs("\"stdout\": [], \"stderr\": []}", f);
        if (!bad) break;
      }
      fprintf(f, "], \"status\": \"%s\"}]}", o == SKIP ? "skipped" : o == PASS ? "expected" : "unexpected");
    }
    fputs("\n    ]}]}", f);
    file++;
  }
  fprintf(f, "\n  ],\n  \"errors\": [],\n  \"stats\": {\"startTime\": \"2024-05-01T12:00:00.000Z\", \"duration\": 3600000.5, "
             "\"expected\": %lu, \"skipped\": 0, \"unexpected\": 0, \"flaky\": 0}\n}\n", n);
}

/* }====================================================================== */

int main(int argc, char **argv) {
  static char buf[1 << 16];
  unsigned long n;
  if (argc < 3) {
    fprintf(stderr, "usage: gen junit|gotest|trx|cucumber|playwright N [flat]\n");
    return 2;
  }
  n = strtoul(argv[2], NULL, 10);
  setvbuf(stdout, buf, _IOFBF, sizeof buf);
  if (strcmp(argv[1], "junit") == 0) gen_junit(stdout, n, argc > 3 && strcmp(argv[3], "flat") == 0);
  else if (strcmp(argv[1], "gotest") == 0) gen_gotest(stdout, n);
  else if (strcmp(argv[1], "trx") == 0) gen_trx(stdout, n);
  else if (strcmp(argv[1], "cucumber") == 0) gen_cucumber(stdout, n);
  else if (strcmp(argv[1], "playwright") == 0) gen_playwright(stdout, n);
  else {
    fprintf(stderr, "gen: unknown format %s\n", argv[1]);
    return 2;
  }
  return fflush(stdout) == 0 ? 0 : 1;
}
