"""The wire format carries plain data and arrays, and rejects anything else."""
import struct

import numpy as np
import pytest

from autograder.sandbox import wire


def roundtrip(value, make_standin=None):
    frame = wire.encode(value)
    assert struct.unpack(">Q", frame[:wire.PREFIX_BYTES])[0] == len(frame) - wire.PREFIX_BYTES
    return wire.decode(frame[wire.PREFIX_BYTES:], make_standin)


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int32", "bool", "complex128", "uint8"])
def test_arrays_keep_dtype_shape_and_values(dtype):
    array = (np.arange(12).reshape(3, 4) % 3).astype(dtype)
    back = roundtrip(array)
    assert back.dtype == array.dtype and back.shape == (3, 4)
    np.testing.assert_array_equal(back, array)
    assert back.flags.writeable


def test_nested_values_and_scalars():
    value = {"loss": np.float32(1.5), "grads": (np.zeros((2, 1)), [1, 2.5, None, True, "s"]), 3: float("nan")}
    back = roundtrip(value)
    assert isinstance(back["loss"], np.float32) and back["loss"] == np.float32(1.5)
    assert isinstance(back["grads"], tuple) and back["grads"][1] == [1, 2.5, None, True, "s"]
    assert np.isnan(back[3])


def test_non_contiguous_and_big_endian_arrays():
    array = np.arange(20, dtype=">f8").reshape(4, 5)[:, ::2]
    np.testing.assert_array_equal(roundtrip(array), array)


@pytest.mark.parametrize("value", [object(), np.array([object()]), np.array(["a"]), {(1, 2): 3}, lambda: 1])
def test_unsupported_values_are_refused(value):
    with pytest.raises(wire.WireError):
        wire.encode(value)


def test_deep_nesting_is_refused():
    value = []
    for _ in range(wire.MAX_DEPTH + 5):
        value = [value]
    with pytest.raises(wire.WireError):
        wire.encode(value)


def test_standins_are_built_only_where_allowed():
    frame = wire.encode([wire.StandInRef("quadratic", slot="f", scale=2.0)])
    body = frame[wire.PREFIX_BYTES:]
    with pytest.raises(wire.WireError):
        wire.decode(body)  # the trusted side never builds objects
    built = wire.decode(body, lambda name, slot, params: (name, slot, params))
    assert built == [("quadratic", "f", {"scale": 2.0})]


def frame_body(header, *buffers):
    import json
    text = json.dumps(header).encode()
    return struct.pack(">I", len(text)) + text + b"".join(buffers)


@pytest.mark.parametrize("body", [
    b"",
    b"\x00\x00\x00\xffshort",
    frame_body({"body": 1}),
    frame_body({"body": {"__nd__": 0, "dtype": "f8", "shape": [4], "scalar": False}, "sizes": [8]}, b"x" * 8),
    frame_body({"body": {"__nd__": 0, "dtype": "O8", "shape": [1], "scalar": False}, "sizes": [8]}, b"x" * 8),
    frame_body({"body": {"__nd__": 1, "dtype": "f8", "shape": [1], "scalar": False}, "sizes": [8]}, b"x" * 8),
    frame_body({"body": {"__pickle__": "gASV"}, "sizes": []}),
    frame_body({"body": 1, "sizes": [4]}, b"xx"),
])
def test_malformed_frames_are_rejected(body):
    with pytest.raises(wire.WireError):
        wire.decode(body)


def test_oversized_frames_are_rejected_before_reading():
    chunks = [struct.pack(">Q", wire.MAX_FRAME_BYTES + 1)]
    asked = []

    def read(count):
        asked.append(count)
        return chunks.pop(0) if chunks else b"x" * count
    with pytest.raises(wire.WireError):
        wire.read_frame(read)
    assert asked == [wire.PREFIX_BYTES]


@pytest.mark.parametrize("value", [np.ones(3, dtype=np.longdouble), np.clongdouble(1 + 2j), np.longdouble(0.5)])
def test_extended_precision_comes_back_at_double_precision(value):
    back = roundtrip(value)
    assert back.dtype in (np.float64, np.complex128) and np.all(back == np.asarray(value).astype(back.dtype))


def test_an_unreadable_dtype_is_named_with_the_readable_ones():
    with pytest.raises(wire.WireError, match="object .*float"):
        wire.encode(np.array([object()]))
