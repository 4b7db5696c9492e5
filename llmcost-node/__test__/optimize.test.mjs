// Optimizer: the shared golden cases (fixtures/optimize/golden.json, also run by Rust and Python)
// and the report, batch and analysis shapes.
import test from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Optimizer, Catalog } = require('../index.js')
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures')
const golden = JSON.parse(readFileSync(join(FIXTURES, 'optimize', 'golden.json'), 'utf8'))

test('every golden case gives the expected text', () => {
  assert.ok(golden.cases.length > 300)
  const opt = new Optimizer()
  const failures = []
  for (const c of golden.cases) {
    const r = opt.optimize(c.input, {
      level: c.options.level,
      preserveStructure: c.options.preserve_structure,
    })
    if (r.optimizedPrompt !== c.expected) failures.push(`${c.name}: got ${JSON.stringify(r.optimizedPrompt)}`)
    assert.ok(r.optimizedTokens <= r.originalTokens)
    assert.equal(r.encoding, golden.encoding)
  }
  assert.deepEqual(failures, [])
})

test('a report counts, names the rule and prices the savings exactly', () => {
  const opt = new Optimizer()
  const r = opt.optimize('We in order to now.', { level: 'conservative', model: 'gpt-4o' })
  assert.equal(r.originalPrompt, 'We in order to now.')
  assert.equal(r.optimizedPrompt, 'We to now.')
  assert.equal(r.tokensSaved, r.originalTokens - r.optimizedTokens)
  assert.ok(r.tokensSaved > 0)
  assert.ok(r.optimizationsApplied.some((a) => a.ruleId === 'en.in_order_to' && a.count === 1))
  const cost = Catalog.bundled().cost('gpt-4o', { inputTokens: r.tokensSaved })
  assert.equal(r.estimatedSavingsUsd, cost.input)
  // Without a model there is no price.
  assert.equal(opt.optimize('We in order to now.').estimatedSavingsUsd, undefined)
})

test('protect and keepPrefix leave text unchanged', () => {
  const opt = new Optimizer()
  const text = 'We in order to now.'
  assert.equal(opt.optimize(text, { protect: ['in order to'] }).optimizedPrompt, text)
  assert.equal(opt.optimize(text, { keepPrefixMarker: 'now' }).optimizedPrompt, text)
  assert.equal(opt.optimize(text, { keepPrefixBytes: text.length }).optimizedPrompt, text)
})

test('bad options throw INVALID_INPUT or UNKNOWN_MODEL', () => {
  const opt = new Optimizer()
  const code = (c) => (err) => err.code === c
  assert.throws(() => opt.optimize('x', { level: 'extreme' }), (err) => err.code === 'INVALID_INPUT' && /conservative/.test(err.message))
  assert.throws(() => opt.optimize('x', { minReduction: 150 }), code('INVALID_INPUT'))
  assert.throws(() => opt.optimize('x', { protect: ['('] }), code('INVALID_INPUT'))
  assert.throws(() => opt.optimize('x', { keepPrefixBytes: -1 }), code('INVALID_INPUT'))
  assert.throws(() => opt.optimize('x', { keepPrefixBytes: 1, keepPrefixMarker: 'x' }), code('INVALID_INPUT'))
  assert.throws(() => opt.optimize('x', { model: 'gpt4o' }), code('UNKNOWN_MODEL'))
})

test('a batch aggregates its results', () => {
  const opt = new Optimizer()
  const texts = ['We in order to now.', 'In order to we go.', 'Short.']
  const b = opt.optimizeBatch(texts, { model: 'gpt-4o' })
  assert.equal(b.totalPrompts, 3)
  assert.equal(b.results.length, 3)
  assert.deepEqual(b.results.map((r) => r.originalPrompt), texts)
  assert.equal(b.totalTokensSaved, b.results.reduce((s, r) => s + r.tokensSaved, 0))
  assert.equal(b.successfulOptimizations, b.results.filter((r) => r.tokensSaved > 0).length)
  assert.deepEqual(b.mostFrequentOptimizations[0], { ruleId: 'en.in_order_to', prompts: 2 })
  assert.equal(typeof b.totalSavingsUsd, 'string')
})

test('analyze reports findings with JS string offsets', () => {
  const opt = new Optimizer()
  const text = 'Café 😀: we in order to now.'
  const a = opt.analyze(text)
  const f = a.findings.find((x) => x.ruleId === 'en.in_order_to')
  assert.ok(f)
  assert.match(text.slice(f.start, f.end), /in order to/)
  assert.ok(['conservative', 'standard', 'aggressive'].includes(f.level))
  assert.ok(a.potentialTokensSaved >= f.tokensSaved)
  assert.ok(a.efficiencyScore < 1)
  assert.equal(a.encoding, 'o200k_base')
})
