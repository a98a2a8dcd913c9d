/** How the host runs sandbox containers; read from the environment on every call. */
export interface SandboxSettings {
  /** The image every container runs (`TROUPE_SANDBOX_IMAGE`); it must exist locally. */
  image: string
  /** CPUs per container (`TROUPE_SANDBOX_CPUS`), fractions allowed. */
  cpus: number
  /**
   * The Docker network of tools that declare `allowedHosts` (`TROUPE_SANDBOX_EGRESS_NETWORK`).
   * Enforcing the allow-list is that network's job (an egress proxy or firewall); without it such
   * tools are refused, since every other container has no network at all.
   */
  egressNetwork?: string
}

export const defaultImage = 'troupe-sandbox:latest'

/** The settings in `env`, with defaults for what it leaves out. */
export function sandboxSettings(env: NodeJS.ProcessEnv = process.env): SandboxSettings {
  const cpus = Number(env.TROUPE_SANDBOX_CPUS)
  return {
    image: env.TROUPE_SANDBOX_IMAGE?.trim() || defaultImage,
    cpus: Number.isFinite(cpus) && cpus > 0 ? cpus : 1,
    egressNetwork: env.TROUPE_SANDBOX_EGRESS_NETWORK?.trim() || undefined
  }
}
