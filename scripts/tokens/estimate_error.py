#!/usr/bin/env python3
"""Measure how far an OpenAI-encoding estimate is from other vendors' real tokenizers.

For models whose tokenizer is not public, llmcost counts with an OpenAI encoding and marks the
count `estimated`. This script measures that estimate against tokenizers that ship inside PyPI
packages (fetched with `pip download --no-deps`; nothing of them is installed or committed):

  * Llama 3 (tiktoken-format BPE, `llama_models/llama3/tokenizer.model`, llama-models 0.3.0)
  * Llama 4 (`llama_models/llama4/tokenizer.model`, llama-models 0.3.0)
  * Mistral Tekken 2024-09-11 (`mistral_common/data/tekken_240911.json`, mistral-common 1.13.1)
  * Mistral SentencePiece v3 (`mistral_common/data/mistral_instruct_tokenizer_240323.model.v3`)
  * Anthropic's legacy Claude tokenizer (`anthropic/tokenizer.json`, anthropic 0.38.0; the last
    public Claude tokenizer, for Claude 1/2 models; current Claude models use another, unpublished one)

Corpus: every prompt in `fixtures/prompts/prompts.jsonl` (English), plus the non-English golden
texts in `fixtures/tokens/golden.json`. Reports, per estimator encoding and tokenizer, the
aggregate error (sum of estimates / sum of true counts - 1) and the median and 90th-percentile
per-prompt absolute error.

    pip install tiktoken tokenizers sentencepiece
    python3 scripts/tokens/estimate_error.py
"""

from __future__ import annotations

import base64
import json
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from tiktoken_offline import ensure_offline_cache  # noqa: E402

ensure_offline_cache()
import tiktoken  # noqa: E402

LLAMA3_PAT = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
O200K_PAT = r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"
NON_ENGLISH = (
    "cjk_chinese", "cjk_japanese", "cjk_korean", "arabic", "hebrew", "hindi", "thai",
    "cyrillic_greek", "mixed_scripts",
)


def fetch(dest: Path, spec: str) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(dest), spec], check=True)
    name = spec.split("==")[0].replace("-", "_")
    (whl,) = [p for p in dest.glob("*.whl") if p.name.lower().startswith(name + "-")]
    out = dest / name
    with zipfile.ZipFile(whl) as z:
        z.extractall(out)
    return out


def tiktoken_model(path: Path, pat: str, name: str):
    ranks = {}
    for line in path.read_text().splitlines():
        if line:
            tok, rank = line.split()
            ranks[base64.b64decode(tok)] = int(rank)
    enc = tiktoken.Encoding(name=name, pat_str=pat, mergeable_ranks=ranks, special_tokens={})
    return lambda t: len(enc.encode_ordinary(t))


def tekken(path: Path):
    d = json.loads(path.read_text())
    cfg = d["config"]
    inner = cfg["default_vocab_size"] - cfg["default_num_special_tokens"]
    ranks = {base64.b64decode(v["token_bytes"]): v["rank"] for v in d["vocab"][:inner]}
    enc = tiktoken.Encoding(name="tekken", pat_str=cfg["pattern"], mergeable_ranks=ranks, special_tokens={})
    return lambda t: len(enc.encode_ordinary(t))


def sentencepiece(path: Path):
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(path))
    return lambda t: len(sp.encode(t))


def hf_tokenizer(path: Path):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    return lambda t: len(tok.encode(t, add_special_tokens=False).ids)


def stats(est: list[int], true: list[int]) -> tuple[float, float, float]:
    agg = sum(est) / sum(true) - 1
    per = sorted(abs(e - t) / t for e, t in zip(est, true) if t > 0)
    return agg, statistics.median(per), per[int(0.9 * (len(per) - 1))]


def main() -> None:
    prompts = [json.loads(l)["text"] for l in (ROOT / "fixtures/prompts/prompts.jsonl").open(encoding="utf-8")]
    golden = json.loads((ROOT / "fixtures/tokens/golden.json").read_text(encoding="utf-8"))
    foreign = [c["text"] for c in golden["texts"] if c["id"] in NON_ENGLISH]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        llama = fetch(tmp, "llama-models==0.3.0")
        mistral = fetch(tmp, "mistral-common==1.13.1")
        anthropic = fetch(tmp, "anthropic==0.38.0")
        truths = {
            "Llama 3": tiktoken_model(llama / "llama_models/llama3/tokenizer.model", LLAMA3_PAT, "llama3"),
            "Llama 4": tiktoken_model(llama / "llama_models/llama4/tokenizer.model", O200K_PAT, "llama4"),
            "Mistral Tekken (240911)": tekken(mistral / "mistral_common/data/tekken_240911.json"),
            "Mistral SentencePiece v3": sentencepiece(mistral / "mistral_common/data/mistral_instruct_tokenizer_240323.model.v3"),
            "Claude legacy (anthropic 0.38.0)": hf_tokenizer(anthropic / "anthropic/tokenizer.json"),
        }
        estimators = {n: tiktoken.get_encoding(n) for n in ("cl100k_base", "o200k_base")}
        print(f"corpus: {len(prompts)} English prompts; {len(foreign)} non-English texts\n")
        print("| tokenizer | estimator | English: aggregate | median abs | p90 abs | non-English: aggregate |")
        print("|---|---|---|---|---|---|")
        for tname, truth in truths.items():
            t_en = [truth(p) for p in prompts]
            t_fx = [truth(p) for p in foreign]
            for ename, enc in estimators.items():
                e_en = [len(enc.encode_ordinary(p)) for p in prompts]
                e_fx = [len(enc.encode_ordinary(p)) for p in foreign]
                agg, med, p90 = stats(e_en, t_en)
                fagg = sum(e_fx) / sum(t_fx) - 1
                print(f"| {tname} | {ename} | {agg:+.1%} | {med:.1%} | {p90:.1%} | {fagg:+.1%} |")


if __name__ == "__main__":
    main()
