"""Start the chat app: `python app.py [--host 127.0.0.1] [--port 7860] [--auth user:pass] [--llm none|openai|llamacpp]
[-k 5] [--docs DIR] [--index DIR] [--data DIR]`. Builds or updates the index first."""

import sys

from assistant.app.server import main

if __name__ == "__main__":
    sys.exit(main())
