#!/usr/bin/python3
# test_app.py — drive the Lossbench window as a person would, through its accessibility tree.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run it with run-under-xvfb.sh (Xvfb, a private D-Bus session and the accessibility bus).
# Environment: LB_APP (the built `lossbench`), GSETTINGS_SCHEMA_DIR (its compiled schema),
# LB_VERSION (the version About must show). Every wait polls with a deadline, no fixed sleeps,
# so the test holds on a loaded machine; LB_UI_TIMEOUT (seconds) scales the deadlines.

import os
import subprocess
import sys
import tempfile
import time

from dogtail.config import config

# GTK 4 talks to the accessibility bus whenever there is one; do not make dogtail look for the
# toolkit-accessibility setting in the user's dconf.
config.checkForA11y = False
config.logDebugToFile = False
config.logDebugToStdOut = False

from dogtail import rawinput, tree  # noqa: E402
from gi.repository import Atspi, GLib  # noqa: E402

APP = os.environ['LB_APP']
VERSION = os.environ.get('LB_VERSION', '')
TIMEOUT = float(os.environ.get('LB_UI_TIMEOUT', '30'))

PAGES = [
    # tab name, empty-state title, its button, whether that button works yet
    ('Data', 'No Dataset Open', 'Open Folder…', False),
    ('Train', 'Nothing to Train On', 'Go to Data', True),
    ('Compare', 'No Comparison Yet', 'New Comparison…', False),
    ('History', 'No Experiments Yet', 'Go to Train', True),
]


class Failure(Exception):
    pass


def log(message):
    print(message, flush=True)


def check(condition, message):
    if not condition:
        raise Failure(message)
    log('ok: ' + message)


def wait_for(what, probe, proc=None, timeout=TIMEOUT):
    """Poll probe() until it returns something true; fail after timeout, or at once if the app
    has exited. The accessibility tree changes under our feet, so lookups may raise meanwhile."""
    deadline = time.monotonic() + timeout
    error = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise Failure(f'the app exited with status {proc.returncode} while waiting for {what}')
        try:
            result = probe()
            if result:
                return result
        except (GLib.Error, LookupError, AttributeError) as e:
            error = e
        time.sleep(0.1)
    raise Failure(f'timed out after {timeout:.0f} s waiting for {what}'
                  + (f' (last error: {error})' if error else ''))


def extents(node):
    try:
        return node.get_extents(Atspi.CoordType.WINDOW)
    except GLib.Error:
        return None


def on_screen(node):
    """GTK 4.8 reports neither SHOWING nor a changed VISIBLE for the pages of a stack, but a
    widget that has never been shown has no size: a page that appears gets one."""
    rect = extents(node)
    return rect is not None and rect.width > 0 and rect.height > 0


def has_state(node, state):
    return node.getState().contains(state)


def find_all(root, role, name):
    return root.findChildren(lambda n: n.roleName == role and n.name == name)


def find_on_screen(root, role, name):
    nodes = [n for n in find_all(root, role, name) if on_screen(n)]
    return nodes[0] if nodes else None


def application(proc):
    return wait_for('the app on the accessibility bus',
                    lambda: next((a for a in tree.root.children if a.name == 'lossbench'), None),
                    proc)


def top_window(app, role, name, proc):
    return wait_for(f'the {name!r} window',
                    lambda: next((w for w in app.children
                                  if w.roleName == role and w.name == name and on_screen(w)),
                                 None),
                    proc)


def window_gone(app, name, proc):
    wait_for(f'the {name!r} window to close',
             lambda: not any(w.name == name for w in app.children), proc)


def tab(window, name):
    """AdwViewSwitcherTitle holds a wide and a narrow switcher, and there is the bottom bar:
    the same tab three times. The one to press is the one on screen."""
    return find_on_screen(window, 'page tab', name)


