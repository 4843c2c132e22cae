-- Scenario 1 from outside: POST /query SELECT 42 (persistence on).
wrk.method = "POST"
wrk.body = '{"sql":"SELECT 42"}'
wrk.headers["Content-Type"] = "application/json"
