"""Is the extract likely a right answer? A small learned model that decides refusals on weak evidence.

After the checks that name what is missing (an anchor, the kind of answer wanted: `anchors.py`), an
extract is refused when the model's probability that it answers the question is below its floor.
The model is gradient-boosted trees (scikit-learn's GradientBoostingClassifier, fitted by
scripts/fit_answer_check.py on the tune split of the golden sets; label: the forced answer passes the
golden check) over these features of the extract:

- `coverage`: IDF-weighted share of the question's terms in the best sentence;
- `sentence_similarity`: cosine of the best sentence to the query (0 without sentence vectors);
- `passage_similarity`: dense similarity of the best retrieved passage;
- `confidence`: the sentence scorer's probability for the best sentence (`features.py`);
- `cited_rank`: retrieval rank of the passage the best sentence is quoted from (/10; -0.1: a list
  item read from the document beyond the retrieved passages);
- `cited_dense`: dense similarity of that passage;
- `question_length`, `sentence_length`: log(1 + characters);
- `kind_*`: the kind of answer the question wants (`question.py`), one-hot.

The similarities are those of the embedding model the trees were fitted with (`embedder` in the
file); with another model the pipeline falls back to its similarity and coverage thresholds. The trees
are read from JSON and walked with numpy: scikit-learn is only needed to refit them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.answer.extractive import Extract
from assistant.records import Hit
from assistant.trees import Tree, trees_from_json, trees_to_json  # Tree: the type of `AnswerCheck.trees`

CHECK_PATH = Path(__file__).with_name("answer_check.json")
KINDS = ("number", "date", "list", "definition", "reason", "measures", "actor", "yesno", "other", "place", "law")
CHECK_FEATURES = ("coverage", "sentence_similarity", "passage_similarity", "confidence", "cited_rank",
                  "cited_dense", "question_length", "sentence_length", "sentences", "count_met",
                  *(f"kind_{k}" for k in KINDS))


def check_features(question: str, ex: Extract, hits: Sequence[Hit], best_similarity: float | None) -> dict[str, float]:
    """The features of `ex`, the extract answering `question` from the retrieved `hits`."""
    cited = ex.cited[0] if ex.cited else None
    rank = next((i for i, h in enumerate(hits) if cited is not None and h.chunk.chunk_id == cited.chunk.chunk_id), -1)
    kind = ex.analysis.kind if ex.analysis else ""
    count = ex.analysis.count if ex.analysis and ex.analysis.count else 0
    return {
        "coverage": ex.coverage,
        "sentence_similarity": ex.similarity if ex.similarity is not None else 0.0,
        "passage_similarity": best_similarity if best_similarity is not None else 0.0,
        "confidence": ex.confidence,
        "cited_rank": min(rank, 10) / 10,
        "cited_dense": cited.dense_score if cited is not None and cited.dense_score is not None else 0.0,
        "question_length": math.log1p(len(question)),
        "sentence_length": math.log1p(len(ex.sentences[0])) if ex.sentences else 0.0,
        "sentences": math.log1p(len(ex.sentences)),  # a list answer quotes its items
        # 哪五个: as many sentences as the items asked for (the five ——中国式现代化是…的现代化)
        "count_met": float(bool(count) and len(ex.sentences) >= count),
        **{f"kind_{k}": float(kind == k) for k in KINDS},
    }


@dataclass(frozen=True)
class AnswerCheck:
    """Boosted trees giving the probability that an extract is a right answer; `floor`: below it, refuse."""

    names: tuple[str, ...]
    init: float  # the log-odds every tree's output is added to
    rate: float  # the learning rate each tree's output is scaled by
    trees: tuple[Tree, ...]
    floor: float
    embedder: str  # the embedding model whose similarities the trees were fitted on

    def probability(self, features: dict[str, float]) -> float:
        row = np.array([features[n] for n in self.names], dtype=float)
        z = self.init + self.rate * sum(t.predict(row) for t in self.trees)
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> dict:
        return {"features": list(self.names), "init": self.init, "rate": self.rate, "floor": self.floor,
                "embedder": self.embedder,
                "trees": trees_to_json(self.trees)}

    @classmethod
    def from_json(cls, d: dict) -> AnswerCheck:
        names = tuple(d["features"])
        if unknown := set(names) - set(CHECK_FEATURES):
            raise ValueError(f"answer check: unknown features {sorted(unknown)}")
        return cls(names, float(d["init"]), float(d["rate"]), trees_from_json(d["trees"]), float(d["floor"]), str(d["embedder"]))

    @classmethod
    def load(cls, path: Path = CHECK_PATH) -> AnswerCheck:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def default_answer_check() -> AnswerCheck:
    return AnswerCheck.load()
