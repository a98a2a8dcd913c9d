import type { ToolCall, VendorData } from '@troupe/sdk/plugin'

/** This kind's key in `vendorData`. */
const key = 'gemini'

/**
 * The thought signature Gemini sent on a function call, kept on the call (`vendorData.gemini`),
 * for the call to go back with it: Gemini 3 refuses a model turn whose function call lost its
 * signature (https://ai.google.dev/gemini-api/docs/thought-signatures).
 */
export function withThoughtSignature(call: ToolCall, signature: string | undefined): ToolCall {
  return signature ? { ...call, vendorData: { [key]: { thoughtSignature: signature } } } : call
}

/** The signature a call came with, if it came from Gemini (another vendor's data is not read). */
export function thoughtSignatureOf(call: ToolCall): string | undefined {
  const mine = (call.vendorData as VendorData | undefined)?.[key] as { thoughtSignature?: unknown } | undefined
  return typeof mine?.thoughtSignature === 'string' && mine.thoughtSignature !== '' ? mine.thoughtSignature : undefined
}
