"""Answer: condense follow-ups, guard against instructions, pick sentences (extractive) or ask an LLM."""
