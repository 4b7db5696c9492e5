// The shared golden fixtures (fixtures/) that the Rust and Python tests run too.
import test from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const llmcost = require('../index.js')
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures')

const FIELDS = {
  input_tokens: 'inputTokens',
  output_tokens: 'outputTokens',
  cached_input_tokens: 'cachedInputTokens',
  cache_write_5m_tokens: 'cacheWrite5mTokens',
  cache_write_1h_tokens: 'cacheWrite1hTokens',
  reasoning_tokens: 'reasoningTokens',
  batch: 'batch',
}
const OWN = {
  openai: llmcost.usageFromOpenaiJson,
  anthropic: llmcost.usageFromAnthropicJson,
  gemini: llmcost.usageFromGeminiJson,
}

const cases = []
for (const dir of readdirSync(join(FIXTURES, 'usage'), { withFileTypes: true })) {
  if (!dir.isDirectory()) continue
  for (const f of readdirSync(join(FIXTURES, 'usage', dir.name)).filter((n) => n.endsWith('.json')).sort()) {
    cases.push([dir.name, f, JSON.parse(readFileSync(join(FIXTURES, 'usage', dir.name, f), 'utf8'))])
  }
}

test('usage fixtures exist', () => {
  assert.ok(cases.length >= 30, `only ${cases.length} usage fixtures`)
})

for (const [dir, file, c] of cases) {
  test(`usage fixture ${dir}/${file}`, () => {
    const text = JSON.stringify(c.input)
    if ('expected_error' in c) {
      assert.throws(() => llmcost.usageFromProviderJson(c.provider, text), (err) => {
        assert.equal(err.code, 'INVALID_INPUT')
        assert.ok(err.message.includes(c.expected_error), err.message)
        return true
      })
      return
    }
    const usage = llmcost.usageFromProviderJson(c.provider, text)
    const expected = Object.fromEntries(Object.entries(c.expected).map(([k, v]) => [FIELDS[k], v]))
    assert.deepEqual({ ...usage }, expected)
    if (c.detect !== false) {
      assert.deepEqual({ ...llmcost.usageFromProviderJson(null, text) }, expected)
      assert.deepEqual({ ...OWN[dir](text) }, expected)
    }
  })
}

const golden = JSON.parse(readFileSync(join(FIXTURES, 'tokens', 'golden.json'), 'utf8'))
for (const name of golden.encodings) {
  test(`token golden counts: ${name}`, () => {
    const enc = new llmcost.Encoding(name)
    assert.equal(enc.name, name)
    for (const c of golden.texts) {
      assert.equal(enc.count(c.text), c.counts[name], c.id)
      const ids = c.tokens?.[name]
      if (ids) assert.deepEqual(enc.encode(c.text), ids, c.id)
    }
    for (const chat of golden.chats) {
      assert.equal(enc.countMessages(chat.messages), chat.counts[name], chat.id)
    }
  })
}

test('unknown encoding is INVALID_INPUT', () => {
  assert.throws(() => new llmcost.Encoding('gpt2'), (err) => err.code === 'INVALID_INPUT' && /cl100k_base/.test(err.message))
})
