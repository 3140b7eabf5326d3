"""Builds the labelled training corpus (corpus/train.tsv) from hand-written complaint phrases, and
copies the hand-written held-out complaints (corpus/heldout.tsv) untouched.

`python -m laportools.corpus` (also run by `make model`). Deterministic: a fixed seed drives every
choice, so the same seeds always give the same corpus. How the two splits differ, and why that keeps
the held-out figures honest, is in corpus/README.md.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from chalicelib.directory.catalogue import categories, regions

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
TRAIN = ROOT / "corpus" / "train.tsv"
HELDOUT = ROOT / "corpus" / "heldout.tsv"
HELDOUT_EN = ROOT / "corpus" / "heldout_en.tsv"  # English, written by hand apart: never generated, never trained on
SEED = 20240

# Frames only the training split uses; the held-out complaints are whole messages written apart.
FORMAL_FRAMES = [
    "{phrase}.",
    "Mohon ditindaklanjuti, {phrase} di {place}.",
    "Lapor, {phrase}. Lokasi: {place}.",
    "Yth. Bapak/Ibu, kami warga {place} ingin menyampaikan bahwa {phrase}. Terima kasih.",
    "Saya ingin mengadukan bahwa {phrase}.",
    "Di {place} {phrase}, mohon segera ditangani.",
    # a third of what citizens send is English or mixed: frame some phrases the way they write those
    "Please help, {phrase} in {place}.",
    "Complaint from {place}: {phrase}. Thank you.",
]
SMS_FRAMES = [
    "{phrase} {place} tlg dibantu",
    "lapor {phrase}",
    "mhn bantuannya {phrase}, lokasi {place}",
    "{phrase}!! gmn ini pak",
    "{place}: {phrase}",
]
# Standard word -> how SMS writers shorten it (the inverse of part of the normaliser's lexicon).
SHORTHAND = {
    "sudah": ["sdh", "udh", "udah"], "tidak": ["gk", "ga", "tdk", "gak", "nggak"], "belum": ["blm", "blum"],
    "banyak": ["byk", "bnyk"], "dengan": ["dgn", "dg"], "yang": ["yg"], "karena": ["krn", "karna"],
    "untuk": ["utk", "buat"], "jalan": ["jln", "jl"], "tolong": ["tlg"], "saya": ["sy", "aku"],
    "bulan": ["bln"], "tahun": ["thn"], "sekali": ["bgt"], "sampai": ["sampe", "smp"], "dari": ["dr"],
    "juga": ["jg"], "lagi": ["lg"], "kalau": ["kalo", "klo"], "tapi": ["tp"], "sekarang": ["skrg"],
    "rumah": ["rmh"], "sekolah": ["sklh", "skolah"], "bisa": ["bs"], "harus": ["hrs"], "orang": ["org"],
    "masih": ["msh"], "dapat": ["dpt", "dapet"], "kantor": ["kntr"], "petugas": ["ptgs"], "warga": ["wrg"],
    "kecamatan": ["kec"], "kabupaten": ["kab"], "kelurahan": ["kel"], "desa": ["ds"], "mohon": ["mhn"],
}
_WORD = re.compile(r"[A-Za-z]+")


def read_sections(pattern: str) -> dict[str, list[str]]:
    """`## code` headings followed by one phrase or complaint per line."""
    out: dict[str, list[str]] = {}
    for path in sorted(SEEDS.glob(pattern)):
        current = None
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("## "):
                current = line[3:].strip()
                out.setdefault(current, [])
            elif line and current:
                out[current].append(line)
    return out


def _places(rng: random.Random) -> list[str]:
    regs = [r for r in regions().values() if not r.is_province]
    rng.shuffle(regs)
    kinds = ["desa Sukamaju", "kelurahan Baru", "RT 02 RW 05", "kampung Cempaka", "dusun Krajan", "perumahan Griya Indah"]
    out = []
    for i, reg in enumerate(regs[:200]):
        short = reg.short_name
        form = i % 4
        if form == 0:
            out.append(reg.name)
        elif form == 1:
            out.append(f"{rng.choice(kinds)}, {reg.name.replace('Kabupaten', 'Kab.')}")
        elif form == 2:
            out.append(f"kec. {rng.choice(['Kota', 'Utara', 'Selatan', 'Tengah'])}, {short}")
        else:
            out.append(short)
    return out


def smsify(text: str, rng: random.Random) -> str:
    """Lowercase, shorthand, dropped vowels and the odd typo, as texts sent to 1708 look."""
    def word(match: re.Match[str]) -> str:
        w = match.group(0).lower()
        if w in SHORTHAND and rng.random() < 0.7:
            return rng.choice(SHORTHAND[w])
        if len(w) > 6 and rng.random() < 0.12:
            return w[0] + re.sub(r"[aiueo]", "", w[1:])
        if len(w) > 4 and rng.random() < 0.05:
            i = rng.randrange(1, len(w) - 2)
            return w[:i] + w[i + 1] + w[i] + w[i + 2:]
        return w
    text = _WORD.sub(word, text)
    return re.sub(r"[.,;:]", rng.choice(["", " ", ","]), text)


def training_examples(keep: Callable[[str, int], bool] | None = None) -> Iterator[tuple[str, str]]:
    """Every phrase framed twice; `keep(code, index)` leaves phrases out (cross-validation folds)."""
    rng = random.Random(SEED)
    places = _places(rng)
    phrases = read_sections("train_*.txt")
    cats = categories()
    missing = set(cats) - set(phrases)
    if missing:
        raise SystemExit(f"no training phrases for {sorted(missing)}")
    for code in sorted(phrases):
        if code not in cats:
            raise SystemExit(f"unknown category in seeds: {code}")
        for index, phrase in enumerate(phrases[code]):
            if keep is not None and not keep(code, index):
                continue
            yield code, rng.choice(FORMAL_FRAMES).format(phrase=phrase, place=rng.choice(places))
            yield code, smsify(rng.choice(SMS_FRAMES).format(phrase=phrase, place=rng.choice(places)), rng)
        # the catalogue's own wording of the topic is a fair example too
        yield code, f"{cats[code].name_id}: {cats[code].description_id}"


def heldout_examples() -> Iterator[tuple[str, str]]:
    for code, texts in sorted(read_sections("heldout_*.txt").items()):
        for text in texts:
            yield code, text


def write(path: Path, rows: Iterator[tuple[str, str]]) -> int:
    lines = [f"{code}\t{text}" for code, text in rows]
    path.write_text("label\ttext\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def read(path: Path) -> list[tuple[str, str]]:
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(r.split("\t", 1)) for r in rows if r]  # type: ignore[misc]


def main() -> None:
    train = write(TRAIN, training_examples())
    held = write(HELDOUT, heldout_examples())
    overlap = {t for _, t in read(TRAIN)} & ({t for _, t in read(HELDOUT)} | {t for _, t in read(HELDOUT_EN)})
    if overlap:
        raise SystemExit(f"held-out texts also in training: {sorted(overlap)[:5]}")
    print(f"corpus: {train} training examples -> {TRAIN.relative_to(ROOT)}, "
          f"{held} held-out -> {HELDOUT.relative_to(ROOT)} ({held / (train + held):.0%})")


if __name__ == "__main__":
    main()
