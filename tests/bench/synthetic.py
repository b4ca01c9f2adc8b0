"""A synthetic corpus: N valid vignettes tagged with the real vocabulary.

Used by the benchmark (``tests/bench/run.py``) and its test; never published
on the site. The output is deterministic for a given ``n`` and ``seed``.

Shape, taken from the real vignettes: a body of about 600 words in the
``##`` sections of the teaching contract (about three in four vignettes are
``form: beslissing`` with ``chosen``, the rest ``reflectie``), with two links
to other vignettes, 2-10 actors, 1-3 logics,
2-7 strategies, 3-7 concepts, 2-7 positions whose actor and strategy are
among the vignette's own tags, 1-4 source sections, 3 objectives and 4-6
questions. Terms are drawn with skewed weights, so some terms are common
(as in a real archive) and the related-vignettes index sees large overlaps.
The first vignettes take the slugs that the taxonomy's descriptions link to,
so a strict build of the synthetic archive has no broken links; those that a
term's ``outcome`` names are decisions.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

from tbvsite.vocabulary import load_vocabulary

ROOT = Path(__file__).resolve().parents[2]
TAXONOMY = ROOT / "vignettes" / "taxonomy.yml"

# Tag counts per facet: (low, high), inclusive.
TAG_COUNTS = {"actors": (2, 10), "logics": (1, 3), "strategies": (2, 7), "concepts": (3, 7)}
DEFAULT_COUNT = (1, 4)
BODY_WORDS = 600

WORDS = (
    "team buurt bewoners gemeente overleg wijk plan besluit afspraak gesprek vraag antwoord voorstel "
    "corporatie woning flat straat budget aanvraag afdeling collega leidinggevende bestuurder wethouder "
    "tafel avond ochtend week maand termijn deadline proces traject stap ruimte regel lijn kader "
    "vertrouwen twijfel zorg belang steun kritiek idee keuze route koers richting ervaring verhaal "
    "notitie brief mail agenda verslag scenario variant toekomst verleden moment kans risico "
    "bespreekt zoekt wacht schrijft belt vraagt zegt merkt besluit probeert kiest houdt legt "
    "duidelijk voorzichtig stevig rustig open lastig nieuw oud eigen gezamenlijk volgend vorig "
    "samen later eerst daarna intussen toch ook nog wel niet vaak soms meteen"
).split()
CONNECTORS = "en maar omdat terwijl zodat want dus of".split()
# The headings of the teaching contract (issue 10), with paragraphs per section: 7 in all.
DECISION_SECTIONS = (("De scène", 3), ("Het dilemma", 1), ("Hoe het afliep", 1), ("Analyse", 2))
REFLECTION_SECTIONS = (("De scène", 3), ("Het dilemma", 2), ("Analyse", 2))
DECISION_SHARE = 0.75  # about three in four vignettes are decisions
LINK = re.compile(r"\]\(\.\./vignetten/([a-z0-9-]+)\.md")


def linked_slugs(taxonomy: Path = TAXONOMY) -> list[str]:
    """Vignette slugs the taxonomy's descriptions link to, in first-seen order."""
    return list(dict.fromkeys(LINK.findall(taxonomy.read_text(encoding="utf-8"))))


def load_terms(taxonomy: Path = TAXONOMY) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Facet id -> term ids, and position key -> facet id, read by tbvsite's own loader."""
    vocabulary, problems = load_vocabulary(taxonomy, str(taxonomy))
    if vocabulary is None:
        raise ValueError(f"the taxonomy {taxonomy} does not load: {problems[:3]}")
    facets = {fid: list(f.terms) for fid, f in vocabulary.facets.items()}
    return facets, dict(vocabulary.position_fields)


def _sentence(rng: random.Random, low: int = 8, high: int = 16) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if len(words) > 8 and rng.random() < 0.5:
        words.insert(rng.randint(3, len(words) - 3), rng.choice(CONNECTORS))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, words: int) -> str:
    out: list[str] = []
    count = 0
    while count < words:
        s = _sentence(rng)
        out.append(s)
        count += len(s.split())
    return " ".join(out)


def _body(rng: random.Random, others: list[str], form: str) -> str:
    sections = DECISION_SECTIONS if form == "beslissing" else REFLECTION_SECTIONS
    per_paragraph = BODY_WORDS // 7
    parts = []
    for heading, paragraphs in sections:
        parts.append(f"## {heading}\n")
        for _ in range(paragraphs):
            parts.append(_paragraph(rng, per_paragraph) + "\n")
    links = " en ".join(f"[casus {o}]({o}.md)" for o in others)
    parts.append(f"Vergelijk dit met {links}.\n")
    return "\n".join(parts)


