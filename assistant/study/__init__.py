"""Study-session tools for trainers, offline and without an LLM: key figures (数读), quizzes and a
glossary of local jargon. Every item cites its source sentence with exact offsets."""

from assistant.retrieval.glossary import Glossary, GlossaryEntry, build_glossary, register_terms
from assistant.study.figures import FigureCard, extract_figures
from assistant.study.quiz import Quiz, QuizItem, make_quiz
from assistant.study.sentences import SourceSentence

__all__ = [
    "FigureCard",
    "Glossary",
    "GlossaryEntry",
    "Quiz",
    "QuizItem",
    "SourceSentence",
    "build_glossary",
    "extract_figures",
    "make_quiz",
    "register_terms",
]
