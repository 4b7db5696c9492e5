// Optimizer: the shared golden cases (fixtures/optimize/golden.json, also run by Rust and Python)
// the report, batch and analysis shapes, and chat requests (`optimizeMessages`).
import test from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Optimizer, Catalog, Encoding } = require('../index.js')
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

// A chat request: a cached system prompt, a named user, tool and function results (data), a reply.
const CHAT = [
  { role: 'system', content: 'In order to answer, use the `search` tool.   \n\n\n\nDo not guess {name}.' },
  { role: 'user', content: 'Do it in order to win and in order to go.', name: 'alice' },
  { role: 'tool', content: 'In order to   help:   done.' },
  { role: 'function', content: 'We in order to now.   ' },
  { role: 'assistant', content: 'We in order to now.' },
]
const contents = (msgs) => msgs.map((m) => m.content)
const utf8 = (s) => Buffer.byteLength(s, 'utf8')

test('optimizeMessages optimizes contents as optimize does and leaves roles, names and data alone', () => {
  const opt = new Optimizer()
  const r = opt.optimizeMessages(CHAT, { level: 'standard' })
  assert.equal(r.messages.length, CHAT.length)
  assert.equal(r.perMessage.length, CHAT.length)
  CHAT.forEach((before, i) => {
    const after = r.messages[i]
    const rep = r.perMessage[i]
    assert.equal(after.role, before.role)
    assert.equal(after.name, before.name)
    const alone = opt.optimize(before.content, { level: 'standard' })
    // Every content here can be optimized on its own ...
    assert.notEqual(alone.optimizedPrompt, before.content)
    assert.equal(rep.originalPrompt, before.content)
    assert.equal(rep.optimizedPrompt, after.content)
    if (before.role === 'tool' || before.role === 'function') {
      // ... but tool and function messages are data and stay as they are.
      assert.equal(after.content, before.content)
      assert.equal(rep.tokensSaved, 0)
      assert.deepEqual(rep.optimizationsApplied, [])
    } else {
      assert.equal(after.content, alone.optimizedPrompt)
      assert.deepEqual(
        [rep.originalTokens, rep.optimizedTokens, rep.tokensSaved],
        [alone.originalTokens, alone.optimizedTokens, alone.tokensSaved],
      )
      assert.deepEqual(rep.optimizationsApplied, alone.optimizationsApplied)
    }
  })
  assert.deepEqual(r.messages[1], { role: 'user', content: 'Do it to win and to go.', name: 'alice' })
  // The input is not modified.
  assert.match(CHAT[0].content, /^In order to answer/)
})

test('optimizeMessages totals count the whole request and price the savings exactly', () => {
  const opt = new Optimizer()
  const cat = Catalog.bundled()
  const r = opt.optimizeMessages(CHAT, { model: 'gpt-4o' })
  const enc = new Encoding(cat.countTokens('gpt-4o', '').encoding)
  // Prompt tokens with per-message overhead (3 per message, 1 per name, 3 to prime the reply).
  assert.equal(r.originalTokens, enc.countMessages(CHAT))
  assert.equal(r.originalTokens, cat.countMessages('gpt-4o', CHAT).tokens)
  assert.equal(r.optimizedTokens, enc.countMessages(r.messages))
  assert.equal(r.tokensSaved, r.originalTokens - r.optimizedTokens)
  assert.ok(r.tokensSaved > 0)
  assert.ok(Math.abs(r.reductionPercentage - (100 * r.tokensSaved) / r.originalTokens) < 1e-9)
  assert.equal(r.estimatedSavingsUsd, cat.cost('gpt-4o', { inputTokens: r.tokensSaved }).input)
  assert.equal(opt.optimizeMessages(CHAT).estimatedSavingsUsd, undefined)
  const empty = opt.optimizeMessages([])
  assert.deepEqual([empty.messages, empty.originalTokens, empty.tokensSaved, empty.reductionPercentage], [[], 3, 0, 0])
})

test('optimizeMessages passes every option', () => {
  const opt = new Optimizer()
  const kept = opt.optimizeMessages(CHAT, { protect: ['in order to', 'In order to'] })
  assert.deepEqual(contents(kept.messages).slice(1), contents(CHAT).slice(1))
  const gated = opt.optimizeMessages(CHAT, { minReduction: 99 })
  assert.deepEqual(contents(gated.messages), contents(CHAT))
  assert.equal(gated.perMessage[0].belowMinReduction, true)
  assert.equal(opt.optimizeMessages(CHAT, { level: 'conservative' }).messages[4].content, 'We to now.')
})

