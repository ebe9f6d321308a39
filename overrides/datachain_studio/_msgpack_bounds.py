"""What a msgpack body would cost once decoded, told before it is decoded.

msgpack is dense: one byte is an empty map, which Python holds in 64 bytes, so a 4 MB body
of empty maps decodes to 300 MB and more. `check_msgpack` walks the body's structure
without building anything, adds up what each value would take in memory (`_COSTS`), and
refuses a body that would take more than its budget (`DecodedTooLarge`) or that nests
deeper than its bound (ValueError: deeper structures end in a `RecursionError` wherever
they are walked later, as `--json` output does). It stops at the first value past either
bound, so a hostile body costs the walk up to there and nothing more.

The costs are CPython's (3.11 to 3.13, 64-bit), within a few percent (an int or a str
is counted as its largest common form). A map key is counted once, however often it comes:
msgpack interns keys, and a listing repeats the same few in every entry.
"""

from __future__ import annotations

from ._bodies import DecodedTooLarge

__all__ = ["check_msgpack"]

_LIST, _MAP, _ITEM = 56, 64, 8
"""An empty list, an empty dict, and what each element adds to a list."""
_MAP_ITEM = 40
"""What each key and value add to a dict (its table and index)."""
_STR, _BYTES, _INT, _FLOAT = 49, 33, 32, 24
"""A str and a bytes object besides their content; an int outside CPython's small ones; a
float."""
_INTERNED = 48
"""What a new key adds to CPython's table of interned strings."""
_DATETIME = 81
"""A datetime (extension type 42), read as ISO 8601 text with an offset."""
_EXT = 120
"""Another extension (an `msgpack.ExtType`) besides its data."""


def check_msgpack(data: bytes, *, budget: int, max_depth: int) -> None:
    """Raise unless the msgpack value in `data` would take at most `budget` bytes once
    decoded and nests at most `max_depth` containers deep.

    Raises:
        DecodedTooLarge: It would take more than `budget` bytes (a ValueError).
        ValueError: It nests deeper than `max_depth`, or is not msgpack at all (cut short,
            a byte no msgpack value starts with).
    """
    end = len(data)
    at = cost = 0
    left, in_map = 1, False  # values left in the innermost open container, and its kind
    outer: list[tuple[int, bool]] = []  # the same for each container around it
    keys: set[bytes] = set()  # the map keys seen: each is held once (msgpack interns them)
    while True:
        if at >= end:
            raise ValueError("the msgpack value is cut short")
        first = data[at]
        at += 1
        key = in_map and not left & 1  # a map's keys and values alternate, keys first
        left -= 1
        count = 0  # the values a container holds (a map: its keys and values)
        if 0xA0 <= first <= 0xBF:  # fixstr
            length = first & 0x1F
            if not key:
                cost += _STR + length
            elif (name := data[at : at + length]) not in keys:
                keys.add(name)
                cost += _STR + _INTERNED + length
            at += length
        elif first <= 0x7F or first in (0xC0, 0xC2, 0xC3):  # small int, nil, false, true
            pass
        elif 0x80 <= first <= 0x8F:  # fixmap
            count = 2 * (first & 0x0F)
            cost += _MAP + _MAP_ITEM * (count // 2)
        elif 0x90 <= first <= 0x9F:  # fixarray
            count = first & 0x0F
            cost += _LIST + _ITEM * count
        elif first >= 0xE0:  # negative fixint
            cost += _INT
        elif 0xCC <= first <= 0xD3:  # uint and int of 1, 2, 4, 8 bytes
            at += 1 << ((first - 0xCC) & 3)
            cost += _INT
        elif first in (0xCA, 0xCB):  # float32, float64
            at += 4 if first == 0xCA else 8
            cost += _FLOAT
        elif 0xD9 <= first <= 0xDB or 0xC4 <= first <= 0xC6:  # str, bin 8/16/32
            size = 1 << (first - 0xD9 if first >= 0xD9 else first - 0xC4)
            length = int.from_bytes(data[at : at + size], "big")
            if first < 0xD9:
                cost += _BYTES + length
            elif not key:
                cost += _STR + length
            elif (name := data[at + size : at + size + length]) not in keys:
                keys.add(name)
                cost += _STR + _INTERNED + length
            at += size + length
        elif 0xD4 <= first <= 0xD8 or 0xC7 <= first <= 0xC9:  # fixext, ext 8/16/32
            if first >= 0xD4:
                length = 1 << (first - 0xD4)
            else:
                size = 1 << (first - 0xC7)
                length = int.from_bytes(data[at : at + size], "big")
                at += size
            cost += _DATETIME if at < end and data[at] == 42 else _EXT + length
            at += 1 + length
        elif 0xDC <= first <= 0xDF:  # array 16/32, map 16/32
            size = 2 if first in (0xDC, 0xDE) else 4
            count = int.from_bytes(data[at : at + size], "big")
            at += size
            if first >= 0xDE:
                cost += _MAP + _MAP_ITEM * count
                count *= 2
            else:
                cost += _LIST + _ITEM * count
        else:  # 0xC1: no msgpack value starts with it
            raise ValueError(f"not msgpack: byte 0x{first:02x} at {at - 1}")
        if cost > budget:
            raise DecodedTooLarge(budget)
        if count:
            outer.append((left, in_map))
            if len(outer) > max_depth:
                raise ValueError(f"it nests more than {max_depth} levels deep")
            left, in_map = count, first >= 0xDE or first <= 0x8F
            continue
        while not left:
            if not outer:
                if at > end:
                    raise ValueError("the msgpack value is cut short")
                return
            left, in_map = outer.pop()
