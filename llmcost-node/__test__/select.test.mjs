// Selector: the same request and expected choice as `classify_support_tickets` in
// llmcost-core/tests/select_golden.rs.
import test from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Selector, Catalog } = require('../index.js')

const REQ = {
  taskType: 'extraction_classification',
  complexityLevel: 'low',
  qualityThreshold: 0.5,
  requiredCapabilities: ['json_output'],
  estimatedInputTokens: 600,
  estimatedOutputTokens: 20,
  cachedInputShare: 0.8,
}

test('classifying support tickets picks the Rust golden choice', () => {
  const sel = new Selector(Catalog.bundled()).select(REQ)
  assert.equal(sel.success, true)
  assert.equal(sel.asOf, '2026-11-20')
  assert.equal(sel.chosen.model, 'gpt-5-nano')
  assert.equal(sel.chosen.cost, '0.0000164')
  assert.equal(sel.chosen.retiresOn, '2026-12-11')
  assert.equal(sel.task, 'extraction_classification')
  assert.deepEqual(sel.alternatives.map((a) => a.choice.model), [
    'gpt-5-mini', 'gemini-2.5-flash', 'claude-haiku-4-5', 'gpt-5', 'gemini-2.5-pro',
  ])
  assert.equal(sel.alternatives[2].text, 'claude-haiku-4-5: $0.000268, quality 0.523; costs $0.0002516 more')
  assert.equal(sel.alternatives[2].lostOn, 'costs $0.0002516 more')
  assert.equal(sel.reasons()[0], 'cheapest of 10 models that meet every constraint: $0.0000164 per request')
  assert.equal(sel.feasible, 10)
  assert.equal(sel.rejectedCount(), 73)
  assert.ok(sel.rejected().includes('deepseek-chat: retired on 2026-07-24'))
  assert.ok(sel.explanation().includes('gpt-5-nano'))
  assert.equal(sel.usage.inputTokens, 600)
  assert.equal(sel.usage.cachedInputTokens, 480)
})

test('batch pricing, budgets and fallback chains', () => {
  const s = new Selector()
  const batch = s.select({ ...REQ, batchAllowed: true })
  assert.equal(batch.chosen.model, 'gpt-5-nano')
  assert.equal(batch.chosen.batch, true)
  // A budget below the cheapest feasible cost leaves nothing, with an explanation.
  const none = s.select({ ...REQ, maxAcceptableCost: '0.00001' })
  assert.equal(none.success, false)
  assert.equal(none.chosen, null)
  assert.ok(none.reasons().length > 0)
  const chain = s.fallbackChain(REQ, 3)
  assert.equal(chain.length, 3)
  assert.equal(chain[0].model, 'gpt-5-nano')
  assert.equal(new Set(chain.map((c) => c.provider)).size, 3)
})

test('speedRequirement keeps only models fast enough', () => {
  const s = new Selector()
  const feasible = (speedRequirement) => s.select({ ...REQ, speedRequirement }).feasible
  // Tiers of the bundled table: medium is at least 60 output tokens/s, fast at least 120.
  assert.equal(feasible(undefined), 10)
  assert.equal(feasible('slow'), 10)
  assert.equal(feasible('medium'), 8)
  assert.equal(feasible('fast'), 3)
  assert.equal(feasible('FAST'), 3)
  const fast = s.select({ ...REQ, speedRequirement: 'fast' })
  for (const c of [fast.chosen, ...fast.alternatives.map((a) => a.choice)]) assert.ok(c.outputTokensPerS >= 120, c.model)
  assert.throws(() => s.select({ speedRequirement: 'instant' }), (err) => err.code === 'INVALID_INPUT' && /any, slow, medium, fast/.test(err.message))
})

test('bad requirements throw INVALID_INPUT naming the valid values', () => {
  const s = new Selector()
  assert.throws(() => s.select({ taskType: 'poetry' }), (err) => err.code === 'INVALID_INPUT' && /coding/.test(err.message))
  assert.throws(() => s.select({ complexityLevel: 'extreme' }), (err) => err.code === 'INVALID_INPUT')
  assert.throws(() => s.select({ maxAcceptableCost: '$5' }), (err) => err.code === 'INVALID_INPUT')
  assert.throws(() => s.select({ estimatedInputTokens: 1.5 }), (err) => err.code === 'INVALID_INPUT')
})
