"""Oracle for tests/suite/dictconfig_json_live.rs: what `json.load(f)` gives.

Reads a JSON list of texts on stdin and prints a JSON list with one result
per text. Each text is read as a file opened with `open(path,
encoding="utf-8")` would hand it over (a TextIOWrapper: universal newlines,
a BOM kept), then `json.load` runs with default arguments:
  {"error": {"type": T, "message": M}}   T as a traceback names the type
  {"value": TREE}                        the value as a tagged tree:
    {"t": "null"} | {"t": "bool", "v": b} | {"t": "int", "v": str(i)}
    {"t": "float", "v": repr(f)} | {"t": "str", "v": s}
    {"t": "list", "v": [TREE, ...]} | {"t": "map", "v": [[TREE, TREE], ...]}
A tree of more than 110 JSON levels is cut at {"too_deep": true}.
A lone surrogate in a str is written as U+FFFD (logcheck's documented
mapping; a Rust String cannot hold one), and "lone": n counts them in that
str so the Rust side can check it made the same number of replacements.
Used as a module by record_json_goldens.py.
"""
import io
import json
import re
import sys

LONE = re.compile("[\ud800-\udfff]")


def exception_type_name(exc):
    """The type name as a traceback prints it."""
    cls = type(exc)
    if cls.__module__ in ("builtins", "__main__"):
        return cls.__qualname__
    return cls.__module__ + "." + cls.__qualname__


MAX_TREE_LEVELS = 110


def tree(value, levels=0):
    if levels > MAX_TREE_LEVELS:
        # A tree of more JSON levels (a list takes 2, a dict 3) than any
        # generated value that 3.11 reads (3.12+ read deeper) is not written
        # out, so the Rust side's JSON parser (128 levels) reads every result.
        return {"too_deep": True}
    if value is None:
        return {"t": "null"}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        return {"t": "int", "v": str(value)}
    if isinstance(value, float):
        return {"t": "float", "v": repr(value)}
    if isinstance(value, str):
        lone = len(LONE.findall(value))
        out = {"t": "str", "v": LONE.sub("\ufffd", value)}
        if lone:
            out["lone"] = lone
        return out
    if isinstance(value, list):
        return {"t": "list", "v": [tree(v, levels + 2) for v in value]}
    if isinstance(value, dict):
        return {"t": "map", "v": [[tree(k), tree(v, levels + 3)] for k, v in value.items()]}
    raise TypeError(type(value))


def load(text):
    """`json.load` of `text` as a UTF-8 file opened in text mode."""
    f = io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")
    try:
        value = json.load(f)
    except Exception as exc:  # noqa: BLE001 - the exception is the answer
        return {"error": {"type": exception_type_name(exc), "message": str(exc)}}
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(100000)
    try:
        return {"value": tree(value)}
    finally:
        sys.setrecursionlimit(limit)


def dump(result):
    """The result as JSON text; a value nested too deep for this
    interpreter's encoder (3.12+ read deeper than they write) is reported
    as {"too_deep": true}."""
    try:
        return json.dumps(result, ensure_ascii=True)
    except RecursionError:
        return json.dumps({"too_deep": True})


def main():
    texts = json.loads(sys.stdin.read())
    results = [load(text) for text in texts]
    sys.setrecursionlimit(100000)
    sys.stdout.write("[" + ",".join(dump(r) for r in results) + "]")


if __name__ == "__main__":
    main()
