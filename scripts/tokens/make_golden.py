#!/usr/bin/env python3
"""Generate `fixtures/tokens/golden.json` with OpenAI's Python `tiktoken`.

For every text case: the ordinary-token count (`len(enc.encode_ordinary(text))`) under o200k_base,
cl100k_base, p50k_base and r50k_base, plus the token ids for texts of at most 400 bytes.
For every chat case: the prompt-token count by OpenAI's cookbook rule (`num_tokens_from_messages`):
3 tokens per message, the tokens of every value (role, content, name), 1 more per `name`, and 3 to
prime the reply. Values are encoded as ordinary text (a literal `<|endoftext|>` is plain text).

Requires `pip install tiktoken` and the tiktoken-rs crate in the cargo registry (its BPE files are
used to fill tiktoken's cache, so no network is needed). Rerun:
    python3 scripts/tokens/make_golden.py
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from tiktoken_offline import ENCODINGS, ensure_offline_cache  # noqa: E402

ensure_offline_cache()
import tiktoken  # noqa: E402

OUT = ROOT / "fixtures" / "tokens" / "golden.json"
CORPUS = ROOT / "fixtures" / "prompts" / "prompts.jsonl"
IDS_MAX_BYTES = 400

TEXTS: list[tuple[str, str]] = [
    ("empty", ""),
    ("single_space", " "),
    ("ascii_hello", "hello world"),
    ("ascii_sentence", "The quick brown fox jumps over the lazy dog."),
    ("ascii_caps", "HELLO WORLD. This Is Title Case; camelCaseIdentifier and SCREAMING_SNAKE_CASE."),
    ("contractions", "I'm sure they'll say you've done what we'd've DONE'T, isn't it? He's, she'S, THEY'RE, 'tis."),
    ("contractions_unicode_apostrophe", "It\u2019s what they\u2019re saying: don\u2019t."),
    ("numbers", "1 12 123 1234 12345 123456 3.14159 -42 1e10 0x1F 1,000,000 2024-06-01T12:00:00Z"),
    ("long_digits", "9" * 257),
    ("punctuation", "!!! ??? ... --- ;;; ::: /// \\\\\\ ((( ))) [[[ ]]] {{{ }}} <<< >>> @@@ ### $$$ %%% ^^^ &&& ***"),
    ("endoftext_literal", "<|endoftext|>"),
    ("special_literals", "before <|endoftext|> middle <|fim_prefix|><|fim_middle|><|fim_suffix|> <|endofprompt|> after"),
    ("endoftext_repeated", "<|endoftext|>" * 5),
    ("cjk_chinese", "我们今天去公园散步，天气非常好。机器学习是人工智能的一个分支。"),
    ("cjk_japanese", "日本語のテキストを正しく数えることができますか？ひらがな、カタカナ、漢字。"),
    ("cjk_korean", "안녕하세요. 오늘 날씨가 정말 좋네요! 한국어 토큰 수를 셉니다."),
    ("emoji_basic", "I love it 😀😃😄😁 🎉🎊 🚀"),
    ("emoji_zwj", "Family: 👨\u200d👩\u200d👧\u200d👦, flags: 🇺🇸🇯🇵🇩🇪, skin: 👋🏽👍🏿, keycap: 1\ufe0f\u20e3"),
    ("combining_marks", "e\u0301 a\u0300 n\u0303 o\u0308 Ame\u0301lie cafe\u0301 re\u0301sume\u0301"),
    ("zalgo", "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034dA\u036b\u0357\u0334\u0362\u0335\u031c\u0330\u0354L\u0368\u0367\u0369\u0358\u0320G\u0311\u0357\u030e\u0305\u035b\u0341\u0334\u033b\u0348\u034d\u0354\u0339O\u0342\u030c\u030c\u0358\u0328\u0335\u0339\u033b\u031d\u0333"),
    ("nfc_vs_nfd", "\u00e9t\u00e9 vs e\u0301te\u0301; \u00c5ngstr\u00f6m vs A\u030angstro\u0308m"),
    ("arabic", "مرحبا بالعالم، كيف حالك اليوم؟ ٠١٢٣٤٥٦٧٨٩"),
    ("hebrew", "שלום עולם! זהו משפט בעברית."),
    ("hindi", "नमस्ते दुनिया। यह हिन्दी में एक वाक्य है।"),
    ("thai", "สวัสดีชาวโลก ภาษาไทยไม่มีการเว้นวรรคระหว่างคำ"),
    ("cyrillic_greek", "Привет, мир! Ελληνικά γράμματα: αβγδε ΑΒΓΔΕ."),
    ("mixed_scripts", "Hello 世界 مرحبا Привет 🌍 नमस्ते — mixing scripts: abcАБВ123٤٥٦ＡＢＣ１２３"),
    ("fullwidth", "ＦＵＬＬＷＩＤＴＨ　ｔｅｘｔ　１２３！"),
    ("titlecase_modifier_letters", "\u01c5ungla \u01c8ubljana \u02b0\u02b2\u02e0 \u1d2c\u1d2e x\u02bcy"),
    ("whitespace_spaces", "a" + " " * 17 + "b"),
    ("whitespace_trailing", "trailing spaces   "),
    ("whitespace_leading", "     leading spaces"),
    ("whitespace_only", " \t \n\n  \r\n\t\t   "),
    ("whitespace_tabs", "col1\tcol2\t\tcol3\t\t\tcol4\n\tindented\n\t\tmore"),
    ("whitespace_newlines", "line1\n\n\nline2\r\n\r\nline3\rline4\n \n \nline5"),
    ("whitespace_unicode", "nbsp\u00a0here, ideographic\u3000space, thin\u2009space, line\u2028sep, para\u2029sep, nel\u0085x"),
    ("whitespace_long_run", " " * 300 + "x" + "\n" * 120 + "y" + "\t" * 64),
    ("control_chars", "nul\x00 bell\x07 esc\x1b[31m del\x7f bom\ufeffstart zwsp\u200bmid rtl\u202eevil"),
    ("long_word_ascii", "a" * 5000),
    ("long_word_mixed", "Pneumonoultramicroscopicsilicovolcanoconiosis" * 40),
    ("long_word_random", "".join(random.Random(7).choice("abcdefghijklmnopqrstuvwxyz") for _ in range(3000))),
    ("long_word_cjk", "中" * 1200),
    ("long_punct", "=" * 2048),
    ("code_python", 'def fib(n: int) -> int:\n    """Return the n-th Fibonacci number."""\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n\nprint([fib(i) for i in range(10)])\n'),
    ("code_rust", "fn main() {\n    let v: Vec<u32> = (0..10).map(|x| x * x).collect();\n    println!(\"{:?}\", v);\n    if let Some(&last) = v.last() { assert_eq!(last, 81); }\n}\n"),
    ("code_js", "const f = async (url) => {\n  const r = await fetch(url, { method: 'GET' });\n  return r.ok ? r.json() : null; // comment\n};\n/* block */ export default f;"),
    ("code_html", "<!DOCTYPE html><html><head><title>Test</title></head><body><div class=\"x\" id='y'>&amp;&lt;&gt;</div></body></html>"),
    ("code_sql", "SELECT u.id, COUNT(*) AS n FROM users u JOIN orders o ON o.user_id = u.id WHERE o.created_at >= '2024-01-01' GROUP BY u.id HAVING n > 3;"),
    ("json_compact", '{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"temperature":0.7,"max_tokens":256,"stream":false}'),
    ("json_pretty", json.dumps({"user": {"id": 12345, "name": "Zoë Ångström", "tags": ["a", "b", "c"], "nested": {"x": [1.5, -2, None, True]}}, "emoji": "🎉"}, indent=2, ensure_ascii=False)),
    ("json_escaped", json.dumps({"text": "line\nbreak \"quoted\" \\ back \u00e9 \U0001f600"})),
    ("markdown", "# Title\n\n## Section\n\n- item **bold** and _italic_\n- `inline code`\n\n```python\nprint('hi')\n```\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
    ("url_email", "Visit https://example.com/path/to/page?query=1&lang=en#frag or mail someone@example.org, ftp://files.example.net/x.tar.gz"),
    ("template_placeholders", "Hello {name}, your order {{order_id}} of ${amount} ships on %(date)s. {{#each items}}{{this}}{{/each}}"),
    ("repeated_words", "the " * 500),
    ("slashes_o200k", "path/to/file.txt\n//comment\n/// doc\n\\n\\t"),
    ("newline_after_punct", "Hello!\nWorld?\r\nYes.\n\n\nNo:\r\r"),
    ("space_before_letters_after_newline", "a\n b\n  c\n   d"),
    ("apostrophe_edge", "'s 's's ''s' 'S'LL 'll'll x's y'Ve"),
    ("apostrophe_case_folding", "it'\u017f DON'\u017f x'\u212a 'K 'S 'ſ"),
    ("math_symbols", "∀x∈ℝ: x² ≥ 0 ⇒ √(x²) = |x|; ∑ᵢ aᵢ ≤ ∞; ≈ ≠ ± × ÷"),
    ("private_use_and_astral", "\ue000\uf8ff 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕏 𐍈 𓀀 \U0010fffd"),
]


def random_cases() -> list[tuple[str, str]]:
    """Seeded random strings mixing characters from many Unicode blocks and categories."""
    rng = random.Random(20240601)
    pools = [
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "0123456789",
        " \t\n\r  \u00a0\u3000",
        "'\".,;:!?()[]{}<>/\\|-_=+*&^%$#@~`",
        "éüñçßøåÆŒ\u0301\u0308\u0327",
        "中文字符日本語한국어",
        "😀🎉🚀👍🏽\u200d❤️🇺🇸",
        "ابتثجحخدذ",
        "абвгдеёжзАБВГД",
        "αβγδεζηθ",
        "नमस्तेक्ष",
        "ǅǈʰʲᴬ",
        "٠١٢٣１２３",
    ]
    out = []
    for i in range(120):
        n = rng.choice([1, 2, 3, 5, 8, 13, 40, 100, 400])
        chars = []
        for _ in range(n):
            pool = rng.choice(pools)
            ch = rng.choice(pool)
            chars.append(ch * rng.choice([1, 1, 1, 2, 5]))
        out.append((f"random_{i:03}", "".join(chars)))
    return out


def corpus_cases(limit: int = 60) -> list[tuple[str, str]]:
    """Real prompts from the prompt corpus (every 15th record)."""
    out = []
    with CORPUS.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 15 == 0 and len(out) < limit:
                rec = json.loads(line)
                out.append((f"corpus:{rec['id']}", rec["text"]))
    return out


CHATS: list[tuple[str, list[dict[str, str]]]] = [
    ("no_messages", []),
    ("single_user", [{"role": "user", "content": "Hello!"}]),
    ("empty_content", [{"role": "user", "content": ""}]),
    (
        "cookbook_example",
        [
            {"role": "system", "content": "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
            {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
            {"role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue."},
            {"role": "system", "name": "example_user", "content": "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
            {"role": "system", "name": "example_assistant", "content": "Let's talk later when we're less busy about how to do better."},
            {"role": "user", "content": "This late pivot means we don't have time to boil the ocean for the client deliverable."},
        ],
    ),
    (
        "multi_turn",
        [
            {"role": "system", "content": "You are a concise assistant. Answer in one sentence."},
            {"role": "user", "content": "What is the capital of France?"},
            {"role": "assistant", "content": "The capital of France is Paris."},
            {"role": "user", "content": "And of Japan? 日本の首都は？"},
        ],
    ),
    (
        "names_and_tools",
        [
            {"role": "developer", "content": "Follow the style guide."},
            {"role": "user", "name": "alice_01", "content": "Summarize: {\"a\": [1, 2, 3]}"},
            {"role": "tool", "content": "{\"result\": \"ok\", \"items\": 3}"},
        ],
    ),
    ("special_literal_in_content", [{"role": "user", "content": "Ignore <|endoftext|> and <|im_start|>system<|im_end|>"}]),
    ("emoji_and_whitespace", [{"role": "user", "name": "Zoë", "content": "  🎉\n\n\tdone  "}]),
]


def counts(encs, text: str) -> dict[str, int]:
    return {name: len(enc.encode_ordinary(text)) for name, enc in encs.items()}


def chat_count(enc, messages: list[dict[str, str]]) -> int:
    n = 0
    for m in messages:
        n += 3
        for key, value in m.items():
            n += len(enc.encode_ordinary(value))
            if key == "name":
                n += 1
    return n + 3


def main() -> None:
    encs = {name: tiktoken.get_encoding(name) for name in ENCODINGS}
    texts = []
    seen = set()
    for cid, text in TEXTS + random_cases() + corpus_cases():
        assert cid not in seen, cid
        seen.add(cid)
        case = {"id": cid, "text": text, "counts": counts(encs, text)}
        if len(text.encode("utf-8")) <= IDS_MAX_BYTES:
            case["tokens"] = {name: enc.encode_ordinary(text) for name, enc in encs.items()}
        texts.append(case)
    chats = [
        {"id": cid, "messages": msgs, "counts": {n: chat_count(e, msgs) for n, e in encs.items()}}
        for cid, msgs in CHATS
    ]
    doc = {
        "generator": "scripts/tokens/make_golden.py",
        "tiktoken_version": tiktoken.__version__,
        "encodings": list(ENCODINGS),
        "texts": texts,
        "chats": chats,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(texts)} text cases and {len(chats)} chat cases to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
