-- wrk script: POSTs a Coze token request with a different pre-minted JWT each time.
-- JWT_FILE holds one JWT per line; with T threads, thread i sends lines i, i+T, i+2T, ...
-- A thread that runs out of JWTs sends "exhausted", which the emulator refuses (a non-2xx, reported).
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local total = tonumber(os.getenv("WRK_THREADS") or "1")
  jwts = {}
  local index = 0
  for line in io.lines(os.getenv("JWT_FILE")) do
    if index % total == id then jwts[#jwts + 1] = line end
    index = index + 1
  end
  next_jwt = 1
  body = '{"grant_type":"urn:ietf:params:oauth:grant-type:jwt-bearer","duration_seconds":900}'
end

function request()
  local jwt = jwts[next_jwt] or "exhausted"
  next_jwt = next_jwt + 1
  return wrk.format("POST", "/api/permission/oauth2/token", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. jwt,
  }, body)
end