def selected_page(window):
    tabs = [t for t in window.findChildren(lambda n: n.roleName == 'page tab') if on_screen(t)]
    chosen = [t.name for t in tabs if has_state(t, Atspi.StateType.SELECTED)]
    return chosen[0] if len(chosen) == 1 else None


def wait_page(window, page, title, proc):
    wait_for(f'page {page!r} to be selected', lambda: selected_page(window) == page, proc)
    wait_for(f'{title!r} on screen', lambda: find_on_screen(window, 'label', title), proc)
    log(f'ok: page {page!r} shows {title!r}')


def click(node):
    node.doActionNamed('click')


def open_menu_item(window, app, item, proc):
    menu_button = wait_for('the main menu button',
                           lambda: next((b for b in find_all(window, 'push button', 'Main Menu')
                                         if 'click' in b.actions and on_screen(b)), None),
                           proc)
    click(menu_button)
    entry = wait_for(f'menu item {item!r}',
                     lambda: next((m for m in app.findChildren(
                         lambda n: n.roleName == 'menu item' and n.name == item)
                         if on_screen(m)), None),
                     proc)
    click(entry)


def close_window(window):
    button = next((b for b in find_all(window, 'push button', 'Close')
                   if 'click' in b.actions and on_screen(b)), None)
    check(button is not None, f'{window.name!r} has a Close button')
    click(button)


