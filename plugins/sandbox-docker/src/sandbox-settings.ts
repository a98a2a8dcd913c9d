/** How the host runs sandbox containers: the plugin's settings, read once at start. */
export interface SandboxSettings {
  /** The image every container runs; it must exist locally. */
  image: string
  /** CPUs per container, fractions allowed. */
  cpus: number
  /**
   * The Docker network of tools that declare `allowedHosts`. Enforcing the allow-list is that
   * network's job (an egress proxy or firewall); without it such tools are refused, since every
   * other container has no network at all.
   */
  egressNetwork?: string
}

export const defaultImage = 'troupe-sandbox:latest'

/**
 * The plugin's settings schema: `TROUPE_SANDBOX_DOCKER_IMAGE`, `_CPUS`, `_EGRESS_NETWORK`, or the
 * older `TROUPE_SANDBOX_IMAGE`, `TROUPE_SANDBOX_CPUS`, `TROUPE_SANDBOX_EGRESS_NETWORK`; a value
 * that does not fit stops the start, naming the variable.
 */
export const sandboxSettingsSchema = {
  type: 'object',
  properties: {
    image: { type: 'string', pattern: '\\S', maxLength: 255, default: defaultImage, 'x-troupe-env-aliases': ['TROUPE_SANDBOX_IMAGE'] },
    cpus: { type: 'number', exclusiveMinimum: 0, maximum: 256, default: 1, 'x-troupe-env-aliases': ['TROUPE_SANDBOX_CPUS'] },
    egressNetwork: { type: 'string', pattern: '\\S', maxLength: 255, 'x-troupe-env-aliases': ['TROUPE_SANDBOX_EGRESS_NETWORK'] }
  },
  additionalProperties: false
}

/** The settings the host read (defaults for what it leaves out: a runtime called without a host gets them all). */
export function sandboxSettings(settings: Partial<SandboxSettings> = {}): SandboxSettings {
  return {
    image: settings.image?.trim() || defaultImage,
    cpus: settings.cpus ?? 1,
    egressNetwork: settings.egressNetwork?.trim() || undefined
  }
}
