#!/usr/bin/env python3
"""Build `benches/corpus/prompts.jsonl`: real prompt templates taken from published PyPI packages.

Each output line is one prompt:
    {"id": ..., "source": ..., "package": ..., "version": ..., "path": ..., "licence": ..., "text": ...}

Sources (pinned; fetched with `pip download --no-deps`, nothing is installed):
  * promptsource 0.2.3 (Apache-2.0): BigScience's P3 prompt templates (`templates/**/templates.yaml`);
    the input side of each template (the text before `|||`) is kept.
  * llama-index-core 0.14.25 (MIT): module-level prompt template strings (`*_TMPL`, `*PROMPT*`).
  * langchain-classic 1.0.8 (MIT): module-level prompt template strings (`*_TEMPLATE`, `*PROMPT*`).

Each package's licence file is copied to `benches/corpus/licenses/<package>.txt`.
The output is deterministic for the pinned versions. Rerun:
    python3 scripts/corpus/build_prompt_corpus.py
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "benches" / "corpus" / "prompts.jsonl"

PROMPTSOURCE = ("promptsource", "0.2.3", "Apache-2.0")
LLAMA_INDEX = ("llama-index-core", "0.14.25", "MIT")
LANGCHAIN = ("langchain-classic", "1.0.8", "MIT")

# Promptsource templates are short; keep every n-th one so the file stays a few hundred KB.
PROMPTSOURCE_STRIDE = 2
MIN_LEN = 40


def download(name: str, version: str, dest: Path, sdist: bool) -> Path:
    args = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(dest)]
    if sdist:
        # promptsource declares Requires-Python <3.10; only its files are read here.
        args += ["--no-binary=:all:", "--python-version", "3.9"]
    subprocess.run(args + [f"{name}=={version}"], check=True)
    stem = name.replace("-", "_")
    hits = [p for p in dest.iterdir() if p.name.lower().startswith((stem + "-", name + "-"))]
    if len(hits) != 1:
        raise SystemExit(f"expected one download for {name}, found {hits}")
    return hits[0]


def unpack(archive: Path, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z:
            z.extractall(dest)
    else:
        with tarfile.open(archive) as t:
            t.extractall(dest, filter="data")
    return dest


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: yaml.Loader, node: yaml.Node) -> dict:
    return loader.construct_mapping(node, deep=True)


_Loader.add_constructor("!Template", _mapping)
_Loader.add_constructor("!TemplateMetadata", _mapping)


def promptsource_records(root: Path) -> list[dict]:
    name, version, licence = PROMPTSOURCE
    out = []
    files = sorted(root.glob("promptsource-*/promptsource/templates/**/templates.yaml"))
    n = 0
    for f in files:
        doc = yaml.load(f.read_text(encoding="utf-8"), Loader=_Loader)
        rel = f.relative_to(next(root.glob("promptsource-*")))
        for tid in sorted(doc.get("templates") or {}):
            t = doc["templates"][tid]
            text = (t.get("jinja") or "").split("|||")[0].strip()
            if len(text) < MIN_LEN:
                continue
            n += 1
            if n % PROMPTSOURCE_STRIDE:
                continue
            out.append(
                {
                    "id": f"promptsource/{rel.parent.relative_to('promptsource/templates')}/{tid}",
                    "source": "BigScience promptsource (P3 prompt templates)",
                    "package": name,
                    "version": version,
                    "path": str(rel),
                    "licence": licence,
                    "text": text,
                }
            )
    return out


def python_constants(root: Path, package: tuple[str, str, str], pkg_dir: str, markers: tuple[str, ...]) -> list[dict]:
    name, version, licence = package
    out = []
    for f in sorted((root / pkg_dir).rglob("*.py")):
        try:
            tree = ast.parse(f.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        for node in tree.body:
            if not isinstance(node, ast.Assign) or len(node.targets) != 1:
                continue
            target = node.targets[0]
            if not isinstance(target, ast.Name):
                continue
            if not any(m in target.id.upper() for m in markers):
                continue
            if not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
                continue
            text = node.value.value.strip()
            if len(text) < MIN_LEN or " " not in text:
                continue
            rel = f.relative_to(root)
            out.append(
                {
                    "id": f"{name}/{rel}:{target.id}",
                    "source": f"{name} prompt templates",
                    "package": name,
                    "version": version,
                    "path": str(rel),
                    "licence": licence,
                    "text": text,
                }
            )
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        dl = tmp / "dl"
        dl.mkdir()
        ps = unpack(download(*PROMPTSOURCE[:2], dl, sdist=True), tmp / "ps")
        li = unpack(download(*LLAMA_INDEX[:2], dl, sdist=False), tmp / "li")
        lc = unpack(download(*LANGCHAIN[:2], dl, sdist=False), tmp / "lc")
        lic = OUT.parent / "licenses"
        lic.mkdir(parents=True, exist_ok=True)
        for name, found in (
            (PROMPTSOURCE[0], sorted(ps.glob("promptsource-*/LICENSE"))),
            (LLAMA_INDEX[0], sorted(li.glob("*.dist-info/licenses/LICENSE"))),
            (LANGCHAIN[0], sorted(lc.glob("*.dist-info/licenses/LICENSE"))),
        ):
            if len(found) != 1:
                raise SystemExit(f"licence file of {name} not found")
            (lic / f"{name}.txt").write_text(found[0].read_text(encoding="utf-8"), encoding="utf-8")
        records = (
            python_constants(li, LLAMA_INDEX, "llama_index", ("TMPL", "PROMPT"))
            + python_constants(lc, LANGCHAIN, "langchain_classic", ("TEMPLATE", "PROMPT"))
            + promptsource_records(ps)
        )
    seen = set()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as f:
        for r in records:
            if r["text"] in seen:
                continue
            seen.add(r["text"])
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    size = sum(len(t.encode()) for t in seen)
    print(f"wrote {len(seen)} prompts, {size} bytes of prompt text, to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
