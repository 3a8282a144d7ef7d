"""The core: plain, synchronous Python with every dependency passed in. Never imports Textual."""
