-- Scenario 7 from outside: GET /api/result/resolve of refs written before the run.
-- The refs come from the file named by WRK_REFS (one noetl:// ref per line, URL-encoded by run.sh).
local refs = {}
for line in io.lines(os.getenv("WRK_REFS")) do refs[#refs + 1] = line end
local n = 0

request = function()
  n = n + 1
  return wrk.format("GET", "/api/result/resolve?ref=" .. refs[(n % #refs) + 1])
end
