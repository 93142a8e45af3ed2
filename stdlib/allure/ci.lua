-- Where the run happens: the CI service recognised from its environment
-- variables, as executor.json fields (the report's "Executor" widget and the
-- link back to the build) and as environment facts (commit, branch, runner).
local ci = {}

-- Each CI: how to recognise it, and a function from getenv to its facts.
-- Values that are missing stay nil; executor.json gets only what is known.
local SERVICES = {
  { name = "GitHub Actions", type = "github", when = "GITHUB_ACTIONS", facts = function(env)
      local server, repo, run = env "GITHUB_SERVER_URL" or "https://github.com", env "GITHUB_REPOSITORY", env "GITHUB_RUN_ID"
      local repo_url = repo and server .. "/" .. repo
      local attempt = env "GITHUB_RUN_ATTEMPT"
      return {
        url = repo_url,
        buildOrder = env "GITHUB_RUN_NUMBER",
        buildName = env "GITHUB_WORKFLOW" and (env "GITHUB_WORKFLOW" .. " #" .. (env "GITHUB_RUN_NUMBER" or "?")),
        buildUrl = repo_url and run and (repo_url .. "/actions/runs/" .. run
          .. (attempt and attempt ~= "1" and "/attempts/" .. attempt or "")),
        commit = env "GITHUB_SHA", branch = env "GITHUB_HEAD_REF" ~= "" and env "GITHUB_HEAD_REF" or env "GITHUB_REF_NAME",
        job = env "GITHUB_JOB", runner = env "RUNNER_NAME", os = env "RUNNER_OS",
      }
    end },
  { name = "GitLab CI", type = "gitlab", when = "GITLAB_CI", facts = function(env)
      return {
        url = env "CI_PROJECT_URL", buildOrder = env "CI_PIPELINE_IID",
        buildName = env "CI_JOB_NAME" and (env "CI_JOB_NAME" .. " #" .. (env "CI_PIPELINE_IID" or env "CI_JOB_ID" or "?")),
        buildUrl = env "CI_JOB_URL" or env "CI_PIPELINE_URL",
        commit = env "CI_COMMIT_SHA", branch = env "CI_COMMIT_REF_NAME", job = env "CI_JOB_NAME",
        runner = env "CI_RUNNER_DESCRIPTION",
      }
    end },
  { name = "Jenkins", type = "jenkins", when = "JENKINS_URL", facts = function(env)
      local build = env "BUILD_URL"
      return {
        url = env "JENKINS_URL", buildOrder = env "BUILD_NUMBER",
        buildName = env "BUILD_DISPLAY_NAME" and env "JOB_NAME" and (env "JOB_NAME" .. " " .. env "BUILD_DISPLAY_NAME")
          or env "JOB_NAME" and (env "JOB_NAME" .. " #" .. (env "BUILD_NUMBER" or "?")),
        buildUrl = build, reportUrl = build and (build:gsub("/?$", "/") .. "allure/"),
        commit = env "GIT_COMMIT", branch = env "BRANCH_NAME" or env "GIT_BRANCH", job = env "JOB_NAME",
        runner = env "NODE_NAME",
      }
    end },
  { name = "Azure Pipelines", type = "azure", when = "TF_BUILD", facts = function(env)
      local project = env "SYSTEM_COLLECTIONURI" and env "SYSTEM_TEAMPROJECT"
        and (env "SYSTEM_COLLECTIONURI":gsub("/?$", "/") .. env "SYSTEM_TEAMPROJECT")
      return {
        url = project, buildOrder = env "BUILD_BUILDID",
        buildName = env "BUILD_DEFINITIONNAME" and (env "BUILD_DEFINITIONNAME" .. " #" .. (env "BUILD_BUILDNUMBER" or "?")),
        buildUrl = project and env "BUILD_BUILDID" and (project .. "/_build/results?buildId=" .. env "BUILD_BUILDID"),
        commit = env "BUILD_SOURCEVERSION", branch = env "BUILD_SOURCEBRANCHNAME", job = env "SYSTEM_JOBDISPLAYNAME",
        runner = env "AGENT_NAME", os = env "AGENT_OS",
      }
    end },
  { name = "CircleCI", type = "circleci", when = "CIRCLECI", facts = function(env)
      return {
        url = env "CIRCLE_REPOSITORY_URL", buildOrder = env "CIRCLE_BUILD_NUM",
        buildName = env "CIRCLE_JOB" and (env "CIRCLE_JOB" .. " #" .. (env "CIRCLE_BUILD_NUM" or "?")),
        buildUrl = env "CIRCLE_BUILD_URL", commit = env "CIRCLE_SHA1", branch = env "CIRCLE_BRANCH",
        job = env "CIRCLE_JOB",
      }
    end },
  { name = "Buildkite", type = "buildkite", when = "BUILDKITE", facts = function(env)
      return {
        url = env "BUILDKITE_REPO", buildOrder = env "BUILDKITE_BUILD_NUMBER",
        buildName = env "BUILDKITE_PIPELINE_SLUG" and (env "BUILDKITE_PIPELINE_SLUG" .. " #" .. (env "BUILDKITE_BUILD_NUMBER" or "?")),
        buildUrl = env "BUILDKITE_BUILD_URL", commit = env "BUILDKITE_COMMIT", branch = env "BUILDKITE_BRANCH",
        job = env "BUILDKITE_LABEL", runner = env "BUILDKITE_AGENT_NAME",
      }
    end },
  { name = "TeamCity", type = "teamcity", when = "TEAMCITY_VERSION", facts = function(env)
      return {
        buildOrder = env "BUILD_NUMBER",
        buildName = env "TEAMCITY_BUILDCONF_NAME" and (env "TEAMCITY_BUILDCONF_NAME" .. " #" .. (env "BUILD_NUMBER" or "?")),
        commit = env "BUILD_VCS_NUMBER", job = env "TEAMCITY_BUILDCONF_NAME",
      }
    end },
  { name = "Bitbucket Pipelines", type = "bitbucket", when = "BITBUCKET_BUILD_NUMBER", facts = function(env)
      local origin = env "BITBUCKET_GIT_HTTP_ORIGIN"
      local n = env "BITBUCKET_BUILD_NUMBER"
      return {
        url = origin, buildOrder = n, buildName = "Pipeline #" .. n,
        buildUrl = origin and (origin .. "/addon/pipelines/home#!/results/" .. n),
        commit = env "BITBUCKET_COMMIT", branch = env "BITBUCKET_BRANCH", job = env "BITBUCKET_STEP_UUID",
      }
    end },
  { name = "Travis CI", type = "travis", when = "TRAVIS", facts = function(env)
      return {
        buildOrder = env "TRAVIS_BUILD_NUMBER",
        buildName = env "TRAVIS_REPO_SLUG" and (env "TRAVIS_REPO_SLUG" .. " #" .. (env "TRAVIS_BUILD_NUMBER" or "?")),
        buildUrl = env "TRAVIS_BUILD_WEB_URL", commit = env "TRAVIS_COMMIT", branch = env "TRAVIS_BRANCH",
        job = env "TRAVIS_JOB_NAME", os = env "TRAVIS_OS_NAME",
      }
    end },
  { name = "Woodpecker", type = "woodpecker", when = "CI", is = "woodpecker", facts = function(env)
      return {
        url = env "CI_REPO_URL", buildOrder = env "CI_PIPELINE_NUMBER",
        buildName = env "CI_REPO" and (env "CI_REPO" .. " #" .. (env "CI_PIPELINE_NUMBER" or "?")),
        buildUrl = env "CI_PIPELINE_URL", commit = env "CI_COMMIT_SHA", branch = env "CI_COMMIT_BRANCH",
        job = env "CI_WORKFLOW_NAME", runner = env "CI_MACHINE",
      }
    end },
  { name = "Drone", type = "drone", when = "DRONE", facts = function(env)
      return {
        url = env "DRONE_REPO_LINK", buildOrder = env "DRONE_BUILD_NUMBER",
        buildName = env "DRONE_REPO" and (env "DRONE_REPO" .. " #" .. (env "DRONE_BUILD_NUMBER" or "?")),
        buildUrl = env "DRONE_BUILD_LINK", commit = env "DRONE_COMMIT_SHA", branch = env "DRONE_BRANCH",
        job = env "DRONE_STAGE_NAME", runner = env "DRONE_RUNNER_HOSTNAME",
      }
    end },
}

