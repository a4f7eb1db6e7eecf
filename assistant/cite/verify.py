"""Citation verification: every [n] points at a given passage, every quote is located in its source
with offsets, and every number in a claim appears in the sentences it quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.cite.claims import Claim, parse_claims
from assistant.ingest.chunking import section_at
from assistant.records import SECTION_SEP, Citation, Document, Hit
from assistant.text.normalize import MARKER, bigrams, norm, numbers_in
from assistant.text.sentences import CLAIM_END, sentence_spans

_CLAIM_END = re.compile(rf"(?<=[{CLAIM_END}\n])")
ADD_SUPPORT = 0.25  # share of a claim's bigrams a second supporting passage must add to stay cited beside the best


@dataclass
class Verification:
    claims: list[Claim]
    citations: list[Citation]

    @property
    def ok(self) -> bool:
        return all(not c.problems for c in self.claims) and all(c.verified for c in self.citations)


def marker_runs(answer: str) -> list[tuple[int, int, list[int]]]:
    """Runs of markers separated only by whitespace, as (start, end, numbers); `start` includes the
    whitespace before the first marker. Linear in the answer's length (the lazy regex this replaces
    took quadratic time on long answers with few markers)."""
    runs: list[tuple[int, int, list[int]]] = []
    for m in MARKER.finditer(answer):
        if runs and (m.start() == runs[-1][1] or answer[runs[-1][1]:m.start()].isspace()):
            start, _, numbers = runs[-1]
            runs[-1] = (start, m.end(), [*numbers, int(m.group(1))])
            continue
        floor = runs[-1][1] if runs else 0
        start = m.start()
        while start > floor and answer[start - 1].isspace():
            start -= 1
        runs.append((start, m.end(), [int(m.group(1))]))
    return runs


def split_claims(answer: str) -> list[Claim]:
    """The claims of an answer with the markers of each (see `assistant.cite.claims`)."""
    return parse_claims(answer)


def locate_quote(claim: str, hit: Hit, doc: Document) -> tuple[int, int, float]:
    """The sentence of the cited passage that best supports `claim`: (start, end, bigram overlap).
    When the claim holds numbers that sentence lacks and the sentence before or after it holds
    them (a heading and the sentence under it, a number in the next clause), the quote spans both."""
    want = bigrams(claim)
    spans = sentence_spans(doc.text, hit.chunk.start, hit.chunk.end)
    best, j = (hit.chunk.start, hit.chunk.end, 0.0), -1
    for i, (a, b) in enumerate(spans):
        have = bigrams(doc.text[a:b])
        score = len(want & have) / max(len(want), 1)
        if score > best[2] or (score == best[2] and b - a < best[1] - best[0]):
            best, j = (a, b, score), i
    missing = [x for x in numbers_in(claim) if x not in norm(doc.text[best[0]:best[1]])]
    if j < 0 or not missing:
        return best
    start, end = best[:2]
    for k in (j - 1, j + 1):
        if 0 <= k < len(spans) and any(x in norm(doc.text[spans[k][0]:spans[k][1]]) for x in missing):
            start, end = min(start, spans[k][0]), max(end, spans[k][1])
    return start, end, len(want & bigrams(doc.text[start:end])) / max(len(want), 1)


def _check(claim: Claim, markers: list[int], hits: list[Hit], docs: dict[str, Document],
           min_support: float, fewest: bool = True) -> tuple[list[str], list[tuple[int, int, int]]]:
    """Problems of `claim` against the passages `markers` point at, and (n, start, end) of each
    supporting quote. A claim citing several passages keeps only those that support it, and with
    `fewest` only the fewest of these that hold what it says (`_fewest`). Every number in it must
    appear in the sentences they quote."""
    problems: list[str] = []
    weak: list[str] = []
    found: list[tuple[int, int, int, float]] = []
    weak_quotes: list[tuple[int, int, int]] = []
    for n in dict.fromkeys(markers):
        if not 1 <= n <= len(hits):
            problems.append(f"[{n}] points at no passage that was given")
            continue
        hit = hits[n - 1]
        doc = docs.get(hit.chunk.doc_id)
        if doc is None or doc.text[hit.chunk.start:hit.chunk.end] != hit.chunk.text:
            problems.append(f"[{n}] passage not found in its source")
            continue
        start, end, support = locate_quote(claim.text, hit, doc)
        if support < min_support:
            weak.append(f"[{n}] passage does not support the claim ({support:.2f})")
            weak_quotes.append((n, start, end))
            continue
        found.append((n, start, end, support))
    if not found:
        problems.extend(weak)
        return problems, weak_quotes  # shown as unverified citations
    quotes = _fewest(claim.text, found, hits, docs) if fewest else [f[:3] for f in found]
    have = norm("".join(docs[hits[n - 1].chunk.doc_id].text[a:b] for n, a, b in quotes))
    missing = [x for x in numbers_in(claim.text) if x not in have]
    if missing:
        problems.append("numbers not in the quoted sentences: " + ", ".join(missing))
    return problems, quotes


def _fewest(claim: str, found: list[tuple[int, int, int, float]], hits: list[Hit],
            docs: dict[str, Document]) -> list[tuple[int, int, int]]:
    """Of the passages that support a claim, the best one, and each other one only when its quote
    adds a fair share of the claim's words (ADD_SUPPORT) or a number the quotes kept lack. Overlapping
    chunks hold the same sentence: citing it twice says nothing more."""
    want = bigrams(claim)
    numbers = set(numbers_in(claim))
    kept: list[tuple[int, int, int]] = []
    covered: set[str] = set()
    have = ""
    for n, start, end, _ in sorted(found, key=lambda f: -f[3]):
        quote = docs[hits[n - 1].chunk.doc_id].text[start:end]
        adds = (want & bigrams(quote)) - covered
        new_numbers = {x for x in numbers if x not in have and x in norm(quote)}
        if not kept or len(adds) >= ADD_SUPPORT * len(want) or new_numbers:
            kept.append((n, start, end))
            covered |= adds
            have += norm(quote)
    return kept


def _supported_by_neighbour(claims: list[Claim], i: int, hits: list[Hit], docs: dict[str, Document],
                            min_support: float) -> tuple[list[int], list[tuple[int, int, int]]] | None:
    """An uncited claim next to a cited one (one marker for two sentences, or a restatement) is
    supported when a passage its neighbour cites supports it too: the next neighbour first."""
    for j in (i + 1, i - 1):
        if 0 <= j < len(claims) and claims[j].markers and not claims[j].inherited:
            markers = [n for n in claims[j].markers if 1 <= n <= len(hits)]
            problems, quotes = _check(claims[i], markers, hits, docs, min_support)
            if quotes and not problems:
                return sorted({n for n, _, _ in quotes}), quotes
    return None


def _extend(citation: Citation, start: int, end: int, doc: Document) -> None:
    """A second claim quoting the sentence right before or after a citation's quote in the same passage
    (an intro and its first item, 。——) widens that quote to both; a quote elsewhere leaves it as it is."""
    a, b = min(start, citation.start), max(end, citation.end)
    if (start >= citation.end and not doc.text[citation.end:start].strip()) or \
            (end <= citation.start and not doc.text[end:citation.start].strip()):
        citation.start, citation.end, citation.quote = a, b, doc.text[a:b]


def verify(answer: str, hits: list[Hit], docs: dict[str, Document], min_support: float = 0.3,
           require_citation: bool = True, fewest: bool = False) -> Verification:
    """Check each claim of `answer` against the passages `hits` (numbered from 1) it cites. A finished
    answer keeps a citation for every marker whose passage supports its claim (`fewest`: see
    `verify_claims`), so that no marker of its text is left without one."""
    return verify_claims(split_claims(answer), hits, docs, min_support, require_citation, fewest)


def verify_claims(claims: list[Claim], hits: list[Hit], docs: dict[str, Document], min_support: float = 0.3,
                  require_citation: bool = True, fewest: bool = True) -> Verification:
    """`verify` for claims already split (e.g. from a model's reply, whose text is then rebuilt from
    the claims). With `fewest`, a claim citing several supporting passages keeps only the fewest
    that hold what it says (overlapping chunks hold the same sentence)."""
    citations: dict[int, Citation] = {}
    for claim in claims:
        if not claim.text:
            claim.problems.extend(f"[{n}] points at no passage that was given"
                                  for n in claim.markers if not 1 <= n <= len(hits))
    for i, claim in enumerate(claims):
        if not claim.text or claim.markers:
            continue
        found = _supported_by_neighbour(claims, i, hits, docs, min_support) if require_citation else None
        if found is not None:
            claim.markers, claim.inherited = found[0], True
        elif require_citation:
            claim.problems.append("no citation")
    for claim in claims:
        if not claim.text or not claim.markers:
            continue
        problems, quotes = _check(claim, claim.markers, hits, docs, min_support, fewest)
        claim.problems.extend(problems)
        if not problems:  # keep only the markers whose passage supports the claim
            claim.markers = list(dict.fromkeys(n for n, _, _ in quotes))
        for n, start, end in quotes:
            if n in citations:
                _extend(citations[n], start, end, docs[hits[n - 1].chunk.doc_id])
            else:
                hit = hits[n - 1]
                doc = docs[hit.chunk.doc_id]
                citations[n] = Citation(
                    n=n, chunk_id=hit.chunk.chunk_id, doc_id=hit.chunk.doc_id, title=doc.title,
                    section=SECTION_SEP.join(section_at(doc, start)), quote=doc.text[start:end], start=start, end=end,
                    score=hit.score, passage=hit.chunk.text, passage_start=hit.chunk.start)
        for n in {n for n, _, _ in quotes}:
            if claim.problems:
                citations[n].verified = False
                citations[n].problems.extend(p for p in claim.problems if p not in citations[n].problems)
    return Verification(claims, [citations[n] for n in sorted(citations)])

