"""Byte streams the readers share."""

from __future__ import annotations


class Prefixed:
    """`head` (bytes already read to look at the start of a stream), then the rest of `stream`,
    through `read` or `readline`: for stdin, where a peek cannot be undone, and for archives
    whose first bytes were checked."""

    def __init__(self, head: bytes, stream):
        self.head = head
        self.stream = stream

    def read(self, n: int = -1) -> bytes:
        if not self.head:
            return self.stream.read(n)
        if n < 0:
            out, self.head = self.head + self.stream.read(), b""
            return out
        out, self.head = self.head[:n], self.head[n:]
        return out + (self.stream.read(n - len(out)) if len(out) < n else b"")

    def readline(self, limit: int = -1) -> bytes:
        if not self.head:
            return self.stream.readline(limit)
        cut = self.head.find(b"\n")
        if cut >= 0 and (limit < 0 or cut < limit):
            out, self.head = self.head[:cut + 1], self.head[cut + 1:]
            return out
        if limit >= 0 and len(self.head) >= limit:
            out, self.head = self.head[:limit], self.head[limit:]
            return out
        out, self.head = self.head, b""
        return out + self.stream.readline(-1 if limit < 0 else limit - len(out))
