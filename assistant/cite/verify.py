"""Citation verification: every [n] points at a given passage, every quote is located in its source
with offsets, and every number in a claim appears in the passages it cites."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.records import Citation, Document, Hit
from assistant.text.normalize import MARKER, bigrams, norm, numbers_in
from assistant.text.sentences import sentence_spans

_CLAIM_END = re.compile(r"(?<=[。！？；!?;\n])")


@dataclass
class Claim:
    text: str  # without markers
    markers: list[int]
    problems: list[str] = field(default_factory=list)


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
    """Split an answer into claims. A run of markers closes the sentence before it; other sentences
    (text not followed by a marker) become claims without citations."""
    claims: list[Claim] = []
    pos = 0
    for start, end, markers in marker_runs(answer):
        body = answer[pos:start]
        sentences = [p.strip() for p in _CLAIM_END.split(body)]
        sentences = [p for p in sentences if p.strip("。！？；!?;，, \n")]
        for p in sentences[:-1]:
            claims.append(Claim(p, []))
        if sentences:
            claims.append(Claim(sentences[-1], markers))
        elif claims:
            claims[-1].markers.extend(markers)
        else:  # markers before any text: kept on an empty claim so that `verify` can flag them
            claims.append(Claim("", markers))
        pos = end
    for p in _CLAIM_END.split(answer[pos:]):
        if p.strip("。！？；!?;，, \n"):
            claims.append(Claim(p.strip(), []))
    return claims


def locate_quote(claim: str, hit: Hit, doc: Document) -> tuple[int, int, float]:
    """The sentence of the cited passage that best supports `claim`: (start, end, bigram overlap)."""
    want = bigrams(claim)
    best = (hit.chunk.start, hit.chunk.end, 0.0)
    for a, b in sentence_spans(doc.text, hit.chunk.start, hit.chunk.end):
        have = bigrams(doc.text[a:b])
        score = len(want & have) / max(len(want), 1)
        if score > best[2] or (score == best[2] and b - a < best[1] - best[0]):
            best = (a, b, score)
    return best


def verify(answer: str, hits: list[Hit], docs: dict[str, Document], min_support: float = 0.3,
           require_citation: bool = True) -> Verification:
    """Check each claim of `answer` against the passages `hits` (numbered from 1) it cites."""
    claims = split_claims(answer)
    citations: dict[int, Citation] = {}
    for claim in claims:
        if not claim.text:
            claim.problems.extend(f"[{n}] points at no passage that was given"
                                  for n in claim.markers if not 1 <= n <= len(hits))
            continue
        if not claim.markers:
            if require_citation:
                claim.problems.append("no citation")
            continue
        cited_text = ""
        for n in claim.markers:
            if not 1 <= n <= len(hits):
                claim.problems.append(f"[{n}] points at no passage that was given")
                continue
            hit = hits[n - 1]
            doc = docs.get(hit.chunk.doc_id)
            if doc is None or doc.text[hit.chunk.start:hit.chunk.end] != hit.chunk.text:
                claim.problems.append(f"[{n}] passage not found in its source")
                continue
            cited_text += hit.chunk.text
            start, end, support = locate_quote(claim.text, hit, doc)
            if support < min_support:
                claim.problems.append(f"[{n}] passage does not support the claim ({support:.2f})")
            if n not in citations:
                citations[n] = Citation(
                    n=n, chunk_id=hit.chunk.chunk_id, doc_id=hit.chunk.doc_id, title=doc.title,
                    section=hit.chunk.section_path, quote=doc.text[start:end], start=start, end=end,
                    score=hit.score, passage=hit.chunk.text, passage_start=hit.chunk.start)
        if cited_text:
            have = norm(cited_text)
            missing = [x for x in numbers_in(claim.text) if x not in have]
            if missing:
                claim.problems.append("numbers not in cited passages: " + ", ".join(missing))
        for n in claim.markers:
            if n in citations and claim.problems:
                citations[n].verified = False
                citations[n].problems.extend(p for p in claim.problems if p not in citations[n].problems)
    return Verification(claims, [citations[n] for n in sorted(citations)])


def renumber(answer: str, keep: list[int]) -> str:
    """Rewrite markers so that the kept passage numbers become 1..len(keep) in order."""
    mapping = {old: new for new, old in enumerate(keep, start=1)}
    return MARKER.sub(lambda m: f"[{mapping[int(m.group(1))]}]" if int(m.group(1)) in mapping else "", answer)
