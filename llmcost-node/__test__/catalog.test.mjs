import test from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Catalog, Encoding, version } = require('../index.js')

test('cost is exact and returned as decimal strings', () => {
  const cat = Catalog.bundled()
  const cost = cat.cost('openai/gpt-4o', { inputTokens: 12000, outputTokens: 800, cachedInputTokens: 10000 })
  assert.equal(cost.model, 'gpt-4o')
  // 2,000 x $2.50/M + 10,000 x $1.25/M + 800 x $10/M
  assert.equal(cost.total, '0.0255')
  assert.equal(cost.input, '0.005')
  assert.equal(cost.cachedInput, '0.0125')
  assert.equal(cost.output, '0.008')
  assert.equal(cat.totalCost('gpt-4o', { inputTokens: 1 }), '0.0000025')
  assert.match(version(), /^\d+\.\d+\.\d+/)
})

test('unknown model throws with code UNKNOWN_MODEL and a suggestion', () => {
  const cat = Catalog.bundled()
  assert.throws(() => cat.cost('gpt4o', { inputTokens: 1 }), (err) => {
    assert.equal(err.code, 'UNKNOWN_MODEL')
    assert.match(err.message, /did you mean 'gpt-4o'/)
    return true
  })
})

test('bad token counts are INVALID_INPUT, not a crash', () => {
  const cat = Catalog.bundled()
  for (const bad of [-1, 1.5, Number.NaN]) {
    assert.throws(() => cat.cost('gpt-4o', { inputTokens: bad }), (err) => err.code === 'INVALID_INPUT' && /inputTokens/.test(err.message))
  }
  assert.throws(() => cat.cost('gpt-4o', { inputTokens: 10, cachedInputTokens: 11 }), (err) => err.code === 'INVALID_INPUT')
})

test('bad catalog JSON is CATALOG_INVALID naming line and column', () => {
  assert.throws(() => Catalog.fromJsonStr('{not json'), (err) => err.code === 'CATALOG_INVALID' && /line 1 column/.test(err.message))
})

test('counts tokens and chat messages exactly', () => {
  const cat = Catalog.bundled()
  assert.deepEqual(cat.countTokens('gpt-4o', 'hello world'), { tokens: 2, encoding: 'o200k_base', estimated: false })
  // 3 per message + role (1) + content (2) + 3 reply priming
  assert.equal(cat.countMessages('gpt-4o', [{ role: 'user', content: 'hello world' }]).tokens, 9)
  // Malformed messages are INVALID_INPUT errors naming the message; other properties are ignored.
  const invalid = (re) => (err) => err.code === 'INVALID_INPUT' && re.test(err.message)
  assert.throws(() => cat.countMessages('gpt-4o', [{ content: 'x' }]), invalid(/messages\[0\]/))
  assert.throws(() => cat.countMessages('gpt-4o', [{ role: 'user', content: 5 }]), invalid(/content must be a string/))
  assert.throws(() => new Encoding('o200k_base').countMessages('hello'), invalid(/must be an array/))
  const extra = [{ role: 'user', content: 'hello world', tool_call_id: 'c1', tool_calls: [] }]
  assert.equal(cat.countMessages('gpt-4o', extra).tokens, 9)
  assert.equal(cat.worstCase('gpt-4o', 1000, 100), '0.0035')
})
