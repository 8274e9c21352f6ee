"""Write N synthetic notes in the notes' conventions, deterministic by seed.

    python benchmarks/make_corpus.py 10000 -o benchmarks/_data/10k [--seed 1]
    python benchmarks/make_corpus.py --shared 4         # the real notes copied 4 times -> _data/shared4

The mix follows the real corpus (../shared/corpus): mostly videos, posts and articles of a
few kilobytes, some long ones, and about one note in twelve an event report — a conference
with attended talks (speaker lines with affiliations, description/slides/replay links,
durations, languages) and a list of talks not attended, or a meetup written the other way
(``**Titre** =``, ``L'auteur est …``). Tools and topics are drawn from schema/ so that the
extractor has real work to do; one tool name in forty is misspelt, as people do.

The same N and seed give byte-identical files, so a benchmark can be rerun and compared.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.extract.vocab import vocabulary  # noqa: E402

FIRST = ["Alice", "Bruno", "Chloé", "Denis", "Emma", "Farid", "Gaëlle", "Hugo", "Inès", "Julien", "Karim", "Léa",
         "Marc", "Nadia", "Olivier", "Pauline", "Quentin", "Rose", "Samir", "Théo", "Ursula", "Victor", "Wen", "Yann",
         "Zoé", "Ada", "Ben", "Carla", "Dmitri", "Erin", "Grace", "Ivan", "Joan", "Ken", "Linus", "Mia", "Noor"]
LAST = ["MARTIN", "LEROY", "DURAND", "PETIT", "WALSH", "MOREAU", "GARCIA", "NGUYEN", "SCHMIDT", "ROSSI", "KOWALSKI",
        "TANAKA", "DUBOIS", "LAMBERT", "FONTAINE", "CHEVALIER", "ROBIN", "GAUTIER", "PERRIN", "MEYER", "BLANC",
        "OKAFOR", "SILVA", "JANSSEN", "NOVAK", "HANSEN", "COHEN", "MÜLLER", "ÇELIK", "O'BRIEN"]
ORGS = ["Datacorp", "Testlab", "Cloudnine", "Geoexample", "Servier", "Anaconda", "Tweag", "Camptocamp", "Jellynote",
        "Pypackers", "Datalpes", "Quantstack", "Logilab", "Scaleway", "Octo", "Mozilla", "Inria", "CNRS",
        "CHU de Limoges", "Météo-France", "IGN", "OVHcloud", "Criteo", "Doctolib", "Alan", "Back Market"]
CITIES = ["Lyon", "Talence", "Nantes", "Lille", "Grenoble", "Rennes", "Bordeaux", "Montréal", "Bruxelles", "Genève"]
TYPES = (["vidéo"] * 30 + ["vidéo YouTube"] * 5 + ["post"] * 20 + ["blogpost"] * 8 + ["article"] * 12 + ["talk"] * 6
         + ["livre"] * 3 + ["paper"] * 3 + ["doc"] * 3 + ["page wikipedia"] * 2 + ["tuto"] * 2)
LEVELS = ["beginner", "intermediate", "advanced"]
FILLER = [
    "l'idée principale est de garder les choses simples",
    "the speaker insists on measuring before optimizing",
    "c'est un bon rappel des bases",
    "on voit un exemple concret sur une base de code réelle",
    "this is where most projects go wrong",
    "la démo montre le problème puis la correction",
    "le point important : ne pas tout réécrire",
    "a short digression about history",
    "les chiffres sont donnés sans protocole, à prendre avec prudence",
    "plusieurs approches sont comparées, avec leurs limites",
]
TALK_WORDS = ["Profiler", "Tester", "Déployer", "Packager", "Comprendre", "Accélérer", "Sécuriser", "Observer",
              "Refactorer", "Documenter", "Understanding", "Scaling", "Testing", "Shipping", "Debugging"]


class Corpus:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        vocab = vocabulary()
        # names that count without further evidence, so the generated text means what it says
        self.tools = sorted(
            t.name for t in vocab.tools.values()
            if len(t.name) > 3 and not t.ambiguous and " " not in t.name and t.name.isascii()
        )
        self.topics = sorted(
            t.label for t in vocab.topics.values() if len(t.label) > 4 and t.label.isascii()
        )
        self.topic_ids = sorted(vocab.topics)
        self.people = [f"{f} {last}" for f in FIRST for last in LAST]

    # -- small pieces -------------------------------------------------------------------
    def tool(self) -> str:
        name = self.rng.choice(self.tools)
        if self.rng.random() < 0.025 and len(name) > 5:  # a typo: one letter dropped
            cut = self.rng.randrange(1, len(name) - 1)
            return name[:cut] + name[cut + 1 :]
        roll = self.rng.random()
        if roll < 0.15:
            return f"`{name.lower()}`"
        if roll < 0.25:
            return f"[{name}](https://github.com/example/{name.lower()})"
        return name

    def person(self) -> str:
        return self.rng.choice(self.people)

    def slug(self, name: str) -> str:
        return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")

    def sentence(self) -> str:
        rng = self.rng
        parts = [rng.choice(FILLER)]
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
            parts.append(rng.choice(["avec", "with", "et", "puis", "comme", "vs"]) + " " + self.tool())
        if rng.random() < 0.12:
            parts.append(f"({rng.choice(self.topics)})")
        return " ".join(parts)

    def bullets(self, count: int) -> list[str]:
        lines = []
        for _ in range(count):
            text = self.sentence()
            if self.rng.random() < 0.08:
                text = f"NdM : {text}"
            lines.append(f"- {text}")
            if self.rng.random() < 0.2:
                lines.append(f"    - {self.sentence()}")
        return lines

    def date(self, year: int) -> str:
        return f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def tags(self) -> str:
        rng = self.rng
        tags = ["language>python" if rng.random() < 0.6 else f"language>{rng.choice(['rust', 'c++', 'go', 'js'])}"]
        tags += [f"topic>{rng.choice(self.topic_ids)}" for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.5:
            tags.append(f"level>{rng.choice(LEVELS)}")
        return " ; ".join(tags)

    def speaker_line(self) -> str:
        rng = self.rng
        name = self.person()
        link = f"[{name}](https://{self.slug(name)}.example.org)"
        org = rng.choice(ORGS)
        phrase = rng.choice([f"bosse chez {org}", f"chez {org}", f"works at {org}", f"techlead chez {org}",
                             f"développeur Python chez [{org}](https://{self.slug(org)}.example.com)", f"from {org}"])
        if rng.random() < 0.15:
            other = self.person()
            return f"- speakers = {link}, {phrase} + [{other}](https://{self.slug(other)}.example.net)"
        return f"- speaker = {link}, {phrase}"

    # -- whole notes --------------------------------------------------------------------
    def resource_note(self, index: int) -> tuple[str, str]:
        rng = self.rng
        year = rng.randint(2015, 2025)
        tail = rng.choice(["in practice", "en production", "from scratch", "pour les nuls", "deep dive"])
        title = f"{rng.choice(TALK_WORDS)} {rng.choice(self.tools)} {tail}"
        author = self.person()
        lines = [
            f"# {title}",
            "",
            f"- **url** = https://blog.example.org/{year}/{index}",
            f"- **type** = {rng.choice(TYPES)}",
            f"- **auteur** = [{author}](https://{self.slug(author)}.example.org)"
            + (f", bosse chez {rng.choice(ORGS)}" if rng.random() < 0.3 else ""),
            f"- **date de publication** = {self.date(year) if rng.random() < 0.9 else '????-??-??'}",
            f"- **source** = {rng.choice(['N/A', 'https://news.example.com/', 'hackernews', 'une collègue'])}",
            f"- **tags** = {self.tags()}",
            "",
            f"**TL;DR** = {self.sentence()}.",
            "",
        ]
        # lengths like the real notes: most a few kB, one in ten much longer
        sections = rng.randint(2, 6) if rng.random() < 0.9 else rng.randint(10, 30)
        for number in range(sections):
            lines += [f"## {rng.choice(TALK_WORDS)} : partie {number + 1}", ""]
            lines += self.bullets(rng.randint(6, 14))
            if rng.random() < 0.3:
                lines += ["", "```python", f"import {rng.choice(self.tools).lower()}", "```"]
            lines.append("")
        return f"{self.date(year)}-{self.slug(title)[:50]}-{index}.md", "\n".join(lines) + "\n"

    def talk_section(self, level: str, base: str, number: int) -> list[str]:
        rng = self.rng
        title = f"{rng.choice(TALK_WORDS)} avec {rng.choice(self.tools)}"
        duration = rng.choice(["30m", "1h"])
        links = f"[description de la prez]({base}/talks/{duration}.html#t{number})"
        extras = []
        if rng.random() < 0.5:
            extras.append("prez en anglais")
        extras.append(f"durée = {'30 min' if duration == '30m' else '1h'}")
        media = [f"[slides](slides.example.com/t{number})"] if rng.random() < 0.5 else []
        if rng.random() < 0.6:
            media.append(f"[replay](https://videos.example.org/w/t{number})")
        return [
            f"{level} {title}",
            "",
            self.speaker_line(),
            f"- {links}, {', '.join(extras)}" + (f" ; {' + '.join(media)}" if media else ""),
            "",
            *self.bullets(rng.randint(3, 9)),
            "",
        ]

    def conference_note(self, index: int) -> tuple[str, str]:
        rng = self.rng
        year = rng.randint(2018, 2025)
        city = rng.choice(CITIES)
        name = f"{rng.choice(['PyCon', 'RustConf', 'DevFest', 'Codeurs', 'DataDays'])} {index} {city}"
        base = f"https://conf{index}.example.org/{year}"
        lines = [
            f"# {name}",
            "",
            f"- **url** = {base}/",
            "- **type** = conférence",
            "- **auteur** = N/A",
            f"- **date de publication** = {self.date(year)}",
            "- **source** = N/A",
            f"- **tags** = {self.tags()}",
            "",
            f"**TL;DR** = notes prises pendant {name} : {self.sentence()}.",
            "",
            "Les confs que je n'ai pas pu voir :",
            "",
        ]
        for number in range(rng.randint(2, 8)):
            lines.append(f"- [{rng.choice(TALK_WORDS)} {rng.choice(self.tools)}]({base}/talks/30m.html#missed{number})"
                         f" ([replay](https://videos.example.org/w/m{index}-{number}))")
        lines.append("")
        for number in range(rng.randint(3, 10)):
            lines += self.talk_section("##", base, index * 100 + number)
        return f"{self.date(year)}-conf-{self.slug(city)}-{index}.md", "\n".join(lines) + "\n"

    def meetup_note(self, index: int) -> tuple[str, str]:
        rng = self.rng
        year = rng.randint(2018, 2025)
        city = rng.choice(CITIES)
        lines = [
            f"# Meetup {rng.choice(['Python', 'Rust', 'C++', 'Data'])} {city} #{index}",
            "",
            f"- **url** = https://meetup.example/{self.slug(city)}/{index}",
            "- **type** = meetup",
            f"- **auteur** = [{city} Devs](https://meetup.example/{self.slug(city)})",
            f"- **date de publication** = {self.date(year)}",
            f"- **tags** = {self.tags()}",
            "",
        ]
        for number in range(rng.randint(2, 3)):
            person, org = self.person(), rng.choice(ORGS)
            lines += [
                f"## talk {number + 1}",
                "",
                f"**Titre** = {rng.choice(TALK_WORDS)} {rng.choice(self.tools)}  "
                f"([slides](https://slides.example.org/m{index}-{number}))",
                "",
                f"L'auteur est {person}, qui bosse chez {org}",
                "",
                *self.bullets(rng.randint(3, 8)),
                "",
            ]
        return f"{self.date(year)}-meetup-{self.slug(city)}-{index}.md", "\n".join(lines) + "\n"

    def note(self, index: int) -> tuple[str, str]:
        roll = self.rng.random()
        if roll < 0.06:
            return self.conference_note(index)
        if roll < 0.09:
            return self.meetup_note(index)
        return self.resource_note(index)


def write_corpus(count: int, out: Path, seed: int = 1) -> list[Path]:
    """Write ``count`` notes into ``out`` (created; older generated notes are removed)."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.md"):
        old.unlink()
    corpus = Corpus(seed)
    paths = []
    for index in range(count):
        name, text = corpus.note(index)
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


