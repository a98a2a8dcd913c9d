import jsonata from 'jsonata'

const booleanOf = jsonata('$boolean($value)')

/**
 * JSONata's own truthiness (`$boolean`), so a condition means what the same test means inside an
 * expression: `''`, `0`, `null`, `false`, nothing, empty arrays and objects, functions are false.
 * Linear in the size of `value`.
 */
export async function isTruthy(value: unknown): Promise<boolean> {
  return (await booleanOf.evaluate(null, { value })) === true
}
