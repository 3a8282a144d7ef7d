"""Packs: discovery, the pluggy host, reading and checking content."""
