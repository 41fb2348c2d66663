#!/usr/bin/env python3
"""Regenerates the generated inputs of benchmarks/corpus/inputs/ (deterministic; our own text).

    python3 benchmarks/corpus/inputs/make-inputs.py

words.txt    ~200 KB of pseudo-English sentences from the word list below (seeded generator)
data/        a small tree for the programs that read a mapped directory
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

WORDS = """the a an of to in and or but for with on at by from into over under after before
while when where which who what this that these those it its they them their we our you your
module function value memory table global import export record replay trace reduce event
thread lock atomic wait notify store load branch loop block call return stack frame page
compiler parser lexer token grammar syntax program binary section header offset length
byte word integer float vector lane shuffle select sign extend wrap truncate convert
river mountain forest garden window kitchen morning evening winter summer autumn spring
quiet rapid bright gentle heavy narrow broad ancient modern simple careful curious patient
walks reads writes builds counts sorts finds keeps moves turns opens closes grows falls
carries follows measures repeats answers listens watches remembers forgets returns
""".split()


def sentence(rng):
    n = rng.randint(4, 16)
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    end = rng.choice([".", ".", ".", "?", "!"])
    return " ".join(words) + end


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 7)))


def write(path, text):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    rng = random.Random(20240607)
    paras = []
    size = 0
    while size < 200_000:
        p = paragraph(rng)
        paras.append(p)
        size += len(p) + 2
    write("words.txt", "\n\n".join(paras) + "\n")

    rng = random.Random(7)
    for i in range(12):
        paras = [paragraph(rng) for _ in range(rng.randint(3, 40))]
        write(f"data/doc{i:02d}.txt", "\n\n".join(paras) + "\n")
    write("data/sub/notes.txt", "\n".join(sentence(rng) for _ in range(50)) + "\n")


if __name__ == "__main__":
    main()
