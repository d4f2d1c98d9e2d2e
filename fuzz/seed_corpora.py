#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/ from the
binlogs in binlog-fixtures/ (run from the repository root or fuzz/)."""
import os
import struct
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "binlog-fixtures")
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
ROWS_TYPES = {23: 0, 24: 1, 25: 2, 30: 3, 31: 4, 32: 5, 39: 6}


def binlogs():
    for sub in ("mysql", "mariadb"):
        for dirpath, _, names in os.walk(os.path.join(FIXTURES, sub)):
            for name in sorted(names):
                if name != "LICENSE-MIT":
                    yield os.path.join(dirpath, name)


def events(data):
    pos = 4
    while pos + 19 <= len(data):
        size = struct.unpack_from("<I", data, pos + 9)[0]
        if size < 19 or pos + size > len(data):
            return
        yield data[pos:pos + size]
        pos += size


def packed(b, i):
    first = b[i]
    if first < 251:
        return first, i + 1
    n = {0xFC: 2, 0xFD: 3, 0xFE: 8}.get(first)
    if n is None:
        raise ValueError
    return int.from_bytes(b[i + 1:i + 1 + n], "little"), i + 1 + n


def rows_data(ev):
    """The row images of a rows event (checksum stripped when it verifies)."""
    ty = ev[4]
    if zlib.crc32(ev[:-4]) & 0xFFFFFFFF == struct.unpack("<I", ev[-4:])[0]:
        ev = ev[:-4]
    i = 19 + 8
    if ty >= 30:
        extra = struct.unpack_from("<H", ev, i)[0]
        i += extra
    n, i = packed(ev, i)
    images = 2 if ty in (24, 31, 39) else 1
    return ev[i + images * ((n + 7) // 8):]


JSON_SEEDS = [
    bytes([0x04, 0x01]), bytes([0x04, 0x00]), bytes([0x04, 0x02]),
    bytes([0x05, 0x01, 0x00]), bytes([0x07]) + struct.pack("<i", -7),
    bytes([0x09]) + struct.pack("<q", 1 << 40), bytes([0x0B]) + struct.pack("<d", 2.5),
    bytes([0x0C, 3]) + b"abc", bytes([0x0F, 246, 2, 1, 2]),
    bytes([0x00, 1, 0, 12, 0, 11, 0, 1, 0, 0x05, 1, 0]) + b"a",
    bytes([0x02, 2, 0, 12, 0, 0x05, 1, 0, 0x0C, 10, 0, 1]) + b"x",
    b'{"mariadb": "text"}',
]


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    for n, path in enumerate(binlogs()):
        data = open(path, "rb").read()
        base = f"{n:02}-{os.path.basename(path)}"
        write("read_file", base, b"\x00" + data)
        for k, ev in enumerate(events(data)):
            write("decode_event", f"{base}-{k}", b"\x00" + ev)
            if ev[4] in ROWS_TYPES:
                try:
                    body = rows_data(ev)
                except (ValueError, IndexError, struct.error):
                    continue
                for pick in range(0, 16, 3):
                    write("rows", f"{base}-{k}-{pick}", bytes([pick, ROWS_TYPES[ev[4]]]) + body)
    for k, seed in enumerate(JSON_SEEDS):
        write("json_binary", f"seed-{k}", seed)


if __name__ == "__main__":
    main()
