"""Framed messages between the grader and the worker, without pickle.

A frame is an 8-byte big-endian body length, then the body: a 4-byte header
length, a JSON header, and the raw buffers of the numpy arrays the header
refers to, in order. Values are plain JSON (None, bool, int, float, str, list)
or tagged dicts:

    {"__tuple__": [...]}  {"__dict__": [[str or int key, value], ...]}
    {"__nd__": i, "dtype": "f8", "shape": [...], "scalar": bool}   (buffer i)
    {"__standin__": name, "params": {...}, "slot": str}   (built in the worker)

Both sides import this file (the worker a copy: standard library and numpy
only). Decoding validates everything: the worker's frames are untrusted.
"""
import json
import math
import struct
from collections.abc import Callable

import numpy as np

MAX_FRAME_BYTES = 16 * 1024 * 1024  # a graded value is far smaller; a grader keeps some replies
MAX_HEADER_BYTES = 4 * 1024 * 1024  # the JSON part: nested lists cost far more decoded than raw buffers
MAX_DEPTH = 32
PREFIX_BYTES = 8
ALLOWED_DTYPES = frozenset("b1 i1 i2 i4 i8 u1 u2 u4 u8 f2 f4 f8 c8 c16".split())


class WireError(Exception):
    """A frame or a value that the wire format cannot carry."""


class StandInRef:
    """A request for a stand-in (a function, a dataset, an rng) that the worker
    builds from the assignment's stand-in files, by name, with plain parameters."""

    def __init__(self, name: str, slot: str | None = None, **params):
        self.name, self.slot, self.params = name, slot or name, params

    def __repr__(self):
        return f"<stand-in {self.name}({', '.join(f'{k}={v!r}' for k, v in self.params.items())})>"


def _encode(value, buffers, depth):
    if depth > MAX_DEPTH:
        raise WireError(f"nested deeper than {MAX_DEPTH} levels")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return _int(int(value))
    if isinstance(value, float):
        return float(value)
    if isinstance(value, (np.generic, np.ndarray)):
        array = np.asarray(value)
        if array.dtype in (np.longdouble, np.clongdouble):  # float128 and the like: read at double precision
            array = array.astype(np.complex128 if array.dtype.kind == "c" else np.float64)
        code = array.dtype.kind + str(array.dtype.itemsize)
        if code not in ALLOWED_DTYPES:
            raise WireError(f"a numpy array of dtype {array.dtype} (bool, integer, float and complex ones are read)")
        buffers.append(np.ascontiguousarray(array.astype(array.dtype.newbyteorder("<"))).tobytes())
        return {"__nd__": len(buffers) - 1, "dtype": code, "shape": list(array.shape),
                "scalar": isinstance(value, np.generic)}
    if isinstance(value, (list, tuple)):
        items = [_encode(v, buffers, depth + 1) for v in value]
        return items if isinstance(value, list) else {"__tuple__": items}
    if isinstance(value, dict):
        if any(not isinstance(key, (str, int)) or isinstance(key, bool) for key in value):
            raise WireError("a dict with keys that are not str or int")
        return {"__dict__": [[key, _encode(item, buffers, depth + 1)] for key, item in value.items()]}
    if isinstance(value, StandInRef):
        return {"__standin__": value.name, "slot": value.slot, "params": _encode(value.params, buffers, depth + 1)}
    raise WireError(f"an object of type {type(value).__name__}")


def encode(message) -> bytes:
    """Return the whole frame (bytes) for a message: any value the format carries."""
    buffers = []
    header = json.dumps({"body": _encode(message, buffers, 0),
                         "sizes": [len(b) for b in buffers]}).encode()
    if len(header) > MAX_HEADER_BYTES:
        raise WireError(f"a value whose structure takes {len(header)} bytes (the limit is {MAX_HEADER_BYTES}); "
                        "return numpy arrays rather than long lists")
    body = struct.pack(">I", len(header)) + header + b"".join(buffers)
    if len(body) > MAX_FRAME_BYTES:
        raise WireError(f"a message of {len(body)} bytes (the limit is {MAX_FRAME_BYTES})")
    return struct.pack(">Q", len(body)) + body


def _int(value: int) -> int:
    """An int within 64 bits: a larger one breaks numpy and float arithmetic on the reader's side."""
    if not -(1 << 63) <= value < 1 << 64:
        raise WireError(f"an integer of {value.bit_length()} bits (at most 64 are read)")
    return value


