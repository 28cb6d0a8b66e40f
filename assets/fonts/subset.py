#!/usr/bin/env python3
"""Regenerate the committed CJK font subsets in this folder.

The native tools (chart layout in tests and the prerender, the resvg export) measure and draw
text with these files, so layouts, snapshots and PNGs are the same on every machine. The
browser never gets them (the page uses the reader's system fonts); they are not in dist/.

Each subset holds every character that any file under content/ or tests/ uses, plus printable
ASCII and common full-width punctuation. tests/font_coverage.rs fails when content/ uses a
character that is missing; then run, from the repository root:

    python3 -m venv /tmp/fonttools && /tmp/fonttools/bin/pip install fonttools
    /tmp/fonttools/bin/python assets/fonts/subset.py [path/to/NotoSansCJK-Regular.ttc]

The source is Noto Sans CJK (OFL 1.1, see OFL.txt), either the collection from Debian's
fonts-noto-cjk (NotoSansCJK-{Regular,Bold}.ttc, face "Noto Sans CJK SC") or the single-face
NotoSansCJKsc-{Regular,Bold}.otf from the noto-cjk releases. Give the Regular file's path; the
Bold one is looked for next to it. Only fontTools (pyftsubset) is needed, once, by whoever
regenerates; the build never runs Python.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
DEFAULT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FAMILY = "Noto Sans CJK SC"
OUT = {"Regular": "NotoSansCJKsc-Regular-subset.otf", "Bold": "NotoSansCJKsc-Bold-subset.otf"}
# Printable ASCII, then full-width and CJK punctuation a new edition is likely to need.
ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·％～－＋／"


def characters():
    chars = set(ALWAYS)
    for top in ("content", "tests"):
        for path in sorted((ROOT / top).rglob("*")):
            if not path.is_file() or "snapshots" in path.parts:
                continue
            try:
                chars |= set(path.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, OSError):
                continue
    return "".join(sorted(c for c in chars if c.isprintable() or c == " "))


def face_index(path):
    """Index of the Simplified Chinese face in a collection, 0 in a single-face file."""
    from fontTools.ttLib import TTCollection

    if not str(path).lower().endswith(".ttc"):
        return 0
    for i, font in enumerate(TTCollection(str(path)).fonts):
        if font["name"].getDebugName(1) == FAMILY:
            return i
    sys.exit(f"{path}: no face named {FAMILY!r}")


def main():
    regular = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("WUSHAN_CJK_FONT", DEFAULT))
    sources = {"Regular": regular, "Bold": regular.with_name(regular.name.replace("Regular", "Bold"))}
    text = characters()
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as f:
        f.write(text)
        text_file = f.name
    for weight, source in sources.items():
        if not source.is_file():
            sys.exit(f"{source}: not found (give the Regular file's path; Bold must sit beside it)")
        out = HERE / OUT[weight]
        subprocess.run(
            [
                sys.executable, "-m", "fontTools.subset", str(source),
                f"--font-number={face_index(source)}",
                f"--text-file={text_file}",
                f"--output-file={out}",
                # Rasterisers here do not hint; vertical metrics and tables for vertical
                # text are never used. Names (incl. the licence, IDs 0-14) stay.
                "--no-hinting",
                "--drop-tables+=VORG,vhea,vmtx,BASE",
                "--name-IDs=0,1,2,3,4,5,6,7,13,14",
                "--name-languages=*",
                # Horizontal text only, and no locl (forms for Japanese, Korean and traditional
                # Chinese): either would nearly double the glyph count.
                "--layout-features-=locl,vert,vrt2,vkna,vhal,vpal,valt,vkrn",
            ],
            check=True,
        )
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size} bytes")
    os.unlink(text_file)
    print(f"{len(text)} characters")


if __name__ == "__main__":
    main()
