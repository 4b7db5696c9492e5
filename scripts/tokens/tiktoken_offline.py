"""Make OpenAI's Python `tiktoken` work without network access.

`tiktoken` downloads its BPE rank files on first use and caches each one under
`$TIKTOKEN_CACHE_DIR/<sha1 of the download URL>`. The same files ship inside the `tiktoken-rs`
crate (`assets/*.tiktoken`), which cargo has already unpacked into its registry. This module copies
them into a cache directory under the name `tiktoken` looks for, so `tiktoken.get_encoding(...)`
loads them (and still checks their SHA-256 against the hash pinned inside `tiktoken`).

Usage: call `ensure_offline_cache()` before importing/using `tiktoken`.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
from pathlib import Path

BLOB = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
ENCODINGS = ("o200k_base", "cl100k_base", "p50k_base", "r50k_base")


def _asset_dir() -> Path:
    home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    hits = sorted(glob.glob(str(home / "registry/src/*/tiktoken-rs-0.12.*/assets")))
    if not hits:
        raise SystemExit(
            "tiktoken-rs assets not found in the cargo registry; run `cargo fetch` in the workspace first"
        )
    return Path(hits[-1])


def ensure_offline_cache(cache_dir: str | None = None) -> str:
    """Populate a tiktoken cache dir from the tiktoken-rs assets and point TIKTOKEN_CACHE_DIR at it."""
    root = Path(
        cache_dir
        or os.environ.get("TIKTOKEN_CACHE_DIR")
        or Path(os.environ.get("TMPDIR", "/tmp")) / "llmcost-tiktoken-cache"
    )
    root.mkdir(parents=True, exist_ok=True)
    assets = _asset_dir()
    for name in ENCODINGS:
        key = hashlib.sha1(BLOB.format(name=name).encode()).hexdigest()
        target = root / key
        if not target.exists():
            shutil.copyfile(assets / f"{name}.tiktoken", target)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(root)
    return str(root)
