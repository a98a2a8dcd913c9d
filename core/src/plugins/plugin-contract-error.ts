/** A plugin that breaks the contract; the host refuses to start rather than run half-broken. */
export class PluginContractError extends Error {
  constructor(
    readonly plugin: string,
    problem: string
  ) {
    super(`Plugin "${plugin}": ${problem}`)
    this.name = 'PluginContractError'
  }
}
