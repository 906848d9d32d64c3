"""Oracle for tests/suite/pyexpr_live.rs: what `eval(src, vars(logging))` gives.

Reads a JSON list of source strings on stdin, prints a JSON list of results
(`--max-size N`: evaluate sources up to N characters, 2,000 by default):
  {"ok": repr(value)} | {"exc": "Type: message"} | {"refused": reason}
Safety: the source is compiled first (compiling runs nothing) and its AST is
checked; anything that could run code (calls, lambdas, comprehensions,
subscripts, ...) is refused and never evaluated.
"""
import ast
import json
import logging
import logging.config  # noqa: F401  (puts `config` into vars(logging))
import logging.handlers  # noqa: F401
import sys
import warnings

SAFE_NODES = (ast.Expression, ast.Constant, ast.Name, ast.Load, ast.Attribute, ast.Tuple,
              ast.List, ast.Dict, ast.UnaryOp, ast.BinOp, ast.UAdd, ast.USub, ast.Invert,
              ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow,
              ast.LShift, ast.RShift, ast.BitAnd, ast.BitOr, ast.BitXor)


def exc_text(e):
    t = type(e)
    name = t.__qualname__ if t.__module__ == "builtins" else "%s.%s" % (t.__module__, t.__qualname__)
    return "%s: %s" % (name, e)


MAX_SIZE = 2000


def one(src):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            code = compile(src.lstrip(" \t"), "<string>", "eval")
            tree = ast.parse(src.lstrip(" \t"), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
        # deep nesting: the compiler's recursion limit, the parser's stack
        return {"exc": exc_text(e)}
    for node in ast.walk(tree):
        if not isinstance(node, SAFE_NODES):
            return {"refused": type(node).__name__}
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            return {"refused": "private attribute"}
        if isinstance(node, ast.Name) and node.id.startswith("__"):
            return {"refused": "dunder name"}
    if len(src) > MAX_SIZE:
        return {"refused": "size"}
    try:
        value = eval(code, dict(vars(logging)))
    except Exception as e:  # noqa: BLE001 - the exception IS the answer
        return {"exc": exc_text(e)}
    try:
        r = repr(value)
    except Exception as e:  # noqa: BLE001
        return {"refused": "repr failed: %s" % e}
    return {"ok": r if len(r) < 100000 else "<too long>"}


def main():
    if sys.argv[1:2] == ["--golden"]:
        path = sys.argv[2]
        with open(path) as f:
            data = json.load(f)
        data["results"] = [one(c) for c in data["cases"]]
        data["python"] = "%d.%d.%d" % sys.version_info[:3]
        with open(path, "w") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)
            f.write("\n")
        return
    global MAX_SIZE
    if sys.argv[1:2] == ["--max-size"]:
        MAX_SIZE = int(sys.argv[2])
    sys.set_int_max_str_digits(100000) if hasattr(sys, "set_int_max_str_digits") else None
    cases = json.load(sys.stdin)
    json.dump([one(c) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
