import jsonata from 'jsonata'

/**
 * Compiled JSONata expressions by source text, so that a flow run many times parses each of its
 * expressions once. A compiled expression carries the evaluation hooks of the guard watching its
 * current evaluation, so it is lent to one evaluation at a time: concurrent evaluations of the same
 * text get instances of their own, and an instance whose evaluation failed (it may still have
 * steps pending) is dropped rather than lent again. The texts least recently used are forgotten
 * beyond `maxTexts`.
 */
export class CompiledExpressions {
  private readonly idle = new Map<string, jsonata.Expression[]>()

  constructor(
    private readonly maxTexts = 1000,
    private readonly maxIdlePerText = 16
  ) {}

  /** A compiled `text` for one evaluation (throws JSONata's error for a bad one). */
  lend(text: string): jsonata.Expression {
    const instances = this.idle.get(text)
    if (!instances) return jsonata(text)
    // Most recently used last: re-inserting keeps the map in LRU order.
    this.idle.delete(text)
    this.idle.set(text, instances)
    return instances.pop() ?? jsonata(text)
  }

  /** Takes back an instance whose evaluation succeeded, for the next evaluation of `text`. */
  giveBack(text: string, expression: jsonata.Expression): void {
    const instances = this.idle.get(text) ?? []
    if (instances.length < this.maxIdlePerText) instances.push(expression)
    this.idle.set(text, instances)
    if (this.idle.size > this.maxTexts) this.idle.delete(this.idle.keys().next().value!)
  }
}