def _pick(rng: random.Random, ids: list[str], k: int) -> list[str]:
    """k distinct ids, earlier ids more likely (a skewed, realistic popularity)."""
    weights = [1.0 / (1 + i) ** 0.7 for i in range(len(ids))]
    chosen: list[str] = []
    pool, w = list(ids), list(weights)
    for _ in range(min(k, len(pool))):
        i = rng.choices(range(len(pool)), weights=w)[0]
        chosen.append(pool.pop(i))
        w.pop(i)
    return [t for t in ids if t in chosen]  # keep the taxonomy's order


def vignette(rng: random.Random, number: int, slug: str, slugs: list[str],
             facets: dict[str, list[str]], fields: dict[str, str], *, decision: bool = False) -> str:
    tags: dict[str, list[str]] = {}
    for facet_id, ids in facets.items():
        low, high = TAG_COUNTS.get(facet_id, DEFAULT_COUNT)
        tags[facet_id] = _pick(rng, ids, rng.randint(low, high))
    positions = []
    seen = set()
    for _ in range(rng.randint(2, 7)):
        refs = {key: rng.choice(tags[facet_id]) for key, facet_id in fields.items()}
        if tuple(refs.values()) in seen:
            continue
        seen.add(tuple(refs.values()))
        positions.append({**refs, "note": _sentence(rng, 10, 22)})
    others = rng.sample([s for s in slugs if s != slug], min(2, len(slugs) - 1))
    form = "beslissing" if rng.random() < DECISION_SHARE or decision else "reflectie"
    options = tags[list(fields.values())[-1]] if fields else []
    chosen = {"chosen": rng.sample(options, min(len(options), rng.randint(1, 2)))} \
        if form == "beslissing" and options else {}
    if form == "beslissing" and not chosen:
        form = "reflectie"
    meta = {
        "title": f"Casus {number}: {' '.join(rng.choice(WORDS) for _ in range(4))}",
        "summary": _sentence(rng, 18, 30) + " " + _sentence(rng, 10, 20),
        "order": number,
        "form": form,
        "source": [{"ref": "heederik-werken", "section": " ".join(rng.choice(WORDS) for _ in range(3)).capitalize(),
                    "page": rng.randint(50, 70)} for _ in range(rng.randint(1, 4))],
        "objectives": [_sentence(rng, 12, 24) for _ in range(3)],
        **tags,
        **chosen,
        "positions": positions,
        "questions": [_sentence(rng, 10, 22)[:-1] + "?" for _ in range(rng.randint(4, 6))],
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n\n{_body(rng, others, form)}"


def outcome_slugs(taxonomy: Path = TAXONOMY) -> set[str]:
    """The vignettes that the taxonomy's terms tell an ending of (``outcome``): decisions here too."""
    vocabulary, _ = load_vocabulary(taxonomy)
    return {slug for facet in vocabulary.facets.values() for term in facet.terms.values() for slug in term.outcome} \
        if vocabulary is not None else set()


def slugs_for(n: int, taxonomy: Path = TAXONOMY) -> list[str]:
    fixed = linked_slugs(taxonomy)
    return (fixed + [f"casus-{i:05d}" for i in range(1, n + 1)])[:n] if n >= len(fixed) else \
        [f"casus-{i:05d}" for i in range(1, n + 1)]


def write_corpus(folder: Path, n: int, *, seed: int = 7, taxonomy: Path = TAXONOMY) -> list[Path]:
    """Write ``n`` vignettes and a copy of the taxonomy into ``folder``; returns the vignette paths."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(taxonomy, folder / "taxonomy.yml")
    shutil.copyfile(taxonomy.parent / "sources.yml", folder / "sources.yml")
    facets, fields = load_terms(taxonomy)
    rng = random.Random(seed)
    slugs = slugs_for(n, taxonomy)
    decided = outcome_slugs(taxonomy)
    paths = []
    for number, slug in enumerate(slugs, 1):
        path = folder / f"{slug}.md"
        path.write_text(vignette(rng, number, slug, slugs, facets, fields, decision=slug in decided),
                        encoding="utf-8")
        paths.append(path)
    return paths
