-- Scenario 7 from outside: PUT /api/result/{eid} of a ~1 KiB JSON step output.
-- Each thread writes under its own execution ids so names stay spread out.
local text = string.rep("x", 1000)
local n = 0
local thread_no = 0

setup = function(thread)
  thread_no = thread_no + 1
  thread:set("tid", thread_no)
end

request = function()
  n = n + 1
  local body = '{"name":"step_' .. (n % 50) .. '","data":{"i":' .. n .. ',"text":"' .. text .. '"}}'
  return wrk.format("PUT", "/api/result/" .. (tid * 1000 + n % 64),
                    {["Content-Type"] = "application/json"}, body)
end