local EXECUTOR_FIELDS = { "name", "type", "url", "buildOrder", "buildName", "buildUrl", "reportName", "reportUrl" }

-- getenv: a function from a variable name to its value (os.getenv, or a table
-- lookup in tests); empty values count as unset. Returns the facts of the CI
-- that runs us, or nil.
function ci.detect(getenv)
  local function env(name)
    local v = getenv(name)
    if v == "" then return nil end
    return v
  end
  for _, service in ipairs(SERVICES) do
    local marker = env(service.when)
    if marker and (not service.is or marker == service.is) then
      local facts = service.facts(env)
      facts.name, facts.type = service.name, service.type
      facts.buildOrder = facts.buildOrder and math.tointeger(tonumber(facts.buildOrder))
      return facts
    end
  end
end

-- executor.json from the facts (nil when there are none) with overrides
-- (name=value strings from --executor) applied last.
function ci.executor(facts, overrides)
  local executor = {}
  for _, field in ipairs(EXECUTOR_FIELDS) do executor[field] = facts and facts[field] end
  for _, kv in ipairs(overrides or {}) do
    local key, value = kv:match("^([^=]+)=(.*)$")
    local known = false
    for _, field in ipairs(EXECUTOR_FIELDS) do known = known or field == key end
    if not known then
      return nil, ("--executor %s: unknown field (%s)"):format(kv, table.concat(EXECUTOR_FIELDS, ", "))
    end
    if key == "buildOrder" then
      value = math.tointeger(tonumber(value))
      if not value then return nil, ("--executor %s: buildOrder must be a whole number"):format(kv) end
    end
    executor[key] = value
  end
  if next(executor) == nil then return false end
  return executor
end

-- environment.properties lines (as {key, value}) for --env-from-ci.
function ci.environment(facts)
  if not facts then return {} end
  local lines = { { "CI", facts.name } }
  for _, key in ipairs { "branch", "commit", "job", "runner", "os" } do
    if facts[key] then lines[#lines + 1] = { key:gsub("^%l", string.upper), facts[key] } end
  end
  return lines
end

return ci