def start(env):
    return subprocess.Popen([APP], env=env)


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def visit_everything(env, settings_file):
    proc = start(env)
    try:
        app = application(proc)
        window = top_window(app, 'frame', 'Lossbench', proc)
        log('ok: the window titled "Lossbench" is on screen')

        # First run: the Data page and its empty state, whose actions are not there yet.
        wait_page(window, 'Data', 'No Dataset Open', proc)
        first_size = (extents(window).width, extents(window).height)
        check(find_on_screen(window, 'label', 'Open a folder of chest X-rays and lung masks, '
                             'or start with the built-in demo set.') is not None,
              'the Data page says what to do')
        for label in ('Open Folder…', 'Use Demo Set'):
            button = find_on_screen(window, 'push button', label)
            check(button is not None, f'button {label!r} is on screen')
            check(not has_state(button, Atspi.StateType.SENSITIVE),
                  f'button {label!r} is insensitive until datasets can be opened')

        # The other pages by their tabs' accessible names. Their contents have never been on
        # screen, so seeing them now means the switch happened.
        for page, title, button_label, works in PAGES[1:]:
            check(find_on_screen(window, 'label', title) is None,
                  f'{title!r} is not on screen before {page!r} is chosen')
            page_tab = wait_for(f'the {page!r} tab', lambda: tab(window, page), proc)
            click(page_tab)
            wait_page(window, page, title, proc)
            button = wait_for(f'button {button_label!r}',
                              lambda: find_on_screen(window, 'push button', button_label), proc)
            check(has_state(button, Atspi.StateType.SENSITIVE) == works,
                  f'button {button_label!r} is {"sensitive" if works else "insensitive"}')

        # Back by name, then the empty states' own buttons (win.show-page).
        click(tab(window, 'Data'))
        wait_page(window, 'Data', 'No Dataset Open', proc)
        click(tab(window, 'History'))
        wait_page(window, 'History', 'No Experiments Yet', proc)
        click(find_on_screen(window, 'push button', 'Go to Train'))
        wait_page(window, 'Train', 'Nothing to Train On', proc)
        click(find_on_screen(window, 'push button', 'Go to Data'))
        wait_page(window, 'Data', 'No Dataset Open', proc)

        # About, from the main menu.
        open_menu_item(window, app, 'About Lossbench', proc)
        about = top_window(app, 'frame', 'About', proc)
        for label in ('Lossbench', 'The Lossbench developers', VERSION):
            wait_for(f'{label!r} in About', lambda: find_on_screen(about, 'label', label), proc)
            log(f'ok: About shows {label!r}')
        close_window(about)
        window_gone(app, 'About', proc)

        # The shortcuts window (gtk/help-overlay.ui), from the main menu.
        open_menu_item(window, app, 'Keyboard Shortcuts', proc)
        shortcuts = top_window(app, 'frame', 'Keyboard Shortcuts', proc)
        for label in ('Quit', 'Keyboard Shortcuts', 'Q', 'Ctrl'):
            wait_for(f'{label!r} in the shortcuts window',
                     lambda: find_on_screen(shortcuts, 'label', label), proc)
            log(f'ok: the shortcuts window shows {label!r}')
        close_window(shortcuts)
        window_gone(app, 'Keyboard Shortcuts', proc)

        # Ctrl+Q, typed: the app quits cleanly and remembers its window.
        check(not os.path.exists(settings_file), 'nothing is saved before quitting')
        # No window manager under Xvfb: the window sits at the top left, and X sends keys to the
        # window under the pointer once a dialog has closed. Put the pointer on the window.
        rect = extents(window)
        rawinput.absoluteMotion(rect.width // 2, rect.height // 2)
        rawinput.keyCombo('<Control>q')
        try:
            status = proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            raise Failure(f'the app still runs {TIMEOUT:.0f} s after Ctrl+Q')
        check(status == 0, f'the app exits with status 0 after Ctrl+Q (got {status})')
    finally:
        stop(proc)

    saved = GLib.KeyFile()
    saved.load_from_file(settings_file, GLib.KeyFileFlags.NONE)
    group = 'io/github/lossbench/Lossbench'
    check(saved.get_value(group, 'window-maximized') == 'false',
          'GSettings says the window was not maximized')
    saved_size = (int(saved.get_value(group, 'window-width')),
                  int(saved.get_value(group, 'window-height')))
    check(saved_size == (960, 640),
          f'the first window has the default size 960×640 and saved it (saved {saved_size})')
    return first_size, saved_size


def size_is_remembered(env, settings_file, first_size, saved_size):
    """Start again with another size in the settings: the window must open at that size. The
    size GTK reports over AT-SPI leaves out the frame it draws around the window, so compare
    with the first run rather than with the numbers themselves."""
    with open(settings_file, 'w', encoding='utf-8') as f:
        f.write('[io/github/lossbench/Lossbench]\n'
                'window-width=700\nwindow-height=500\nwindow-maximized=false\n')
    proc = start(env)
    try:
        app = application(proc)
        window = top_window(app, 'frame', 'Lossbench', proc)
        expected = (first_size[0] - (saved_size[0] - 700), first_size[1] - (saved_size[1] - 500))
        wait_for(f'the window to shrink to {expected[0]}×{expected[1]} (700×500 with its frame)',
                 lambda: (lambda r: r is not None and (r.width, r.height) == expected)(
                     extents(window)),
                 proc, timeout=min(TIMEOUT, 15))
        log('ok: the window opens at the size remembered in GSettings')
    finally:
        stop(proc)


def main():
    check(os.access(APP, os.X_OK), f'the app is built: {APP}')
    check(VERSION != '', f'the version About must show is known: {VERSION}')
    with tempfile.TemporaryDirectory(prefix='lossbench-ui-') as home:
        # The keyfile backend, in a private folder, lets the test read what the app saved.
        env = dict(os.environ, GSETTINGS_BACKEND='keyfile', XDG_CONFIG_HOME=home,
                   XDG_DATA_HOME=os.path.join(home, 'data'))
        settings_file = os.path.join(home, 'glib-2.0', 'settings', 'keyfile')
        first_size, saved_size = visit_everything(env, settings_file)
        size_is_remembered(env, settings_file, first_size, saved_size)
    log('all UI checks passed')


if __name__ == '__main__':
    try:
        main()
    except Failure as e:
        print(f'FAIL: {e}', file=sys.stderr, flush=True)
        sys.exit(1)
