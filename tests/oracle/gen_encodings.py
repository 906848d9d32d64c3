"""Regenerate logcheck's lists of encoding names `codecs.lookup` accepts.

One normalized name per line (lower case, runs of non-alphanumerics other than
'.' turned into '_'), as `encodings.normalize_encoding` + alias lookup see them,
sorted. `open()` takes only text encodings; the others (`zlib_codec`, `hex`…)
make it raise "LookupError: '…' is not a text encoding".

Run:
  python3 tests/oracle/gen_encodings.py > src/handler_class/encodings.txt
  python3 tests/oracle/gen_encodings.py --non-text > src/handler_class/non_text_encodings.txt
"""
import codecs
import encodings
import encodings.aliases
import pkgutil
import sys

want_text = "--non-text" not in sys.argv[1:]
names = set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values())
names |= {m.name for m in pkgutil.iter_modules(encodings.__path__)}
found = set()
for n in sorted(names):
    try:
        info = codecs.lookup(n)
    except LookupError:
        continue
    if info._is_text_encoding == want_text:
        found.add(encodings.normalize_encoding(n).lower())
for n in sorted(found):
    print(n)
