#!/usr/bin/env python3
"""Checks Resources/SharedResource.en.resx against the localizer keys the app uses.

   scripts/localization-keys.py            # prints the keys used in L["..."] (.razor/.cs) that the resx lacks
   scripts/localization-keys.py --check    # exit 1 when some are missing (used by a test)
   scripts/localization-keys.py --unused   # prints the resx keys that appear nowhere as a string literal

--unused is a list to review by hand, not a verdict: a key built at run time (an enum name through
L[x.ToString()], a label returned by a helper and passed to L[...]) appears in the code only as a literal somewhere
else, which this finds; a key made of pieces (string concatenation, interpolation) is not found and must be kept.
"""
import re, sys, pathlib, xml.etree.ElementTree as ET

root = pathlib.Path(__file__).resolve().parent.parent / "ProvincePortal"
sources = {}
for path in list(root.rglob("*.razor")) + list(root.rglob("*.cs")):
    if "/obj/" in str(path) or "/bin/" in str(path):
        continue
    sources[path] = path.read_text(encoding="utf-8")

resx = root / "Resources" / "SharedResource.en.resx"
present = [d.get("name") for d in ET.parse(resx).getroot().findall("data")] if resx.exists() else []

if "--unused" in sys.argv:
    code = "\n".join(sources.values())

    def literals(key):
        # As written in a regular C#/Razor string, in a verbatim C# string, or as a Razor attribute value.
        escaped = key.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return ['"' + escaped + '"', '@"' + key.replace('"', '""') + '"', '"' + key + '"']

    unused = [k for k in present if not any(form in code for form in literals(k))]
    for k in unused:
        print(k)
    sys.exit(0)

pattern = re.compile(r'\bL\["((?:[^"\\]|\\.)*)"')
keys = set()
for text in sources.values():
    for m in pattern.finditer(text):
        keys.add(m.group(1).replace('\\"', '"'))
missing = sorted(keys - set(present))
for k in missing:
    print(k)
if "--check" in sys.argv and missing:
    sys.exit(1)
