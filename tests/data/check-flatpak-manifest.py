#!/usr/bin/env python3
# check-flatpak-manifest.py — the Flatpak manifest parses and names everything the build needs.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-flatpak-manifest.py MANIFEST APP_ID
# flatpak-builder cannot run here (no Flathub), so this checks what a reader would: the runtime,
# the command, an OpenBLAS module from a pinned release tarball built for every CPU with CBLAS,
# its headers and pkg-config files cleaned up, and the app built with meson.

import json
import re
import sys


def main():
    if len(sys.argv) != 3:
        print('usage: check-flatpak-manifest.py MANIFEST APP_ID', file=sys.stderr)
        return 2
    path, app_id = sys.argv[1], sys.argv[2]
    problems = []

    def need(condition, message):
        if not condition:
            problems.append(message)

    try:
        with open(path, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f'{path}: does not parse as JSON: {e}', file=sys.stderr)
        return 1

    need(manifest.get('app-id') == app_id, f'app-id is not {app_id}')
    need(manifest.get('runtime') == 'org.gnome.Platform', 'runtime is not org.gnome.Platform')
    need(manifest.get('sdk') == 'org.gnome.Sdk', 'sdk is not org.gnome.Sdk')
    need(re.fullmatch(r'\d+', str(manifest.get('runtime-version', ''))) is not None,
         'runtime-version is not a stable GNOME release number (a branch like "master" is not)')
    need(manifest.get('command') == 'lossbench', 'command is not lossbench')

    finish = manifest.get('finish-args', [])
    for arg in ('--socket=wayland', '--socket=fallback-x11', '--device=dri', '--share=ipc'):
        need(arg in finish, f'finish-args lacks {arg}')
    need('--socket=x11' not in finish, 'finish-args asks for X11 always; use fallback-x11')
    # Datasets are opened through the file-chooser portal: no blanket file-system access.
    broad = [a for a in finish if a.startswith('--filesystem=')]
    need(not broad, f'finish-args grants file-system access {broad}; use the file-chooser portal')
    need(not any(a.startswith('--share=network') for a in finish), 'finish-args asks for the network')

    modules = {m.get('name'): m for m in manifest.get('modules', []) if isinstance(m, dict)}
    names = [m.get('name') for m in manifest.get('modules', []) if isinstance(m, dict)]
    need('openblas' in modules, 'no openblas module')
    need('lossbench' in modules, 'no lossbench module')
    if 'openblas' in modules and 'lossbench' in modules:
        need(names.index('openblas') < names.index('lossbench'),
             'openblas must be built before lossbench')

    blas = modules.get('openblas', {})
    opts = ' '.join(blas.get('config-opts', []) + blas.get('build-commands', [])
                    + blas.get('make-args', []))
    need(re.search(r'DYNAMIC_ARCH=(ON|1)\b', opts) is not None,
         'openblas is not built with DYNAMIC_ARCH (one binary for every CPU)')
    need(re.search(r'(NO_CBLAS|BUILD_WITHOUT_CBLAS)=(ON|1)\b', opts) is None,
         'openblas is built without CBLAS, which the numeric core calls')
    sources = blas.get('sources', [])
    archives = [s for s in sources if s.get('type') == 'archive']
    need(len(archives) == 1, 'openblas is not built from one release archive')
    for s in archives:
        need(re.fullmatch(r'https://github\.com/OpenMathLib/OpenBLAS/releases/download/'
                          r'v(\d+\.\d+\.\d+)/OpenBLAS-\1\.tar\.gz', s.get('url', '')) is not None,
             f'openblas source is not an OpenBLAS release tarball: {s.get("url")}')
        need(re.fullmatch(r'[0-9a-f]{64}', s.get('sha256', '')) is not None,
             'openblas archive has no sha256')
        need(s.get('sha256', '') != '0' * 64, 'openblas sha256 is a placeholder')
    cleanup = blas.get('cleanup', []) + manifest.get('cleanup', [])
    need('/include' in cleanup, 'openblas headers (/include) are not cleaned up')
    need('/lib/pkgconfig' in cleanup, 'openblas pkg-config files are not cleaned up')

    app = modules.get('lossbench', {})
    need(app.get('buildsystem') == 'meson', 'lossbench is not built with meson')
    need(any('ui_tests=disabled' in o for o in app.get('config-opts', [])),
         'lossbench is configured with the Xvfb UI tests (no X server in the build sandbox)')
    need(bool(app.get('sources')), 'lossbench has no sources')

    for p in problems:
        print(f'{path}: {p}', file=sys.stderr)
    if not problems:
        print(f'{path}: ok ({", ".join(names)}; runtime {manifest["runtime"]}//'
              f'{manifest["runtime-version"]})')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
