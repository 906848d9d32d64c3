"""Oracle for tests/suite/handler_class_live.rs: fileConfig's handler construction.

stdin: {"cases": [[class_text, args_text, kwargs_text], ...]}
stdout: {"cwd": <temp dir>, "results": [...]}, each result
  {"exc": "Type: message"} | {"refused": why} |
  {"ok": {"class": qualname, ...attributes..., "created": [...], "stdout": text}}
Each case runs in a fresh layout inside one temp dir: `logs/` (a directory)
and `exists.log` (a file). args/kwargs are generated literals; they are
compiled and their AST checked before eval, and anything that could run code
is refused. Class texts are names only.
"""
import ast
import contextlib
import io
import json
import logging
import logging.config
import logging.handlers
import os
import shutil
import sys
import tempfile

SAFE = (ast.Expression, ast.Constant, ast.Name, ast.Load, ast.Attribute, ast.Tuple, ast.List,
        ast.Dict, ast.UnaryOp, ast.USub, ast.BinOp, ast.Add, ast.Mult)


def exc_text(e):
    t = type(e)
    name = t.__qualname__ if t.__module__ == "builtins" else "%s.%s" % (t.__module__, t.__qualname__)
    return "%s: %s" % (name, e)


def safe_eval(text):
    compile(text.lstrip(" \t"), "<string>", "eval")  # raises eval's SyntaxError; runs nothing
    tree = ast.parse(text.lstrip(" \t"), mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, SAFE) or isinstance(node, ast.Name) and node.id.startswith("_"):
            raise PermissionError("refused %s" % type(node).__name__)
    return eval(compile(tree, "<string>", "eval"), vars(logging))


def describe(h, real_stdout):
    d = {"class": "%s.%s" % (type(h).__module__, type(h).__qualname__)}
    if isinstance(h, logging.FileHandler):
        d.update(path=h.baseFilename, mode=h.mode, encoding=h.encoding, delay=h.stream is None)
    elif isinstance(h, logging.StreamHandler):
        s = h.stream
        d["stream"] = ("stdout" if s is real_stdout else "stderr" if s is sys.stderr
                       else type(s).__name__)
    if isinstance(h, logging.handlers.TimedRotatingFileHandler):
        d["when"] = h.when
    if isinstance(h, logging.handlers.HTTPHandler):
        d["method"] = h.method
    return d


def tree(top):
    """Every path under `top`, relative to it."""
    found = set()
    for dirpath, dirnames, filenames in os.walk(top):
        for n in dirnames + filenames:
            found.add(os.path.relpath(os.path.join(dirpath, n), top))
    return found


def one(case, root):
    class_text, args_text, kwargs_text = case
    work = os.path.join(root, "w")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "logs"))
    open(os.path.join(work, "exists.log"), "w").close()
    os.chdir(work)
    before = tree(work)
    out = io.StringIO()
    real_stdout = sys.stdout
    try:
        try:
            klass = eval(class_text, vars(logging))
        except (AttributeError, NameError):
            klass = logging.config._resolve(class_text)
        try:
            args = safe_eval(args_text)
            kwargs = safe_eval(kwargs_text)
        except PermissionError as e:
            return {"refused": str(e)}
        with contextlib.redirect_stdout(out):
            h = klass(*args, **kwargs)
            d = describe(h, real_stdout)
            try:
                h.close()
            except Exception:  # noqa: BLE001
                pass
    except Exception as e:  # noqa: BLE001 - the exception is the answer
        return {"exc": exc_text(e), "created": sorted(tree(work) - before)}
    d["created"] = sorted(tree(work) - before)
    d["stdout"] = out.getvalue()
    return {"ok": d}


def main():
    if sys.argv[1:2] == ["--golden"]:
        return golden(sys.argv[2])
    data = json.load(sys.stdin)
    root = tempfile.mkdtemp(prefix="logcheck-handler-oracle-")
    try:
        results = [one(c, root) for c in data["cases"]]
    finally:
        os.chdir("/")
        shutil.rmtree(root, ignore_errors=True)
    json.dump({"cwd": os.path.join(root, "w"), "results": results}, sys.stdout, default=repr)


def golden(path):
    """Rewrite the results of a committed golden file (cwd shown as <cwd>)."""
    path = os.path.abspath(path)
    with open(path) as f:
        data = json.load(f)
    root = tempfile.mkdtemp(prefix="logcheck-handler-oracle-")
    try:
        results = [one(c, root) for c in data["cases"]]
    finally:
        os.chdir("/")
        shutil.rmtree(root, ignore_errors=True)
    text = json.dumps(results, default=repr).replace(os.path.join(root, "w"), "<cwd>")
    data["results"] = json.loads(text)
    data["python"] = "%d.%d.%d" % sys.version_info[:3]
    with open(path, "w") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