test('optimizeMessages keepPrefix counts across messages', () => {
  const opt = new Optimizer()
  const system = CHAT[0].content
  const user = CHAT[1].content
  const n = utf8(system)
  // Exactly the system prompt: it stays byte-identical, the rest is optimized.
  let r = opt.optimizeMessages(CHAT, { keepPrefixBytes: n })
  assert.equal(r.messages[0].content, system)
  assert.equal(r.messages[1].content, opt.optimize(user).optimizedPrompt)
  assert.equal(r.messages[4].content, 'We to now.')
  // Into the second message: its first bytes are kept as optimize would keep them.
  const k = utf8('Do it in order to win')
  r = opt.optimizeMessages(CHAT, { keepPrefixBytes: n + k })
  assert.equal(r.messages[0].content, system)
  assert.equal(r.messages[1].content, opt.optimize(user, { keepPrefixBytes: k }).optimizedPrompt)
  assert.equal(r.messages[1].content, 'Do it in order to win and to go.')
  assert.equal(r.messages[4].content, 'We to now.')
  // A marker in the second message: everything before it is kept, everything after optimized.
  r = opt.optimizeMessages(CHAT, { keepPrefixMarker: 'win' })
  assert.equal(r.messages[0].content, system)
  assert.equal(r.messages[1].content, opt.optimize(user, { keepPrefixMarker: 'win' }).optimizedPrompt)
  assert.equal(r.messages[1].content, 'Do it in order to win and to go.')
  assert.equal(r.messages[4].content, 'We to now.')
  // A marker that does not occur keeps the whole request.
  r = opt.optimizeMessages(CHAT, { keepPrefixMarker: '<<absent>>' })
  assert.deepEqual(contents(r.messages), contents(CHAT))
  assert.equal(r.tokensSaved, 0)
})

test('optimizeMessages ignores other properties and treats a null name as none', () => {
  const opt = new Optimizer()
  const r = opt.optimizeMessages([{ role: 'assistant', content: 'We in order to now.', name: null, tool_calls: [{}] }])
  assert.deepEqual(r.messages, [{ role: 'assistant', content: 'We to now.' }])
  assert.equal(r.originalTokens, opt.optimizeMessages([{ role: 'assistant', content: 'We in order to now.' }]).originalTokens)
})

test('optimizeMessages throws INVALID_INPUT for malformed messages', () => {
  const opt = new Optimizer()
  const cases = [
    ['We in order to now.', /must be an array/],
    [{ role: 'user', content: 'x' }, /must be an array/],
    [5, /must be an array/],
    [null, /must be an array/],
    [undefined, /must be an array/],
    [['x'], /messages\[0\] must be an object.*got a string/],
    [[null], /messages\[0\] must be an object.*got null/],
    [[['user', 'x']], /messages\[0\] must be an object.*got an array/],
    [[{ content: 'x' }], /messages\[0\] needs string role and content/],
    [[{ role: 'user', content: 'x' }, { role: 'user' }], /messages\[1\] needs/],
    [[{ role: 'user', content: null }], /messages\[0\] needs/],
    [[{ role: 'user', content: 5 }], /messages\[0\]\.content must be a string, got a number/],
    [[{ role: 1, content: 'x' }], /messages\[0\]\.role must be a string/],
    [[{ role: 'user', content: 'x', name: 3 }], /messages\[0\]\.name must be a string/],
    [[{ role: 'user', content: [{ type: 'text', text: 'x' }] }], /\.content must be a string, got an array/],
  ]
  for (const [messages, re] of cases) {
    assert.throws(
      () => opt.optimizeMessages(messages),
      (err) => err.code === 'INVALID_INPUT' && re.test(err.message),
      JSON.stringify(messages),
    )
  }
})

test('optimizeMessages rejects bad options like optimize', () => {
  const opt = new Optimizer()
  const code = (c) => (err) => err.code === c
  assert.throws(() => opt.optimizeMessages(CHAT, { level: 'extreme' }), (err) => err.code === 'INVALID_INPUT' && /conservative/.test(err.message))
  assert.throws(() => opt.optimizeMessages(CHAT, { keepPrefixBytes: 1, keepPrefixMarker: 'x' }), code('INVALID_INPUT'))
  assert.throws(() => opt.optimizeMessages(CHAT, { keepPrefixBytes: -1 }), code('INVALID_INPUT'))
  assert.throws(() => opt.optimizeMessages(CHAT, { protect: ['('] }), code('INVALID_INPUT'))
  assert.throws(() => opt.optimizeMessages(CHAT, { model: 'gpt4o' }), (err) => err.code === 'UNKNOWN_MODEL' && /gpt-4o/.test(err.message))
})
