#!/usr/bin/env python3
"""Draws Kontaktpunkt's app icons (a white "contact point": a dot inside a ring) as PNGs.

Standard library only (zlib + struct). Run from the repository root:
    python3 xtask/icons.py
and commit the files it writes to public/icons/.
"""
import struct
import zlib
from pathlib import Path

BRAND = (0x0F, 0x4C, 0x81)  # --brand in style/tokens.css
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 4  # supersampling per axis, for smooth edges


def coverage(x, y, size, shape):
    """Fraction of pixel (x, y) that `shape(u, v)` covers; u, v run from -1 to 1."""
    hits = 0
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            u = ((x + (sx + 0.5) / SAMPLES) / size) * 2 - 1
            v = ((y + (sy + 0.5) / SAMPLES) / size) * 2 - 1
            hits += shape(u, v)
    return hits / (SAMPLES * SAMPLES)


def rounded_square(radius):
    def inside(u, v):
        dx = max(abs(u) - (1 - radius), 0)
        dy = max(abs(v) - (1 - radius), 0)
        return dx * dx + dy * dy <= radius * radius
    return inside


def mark(scale):
    """The white mark: a ring and a centre dot, `scale` = outer radius of the ring."""
    def inside(u, v):
        r = (u * u + v * v) ** 0.5 / scale
        return r <= 0.38 or 0.68 <= r <= 1.0
    return inside


def draw(size, maskable):
    # A maskable icon is cropped to a circle of 80 % diameter by the launcher: fill the whole
    # square and keep the mark inside that safe zone.
    background = (lambda u, v: True) if maskable else rounded_square(0.36)
    foreground = mark(0.42 if maskable else 0.56)
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter type: none
        for x in range(size):
            bg = coverage(x, y, size, background)
            fg = coverage(x, y, size, foreground) if bg else 0
            colour = [round(b * (1 - fg) + w * fg) for b, w in zip(BRAND, WHITE)]
            row += bytes(colour + [round(255 * bg)])
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    out = Path(__file__).resolve().parent.parent / "public" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in [("icon-192.png", 192, False), ("icon-512.png", 512, False),
                                 ("icon-maskable-512.png", 512, True)]:
        (out / name).write_bytes(draw(size, maskable))
        print(f"wrote {out / name}")


if __name__ == "__main__":
    main()
