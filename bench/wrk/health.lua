-- The HTTP floor of scenario 7: the cheapest request the server answers.
wrk.method = "GET"
wrk.path = "/health"
