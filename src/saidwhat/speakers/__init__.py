"""Speaker mentions and their resolution to the canonical speakers of a document."""

from .resolve import ResolvedSpeaker, SpeakerResolver

__all__ = ["ResolvedSpeaker", "SpeakerResolver"]
