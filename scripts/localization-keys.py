#!/usr/bin/env python3
"""Lists the localizer keys used in the app (L["..."] in .razor/.cs) that Resources/SharedResource.en.resx lacks.

   scripts/localization-keys.py            # prints the missing keys, one per line
   scripts/localization-keys.py --check    # exit 1 when some are missing (used by a test)
"""
import re, sys, pathlib, xml.etree.ElementTree as ET

root = pathlib.Path(__file__).resolve().parent.parent / "ProvincePortal"
pattern = re.compile(r'\bL\["((?:[^"\\]|\\.)*)"')
keys = set()
for path in list(root.rglob("*.razor")) + list(root.rglob("*.cs")):
    if "/obj/" in str(path) or "/bin/" in str(path):
        continue
    for m in pattern.finditer(path.read_text(encoding="utf-8")):
        keys.add(m.group(1).replace('\\"', '"'))
resx = root / "Resources" / "SharedResource.en.resx"
present = set()
if resx.exists():
    present = {d.get("name") for d in ET.parse(resx).getroot().findall("data")}
missing = sorted(keys - present)
for k in missing:
    print(k)
if "--check" in sys.argv and missing:
    sys.exit(1)
