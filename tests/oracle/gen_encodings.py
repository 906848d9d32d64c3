"""Regenerate src/handler_class/encodings.txt: encoding names `codecs.lookup` accepts.

One normalized name per line (lower case, runs of non-alphanumerics other than
'.' turned into '_'), as `encodings.normalize_encoding` + alias lookup see them.
Run: python3 tests/oracle/gen_encodings.py > src/handler_class/encodings.txt
"""
import codecs
import encodings
import encodings.aliases
import pkgutil

names = set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values())
names |= {m.name for m in pkgutil.iter_modules(encodings.__path__)}
ok = set()
for n in sorted(names):
    try:
        codecs.lookup(n)
        ok.add(encodings.normalize_encoding(n).lower())
    except LookupError:
        pass
for n in sorted(ok):
    print(n)
