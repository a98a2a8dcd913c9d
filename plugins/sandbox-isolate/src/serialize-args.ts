/** The arguments as the JSON text that crosses into the sandbox. */
export function serializeArgs(args: Record<string, unknown> | undefined): string {
  try {
    return JSON.stringify(args ?? {})
  } catch (error) {
    throw new Error(`Tool arguments are not JSON-serializable: ${(error as Error).message}`)
  }
}