def _decode(node, buffers, make_standin, depth, clean=None):
    if depth > MAX_DEPTH:
        raise WireError(f"nested deeper than {MAX_DEPTH} levels")
    if isinstance(node, str):  # clean: what the grader does to every string of the worker's
        return clean(node) if clean else node
    if isinstance(node, int) and not isinstance(node, bool):
        return _int(node)
    if node is None or isinstance(node, (bool, float)):
        return node
    if isinstance(node, list):
        return [_decode(v, buffers, make_standin, depth + 1, clean) for v in node]
    if not isinstance(node, dict) or len(node) == 0:
        raise WireError("an unknown value")
    if set(node) == {"__tuple__"} and isinstance(node["__tuple__"], list):
        return tuple(_decode(v, buffers, make_standin, depth + 1, clean) for v in node["__tuple__"])
    if set(node) == {"__dict__"} and isinstance(node["__dict__"], list):
        if not all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], (str, int)) for p in node["__dict__"]):
            raise WireError("a malformed dict")
        return {_decode(key, buffers, make_standin, depth + 1, clean):
                _decode(item, buffers, make_standin, depth + 1, clean) for key, item in node["__dict__"]}
    if set(node) == {"__nd__", "dtype", "shape", "scalar"}:
        return _decode_array(node, buffers)
    if set(node) == {"__standin__", "slot", "params"} and make_standin is not None:
        params = _decode(node["params"], buffers, make_standin, depth + 1, clean)
        return make_standin(node["__standin__"], node["slot"], params)
    raise WireError("an unknown tagged value")


def _decode_array(node, buffers):
    index, code, shape = node["__nd__"], node["dtype"], node["shape"]
    if code not in ALLOWED_DTYPES:
        raise WireError(f"an array of dtype {code!r}")
    if not (isinstance(index, int) and 0 <= index < len(buffers)):
        raise WireError("an array without its buffer")
    if not (isinstance(shape, list) and all(isinstance(n, int) and n >= 0 for n in shape)):
        raise WireError("an array with a malformed shape")
    dtype = np.dtype("<" + code if code != "b1" else "?")
    if math.prod(shape) * dtype.itemsize != len(buffers[index]):  # exact ints: a huge shape cannot wrap around
        raise WireError("an array whose buffer does not match its shape")
    array = np.frombuffer(buffers[index], dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="))
    return array[()] if node["scalar"] is True else array


def decode(body: bytes, make_standin=None, clean=None):
    """Decode a frame's body (the bytes after its length prefix) into a message.

    make_standin(name, slot, params) builds stand-ins; the trusted side
    passes None, so a frame from the worker that asks for one is rejected,
    and clean(str) -> str, which every string of the worker's goes through.
    """
    header_length = struct.unpack(">I", body[:4])[0] if len(body) >= 4 else -1
    if header_length < 0 or 4 + header_length > len(body):
        raise WireError("a truncated message")
    if header_length > MAX_HEADER_BYTES:
        raise WireError(f"a message whose structure takes {header_length} bytes (the limit is {MAX_HEADER_BYTES})")
    try:
        header = json.loads(body[4:4 + header_length])
    except (ValueError, RecursionError) as error:
        raise WireError(f"a message that is not JSON ({error})") from None
    if not (isinstance(header, dict) and set(header) == {"body", "sizes"}
            and isinstance(header["sizes"], list)
            and all(isinstance(n, int) and n >= 0 for n in header["sizes"])):
        raise WireError("a malformed message header")
    buffers, offset = [], 4 + header_length
    for size in header["sizes"]:
        buffers.append(body[offset:offset + size])
        offset += size
    if offset != len(body):
        raise WireError("a message whose length does not match its header")
    return _decode(header["body"], buffers, make_standin, 0, clean)


def read_frame(read: Callable[[int], bytes], make_standin=None, clean=None):
    """Read one frame with read(n) (up to n bytes; b"" at the end) and decode it."""
    length = struct.unpack(">Q", _read_exactly(read, PREFIX_BYTES))[0]
    if length > MAX_FRAME_BYTES:  # refused before a byte of the body is read
        raise WireError(f"a message of {length} bytes (the limit is {MAX_FRAME_BYTES})")
    return decode(_read_exactly(read, length), make_standin, clean)


def _read_exactly(read, count):
    chunks = []
    while count:
        chunk = read(min(count, 1 << 20))
        if not chunk:
            raise EOFError("the pipe was closed")
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def write_all(write: Callable[[bytes], int], frame: bytes) -> None:
    """Write a whole frame with write(bytes) -> the number of bytes written."""
    view = memoryview(frame)
    while view:
        view = view[write(view):]
