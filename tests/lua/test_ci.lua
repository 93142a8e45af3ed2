local ci = require "allure.ci"

local function env(t) return function(name) return t[name] end end

return {
  { "GitHub Actions", function()
    local facts = ci.detect(env {
      GITHUB_ACTIONS = "true", GITHUB_SERVER_URL = "https://github.com", GITHUB_REPOSITORY = "acme/shop",
      GITHUB_RUN_ID = "987", GITHUB_RUN_NUMBER = "42", GITHUB_RUN_ATTEMPT = "2", GITHUB_WORKFLOW = "CI",
      GITHUB_SHA = "abc123", GITHUB_REF_NAME = "main", GITHUB_HEAD_REF = "", GITHUB_JOB = "test",
      RUNNER_NAME = "GitHub Actions 3", RUNNER_OS = "Linux" })
    check.eq(ci.executor(facts), {
      name = "GitHub Actions", type = "github", url = "https://github.com/acme/shop", buildOrder = 42,
      buildName = "CI #42", buildUrl = "https://github.com/acme/shop/actions/runs/987/attempts/2" })
    check.eq(ci.environment(facts), { { "CI", "GitHub Actions" }, { "Branch", "main" }, { "Commit", "abc123" },
      { "Job", "test" }, { "Runner", "GitHub Actions 3" }, { "Os", "Linux" } })
  end },
  { "GitLab, Jenkins, Azure", function()
    check.eq(ci.executor(ci.detect(env { GITLAB_CI = "true", CI_PROJECT_URL = "https://gitlab.example/g/p",
      CI_PIPELINE_IID = "7", CI_JOB_NAME = "unit", CI_JOB_URL = "https://gitlab.example/g/p/-/jobs/99" })), {
      name = "GitLab CI", type = "gitlab", url = "https://gitlab.example/g/p", buildOrder = 7,
      buildName = "unit #7", buildUrl = "https://gitlab.example/g/p/-/jobs/99" })
    check.eq(ci.executor(ci.detect(env { JENKINS_URL = "https://ci.example/", BUILD_NUMBER = "15",
      JOB_NAME = "shop", BUILD_URL = "https://ci.example/job/shop/15" })), {
      name = "Jenkins", type = "jenkins", url = "https://ci.example/", buildOrder = 15, buildName = "shop #15",
      buildUrl = "https://ci.example/job/shop/15", reportUrl = "https://ci.example/job/shop/15/allure/" })
    check.eq(ci.executor(ci.detect(env { TF_BUILD = "True", SYSTEM_COLLECTIONURI = "https://dev.azure.com/acme/",
      SYSTEM_TEAMPROJECT = "shop", BUILD_BUILDID = "321", BUILD_DEFINITIONNAME = "nightly",
      BUILD_BUILDNUMBER = "20260301.1" })), {
      name = "Azure Pipelines", type = "azure", url = "https://dev.azure.com/acme/shop", buildOrder = 321,
      buildName = "nightly #20260301.1", buildUrl = "https://dev.azure.com/acme/shop/_build/results?buildId=321" })
  end },
  { "the rest are recognised", function()
    local markers = {
      { { CIRCLECI = "true" }, "circleci" }, { { BUILDKITE = "true" }, "buildkite" },
      { { TEAMCITY_VERSION = "2024.1" }, "teamcity" }, { { BITBUCKET_BUILD_NUMBER = "3" }, "bitbucket" },
      { { TRAVIS = "true" }, "travis" }, { { DRONE = "true" }, "drone" }, { { CI = "woodpecker" }, "woodpecker" },
    }
    for _, m in ipairs(markers) do check.eq(ci.detect(env(m[1])).type, m[2], m[2]) end
    check.eq(ci.detect(env { CI = "true" }), nil)
    check.eq(ci.detect(env {}), nil)
  end },
  { "overrides and their mistakes", function()
    check.eq(ci.executor(nil, { "name=Nightly", "buildOrder=9" }), { name = "Nightly", buildOrder = 9 })
    check.eq(ci.executor(nil, {}), false)
    check.eq(select(2, ci.executor(nil, { "colour=red" })),
      "--executor colour=red: unknown field (name, type, url, buildOrder, buildName, buildUrl, reportName, reportUrl)")
    check.eq(select(2, ci.executor(nil, { "buildOrder=x" })), "--executor buildOrder=x: buildOrder must be a whole number")
  end },
}
