import jsonata from 'jsonata'
import { LRUCache } from 'lru-cache'

/**
 * Compiled JSONata expressions by source text, so that a flow run many times parses each of its
 * expressions once. A compiled expression carries the evaluation hooks of the guard watching its
 * current evaluation, so it is lent to one evaluation at a time: concurrent evaluations of the same
 * text get instances of their own, and an instance whose evaluation failed (it may still have
 * steps pending) is dropped rather than lent again. The texts least recently used are forgotten
 * beyond `maxTexts`.
 */
export class CompiledExpressions {
  private readonly idle: LRUCache<string, jsonata.Expression[]>

  constructor(
    maxTexts = 1000,
    private readonly maxIdlePerText = 16
  ) {
    this.idle = new LRUCache({ max: maxTexts })
  }

  /** A compiled `text` for one evaluation (throws JSONata's error for a bad one). */
  lend(text: string): jsonata.Expression {
    return this.idle.get(text)?.pop() ?? jsonata(text)
  }

  /** Takes back an instance whose evaluation succeeded, for the next evaluation of `text`. */
  giveBack(text: string, expression: jsonata.Expression): void {
    const instances = this.idle.get(text)
    if (!instances) this.idle.set(text, [expression])
    else if (instances.length < this.maxIdlePerText) instances.push(expression)
  }
}
