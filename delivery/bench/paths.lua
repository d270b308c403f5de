-- wrk script: replays a list of request paths (one per line) with the bearer token.
-- Usage: wrk ... -s paths.lua URL -- PATHS_FILE TOKEN
local paths = {}
local next_index = 1

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  if args[2] then
    wrk.headers["Authorization"] = "Bearer " .. args[2]
  end
  -- Each wrk thread starts at a different place in the list.
  next_index = math.random(#paths)
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format("GET", paths[next_index])
end
