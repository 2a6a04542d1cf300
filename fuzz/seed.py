#!/usr/bin/env python3
"""Writes a starting corpus for every fuzz target into fuzz/corpus/TARGET/
from the core's test fixtures (the same seeds the stable smoke test edits:
crates/core/tests/fuzz_smoke.rs). The corpus is not committed."""
import os, pathlib

root = pathlib.Path(__file__).resolve().parent
fx = root.parent / "crates/core/tests/fixtures"
read = lambda name: (fx / name).read_bytes()
alls = ["open/attrib.json", "open/corpus.jsonl", "open/w3c.json", "open/doccano.jsonl",
        "open/label-studio.json", "open/export.csv", "open/pair.ann", "open/page.html", "open/news.md"]
seeds = {
    "import_native": [read("open/attrib.json"), read("sample-annotated.json")],
    "import_jsonl": [read("open/corpus.jsonl")],
    "import_w3c": [read("open/w3c.json"), read("open/w3c.json") + b"\0" + read("open/pair.txt")],
    "import_brat": [read("open/pair.ann") + b"\0" + read("open/pair.txt")],
    "import_doccano": [read("open/doccano.jsonl")],
    "import_label_studio": [read("open/label-studio.json")],
    "import_csv": [read("open/export.csv")],
    "detect": [read(n) for n in alls],
    "import_detected": [read(n) for n in alls],
    "open_file": [bytes([(i * 37 + 64) % 256]) + read(n) for i, n in enumerate(alls)],
    "html_to_text": [b"\x00\x04\x00\x09\x02\x05Hello\x00\x08\x02\x03abc\x03\x00"],
    "offset_index": ["a😀b\r\ncafé\u0301 \ufeff".encode()],
    "reanchor": [read("open/pair.txt") + b"\0said|Mayor | the\nthe||\nA|| said\nsaid\n"],
    "stored_workspace": [],
}
for target, items in seeds.items():
    d = root / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    for i, data in enumerate(items):
        (d / f"seed-{i}").write_bytes(data)