SHARED_NOTES = ROOT.parent / "shared" / "corpus" / "notes"


def copy_shared(times: int, out: Path) -> list[Path]:
    """The real notes (../shared/corpus/notes) copied ``times`` times, one folder per copy (copy-1/, copy-2/…).

    Real notes are sparser in tool names and richer in people and events than the synthetic
    ones; the copies share their people, tools and topics, as a growing corpus does.
    """
    if not SHARED_NOTES.is_dir():
        raise SystemExit(f"skipped: {SHARED_NOTES} is absent (the real notes are not shipped)")
    shutil.rmtree(out, ignore_errors=True)
    for index in range(1, times + 1):
        shutil.copytree(SHARED_NOTES, out / f"copy-{index}")
    return sorted(out.rglob("*.md"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=1000)
    parser.add_argument("-o", "--out", type=Path, default=None, help="folder (default benchmarks/_data/N)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shared", type=int, default=0, metavar="K",
                        help="copy the real notes of ../shared/corpus K times instead (default folder _data/sharedK)")
    args = parser.parse_args(argv)
    if args.shared:
        out = args.out or ROOT / "benchmarks" / "_data" / f"shared{args.shared}"
        paths = copy_shared(args.shared, out)
    else:
        out = args.out or ROOT / "benchmarks" / "_data" / str(args.count)
        paths = write_corpus(args.count, out, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} notes ({size / 1e6:.1f} MB) to {out}")


if __name__ == "__main__":
    main()
