// The image's HEALTHCHECK for the `start` role: GET /health on this container's port, which
// answers 200 only while the database answers too. Docker's --timeout bounds the wait.
const port = process.env.PORT || '3030'
try {
  const response = await fetch(`http://127.0.0.1:${port}/health`)
  process.exit(response.ok ? 0 : 1)
} catch {
  process.exit(1)
}
