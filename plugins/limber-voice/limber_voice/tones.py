"""Short distinct tones, synthesised with the standard library (no sound files shipped).

Each tone is a few notes of a sine wave with soft edges, as 16-bit mono WAV bytes.
"""

from __future__ import annotations

import io
import math
import struct
import wave

RATE = 22050
NOTES: dict[str, tuple[tuple[float, float], ...]] = {
    "get-ready": ((660.0, 0.18),),
    "go": ((880.0, 0.12),),
    "tick": ((1000.0, 0.05),),
    "switch": ((880.0, 0.12), (660.0, 0.12), (880.0, 0.12)),
    "done": ((523.0, 0.15), (659.0, 0.15), (784.0, 0.3)),
}
"""Tone name → (frequency in Hz, seconds) per note: each change sounds different."""


def wav_bytes(name: str) -> bytes:
    """The tone as a WAV file's bytes."""
    frames = bytearray()
    for freq, seconds in NOTES[name]:
        count = int(RATE * seconds)
        fade = max(1, int(RATE * 0.01))
        for i in range(count):
            edge = min(1.0, i / fade, (count - i) / fade)
            sample = 0.5 * edge * math.sin(2 * math.pi * freq * i / RATE)
            frames += struct.pack("<h", int(sample * 32767))
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(bytes(frames))
    return out.getvalue()
