#!/usr/bin/env python3
# check-desktop-data.py — the app icons are what icon themes expect, and the metainfo screenshot
# is the committed file, at the size the metainfo says.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-desktop-data.py SOURCE_ROOT APP_ID

import os
import struct
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'


def main():
    if len(sys.argv) != 3:
        print('usage: check-desktop-data.py SOURCE_ROOT APP_ID', file=sys.stderr)
        return 2
    top, app_id = sys.argv[1], sys.argv[2]
    data = os.path.join(top, 'data')
    problems = []

    def need(condition, message):
        if not condition:
            problems.append(message)

    # The icons: real SVG, square, the sizes GNOME draws them at, a symbolic one in one colour.
    for rel, size, symbolic in (
            (f'icons/hicolor/scalable/apps/{app_id}.svg', 128, False),
            (f'icons/hicolor/symbolic/apps/{app_id}-symbolic.svg', 16, True)):
        path = os.path.join(data, rel)
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as e:
            problems.append(f'{rel}: {e}')
            continue
        need(root.tag == SVG + 'svg', f'{rel}: the root element is not <svg>')
        need(root.get('viewBox') == f'0 0 {size} {size}', f'{rel}: viewBox is not 0 0 {size} {size}')
        need(root.get('width') == str(size) and root.get('height') == str(size),
             f'{rel}: width and height are not {size}')
        with open(path, 'rb') as f:
            head = f.read(256)
        # gdk-pixbuf recognises SVG by "<svg" in the first 256 bytes; a long comment before it
        # makes the icon fail to load from the GResource.
        need(b'<svg' in head, f'{rel}: "<svg" is not within the first 256 bytes')
        for el in root.iter():
            need(not el.tag.endswith('image'), f'{rel}: embeds a bitmap')
            need(el.get('{http://www.w3.org/1999/xlink}href', '#').startswith('#')
                 and el.get('href', '#').startswith('#'), f'{rel}: links to an outside file')
        if symbolic:
            colours = set()
            for el in root.iter():
                for attr in ('fill', 'stroke'):
                    v = el.get(attr)
                    if v and v != 'none':
                        colours.add(v.lower())
            need(colours <= {'#222222', '#222', '#2e3436', '#000000', 'currentcolor'},
                 f'{rel}: a symbolic icon uses one foreground colour, not {sorted(colours)}')

    # The screenshot named in the metainfo is committed, is a PNG, and has the stated size.
    meta = os.path.join(data, f'{app_id}.metainfo.xml')
    root = ET.parse(meta).getroot()
    images = root.findall('./screenshots/screenshot/image')
    need(len(images) > 0, 'the metainfo has no screenshot')
    prefix = 'https://raw.githubusercontent.com/lossbench/lossbench/main/'
    for image in images:
        url = (image.text or '').strip()
        need(url.startswith(prefix), f'screenshot URL {url} is not in the project repository')
        local = os.path.join(top, url[len(prefix):])
        try:
            with open(local, 'rb') as f:
                header = f.read(24)
        except OSError:
            problems.append(f'screenshot {url} is not committed at {local}')
            continue
        need(header[:8] == b'\x89PNG\r\n\x1a\n', f'{local} is not a PNG')
        width, height = struct.unpack('>II', header[16:24])
        need((str(width), str(height)) == (image.get('width'), image.get('height')),
             f'{local} is {width}×{height}, the metainfo says '
             f'{image.get("width")}×{image.get("height")}')

    # The release in the metainfo is this version.
    version = os.environ.get('LB_VERSION')
    releases = [r.get('version') for r in root.findall('./releases/release')]
    if version:
        need(version in releases, f'the metainfo has no release {version} (has {releases})')

    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print('icons, screenshot and release: ok')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
