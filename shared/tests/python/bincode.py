"""A minimal bincode 1.x codec (fixed-width little-endian integers, u64 lengths, u32 variant
indices): the wire format of the core's bridge, as the Swift and Kotlin shells' generated types
speak it."""

import struct


class Writer:
    def __init__(self):
        self.buf = bytearray()

    def u8(self, v):
        self.buf += struct.pack("<B", v)
        return self

    def u16(self, v):
        self.buf += struct.pack("<H", v)
        return self

    def u32(self, v):
        self.buf += struct.pack("<I", v)
        return self

    def u64(self, v):
        self.buf += struct.pack("<Q", v)
        return self

    def bool(self, v):
        return self.u8(1 if v else 0)

    def variant(self, index):
        return self.u32(index)

    def bytes(self, v):
        self.u64(len(v))
        self.buf += v
        return self

    def str(self, v):
        return self.bytes(v.encode("utf-8"))

    def option(self, v, write):
        if v is None:
            return self.u8(0)
        self.u8(1)
        write(v)
        return self

    def done(self):
        return bytes(self.buf)


class Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def _take(self, n):
        if self.pos + n > len(self.data):
            raise ValueError(f"read past end: want {n} at {self.pos} of {len(self.data)}")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def u8(self):
        return struct.unpack("<B", self._take(1))[0]

    def u16(self):
        return struct.unpack("<H", self._take(2))[0]

    def u32(self):
        return struct.unpack("<I", self._take(4))[0]

    def u64(self):
        return struct.unpack("<Q", self._take(8))[0]

    def bool(self):
        value = self.u8()
        if value not in (0, 1):
            raise ValueError(f"bad bool {value}")
        return value == 1

    def variant(self):
        return self.u32()

    def bytes(self):
        return self._take(self.u64())

    def str(self):
        return self.bytes().decode("utf-8")

    def option(self, read):
        tag = self.u8()
        if tag == 0:
            return None
        if tag != 1:
            raise ValueError(f"bad option tag {tag}")
        return read()

    def seq(self, read):
        return [read() for _ in range(self.u64())]

    def finished(self):
        return self.pos == len(self.data)
