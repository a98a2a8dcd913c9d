import Docker from 'dockerode'

/** How long `available()` trusts its last answer. */
const availabilityTtlMs = 5_000
/** How long the engine may take to answer the availability probe. */
const probeTimeoutMs = 1_000

let lastProbe: { key: string; at: number; answer: Promise<boolean> } | undefined

/** A client for the engine at `DOCKER_HOST`, else the default socket (`/var/run/docker.sock`). */
export function dockerClient(): Docker {
  return new Docker()
}

/**
 * Whether a Docker engine answers within a second and has `image` locally (nothing is ever
 * pulled). The answer is kept for a few seconds, per engine address and image.
 */
export function engineAvailable(image: string): Promise<boolean> {
  const key = `${process.env.DOCKER_HOST ?? ''}|${image}`
  if (lastProbe?.key === key && performance.now() - lastProbe.at < availabilityTtlMs) return lastProbe.answer
  const answer = probe(image)
  lastProbe = { key, at: performance.now(), answer }
  return answer
}

async function probe(image: string): Promise<boolean> {
  try {
    const docker = new Docker({ timeout: probeTimeoutMs })
    await docker.ping()
    await docker.getImage(image).inspect()
    return true
  } catch {
    return false
  }
}
