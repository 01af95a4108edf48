"""A pickle-free encoding for values that cross a process boundary.

Results of untrusted code (a learner's drill, a user's bank) come back as JSON with NumPy
arrays stored as ``.npy`` bytes and loaded with ``allow_pickle=False``: decoding can never run
code. Only plain data survives: None, bool, int, float, str, list, tuple, dict with string
keys, and NumPy arrays and scalars of numeric or bool dtype.
"""

from __future__ import annotations

import base64
import io
import json
import re
from typing import Any

#: NumPy, imported by the first encode/decode: importing this module (and quizapp.sandbox, to
#: start a worker) does not wait for NumPy.
np: Any = None

MAX_DEPTH = 32
_RAW_DTYPE = re.compile(r"^[<>|=]?[biufc]\d{1,2}$")


class CodecError(ValueError):
    pass


def _enc(obj: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise CodecError("value nested too deeply")
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, int) and type(obj) is int:
        return obj
    if isinstance(obj, float) and type(obj) is float:
        return {"__f__": repr(obj)}
    if isinstance(obj, (np.ndarray, np.generic)):
        arr = np.asarray(obj)
        if arr.dtype.kind not in "biufc":
            raise CodecError(f"arrays of dtype {arr.dtype} cannot be returned")
        if isinstance(obj, np.ndarray) and _RAW_DTYPE.match(arr.dtype.str):
            # raw bytes + dtype + shape: the same safety as .npy, without its slow header parsing
            data = base64.b64encode(np.ascontiguousarray(arr).tobytes()).decode("ascii")
            return {"__nda__": [arr.dtype.str, list(arr.shape), data]}
        buf = io.BytesIO()
        np.save(buf, arr, allow_pickle=False)
        key = "__nd__" if isinstance(obj, np.ndarray) else "__np__"
        return {key: base64.b64encode(buf.getvalue()).decode("ascii")}
    if type(obj) is tuple:
        return {"__t__": [_enc(x, depth + 1) for x in obj]}
    if type(obj) is list:
        return [_enc(x, depth + 1) for x in obj]
    if type(obj) is dict:
        if not all(type(k) is str for k in obj):
            raise CodecError("dict keys must be strings")
        return {"__d__": [[k, _enc(v, depth + 1)] for k, v in obj.items()]}
    if isinstance(obj, (int, float)):  # subclasses (e.g. bool-like ints) fold to plain values
        return _enc(float(obj) if isinstance(obj, float) else int(obj), depth)
    raise CodecError(f"a value of type {type(obj).__name__} cannot be returned")


def _numpy() -> None:
    global np
    if np is None:
        import numpy

        np = numpy


def encode(obj: Any) -> str:
    _numpy()
    return json.dumps(_enc(obj, 0), ensure_ascii=True)


def _dec(obj: Any, depth: int) -> Any:
    if depth > MAX_DEPTH + 1:
        raise CodecError("value nested too deeply")
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, float):
        return obj
    if isinstance(obj, list):
        return [_dec(x, depth + 1) for x in obj]
    if isinstance(obj, dict) and len(obj) == 1:
        (key, val), = obj.items()
        if key == "__f__" and isinstance(val, str):
            return float(val)
        if key in ("__nd__", "__np__") and isinstance(val, str):
            arr = np.load(io.BytesIO(base64.b64decode(val)), allow_pickle=False)
            if arr.dtype.kind not in "biufc":
                raise CodecError("bad array dtype")
            return arr if key == "__nd__" else arr[()]
        if key == "__nda__" and isinstance(val, list) and len(val) == 3:
            dtype, shape, data = val
            if not (isinstance(dtype, str) and _RAW_DTYPE.match(dtype) and isinstance(shape, list)
                    and all(type(n) is int and n >= 0 for n in shape) and isinstance(data, str)):
                raise CodecError("bad raw array")
            dt = np.dtype(dtype)
            raw = base64.b64decode(data, validate=True)
            count = 1
            for n in shape:
                count *= n
            if len(raw) != count * dt.itemsize:
                raise CodecError("raw array size does not match its shape")
            return np.frombuffer(raw, dtype=dt).reshape(shape).copy()
        if key == "__t__" and isinstance(val, list):
            return tuple(_dec(x, depth + 1) for x in val)
        if key == "__d__" and isinstance(val, list):
            out = {}
            for item in val:
                if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
                    raise CodecError("bad dict entry")
                out[item[0]] = _dec(item[1], depth + 1)
            return out
    raise CodecError("unexpected value in encoded data")


def decode(text: str | bytes) -> Any:
    _numpy()
    try:
        return _dec(json.loads(text), 0)
    except (json.JSONDecodeError, ValueError, TypeError) as exc:
        raise CodecError(f"cannot decode: {exc}") from exc
